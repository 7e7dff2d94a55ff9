// HyperFormula configured to compute as Excel does.
import type { ConfigParams } from 'hyperformula';

export const ENGINE_CONFIG: Partial<ConfigParams> = {
  licenseKey: 'gpl-v3',
  // HyperFormula rounds results to 10 significant digits by default; Excel keeps full doubles.
  precisionRounding: 0,
  smartRounding: false,
  precisionEpsilon: 0,
  // Excel's grid, so a 100,000-row sheet (or any sheet Excel can hold) fits.
  maxRows: 1048576,
  maxColumns: 16384,
  // Pre-dynamic-array Excel semantics for ordinary formulas; CSE arrays get array arithmetic
  // explicitly (ARRAYFORMULA), as Excel's t="array" formulas do.
  useArrayArithmetic: false,
  // Excel's date system and comparison rules.
  nullDate: { year: 1899, month: 12, day: 30 },
  leapYear1900: true,
  caseSensitive: false,
  accentSensitive: true,
  matchWholeCell: true,
  useRegularExpressions: false,
  useWildcards: true,
  evaluateNullToZero: true,
  ignorePunctuation: false,
  functionArgSeparator: ',',
  decimalSeparator: '.',
  thousandSeparator: '',
  arrayColumnSeparator: ',',
  arrayRowSeparator: ';',
};
