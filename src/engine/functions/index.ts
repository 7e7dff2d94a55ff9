// The Excel functions HyperFormula lacks or computes differently from Excel, as HyperFormula
// function plugins (one file each), and the names engine formulas must use for them.
import { HyperFormula, type FunctionPluginDefinition } from 'hyperformula';
import { ArrayFitPlugin } from './arrayfit.js';
import { CellPlugin } from './cell.js';
import { ChoosePlugin } from './choose.js';
import { ConditionalAggregatesPlugin } from './conditional-aggregates.js';
import { IndexPlugin } from './index-function.js';
import { IndirectPlugin } from './indirect.js';
import { IntPlugin } from './int.js';
import { EdatePlugin } from './edate.js';
import { LogPlugin } from './log.js';
import { LogicalPlugin } from './logical.js';
import { DynamicArraysPlugin } from './dynamic-arrays.js';
import { MatchPlugin } from './match.js';
import { MatrixPlugin } from './matrix.js';
import { MmultPlugin } from './mmult.js';
import { NormsdistPlugin } from './normsdist.js';
import { OFFSET_ENGINE_NAME, OffsetPlugin } from './offset.js';
import { PowerPlugin } from './power.js';
import { RankPlugin } from './rank.js';
import { ReferenceInfoPlugin } from './reference-info.js';
import { ReferenceOperatorsPlugin } from './reference-operators.js';
import { RoundPlugin } from './round.js';
import { SinglePlugin } from './single.js';
import { SumproductPlugin } from './sumproduct.js';
import { TextPlugin } from './text.js';
import { TextJoinPlugin } from './text-join.js';
import { LookupPlugin } from './vlookup.js';
import { XlookupPlugin } from './xlookup.js';
import { CUSTOM_ENGINE_NAMES, CUSTOM_PLUGINS } from '../../../functions/index.js';

export { OFFSET_ENGINE_NAME } from './offset.js';
export { CALC_MESSAGE } from './dynamic-arrays.js';
export { withWorkbookPath } from './cell.js';
export { LAZY_REFERENCE, RANGE_OPERATOR, UNION_OPERATOR } from './references.js';

/**
 * Excel function name (upper case, without _xlfn./_xlws.) -> the name an engine formula must
 * use, for the functions that cannot take their Excel name in HyperFormula. OFFSET: the
 * parser rewrites HyperFormula's own OFFSET at parse time and it cannot be replaced; and the
 * custom functions' names that its lexer cannot read (OFFSETROW). The others replace
 * HyperFormula's under their own names (INDEX, MATCH, VLOOKUP, ...) or are new names (SINGLE,
 * ARRAYFIT, RANK, SOFTMAX, ...).
 */
export const ENGINE_FUNCTION_NAMES: Readonly<Record<string, string>> = Object.freeze({
  OFFSET: OFFSET_ENGINE_NAME,
  ...CUSTOM_ENGINE_NAMES,
});

const PLUGINS: readonly FunctionPluginDefinition[] = [
  // gradsheet's own names
  OffsetPlugin,
  SinglePlugin,
  ArrayFitPlugin,
  ReferenceOperatorsPlugin,
  // Excel's functions HyperFormula computes differently (they replace the built-in ones)
  IndexPlugin,
  ReferenceInfoPlugin,
  MatchPlugin,
  LookupPlugin,
  XlookupPlugin, // XLOOKUP replaces HyperFormula's; XMATCH is new
  SumproductPlugin,
  RoundPlugin,
  IntPlugin,
  EdatePlugin,
  PowerPlugin,
  LogPlugin,
  LogicalPlugin,
  ChoosePlugin,
  TextPlugin,
  TextJoinPlugin,
  NormsdistPlugin,
  ConditionalAggregatesPlugin,
  // Excel's functions HyperFormula lacks
  RankPlugin,
  MatrixPlugin,
  MmultPlugin,
  DynamicArraysPlugin,
  IndirectPlugin,
  CellPlugin,
  // gradsheet's custom functions
  ...CUSTOM_PLUGINS,
];

/**
 * Register our plugins with HyperFormula, for every instance built afterwards (the ones that
 * share a built-in function's name replace it), with their English names. Calling it again
 * does nothing.
 */
export function registerExcelFunctions(): void {
  for (const plugin of PLUGINS) {
    const ids = Object.keys(plugin.implementedFunctions);
    if (ids.every((id) => HyperFormula.getFunctionPlugin(id) === plugin)) continue;
    const names = Object.fromEntries(ids.map((id) => [id, id]));
    HyperFormula.registerFunctionPlugin(plugin, { enGB: names, enUS: names });
  }
}
