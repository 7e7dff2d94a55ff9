#!/usr/bin/env node
// Builds the browser app (src/ui, Vite) into dist/ui, and tells whether that build is older than
// its sources. `npm install` runs it (prepare); `npm start` (bin/serve.js) and the UI tests call
// ensureUi() so that they never serve a stale bundle. Plain Node ESM, no dependencies but Vite.
// Concurrent callers (two test files, a test and `npm start`) build once: a lock directory
// serialises them, and the bundle is built aside and swapped in whole.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const uiDir = join(root, 'dist', 'ui');
const stamp = join(uiDir, '.built');
const lockDir = join(root, 'dist', '.ui-build.lock');

/** What the bundle is made of: the library and the app (src/, functions/) and the build's own settings. */
const INPUTS = ['src', 'functions', 'vite.config.ts', 'package.json', 'package-lock.json'];

function newestMtime(path) {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Why the bundle must be (re)built, or undefined when it is current. */
export function uiStale() {
  if (!existsSync(join(uiDir, 'index.html')) || !existsSync(stamp)) return 'not built yet';
  const built = statSync(stamp).mtimeMs;
  const newest = Math.max(...INPUTS.map((p) => newestMtime(join(root, p))));
  return newest > built ? 'sources changed since the last build' : undefined;
}

function viteBin() {
  try {
    const pkg = createRequire(join(root, 'package.json')).resolve('vite/package.json');
    return join(dirname(pkg), 'bin', 'vite.js');
  } catch {
    return undefined;
  }
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Run `fn` holding the build lock; a lock left by a dead process is taken over. */
function withLock(fn) {
  mkdirSync(dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
      } catch {
        // the owner has not written its pid yet
      }
      if (Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`another UI build holds ${lockDir}`);
      else sleep(200);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * Build dist/ui now. `log` receives progress lines. Throws with Vite's last output lines when the
 * build fails; the previous bundle then stays in place.
 */
export function buildUi(log = (line) => process.stderr.write(line + '\n')) {
  const vite = viteBin();
  if (!vite) throw new Error('Vite is not installed (it is a dev dependency: run npm install)');
  const started = new Date();
  const aside = join(root, 'dist', `.ui-build-${process.pid}`);
  log('gradsheet: building the browser UI (vite build)…');
  const run = spawnSync(process.execPath, [vite, 'build', '--outDir', aside, '--emptyOutDir'], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) {
    rmSync(aside, { recursive: true, force: true });
    const tail = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n').slice(-8).join('\n');
    throw new Error(`vite build failed:\n${tail || run.error?.message || `exit ${run.status}`}`);
  }
  // The stamp carries the time the build started: a source saved during the build is newer.
  writeFileSync(join(aside, '.built'), started.toISOString() + '\n');
  utimesSync(join(aside, '.built'), started, started);
  const old = join(root, 'dist', `.ui-old-${process.pid}`);
  if (existsSync(uiDir)) renameSync(uiDir, old);
  renameSync(aside, uiDir);
  rmSync(old, { recursive: true, force: true });
  log(`gradsheet: UI built in ${((Date.now() - started.getTime()) / 1000).toFixed(1)} s`);
}

/**
 * Make sure dist/ui is current: build it when missing or older than its sources. Without Vite
 * (an install without dev dependencies) an existing bundle is served as it is.
 */
export function ensureUi(log) {
  if (!uiStale()) return;
  withLock(() => {
    const why = uiStale(); // another process may have built it while we waited
    if (!why) return;
    if (!viteBin() && existsSync(join(uiDir, 'index.html'))) return;
    buildUi(log);
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    withLock(() => buildUi());
  } catch (e) {
    process.stderr.write(`gradsheet: ${e.message}\n`);
    process.exit(1);
  }
}
