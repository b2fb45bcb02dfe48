// Which links the app may hand to the owner's browser (shell.openExternal): https to a short list of
// hosts the UI links to, nothing else. openExternal with a file:, javascript: or custom-scheme URL
// can run programs; a look-alike host (explorer.solana.com.evil.io) or one hiding behind userinfo
// (https://explorer.solana.com@evil.io) is a phishing page, so hosts are compared whole.
export const EXTERNAL_HOSTS: readonly string[] = [
  'explorer.solana.com',
  'solscan.io',
  'io.net',
  'docs.io.net',
  'cloud.io.net',
  'github.com',
];

/** The URL to open (normalised), or null when it is not allowed. */
export function allowedExternalUrl(raw: string, hosts: readonly string[] = EXTERNAL_HOSTS): string | null {
  if (typeof raw !== 'string' || raw.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return null;
  return hosts.includes(url.hostname) ? url.href : null;
}
