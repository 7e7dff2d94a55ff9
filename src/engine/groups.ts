// Columns of one formula copied down many rows (=SUMPRODUCT(OFFSET(users,A2-1,0,1,5),…) on
// every rating row) held by the engine as ONE formula that evaluates the shared formula once per
// row. HyperFormula's bookkeeping is per formula vertex: on the 100,000-row embedding workbook,
// two columns as two vertices cut building the engine from 5.3 s to 3.6 s here, and the values
// are the same: each row runs the very AST its own cell would, at its own address. A group is
// formed only where that cannot change a result: no row reads a cell of the group's own column
// range, nor a formula cell outside some group, and groups do not read each other in a cycle.
// Editing a cell inside a group splits it back into single formulas. Rows of one CSE array
// formula one row high (MMULT of an image row by the weights, over the row's ten logit cells)
// group too: the group's value is then rows x width, each row its own formula's fitted result.
import {
  ArraySize,
  CellError,
  EmptyValue,
  ErrorType,
  FunctionArgumentType,
  FunctionPlugin,
  HyperFormula,
  SimpleRangeValue,
  type ImplementedFunctions,
} from 'hyperformula';
import { parseBox, splitSheet, tokenize, type Box } from '../formula/index.js';
import type { WorkbookModel } from '../xlsx/index.js';
import { groupReads } from './functions/dynamic-reads.js';
import { literalNumber, type InterpreterState, type ProcedureAst } from './functions/internals.js';
import { relativeKey } from './parse-memo.js';
import { a1Text } from './refs.js';
import { toEngineArrayFormula, toEngineFormula } from './translate.js';

/** Runs shorter than this stay single formulas: the saving would not be measurable. */
export const MIN_GROUP_ROWS = 256;
/**
 * Formulas whose value may be an array that spills (the outermost call is an array function): a
 * group holds one value per row, so these stay single formulas.
 */
