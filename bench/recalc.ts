// Benchmark: open + recalculate + save, as whole processes, gradsheet's CLI against LibreOffice
// headless doing the same (recalculation forced on load, saved as .xlsx), on the course fixtures,
// the largest workbooks of other authors and on a generated MovieLens-100k-sized workbook. Runs alternate between the two, the median of
// each is reported with the ratio ours/LibreOffice (goal: <= 0.5 on every file), and the
// generated workbooks' formula values are checked against LibreOffice's. The second generated
// workbook, mnist.xlsx, has the shape of published neural-net workbooks (wide SUMPRODUCTs of
// 784-pixel rows against weight rows, EXP, softmax: genmnist.ts); mnist-mmult.xlsx the same
// model with each row's logits one MMULT array formula.
// --1m makes scale.xlsx MovieLens-1M-sized (1,000,209 ratings, 6,040 users, 3,706 movies: a few
// minutes a run, so one run unless --runs says more). Peak memory (max RSS, from /usr/bin/time
// where there is one) is printed beside the times.
// usage: npm run bench -- [--rows N] [--1m] [--images N] [--runs K] [--only NAME]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { genMnistWorkbook } from './genmnist.js';
import { genScaleWorkbook } from './genscale.js';

/** Compiled to dist/bench/recalc.js: the project root is two levels up. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = resolve(ROOT, '..', 'shared', 'fixtures');
// The course's workbooks, and the largest of other authors' (real shapes: wide rows, many sheets).
const FIXTURE_FILES = ['excel/collab_filter.xlsx', 'excel/entropy_example.xlsx', 'excel/graddesc.xlsm', 'thirdparty/naive-bayes-text.xlsx', 'thirdparty/deep-nn-rows.xlsx', 'thirdparty/eva6-backprop.xlsx'];
const SCALE_NAME = 'scale.xlsx';
const MNIST_NAME = 'mnist.xlsx';
const MNIST_MMULT_NAME = 'mnist-mmult.xlsx';
const GOAL = 0.5;
const TOLERANCE = 1e-9;
/** A run taking longer than this is a hang, not a measurement. */
const RUN_TIMEOUT_MS = 30 * 60_000;

interface Options {
  rows: number;
  /** MovieLens-1M's users and movies for scale.xlsx (with its 1,000,209 rows unless --rows). */
  ml1m: boolean;
  images: number;
  runs: number;
  only: string | undefined;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { rows: 100_000, ml1m: false, images: 1000, runs: 3, only: undefined };
  let rowsGiven = false, runsGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    const count = (): number => {
      const v = value(), n = Number(v);
      if (!Number.isInteger(n) || n < 1) usage(`${a} takes a positive integer, not ${v}`);
      return n;
    };
    if (a === '--rows') (opts.rows = count()), (rowsGiven = true);
    else if (a === '--1m') opts.ml1m = true;
    else if (a === '--images') opts.images = count();
    else if (a === '--runs') (opts.runs = count()), (runsGiven = true);
    else if (a === '--only') opts.only = value();
    else usage(`unknown option ${a}`);
  }
  if (opts.ml1m && !rowsGiven) opts.rows = 1_000_209;
  if (opts.ml1m && !runsGiven) opts.runs = 1;
  return opts;
}

