// The messages our functions attach to their error values, in one place (HyperFormula keeps its
// own in error-message.ts the same way).
export const Messages = {
  WrongArgNumber: 'Wrong number of arguments.',
  NumberExpected: 'A number was expected.',
  ReferenceExpected: 'Reference expected: a cell or a range of adjacent cells.',
  OffsetOutOfSheet: 'The offset range goes over the edge of the sheet.',
  OffsetTooLarge: 'The offset range is too large.',
  OffsetZeroSize: 'Height and width must not be zero.',
  OffsetSelf: 'OFFSET points at its own cell (circular reference).',
  OffsetCycle: 'OFFSET points at a cell that depends on this formula (circular reference).',
  ScalarExpected: 'A single value was expected, not an array.',
  SheetRef: 'The sheet does not exist.',
  IndexOutOfRange: 'Index out of range.',
  IndexNegative: 'Index must not be negative.',
  AreaNumber: 'Only area 1 exists: multi-area references are not supported.',
  MatchType: 'match_type must be 1, 0 or -1.',
  MatchShape: 'lookup_array must be one row or one column.',
  NotFound: 'Value not found.',
  ImplicitIntersection: 'The range does not meet the formula\u2019s row or column (implicit intersection).',
  ArrayFitSize: 'ARRAYFIT needs a constant, positive number of rows and columns.',
  ArrayFitBeyond: 'Beyond the size of the array result.',
} as const;
