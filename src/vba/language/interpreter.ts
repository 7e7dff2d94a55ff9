// Runs the procedures of parsed modules: VBA's statements, expressions, variables, arrays,
// procedures and error handling. What names and members reach beyond the language (Range,
// Worksheets, Application, WorksheetFunction, Solver) is asked of an ObjectHost (host.ts), which
// src/vba/excel implements. A statement outside the subset stops the macro with a VbaError naming
// its module, line and text; the caller then saves nothing.
import type { Arg, CaseTest, DimBounds, Expr, Procedure, Stmt, Where } from './ast.js';
import { BuiltinState, FUNCTIONS, VBA_CONSTANTS } from './builtins.js';
import { CollectionObj } from './collection.js';
import { VbaError } from '../errors.js';
import type { ArgValue, ObjectHost, ProcedureRunner, Scope } from './host.js';
import type { ParsedModule } from './parser.js';
import { checkSandbox, refusal, refusedCall, refusedMember } from './sandbox.js';
import {
  LanguageObj,
  NOTHING,
  ObjectValue,
  VbaArray,
  VbaRefused,
  VbaRuntime,
  VbaUnsupported,
  binary,
  coerce,
  initial,
  isObject,
  toBool,
  toNumber,
  toStr,
  typeName,
  type Scalar,
  type Value,
} from './values.js';

interface Var {
  value: Value;
  type?: string;
  constant?: boolean;
}

interface Frame {
  module: ParsedModule;
  proc?: Procedure;
  vars: Map<string, Var>;
  withs: Value[];
  /** On Error: resume with the next statement, or run the handler at a label. */
  onError?: 'next' | { label: string };
  inHandler?: boolean;
}

type Flow = 'next' | 'exit-sub' | 'exit-for' | 'exit-do' | 'resume-next' | 'resume-same' | { goto: string };

export interface InterpreterOptions {
  /** A runaway loop stops here (VbaError LIMIT). */
  maxStatements?: number;
  /** How deep calls may nest (recursion). */
  maxDepth?: number;
  /** Where Debug.Print and MsgBox write (headless: stderr). */
  print?: (line: string) => void;
}

const ERR = new LanguageObj('err', 'Err');

/** Names in lower case, memoised: a loop looks the same few names up millions of times. */
const LOWER = new Map<string, string>();
function low(name: string): string {
  let l = LOWER.get(name);
  if (l === undefined) {
    l = name.toLowerCase();
    if (LOWER.size < 100_000) LOWER.set(name, l);
  }
  return l;
}

export class Interpreter implements ProcedureRunner {
  statements = 0;
  private depth = 0;
  private current: Where;
  private err = { number: 0, description: '', source: '' };
  private readonly builtins = new BuiltinState();
  private readonly moduleVars = new Map<ParsedModule, Map<string, Var>>();
  private readonly byName = new Map<string, ParsedModule>();
  private readonly labels = new WeakMap<Stmt[], Map<string, number>>();
  private readonly maxStatements: number;
  private readonly maxDepth: number;
  private readonly printer: (line: string) => void;

  constructor(
    private readonly host: ObjectHost,
    private readonly modules: ParsedModule[],
    options: InterpreterOptions = {},
  ) {
    for (const m of modules) if (m.kind !== 'action') this.byName.set(low(m.name), m);
    this.maxStatements = options.maxStatements ?? 10_000_000;
    this.maxDepth = options.maxDepth ?? 200;
    // console.error: stderr in Node, the console in the browser's worker (which has no process).
    this.printer = options.print ?? ((line) => console.error(line));
    this.current = { module: '', line: 0, text: '' };
  }

  /** Runs one procedure of a module with no arguments, as a button or Alt+F8 does; refused statements first. */
  run(module: ParsedModule, name: string): void {
    const proc = this.procedure(module, name);
    if (!proc) throw new VbaError('NO_MACRO', `${module.name} has no procedure ${name}`);
    if (proc.params.some((p) => !p.optional && !p.paramArray)) throw new VbaError('NO_MACRO', `${module.name}.${proc.name} takes arguments, so it is no macro`);
    checkSandbox({ module, body: proc.body }, this.modules);
    this.invoke(module, proc, [], undefined);
  }

  print(line: string): void {
    this.printer(line);
  }

  // ---- ProcedureRunner (for the host) ----

