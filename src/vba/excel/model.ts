// The Excel object model a macro sees, over a workbook's cells (CellStore): Range and Cells, the
// selection (Select, Activate, ActiveCell, Selection, Application.Goto), worksheets by tab or
// code name, Application (calculation mode, Run, WorksheetFunction, Evaluate), the clipboard
// (Copy, Paste, PasteSpecial), AutoFill and formulas in A1 and R1C1. Display-only settings (Font,
// Interior, scroll position, status bar, …) are accepted and change nothing: a headless run has
// no screen. docs/vba.md lists what is covered.
import { MAX_COLS, MAX_ROWS, a1ToR1c1, parseBox } from '../../formula/index.js';
import { ErrorValue, type CellScalar } from '../../index.js';
import type { ArgValue, ObjectHost, ProcedureRunner, Scope } from '../language/host.js';
import { NOTHING as NOTHING_VALUE, VbaArray, VbaRefused, VbaRuntime, VbaUnsupported, isObject, toBool, toNumber, toStr, type ObjectValue, type Value } from '../language/values.js';
import type { CellStore } from './cells.js';
import { CALC_AUTOMATIC, CALC_MANUAL, CONSTANTS, PASTE } from './constants.js';
import { APPLICATION, DisplayObj, NamedObj, RangeObj, SHEETS, SheetObj, WINDOW, WORKBOOK, WORKSHEET_FUNCTION } from './objects.js';
import { address, autoFill, bounded, cellAt, endOf, locate, paste, quoteName, readValue, span, within, writeFormulas, writeValue } from './ranges.js';
import { SOLVER_PROCEDURES, solverCall } from './solver.js';
import { worksheetFunction } from './worksheet-function.js';

/** Names every module sees (besides sheets' code names and the Solver procedures). */
const GLOBALS = new Set([
  'application', 'thisworkbook', 'activeworkbook', 'activesheet', 'activecell', 'activewindow', 'selection',
  'range', 'cells', 'rows', 'columns', 'worksheets', 'sheets', 'calculate', 'calculatefull', 'worksheetfunction',
  'evaluate', 'workbooks',
]);

/** Application properties a headless run accepts and ignores (they only change what a screen shows). */
const DISPLAY_SWITCHES: Record<string, Value> = {
  screenupdating: true,
  enableevents: true,
  displayalerts: true,
  statusbar: false,
  displaystatusbar: true,
  interactive: true,
  cutcopymode: false,
  enableanimations: true,
  cursor: -4143,
  displayformulabar: true,
  displayfullscreen: false,
  askToUpdateLinks: true,
  iteration: false,
  maxiterations: 100,
  maxchange: 0.001,
  windowstate: -4143,
  caption: 'Microsoft Excel',
  referencestyle: 1,
};

/** Range members that only change how cells look: reading gives a display object, setting is ignored. */
const DISPLAY_MEMBERS = new Set([
  'font', 'interior', 'borders', 'characters', 'style', 'horizontalalignment', 'verticalalignment', 'wraptext',
  'columnwidth', 'rowheight', 'autofit', 'numberformat', 'numberformatlocal', 'indentlevel', 'orientation',
  'mergecells', 'merge', 'unmerge', 'borderaround', 'locked', 'formulahidden', 'shrinktofit', 'hidden',
  'clearformats', 'clearcomments', 'clearnotes', 'addcomment', 'comment', 'validation', 'formatconditions',
  'shrinktofit', 'show', 'displayformat', 'errors',
]);

/** Window members: scroll position, zoom, frozen panes, gridlines. */
const WINDOW_MEMBERS = new Set([
  'scrollcolumn', 'scrollrow', 'smallscroll', 'largescroll', 'scrollworkbooktabs', 'zoom', 'freezepanes',
  'splitcolumn', 'splitrow', 'split', 'displaygridlines', 'displayheadings', 'windowstate', 'visible', 'activate',
  'displayzeros', 'displayworkbooktabs', 'tabratio',
]);

export class ExcelModel implements ObjectHost {
  /** ActiveSheet; also where a standard module's unqualified Range() points. */
  activeSheet: string;
  private runner?: ProcedureRunner;
  /** The selection and active cell of each sheet (Excel keeps one per sheet). */
  private readonly selections = new Map<string, { selection: RangeObj; active: RangeObj }>();
  private clipboard?: { range: RangeObj; cut: boolean };
  private readonly app = new Map<string, Value>();
  /** Sheets by lower-case code name: a module may name any sheet so (`data.Range("A1")`). */
  private readonly codeNames = new Map<string, string>();
  private readonly modules = new Set<string>();

  constructor(
    readonly cells: CellStore,
    activeSheet: string,
    moduleNames: readonly string[] = [],
  ) {
    this.activeSheet = activeSheet;
    for (const s of cells.wb.sheets()) if (s.codeName) this.codeNames.set(s.codeName.toLowerCase(), s.name);
    for (const m of moduleNames) this.modules.add(m.toLowerCase());
  }

