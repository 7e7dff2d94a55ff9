// The Sub and Function procedures a module declares: what `gradsheet info` lists and what a
// button's OnAction or a caller can run. A line scan, not a parser: declarations in VBA start a
// logical line, so comments, strings inside bodies and `End Sub` never look like one.

const DECLARATION =
  /^(?:(?:Public|Private|Friend)\s+)?(?:Static\s+)?(?:Sub|Function)\s+([\p{L}_][\p{L}\p{N}_]*)[$%&!#@]?\s*(?:\(|$)/iu;

/** Joins ` _` continuations so that a declaration split over lines reads as one. */
export function logicalLines(source: string): string[] {
  const physical = source.split(/\r\n|\r|\n/);
  const lines: string[] = [];
  let pending = '';
  for (const line of physical) {
    if (/(^|\s)_\s*$/.test(line)) {
      pending += line.replace(/_\s*$/, '') + ' ';
      continue;
    }
    lines.push(pending + line);
    pending = '';
  }
  if (pending) lines.push(pending);
  return lines;
}

/** The names of Sub and Function procedures, public and private, in declaration order. */
export function findMacros(source: string): string[] {
  const names: string[] = [];
  for (const raw of logicalLines(source)) {
    const line = raw.trim();
    if (line === '' || line.startsWith("'") || /^Rem(\s|$)/i.test(line)) continue;
    const m = DECLARATION.exec(line);
    if (m) names.push(m[1]!);
  }
  return names;
}
