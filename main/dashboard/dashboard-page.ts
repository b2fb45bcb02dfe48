// The headless node's dashboard page: one self-contained HTML document (no build step, no network
// fetches beyond this node's own API), so a studio can watch a workstation from its browser. The full
// React dashboard of the desktop app speaks the same contract; this page is its minimal sibling.
const STYLE = `
:root { color-scheme: light dark; --bg:#0f1115; --card:#181b22; --fg:#e8eaf0; --dim:#9aa3b2; --line:#2a2f3a; --ok:#3ecf8e; --warn:#f5a524; --bad:#f25f5c; --accent:#8aa2ff; --accent-bg:#4661e6; --control:#4a5466; }
@media (prefers-color-scheme: light) { :root { --bg:#f5f6f8; --card:#fff; --fg:#15181e; --dim:#5b6472; --line:#dde1e8; --ok:#137a47; --warn:#b25e00; --bad:#c0322f; --accent:#3450d6; --accent-bg:#3450d6; --control:#aab2bf; } }
* { box-sizing: border-box; }
[hidden] { display:none !important; }
body { margin:0; font:15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; background:var(--bg); color:var(--fg); }
header { padding:20px 28px 8px; display:flex; flex-wrap:wrap; align-items:baseline; gap:4px 14px; }
header h1 { font-size:18px; margin:0; font-weight:600; white-space:nowrap; }
header .dev { color:var(--dim); font-size:13px; min-width:0; overflow-wrap:anywhere; }
#headline { margin:8px 28px 18px; padding:16px 20px; border-radius:12px; background:var(--card); border:1px solid var(--line); font-size:20px; font-weight:600; border-left:6px solid var(--warn); overflow-wrap:anywhere; }
#headline.earning { border-left-color:var(--ok); }
main { display:grid; grid-template-columns:repeat(auto-fit,minmax(280px,1fr)); gap:16px; padding:0 28px 28px; }
section { background:var(--card); border:1px solid var(--line); border-radius:12px; padding:16px 18px; min-width:0; }
section h2 { font-size:13px; text-transform:uppercase; letter-spacing:.06em; color:var(--dim); margin:0 0 10px; }
.big { font-size:28px; font-weight:650; overflow-wrap:anywhere; }
.row { display:flex; justify-content:space-between; align-items:baseline; gap:12px; padding:3px 0; }
.row span:first-child { color:var(--dim); white-space:nowrap; flex-shrink:0; }
.row span:last-child { text-align:right; min-width:0; overflow-wrap:anywhere; }
.row.long { display:block; } .row.long span { display:block; text-align:left; }
button { font:inherit; padding:7px 12px; border-radius:8px; border:1px solid var(--control); background:transparent; color:var(--fg); cursor:pointer; margin:0 6px 6px 0; }
button.on { background:var(--accent-bg); border-color:var(--accent-bg); color:#fff; }
.scroll { overflow-x:auto; }
table { width:100%; border-collapse:collapse; font-size:13px; font-variant-numeric:tabular-nums; }
td, th { text-align:left; padding:4px 6px; border-bottom:1px solid var(--line); white-space:nowrap; }
td:nth-child(n+4), th:nth-child(n+4) { text-align:right; }
th { color:var(--dim); font-weight:500; }
td.empty { color:var(--dim); text-align:left; }
.wide { grid-column:1/-1; }
#log { font:12px/1.4 ui-monospace, monospace; color:var(--dim); max-height:140px; overflow:auto; white-space:pre-wrap; overflow-wrap:anywhere; }
#log:empty::before { content:'Nothing logged yet.'; }
a { color:var(--accent); }
@media (max-width: 480px) { header { padding:14px 14px 6px; } #headline { margin:6px 14px 14px; font-size:18px; } main { padding:0 14px 14px; gap:12px; } #jobs-table th:nth-child(2), #jobs-table td:nth-child(2), #jobs-table th:nth-child(5), #jobs-table td:nth-child(5) { display:none; } }
.v-verified { color:var(--ok); } .v-rejected, .v-failed { color:var(--bad); } .v-waiting { color:var(--warn); }
`;

