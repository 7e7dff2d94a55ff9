// The engine's patches are installed on the prototypes of HyperFormula's internal classes, which
// it does not export: they are reached through an instance. One empty engine serves every patch
// that needs no content (each building its own cost about 25 ms at every start of the CLI).
import { HyperFormula } from 'hyperformula';

let probe: HyperFormula | undefined;

export function emptyProbe(): HyperFormula {
  return (probe ??= HyperFormula.buildEmpty({ licenseKey: 'gpl-v3' }));
}
