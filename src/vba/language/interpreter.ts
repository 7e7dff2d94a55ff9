// Runs the procedures of parsed modules against a workbook's cells. The object model is the
// part of Excel's the lessons use: Range/Cells (Value, Copy, PasteSpecial values, Offset,
// Resize, End, Clear), worksheets by tab or code name, Application's calculation mode and
// Calculate; Application's display switches are accepted and do nothing. Anything else stops
// the macro with a VbaError naming the statement; the caller saves nothing then.
import { MAX_COLS, MAX_ROWS, a1, parseBox } from '../formula/index.js';
import { ErrorValue, WorkbookError, type CellScalar } from '../index.js';
import { address, bounded, cellAt, endOf, locate, pasteValues, quoteName, readValue, span, within, writeValue } from './ranges.js';
import type { Arg, Expr, Procedure, Stmt, Where } from './ast.js';
import { CALC_MANUAL, CONSTANTS, FUNCTIONS, PASTE_VALUES } from './builtins.js';
import type { CellStore } from './cells.js';
import { VbaError } from './errors.js';
import type { ParsedModule } from './parser.js';
import {
  NOTHING,
  NamedObj,
  RangeObj,
  SheetObj,
  VbaRuntime,
  VbaUnsupported,
  binary,
  coerce,
  initial,
  isObject,
  toBool,
  toNumber,
  typeName,
  type Value,
  type VbaObject,
} from './values.js';

interface Var {
  value: Value;
  type?: string;
  constant?: boolean;
  /** A parameter passed by reference: assigning to it would have to reach the caller's variable. */
  byRef?: boolean;
}

interface Frame {
  module: ParsedModule;
  proc?: Procedure;
  vars: Map<string, Var>;
  withs: Value[];
}

type Flow = 'next' | 'exit-sub' | 'exit-for' | 'exit-do';

export interface InterpreterOptions {
  /** A runaway loop stops here (VbaError LIMIT). */
  maxStatements?: number;
  /** How deep calls may nest (recursion). */
  maxDepth?: number;
}

/** The names global() answers besides modules and code names. */
const GLOBALS = new Set(['application', 'thisworkbook', 'activeworkbook', 'activesheet', 'selection', 'range', 'cells', 'worksheets', 'sheets', 'calculate', 'calculatefull']);
const APPLICATION = new NamedObj('application', 'Application');
const WORKBOOK = new NamedObj('workbook', 'ThisWorkbook');
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
};

export class Interpreter {
  /** Unqualified Range() in a standard module, ActiveSheet: the sheet the macro runs on. */
  activeSheet: string;
  statements = 0;
  private depth = 0;
  private current: Where;
  private clipboard?: RangeObj;
  private selection?: RangeObj;
  private readonly app = new Map<string, Value>();
  private readonly moduleVars = new Map<ParsedModule, Map<string, Var>>();
  private readonly byName = new Map<string, ParsedModule>();
  /** Sheets by lower-case code name: a module may name any sheet so (`data.Range("A1")`). */
  private readonly codeNames = new Map<string, string>();
  private readonly maxStatements: number;
  private readonly maxDepth: number;

  constructor(
    private readonly cells: CellStore,
    private readonly modules: ParsedModule[],
    activeSheet: string,
    options: InterpreterOptions = {},
  ) {
    this.activeSheet = activeSheet;
    for (const m of modules) if (m.kind !== 'action') this.byName.set(m.name.toLowerCase(), m);
    for (const s of cells.wb.sheets()) if (s.codeName) this.codeNames.set(s.codeName.toLowerCase(), s.name);
    this.maxStatements = options.maxStatements ?? 10_000_000;
    this.maxDepth = options.maxDepth ?? 200;
    this.current = { module: '', line: 0, text: '' };
  }

  /** Runs one procedure of a module with no arguments, as a button or Alt+F8 does. */
  run(module: ParsedModule, name: string): void {
    const proc = this.procedure(module, name);
    if (!proc) throw new VbaError('NO_MACRO', `${module.name} has no procedure ${name}`);
    if (proc.params.some((p) => !p.optional)) throw new VbaError('NO_MACRO', `${module.name}.${proc.name} takes arguments, so it is no macro`);
    this.invoke(module, proc, [], undefined);
  }

  // ---- procedures ----

