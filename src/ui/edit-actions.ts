// What the editing keys do to the selected range, through the system clipboard and the worker:
// copy (tab-separated displayed values plus an HTML table), cut, paste (text from anywhere read
// as typed input; a block copied here pasted with its formulas moved), Delete, fill down/right and
// the fill handle, undo and redo. Each change is one worker request and one undo step there.
import type { EngineClient } from './client.js';
import { parseTsv } from './tsv.js';
import type { Area, History } from './protocol.js';
import type { SheetGrid } from './grid.js';

export interface ActionHost {
  sheet(): number;
  /** Values changed: the grid and the selected cell's boxes are fetched again. */
  refresh(): void;
  error(text: string): void;
}

interface Clip {
  sheet: number;
  box: Area;
  /** The text put on the clipboard: a paste of the same text is this block (formulas moved). */
  text: string;
  cut: boolean;
  /** The marquee shows (until Escape or a cut is pasted). */
  marked: boolean;
}

const plain = (s: string): string => s.replace(/\r/g, '').replace(/\n$/, '');

export class EditActions {
  private clip: Clip | undefined;
  history: History = { undo: [], redo: [] };
  onHistory: (h: History) => void = () => {};

  constructor(
    private readonly client: EngineClient,
    private readonly grid: SheetGrid,
    private readonly host: ActionHost,
  ) {}

  setHistory(h: History): void {
    this.history = h;
    this.onHistory(h);
  }

  /** Ctrl+C / Ctrl+X: the range onto the system clipboard; the block is marked until used or Escape. */
  async copy(cut: boolean): Promise<void> {
    const sheet = this.host.sheet(), box = this.grid.range;
    const answer = this.client.request({ op: 'copy', sheet, box });
    try {
      // The clipboard is asked at once, inside the key press, with the content to come: browsers
      // allow a write only that close to the person's action.
      if (typeof ClipboardItem !== 'undefined' && navigator.clipboard?.write) {
        const blob = (type: string, pick: (r: { text: string; html: string }) => string): Promise<Blob> => answer.then((r) => new Blob([pick(r)], { type }));
        await navigator.clipboard.write([new ClipboardItem({ 'text/plain': blob('text/plain', (r) => r.text), 'text/html': blob('text/html', (r) => r.html) })]);
      } else await navigator.clipboard.writeText((await answer).text);
    } catch (e) {
      let text: string;
      try {
        text = (await answer).text;
      } catch (why) {
        this.host.error(`Copy failed: ${(why as Error).message}`);
        return;
      }
      try {
        await navigator.clipboard.writeText(text);
      } catch {
        this.host.error(`Copy failed: the browser refused the clipboard (${(e as Error).message})`);
        return;
      }
    }
    const { text } = await answer;
    this.clip = { sheet, box, text, cut, marked: true };
    this.grid.marks.setClip(sheet === this.grid.sheetIndex ? box : undefined);
  }

  /** Escape: the copied block is no longer marked (its text stays on the clipboard, and pastes as copied). */
  dropClip(): void {
    if (!this.clip?.marked) return;
    this.clip.marked = false;
    this.grid.marks.setClip(undefined);
  }

  /** The marquee belongs to a sheet: shown again on it, hidden on others. */
  sheetShown(sheet: number): void {
    this.grid.marks.setClip(this.clip?.marked && this.clip.sheet === sheet ? this.clip.box : undefined);
  }

  /** Ctrl+V: the clipboard's text into the range; a block copied here keeps its formulas (moved). */
  async paste(): Promise<void> {
    // The range at the key press: reading the clipboard takes a moment, the selection may move.
    const sheet = this.host.sheet(), to = this.grid.range;
    let text: string;
    try {
      text = await navigator.clipboard.readText();
    } catch (e) {
      this.host.error(`Paste failed: the browser refused to read the clipboard (${(e as Error).message})`);
      return;
    }
    try {
      const clip = this.clip;
      if (clip && plain(clip.text) === plain(text)) {
        const at = await this.client.request({ op: 'paste', fromSheet: clip.sheet, from: clip.box, sheet, to, cut: clip.cut, label: clip.cut ? 'Cut' : 'Paste' });
        if (clip.cut) {
          this.clip = undefined;
          this.grid.marks.setClip(undefined);
        }
        this.selectIfStill(to, at);
      } else {
        const rows = parseTsv(text);
        if (!rows.length) return;
        await this.client.request({ op: 'write', sheet, to, inputs: rows, label: 'Paste' });
        const h = rows.length, w = rows[0]!.length;
        const th = to.r2 - to.r1 + 1, tw = to.c2 - to.c1 + 1;
        this.selectIfStill(to, { r1: to.r1, c1: to.c1, r2: to.r1 + (th % h === 0 ? th : h) - 1, c2: to.c1 + (tw % w === 0 ? tw : w) - 1 });
      }
    } catch (e) {
      this.host.error((e as Error).message);
    }
    this.host.refresh();
  }

  /** The pasted block becomes the selection, unless the person moved on meanwhile. */
  private selectIfStill(was: Area, next: Area): void {
    const now = this.grid.range;
    if (now.r1 === was.r1 && now.c1 === was.c1 && now.r2 === was.r2 && now.c2 === was.c2) this.grid.selectRange(next);
  }

  /** Delete: the range emptied. */
  async clear(): Promise<void> {
    await this.run(this.client.request({ op: 'clear', sheet: this.host.sheet(), box: this.grid.range, label: 'Clear' }));
  }

  /**
   * Ctrl+D (down) / Ctrl+R (right): the range's first row (column) copied over the rest, formulas
   * moved; a range one row high (column wide) takes the cell above (left), as in Excel.
   */
  async fillDown(right: boolean): Promise<void> {
    const r = this.grid.range;
    let from: Area, to: Area;
    if (!right) {
      if (r.r1 === r.r2 && r.r1 === 0) return;
      from = r.r1 === r.r2 ? { ...r, r1: r.r1 - 1, r2: r.r1 - 1 } : { ...r, r2: r.r1 };
      to = { ...r, r1: from.r1 };
    } else {
      if (r.c1 === r.c2 && r.c1 === 0) return;
      from = r.c1 === r.c2 ? { ...r, c1: r.c1 - 1, c2: r.c1 - 1 } : { ...r, c2: r.c1 };
      to = { ...r, c1: from.c1 };
    }
    await this.run(this.client.request({ op: 'fill', sheet: this.host.sheet(), from, to, series: false, label: right ? 'Fill Right' : 'Fill Down' }));
  }

  /** The fill handle dragged from the range over `to`: numbers continue as a series, the rest is copied. */
  async fill(from: Area, to: Area): Promise<void> {
    // Excel selects the filled range at once.
    this.grid.selectRange(to);
    await this.run(this.client.request({ op: 'fill', sheet: this.host.sheet(), from, to, series: true, label: 'Auto Fill' }));
  }

  async undo(redo: boolean): Promise<void> {
    // Not gated on the history shown: it arrives just after each change, and a quick Ctrl+Z must not be lost.
    await this.run(this.client.request({ op: redo ? 'redo' : 'undo' }));
  }

  private async run(request: Promise<unknown>): Promise<void> {
    try {
      await request;
    } catch (e) {
      this.host.error((e as Error).message);
    }
    this.host.refresh();
  }
}