  runProcedure(moduleName: string | undefined, name: string, args: ArgValue[]): { value: Value } | undefined {
    const lower = low(name);
    const refused = refusedCall(lower, this.modules[0]!, this.modules);
    if (refused) throw new VbaRefused(refused);
    let target: { module: ParsedModule; proc: Procedure } | undefined;
    if (moduleName !== undefined) {
      const m = this.byName.get(moduleName.toLowerCase());
      const p = m && this.procedure(m, name);
      if (m && p) target = { module: m, proc: p };
    } else {
      for (const m of this.modules) {
        if (m.kind === 'action') continue;
        const p = this.procedure(m, name);
        if (p) {
          target = { module: m, proc: p };
          break;
        }
      }
    }
    if (!target) return undefined;
    return { value: this.invoke(target.module, target.proc, args.map((a) => ({ name: a.name, value: a.value })), undefined) };
  }

  sheetModuleMember(sheet: string, name: string, args: ArgValue[]): { value: Value } | undefined {
    const module = this.modules.find((m) => m.kind === 'document' && m.sheet === sheet);
    if (!module) return undefined;
    const proc = this.procedure(module, name);
    if (proc) return { value: this.invoke(module, proc, args, undefined) };
    const v = this.moduleScope(module).get(low(name));
    if (v && !args.length) return { value: v.value };
    return undefined;
  }

  // ---- procedures ----

