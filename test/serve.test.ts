// `npm start` (bin/serve.js): it prints its URL once listening, serves the UI page (building it when stale),
// and stops cleanly on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from './helpers/net.js';

const serveJs = fileURLToPath(new URL('../bin/serve.js', import.meta.url));

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const end = out.indexOf('\n');
      if (end >= 0) resolve(out.slice(0, end));
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.once('exit', (code) => reject(new Error(`serve.js exited with ${code}: ${err.trim()}`)));
  });
}

// 'close' rather than 'exit': it fires once stdout and stderr are drained too.
function closed(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('close', (code) => resolve(code)));
}

describe('bin/serve.js', () => {
  let child: ChildProcess | undefined;

  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child = undefined;
  });

  it('prints its URL and serves the UI page', async () => {
    const port = await freePort();
    child = spawn(process.execPath, [serveJs], {
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const line = await firstLine(child);
    expect(line).toBe(`gradsheet UI: http://127.0.0.1:${port}/`);

    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/gradsheet/);
    // Cross-origin isolated, so the page and the engine's worker can share the Stop flag.
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    const list = (await (await fetch(`http://127.0.0.1:${port}/workbooks/index.json`)).json()) as { name: string; file: string }[];
    for (const w of list) {
      expect(w.file).toMatch(/\.(xlsx|xlsm)$/);
      const book = await fetch(`http://127.0.0.1:${port}/workbooks/${w.file}`);
      expect(book.status).toBe(200);
      expect(new Uint8Array(await book.arrayBuffer()).subarray(0, 2)).toEqual(new Uint8Array([0x50, 0x4b])); // a zip
    }
    for (const path of ['/workbooks/..%2Fpackage.json', '/assets/..%2F..%2Fpackage.json', '/nothing']) {
      expect((await fetch(`http://127.0.0.1:${port}${path}`)).status).toBe(404);
    }

    const done = closed(child);
    child.kill('SIGTERM');
    expect(await done).toBe(0);
  });

  it('exits with code 2 and one stderr line when the port is taken', async () => {
    const port = await freePort();
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    try {
      child = spawn(process.execPath, [serveJs], {
        env: { ...process.env, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const done = closed(child);
      let err = '';
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
      expect(await done).toBe(2);
      expect(err.trim().split('\n')).toHaveLength(1);
      expect(err).toMatch(/in use/);
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });
});