  /** The interpreter, for Application.Run, a sheet module's procedures, Debug.Print. */
  connect(runner: ProcedureRunner): void {
    this.runner = runner;
  }

  // ---- the selection ----

  private selected(sheet: string = this.activeSheet): { selection: RangeObj; active: RangeObj } {
    let s = this.selections.get(sheet);
    if (!s) {
      const a1cell = new RangeObj(sheet, { r1: 0, c1: 0, r2: 0, c2: 0 });
      s = { selection: a1cell, active: a1cell };
      this.selections.set(sheet, s);
    }
    return s;
  }

  /** Range.Select: the range becomes the selection, its first cell the active cell, its sheet the active sheet. */
  private select(r: RangeObj): void {
    this.activeSheet = r.sheet;
    this.selections.set(r.sheet, { selection: r, active: cellOf(r) });
  }

  /** Range.Activate: inside the selection, only the active cell moves; elsewhere it selects. */
  private activate(r: RangeObj): void {
    const s = this.selected(r.sheet);
    const b = s.selection.box, c = r.box;
    this.activeSheet = r.sheet;
    if (c.r1 >= b.r1 && c.r2 <= b.r2 && c.c1 >= b.c1 && c.c2 <= b.c2) this.selections.set(r.sheet, { selection: s.selection, active: cellOf(r) });
    else this.select(r);
  }

  // ---- ObjectHost ----

  isGlobal(lower: string): boolean {
    return GLOBALS.has(lower) || this.codeNames.has(lower) || SOLVER_PROCEDURES.has(lower);
  }

  constant(lower: string): Value | undefined {
    return CONSTANTS[lower];
  }

  global(lower: string, args: ArgValue[] | undefined, scope: Scope): Value | undefined {
    const a = args ?? [];
    switch (lower) {
      case 'me':
        return scope.sheet === undefined ? undefined : new SheetObj(scope.sheet);
      case 'application':
        return APPLICATION;
      case 'thisworkbook':
      case 'activeworkbook':
        return WORKBOOK;
      case 'workbooks':
        throw new VbaRefused('Workbooks (other workbooks)');
      case 'activesheet':
        return new SheetObj(this.activeSheet);
      case 'activecell':
        return this.selected().active;
      case 'activewindow':
        return WINDOW;
      case 'selection':
        return this.selected().selection;
      case 'worksheetfunction':
        return WORKSHEET_FUNCTION;
      case 'range':
        return this.rangeOf(this.contextSheet(scope), a);
      case 'cells':
      case 'rows':
      case 'columns':
        return this.wholeSheet(this.contextSheet(scope), lower, a);
      case 'worksheets':
      case 'sheets':
        return a.length ? this.worksheet(a) : SHEETS;
      case 'calculate':
      case 'calculatefull':
        this.noArgs(lower, a);
        this.cells.calculate();
        return null;
      case 'evaluate':
        return this.evaluate(a, scope);
    }
    if (SOLVER_PROCEDURES.has(lower)) return solverCall(lower, a, { cells: this.cells, sheet: this.activeSheet });
    const sheet = this.codeNames.get(lower);
    if (sheet !== undefined && !this.modules.has(lower)) return new SheetObj(sheet);
    if (sheet !== undefined) return new SheetObj(sheet);
    return undefined;
  }

  value(obj: ObjectValue): Value {
    if (obj instanceof RangeObj) return readValue(this.cells, obj);
    if (obj instanceof DisplayObj) return null;
    if (obj === APPLICATION) return 'Microsoft Excel';
    if (obj instanceof SheetObj) throw new VbaRuntime(`type mismatch: a Worksheet has no value`, 13);
    throw new VbaRuntime(`type mismatch: ${obj.typeName} has no value`, 13);
  }

  setValue(obj: ObjectValue, value: Value): void {
    if (obj instanceof RangeObj) return writeValue(this.cells, obj, value);
    if (obj instanceof DisplayObj) return;
    throw new VbaRuntime(`cannot assign to a ${obj.typeName}`, 438);
  }

  index(obj: ObjectValue, args: ArgValue[], scope: Scope): Value {
    if (obj instanceof RangeObj) return this.item(obj, args);
    if (obj === SHEETS) return this.worksheet(args);
    if (obj instanceof DisplayObj) return obj;
    if (obj === WORKSHEET_FUNCTION) throw new VbaRuntime('WorksheetFunction cannot be called', 438);
    void scope;
    throw new VbaRuntime(`${obj.typeName} cannot be indexed`, 438);
  }