const ARRAY_RESULT = /^\s*(?:_xlfn\.)?(?:OFFSETROW|SOFTMAX|SIGMOID|MMULT_GPU|MMULT|TRANSPOSE|GRAD|GRADSTEP|SEQUENCE|FILTER|SORT|UNIQUE)\s*\(/i;
export const GROUP_FUNCTION = 'GS.ROWS';

export interface FormulaGroup {
  sheet: number;
  col: number;
  r1: number;
  r2: number;
  /** The formula of the group's first row, as Excel wrote it (structured references as A1). */
  template: string;
  /** The same, as the engine parses it. */
  engineTemplate: string;
  /** Every cell any row reads statically, as boxes (sheet, box). */
  reads: { sheet: number; box: Box }[];
  /** A group of one-row CSE array formulas: the width of each row's box (its anchor in `col`). */
  width?: number;
}

type Sheeted = { sheet: number; box: Box };

/** Find the groups of a workbook (array formulas never group). */
// Finding the groups of a 100,000-row sheet costs a few hundred milliseconds; training finds them
// on the file's model and then builds the engine from the same model, so they are kept per model.
// (Only formulas decide the groups, and nothing changes a model's formulas after reading.)
const found = new WeakMap<WorkbookModel, FormulaGroup[]>();

export function findGroups(model: WorkbookModel): FormulaGroup[] {
  let groups = found.get(model);
  if (!groups) found.set(model, (groups = findGroupsOnce(model)));
  return groups.map((g) => ({ ...g }));
}

function findGroupsOnce(model: WorkbookModel): FormulaGroup[] {
  const candidates: FormulaGroup[] = [];
  model.sheets.forEach((sheet, s) => {
    const runs = new Map<number, { r1: number; last: number; key: string; template: string; width?: number }>();
    const close = (col: number): void => {
      const run = runs.get(col);
      if (run && run.last - run.r1 + 1 >= MIN_GROUP_ROWS) {
        const g: FormulaGroup = { sheet: s, col, r1: run.r1, r2: run.last, template: run.template, engineTemplate: '', reads: [] };
        if (run.width !== undefined) g.width = run.width;
        candidates.push(g);
      }
      runs.delete(col);
    };
    for (const cell of sheet.cells) {
      // A CSE array formula groups when its box is one row from its own cell rightwards.
      const b = cell.array;
      const width = b && b.r1 === cell.row && b.r2 === cell.row && b.c1 === cell.col ? b.c2 - b.c1 + 1 : undefined;
      const groupable = cell.formula !== undefined && (b ? width !== undefined : !ARRAY_RESULT.test(cell.formula));
      // Structured references are compared as A1 references: a column of `[@Age]` is one relative formula.
      const text = groupable ? a1Text(model, cell.formula!, { sheet: s, row: cell.row, col: cell.col }) : undefined;
      let key = text === undefined ? undefined : relativeKey(text, { sheet: s, row: cell.row, col: cell.col });
      if (key !== undefined && width !== undefined) key = `{${width}}${key}`;
      const run = runs.get(cell.col);
      if (run && key !== undefined && run.key === key && run.last === cell.row - 1) {
        run.last = cell.row;
        continue;
      }
      close(cell.col);
      if (key !== undefined && text !== undefined) runs.set(cell.col, { r1: cell.row, last: cell.row, key, template: text, width });
    }
    for (const col of [...runs.keys()]) close(col);
  });
  return safeGroups(model, candidates);
}

/** Keep the candidates whose grouping cannot change a value (see the file comment). */
function safeGroups(model: WorkbookModel, candidates: FormulaGroup[]): FormulaGroup[] {
  let groups = candidates.filter((g) => {
    try {
      g.engineTemplate = g.width === undefined ? toEngineFormula(g.template) : toEngineArrayFormula(g.template, 1, g.width);
    } catch {
      return false; // the rows are errors one by one
    }
    const reads = staticReads(model, g);
    if (!reads) return false;
    g.reads = reads;
    return !reads.some((r) => r.sheet === g.sheet && intersects(r.box, ownBox(g)));
  });
  // Drop groups until none reads an ungrouped formula cell and the groups' reads are acyclic.
  for (;;) {
    const formulaCells = ungroupedFormulaCells(model, groups);
    const bad = new Set<FormulaGroup>();
    for (const g of groups) if (g.reads.some(formulaCells)) bad.add(g);
    for (const g of inCycles(groups)) bad.add(g);
    if (bad.size === 0) return groups;
    groups = groups.filter((g) => !bad.has(g));
  }
}

const ownBox = (g: FormulaGroup): Box => ({ r1: g.r1, c1: g.col, r2: g.r2, c2: g.col + (g.width ?? 1) - 1 });
const intersects = (a: Box, b: Box): boolean => a.r1 <= b.r2 && b.r1 <= a.r2 && a.c1 <= b.c2 && b.c1 <= a.c2;

/**
 * The boxes every row of the group reads: each reference of the template swept over the rows
 * (relative rows move, $-anchored ones stay), and what defined names refer to. Undefined when
 * the template reads something we cannot bound (a name that is not a plain reference).
 */
function staticReads(model: WorkbookModel, g: FormulaGroup): Sheeted[] | undefined {
  const tokens = tokenize(g.template);
  const out: Sheeted[] = [];
  const span = g.r2 - g.r1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'ref') {
      let text = t.text;
      if (tokens[i + 1]?.text === ':' && tokens[i + 2]?.kind === 'ref') {
        text += ':' + splitSheet(tokens[i + 2]!.text).rest;
        i += 2;
      }
      const { sheet: name, rest } = splitSheet(text);
      const sheet = name === undefined ? g.sheet : model.sheets.findIndex((s) => s.name.toLowerCase() === name.toLowerCase());
      if (sheet < 0) continue; // a reference to a missing sheet is #REF! in every row alike
      const box = parseBox(rest.replace(/\$/g, ''));
      if (!box) return undefined;
      // Sweep the relative row parts over the group's rows.
      const parts = rest.split(':');
      const relTop = !/^\$?[A-Za-z]*\$\d/.test(parts[0]!);
      const relBottom = !/^\$?[A-Za-z]*\$\d/.test(parts[parts.length - 1]!);
      out.push({ sheet, box: { ...box, r2: box.r2 + (relTop || relBottom ? span : 0) } });
    } else if (t.kind === 'name' && !/^(TRUE|FALSE)\(?\)?$/i.test(t.text)) {
      const target = nameTarget(model, g.sheet, t.text);
      if (!target) return undefined;
      out.push(target);
    }
  }
  return out;
}