function usage(message: string): never {
  process.stderr.write(`bench/recalc: ${message}\nusage: npm run bench -- [--rows N] [--1m] [--images N] [--runs K] [--only NAME]\n`);
  process.exit(2);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** GNU time, which reports a command's peak memory (the largest of its processes). */
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
/** The peak memory (kB) of the last command timed(), when TIME could measure it. */
let lastPeakKb: number | undefined;

/** Runs a command to completion; its wall-clock seconds, or an Error saying why it failed. */
function timed(cmd: string, args: string[]): number | Error {
  const peakFile = TIME ? join(tmpdir(), `gradsheet-bench-peak-${process.pid}`) : undefined;
  const [run, runArgs] = TIME && peakFile ? [TIME, ['-f', '%M', '-o', peakFile, cmd, ...args]] : [cmd, args];
  lastPeakKb = undefined;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(run, runArgs, { stdio: ['ignore', 'ignore', 'pipe'], timeout: RUN_TIMEOUT_MS });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (peakFile && existsSync(peakFile)) {
    const kb = Number(readFileSync(peakFile, 'utf8').trim().split('\n').pop());
    if (Number.isFinite(kb) && kb > 0) lastPeakKb = kb;
    rmSync(peakFile, { force: true });
  }
  if (r.error) return r.error;
  if (r.status !== 0) {
    const why = r.stderr?.toString().trim().split('\n').pop() ?? '';
    return new Error(`${basename(cmd)} exited ${r.status ?? r.signal}${why ? `: ${why}` : ''}`);
  }
  return seconds;
}

function hasSoffice(): boolean {
  return spawnSync('sh', ['-c', 'command -v soffice'], { stdio: 'ignore' }).status === 0;
}

/** LibreOffice settings that make it recalculate .xlsx/.ods on load (as ../shared/tools/lo-recalc). */
const RECALC_ON_LOAD_XCU = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

class LibreOffice {
  private readonly profile: string;

  constructor(tmp: string) {
    // One profile for every run, so LibreOffice's first-start set-up is paid once, untimed.
    this.profile = join(tmp, 'lo-profile');
    mkdirSync(join(this.profile, 'user'), { recursive: true });
    writeFileSync(join(this.profile, 'user', 'registrymodifications.xcu'), RECALC_ON_LOAD_XCU);
  }

  /** Recalculate `input` and save it as OUTDIR/<name>.xlsx; seconds taken, or an Error. */
  recalc(input: string, outDir: string): number | Error {
    mkdirSync(outDir, { recursive: true });
    const args = [`-env:UserInstallation=file://${this.profile}`, '--headless', '--convert-to', 'xlsx', '--outdir', outDir, input];
    const t = timed('soffice', args);
    const out = this.output(input, outDir);
    if (!(t instanceof Error) && !existsSync(out)) return new Error(`soffice wrote no ${basename(out)}`);
    return t;
  }

  output(input: string, outDir: string): string {
    return join(outDir, basename(input, extname(input)) + '.xlsx');
  }
}

function gradsheetCommand(): [string, string[]] {
  const bin = join(ROOT, 'node_modules', '.bin', 'gradsheet');
  return existsSync(bin) ? [bin, []] : [process.execPath, [join(ROOT, 'bin', 'gradsheet.js')]];
}

function oursRecalc(input: string, output: string): number | Error {
  const [cmd, pre] = gradsheetCommand();
  return timed(cmd, [...pre, 'recalc', input, '-o', output]);
}

// --- reading cached values back, independently of gradsheet's own reader ---

type Cached = number | string | boolean | null;
interface CellRead {
  value: Cached;
  formula: boolean;
}

const unescapeXml = (s: string): string =>
  s.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-fA-F]+|#[0-9]+);/g, (_, e: string) => {
    switch (e) {
      case 'lt': return '<';
      case 'gt': return '>';
      case 'quot': return '"';
      case 'apos': return "'";
      case 'amp': return '&';
      default: return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    }
  });

const attr = (attrs: string, name: string): string | undefined =>
  new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs)?.[1];

