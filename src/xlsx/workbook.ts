// xl/workbook.xml: the sheet list (names, rel ids, visibility), defined names exactly as written
// (localSheetId and hidden kept: exceljs drops both), the 1904 date system; and the Excel Solver
// models that live in hidden sheet-scoped solver_* names.
import { WorkbookError, type CalcSettings, type DefinedName, type SolverConstraint, type SolverModel } from './model.js';
import { attrByLocal, child, children, parseXml } from './xml.js';

export interface WorkbookSheetEntry {
  name: string;
  relId: string;
  state: 'visible' | 'hidden' | 'veryHidden';
}

export interface ParsedWorkbookXml {
  sheets: WorkbookSheetEntry[];
  names: DefinedName[];
  date1904: boolean;
  calc: CalcSettings;
}

export function parseWorkbookXml(text: string, part: string): ParsedWorkbookXml {
  const root = parseXml(text, part);
  const wb = root.children.find((c) => c.name === 'workbook');
  if (!wb) throw new WorkbookError('BAD_XML', `part ${part} has no <workbook> element`);
  const pr = child(wb, 'workbookPr');
  const d = pr?.attrs['date1904'];
  const date1904 = d === '1' || d === 'true';
  const sheetsEl = child(wb, 'sheets');
  const sheets: WorkbookSheetEntry[] = (sheetsEl ? children(sheetsEl, 'sheet') : []).map((s) => {
    const st = s.attrs['state'];
    return {
      name: s.attrs['name'] ?? '',
      relId: attrByLocal(s.attrs, 'id') ?? '',
      state: st === 'hidden' || st === 'veryHidden' ? st : 'visible',
    };
  });
  const namesEl = child(wb, 'definedNames');
  const names: DefinedName[] = (namesEl ? children(namesEl, 'definedName') : []).map((n) => {
    const out: DefinedName = { name: n.attrs['name'] ?? '', formula: n.text, hidden: n.attrs['hidden'] === '1' || n.attrs['hidden'] === 'true' };
    const local = n.attrs['localSheetId'];
    if (local !== undefined && /^\d+$/.test(local)) out.sheetIndex = Number(local);
    return out;
  });
  return { sheets, names, date1904, calc: parseCalcPr(child(wb, 'calcPr')?.attrs ?? {}) };
}

/** `<calcPr iterate iterateCount iterateDelta>`, with Excel's defaults (ECMA-376 Part 1, 18.2.2). */
export function parseCalcPr(attrs: Record<string, string>): CalcSettings {
  const it = attrs['iterate'];
  const count = Number(attrs['iterateCount'] ?? 100);
  const delta = Number(attrs['iterateDelta'] ?? 0.001);
  return {
    iterate: it === '1' || it === 'true',
    // Excel's own limits: 1 to 32,767 rounds; a maximum change of at least 0.
    iterateCount: Number.isFinite(count) ? Math.min(32767, Math.max(1, Math.floor(count))) : 100,
    iterateDelta: Number.isFinite(delta) && delta >= 0 ? delta : 0.001,
  };
}

/** Split solver_adj on commas outside quotes and brackets (sheet names may hold commas: 'a,b'!A1; so do table references: T[[#Data],[x]]). */
export function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let depth = 0;
  /** Inside a table reference's brackets, where ' escapes the next character (T[Qty '#]). */
  let brackets = 0;
  let escaped = false;
  for (const ch of text) {
    if (escaped) {
      escaped = false;
      cur += ch;
    } else if (quote) {
      cur += ch;
      if (ch === quote) quote = null;
    } else if (ch === "'" && brackets > 0) {
      escaped = true;
      cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      cur += ch;
    } else if (ch === '(' || ch === '[') {
      depth++;
      if (ch === '[') brackets++;
      cur += ch;
    } else if (ch === ')' || ch === ']') {
      depth--;
      if (ch === ']') brackets--;
      cur += ch;
    } else if (ch === ',' && depth <= 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function stripEq(s: string): string {
  return s.startsWith('=') ? s.slice(1) : s;
}

function num(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const x = Number(stripEq(s.trim()));
  return Number.isFinite(x) ? x : undefined;
}

/** One SolverModel per sheet that has a sheet-scoped solver_opt. */
export function solverModels(names: readonly DefinedName[], sheetCount: number): SolverModel[] {
  const out: SolverModel[] = [];
  for (let s = 0; s < sheetCount; s++) {
    const get = (n: string): string | undefined => names.find((d) => d.sheetIndex === s && d.name.toLowerCase() === n)?.formula;
    const opt = get('solver_opt');
    if (opt === undefined) continue;
    const model: SolverModel = {
      sheetIndex: s,
      objective: stripEq(opt),
      variables: splitTopLevel(stripEq(get('solver_adj') ?? '')),
      type: num(get('solver_typ')) ?? 1,
      constraints: [],
    };
    const val = num(get('solver_val'));
    if (val !== undefined) model.value = val;
    const eng = num(get('solver_eng'));
    if (eng !== undefined) model.engine = eng;
    const neg = get('solver_neg');
    if (neg !== undefined) model.nonNegative = num(neg) === 1;
    const pre = num(get('solver_pre'));
    if (pre !== undefined && pre > 0) model.precision = pre;
    const itr = num(get('solver_itr'));
    if (itr !== undefined && itr > 0) model.iterations = itr;
    const count = num(get('solver_num')) ?? 0;
    for (let i = 1; i <= count && i <= 10_000; i++) {
      const lhs = get(`solver_lhs${i}`), rel = num(get(`solver_rel${i}`)), rhs = get(`solver_rhs${i}`);
      if (lhs === undefined || rel === undefined || rhs === undefined) continue;
      const c: SolverConstraint = { lhs: stripEq(lhs), rel, rhs: stripEq(rhs) };
      model.constraints.push(c);
    }
    out.push(model);
  }
  return out;
}
