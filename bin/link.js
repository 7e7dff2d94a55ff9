// npm links the bins of dependencies into node_modules/.bin but not the package's own, so
// `npm install` runs this (from `prepare`) to make node_modules/.bin/gradsheet as the docs promise.
import { mkdirSync, rmSync, symlinkSync, chmodSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const binDir = join(root, 'node_modules', '.bin');
const target = join(root, 'bin', 'gradsheet.js');
mkdirSync(binDir, { recursive: true });
rmSync(join(binDir, 'gradsheet'), { force: true });
symlinkSync(relative(binDir, target), join(binDir, 'gradsheet'));
chmodSync(target, 0o755);