  private procedure(module: ParsedModule, name: string): Procedure | undefined {
    const lower = name.toLowerCase();
    const broken = module.broken.get(lower) ?? (module.procedures.has(lower) ? module.broken.get('*') : undefined);
    if (broken) throw broken;
    return module.procedures.get(lower);
  }

  /**
   * A procedure callable by its bare name from `module`: its own, then standard modules' public
   * ones; from a sheet's actions, also the workbook-wide actions.
   */
  private findProcedure(module: ParsedModule, name: string): { module: ParsedModule; proc: Procedure } | undefined {
    const own = this.procedure(module, name);
    if (own) return { module, proc: own };
    for (const m of this.modules) {
      const shared = m.kind === 'standard' || (module.kind === 'action' && m.kind === 'action' && m.sheet === undefined);
      if (m === module || !shared) continue;
      const p = this.procedure(m, name);
      if (p && !p.private) return { module: m, proc: p };
    }
    return undefined;
  }

  private invoke(module: ParsedModule, proc: Procedure, args: Arg[], caller: Frame | undefined): Value {
    if (++this.depth > this.maxDepth) throw new VbaError('LIMIT', `calls nested deeper than ${this.maxDepth} (runaway recursion?)`, this.current);
    const vars = new Map<string, Var>();
    const named = args.filter((a) => a.name);
    const positional = args.filter((a) => !a.name);
    if (positional.length > proc.params.length) this.fail('RUNTIME', `${proc.name} takes ${proc.params.length} arguments, not ${positional.length}`);
    for (const a of named) {
      if (!proc.params.some((p) => p.name.toLowerCase() === a.name!.toLowerCase())) this.fail('RUNTIME', `${proc.name} has no parameter ${a.name}`);
    }
    proc.params.forEach((p, i) => {
      const arg = positional[i] ?? named.find((a) => a.name!.toLowerCase() === p.name.toLowerCase());
      let value: Value;
      if (arg) value = this.eval(arg.value, caller!);
      else if (p.optional) value = this.eval(p.optional, { module, vars: new Map(), withs: [] });
      else this.fail('RUNTIME', `argument ${p.name} of ${proc.name} is not optional`);
      vars.set(p.name.toLowerCase(), { value, byRef: !p.byVal });
    });
    if (proc.kind === 'function') vars.set(proc.name.toLowerCase(), { value: null });
    this.moduleScope(module);
    const saved = this.current;
    this.execBlock(proc.body, { module, proc, vars, withs: [] });
    this.current = saved;
    this.depth--;
    return proc.kind === 'function' ? vars.get(proc.name.toLowerCase())!.value : null;
  }

  /** A module's own variables and constants, declared on first use. */
  private moduleScope(module: ParsedModule): Map<string, Var> {
    let vars = this.moduleVars.get(module);
    if (!vars) {
      vars = new Map();
      this.moduleVars.set(module, vars);
      const frame: Frame = { module, vars, withs: [] };
      for (const s of module.declarations) this.exec(s, frame);
    }
    return vars;
  }

  // ---- statements ----

  private execBlock(body: Stmt[], f: Frame): Flow {
    for (const s of body) {
      const flow = this.exec(s, f);
      if (flow !== 'next') return flow;
    }
    return 'next';
  }

  private exec(s: Stmt, f: Frame): Flow {
    this.current = s;
    if (++this.statements > this.maxStatements) throw new VbaError('LIMIT', `more than ${this.maxStatements} statements run (a runaway loop?)`, s);
    try {
      return this.execInner(s, f);
    } catch (e) {
      if (e instanceof VbaError) throw e;
      if (e instanceof VbaRuntime || e instanceof WorkbookError) throw new VbaError('RUNTIME', e.message, this.current);
      if (e instanceof VbaUnsupported) throw new VbaError('UNSUPPORTED', e.message, this.current);
      throw e;
    }
  }