  private procedure(module: ParsedModule, name: string): Procedure | undefined {
    const lower = low(name);
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

  /**
   * Calls a procedure. An argument that is a plain variable of the caller is passed by reference
   * (VBA's default: the callee's assignments reach the caller), unless the parameter is ByVal.
   */
  private invoke(module: ParsedModule, proc: Procedure, args: (Arg | ArgValue)[], caller: Frame | undefined): Value {
    if (this.depth + 1 > this.maxDepth) throw new VbaError('LIMIT', `calls nested deeper than ${this.maxDepth} (runaway recursion?)`, this.current);
    const vars = new Map<string, Var>();
    const named = args.filter((a) => a.name);
    const positional = args.filter((a) => !a.name);
    const rest = proc.params.findIndex((p) => p.paramArray);
    if (rest < 0 && positional.length > proc.params.length) this.fail('RUNTIME', `${proc.name} takes ${proc.params.length} arguments, not ${positional.length}`, 450);
    for (const a of named) {
      if (!proc.params.some((p) => low(p.name) === low(a.name!))) this.fail('RUNTIME', `${proc.name} has no parameter ${a.name}`, 448);
    }
    const evaluate = (a: Arg | ArgValue): Value | undefined => ('value' in a && a.value !== undefined && !isExpr(a.value) ? a.value : isExpr(a.value) ? this.evalArg(a.value, caller!) : undefined);
    proc.params.forEach((p, i) => {
      const key = low(p.name);
      if (p.paramArray) {
        const values = positional.slice(i).map((a) => evaluate(a) ?? null);
        vars.set(key, { value: new VbaArray([{ lo: 0, hi: values.length - 1 }], values) });
        return;
      }
      const arg = positional[i] ?? named.find((a) => low(a.name!) === key);
      const expr = arg && isExpr(arg.value) ? arg.value : undefined;
      // ByRef: the caller's variable itself.
      if (!p.byVal && expr?.k === 'name' && caller) {
        const v = this.lookupVar(expr.name, caller);
        if (v && !v.constant) {
          vars.set(key, v);
          return;
        }
      }
      let value = arg ? evaluate(arg) : undefined;
      if (value === undefined) {
        if (!p.optional) this.fail('RUNTIME', `argument ${p.name} of ${proc.name} is not optional`, 449);
        value = p.optional.k === 'missing' ? undefined : this.eval(p.optional, { module, vars: new Map(), withs: [] });
      }
      if (value instanceof VbaArray && p.byVal) value = value.copy();
      // An omitted Optional Variant stays "missing" for IsMissing; it reads as Empty otherwise.
      vars.set(key, { value: value === undefined ? null : p.type && !isObject(value) ? coerce(value, p.type) : value, type: p.type });
      if (value === undefined) this.missing.add(vars.get(key)!);
    });
    if (proc.kind === 'function') vars.set(low(proc.name), { value: initial(proc.type), type: proc.type });
    this.moduleScope(module);
    const saved = this.current;
    this.depth++;
    try {
      const flow = this.execBlock(proc.body, { module, proc, vars, withs: [] });
      if (typeof flow === 'object') this.fail('SYNTAX', `label not defined: ${flow.goto}`);
    } finally {
      this.depth--;
      this.current = saved;
    }
    return proc.kind === 'function' ? vars.get(low(proc.name))!.value : null;
  }

  /** Optional parameters that were not passed (IsMissing). */
  private readonly missing = new WeakSet<Var>();

  /** A module's own variables and constants, declared on first use. */
  private moduleScope(module: ParsedModule): Map<string, Var> {
    let vars = this.moduleVars.get(module);
    if (!vars) {
      vars = new Map();
      this.moduleVars.set(module, vars);
      const frame: Frame = { module, vars, withs: [] };
      // Declaring them must not move the place an error is reported at.
      const saved = this.current;
      try {
        for (const s of module.declarations) this.exec(s, frame);
      } finally {
        this.current = saved;
      }
    }
    return vars;
  }

  // ---- statements ----

  private execBlock(body: Stmt[], f: Frame, from = 0): Flow {
    for (let i = from; i < body.length; i++) {
      const flow = this.exec(body[i]!, f);
      if (flow === 'next') continue;
      if (typeof flow === 'object') {
        const at = this.labelsOf(body).get(flow.goto);
        if (at !== undefined) {
          i = at;
          continue;
        }
      }
      return flow;
    }
    return 'next';
  }

  private labelsOf(body: Stmt[]): Map<string, number> {
    let m = this.labels.get(body);
    if (!m) {
      m = new Map();
      body.forEach((s, i) => s.k === 'label' && m!.set(s.name, i));
      this.labels.set(body, m);
    }
    return m;
  }

  private exec(s: Stmt, f: Frame): Flow {
    this.current = s;
    if (++this.statements > this.maxStatements) throw new VbaError('LIMIT', `more than ${this.maxStatements} statements run (a runaway loop?)`, s);
    for (;;) {
      try {
        return this.execInner(s, f);
      } catch (e) {
        const err = this.asVbaError(e, s);
        if (err.code !== 'RUNTIME' || !f.onError || f.inHandler) throw err;
        this.err = { number: err.number ?? 1004, description: err.description, source: f.module.name };
        if (f.onError === 'next') return 'next';
        const flow = this.handle(f, f.onError.label);
        if (flow === 'resume-same') continue;
        return flow === 'resume-next' ? 'next' : flow;
      }
    }
  }

  /** Runs the handler at `label` (of the procedure's own statements) for an error of the current statement. */
  private handle(f: Frame, label: string): Flow {
    const body = f.proc?.body;
    const at = body && this.labelsOf(body).get(label);
    if (body === undefined || at === undefined) this.fail('UNSUPPORTED', `On Error GoTo ${label}: the label must stand among the procedure's own statements, outside blocks`);
    f.inHandler = true;
    let flow: Flow;
    try {
      flow = this.execBlock(body, f, at + 1);
    } finally {
      f.inHandler = false;
    }
    if (flow === 'resume-next' || flow === 'resume-same') this.err = { number: 0, description: '', source: '' };
    // Falling off the end of the procedure in the handler ends the procedure.
    return flow === 'next' ? 'exit-sub' : flow;
  }

  private asVbaError(e: unknown, s: Stmt): VbaError {
    if (e instanceof VbaError) return e;
    if (e instanceof VbaRuntime) {
      const err = new VbaError('RUNTIME', e.message, this.current ?? s);
      err.number = e.number;
      return err;
    }
    if (e instanceof VbaUnsupported) return new VbaError('UNSUPPORTED', e.message, this.current ?? s);
    if (e instanceof VbaRefused) return refusal(e.message, this.current ?? s);
    if (e instanceof Error && e.name === 'WorkbookError') {
      const err = new VbaError('RUNTIME', e.message, this.current ?? s);
      err.number = 1004;
      return err;
    }
    throw e;
  }

  private execInner(s: Stmt, f: Frame): Flow {
    switch (s.k) {
      case 'dim':
        for (const v of s.vars) {
          const key = low(v.name);
          const had = f.vars.get(key);
          if (had?.constant) this.fail('RUNTIME', `${v.name} is already a constant`);
          // A Dim runs once per call, not once per pass of a loop around it.
          if (had && f.proc) continue;
          const value = v.isNew ? new CollectionObj() : v.dims === undefined ? initial(v.type) : v.dims.length ? VbaArray.of(this.bounds(v.dims, f), v.type, true) : new VbaArray([], [], false, v.type);
          f.vars.set(key, { value, type: v.dims === undefined && !v.isNew ? v.type : undefined });
        }
        return 'next';
      case 'redim':
        for (const v of s.vars) this.redim(v.name, this.bounds(v.dims, f), s.preserve, v.type, f);
        return 'next';
      case 'erase':
        for (const name of s.names) {
          const v = this.lookupVar(name, f);
          if (!(v?.value instanceof VbaArray)) this.fail('RUNTIME', `Erase needs an array: ${name}`, 13);
          v.value = v.value.fixed ? VbaArray.of(v.value.bounds, v.value.type, true) : new VbaArray([], [], false, v.value.type);
        }
        return 'next';
      case 'const':
        f.vars.set(low(s.name), { value: this.scalar(this.eval(s.value, f)), constant: true });
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
      case 'foreach':
        return this.execForEach(s, f);
      case 'do':
        return this.execDo(s, f);
      case 'select':
        return this.execSelect(s, f);
      case 'with': {
        const obj = this.eval(s.obj, f);
        if (!isObject(obj)) this.fail('RUNTIME', `With needs an object, not ${typeName(obj)}`, 424);
        f.withs.push(obj);
        try {
          return this.execBlock(s.body, f);
        } finally {
          f.withs.pop();
        }
      }
      case 'exit':
        return s.what === 'for' ? 'exit-for' : s.what === 'do' ? 'exit-do' : 'exit-sub';
      case 'label':
        return 'next';
      case 'goto':
        return { goto: s.label };
      case 'onerror':
        f.onError = s.mode === 'off' ? undefined : s.mode;
        this.err = { number: 0, description: '', source: '' };
        return 'next';
      case 'resume':
        if (!f.inHandler) this.fail('RUNTIME', 'Resume without error', 20);
        if (s.to === 'next') return 'resume-next';
        if (s.to === 'same') return 'resume-same';
        this.err = { number: 0, description: '', source: '' };
        f.inHandler = false;
        return { goto: s.to.label };
      case 'print':
        this.print(s.args.map((a) => toStr(this.scalar(this.eval(a, f)))).join(' '));
        return 'next';
      case 'refused':
        throw refusal(s.what, s);
    }
  }

  private bounds(dims: DimBounds[], f: Frame): { lo: number; hi: number }[] {
    const base = f.module.optionBase;
    return dims.map((d) => {
      const lo = d.lo ? toNumber(this.scalar(this.eval(d.lo, f))) : base;
      const hi = toNumber(this.scalar(this.eval(d.hi, f)));
      if (hi < lo - 1) this.fail('RUNTIME', `subscript out of range: bounds ${lo} To ${hi}`, 9);
      return { lo: Math.round(lo), hi: Math.round(hi) };
    });
  }

  /** ReDim [Preserve]: Preserve keeps the elements whose indices still exist (only the last dimension may change, as in VBA). */
  private redim(name: string, bounds: { lo: number; hi: number }[], preserve: boolean, type: string | undefined, f: Frame): void {
    let v = this.lookupVar(name, f);
    if (!v) {
      v = { value: new VbaArray([], [], false, type) };
      f.vars.set(low(name), v);
    }
    const old = v.value;
    if (old instanceof VbaArray && old.fixed) this.fail('RUNTIME', `array already dimensioned: ${name} has fixed bounds`, 10);
    const elementType = type ?? (old instanceof VbaArray ? old.type : undefined);
    const next = VbaArray.of(bounds, elementType);
    if (preserve && old instanceof VbaArray && old.data.length) {
      if (old.bounds.length !== bounds.length) this.fail('RUNTIME', `ReDim Preserve cannot change the number of dimensions of ${name}`, 9);
      for (let d = 0; d < bounds.length - 1; d++) {
        if (old.bounds[d]!.lo !== bounds[d]!.lo || old.bounds[d]!.hi !== bounds[d]!.hi) this.fail('RUNTIME', `ReDim Preserve can change only the last dimension of ${name}`, 9);
      }
      const lastOld = old.bounds[bounds.length - 1]!, lastNew = bounds[bounds.length - 1]!;
      const wOld = lastOld.hi - lastOld.lo + 1, wNew = lastNew.hi - lastNew.lo + 1;
      const rows = wOld ? old.data.length / wOld : 0;
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < Math.min(wOld, wNew); c++) {
          if (lastOld.lo + c > lastNew.hi) break;
          const from = r * wOld + c, to = r * wNew + c + (lastOld.lo - lastNew.lo);
          if (to >= r * wNew && to < (r + 1) * wNew) next.data[to] = old.data[from]!;
        }
      }
    }
    v.value = next;
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

