// A self-contained HTML page of one benchmark run: what a studio owner keeps or sends to compare
// machines. No scripts, no external assets (a strict CSP says so), every value escaped.
import type { BenchmarkReport } from '../../common/benchmark.js';
import { adapterName, describeAdapter } from '../../common/gpu-adapter.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const percent = (fraction: number | null) =>
  fraction === null ? '&ndash;' : `${(fraction * 100).toFixed(0)}&nbsp;%`;

export function renderBenchmarkHtml(report: BenchmarkReport, measuredAt: Date): string {
  const rows = report.results
    .map(
      (r) => `<tr data-name="${escapeHtml(r.name)}"><th scope="row">${escapeHtml(r.name)}</th>
<td class="num">${r.value.toFixed(1)} ${escapeHtml(r.unit)}</td>
<td class="num">${percent(r.fractionOfMeasuredPeak)}</td><td class="num">${percent(r.fractionOfVendorPeak)}</td>
<td class="ok">verified</td></tr>`,
    )
    .join('\n');
  const skipped = report.skipped
    .map((s) => `<li><strong>${escapeHtml(s.name)}</strong>: ${escapeHtml(s.reason)}</li>`)
    .join('');
  const warning = report.adapter.isSoftware
    ? `<p class="warn" role="alert">Software adapter: these figures measure the CPU through a software renderer, not a GPU. The network does not pay for it.</p>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>io-provider benchmark: ${escapeHtml(adapterName(report.adapter))}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:52rem;padding:0 1rem;color:#1b1f24;background:#fff}
h1{font-size:1.4rem;margin-bottom:.2rem} .sub{color:#57606a;margin-top:0}
table{border-collapse:collapse;width:100%;margin:1rem 0} th,td{padding:.45rem .6rem;border-bottom:1px solid #d8dee4;text-align:left}
thead th{font-weight:600;color:#57606a;font-size:.85rem;text-transform:uppercase;letter-spacing:.03em}
.num{text-align:right;font-variant-numeric:tabular-nums} .ok{color:#1a7f37}
.warn{background:#fff8c5;border:1px solid #d4a72c;padding:.6rem .8rem;border-radius:6px}
@media (prefers-color-scheme: dark){body{background:#0d1117;color:#e6edf3}.sub,thead th{color:#8d96a0}th,td{border-color:#30363d}.warn{background:#3b2e00;border-color:#9e6a03}.ok{color:#3fb950}}
</style></head><body>
<h1>GPU benchmark</h1>
<p class="sub" id="adapter">${escapeHtml(describeAdapter(report.adapter))}</p>
${warning}
<table><thead><tr><th>Benchmark</th><th class="num">Value</th><th class="num">Of measured peak</th><th class="num">Of vendor peak</th><th>Check</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${skipped ? `<p>Not measured:</p><ul>${skipped}</ul>` : ''}
<p class="sub">Every figure was checked against a CPU reference before it counted. Measured ${escapeHtml(measuredAt.toISOString())} in ${(report.durationMs / 1000).toFixed(1)}&nbsp;s by io-provider.</p>
</body></html>
`;
}
