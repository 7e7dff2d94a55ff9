// A macro runs sandboxed: it reaches the workbook and nothing else, so gradsheet can run a macro
// from a file a user was sent. What would reach files, programs, the registry, DLLs or other
// workbooks is refused before the macro runs: the procedure to run and every procedure it may
// call (by name, over-approximated) are scanned first, and the interpreter checks the same names
// again as it runs (for what a scan cannot see, such as Application.Run of a computed name).
import type { Arg, Expr, Stmt, Where } from './ast.js';
import { VbaError } from '../errors.js';
import type { ParsedModule } from './parser.js';

/** VBA functions and statements that reach files, programs, the registry or the keyboard, as VBA spells them. */
const REFUSED_NAMES = [
  'Shell', 'Kill', 'FileCopy', 'MkDir', 'RmDir', 'ChDir', 'ChDrive', 'Dir', 'CurDir', 'CreateObject',
  'GetObject', 'SendKeys', 'AppActivate', 'Environ', 'SaveSetting', 'GetSetting', 'DeleteSetting',
  'GetAllSettings', 'SetAttr', 'GetAttr', 'FileLen', 'FileDateTime', 'FreeFile', 'EOF', 'LOF', 'Loc',
  'CallByName', 'MacScript', 'ShellExecute',
];
export const REFUSED_CALLS = new Map(REFUSED_NAMES.map((n) => [n.toLowerCase(), n]));

/** Members that open, save, close or print files, quit Excel or schedule code: refused on any object. */
export const REFUSED_MEMBERS = new Set([
  'ontime', 'onkey', 'saveas', 'save', 'savecopyas', 'exportasfixedformat', 'printout', 'printpreview',
  'quit', 'followhyperlink', 'sendmail', 'getopenfilename', 'getsaveasfilename', 'filedialog',
  'opentext', 'openxml', 'opendatabase', 'execute', 'executeexcel4macro', 'registerxll', 'vbe',
  'shell',
]);

/** Members refused on the Workbooks collection (opening or creating another workbook) and on a workbook. */
export const REFUSED_WORKBOOK_MEMBERS = new Set(['open', 'add', 'close', 'changefileaccess', 'saveas']);

export function refusal(what: string, where: Where): VbaError {
  return new VbaError('SANDBOX', `${what} is refused: a macro runs sandboxed and reaches only its workbook`, where);
}

/** What a call to `name` would be refused as, or undefined when it is allowed. */
export function refusedCall(lower: string, module: ParsedModule, modules: readonly ParsedModule[]): string | undefined {
  const refused = REFUSED_CALLS.get(lower);
  if (refused) return refused;
  const declared = module.declares.get(lower) ?? modules.find((m) => m.kind === 'standard' && m.declares.has(lower))?.declares.get(lower);
  if (declared && !module.procedures.has(lower)) return `the DLL function ${lower} (Declare at line ${declared.line})`;
  return undefined;
}

/** What a member access would be refused as: `Workbooks.Open`, `.SaveAs`, `Application.OnTime`. */
export function refusedMember(obj: Expr | undefined, name: string): string | undefined {
  const lower = name.toLowerCase();
  const objText = obj?.k === 'name' ? obj.name : obj?.k === 'member' ? obj.name : undefined;
  const objName = objText?.toLowerCase();
  if (REFUSED_MEMBERS.has(lower)) return `${objText ?? ''}.${name}`;
  if (REFUSED_WORKBOOK_MEMBERS.has(lower) && (objName === 'workbooks' || objName === 'thisworkbook' || objName === 'activeworkbook')) return `${objText}.${name}`;
  if ((objName === 'vba' || objName === 'interaction' || objName === 'filesystem') && REFUSED_CALLS.has(lower)) return `${objText}.${name}`;
  return undefined;
}

/**
 * Scans `start` and the procedures it may reach for a refused statement; throws the first one
 * (SANDBOX, naming the statement and its line). Procedures that did not parse are skipped: they
 * fail with their syntax error when called.
 */
export function checkSandbox(start: { module: ParsedModule; body: Stmt[] }, modules: readonly ParsedModule[]): void {
  const seen = new Set<Stmt[]>();
  const queue: { module: ParsedModule; body: Stmt[] }[] = [start];
  const byName = (lower: string): { module: ParsedModule; body: Stmt[] }[] =>
    modules.flatMap((m) => {
      const p = m.procedures.get(lower);
      return p ? [{ module: m, body: p.body }] : [];
    });
  while (queue.length) {
    const { module, body } = queue.pop()!;
    if (seen.has(body)) continue;
    seen.add(body);
    for (const m of modules) if (m.kind !== 'action' && !seen.has(m.declarations)) queue.push({ module: m, body: m.declarations });
    const visitName = (lower: string, at: Where): void => {
      const refused = refusedCall(lower, module, modules);
      if (refused) throw refusal(refused, at);
      queue.push(...byName(lower));
    };
    const expr = (e: Expr | undefined, at: Where): void => {
      if (!e) return;
      switch (e.k) {
        case 'name':
          visitName(e.name.toLowerCase(), at);
          return;
        case 'member': {
          const refused = refusedMember(e.obj, e.name);
          if (refused) throw refusal(refused, at);
          expr(e.obj, at);
          // `Module1.go`, `Sheet1.go`: the procedure is reachable.
          queue.push(...byName(e.name.toLowerCase()));
          return;
        }
        case 'call':
          expr(e.fn, at);
          args(e.args, at);
          return;
        case 'un':
          expr(e.e, at);
          return;
        case 'bin':
          expr(e.l, at);
          expr(e.r, at);
      }
    };
    const args = (list: Arg[], at: Where): void => list.forEach((a) => expr(a.value, at));
    const stmts = (list: Stmt[] | undefined): void => list?.forEach(stmt);
    const stmt = (s: Stmt): void => {
      switch (s.k) {
        case 'refused':
          throw refusal(s.what, s);
        case 'dim':
          s.vars.forEach((v) => v.dims?.forEach((d) => (expr(d.lo, s), expr(d.hi, s))));
          return;
        case 'redim':
          s.vars.forEach((v) => v.dims.forEach((d) => (expr(d.lo, s), expr(d.hi, s))));
          return;
        case 'const':
          expr(s.value, s);
          return;
        case 'assign':
          expr(s.target, s);
          expr(s.value, s);
          return;
        case 'call':
          expr(s.callee, s);
          args(s.args, s);
          return;
        case 'if':
          s.branches.forEach((b) => (expr(b.cond, s), stmts(b.body)));
          stmts(s.otherwise);
          return;
        case 'for':
          expr(s.from, s);
          expr(s.to, s);
          expr(s.step, s);
          stmts(s.body);
          return;
        case 'foreach':
          expr(s.over, s);
          stmts(s.body);
          return;
        case 'do':
          expr(s.pre?.cond, s);
          expr(s.post?.cond, s);
          stmts(s.body);
          return;
        case 'select':
          expr(s.subject, s);
          s.cases.forEach((c) => {
            c.tests.forEach((t) => (t.k === 'to' ? (expr(t.lo, s), expr(t.hi, s)) : expr(t.v, s)));
            stmts(c.body);
          });
          stmts(s.otherwise);
          return;
        case 'with':
          expr(s.obj, s);
          stmts(s.body);
          return;
        case 'print':
          s.args.forEach((a) => expr(a, s));
          return;
        default:
          return;
      }
    };
    stmts(body);
  }
}
