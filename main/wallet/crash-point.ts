// Test hook for the kill -9 tests (test/unit/wallet-crash.test.ts): with IO_PROVIDER_WALLET_CRASH_AT
// set to a point's name, the process kills itself there, exactly as a power cut would stop it. Unset
// (always, outside those tests) it does nothing.
export function crashPoint(name: string): void {
  if (process.env.IO_PROVIDER_WALLET_CRASH_AT === name) process.kill(process.pid, 'SIGKILL');
}