const SCRIPT = `
const token = new URLSearchParams(location.search).get('token') || '';
const $ = (id) => document.getElementById(id);
const io = (units) => { const u = BigInt(units); const w = u / 1000000000n; const f = (u % 1000000000n).toString().padStart(9, '0').replace(/0+$/, ''); return (f ? w + '.' + f : String(w)) + ' IO'; };
const when = (ms) => { if (!ms) return '—'; const d = new Date(ms); return d.toDateString() === new Date().toDateString() ? d.toLocaleTimeString() : d.toLocaleString(); };
async function call(name, input = {}) {
  const res = await fetch('/api/call/' + name, { method: 'POST', headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const body = await res.json();
  if (!res.ok) throw new Error(body.message || res.statusText);
  return body;
}
function rows(el, pairs) { el.innerHTML = ''; for (const [k, v] of pairs) { const r = document.createElement('div'); r.className = v.length > 36 ? 'row long' : 'row'; const a = document.createElement('span'); a.textContent = k; const b = document.createElement('span'); b.textContent = v; r.append(a, b); el.append(r); } }
function render(s) {
  const h = $('headline'); h.textContent = s.headline; h.className = s.earning ? 'earning' : '';
  $('dev').textContent = (s.device.name ? s.device.name + ' · ' : '') + 'device ' + s.device.id;
  $('verified').textContent = io(s.earnings.verified);
  rows($('earn'), [['Pending', io(s.earnings.pending)], ['Paid', io(s.earnings.paid)], ['Last hour', io(s.earnings.lastHour)], ['Today', io(s.earnings.today)], ['Predicted 24 h', io(s.earnings.predicted24h)], ['Jobs verified', String(s.earnings.jobsVerified)], ['Reconciled', when(s.earnings.reconciledAt)]]);
  rows($('dev-state'), [['Status', s.device.status || '—'], ['Why', s.device.statusReason || '—'], ['Proven class', s.device.provenClass || '—'], ['Next check', when(s.device.nextCheckAt)], ['GPU', s.gpu.name], ['Benchmark', s.gpu.matmulGflops == null ? '—' : s.gpu.matmulGflops.toFixed(1) + ' GFLOPS (f32 matmul)']]);
  rows($('net'), [['Network', s.network.url + (s.network.sandbox ? ' (sandbox)' : '')], ['Connected', s.network.connected ? 'yes' : 'no'], ['Last error', s.network.lastError || '—'], ['Results to send', String(s.outbox)], ['Job', s.job ? Math.round(s.job.progress * 100) + ' % of ' + s.job.jobId : '—']]);
  $('gov').textContent = s.governor.reason;
  for (const b of document.querySelectorAll('[data-mode]')) b.classList.toggle('on', b.dataset.mode === s.governor.mode.kind);
}
async function refreshJobs() {
  const { jobs } = await call('getJobs', { limit: 15 });
  const body = $('jobs'); body.innerHTML = '';
  if (!jobs.length) { const tr = document.createElement('tr'); const td = document.createElement('td'); td.colSpan = 5; td.className = 'empty'; td.textContent = 'No jobs yet: they start once this GPU is verified and allowed to compute.'; tr.append(td); body.append(tr); }
  for (const j of jobs) { const tr = document.createElement('tr'); const cells = [new Date(j.startedAt).toLocaleTimeString(), j.jobId.slice(0, 22), j.outcome || 'running / sending', j.outcome === 'verified' ? io(j.credited) : '', j.kernelMs == null ? '' : j.kernelMs.toFixed(0) + ' ms']; cells.forEach((c, i) => { const td = document.createElement('td'); td.textContent = c; if (i === 2) td.className = 'v-' + j.outcome; tr.append(td); }); tr.title = j.reason; body.append(tr); }
}
function log(line) { const el = $('log'); el.textContent = (line + '\\n' + el.textContent).slice(0, 4000); }
function connect() {
  const ws = new WebSocket('ws://' + location.host + '/api/events?token=' + encodeURIComponent(token));
  ws.onmessage = (m) => { const e = JSON.parse(m.data); if (e.type === 'state') render(e.state); else if (e.type === 'job') refreshJobs(); else if (e.type === 'log') log(new Date(e.at).toLocaleTimeString() + '  ' + e.message); };
  ws.onclose = () => { $('headline').textContent = 'Disconnected from the node; reconnecting…'; $('headline').className = ''; setTimeout(connect, 2000); };
}
for (const b of document.querySelectorAll('[data-mode]')) b.onclick = () => call('setMode', { mode: b.dataset.mode }).then(render).catch((e) => log(e.message));
$('snooze').onclick = () => call('snooze', { hours: 1 }).then(render).catch((e) => log(e.message));
$('finish').onclick = () => call('finish').then(render).catch((e) => log(e.message));
$('csv').href = '/api/earnings.csv?token=' + encodeURIComponent(token);
if (!token) { $('headline').textContent = 'Open the dashboard from the URL that io-provider run printed (it carries the access token).'; document.querySelector('main').hidden = true; }
else { call('getState').then(render).catch((e) => log(e.message)); refreshJobs().catch((e) => log(e.message)); call('getLog').then(({ lines }) => lines.forEach((l) => log(new Date(l.at).toLocaleTimeString() + '  ' + l.message))).catch((e) => log(e.message)); connect(); }
`;

export function dashboardPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>io-provider node</title><style>${STYLE}</style></head>
<body>
<header><h1>io-provider</h1><span class="dev" id="dev"></span></header>
<div id="headline">Connecting to the node…</div>
<main>
<section><h2>Verified earnings</h2><div class="big" id="verified">—</div><div id="earn"></div><p><a id="csv" download>Export CSV</a></p></section>
<section><h2>Device</h2><div id="dev-state"></div></section>
<section><h2>Network</h2><div id="net"></div></section>
<section><h2>When to compute</h2><p id="gov"></p>
<button data-mode="auto">Auto</button><button data-mode="run-now">Run now</button><button data-mode="paused">Pause</button><button id="snooze">Snooze 1 h</button><button id="finish">Finish job, then pause</button></section>
<section class="wide"><h2>Recent jobs</h2><div class="scroll"><table id="jobs-table"><thead><tr><th>Started</th><th>Job</th><th>Outcome</th><th>Credited</th><th>Kernel</th></tr></thead><tbody id="jobs"></tbody></table></div></section>
<section class="wide"><h2>Log</h2><div id="log"></div></section>
</main>
<script>${SCRIPT}</script>
</body></html>`;
}