  *items(obj: ObjectValue): Iterable<Value> {
    if (obj instanceof RangeObj) {
      const b = obj.box;
      if (obj.by === 'rows') for (let r = b.r1; r <= b.r2; r++) yield new RangeObj(obj.sheet, { ...b, r1: r, r2: r });
      else if (obj.by === 'columns') for (let c = b.c1; c <= b.c2; c++) yield new RangeObj(obj.sheet, { ...b, c1: c, c2: c });
      else {
        const box = obj.rows * obj.cols > 1_000_000 ? bounded(this.cells, obj) : b;
        for (let r = box.r1; r <= box.r2; r++) for (let c = box.c1; c <= box.c2; c++) yield new RangeObj(obj.sheet, { r1: r, c1: c, r2: r, c2: c });
      }
      return;
    }
    if (obj === SHEETS || obj === WORKBOOK) {
      for (const s of this.cells.wb.sheetNames) yield new SheetObj(s);
      return;
    }
    throw new VbaRuntime(`For Each over a ${obj.typeName} is not supported`, 438);
  }

  member(obj: ObjectValue, name: string, args: ArgValue[], scope: Scope): Value {
    const lower = name.toLowerCase();
    if (obj instanceof RangeObj) return this.rangeMember(obj, lower, name, args);
    if (obj instanceof SheetObj) return this.sheetMember(obj, lower, name, args);
    if (obj instanceof DisplayObj) return new DisplayObj(name);
    if (obj === APPLICATION) return this.appMember(lower, name, args, scope);
    if (obj === WORKSHEET_FUNCTION) return worksheetFunction(this.cells, this.activeSheet, name, args.map((a) => a.value), true);
    if (obj === WINDOW) {
      if (lower === 'rangeselection') return this.selected().selection;
      if (lower === 'activecell') return this.selected().active;
      if (lower === 'activesheet') return new SheetObj(this.activeSheet);
      if (WINDOW_MEMBERS.has(lower)) return new DisplayObj(name);
      throw new VbaUnsupported(`Window.${name} is not supported`);
    }
    if (obj === WORKBOOK) {
      if (lower === 'worksheets' || lower === 'sheets') return args.length ? this.worksheet(args) : SHEETS;
      if (lower === 'activesheet') return new SheetObj(this.activeSheet);
      if (lower === 'name') return 'workbook';
      if (lower === 'application') return APPLICATION;
      throw new VbaUnsupported(`Workbook.${name} is not supported`);
    }
    if (obj === SHEETS) {
      if (lower === 'count') return this.cells.wb.sheetNames.length;
      if (lower === 'item') return this.worksheet(args);
      throw new VbaUnsupported(`Sheets.${name} is not supported`);
    }
    throw new VbaUnsupported(`${obj.typeName}.${name} is not supported`);
  }

  setMember(obj: ObjectValue, name: string, args: ArgValue[], value: Value, scope: Scope): void {
    const lower = name.toLowerCase();
    void scope;
    if (obj instanceof RangeObj) {
      if (lower === 'value' || lower === 'value2') return writeValue(this.cells, obj, value);
      if (lower === 'formula' || lower === 'formulalocal') return writeFormulas(this.cells, obj, toStr(this.scalar(value)), false);
      if (lower === 'formular1c1' || lower === 'formular1c1local') return writeFormulas(this.cells, obj, toStr(this.scalar(value)), true);
      if (lower === 'formulaarray') return this.formulaArray(obj, toStr(this.scalar(value)));
      if (DISPLAY_MEMBERS.has(lower)) return;
      throw new VbaUnsupported(`Range.${name} = is not supported`);
    }
    if (obj instanceof DisplayObj || obj === WINDOW) return;
    if (obj === APPLICATION) {
      if (lower === 'calculation') {
        const mode = toNumber(this.scalar(value));
        if (![CALC_MANUAL, CALC_AUTOMATIC, CONSTANTS.xlcalculationsemiautomatic].includes(mode)) throw new VbaRuntime(`Calculation cannot be ${mode}`);
        this.cells.manual = mode === CALC_MANUAL;
        return;
      }
      if (lower in DISPLAY_SWITCHES || lower === 'asktoupdatelinks') {
        if (lower === 'cutcopymode' && !toBool(this.scalar(value))) this.clipboard = undefined;
        this.app.set(lower, this.scalar(value));
        return;
      }
    }
    if (obj instanceof SheetObj && (lower === 'visible' || lower === 'displaypagebreaks' || lower === 'enablecalculation')) return;
    throw new VbaUnsupported(`${obj.typeName}.${name} = is not supported`);
  }

  // ---- Application ----

