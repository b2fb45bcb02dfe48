#!/usr/bin/env node
// The installed `io-provider` command: runs the bundled CLI (built by `npm install` via `prepare`).
import '../dist/cli.js';
