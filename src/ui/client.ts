// The page's side of the engine worker: each request a promise, answered in order; run events
// (chart points, progress) go to a listener. Stop sets a flag in memory shared with the worker,
// which a training loop reads between steps (it never yields to take a message).
import { CANCEL_SLOT, type LoadProgress, type Reply, type Request, type Responses, type WorkerEvent } from './protocol.js';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

export class EngineError extends Error {}

export class EngineClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly cancel: Int32Array | undefined;
  onEvent: (e: WorkerEvent) => void = () => {};
  /** How far opening a workbook has got (heard before any sheet view exists). */
  onLoading: (p: LoadProgress) => void = () => {};
  /**
   * Why the worker stopped, once it has: it crashed or the browser ended it (most often for lack
   * of memory). Its workbook is gone with it and every request fails from then on.
   */
  stopped: string | undefined;
  /** Told once, when the worker stops. */
  onStopped: (why: string) => void = () => {};

  constructor() {
    this.worker = new Worker(new URL('./worker/worker.ts', import.meta.url), { type: 'module', name: 'gradsheet-engine' });
    this.worker.onmessage = (e: MessageEvent<Reply | WorkerEvent>) => {
      const data = e.data;
      if ('event' in data) {
        if (data.event === 'loading') this.onLoading(data);
        else this.onEvent(data);
        return;
      }
      const p = this.pending.get(data.id);
      if (!p) return;
      this.pending.delete(data.id);
      if (data.ok) p.resolve(data.result);
      else p.reject(new EngineError(data.message));
    };
    this.worker.onerror = (e) => {
      e.preventDefault();
      this.fail(e.message || 'its worker ended without saying why, as a browser ends one that runs out of memory');
    };
    this.worker.onmessageerror = () => this.fail('a message from its worker could not be read');
    // Shared memory needs a cross-origin isolated page (bin/serve.js sends the headers).
    this.cancel = globalThis.crossOriginIsolated ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
  }

  /** The worker is gone: every request waiting, and every later one, fails with why. */
  private fail(why: string): void {
    if (this.stopped) return;
    this.stopped = why;
    this.worker.terminate();
    const err = new EngineError(`the engine stopped (${this.stopped})`);
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    // After the failed requests' own handlers have spoken: the page's last word is that it stopped.
    setTimeout(() => this.onStopped(why), 0);
  }

  get canStop(): boolean {
    return this.cancel !== undefined;
  }

  request<K extends Request['op']>(request: Extract<Request, { op: K }>, transfer: Transferable[] = []): Promise<Responses[K]> {
    const id = this.nextId++;
    if (this.stopped) return Promise.reject(new EngineError(`the engine stopped (${this.stopped})`));
    return new Promise<Responses[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, request }, transfer);
    });
  }

  init(): Promise<Responses['init']> {
    return this.request({ op: 'init', cancel: this.cancel?.buffer as SharedArrayBuffer | undefined });
  }

  /** Clear the Stop flag before a run (not in the worker: a Stop pressed early must not be lost). */
  armStop(): void {
    if (this.cancel) Atomics.store(this.cancel, CANCEL_SLOT, 0);
  }

  stop(): void {
    if (this.cancel) Atomics.store(this.cancel, CANCEL_SLOT, 1);
  }
}