  private execInner(s: Stmt, f: Frame): Flow {
    switch (s.k) {
      case 'dim':
        for (const v of s.vars) {
          if (f.vars.get(v.name.toLowerCase())?.constant) this.fail('RUNTIME', `${v.name} is already a constant`);
          f.vars.set(v.name.toLowerCase(), { value: initial(v.type), type: v.type });
        }
        return 'next';
      case 'const':
        f.vars.set(s.name.toLowerCase(), { value: this.scalar(this.eval(s.value, f)), constant: true });
        return 'next';
      case 'assign':
        this.assign(s.target, s.value, s.set, f);
        return 'next';
      case 'call':
        this.call(s.callee, s.args, f, true);
        return 'next';
      case 'if': {
        for (const b of s.branches) if (toBool(this.scalar(this.eval(b.cond, f)))) return this.execBlock(b.body, f);
        return s.otherwise ? this.execBlock(s.otherwise, f) : 'next';
      }
      case 'for':
        return this.execFor(s, f);
      case 'do':
        return this.execDo(s, f);
      case 'with': {
        f.withs.push(this.object(this.eval(s.obj, f), 'With'));
        try {
          return this.execBlock(s.body, f);
        } finally {
          f.withs.pop();
        }
      }
      case 'exit':
        return s.what === 'for' ? 'exit-for' : s.what === 'do' ? 'exit-do' : 'exit-sub';
    }
  }

  private execFor(s: Extract<Stmt, { k: 'for' }>, f: Frame): Flow {
    const from = toNumber(this.scalar(this.eval(s.from, f)));
    const to = toNumber(this.scalar(this.eval(s.to, f)));
    const step = s.step ? toNumber(this.scalar(this.eval(s.step, f))) : 1;
    // An action's `repeat` has no counter variable; a For reads its variable back each round,
    // so the body may change it, as in VBA.
    let v = from;
    if (s.v) this.setVar(s.v, v, f);
    while (step >= 0 ? v <= to : v >= to) {
      const flow = this.execBlock(s.body, f);
      if (flow === 'exit-for') break;
      if (flow !== 'next') return flow;
      if (step === 0) this.statementTick(s);
      v = (s.v ? toNumber(this.scalar(this.readName(s.v, f))) : v) + step;
      if (s.v) this.setVar(s.v, v, f);
    }
    return 'next';
  }

  private execDo(s: Extract<Stmt, { k: 'do' }>, f: Frame): Flow {
    const holds = (c: { until: boolean; cond: Expr } | undefined): boolean => !c || toBool(this.scalar(this.eval(c.cond, f))) !== c.until;
    for (;;) {
      if (!holds(s.pre)) return 'next';
      const flow = this.execBlock(s.body, f);
      if (flow === 'exit-do') return 'next';
      if (flow !== 'next') return flow;
      if (!holds(s.post)) return 'next';
      this.statementTick(s);
    }
  }

  /** An empty loop body runs no statement, yet must not run forever. */
  private statementTick(s: Stmt): void {
    if (++this.statements > this.maxStatements) throw new VbaError('LIMIT', `more than ${this.maxStatements} statements run (a runaway loop?)`, s);
  }

  // ---- names and variables ----

  private lookupVar(name: string, f: Frame): Var | undefined {
    const lower = name.toLowerCase();
    const local = f.vars.get(lower);
    if (local) return local;
    const own = this.moduleScope(f.module).get(lower);
    if (own) return own;
    for (const m of this.modules) {
      if (m !== f.module && m.kind === 'standard') {
        const v = this.moduleScope(m).get(lower);
        if (v) return v;
      }
    }
    return undefined;
  }

  private setVar(name: string, value: Value, f: Frame, set = false): void {
    const v = this.lookupVar(name, f);
    if (v?.constant) this.fail('RUNTIME', `cannot assign to the constant ${name}`);
    if (v?.byRef) this.fail('UNSUPPORTED', `assigning to ${name}, a ByRef parameter, is not supported (declare it ByVal)`);
    if (!v && f.module.optionExplicit) this.fail('RUNTIME', `variable not defined: ${name} (Option Explicit)`);
    if (!set && isObject(value)) value = this.defaultValue(value);
    if (set && !isObject(value)) this.fail('RUNTIME', `Set needs an object, not ${typeName(value)}`);
    if (v) v.value = set ? value : coerce(value, v.type);
    else f.vars.set(name.toLowerCase(), { value });
  }

  private readName(name: string, f: Frame): Value {
    const lower = name.toLowerCase();
    const v = this.lookupVar(name, f);
    if (v) return v.value;
    if (lower in CONSTANTS) return CONSTANTS[lower]!;
    const global = this.global(lower, [], f);
    if (global !== undefined) return global;
    const target = this.findProcedure(f.module, name);
    if (target) return this.invoke(target.module, target.proc, [], f);
    if (f.module.optionExplicit) this.fail('RUNTIME', `variable not defined: ${name} (Option Explicit)`);
    return null; // an undeclared variable is Empty, as in VBA without Option Explicit
  }