function nameTarget(model: WorkbookModel, sheet: number, name: string): Sheeted | undefined {
  const lower = name.toLowerCase();
  const n =
    model.names.find((x) => x.name.toLowerCase() === lower && x.sheetIndex === sheet) ??
    model.names.find((x) => x.name.toLowerCase() === lower && x.sheetIndex === undefined);
  if (!n) return undefined;
  const { sheet: on, rest } = splitSheet(n.formula);
  const target = on === undefined ? sheet : model.sheets.findIndex((s) => s.name.toLowerCase() === on.toLowerCase());
  const box = parseBox(rest.replace(/\$/g, ''));
  return target >= 0 && box ? { sheet: target, box } : undefined;
}

/** A test "does this box hold a formula cell that is in no group?", by column and binary search. */
function ungroupedFormulaCells(model: WorkbookModel, groups: FormulaGroup[]): (r: Sheeted) => boolean {
  const bySheet = model.sheets.map((sheet, s) => {
    const mine = groups.filter((g) => g.sheet === s);
    const cols = new Map<number, number[]>();
    // Every cell an array formula fills is a formula cell too: the file holds them as empty
    // cells, but the engine computes them with the anchor, perhaps after the group (a group of
    // EXP(C3) beside MMULT arrays in B3:K3 read them uncomputed, #REF!).
    const arrays: Box[] = [];
    for (const c of sheet.cells) {
      if (c.formula === undefined && !c.array) continue;
      if (mine.some((g) => g.col === c.col && c.row >= g.r1 && c.row <= g.r2)) continue;
      if (c.array) arrays.push(c.array);
      const rows = cols.get(c.col) ?? [];
      rows.push(c.row);
      cols.set(c.col, rows);
    }
    return { cols, arrays };
  });
  return ({ sheet, box }) => {
    const { cols, arrays } = bySheet[sheet]!;
    if (arrays.some((a) => intersects(a, box))) return true;
    for (const [col, rows] of cols) {
      if (col < box.c1 || col > box.c2) continue;
      let lo = 0, hi = rows.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (rows[mid]! < box.r1) lo = mid + 1;
        else hi = mid;
      }
      if (lo < rows.length && rows[lo]! <= box.r2) return true;
    }
    return false;
  };
}

/** Does group `g` read a cell of group `h`? */
export const readsGroup = (g: FormulaGroup, h: FormulaGroup): boolean =>
  g.reads.some((r) => r.sheet === h.sheet && intersects(r.box, ownBox(h)));

/** Groups that read, through other groups, their own cells. */
function inCycles(groups: FormulaGroup[]): FormulaGroup[] {
  const edges = groups.map((g) => groups.filter((h) => readsGroup(g, h)));
  const cyclic: FormulaGroup[] = [];
  groups.forEach((g, i) => {
    const seen = new Set<FormulaGroup>();
    const todo = [...edges[i]!];
    while (todo.length) {
      const h = todo.pop()!;
      if (h === g) {
        cyclic.push(g);
        return;
      }
      if (seen.has(h)) continue;
      seen.add(h);
      todo.push(...edges[groups.indexOf(h)]!);
    }
  });
  return cyclic;
}

/**
 * The engine formula of a group's first cell: GS.ROWS(rows, template). The engine's dependency
 * graph sees the template's references of the first row only: enough to order the group after
 * what it reads (other groups' columns included), but not to recompute it when a cell of a later
 * row changes; the Workbook does that (groupsReading). An edge per cell read would cost 0.7 s on
 * a 100,000-row sheet.
 */
export function groupFormula(g: FormulaGroup): string {
  return `=${GROUP_FUNCTION}(${g.r2 - g.r1 + 1},${g.engineTemplate}${g.width === undefined ? '' : `,${g.width}`})`;
}

/**
 * Per engine (its dependency graph), per group: the box on each sheet that the group's dynamic
 * reads (OFFSET) covered at its last evaluation. Set by GS.ROWS as it runs.
 */
const dynamicBoxes = new WeakMap<object, Map<string, Map<number, Box>>>();
const anchorKey = (sheet: number, row: number, col: number): string => `${sheet}:${row}:${col}`;

const inBox = (b: Box, row: number, col: number): boolean => row >= b.r1 && row <= b.r2 && col >= b.c1 && col <= b.c2;

