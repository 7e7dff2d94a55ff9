// The page: the home list of shipped workbooks, opening files (picker or drag and drop), export,
// messages and the backend indicator. The home list comes first; once it is on screen the engine
// starts in its worker and the sheet view (ag-grid, Chart.js) loads, both 2.7 MB of script that
// would otherwise hold up the first paint.
import { EngineClient } from './client.js';
import { $, h } from './dom.js';
import { LoadProgressView } from './load-progress.js';
import { memoryBudget } from './memory-budget.js';
import type { BackendStatus, BookMeta } from './protocol.js';
import type { SheetView } from './sheet-view.js';

/** One line for each of the shipped lesson workbooks; other files list by name and size. */
const LESSONS: Record<string, string> = {
  graddesc: 'Gradient descent on a line, step by step: SGD, momentum, RMSProp, Adam and annealing, one sheet each.',
  'collab-filter': 'Collaborative filtering on MovieLens ratings: dot products, embeddings, biases; trained with Solve.',
  'cross-entropy': 'Softmax and cross-entropy: how a classifier’s loss is computed, cell by cell.',
};

interface Listed {
  name: string;
  file: string;
  size: number;
}

let client: EngineClient | undefined;
let viewModule: Promise<typeof import('./sheet-view.js')> | undefined;
let view: SheetView | undefined;
let openBook: BookMeta | undefined;
let opening = false;

const message = $('message');
const loading = new LoadProgressView();
function say(text: string, kind: 'info' | 'error'): void {
  message.replaceChildren(h('span', {}, text), h('button', { type: 'button', class: 'close', title: 'Dismiss', 'aria-label': 'Dismiss', onclick: () => (message.hidden = true) }, '×'));
  message.className = kind;
  message.hidden = false;
}
const notify = { info: (t: string) => say(t, 'info'), error: (t: string) => say(t, 'error') };

function showHome(): void {
  $('home').hidden = false;
  $('sheet-view').hidden = true;
  $('resume').hidden = !openBook;
  if (openBook) $('resume').textContent = `Back to ${openBook.fileName}`;
}

function showSheets(): void {
  $('home').hidden = true;
  $('sheet-view').hidden = false;
}

