#!/usr/bin/env node
// The installed `io-provider` command: runs the bundled CLI (built by `npm install` via `prepare`).
//
// bigint-buffer (under @solana/spl-token) prints a warning on every start when its native addon is
// missing, and it is missing on purpose: its install script is denied (package.json allowScripts)
// and its pure-JS path is the one the tests run. That one line is dropped before the CLI loads;
// every other warning passes.
const BIGINT_BUFFER_NOTICE = 'bigint: Failed to load bindings, pure JS will be used (try npm run rebuild?)';
const warn = console.warn.bind(console);
console.warn = (...args) => {
  if (args.length === 1 && args[0] === BIGINT_BUFFER_NOTICE) return;
  warn(...args);
};
await import('../dist/cli.js');