  private appMember(lower: string, name: string, args: ArgValue[], scope: Scope): Value {
    if (lower === 'calculation') return this.cells.manual ? CALC_MANUAL : CALC_AUTOMATIC;
    if (lower in DISPLAY_SWITCHES) return this.app.get(lower) ?? DISPLAY_SWITCHES[lower]!;
    switch (lower) {
      case 'calculate':
      case 'calculatefull':
      case 'calculatefullrebuild':
        this.noArgs(name, args);
        this.cells.calculate();
        return null;
      case 'activesheet':
      case 'thisworkbook':
      case 'activeworkbook':
      case 'activecell':
      case 'activewindow':
      case 'selection':
      case 'range':
      case 'cells':
      case 'rows':
      case 'columns':
      case 'worksheets':
      case 'sheets':
      case 'worksheetfunction':
      case 'evaluate':
      case 'workbooks':
        return this.global(lower, args, scope)!;
      case 'goto': {
        const ref = this.arg(args, 0, 'reference');
        const r = ref instanceof RangeObj ? ref : typeof ref === 'string' ? locate(this.cells, this.activeSheet, ref.replace(/^=/, '')) : undefined;
        if (!r) throw new VbaRuntime('Application.Goto needs a Range or an address');
        this.select(r);
        return null;
      }
      case 'run': {
        const macro = this.arg(args, 0, 'macro');
        if (typeof macro !== 'string') throw new VbaRuntime('Application.Run needs the macro name as text', 13);
        // 'Other.xlsm'!Macro reaches another workbook: the sandbox refuses it.
        if (/!|\.xl[sa]/i.test(macro)) throw new VbaRefused(`Application.Run of another workbook's macro (${macro})`);
        const dot = macro.lastIndexOf('.');
        const module = dot < 0 ? undefined : macro.slice(0, dot);
        const proc = dot < 0 ? macro : macro.slice(dot + 1);
        const rest = args.slice(1).map((a) => ({ value: a.value }));
        const done = this.runner?.runProcedure(module, proc, rest) ?? (module !== undefined ? this.sheetRun(module, proc, rest) : undefined);
        if (!done) throw new VbaRuntime(`the macro '${macro}' cannot be found`, 1004);
        return done.value;
      }
      case 'inputbox': {
        const d = this.arg(args, 2, 'default');
        return d === undefined ? '' : d;
      }
      case 'wait':
      case 'volatile':
      case 'onkey':
      case 'doevents':
        return true;
      case 'version':
        return '16.0';
      case 'name':
        return 'Microsoft Excel';
      case 'intersect':
        return this.intersect(args.map((a) => a.value));
      case 'union':
        throw new VbaUnsupported('Application.Union (ranges of several areas) is not supported');
    }
    // Application.Sum(…) and the like: the worksheet function, an error value returned rather than raised.
    return worksheetFunction(this.cells, this.activeSheet, name, args.map((a) => a.value), false);
  }

  private sheetRun(module: string, proc: string, args: ArgValue[]): { value: Value } | undefined {
    const sheet = this.codeNames.get(module.toLowerCase()) ?? this.cells.wb.sheetNames.find((s) => s.toLowerCase() === module.toLowerCase());
    return sheet === undefined ? undefined : this.runner?.sheetModuleMember(sheet, proc, args);
  }

  private intersect(ranges: (Value | undefined)[]): Value {
    const rs = ranges.filter((r): r is RangeObj => r instanceof RangeObj);
    if (rs.length < 2 || rs.some((r) => r.sheet !== rs[0]!.sheet)) throw new VbaRuntime('Intersect needs ranges of one sheet');
    const box = rs.reduce((b, r) => ({ r1: Math.max(b.r1, r.box.r1), c1: Math.max(b.c1, r.box.c1), r2: Math.min(b.r2, r.box.r2), c2: Math.min(b.c2, r.box.c2) }), rs[0]!.box);
    if (box.r1 > box.r2 || box.c1 > box.c2) return NOTHING_VALUE;
    return new RangeObj(rs[0]!.sheet, box);
  }

  /** Evaluate("=SUM(A1:A3)") or Evaluate("A1"): a formula on the active sheet, or a range. */
  private evaluate(args: ArgValue[], scope: Scope): Value {
    const text = this.arg(args, 0, 'name');
    if (typeof text !== 'string') throw new VbaRuntime('Evaluate needs text', 13);
    const sheet = this.contextSheet(scope);
    const t = text.replace(/^=/, '');
    // A reference or a defined name is the range itself ([A1] = 1 writes A1); anything else a formula's value.
    if (/^(?:'[^']+'!|[A-Za-z_][\w.]*!)?[$\w.\\]+(?::[$\w]+)?$/.test(t.trim())) {
      try {
        return locate(this.cells, sheet, t);
      } catch (e) {
        if (!(e instanceof VbaRuntime)) throw e;
      }
    }
    if (!this.cells.manual) this.cells.flush();
    const v = this.cells.wb.evaluate(t, sheet);
    return Array.isArray(v) ? VbaArray.fromGrid(v) : v;
  }

