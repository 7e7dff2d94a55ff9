#!/usr/bin/env node
// The `gradsheet` command: the compiled CLI (npm install builds dist/ in `prepare`).
import('../dist/src/cli/main.js').then((m) => m.main(process.argv.slice(2)));