  /** Names every module sees: Application, ActiveSheet, Range(), Cells(), sheets by code name, … */
  private global(lower: string, args: Arg[], f: Frame): Value | undefined {
    switch (lower) {
      case 'application':
        return APPLICATION;
      case 'thisworkbook':
      case 'activeworkbook':
        return WORKBOOK;
      case 'activesheet':
        return new SheetObj(this.activeSheet);
      case 'selection':
        return this.selection ?? new RangeObj(this.activeSheet, { r1: 0, c1: 0, r2: 0, c2: 0 });
      case 'range':
        return this.rangeOf(this.contextSheet(f), args, f);
      case 'cells':
        return this.cellsOf(new RangeObj(this.contextSheet(f), { r1: 0, c1: 0, r2: MAX_ROWS - 1, c2: MAX_COLS - 1 }), args, f);
      case 'worksheets':
      case 'sheets':
        return this.worksheet(args, f);
      case 'calculate':
      case 'calculatefull':
        this.noArgs(lower, args);
        this.cells.calculate();
        return null;
    }
    const module = this.byName.get(lower);
    if (module?.sheet !== undefined) return new SheetObj(module.sheet);
    if (module) return new NamedObj('module', module.name);
    const sheet = this.codeNames.get(lower);
    return sheet === undefined ? undefined : new SheetObj(sheet);
  }

  /** Whether a name is one of global()'s, without evaluating it (Calculate would calculate). */
  private isGlobal(lower: string): boolean {
    return GLOBALS.has(lower) || this.byName.has(lower) || this.codeNames.has(lower);
  }

  /** Where an unqualified Range() points: a sheet module's own sheet, else the active sheet. */
  private contextSheet(f: Frame): string {
    return f.module.sheet ?? this.activeSheet;
  }

  // ---- expressions ----

  private eval(e: Expr, f: Frame): Value {
    switch (e.k) {
      case 'num':
      case 'str':
      case 'bool':
        return e.v;
      case 'empty':
        return null;
      case 'nothing':
        return NOTHING;
      case 'me':
        if (f.module.sheet === undefined) this.fail('RUNTIME', `Me is no worksheet in ${f.module.name}`);
        return new SheetObj(f.module.sheet);
      case 'name':
        return this.readName(e.name, f);
      case 'member':
        return this.member(this.target(e.obj, f), e.name, [], f);
      case 'call':
        return this.call(e.fn, e.args, f, false);
      case 'un': {
        const v = this.scalar(this.eval(e.e, f));
        if (e.op === 'not') return typeof v === 'boolean' ? !v : ~(toNumber(v) | 0);
        return e.op === '-' ? -toNumber(v) : toNumber(v);
      }
      case 'bin':
        return binary(e.op, this.scalar(this.eval(e.l, f)), this.scalar(this.eval(e.r, f)));
    }
  }

  /** The object a member is taken from; `undefined` is the innermost With's object. */
  private target(obj: Expr | undefined, f: Frame): Value {
    if (obj) return this.eval(obj, f);
    const w = f.withs[f.withs.length - 1];
    if (w === undefined) this.fail('SYNTAX', 'a .member outside a With block');
    return w;
  }

  private call(fn: Expr, args: Arg[], f: Frame, statement: boolean): Value {
    if (fn.k === 'member') return this.member(this.target(fn.obj, f), fn.name, args, f);
    if (fn.k === 'name') {
      const lower = fn.name.toLowerCase();
      const v = this.lookupVar(fn.name, f);
      if (v) {
        if (v.value instanceof RangeObj && args.length) return this.cellsOf(v.value, args, f);
        if (statement) this.fail('RUNTIME', `${fn.name} is a variable, not a Sub`);
        if (args.length) this.fail('UNSUPPORTED', `${fn.name}(…): arrays are not supported`);
        return v.value;
      }
      const target = this.findProcedure(f.module, fn.name);
      if (target) return this.invoke(target.module, target.proc, args, f);
      const global = this.global(lower, args, f);
      if (global !== undefined) {
        if (statement && isObject(global) && !(lower === 'range' || lower === 'cells')) this.fail('RUNTIME', `${fn.name} is an object, not a Sub`);
        return global;
      }
      const builtin = FUNCTIONS[lower];
      if (builtin) return builtin(args.map((a) => this.scalar(this.eval(a.value, f))));
      if (lower in CONSTANTS && !statement && !args.length) return CONSTANTS[lower]!;
      this.fail('RUNTIME', `Sub or Function not defined: ${fn.name}`);
    }
    const v = this.eval(fn, f);
    if (v instanceof RangeObj) return args.length ? this.cellsOf(v, args, f) : v;
    this.fail('RUNTIME', `${typeName(v)} cannot be called`);
  }