  // ---- Worksheet ----

  private sheetMember(sheet: SheetObj, lower: string, name: string, args: ArgValue[]): Value {
    switch (lower) {
      case 'range':
        return this.rangeOf(sheet.sheet, args);
      case 'cells':
      case 'rows':
      case 'columns':
        return this.wholeSheet(sheet.sheet, lower, args);
      case 'calculate':
        this.noArgs(name, args);
        this.cells.calculate(sheet.sheet);
        return null;
      case 'name':
      case 'codename':
        return lower === 'name' ? sheet.sheet : (this.cells.wb.sheets().find((s) => s.name === sheet.sheet)?.codeName ?? sheet.sheet);
      case 'index':
        return this.cells.wb.sheetNames.indexOf(sheet.sheet) + 1;
      case 'activate':
      case 'select':
        this.activeSheet = sheet.sheet;
        return null;
      case 'usedrange': {
        const { row, col } = this.cells.extent(sheet.sheet);
        return new RangeObj(sheet.sheet, { r1: 0, c1: 0, r2: row, c2: col });
      }
      case 'paste': {
        const dest = this.arg(args, 0, 'destination');
        this.pasteAll(dest instanceof RangeObj ? dest : this.selected(sheet.sheet).selection);
        return null;
      }
      case 'parent':
        return WORKBOOK;
      case 'visible':
        return -1;
      case 'protect':
      case 'unprotect':
      case 'enableselection':
      case 'scrollarea':
        return null;
    }
    // A procedure of the sheet's module, called through its code name (`basic.onestep`).
    const done = this.runner?.sheetModuleMember(sheet.sheet, name, args);
    if (done) return done.value;
    throw new VbaUnsupported(`Worksheet.${name} is not supported`);
  }

  // ---- Range ----

