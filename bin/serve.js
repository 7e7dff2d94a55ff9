#!/usr/bin/env node
// `npm start`: serves the browser UI (the Vite bundle in dist/ui) and the shipped workbooks on
// 127.0.0.1 (port from $PORT, default 4173). Everything computes in the browser; this server only
// hands out files. The bundle is (re)built first when missing or older than its sources.
// GRADSHEET_WORKBOOKS lists the folders whose .xlsx/.xlsm the home page offers (default:
// workbooks/; several joined with ':', the first folder winning a name).
import { createServer } from 'node:http';
import { readFile, readdir, stat } from 'node:fs/promises';
import { delimiter, extname, join, resolve } from 'node:path';
import { ensureUi, root, uiDir } from './build-ui.js';

const HOST = '127.0.0.1';

function fail(message) {
  process.stderr.write(`gradsheet: ${message}\n`);
  process.exit(2);
}

const portText = process.env.PORT ?? '4173';
if (!/^\d+$/.test(portText) || Number(portText) > 65535) {
  fail(`PORT must be an integer from 0 to 65535, got '${portText}'`);
}
const port = Number(portText);
const workbookDirs = (process.env.GRADSHEET_WORKBOOKS || join(root, 'workbooks')).split(delimiter).filter(Boolean).map((d) => resolve(d));

try {
  ensureUi();
} catch (e) {
  fail(`cannot build the UI: ${e.message.split('\n')[0]}`);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.md': 'text/plain; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.xlsm': 'application/vnd.ms-excel.sheet.macroEnabled.12',
};

// Only names of these shapes are served, which rules out any path traversal.
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;
const DOC_NAME = /^[a-z0-9][a-z0-9-]*\.md$/;
const WORKBOOK_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\.(xlsx|xlsm)$/i;

/** The shipped workbooks: { name, file, size } by name, the first folder winning. */
async function workbooks() {
  const found = new Map();
  for (const dir of workbookDirs) {
    let entries = [];
    try {
      entries = await readdir(dir);
    } catch {
      continue; // a folder that does not exist offers nothing
    }
    for (const file of entries.sort()) {
      if (!WORKBOOK_NAME.test(file)) continue;
      const name = file.slice(0, -extname(file).length);
      if (found.has(name)) continue;
      const st = await stat(join(dir, file)).catch(() => undefined);
      if (st?.isFile()) found.set(name, { name, file, size: st.size, path: join(dir, file) });
    }
  }
  return found;
}

async function route(pathname) {
  if (pathname === '/' || pathname === '/index.html') {
    return { type: TYPES['.html'], body: await readFile(join(uiDir, 'index.html')) };
  }
  const asset = /^\/assets\/([^/]+)$/.exec(pathname);
  if (asset && ASSET_NAME.test(asset[1])) {
    // Vite names assets by content hash: they never change under the same name.
    return { type: TYPES[extname(asset[1])] ?? 'application/octet-stream', body: await readFile(join(uiDir, 'assets', asset[1])), immutable: true };
  }
  if (pathname === '/workbooks/index.json') {
    const list = [...(await workbooks()).values()].map(({ name, file, size }) => ({ name, file, size }));
    return { type: TYPES['.json'], body: Buffer.from(JSON.stringify(list)) };
  }
  const book = /^\/workbooks\/([^/]+)$/.exec(pathname);
  if (book && WORKBOOK_NAME.test(book[1])) {
    const hit = [...(await workbooks()).values()].find((w) => w.file === book[1]);
    if (hit) return { type: TYPES[extname(hit.file).toLowerCase()], body: await readFile(hit.path) };
  }
  const doc = /^\/docs\/([^/]+)$/.exec(pathname);
  if (doc && DOC_NAME.test(doc[1])) {
    return { type: TYPES['.md'], body: await readFile(join(root, 'docs', doc[1])) };
  }
  return null;
}

const server = createServer(async (req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
    res.end('method not allowed\n');
    return;
  }
  let found = null;
  try {
    found = await route(new URL(req.url ?? '/', `http://${HOST}`).pathname);
  } catch {
    found = null; // a missing file or a malformed URL is a 404, never a stack trace
  }
  if (!found) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found\n');
    return;
  }
  res.writeHead(200, {
    'content-type': found.type,
    'content-length': found.body.length,
    'cache-control': found.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
    // Cross-origin isolation: the engine's worker and the page share a SharedArrayBuffer (the
    // Stop button's flag, read by a training loop that never yields).
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
    'cross-origin-resource-policy': 'same-origin',
    'x-content-type-options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : found.body);
});

server.on('error', (err) => {
  if (err.code === 'EADDRINUSE') fail(`port ${port} on ${HOST} is already in use (set PORT to another port)`);
  if (err.code === 'EACCES') fail(`no permission to listen on port ${port} (set PORT to another port)`);
  fail(`cannot serve on ${HOST}:${port}: ${err.message}`);
});

server.listen(port, HOST, () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(`gradsheet UI: http://${HOST}:${actual}/\n`);
});

function shutdown() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  // Should a connection linger anyway, do not hang the terminal.
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
