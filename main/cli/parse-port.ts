// A --port option: a whole number from 0 (any free port) to 65535; undefined means 0.
export function parsePort(value: string | undefined): number | null {
  const port = value === undefined ? 0 : Number(value);
  if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
  process.stderr.write(`io-provider: --port must be a number from 0 to 65535, not "${value}"\n`);
  process.exitCode = 2;
  return null;
}