  private rangeMember(r: RangeObj, lower: string, name: string, args: ArgValue[]): Value {
    const n = (i: number, dflt: number, key?: string): number => {
      const v = this.arg(args, i, key ?? '');
      return v === undefined ? dflt : toNumber(this.scalar(v));
    };
    const { box } = r;
    switch (lower) {
      case 'value':
      case 'value2':
        return readValue(this.cells, r);
      case 'text': {
        const v = this.cells.read(r.sheet, { r1: box.r1, c1: box.c1, r2: box.r1, c2: box.c1 })[0]![0]!;
        return cellText(v);
      }
      case 'formula':
      case 'formulalocal':
      case 'formular1c1':
      case 'formular1c1local': {
        const r1c1 = lower.startsWith('formular1c1');
        const grid = this.cells.formulasIn(r.sheet, box);
        const values = this.cells.read(r.sheet, box);
        const one = (i: number, j: number): string => {
          const f = grid[i]![j];
          return f == null ? cellText(values[i]![j]!, true) : r1c1 ? a1ToR1c1(f, box.r1 + i, box.c1 + j) : f;
        };
        if (r.rows * r.cols === 1) return one(0, 0);
        return VbaArray.fromGrid(grid.map((row, i) => row.map((_, j) => one(i, j))));
      }
      case 'hasformula': {
        const grid = this.cells.formulasIn(r.sheet, box).flat();
        return grid.every((f) => f !== null) ? true : grid.every((f) => f === null) ? false : null;
      }
      case 'copy': {
        const dest = this.arg(args, 0, 'destination');
        if (dest === undefined) {
          this.clipboard = { range: r, cut: false };
          return true;
        }
        if (!(dest instanceof RangeObj)) throw new VbaRuntime('Copy Destination needs a Range', 13);
        paste(this.cells, r, dest, { formulas: true, skipBlanks: false, transpose: false });
        return true;
      }
      case 'cut': {
        const dest = this.arg(args, 0, 'destination');
        if (dest === undefined) {
          this.clipboard = { range: r, cut: true };
          return true;
        }
        if (!(dest instanceof RangeObj)) throw new VbaRuntime('Cut Destination needs a Range', 13);
        this.move(r, dest);
        return true;
      }
      case 'pastespecial':
        this.pasteSpecial(r, args);
        return true;
      case 'autofill': {
        const dest = this.arg(args, 0, 'destination');
        if (!(dest instanceof RangeObj)) throw new VbaRuntime('AutoFill needs Destination:=Range', 13);
        const type = n(1, CONSTANTS.xlfilldefault as number, 'type');
        if (type !== 0 && type !== 1 && type !== 2 && type !== 3 && type !== 4) throw new VbaUnsupported(`AutoFill Type:=${type} is not supported`);
        if (type === 3) return true; // xlFillFormats: formats only
        autoFill(this.cells, r, dest, type === 4 ? 1 : type);
        return true;
      }
      case 'filldown':
      case 'fillright': {
        const down = lower === 'filldown';
        const first = new RangeObj(r.sheet, down ? { ...box, r2: box.r1 } : { ...box, c2: box.c1 });
        if ((down ? r.rows : r.cols) > 1) autoFill(this.cells, first, r, 1);
        return null;
      }
      case 'offset': {
        const dr = n(0, 0, 'rowoffset'), dc = n(1, 0, 'columnoffset');
        return within(r.sheet, { r1: box.r1 + dr, c1: box.c1 + dc, r2: box.r2 + dr, c2: box.c2 + dc }, 'Offset');
      }
      case 'resize':
        return within(r.sheet, { ...box, r2: box.r1 + n(0, r.rows, 'rowsize') - 1, c2: box.c1 + n(1, r.cols, 'columnsize') - 1 }, 'Resize');
      case 'end':
        return endOf(this.cells, r, n(0, NaN, 'direction'));
      case 'cells':
      case 'item':
        return args.length ? cellAt(r, args.map((a) => this.scalar(a.value ?? null))) : new RangeObj(r.sheet, box);
      case 'rows':
      case 'columns': {
        const by = lower as 'rows' | 'columns';
        const all = new RangeObj(r.sheet, box, by);
        return args.length ? this.item(all, args) : all;
      }
      case 'entirerow':
        return new RangeObj(r.sheet, { r1: box.r1, c1: 0, r2: box.r2, c2: MAX_COLS - 1 }, 'rows');
      case 'entirecolumn':
        return new RangeObj(r.sheet, { r1: 0, c1: box.c1, r2: MAX_ROWS - 1, c2: box.c2 }, 'columns');
      case 'range': {
        const rel = this.rangeOf(r.sheet, args, true);
        return within(r.sheet, { r1: box.r1 + rel.box.r1, c1: box.c1 + rel.box.c1, r2: box.r1 + rel.box.r2, c2: box.c1 + rel.box.c2 }, 'Range');
      }
      case 'currentregion':
        return this.currentRegion(r);
      case 'row':
        return box.r1 + 1;
      case 'column':
        return box.c1 + 1;
      case 'count':
      case 'countlarge':
        return r.by === 'rows' ? r.rows : r.by === 'columns' ? r.cols : r.rows * r.cols;
      case 'address': {
        const rowAbs = toBool(this.scalar(this.arg(args, 0, 'rowabsolute') ?? true));
        const colAbs = toBool(this.scalar(this.arg(args, 1, 'columnabsolute') ?? true));
        const external = toBool(this.scalar(this.arg(args, 3, 'external') ?? false));
        const text = address(box).replace(/\$([A-Z]+)\$(\d+)/g, (_, c: string, d: string) => `${colAbs ? '$' : ''}${c}${rowAbs ? '$' : ''}${d}`);
        return external ? `[workbook]${quoteName(r.sheet)}!${text}` : text;
      }
      case 'clear':
      case 'clearcontents':
        this.noArgs(name, args);
        this.cells.write(r.sheet, bounded(this.cells, r), () => null);
        return null;
      case 'calculate':
        this.noArgs(name, args);
        this.cells.calculate(r.sheet);
        return null;
      case 'select':
        this.select(r);
        return true;
      case 'activate':
        this.activate(r);
        return true;
      case 'show':
        return true;
      case 'worksheet':
        return new SheetObj(r.sheet);
      case 'parent':
        return new SheetObj(r.sheet);
      case 'application':
        return APPLICATION;
    }
    if (DISPLAY_MEMBERS.has(lower)) return new DisplayObj(name);
    throw new VbaUnsupported(`Range.${name} is not supported`);
  }

  /** Range(…)(i), Rows(i), Columns("B:C"): an item of a range as it is walked. */
  private item(r: RangeObj, args: ArgValue[]): Value {
    const idx = args.map((a) => this.scalar(a.value ?? null));
    const b = r.box;
    if (r.by === 'cells' || idx.length === 2) return cellAt(r, idx);
    const v = idx[0]!;
    if (r.by === 'rows') {
      if (typeof v === 'string') {
        const m = /^(\d+)(?::(\d+))?$/.exec(v.replace(/\$/g, ''));
        if (!m) throw new VbaRuntime(`Rows("${v}")`, 13);
        return by(within(r.sheet, { ...b, r1: b.r1 + Number(m[1]) - 1, r2: b.r1 + Number(m[2] ?? m[1]) - 1 }, 'Rows'), 'rows');
      }
      const k = b.r1 + toNumber(v) - 1;
      return by(within(r.sheet, { ...b, r1: k, r2: k }, 'Rows'), 'rows');
    }
    if (typeof v === 'string' && !/^\d+$/.test(v)) {
      const box = parseBox(v.replace(/\$/g, '').includes(':') ? v.replace(/\$/g, '') : `${v}:${v}`.replace(/\$/g, ''));
      if (!box) throw new VbaRuntime(`Columns("${v}")`, 13);
      return by(within(r.sheet, { ...b, c1: b.c1 + box.c1, c2: b.c1 + box.c2 }, 'Columns'), 'columns');
    }
    const k = b.c1 + toNumber(v) - 1;
    return by(within(r.sheet, { ...b, c1: k, c2: k }, 'Columns'), 'columns');
  }

