#!/usr/bin/env node
// The `gradsheet` command: the compiled CLI (npm install builds dist/ in `prepare`).
import('../dist/src/cli/main.js')
  .then((m) => m.main(process.argv.slice(2)))
  .catch((e) => {
    process.stderr.write(`gradsheet: ${String(e?.message ?? e).split('\n')[0]} (run npm install to build it)\n`);
    process.exitCode = 2;
  });