  private execForEach(s: Extract<Stmt, { k: 'foreach' }>, f: Frame): Flow {
    const over = this.eval(s.over, f);
    const items: Iterable<Value> = over instanceof VbaArray ? over.elements() : over instanceof CollectionObj ? over.items.map((x) => x.value) : isObject(over) ? this.host.items(over) : this.fail('RUNTIME', `For Each needs an array or a collection, not ${typeName(over)}`, 92);
    for (const item of items) {
      this.setVar(s.v, item, f, isObject(item));
      const flow = this.execBlock(s.body, f);
      if (flow === 'exit-for') break;
      if (flow !== 'next') return flow;
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

  private execSelect(s: Extract<Stmt, { k: 'select' }>, f: Frame): Flow {
    const subject = this.scalar(this.eval(s.subject, f));
    const matches = (t: CaseTest): boolean => {
      if (t.k === 'eq') return binary('=', subject, this.scalar(this.eval(t.v, f))) === true;
      if (t.k === 'to') return binary('>=', subject, this.scalar(this.eval(t.lo, f))) === true && binary('<=', subject, this.scalar(this.eval(t.hi, f))) === true;
      return toBool(binary(t.op, subject, this.scalar(this.eval(t.v, f))));
    };
    for (const c of s.cases) if (c.tests.some(matches)) return this.execBlock(c.body, f);
    return s.otherwise ? this.execBlock(s.otherwise, f) : 'next';
  }

  /** An empty loop body runs no statement, yet must not run forever. */
  private statementTick(s: Stmt): void {
    if (++this.statements > this.maxStatements) throw new VbaError('LIMIT', `more than ${this.maxStatements} statements run (a runaway loop?)`, s);
  }

  // ---- names and variables ----

  private lookupVar(name: string, f: Frame): Var | undefined {
    const lower = low(name);
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
    if (!v && f.module.optionExplicit) this.fail('RUNTIME', `variable not defined: ${name} (Option Explicit)`);
    if (!set && isObject(value)) value = this.host.value(value);
    if (set && !isObject(value)) this.fail('RUNTIME', `Set needs an object, not ${typeName(value)}`, 424);
    if (value instanceof VbaArray) {
      if (v?.value instanceof VbaArray && v.value.fixed) this.fail('RUNTIME', `cannot assign to the fixed array ${name}`);
      value = value.copy();
    }
    if (v) {
      v.value = set || value instanceof VbaArray ? value : coerce(value, v.type);
      this.missing.delete(v);
    } else f.vars.set(low(name), { value });
  }

  private scope(f: Frame): Scope {
    return { module: f.module.name, sheet: f.module.sheet };
  }

  private readName(name: string, f: Frame): Value {
    const lower = low(name);
    const v = this.lookupVar(name, f);
    if (v) return v.value;
    if (lower in VBA_CONSTANTS) return VBA_CONSTANTS[lower]!;
    const target = this.findProcedure(f.module, name);
    if (target) return this.invoke(target.module, target.proc, [], f);
    return this.callName(name, lower, [], f, false, true);
  }

  // ---- expressions ----

  private eval(e: Expr, f: Frame): Value {
    switch (e.k) {
      case 'num':
      case 'str':
      case 'bool':
        return e.v;
      case 'empty':
      case 'missing':
        return null;
      case 'nothing':
        return NOTHING;
      case 'new':
        return new CollectionObj();
      case 'me': {
        const me = this.host.global('me', undefined, this.scope(f));
        if (me === undefined) this.fail('RUNTIME', `Me is no worksheet in ${f.module.name}`);
        return me;
      }
      case 'name':
        return this.readName(e.name, f);
      case 'member':
        return this.member(e, [], f);
      case 'call':
        return this.call(e.fn, e.args, f, false);
      case 'un': {
        const v = this.scalar(this.eval(e.e, f));
        if (e.op === 'not') return typeof v === 'boolean' ? !v : ~(toNumber(v) | 0);
        return e.op === '-' ? -toNumber(v) : toNumber(v);
      }
      case 'bin': {
        if (e.op === 'is') {
          const l = this.eval(e.l, f), r = this.eval(e.r, f);
          if (!isObject(l) || !isObject(r)) this.fail('RUNTIME', 'Is compares objects', 13);
          if (l === r) return true;
          return l !== NOTHING && r !== NOTHING && sameObject(l, r);
        }
        return binary(e.op, this.scalar(this.eval(e.l, f)), this.scalar(this.eval(e.r, f)));
      }
    }
  }

  /** An argument's value: an omitted one is undefined; objects stay objects. */
  private evalArg(e: Expr, f: Frame): Value | undefined {
    return e.k === 'missing' ? undefined : this.eval(e, f);
  }

  private evalArgs(args: Arg[], f: Frame): ArgValue[] {
    return args.map((a) => ({ name: a.name, value: this.evalArg(a.value, f) }));
  }

  /** The object a member is taken from; `undefined` is the innermost With's object. */
  private target(obj: Expr | undefined, f: Frame): Value {
    if (obj) return this.eval(obj, f);
    const w = f.withs[f.withs.length - 1];
    if (w === undefined) this.fail('SYNTAX', 'a .member outside a With block');
    return w;
  }

  private member(e: Extract<Expr, { k: 'member' }>, args: Arg[], f: Frame): Value {
    const lower = low(e.name);
    const refused = refusedMember(e.obj, e.name);
    if (refused) throw refusal(refused, this.current);
    const obj = this.target(e.obj, f);
    if (!isObject(obj)) this.fail('RUNTIME', `object required: .${e.name} on ${typeName(obj)}`, 424);
    if (obj instanceof LanguageObj) return this.languageMember(obj, e.name, args, f);
    if (obj instanceof CollectionObj) return this.collectionMember(obj, lower, e.name, this.evalArgs(args, f));
    return this.host.member(obj, e.name, this.evalArgs(args, f), this.scope(f));
  }

  private collectionMember(c: CollectionObj, lower: string, name: string, args: ArgValue[]): Value {
    const pick = (i: number, key: string): Value | undefined => args.find((a) => a.name?.toLowerCase() === key)?.value ?? (args[i] && !args[i]!.name ? args[i]!.value : undefined);
    switch (lower) {
      case 'count':
        return c.count();
      case 'item':
        return c.item(this.scalar(pick(0, 'index') ?? null));
      case 'add':
        c.add(pick(0, 'item') ?? null, pick(1, 'key'), pick(2, 'before'), pick(3, 'after'));
        return null;
      case 'remove':
        c.remove(this.scalar(pick(0, 'index') ?? null));
        return null;
    }
    this.fail('RUNTIME', `Collection has no member ${name}`, 438);
  }

  private languageMember(obj: LanguageObj, name: string, args: Arg[], f: Frame): Value {
    const lower = low(name);
    if (obj.kind === 'nothing') this.fail('RUNTIME', `object variable not set: .${name} on Nothing`, 91);
    if (obj.kind === 'module') {
      const module = this.byName.get(low(obj.name))!;
      const proc = this.procedure(module, name);
      if (proc) return this.invoke(module, proc, args, f);
      const v = this.moduleScope(module).get(lower);
      if (v && !args.length) return v.value;
      this.fail('RUNTIME', `${module.name} has no procedure or variable ${name}`, 438);
    }
    if (obj.kind === 'err') {
      switch (lower) {
        case 'number':
          return this.err.number;
        case 'description':
          return this.err.description;
        case 'source':
          return this.err.source;
        case 'clear':
          this.err = { number: 0, description: '', source: '' };
          return null;
        case 'raise': {
          const a = this.evalArgs(args, f);
          const pick = (i: number, key: string): Value | undefined => a.find((x) => x.name?.toLowerCase() === key)?.value ?? (a[i] && !a[i]!.name ? a[i]!.value : undefined);
          const number = toNumber(this.scalar(pick(0, 'number') ?? null));
          const err = new VbaError('RUNTIME', toStr(this.scalar(pick(2, 'description') ?? `error ${number}`)), this.current);
          err.number = number;
          throw err;
        }
      }
    }
    if (obj.kind === 'debug' && lower === 'assert') return null;
    this.fail('UNSUPPORTED', `${obj.typeName}.${name} is not supported`);
  }

  private call(fn: Expr, args: Arg[], f: Frame, statement: boolean): Value {
    if (fn.k === 'member') return this.member(fn, args, f);
    if (fn.k === 'name') {
      const lower = low(fn.name);
      const v = this.lookupVar(fn.name, f);
      if (v) {
        if (!args.length) {
          if (statement && !isObject(v.value)) this.fail('RUNTIME', `${fn.name} is a variable, not a Sub`);
          return v.value;
        }
        if (v.value instanceof VbaArray) return v.value.get(this.indices(args, f));
        if (v.value instanceof CollectionObj) return v.value.item(this.scalar(this.eval(args[0]!.value, f)));
        if (isObject(v.value) && !(v.value instanceof LanguageObj)) return this.host.index(v.value, this.evalArgs(args, f), this.scope(f));
        this.fail('RUNTIME', `${fn.name} is no array: ${fn.name}(…)`, 13);
      }
      const target = this.findProcedure(f.module, fn.name);
      if (target) return this.invoke(target.module, target.proc, args, f);
      return this.callName(fn.name, lower, args, f, statement, false);
    }
    const v = this.eval(fn, f);
    if (v instanceof VbaArray) return v.get(this.indices(args, f));
    if (isObject(v) && !(v instanceof LanguageObj)) return args.length ? this.host.index(v, this.evalArgs(args, f), this.scope(f)) : v;
    this.fail('RUNTIME', `${typeName(v)} cannot be called`);
  }

  /** A name that is neither a variable nor a procedure: VBA's functions, then the host's globals. */
  private callName(name: string, lower: string, args: Arg[], f: Frame, statement: boolean, bare: boolean): Value {
    const refused = refusedCall(lower, f.module, this.modules);
    if (refused) throw refusal(refused, this.current);
    switch (lower) {
      case 'err':
        return ERR;
      case 'debug':
        return new LanguageObj('debug', 'Debug');
      case 'msgbox': {
        const a = this.evalArgs(args, f);
        this.print(toStr(this.scalar(a[0]?.value ?? '')));
        return 1; // headless: the user answers OK
      }
      case 'inputbox': {
        // Headless: the answer is the default (InputBox(prompt, title, default)), or "".
        const a = this.evalArgs(args, f);
        const dflt = a.find((x) => x.name?.toLowerCase() === 'default')?.value ?? (a[2] && !a[2].name ? a[2].value : undefined);
        return dflt === undefined ? '' : toStr(this.scalar(dflt));
      }
      case 'randomize':
        return null;
      case 'doevents':
        return 0;
      case 'beep':
        return null;
      case 'ismissing': {
        const a = args[0]?.value;
        if (a?.k === 'name') {
          const v = this.lookupVar(a.name, f);
          return v !== undefined && this.missing.has(v);
        }
        return false;
      }
    }
    const builtin = FUNCTIONS[lower];
    if (builtin) {
      const raw = lower === 'typename' || lower === 'isobject' || lower === 'vartype';
      const values = args.map((a) => {
        const v = this.evalArg(a.value, f);
        return raw || v === undefined ? v : this.valueOf(v);
      });
      return builtin(values, this.builtins);
    }
    if (lower in VBA_CONSTANTS && !args.length) return VBA_CONSTANTS[lower]!;
    const module = this.byName.get(lower);
    if (module && module.sheet === undefined && !args.length) return new LanguageObj('module', module.name);
    const global = this.host.global(lower, bare ? undefined : this.evalArgs(args, f), this.scope(f));
    if (global !== undefined) {
      if (statement && isObject(global) && !args.length && !this.host.isGlobal(lower)) this.fail('RUNTIME', `${name} is an object, not a Sub`);
      return global;
    }
    if (!args.length) {
      const c = this.host.constant(lower);
      if (c !== undefined) return c;
    }
    if (bare && !statement) {
      if (f.module.optionExplicit) this.fail('RUNTIME', `variable not defined: ${name} (Option Explicit)`);
      return null; // an undeclared variable is Empty, as in VBA without Option Explicit
    }
    this.fail('RUNTIME', `Sub or Function not defined: ${name}`, 35);
  }

  private indices(args: Arg[], f: Frame): number[] {
    return args.map((a) => toNumber(this.scalar(this.eval(a.value, f))));
  }

  private assign(target: Expr, valueExpr: Expr, set: boolean, f: Frame): void {
    const value = this.eval(valueExpr, f);
    if (target.k === 'name') {
      const fnVar = f.proc?.kind === 'function' && low(f.proc.name) === low(target.name);
      if (!fnVar && !this.lookupVar(target.name, f) && this.host.isGlobal(low(target.name))) {
        // `Range("x") = 1` has arguments; a bare `ActiveCell = 1` sets the object's value.
        const obj = this.host.global(low(target.name), undefined, this.scope(f));
        if (obj !== undefined && isObject(obj) && !set) {
          this.host.setValue(obj, this.valueOf(value));
          return;
        }
        this.fail('RUNTIME', `cannot assign to ${target.name}`);
      }
      const v = this.lookupVar(target.name, f);
      // `c = 5` where c holds a Range (For Each c In …) sets the cell, as the default member.
      if (v && !set && isObject(v.value) && !(v.value instanceof LanguageObj) && !isObject(value)) {
        this.host.setValue(v.value, value);
        return;
      }
      this.setVar(target.name, value, f, set);
      return;
    }
    if (target.k === 'member') {
      const lower = low(target.name);
      const refused = refusedMember(target.obj, target.name);
      if (refused) throw refusal(refused, this.current);
      const obj = this.target(target.obj, f);
      if (!isObject(obj)) this.fail('RUNTIME', `object required: .${target.name} on ${typeName(obj)}`, 424);
      if (obj instanceof LanguageObj) {
        if (obj.kind === 'err' && lower === 'number') {
          this.err.number = toNumber(this.scalar(value));
          return;
        }
        if (obj.kind === 'err' && lower === 'description') {
          this.err.description = toStr(this.scalar(value));
          return;
        }
        if (obj.kind === 'module') {
          const v = this.moduleScope(this.byName.get(low(obj.name))!).get(lower);
          if (v) {
            v.value = set ? value : coerce(this.valueOf(value), v.type);
            return;
          }
        }
        this.fail('RUNTIME', `cannot assign to ${obj.typeName}.${target.name}`);
      }
      this.host.setMember(obj, target.name, [], set ? value : this.valueOf(value), this.scope(f));
      return;
    }
    if (target.k === 'call') {
      if (target.fn.k === 'name') {
        const v = this.lookupVar(target.fn.name, f);
        if (v?.value instanceof VbaArray) {
          const idx = this.indices(target.args, f);
          v.value.set(idx, set ? value : this.valueOf(value));
          return;
        }
      }
      if (target.fn.k === 'member') {
        // A property with arguments: obj.Cells(1, 2) = v, obj.Offset(1) = v.
        const obj = this.target(target.fn.obj, f);
        if (isObject(obj) && !(obj instanceof LanguageObj)) {
          const got = this.host.member(obj, target.fn.name, this.evalArgs(target.args, f), this.scope(f));
          if (isObject(got)) {
            this.host.setValue(got, this.valueOf(value));
            return;
          }
        }
      }
      const obj = this.call(target.fn, target.args, f, false);
      if (isObject(obj) && !(obj instanceof LanguageObj)) {
        this.host.setValue(obj, this.valueOf(value));
        return;
      }
    }
    this.fail('RUNTIME', 'cannot assign to this expression');
  }

  // ---- values ----

  /** An object read as its default member (a Range's Value); arrays and scalars as they are. */
  private valueOf(v: Value): Value {
    if (v instanceof LanguageObj) {
      if (v.kind === 'err') return this.err.number;
      return v;
    }
    if (v instanceof CollectionObj) return v;
    return isObject(v) ? this.host.value(v) : v;
  }

  private scalar(v: Value | undefined): Scalar {
    if (v === undefined) return null;
    const x = this.valueOf(v);
    if (x instanceof VbaArray) this.fail('RUNTIME', 'type mismatch: an array where a value is needed', 13);
    if (isObject(x)) this.fail('RUNTIME', `type mismatch: ${typeName(x)} has no value`, 13);
    return x;
  }

  private fail(code: 'RUNTIME' | 'UNSUPPORTED' | 'SYNTAX', message: string, number?: number): never {
    const e = new VbaError(code, message, this.current);
    if (code === 'RUNTIME') e.number = number ?? 5;
    throw e;
  }
}

function isExpr(v: unknown): v is Expr {
  return typeof v === 'object' && v !== null && 'k' in v && !(v instanceof ObjectValue) && !(v instanceof VbaArray);
}

/** Two objects that stand for the same thing (the same sheet, the same cells): Is gives True. */
function sameObject(a: ObjectValue, b: ObjectValue): boolean {
  const ka = (a as { identity?: () => string }).identity?.(), kb = (b as { identity?: () => string }).identity?.();
  return ka !== undefined && ka === kb;
}