  /** CurrentRegion: the block of filled cells around a cell, grown until an empty row and column surround it. */
  private currentRegion(r: RangeObj): RangeObj {
    const box = { ...r.box };
    const { row, col } = this.cells.extent(r.sheet);
    for (let grown = true; grown; ) {
      grown = false;
      // A strip beside the box (diagonal cells included), cut to the sheet and its filled extent.
      const probe = (b: { r1: number; c1: number; r2: number; c2: number }): boolean => {
        const r1 = Math.max(0, b.r1), c1 = Math.max(0, b.c1), r2 = Math.min(b.r2, row), c2 = Math.min(b.c2, col);
        return b.r2 >= 0 && b.c2 >= 0 && r1 <= r2 && c1 <= c2 && this.cells.filled(r.sheet, { r1, c1, r2, c2 }).some((x) => x.some(Boolean));
      };
      if (probe({ r1: box.r1 - 1, c1: box.c1 - 1, r2: box.r1 - 1, c2: box.c2 + 1 })) (box.r1--, (grown = true));
      if (probe({ r1: box.r2 + 1, c1: box.c1 - 1, r2: box.r2 + 1, c2: box.c2 + 1 })) (box.r2++, (grown = true));
      if (probe({ r1: box.r1 - 1, c1: box.c1 - 1, r2: box.r2 + 1, c2: box.c1 - 1 })) (box.c1--, (grown = true));
      if (probe({ r1: box.r1 - 1, c1: box.c2 + 1, r2: box.r2 + 1, c2: box.c2 + 1 })) (box.c2++, (grown = true));
      box.r1 = Math.max(0, box.r1);
      box.c1 = Math.max(0, box.c1);
    }
    return new RangeObj(r.sheet, box);
  }

  /** FormulaArray: one array formula over the range (as Ctrl+Shift+Enter), held by the workbook as Excel stores it. */
  private formulaArray(r: RangeObj, formula: string): void {
    if (r.rows * r.cols > 100_000) throw new VbaRuntime('FormulaArray over more than 100,000 cells');
    this.cells.writeArrayFormula(r.sheet, r.box, formula.startsWith('=') ? formula : '=' + formula);
  }

  /** PasteSpecial Paste:=…, Operation:=…, SkipBlanks:=…, Transpose:=… of the copied range. */
  private pasteSpecial(dest: RangeObj, args: ArgValue[]): void {
    const names = ['paste', 'operation', 'skipblanks', 'transpose'];
    for (const a of args) if (a.name && !names.includes(a.name.toLowerCase())) throw new VbaRuntime(`PasteSpecial has no argument ${a.name}`, 448);
    const get = (i: number): Value | undefined => this.arg(args, i, names[i]!);
    const pasteType = get(0) === undefined ? PASTE.all : toNumber(this.scalar(get(0)!));
    const op = get(1) === undefined ? -4142 : toNumber(this.scalar(get(1)!));
    const operation = op === 2 ? 'add' : op === 3 ? 'subtract' : op === 4 ? 'multiply' : op === 5 ? 'divide' : undefined;
    if (op !== -4142 && !operation) throw new VbaRuntime(`PasteSpecial Operation:=${op}`, 1004);
    if (!this.clipboard) throw new VbaRuntime('PasteSpecial with nothing copied (Copy first)', 1004);
    const opts = { operation, skipBlanks: toBool(this.scalar(get(2) ?? false)), transpose: toBool(this.scalar(get(3) ?? false)) } as const;
    switch (pasteType) {
      case PASTE.values:
      case PASTE.valuesAndNumberFormats:
        return paste(this.cells, this.clipboard.range, dest, { ...opts, formulas: false });
      case PASTE.all:
      case PASTE.formulas:
      case PASTE.formulasAndNumberFormats:
      case CONSTANTS.xlpasteallexceptborders:
        return paste(this.cells, this.clipboard.range, dest, { ...opts, formulas: true });
      case PASTE.formats:
      case CONSTANTS.xlpastecolumnwidths:
      case CONSTANTS.xlpastecomments:
        return; // formats only: nothing a headless run keeps
    }
    throw new VbaUnsupported(`PasteSpecial Paste:=${pasteType} is not supported`);
  }

