// LibreOffice headless as a peer: recalculate a workbook on load and save it as .xlsx. Tests that
// need it skip when soffice is absent, unless CI is set (then it must be there).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export const haveLibreOffice = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).status === 0;
if (!haveLibreOffice && process.env.CI) throw new Error('LibreOffice (soffice) is required under CI');

let profile: string | undefined;

/** The bytes of `bytes` (an .xlsx/.xlsm) after LibreOffice recalculated every formula and saved it. */
export function libreOfficeRecalc(bytes: Uint8Array, name = 'book.xlsx'): Uint8Array {
  if (!profile) {
    profile = mkdtempSync(join(tmpdir(), 'gradsheet-lo-'));
    mkdirSync(join(profile, 'user'), { recursive: true });
    // Recalculate on load: LibreOffice otherwise keeps the cached values of .xlsx files.
    writeFileSync(
      join(profile, 'user', 'registrymodifications.xcu'),
      '<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
        '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>' +
        '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item></oor:items>',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'gradsheet-lo-run-'));
  const input = join(dir, name);
  writeFileSync(input, bytes);
  const out = join(dir, 'out');
  execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'xlsx', '--outdir', out, input], { stdio: 'ignore', timeout: 120_000 });
  return readFileSync(join(out, basename(name).replace(/\.\w+$/, '.xlsx')));
}