  private assign(target: Expr, valueExpr: Expr, set: boolean, f: Frame): void {
    const value = this.eval(valueExpr, f);
    if (target.k === 'name') {
      const fnVar = f.proc?.kind === 'function' && f.proc.name.toLowerCase() === target.name.toLowerCase();
      if (!fnVar && !this.lookupVar(target.name, f) && this.isGlobal(target.name.toLowerCase())) {
        this.fail('RUNTIME', `cannot assign to ${target.name}`);
      }
      this.setVar(target.name, value, f, set);
      return;
    }
    if (set) this.fail('UNSUPPORTED', 'Set is supported for variables only');
    if (target.k === 'member') {
      this.setMember(this.target(target.obj, f), target.name, value);
      return;
    }
    if (target.k === 'call') {
      const obj = this.call(target.fn, target.args, f, false);
      if (obj instanceof RangeObj) {
        writeValue(this.cells, obj, this.scalar(value));
        return;
      }
    }
    this.fail('RUNTIME', 'cannot assign to this expression');
  }

  // ---- objects ----

  private member(obj: Value, name: string, args: Arg[], f: Frame): Value {
    const lower = name.toLowerCase();
    if (obj instanceof RangeObj) return this.rangeMember(obj, lower, name, args, f);
    if (obj instanceof SheetObj) return this.sheetMember(obj, lower, name, args, f);
    if (obj instanceof NamedObj) {
      if (obj.kind === 'application') return this.appMember(lower, name, args, f);
      if (obj.kind === 'workbook') {
        if (lower === 'worksheets' || lower === 'sheets') return this.worksheet(args, f);
        if (lower === 'activesheet') return new SheetObj(this.activeSheet);
        this.unsupported('Workbook', name);
      }
      if (obj.kind === 'module') return this.moduleMember(this.byName.get(obj.name.toLowerCase())!, name, args, f);
      this.fail('RUNTIME', `object variable not set: .${name} on Nothing`);
    }
    this.fail('RUNTIME', `object required: .${name} on ${typeName(obj)}`);
  }

  private moduleMember(module: ParsedModule, name: string, args: Arg[], f: Frame): Value {
    const proc = this.procedure(module, name);
    if (proc) return this.invoke(module, proc, args, f);
    const v = this.moduleScope(module).get(name.toLowerCase());
    if (v && !args.length) return v.value;
    this.fail('RUNTIME', `${module.name} has no procedure or variable ${name}`);
  }

  private appMember(lower: string, name: string, args: Arg[], f: Frame): Value {
    if (lower === 'calculation') return this.cells.manual ? CALC_MANUAL : CONSTANTS.xlcalculationautomatic!;
    if (lower in DISPLAY_SWITCHES) return this.app.get(lower) ?? DISPLAY_SWITCHES[lower]!;
    if (lower === 'calculate' || lower === 'calculatefull' || lower === 'calculatefullrebuild') {
      this.noArgs(name, args);
      this.cells.calculate();
      return null;
    }
    const global = ['activesheet', 'thisworkbook', 'activeworkbook', 'selection', 'range', 'cells', 'worksheets', 'sheets'].includes(lower);
    if (global) return this.global(lower, args, f)!;
    this.unsupported('Application', name);
  }

  private sheetMember(sheet: SheetObj, lower: string, name: string, args: Arg[], f: Frame): Value {
    const whole = new RangeObj(sheet.sheet, { r1: 0, c1: 0, r2: MAX_ROWS - 1, c2: MAX_COLS - 1 });
    switch (lower) {
      case 'range':
        return this.rangeOf(sheet.sheet, args, f);
      case 'cells':
        return this.cellsOf(whole, args, f);
      case 'calculate':
        this.noArgs(name, args);
        this.cells.calculate(sheet.sheet);
        return null;
      case 'name':
        return sheet.sheet;
      case 'activate':
      case 'select':
        this.activeSheet = sheet.sheet;
        return null;
      case 'usedrange': {
        const { row, col } = this.cells.extent(sheet.sheet);
        return new RangeObj(sheet.sheet, { r1: 0, c1: 0, r2: row, c2: col });
      }
    }
    // A procedure of the sheet's module, called through its code name (`basic.onestep`).
    const module = this.modules.find((m) => m.kind === 'document' && m.sheet === sheet.sheet);
    if (module && (this.procedure(module, name) || this.moduleScope(module).has(lower))) return this.moduleMember(module, name, args, f);
    this.unsupported('Worksheet', name);
  }

