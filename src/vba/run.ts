// Running a workbook's macro by name, "SHEET.NAME": what `gradsheet run --macro` calls. SHEET is
// a sheet's code name or tab name (or a standard module's name); NAME a Sub of that sheet's VBA
// module, a public Sub of a standard module, or a workbook action (actions.ts) of that sheet.
// The workbook is changed in memory only; the caller decides whether to save it.
import type { Workbook } from '../index.js';
import { parseActions, type ActionModule } from './actions.js';
import { CellStore, type CellChange } from './excel/cells.js';
import { VbaError } from './errors.js';
import { ExcelModel } from './excel/model.js';
import { Interpreter } from './language/interpreter.js';
import { parseModule, type ParsedModule } from './language/parser.js';
import { readVbaProject, type VbaModule } from './project/project.js';

export interface MacroRunOptions {
  /** Run the macro this many times in a row (default 1). */
  times?: number;
  /** Stop a runaway macro after this many statements (default 10,000,000). */
  maxStatements?: number;
  /** VBA modules to use instead of the workbook's own project (source as stored or as typed). */
  modules?: Pick<VbaModule, 'name' | 'kind' | 'source'>[];
  /** Called after each Calculate, with the macro's writes in the engine: one step of a training macro. */
  onCalculate?: () => void;
  /** Where Debug.Print and MsgBox lines go (default: stderr). */
  print?: (line: string) => void;
}

export interface MacroRun {
  /** The macro as found: "basic.somesteps". */
  macro: string;
  kind: 'vba' | 'action';
  /** The sheet it ran on (ActiveSheet). */
  sheet: string;
  times: number;
  statements: number;
  /** Cells whose value the macro changed, with their values before and after. */
  changed: CellChange[];
}

interface Target {
  module: ParsedModule;
  name: string;
  sheet: string;
  kind: 'vba' | 'action';
}

/** The macros a workbook offers, as "SHEET.NAME" for `--macro`. */
export function listMacros(wb: Workbook, modules?: MacroRunOptions['modules']): string[] {
  const out: string[] = [];
  for (const m of modulesOf(wb, modules)) {
    // A workbook-wide action runs on any sheet: listed by its name alone.
    const prefix = m.sheet ?? (m.kind === 'action' ? '' : m.name);
    for (const p of m.procedures.values()) if (p.params.every((x) => x.optional)) out.push(prefix ? `${prefix}.${p.name}` : p.name);
  }
  return out;
}

/** Runs "SHEET.NAME" (or a NAME found in exactly one place) `times` times. */
export function runMacro(wb: Workbook, spec: string, options: MacroRunOptions = {}): MacroRun {
  const times = options.times ?? 1;
  if (!Number.isInteger(times) || times < 1) throw new VbaError('RUNTIME', `times must be a whole number of at least 1, not ${times}`);
  const modules = modulesOf(wb, options.modules);
  const target = find(wb, modules, spec, options.modules);
  const cells = new CellStore(wb, options.onCalculate);
  // Actions are lists of simultaneous copies: every read sees the state of the last calculate.
  if (target.kind === 'action') cells.manual = true;
  const excel = new ExcelModel(cells, target.sheet, modules.filter((m) => m.kind !== 'action').map((m) => m.name));
  const interpreter = new Interpreter(excel, modules, { maxStatements: options.maxStatements, print: options.print });
  excel.connect(interpreter);
  for (let i = 0; i < times; i++) {
    excel.activeSheet = target.sheet;
    interpreter.run(target.module, target.name);
  }
  cells.flush();
  const proc = target.module.procedures.get(target.name.toLowerCase())!;
  return {
    macro: `${target.module.sheet ?? (target.kind === 'action' ? target.sheet : target.module.name)}.${proc.name}`,
    kind: target.kind,
    sheet: target.sheet,
    times,
    statements: interpreter.statements,
    changed: cells.changes(),
  };
}

