// HyperFormula configured to compute as Excel does.
import { DenseSparseChooseBasedOnThreshold, type ConfigParams } from 'hyperformula';

export const ENGINE_CONFIG: Partial<ConfigParams> = {
  licenseKey: 'gpl-v3',
  // Nothing undoes an engine operation (the Workbook keeps its own edits); HyperFormula's undo
  // bookkeeping made a batch of n writes cost n^2 (a Calculate of 1,000 cells on a cycle).
  undoLimit: 0,
  // HyperFormula rounds results to 10 significant digits by default; Excel keeps full doubles.
  precisionRounding: 0,
  smartRounding: false,
  precisionEpsilon: 0,
  // Excel's grid, so a 100,000-row sheet (or any sheet Excel can hold) fits.
  maxRows: 1048576,
  maxColumns: 16384,
  // HyperFormula's default cell map is dense, sized by the used area: one cell at XFD1048576 makes
  // it allocate past the heap. Dense only where at least a quarter of the area is filled (so at
  // most 4 slots a cell; the 100,000-row embedding sheet is 62% full and builds 0.4 s faster dense).
  chooseAddressMappingPolicy: new DenseSparseChooseBasedOnThreshold(0.25),
  // Pre-dynamic-array Excel semantics for ordinary formulas; CSE arrays get array arithmetic
  // explicitly (ARRAYFORMULA), as Excel's t="array" formulas do.
  useArrayArithmetic: false,
  // Excel's date system: serial 1 is 1900-01-01 and 60 the 29 February 1900 Excel counts (its
  // Lotus leap year), as HyperFormula's guide pairs them. Day 30 with the leap year made every date
  // from March 1900 one day late (DATE(2020,1,15) was 43846, Excel's 43845). Text dates read as
  // Excel's en-US does: month first, and ISO year-month-day.
  nullDate: { year: 1899, month: 12, day: 31 },
  leapYear1900: true,
  dateFormats: ['MM/DD/YYYY', 'MM/DD/YY', 'YYYY/MM/DD'],
  // Excel's comparison rules.
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

/**
 * The same threshold, judged on each sheet's fill in the file (one figure per sheet, in the
 * order the engine builds them): the numbers held beside the engine (compact.ts) and the rows of
 * formula groups are not in the data it is built from, yet the cells are read (and the groups'
 * results fill them) as densely as in the file.
 */
class FileFillPolicy extends DenseSparseChooseBasedOnThreshold {
  constructor(private readonly fills: number[]) {
    super(0.25);
  }
  override call(fill: number): ReturnType<DenseSparseChooseBasedOnThreshold['call']> {
    return super.call(this.fills.shift() ?? fill);
  }
}

/** The engine's configuration for a build from sheets whose fills in the file are `fills`. */
export function engineConfig(fills: number[]): Partial<ConfigParams> {
  return { ...ENGINE_CONFIG, chooseAddressMappingPolicy: new FileFillPolicy([...fills]) };
}