/** The groups that read the cell (sheet, row, col), statically or through OFFSET, in the engine whose graph is `graph`. */
export function groupsReading(groups: readonly FormulaGroup[], graph: object, sheet: number, row: number, col: number): FormulaGroup[] {
  const dynamic = dynamicBoxes.get(graph);
  return groups.filter(
    (g) =>
      g.reads.some((r) => r.sheet === sheet && inBox(r.box, row, col)) ||
      (dynamic?.get(anchorKey(g.sheet, g.r1, g.col))?.get(sheet) !== undefined && inBox(dynamic.get(anchorKey(g.sheet, g.r1, g.col))!.get(sheet)!, row, col)),
  );
}

/**
 * GS.ROWS(rows, formula): the formula evaluated at each of `rows` cells down from here, as a
 * column. GS.ROWS(rows, formula, width): the formula (an array formula fitted to one row of
 * `width` cells) evaluated at each row, as rows x width.
 */
export class RowsPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    [GROUP_FUNCTION]: {
      method: 'rows',
      sizeOfResultArrayMethod: 'rowsSize',
      vectorizationForbidden: true,
      parameters: [{ argumentType: FunctionArgumentType.NUMBER }, { argumentType: FunctionArgumentType.ANY }, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }],
    },
  };

  rows(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    const n = literalNumber(ast.args[0]);
    const template = ast.args[1];
    if (n === undefined || !Number.isInteger(n) || n < 1 || template === undefined) return new CellError(ErrorType.VALUE);
    const width = ast.args.length > 2 ? literalNumber(ast.args[2]) : undefined;
    if (width !== undefined && (!Number.isInteger(width) || width < 1)) return new CellError(ErrorType.VALUE);
    const at = state.formulaAddress;
    let perEngine = dynamicBoxes.get(this.dependencyGraph);
    if (!perEngine) dynamicBoxes.set(this.dependencyGraph, (perEngine = new Map()));
    const boxes = new Map<number, Box>();
    perEngine.set(anchorKey(at.sheet, at.row, at.col), boxes);
    const track = (rect: { sheet: number; row: number; col: number; height: number; width: number }): void => {
      const b = boxes.get(rect.sheet);
      const r2 = rect.row + rect.height - 1, c2 = rect.col + rect.width - 1;
      if (!b) boxes.set(rect.sheet, { r1: rect.row, c1: rect.col, r2, c2 });
      else {
        if (rect.row < b.r1) b.r1 = rect.row;
        if (rect.col < b.c1) b.c1 = rect.col;
        if (r2 > b.r2) b.r2 = r2;
        if (c2 > b.c2) b.c2 = c2;
      }
    };
    const out: unknown[][] = new Array(n);
    // Each row gets a state of the interpreter's own class (one object shape for its hot paths).
    const State = state.constructor as new (address: unknown, arraysFlag: boolean, vertex: unknown) => InterpreterState;
    const outer = { ...groupReads };
    groupReads.reader = state.formulaVertex;
    groupReads.track = track;
    try {
      for (let i = 0; i < n; i++) {
        const rowState = new State({ sheet: at.sheet, col: at.col, row: at.row + i }, state.arraysFlag, state.formulaVertex);
        let v: unknown = this.evaluateAst(template, rowState);
        if (width !== undefined) {
          // The row's array formula, fitted to its box (ARRAYFIT); an error fills the row, as it fills an array formula's cells.
          out[i] = v instanceof SimpleRangeValue && v.height() === 1 && v.width() === width ? v.data[0]! : new Array(width).fill(v);
          continue;
        }
        if (v instanceof SimpleRangeValue) v = v.width() === 1 && v.height() === 1 ? v.data[0]![0] : new CellError(ErrorType.VALUE);
        out[i] = [v === EmptyValue ? 0 : v];
      }
    } finally {
      Object.assign(groupReads, outer);
    }
    return SimpleRangeValue.onlyValues(out as never);
  }

  rowsSize(ast: ProcedureAst): ArraySize {
    const n = literalNumber(ast.args[0]);
    const width = ast.args.length > 2 ? literalNumber(ast.args[2]) : 1;
    return n !== undefined && Number.isInteger(n) && n >= 1 && width !== undefined && Number.isInteger(width) && width >= 1 ? new ArraySize(width, n) : ArraySize.scalar();
  }
}

export function registerGroups(): void {
  if (HyperFormula.getFunctionPlugin(GROUP_FUNCTION) === RowsPlugin) return;
  HyperFormula.registerFunctionPlugin(RowsPlugin, { enGB: { [GROUP_FUNCTION]: GROUP_FUNCTION }, enUS: { [GROUP_FUNCTION]: GROUP_FUNCTION } });
}
