// Deflating a large part on a second thread while it is being written. Saving a 1M-row sheet
// produces 330 MB of XML and deflating it took 2 s after the writing had finished; fed to a
// worker in 4 MB chunks as the rows are rewritten, it is deflated meanwhile, and the whole text is
// never held at once. Saving is synchronous, so the result is collected by blocking on a shared
// flag the worker raises (Atomics.wait) and reading its port directly (receiveMessageOnPort).
// Where worker threads are not at hand (the browser's own worker), there is no sink and the
// caller deflates as before. The output is the same deflate stream as one deflateRawSync call.
import { nodeBuiltin } from './node-builtin.js';

/** Where a part's bytes go as they are produced. */
export interface ByteSink {
  /** Takes ownership of the chunk (its buffer is transferred). */
  push(chunk: Uint8Array): void;
  /** Every byte pushed, deflated (raw, level `LEVEL`), with the CRC-32 and length of the input. */
  finish(): { data: Uint8Array; crc: number; size: number };
  /** Stop without a result. */
  abort(): void;
}

interface WorkerThreads {
  Worker: new (src: string, opts: { eval: boolean; workerData: unknown; transferList: unknown[] }) => {
    postMessage(m: unknown, transfer?: unknown[]): void;
    terminate(): Promise<number>;
    unref(): void;
  };
  MessageChannel: new () => { port1: Port; port2: Port };
  receiveMessageOnPort(port: Port): { message: unknown } | undefined;
}
interface Port {
  close(): void;
}

const threads = nodeBuiltin<WorkerThreads>('node:worker_threads');

/** A deflater that stalls (a worker that died) fails the save instead of hanging it. */
const WAIT_MS = 10 * 60 * 1000;

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const zlib = require('node:zlib');
const flag = new Int32Array(workerData.flag);
const out = workerData.port;
const done = (m, transfer) => { out.postMessage(m, transfer); Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); };
const chunks = [];
let crc = 0, size = 0;
const z = zlib.createDeflateRaw({ level: workerData.level });
z.on('data', (c) => chunks.push(c));
z.on('end', () => {
  const data = Buffer.concat(chunks);
  done({ data, crc: crc >>> 0, size });
});
z.on('error', (e) => done({ error: String(e && e.message || e) }));
parentPort.on('message', (m) => {
  if (m === null) return void z.end();
  const b = new Uint8Array(m);
  crc = zlib.crc32(b, crc);
  size += b.length;
  z.write(b);
});
`;

/** A sink that deflates on a worker thread; undefined where there are none (or no crc32). */
export function deflateThread(level: number): ByteSink | undefined {
  if (!threads || typeof (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer !== 'function') return undefined;
  const flagBuffer = new SharedArrayBuffer(4);
  const flag = new Int32Array(flagBuffer);
  const { port1, port2 } = new threads.MessageChannel();
  const worker = new threads.Worker(WORKER, { eval: true, workerData: { flag: flagBuffer, port: port2, level }, transferList: [port2] });
  worker.unref();
  const close = (): void => {
    port1.close();
    void worker.terminate();
  };
  return {
    push(chunk) {
      const own = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength ? chunk : chunk.slice();
      worker.postMessage(own.buffer, [own.buffer]);
    },
    finish() {
      worker.postMessage(null);
      try {
        if (Atomics.wait(flag, 0, 0, WAIT_MS) === 'timed-out') throw new Error('compressing the part did not finish');
        const m = threads.receiveMessageOnPort(port1)?.message as { data: Uint8Array; crc: number; size: number } | { error: string } | undefined;
        if (!m) throw new Error('compressing the part gave no result');
        if ('error' in m) throw new Error(`compressing the part failed: ${m.error}`);
        return { data: new Uint8Array(m.data.buffer, m.data.byteOffset, m.data.byteLength), crc: m.crc, size: m.size };
      } finally {
        close();
      }
    },
    abort: close,
  };
}