const textOf = (xml: string): string =>
  unescapeXml([...xml.matchAll(/<(?:\w+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?t>/g)].map((m) => m[1]!).join(''));

/** Every cell of every sheet: sheet name -> address -> cached value and whether it has a formula. */
function readCells(path: string): Map<string, Map<string, CellRead>> {
  const files = unzipSync(readFileSync(path));
  const part = (name: string): string => {
    const bytes = files[name];
    if (!bytes) throw new Error(`${basename(path)} has no ${name}`);
    return strFromU8(bytes);
  };
  const targets = new Map<string, string>();
  for (const m of part('xl/_rels/workbook.xml.rels').matchAll(/<Relationship\s([^>]*?)\/?>/g)) {
    const id = attr(m[1]!, 'Id'), target = attr(m[1]!, 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const strings = files['xl/sharedStrings.xml']
    ? [...part('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => textOf(m[1]!))
    : [];
  const sheets = new Map<string, Map<string, CellRead>>();
  for (const m of part('xl/workbook.xml').matchAll(/<sheet\s([^>]*?)\/?>/g)) {
    const name = unescapeXml(attr(m[1]!, 'name') ?? '');
    const target = targets.get(attr(m[1]!, 'r:id') ?? '');
    if (!target || !files[target]) continue;
    const cells = new Map<string, CellRead>();
    for (const c of strFromU8(files[target]).matchAll(/<c\s([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = c[1]!, body = c[2] ?? '';
      const ref = attr(attrs, 'r');
      if (!ref) continue;
      const type = attr(attrs, 't') ?? 'n';
      const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      let value: Cached = null;
      if (type === 'inlineStr') value = textOf(body.replace(/<f[\s>][\s\S]*?(?:<\/f>|\/>)/, ''));
      else if (v !== undefined) {
        if (type === 's') value = strings[Number(v)] ?? null;
        else if (type === 'b') value = v === '1';
        else if (type === 'e') value = `#ERR:${unescapeXml(v)}`;
        else if (type === 'str') value = unescapeXml(v);
        else value = Number(v);
      }
      cells.set(ref, { value, formula: /<f[\s>/]/.test(body) });
    }
    sheets.set(name, cells);
  }
  return sheets;
}

function same(a: Cached | undefined, b: Cached | undefined): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
  const blank = (x: Cached | undefined): boolean => x === null || x === undefined || x === '';
  return blank(a) && blank(b);
}

/** LibreOffice's formula cells looked up in ours: [agreeing, compared, first few differences]. */
function compareValues(expectedPath: string, actualPath: string): [number, number, string[]] {
  const expected = readCells(expectedPath), actual = readCells(actualPath);
  let agree = 0, total = 0;
  const shown: string[] = [];
  for (const [sheet, cells] of expected) {
    const other = actual.get(sheet);
    for (const [ref, cell] of cells) {
      if (!cell.formula) continue;
      total++;
      const got = other?.get(ref)?.value;
      if (same(cell.value, got)) agree++;
      else if (shown.length < 5) shown.push(`${sheet}!${ref}: libreoffice ${JSON.stringify(cell.value)}, ours ${JSON.stringify(got ?? null)}`);
    }
  }
  return [agree, total, shown];
}

// --- the run ---

const fmt = (x: number): string => x.toFixed(2);

function main(): number {
  const opts = parseArgs(process.argv.slice(2));
  const matches = (file: string): boolean =>
    opts.only === undefined || opts.only === file || opts.only === basename(file) || opts.only === basename(file, extname(file));
  const all = [...FIXTURE_FILES, SCALE_NAME, MNIST_NAME, MNIST_MMULT_NAME];
  if (!all.some(matches)) usage(`--only ${opts.only} matches no file (${all.join(', ')})`);
  const tmp = mkdtempSync(join(tmpdir(), 'gradsheet-bench-'));
  try {
    const files: string[] = [];
    for (const f of FIXTURE_FILES) {
      if (!matches(f)) continue;
      const path = join(FIXTURES, f);
      if (existsSync(path)) files.push(path);
      else process.stdout.write(`${f}: not found in ${FIXTURES}, skipped\n`);
    }
    let scalePath: string | undefined;
    if (matches(SCALE_NAME)) {
      scalePath = join(tmp, SCALE_NAME);
      writeFileSync(scalePath, genScaleWorkbook({ rows: opts.rows, factors: 5, seed: 0, ...(opts.ml1m ? { users: 6040, movies: 3706 } : {}) }));
      files.push(scalePath);
    }
    let mnistPath: string | undefined;
    if (matches(MNIST_NAME)) {
      mnistPath = join(tmp, MNIST_NAME);
      writeFileSync(mnistPath, genMnistWorkbook({ images: opts.images, seed: 0 }));
      files.push(mnistPath);
    }
    let mmultPath: string | undefined;
    if (matches(MNIST_MMULT_NAME)) {
      mmultPath = join(tmp, MNIST_MMULT_NAME);
      writeFileSync(mmultPath, genMnistWorkbook({ images: opts.images, seed: 0, layout: 'mmult' }));
      files.push(mmultPath);
    }
    if (files.length === 0) return 1;

    const lo = hasSoffice() ? new LibreOffice(tmp) : undefined;
    if (!lo) process.stdout.write('soffice not found: LibreOffice runs skipped (apt-get install -y libreoffice-calc-nogui)\n');
    process.stdout.write(
      `open + recalc + save, whole process, median of ${opts.runs} alternating runs` +
        (scalePath ? `; ${SCALE_NAME} has ${opts.rows} rating rows` : '') +
        (mnistPath || mmultPath ? `; ${MNIST_NAME} and ${MNIST_MMULT_NAME} have ${opts.images} images` : '') + '\n',
    );

    // One untimed run of each side first: LibreOffice fills its fresh profile, both warm the disk cache.
    const warm = files[0]!;
    oursRecalc(warm, join(tmp, 'warmup' + extname(warm)));
    lo?.recalc(warm, join(tmp, 'warmup-lo'));

    const width = Math.max(...files.map((f) => basename(f).length));
    let worst: { ratio: number; file: string } | undefined;
    let failed = false;
    for (const file of files) {
      const name = basename(file);
      const ours: number[] = [], theirs: number[] = [];
      let oursPeak = 0, theirPeak = 0;
      const oursOut = join(tmp, 'ours', name), loDir = join(tmp, 'lo');
      mkdirSync(dirname(oursOut), { recursive: true });
      let error: string | undefined;
      for (let i = 0; i < opts.runs && !error; i++) {
        const t = oursRecalc(file, oursOut);
        if (t instanceof Error) error = `ours failed: ${t.message}`;
        else ours.push(t);
        oursPeak = Math.max(oursPeak, lastPeakKb ?? 0);
        if (!lo) continue;
        const u = lo.recalc(file, loDir);
        if (u instanceof Error) error = `libreoffice failed: ${u.message}`;
        else theirs.push(u);
        theirPeak = Math.max(theirPeak, lastPeakKb ?? 0);
      }
      if (error) {
        process.stdout.write(`${name.padEnd(width)}  ${error}\n`);
        failed = true;
        continue;
      }
      const mo = median(ours);
      if (!lo) {
        process.stdout.write(`${name.padEnd(width)}  ours ${fmt(mo)}s\n`);
        continue;
      }
      const ml = median(theirs), ratio = mo / ml;
      const peaks = oursPeak && theirPeak ? `  peak memory ${fmt(oursPeak / 1024)} MB vs ${fmt(theirPeak / 1024)} MB (${fmt(oursPeak / theirPeak)}x)` : '';
      process.stdout.write(`${name.padEnd(width)}  ours ${fmt(mo)}s  libreoffice ${fmt(ml)}s  ratio ${fmt(ratio)}${peaks}\n`);
      if (!worst || ratio > worst.ratio) worst = { ratio, file: name };
      if (file === scalePath || file === mnistPath || file === mmultPath) {
        const [agree, total, shown] = compareValues(lo.output(file, loDir), oursOut);
        process.stdout.write(`values agree: ${agree}/${total} cells (${name}, formula cells, relative ${TOLERANCE})\n`);
        for (const line of shown) process.stdout.write(`  ${line}\n`);
      }
    }
    if (worst) {
      const verdict = worst.ratio <= GOAL ? 'met' : 'not met';
      process.stdout.write(`worst ratio ${fmt(worst.ratio)} (${worst.file}); goal <= ${GOAL}: ${verdict}\n`);
    }
    return failed ? 1 : 0;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

process.exitCode = main();