const kb = (n: number): string => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} kB`);

async function listWorkbooks(): Promise<void> {
  const list = $('workbook-list');
  let books: Listed[] = [];
  try {
    const res = await fetch('workbooks/index.json', { cache: 'no-store' });
    if (res.ok) books = (await res.json()) as Listed[];
  } catch {
    books = [];
  }
  if (!books.length) {
    list.replaceChildren(h('li', { class: 'muted' }, 'No shipped workbooks here: open a file of your own.'));
    return;
  }
  list.replaceChildren(
    ...books.map((b) =>
      h(
        'li',
        {},
        h(
          'button',
          { type: 'button', class: 'book', 'data-testid': `workbook-${b.name}`, onclick: () => void openShipped(b) },
          h('strong', {}, b.file),
          h('span', {}, LESSONS[b.name] ?? `${kb(b.size)} workbook`),
        ),
      ),
    ),
  );
}

async function openShipped(b: Listed): Promise<void> {
  try {
    const res = await fetch(`workbooks/${encodeURIComponent(b.file)}`);
    if (!res.ok) throw new Error(`the server answered ${res.status}`);
    await openBytes(await res.arrayBuffer(), b.file);
  } catch (e) {
    notify.error(`Could not load ${b.file}: ${(e as Error).message}`);
  }
}

/** Open a workbook; on failure the message says why and whatever was open stays open. */
async function openBytes(bytes: ArrayBuffer, fileName: string): Promise<void> {
  if (opening) return;
  opening = true;
  document.body.classList.add('busy');
  // The open workbook's sheet tabs go while another opens: a tab clicked now would pick a sheet of
  // the workbook about to be replaced (the same file opened again has the same tabs). They come
  // back with the new workbook, or as they were if it cannot be opened.
  $('tabs').hidden = true;
  message.hidden = true;
  loading.start(fileName, bytes.byteLength);
  const engine = startEngine();
  try {
    const maxMemory = memoryBudget();
    const book = await engine.request({ op: 'open', bytes, fileName, ...(maxMemory !== undefined && { maxMemory }) }, [bytes]);
    const View = (await viewModule!).SheetView;
    openBook = book;
    const active = book.sheets[book.active];
    if (active) {
      loading.grid(active.rows);
      // Painted before the grid takes the main thread to lay out a long sheet's rows.
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    }
    $('book-title').textContent = book.fileName;
    document.title = `${book.fileName} · gradsheet`;
    $<HTMLButtonElement>('export-button').disabled = false;
    // The grid is made in view: it measures its theme once, before it holds any rows.
    showSheets();
    view ??= new View(engine, notify);
    await view.show(book);
    loading.done();
    // Excel warns of a circular reference when it opens such a file; so do we.
    if (book.warnings.length) notify.error(`Warning: ${book.warnings.join('; ')}`);
  } catch (e) {
    loading.done();
    // A stopped engine is said by engineStopped (onStopped).
    if (!engine.stopped) notify.error(`Could not open ${fileName}: ${(e as Error).message}${openBook ? ` (${openBook.fileName} is still open)` : ''}`);
  } finally {
    opening = false;
    document.body.classList.remove('busy');
    $('tabs').hidden = false;
  }
}

async function openFile(file: File): Promise<void> {
  if (!/\.(xlsx|xlsm)$/i.test(file.name)) {
    notify.error(`Could not open ${file.name}: gradsheet opens .xlsx and .xlsm workbooks`);
    return;
  }
  await openBytes(await file.arrayBuffer(), file.name);
}

async function exportBook(): Promise<void> {
  if (!openBook || !client) return;
  try {
    const out = await client.request({ op: 'export' });
    const url = URL.createObjectURL(new Blob([out.bytes], { type: out.mime }));
    const a = h('a', { href: url, download: out.fileName, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    notify.info(`Exported ${out.fileName} (${kb(out.bytes.byteLength)})`);
  } catch (e) {
    notify.error(`Export failed: ${(e as Error).message}`);
  }
}

/** gpu.js's mode as a person knows it: its 'gpu' mode is WebGL (2 where the browser has it). */
const GPU_API: Record<string, string> = { gpu: 'WebGL', webgl: 'WebGL', webgl2: 'WebGL2', headlessgl: 'headless GL', webgpu: 'WebGPU' };

function backendText(s: BackendStatus): string {
  return s.backend === 'gpu' ? `backend: GPU (${GPU_API[s.gpujs] ?? s.gpujs})` : 'backend: CPU (float64)';
}

function wire(): void {
  const input = $<HTMLInputElement>('file-input');
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    input.value = '';
    if (file) void openFile(file);
  });
  $('open-button').addEventListener('click', () => input.click());
  $('drop-open').addEventListener('click', () => input.click());
  $('export-button').addEventListener('click', () => void exportBook());
  $('home-link').addEventListener('click', (e) => {
    e.preventDefault();
    showHome();
  });
  $('resume').addEventListener('click', () => openBook && showSheets());
  let depth = 0;
  window.addEventListener('dragenter', (e) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    depth++;
    document.body.classList.add('dragging');
  });
  window.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) document.body.classList.remove('dragging');
  });
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    document.body.classList.remove('dragging');
    const file = e.dataTransfer?.files[0];
    if (file) void openFile(file);
  });
}

/**
 * The engine's worker stopped (it crashed, or the browser ended it, most often for memory): its
 * workbook is gone with it, so the page says so and offers a reload, which starts a fresh engine.
 */
function engineStopped(why: string): void {
  say(`The engine stopped (${why}); the workbook may need more memory than the browser allows. Reload the page to go on.`, 'error');
  message.insertBefore(h('button', { type: 'button', 'data-testid': 'reload-button', onclick: () => location.reload() }, 'Reload'), message.lastChild);
  openBook = undefined;
  $<HTMLButtonElement>('export-button').disabled = true;
}

/** The engine's worker and the sheet view's code, started once (after the home list, or by a first open). */
function startEngine(): EngineClient {
  if (client) return client;
  const engine = (client = new EngineClient());
  engine.onLoading = (p) => loading.update(p);
  engine.onStopped = (why) => engineStopped(why);
  viewModule = import('./sheet-view.js');
  // Surface a failed load of the sheet view once, rather than as an unhandled rejection.
  viewModule.catch((e: Error) => notify.error(`The sheet view failed to load: ${e.message}`));
  engine.init().then(
    (s) => {
      const el = $('backend-status');
      el.textContent = backendText(s);
      el.title = `${s.reason}; gpu.js mode: ${s.gpujs}${s.renderer ? `; WebGL renderer: ${s.renderer}` : ''}`;
      el.dataset.backend = s.backend;
    },
    (e: Error) => ($('backend-status').textContent = `backend: unavailable (${e.message})`),
  );
  return engine;
}

wire();
void listWorkbooks().finally(() => requestAnimationFrame(() => setTimeout(startEngine, 0)));