/** The VBA modules (parsed) and the workbook actions, one action module per sheet. */
function modulesOf(wb: Workbook, given: MacroRunOptions['modules']): ParsedModule[] {
  const sheets = wb.sheets();
  const out: ParsedModule[] = [];
  const vba = given ?? (wb.model.vbaProject ? readVbaProject(wb.model.vbaProject).modules : []);
  for (const m of vba) {
    // A sheet module is named by the sheet's code name; files without code names (written by
    // other tools) match by tab name.
    const lower = m.name.toLowerCase();
    const sheet = m.kind !== 'document' ? undefined : (sheets.find((s) => s.codeName?.toLowerCase() === lower) ?? sheets.find((s) => !s.codeName && s.name.toLowerCase() === lower));
    out.push(parseModule(m.source, m.name, m.kind, sheet?.name));
  }
  // Sheet-scoped actions first, so that they win over workbook-wide ones of the same name.
  const actions: ActionModule[] = parseActions(wb);
  out.push(...actions.filter((m) => m.sheet !== undefined), ...actions.filter((m) => m.sheet === undefined));
  return out;
}

function find(wb: Workbook, modules: ParsedModule[], spec: string, given: MacroRunOptions['modules']): Target {
  const dot = spec.lastIndexOf('.');
  const qualifier = dot < 0 ? undefined : spec.slice(0, dot).toLowerCase();
  const name = (dot < 0 ? spec : spec.slice(dot + 1)).trim();
  const sheets = wb.sheets();
  const active = activeSheet(wb);
  const candidates: Target[] = [];
  const add = (module: ParsedModule, sheet: string, kind: Target['kind']): void => {
    const lower = name.toLowerCase();
    if (module.procedures.has(lower) || module.broken.has(lower)) candidates.push({ module, name, sheet, kind });
  };
  if (qualifier === undefined) {
    for (const m of modules) add(m, m.sheet ?? active, m.kind === 'action' ? 'action' : 'vba');
    if (candidates.length > 1) {
      throw new VbaError('NO_MACRO', `${name} is in several places; say which: ${candidates.map((c) => `${c.module.sheet ?? c.module.name}.${name}`).join(', ')}`);
    }
  } else {
    // A sheet named by code name or tab name: its own module, then standard modules, then its actions.
    const sheet = sheets.find((s) => s.codeName?.toLowerCase() === qualifier) ?? sheets.find((s) => s.name.toLowerCase() === qualifier);
    if (sheet) {
      const own = modules.find((m) => m.kind === 'document' && m.sheet === sheet.name);
      if (own) add(own, sheet.name, 'vba');
      for (const m of modules) if (!candidates.length && m.kind === 'standard') add(m, sheet.name, 'vba');
      for (const m of modules) if (!candidates.length && m.kind === 'action' && (m.sheet === sheet.name || m.sheet === undefined)) add(m, sheet.name, 'action');
    } else {
      const module = modules.find((m) => m.kind !== 'action' && m.name.toLowerCase() === qualifier);
      if (module) add(module, module.sheet ?? active, 'vba');
    }
  }
  if (!candidates.length) {
    const known = listMacros(wb, given);
    const list = known.length ? `macros: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''}` : 'the workbook has no macros or actions';
    throw new VbaError('NO_MACRO', `no macro ${spec} (${list})`);
  }
  return candidates[0]!;
}

/** The sheet Excel opens the file on (workbookView activeTab): ActiveSheet for a standard module. */
function activeSheet(wb: Workbook): string {
  const xml = wb.model.parts.get('xl/workbook.xml');
  const m = xml && /<(?:\w+:)?workbookView\b[^>]*\bactiveTab="(\d+)"/.exec(new TextDecoder().decode(xml.subarray(0, 65536)));
  return wb.sheetNames[m ? Number(m[1]) : 0] ?? wb.sheetNames[0]!;
}
