// A signing request shown again in the browser, next to the wallet's own prompt: what the app
// decoded (title, each instruction in one sentence, the fee and who pays it, the rules agreed to).
// Everything is set as text: the page never parses the node's strings as HTML.
import { formatUnits, IO_DECIMALS } from '../../common/io-units.js';
import type { PendingItem } from './bridge-client.js';

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  attrs: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  return node;
}

const amount = (units: string, asset: string | null) =>
  `${formatUnits(BigInt(units), asset === 'SOL' ? 9 : IO_DECIMALS)} ${asset ?? ''}`.trim();

export interface RequestCard {
  root: HTMLElement;
  sign: HTMLButtonElement;
  refuse: HTMLButtonElement;
  say(text: string, error?: boolean): void;
}

export function requestCard(item: PendingItem, walletName: string): RequestCard {
  const r = item.request;
  const root = el('article', undefined, { 'data-testid': 'request', 'data-request-id': item.requestId });
  root.append(el('h2', r.title, { 'data-testid': 'request-title' }));
  const list = el('ol', undefined, { 'data-testid': 'request-instructions' });
  for (const ix of r.instructions) {
    const line = el('li', ix.description);
    if (ix.amount !== null) line.append(el('span', ` (${amount(ix.amount, ix.asset)})`));
    line.append(el('br'), el('small', `${ix.programName} program `), el('code', ix.program));
    list.append(line);
  }
  root.append(list);
  const fee = el('p', `Network fee: ${amount(r.feeLamports, 'SOL')}, paid by `, {
    'data-testid': 'request-fee',
  });
  fee.append(el('code', r.feePayer));
  root.append(fee);
  if (r.rules.length) {
    const rules = el('ul', undefined, { 'data-testid': 'request-rules' });
    for (const rule of r.rules) rules.append(el('li', rule));
    root.append(el('h3', 'What you agree to'), rules);
  }
  root.append(el('p', `This request expires at ${new Date(r.expiresAt).toLocaleTimeString()}.`));
  const sign = el('button', `Review and sign in ${walletName}`, { type: 'button' });
  const refuse = el('button', 'Refuse', { type: 'button' });
  const status = el('p', '', { role: 'status', 'data-testid': 'request-status' });
  root.append(sign, document.createTextNode(' '), refuse, status);
  return {
    root,
    sign,
    refuse,
    say(text, error = false) {
      status.textContent = text;
      status.className = error ? 'error' : '';
    },
  };
}
