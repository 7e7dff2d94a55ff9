// Editing in the cell, as Excel does: typing on a cell starts an entry that replaces it ("Enter"
// mode: the arrow keys finish it and move), F2 or a double-click edits what it holds ("Edit"
// mode: the arrow keys move the caret). The entry shows over the cell and in the formula bar at
// once; Enter finishes and moves down, Shift+Enter up, Tab right, Shift+Tab left, Escape cancels.

export type Mode = 'enter' | 'edit';

export interface EditorHooks {
  /** The cell's rectangle on screen, undefined when it is scrolled away. */
  rect(): DOMRect | undefined;
  /** Finish: the text goes into the cell, the selection moves by (dr, dc); by Enter or Tab (`inRange`) within a selected range. */
  commit(text: string, dr: number, dc: number, inRange: boolean): void;
  cancel(): void;
  /** The text changed: the formula bar mirrors it. */
  mirror(text: string): void;
}

const MOVES: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

export class CellEditor {
  readonly input: HTMLInputElement;
  private hooks: EditorHooks | undefined;
  private mode: Mode = 'enter';

  constructor() {
    const input = (this.input = document.createElement('input'));
    input.className = 'cell-editor';
    input.dataset.testid = 'cell-editor';
    input.spellcheck = false;
    input.autocomplete = 'off';
    input.setAttribute('aria-label', 'Cell entry');
    input.hidden = true;
    document.body.append(input);
    input.addEventListener('input', () => {
      this.fit();
      this.hooks?.mirror(input.value);
    });
    input.addEventListener('keydown', (e) => this.key(e));
    input.addEventListener('blur', (e) => {
      // Moving to the formula bar keeps the entry going there; anywhere else finishes it, as a
      // click elsewhere does in Excel.
      const to = e.relatedTarget as HTMLElement | null;
      if (!this.hooks || to?.id === 'formula-bar') return;
      this.finish(0, 0);
    });
  }

  get active(): boolean {
    return this.hooks !== undefined;
  }

  /** Start an entry over a cell with `text`, the caret at its end. */
  open(text: string, mode: Mode, hooks: EditorHooks): void {
    this.hooks = hooks;
    this.mode = mode;
    this.input.value = text;
    this.input.hidden = false;
    this.place();
    this.input.focus();
    this.input.setSelectionRange(text.length, text.length);
    hooks.mirror(text);
  }

  /** The formula bar was typed into: the cell shows the same. */
  setText(text: string): void {
    if (this.hooks) {
      this.input.value = text;
      this.fit();
    }
  }

  /** Follow the cell when the grid scrolls. */
  place(): void {
    if (!this.hooks) return;
    const r = this.hooks.rect();
    if (!r) {
      this.input.style.visibility = 'hidden';
      return;
    }
    const s = this.input.style;
    s.visibility = '';
    s.left = `${r.left}px`;
    s.top = `${r.top}px`;
    s.height = `${r.height}px`;
    s.minWidth = `${r.width}px`;
    this.fit();
  }

  /** The entry grows to the right with its text, as Excel's does. */
  private fit(): void {
    this.input.style.width = `${Math.max(0, this.input.value.length + 2)}ch`;
  }

  close(): void {
    this.hooks = undefined;
    this.input.hidden = true;
  }

  /** Enter in the formula bar or a click elsewhere: the entry goes into the cell. */
  finish(dr: number, dc: number, inRange = false): void {
    const hooks = this.hooks;
    if (!hooks) return;
    const text = this.input.value;
    this.close();
    hooks.commit(text, dr, dc, inRange);
  }

  private key(e: KeyboardEvent): void {
    const hooks = this.hooks;
    if (!hooks) return;
    let move: [number, number] | undefined;
    const inRange = e.key === 'Enter' || e.key === 'Tab';
    if (e.key === 'Enter') move = [e.shiftKey ? -1 : 1, 0];
    else if (e.key === 'Tab') move = [0, e.shiftKey ? -1 : 1];
    else if (this.mode === 'enter' && MOVES[e.key] && !e.shiftKey && !e.ctrlKey && !e.metaKey) move = MOVES[e.key];
    else if (e.key === 'F2') {
      // F2 switches between Enter and Edit mode, as in Excel.
      this.mode = this.mode === 'enter' ? 'edit' : 'enter';
      e.preventDefault();
      return;
    } else if (e.key === 'Escape') {
      e.preventDefault();
      this.close();
      hooks.cancel();
      return;
    }
    if (move) {
      e.preventDefault();
      this.finish(move[0], move[1], inRange);
    }
  }
}
