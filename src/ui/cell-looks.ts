// The page's side of cell looks: each distinct CSS block the worker sends (protocol LookCss)
// becomes one class in one stylesheet, made once per workbook, so a block of cells costs a
// class name per cell, never a style object.
import type { LookCss } from './protocol.js';

export class CellLooks {
  private readonly sheet: CSSStyleSheet;
  private readonly classes = new Map<string, string>();

  constructor() {
    const el = document.createElement('style');
    el.dataset.role = 'cell-looks';
    document.head.appendChild(el);
    this.sheet = el.sheet!;
  }

  /** The class of a look, its CSS rules added the first time it is seen. */
  classOf(look: LookCss): string {
    const key = `${look.cell}|${look.after ?? ''}|${look.before ?? ''}`;
    let name = this.classes.get(key);
    if (name) return name;
    name = `xl${this.classes.size}`;
    // Three classes deep, so that a look's alignment wins over the kind of value's (.ag-cell.k-num).
    const sel = `.ag-row .ag-cell.${name}`;
    const add = (rule: string): void => {
      try {
        this.sheet.insertRule(rule, this.sheet.cssRules.length);
      } catch {
        // a declaration this browser cannot read: the cell shows without it
      }
    };
    if (look.cell) add(`${sel}{${look.cell}}`);
    // Borders on the cell's ::before layer (its ::after is the selection's fill handle), an icon on its text's. The
    // layer reaches over the cell's own edges onto the grid's lines (the column's right border, the row's
    // bottom one), so that a border is drawn where the gridline is, not a pixel inside it.
    // The grid clips a cell to its inside, which would clip the layer: the cell lets it out and its
    // text is clipped instead (text that runs on over empty neighbours is not).
    if (look.after) {
      add(`${sel}{overflow:visible}`);
      add(`${sel}:not(.k-over) .cell-text{display:block;overflow:hidden;text-overflow:clip}`);
      add(`${sel}::before{content:"";position:absolute;top:-1px;left:-1px;right:-1px;bottom:-2px;box-sizing:border-box;pointer-events:none;${look.after}}`);
    }
    if (look.before) add(`${sel} .cell-text::before{position:absolute;left:2px;${look.before}}`);
    this.classes.set(key, name);
    return name;
  }
}
