#!/usr/bin/env node
// `npm start`: serves the browser UI on 127.0.0.1 (port from $PORT, default 4173).
// Plain Node ESM with no dependencies and no build step, so a fresh `npm install` can run it.
// Until the real UI lands it serves src/ui/placeholder.html and the docs/ pages as text.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
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

// Only names of this shape are served from docs/, which rules out any path traversal.
const DOC_NAME = /^[a-z0-9][a-z0-9-]*\.md$/;

async function route(pathname) {
  if (pathname === '/' || pathname === '/index.html') {
    return { type: 'text/html; charset=utf-8', body: await readFile(join(root, 'src/ui/placeholder.html')) };
  }
  const doc = /^\/docs\/([^/]+)$/.exec(pathname);
  if (doc && DOC_NAME.test(doc[1])) {
    return { type: 'text/plain; charset=utf-8', body: await readFile(join(root, 'docs', doc[1])) };
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
    'cache-control': 'no-store',
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