  private rangeMember(r: RangeObj, lower: string, name: string, args: Arg[], f: Frame): Value {
    const n = (i: number, dflt: number): number => (args[i] ? toNumber(this.scalar(this.eval(args[i]!.value, f))) : dflt);
    const { box } = r;
    switch (lower) {
      case 'value':
      case 'value2':
        this.noArgs(name, args);
        return this.defaultValue(r);
      case 'formula': {
        this.noArgs(name, args);
        const top = { r1: box.r1, c1: box.c1, r2: box.r1, c2: box.c1 };
        const formula = this.cells.wb.formulas(`${quoteName(r.sheet)}!${a1(box.r1, box.c1)}`)[0]![0];
        return formula ?? this.text(this.cells.read(r.sheet, top)[0]![0]!);
      }
      case 'copy':
        if (args.length) this.fail('UNSUPPORTED', 'Copy with a destination pastes formulas and formats; only Copy then PasteSpecial Paste:=xlPasteValues is supported');
        this.clipboard = r;
        return null;
      case 'pastespecial':
        this.pasteValues(r, args, f);
        return null;
      case 'offset':
        return within(r.sheet, { r1: box.r1 + n(0, 0), c1: box.c1 + n(1, 0), r2: box.r2 + n(0, 0), c2: box.c2 + n(1, 0) }, 'Offset');
      case 'resize':
        return within(r.sheet, { ...box, r2: box.r1 + n(0, box.r2 - box.r1 + 1) - 1, c2: box.c1 + n(1, box.c2 - box.c1 + 1) - 1 }, 'Resize');
      case 'end':
        return endOf(this.cells, r, n(0, NaN));
      case 'cells':
      case 'item':
        return args.length ? this.cellsOf(r, args, f) : r;
      case 'range': {
        const rel = this.rangeOf(r.sheet, args, f, true);
        return within(r.sheet, { r1: box.r1 + rel.box.r1, c1: box.c1 + rel.box.c1, r2: box.r1 + rel.box.r2, c2: box.c1 + rel.box.c2 }, 'Range');
      }
      case 'row':
        return box.r1 + 1;
      case 'column':
        return box.c1 + 1;
      case 'count':
        return (box.r2 - box.r1 + 1) * (box.c2 - box.c1 + 1);
      case 'address':
        return address(box);
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
      case 'activate':
        this.selection = r;
        this.activeSheet = r.sheet;
        return null;
      case 'worksheet':
      case 'parent':
        return new SheetObj(r.sheet);
    }
    this.unsupported('Range', name);
  }

  private setMember(obj: Value, name: string, value: Value): void {
    const lower = name.toLowerCase();
    if (obj instanceof RangeObj && (lower === 'value' || lower === 'value2' || lower === 'formula')) {
      writeValue(this.cells, obj, this.scalar(value));
      return;
    }
    if (obj === APPLICATION) {
      if (lower === 'calculation') {
        const mode = toNumber(this.scalar(value));
        if (![CALC_MANUAL, CONSTANTS.xlcalculationautomatic, CONSTANTS.xlcalculationsemiautomatic].includes(mode)) this.fail('RUNTIME', `Calculation cannot be ${mode}`);
        this.cells.manual = mode === CALC_MANUAL;
        return;
      }
      if (lower in DISPLAY_SWITCHES) {
        if (lower === 'cutcopymode' && !toBool(this.scalar(value))) this.clipboard = undefined;
        this.app.set(lower, this.scalar(value));
        return;
      }
    }
    this.unsupported(obj instanceof RangeObj ? 'Range' : obj instanceof SheetObj ? 'Worksheet' : typeName(obj), `${name} =`);
  }

  // ---- ranges ----