  /** ActiveSheet.Paste: formulas and values of the copied (or cut) range. */
  private pasteAll(dest: RangeObj): void {
    if (!this.clipboard) throw new VbaRuntime('Paste with nothing copied (Copy first)', 1004);
    if (this.clipboard.cut) {
      this.move(this.clipboard.range, dest);
      this.clipboard = undefined;
      return;
    }
    paste(this.cells, this.clipboard.range, dest, { formulas: true, skipBlanks: false, transpose: false });
  }

  /** Cut and paste: the cells move (formulas keep what they refer to), the source is emptied. */
  private move(src: RangeObj, dest: RangeObj): void {
    const values = this.cells.read(src.sheet, src.box);
    const formulas = this.cells.formulasIn(src.sheet, src.box);
    this.cells.write(src.sheet, src.box, () => null);
    values.forEach((row, i) =>
      row.forEach((v, j) => {
        const f = formulas[i]![j];
        if (f) this.cells.writeFormula(dest.sheet, dest.box.r1 + i, dest.box.c1 + j, f);
        else this.cells.writeCell(dest.sheet, dest.box.r1 + i, dest.box.c1 + j, v);
      }),
    );
  }

  // ---- ranges and sheets ----

  /** Where an unqualified Range() points: a sheet module's own sheet, else the active sheet. */
  private contextSheet(scope: Scope): string {
    return scope.sheet ?? this.activeSheet;
  }

  /** Cells, Rows, Columns of a sheet: the whole sheet walked by cells, rows or columns, or an item of it. */
  private wholeSheet(sheet: string, lower: string, args: ArgValue[]): Value {
    const whole = new RangeObj(sheet, { r1: 0, c1: 0, r2: MAX_ROWS - 1, c2: MAX_COLS - 1 }, lower === 'cells' ? 'cells' : (lower as 'rows' | 'columns'));
    return args.length ? this.item(whole, args) : whole;
  }

  /** Range("A1"), Range("name"), Range("Sheet!A1:B2"), Range(cell1, cell2) on a sheet. */
  private rangeOf(sheet: string, args: ArgValue[], relative = false): RangeObj {
    if (args.length < 1 || args.length > 2) throw new VbaRuntime(`Range takes 1 or 2 arguments, not ${args.length}`, 450);
    const parts = args.map((a) => {
      const v = a.value;
      if (v instanceof RangeObj) return v;
      const text = this.scalar(v ?? null);
      if (typeof text !== 'string') throw new VbaRuntime(`Range needs an address or a name, not ${text === null ? 'Empty' : typeof text}`, 1004);
      if (relative) {
        const box = parseBox(text.replace(/\$/g, ''));
        if (!box) throw new VbaUnsupported(`Range("${text}") inside a range takes an A1 address`);
        return new RangeObj(sheet, box);
      }
      return locate(this.cells, sheet, text);
    });
    return parts.length === 1 ? parts[0]! : span(parts[0]!, parts[1]!);
  }

  private worksheet(args: ArgValue[]): SheetObj {
    if (args.length !== 1) throw new VbaUnsupported('Worksheets without one name or index');
    const v = this.scalar(args[0]!.value ?? null);
    const names = this.cells.wb.sheetNames;
    const name = typeof v === 'string' ? names.find((s) => s.toLowerCase() === v.toLowerCase()) : names[toNumber(v) - 1];
    if (name === undefined) throw new VbaRuntime(`subscript out of range: no worksheet ${JSON.stringify(v)} (sheets: ${names.join(', ')})`, 9);
    return new SheetObj(name);
  }

  /** Argument `i` by position, or by its name (`Destination:=`). */
  private arg(args: ArgValue[], i: number, key: string): Value | undefined {
    const named = key ? args.find((a) => a.name?.toLowerCase() === key) : undefined;
    if (named) return named.value;
    const positional = args.filter((a) => !a.name);
    return positional[i]?.value;
  }

  private scalar(v: Value): CellScalar {
    const x = isObject(v) ? this.value(v) : v;
    if (x instanceof VbaArray || isObject(x)) throw new VbaRuntime('type mismatch: an array or object where a value is needed', 13);
    return x;
  }

  private noArgs(name: string, args: ArgValue[]): void {
    if (args.length) throw new VbaUnsupported(`${name} with arguments is not supported`);
  }
}


/** Rows(2), Columns("B:C"): a range that counts and walks by rows or columns. */
function by(r: RangeObj, how: 'rows' | 'columns'): RangeObj {
  return new RangeObj(r.sheet, r.box, how);
}

function cellOf(r: RangeObj): RangeObj {
  return new RangeObj(r.sheet, { r1: r.box.r1, c1: r.box.c1, r2: r.box.r1, c2: r.box.c1 });
}

/** A cell's value as text, as Range.Text or Formula of a constant shows it. */
function cellText(v: CellScalar, forFormula = false): string {
  if (v === null) return '';
  if (v instanceof ErrorValue) return v.code;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return forFormula || typeof v === 'string' ? String(v) : toStr(v);
}
