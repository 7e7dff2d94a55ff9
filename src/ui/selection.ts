// The selected range as Excel draws it, and the mouse gestures that make it: a drag from a cell,
// Shift+click, and the fill handle at the range's bottom-right corner dragged down or right.
// The marks are classes of the cells (ag-grid cellClassRules): the range (tinted, its outline),
// the copied block's marquee, and the fill's target while the handle is dragged.
import { colToLetters } from '../formula/index.js';
import type { Area } from './protocol.js';

export interface Cell {
  row: number;
  col: number;
}

export const addrOf = (row: number, col: number): string => `${colToLetters(col)}${row + 1}`;

/** The range's name for the name box: "I3:K4", or the cell alone. */
export function areaText(a: Area): string {
  const first = addrOf(a.r1, a.c1);
  return a.r1 === a.r2 && a.c1 === a.c2 ? first : `${first}:${addrOf(a.r2, a.c2)}`;
}

export interface GridHooks {
  cellAt(target: EventTarget | null): Cell | undefined;
  range(): Area;
  extend(cell: Cell): void;
  /** A plain press on a cell: a new one-cell range there (before the grid moves its focus). */
  press(cell: Cell): void;
  fill(from: Area, to: Area): void;
  redraw(): void;
}

/** The fill handle: this many pixels at the corner cell's bottom-right. */
const HANDLE_PX = 8;

const inside = (a: Area | undefined, r: number, c: number): boolean => !!a && r >= a.r1 && r <= a.r2 && c >= a.c1 && c <= a.c2;

/**
 * Where a fill handle dragged to `to` fills: down or right of the range, whichever way the pointer
 * went farther (Excel fills in one direction); undefined while it is inside the range.
 */
export function fillTarget(range: Area, to: Cell): Area | undefined {
  const down = to.row - range.r2, right = to.col - range.c2;
  if (down <= 0 && right <= 0) return undefined;
  return down >= right ? { ...range, r2: to.row } : { ...range, c2: to.col };
}

export class SelectionMarks {
  private range: Area | undefined;
  private clip: Area | undefined;
  private target: Area | undefined;
  private hooks: GridHooks | undefined;
  private gesture: 'drag' | 'fill' | undefined;

  set(range: Area): void {
    this.range = range;
  }

  /** The copied block's marquee (until a paste of a cut, Escape or another copy). */
  setClip(area: Area | undefined): void {
    this.clip = area;
    this.hooks?.redraw();
  }

  clearClip(): void {
    this.clip = undefined;
  }

  get clipArea(): Area | undefined {
    return this.clip;
  }

  /** The marks of a cell as class text (" sel-in sel-top"), "" for none. */
  classText(r: number, c: number): string {
    const out: string[] = [];
    this.classes(r, c, out);
    return out.length ? ' ' + out.join(' ') : '';
  }

  /** The marks of a cell (classes), added to its kind's class by the grid's cellClass. */
  classes(r: number, c: number, out: string[]): void {
    const a = this.range;
    if (a && inside(a, r, c)) {
      if (!this.single()) out.push('sel-in');
      if (r === a.r1) out.push('sel-top');
      if (r === a.r2) out.push('sel-bottom');
      if (c === a.c1) out.push('sel-left');
      if (c === a.c2) out.push('sel-right');
      if (r === a.r2 && c === a.c2) out.push('sel-corner');
    }
    const k = this.clip;
    if (k && inside(k, r, c)) {
      if (r === k.r1) out.push('clip-top');
      if (r === k.r2) out.push('clip-bottom');
      if (c === k.c1) out.push('clip-left');
      if (c === k.c2) out.push('clip-right');
    }
    const t = this.target;
    if (t && inside(t, r, c)) {
      // the range the fill will cover, outlined as one block (dashed)
      if (!inside(a, r, c)) out.push('fill-in');
      if (r === t.r1) out.push('fill-top');
      if (r === t.r2) out.push('fill-bottom');
      if (c === t.c1) out.push('fill-left');
      if (c === t.c2) out.push('fill-right');
    }
  }

  private single(): boolean {
    const a = this.range;
    return !a || (a.r1 === a.r2 && a.c1 === a.c2);
  }

  /**
   * Pointer gestures on the grid's host element. They are taken before the grid sees them (the
   * grid moves its focus on pointerdown): Shift+click and the fill handle are kept from it.
   */
  attach(host: HTMLElement, hooks: GridHooks): void {
    this.hooks = hooks;
    host.addEventListener(
      'pointerdown',
      (e) => {
        if (e.button !== 0) return;
        const cell = hooks.cellAt(e.target);
        if (!cell) return;
        const range = hooks.range();
        const take = (): void => {
          // No focus move, no grid handling; the mouse events of this press are not sent either.
          e.preventDefault();
          e.stopPropagation();
        };
        if (cell.row === range.r2 && cell.col === range.c2 && this.onHandle(e)) {
          take();
          this.gesture = 'fill';
          this.target = undefined;
          return;
        }
        if (e.shiftKey) {
          take();
          hooks.extend(cell);
          return;
        }
        hooks.press(cell);
        this.gesture = 'drag';
      },
      true,
    );
    // Shift+click: the click that follows the press must not reach the grid either.
    host.addEventListener('click', (e) => e.shiftKey && hooks.cellAt(e.target) && (e.preventDefault(), e.stopPropagation()), true);
    window.addEventListener('pointermove', (e) => {
      if (!this.gesture) return;
      if (!(e.buttons & 1)) return void this.finish();
      const cell = hooks.cellAt(document.elementFromPoint(e.clientX, e.clientY));
      if (!cell) return;
      if (this.gesture === 'drag') hooks.extend(cell);
      else {
        const t = fillTarget(hooks.range(), cell);
        if (JSON.stringify(t) === JSON.stringify(this.target)) return;
        this.target = t;
        hooks.redraw();
      }
    });
    window.addEventListener('pointerup', () => this.finish());
  }

  private onHandle(e: MouseEvent): boolean {
    const el = (e.target as Element).closest('[data-addr]');
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.right - e.clientX <= HANDLE_PX && r.bottom - e.clientY <= HANDLE_PX;
  }

  private finish(): void {
    const gesture = this.gesture, target = this.target;
    this.gesture = undefined;
    this.target = undefined;
    if (gesture === 'fill' && this.hooks) {
      this.hooks.redraw();
      if (target) this.hooks.fill(this.hooks.range(), target);
    }
  }
}
