// registerExcelFunctions and the engine-name map the formula translator uses.
import { HyperFormula } from 'hyperformula';
import { describe, expect, test } from 'vitest';
import { ENGINE_CONFIG } from '../../../src/engine/config.js';
import { ENGINE_FUNCTION_NAMES, registerExcelFunctions } from '../../../src/engine/functions/index.js';

describe('registerExcelFunctions', () => {
  test('is idempotent and registers every name', () => {
    registerExcelFunctions();
    const ids = ['GS.OFFSET', 'SINGLE', 'ARRAYFIT', 'INDEX', 'MATCH', 'VLOOKUP', 'HLOOKUP', 'LOOKUP', 'XLOOKUP', 'XMATCH', 'SUMPRODUCT', 'ROUND', 'ROUNDUP', 'ROUNDDOWN', 'INT', 'POWER', 'NORMSDIST', 'RANK', 'RANK.EQ', 'RANK.AVG'];
    const plugins = ids.map((id) => HyperFormula.getFunctionPlugin(id));
    registerExcelFunctions();
    expect(ids.map((id) => HyperFormula.getFunctionPlugin(id))).toEqual(plugins);
    expect(HyperFormula.getRegisteredFunctionNames('enGB')).toEqual(expect.arrayContaining(ids));
  });

  test('maps OFFSET and OFFSETROW, to names the engine parses and prints back', () => {
    expect(ENGINE_FUNCTION_NAMES).toEqual({ OFFSET: 'GS.OFFSET', OFFSETROW: 'GS.OFFSETROW' });
    registerExcelFunctions();
    const hf = HyperFormula.buildFromArray([[1, '=GS.OFFSET(A1,0,0)']], ENGINE_CONFIG);
    expect(hf.getCellFormula({ sheet: 0, row: 0, col: 1 })).toBe('=GS.OFFSET(A1,0,0)');
    expect(hf.getCellValue({ sheet: 0, row: 0, col: 1 })).toBe(1);
  });

  test('the replaced INDEX and MATCH are ours (0 index and wildcards work)', () => {
    registerExcelFunctions();
    const hf = HyperFormula.buildFromArray([[1, 'ab', '=SUM(INDEX(A1:A2,0,1))', '=MATCH("a*",B1:B2,0)'], [2]], ENGINE_CONFIG);
    expect(hf.getCellValue({ sheet: 0, row: 0, col: 2 })).toBe(3);
    expect(hf.getCellValue({ sheet: 0, row: 0, col: 3 })).toBe(1);
  });
});
