// The engine's Web Worker: the workbook, macros and training run here so the page never freezes.
// Requests are answered one at a time, in order, each with its id (protocol.ts). A failed request
// answers with the error's message; a workbook that fails to open leaves the open one in place.
import { GPU } from 'gpu.js';
import { backendInfo, provideGpuJs } from '../../../functions/kernels/index.js';
import { CANCEL_SLOT, type BackendStatus, type Reply, type Request, type WorkerEvent } from '../protocol.js';
import { Session } from './session.js';

interface WorkerScope {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<{ id: number; request: Request }>) => void) | null;
}
const scope = self as unknown as WorkerScope;

let session: Session | undefined;
let cancelFlag: Int32Array | undefined;

const emit = (e: WorkerEvent): void => scope.postMessage(e);

function needSession(): Session {
  if (!session) throw new Error('no workbook is open');
  return session;
}

/** Which WebGL renderer this browser gives (SwiftShader and llvmpipe are software, not a GPU). */
function renderer(): string | undefined {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
    if (!gl) return undefined;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  } catch {
    return undefined;
  }
}

/** Renderers that draw WebGL on the CPU: no faster than float64 loops, and only float32. */
const SOFTWARE = /swiftshader|llvmpipe|softpipe|software/i;

function init(cancel?: SharedArrayBuffer): BackendStatus {
  if (cancel) cancelFlag = new Int32Array(cancel);
  const r = renderer();
  // WebGL drawn by the CPU is no GPU: as in Node without one, the float64 path computes all.
  if (r !== undefined && SOFTWARE.test(r)) {
    return { backend: 'cpu', gpujs: 'not loaded', reason: 'no GPU: WebGL here is a software renderer', renderer: r };
  }
  provideGpuJs(GPU);
  let status: BackendStatus;
  try {
    const info = backendInfo();
    status = { backend: info.backend, gpujs: info.gpujs, reason: info.reason };
  } catch (e) {
    status = { backend: 'cpu', gpujs: 'not loaded', reason: `gpu.js failed: ${(e as Error).message}` };
  }
  return r ? { ...status, renderer: r } : status;
}

/** Requests that change nothing in the workbook; any other may (the views' cached answers go). */
const READ_ONLY = new Set<Request['op']>(['init', 'rows', 'cell', 'copy', 'edge', 'charts', 'chart-values', 'gradients', 'export']);

/**
 * Counts the requests that may have changed values: the version conditional formatting caches its
 * range statistics under. Counted here, where the changes happen: a counter kept by the page can
 * name a version the worker already served before a change that the page has not yet heard of.
 */
let changes = 0;

function handle(req: Request): { result: unknown; transfer?: Transferable[] } {
  if (!READ_ONLY.has(req.op)) {
    changes++;
    session?.views.changed();
  }
  switch (req.op) {
    case 'init':
      return { result: init(req.cancel) };
    case 'open': {
      // Progress goes out as it happens: the page is free while this worker is inside the load.
      const next = Session.open(new Uint8Array(req.bytes), req.fileName, { ...(req.maxMemory !== undefined && { maxMemory: req.maxMemory }), progress: (p) => emit({ event: 'loading', ...p }) });
      session = next;
      return { result: next.meta };
    }
    case 'rows': {
      const block = needSession().rows(req.sheet, req.r1, req.r2, changes);
      return { result: block, transfer: block.looks ? [block.kinds.buffer, block.looks.ids.buffer] : [block.kinds.buffer] };
    }
    case 'cell':
      return { result: needSession().cell(req.sheet, req.ref) };
    case 'set':
      needSession().set(req.sheet, req.row, req.col, req.input);
      return { result: null };
    case 'write':
      needSession().write(req.sheet, req.to, req.inputs, req.label);
      return { result: null };
    case 'paste':
      return { result: needSession().blocks.paste(req.fromSheet, req.from, req.sheet, req.to, req.cut, req.label) };
    case 'fill':
      needSession().blocks.fill(req.sheet, req.from, req.to, req.series, req.label);
      return { result: null };
    case 'clear':
      needSession().blocks.clear(req.sheet, req.box, req.label);
      return { result: null };
    case 'copy':
      return { result: needSession().blocks.copy(req.sheet, req.box) };
    case 'edge':
      return { result: needSession().edge(req.sheet, req.row, req.col, req.dr, req.dc) };
    case 'undo':
      return { result: needSession().undo() ?? null };
    case 'redo':
      return { result: needSession().redo() ?? null };
    case 'macro':
      return { result: needSession().macro(req.sheet, req.macro, emit) };
    case 'solve': {
      const flag = cancelFlag;
      const cancelled = flag ? (): boolean => Atomics.load(flag, CANCEL_SLOT) !== 0 : (): boolean => false;
      return { result: needSession().solve(req.sheet, req.method, req.lr, req.steps, emit, cancelled) };
    }
    case 'charts':
      return { result: needSession().views.chartSpecs(req.sheet) };
    case 'chart-values':
      return { result: needSession().views.chartValues(req.sheet) };
    case 'gradients':
      return { result: needSession().views.gradients(req.sheet, req.on) };
    case 'export': {
      const out = needSession().export();
      const bytes = out.bytes.slice().buffer;
      return { result: { bytes, fileName: out.fileName, mime: out.mime }, transfer: [bytes] };
    }
  }
}

scope.onmessage = (e) => {
  const { id, request } = e.data;
  let reply: Reply;
  let transfer: Transferable[] = [];
  try {
    const out = handle(request);
    reply = { id, ok: true, result: out.result };
    transfer = out.transfer ?? [];
  } catch (err) {
    // The library's errors carry a message for a person; anything else is a bug, said plainly.
    const message = err instanceof Error ? err.message : String(err);
    reply = { id, ok: false, message: message.split('\n')[0] || 'unknown error' };
  }
  scope.postMessage(reply, transfer);
  // Whatever may have changed the workbook (even when it failed part way) updates undo and redo.
  if (session && CHANGES.has(request.op)) emit({ event: 'history', ...session.history() });
};

const CHANGES = new Set<Request['op']>(['open', 'set', 'write', 'paste', 'fill', 'clear', 'undo', 'redo', 'macro', 'solve']);