  /** Range("A1"), Range("name"), Range("Sheet!A1:B2"), Range(cell1, cell2) on a sheet. */
  private rangeOf(sheet: string, args: Arg[], f: Frame, relative = false): RangeObj {
    if (args.length < 1 || args.length > 2) this.fail('RUNTIME', `Range takes 1 or 2 arguments, not ${args.length}`);
    const parts = args.map((a) => {
      const v = this.eval(a.value, f);
      if (v instanceof RangeObj) return v;
      const text = this.scalar(v);
      if (typeof text !== 'string') this.fail('RUNTIME', `Range needs an address or a name, not ${typeName(text)}`);
      if (relative) {
        const box = parseBox(text.replace(/\$/g, ''));
        if (!box) this.fail('UNSUPPORTED', `Range("${text}") inside a range takes an A1 address`);
        return new RangeObj(sheet, box);
      }
      return locate(this.cells, sheet, text);
    });
    return parts.length === 1 ? parts[0]! : span(parts[0]!, parts[1]!);
  }

  private cellsOf(r: RangeObj, args: Arg[], f: Frame): RangeObj {
    return cellAt(r, args.map((a) => this.scalar(this.eval(a.value, f))));
  }

  private worksheet(args: Arg[], f: Frame): SheetObj {
    if (args.length !== 1) this.fail('UNSUPPORTED', 'Worksheets without one name or index');
    const v = this.scalar(this.eval(args[0]!.value, f));
    const names = this.cells.wb.sheetNames;
    const name = typeof v === 'string' ? names.find((s) => s.toLowerCase() === v.toLowerCase()) : names[toNumber(v) - 1];
    if (name === undefined) this.fail('RUNTIME', `no worksheet ${JSON.stringify(v)} (sheets: ${names.join(', ')})`);
    return new SheetObj(name);
  }

  /** PasteSpecial Paste:=xlPasteValues: the copied range's values, tiled over a multiple of its size. */
  private pasteValues(dest: RangeObj, args: Arg[], f: Frame): void {
    const names = ['paste', 'operation', 'skipblanks', 'transpose'];
    const given = new Map<string, Value>();
    args.forEach((a, i) => {
      const key = a.name?.toLowerCase() ?? names[i];
      if (!key || !names.includes(key)) this.fail('RUNTIME', `PasteSpecial has no argument ${a.name ?? i + 1}`);
      given.set(key, this.scalar(this.eval(a.value, f)));
    });
    const paste = given.has('paste') ? toNumber(given.get('paste')!) : CONSTANTS.xlpasteall;
    if (paste !== PASTE_VALUES) this.fail('UNSUPPORTED', 'PasteSpecial is supported with Paste:=xlPasteValues only');
    if (given.has('operation') && toNumber(given.get('operation')!) !== CONSTANTS.xlnone) this.fail('UNSUPPORTED', 'PasteSpecial with an Operation is not supported');
    if (given.has('skipblanks') && toBool(given.get('skipblanks')!)) this.fail('UNSUPPORTED', 'PasteSpecial SkipBlanks:=True is not supported');
    if (given.has('transpose') && toBool(given.get('transpose')!)) this.fail('UNSUPPORTED', 'PasteSpecial Transpose:=True is not supported');
    if (!this.clipboard) this.fail('RUNTIME', 'PasteSpecial with nothing copied (Copy first)');
    pasteValues(this.cells, this.clipboard, dest);
  }

  // ---- values ----

  /** A Range read as its Value (Excel's default member); other objects have none. */
  private defaultValue(v: VbaObject): Value {
    if (v instanceof RangeObj) return readValue(this.cells, v);
    this.fail('RUNTIME', `${typeName(v)} has no value`);
  }

  private scalar(v: Value): Exclude<Value, VbaObject> {
    return isObject(v) ? (this.defaultValue(v) as Exclude<Value, VbaObject>) : v;
  }

  private object(v: Value, what: string): VbaObject {
    if (!isObject(v)) this.fail('RUNTIME', `${what} needs an object, not ${typeName(v)}`);
    return v;
  }

  private text(v: CellScalar): string {
    if (v === null) return '';
    if (v instanceof ErrorValue) return v.code;
    return typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v);
  }

  private noArgs(name: string, args: Arg[]): void {
    if (args.length) this.fail('UNSUPPORTED', `${name} with arguments is not supported`);
  }

  private unsupported(type: string, member: string): never {
    this.fail('UNSUPPORTED', `${type}.${member} is not supported`);
  }

  private fail(code: 'RUNTIME' | 'UNSUPPORTED' | 'SYNTAX', message: string): never {
    throw new VbaError(code, message, this.current);
  }
}
