// The messages the custom functions attach to their error values, in one place (as
// src/engine/functions/messages.ts does for the Excel functions).
export const Messages = {
  NumbersOnly: 'The array must hold numbers only: no text, logical values or blank cells.',
  MatrixShape: 'The number of columns of array1 must equal the number of rows of array2.',
  RowNotNumber: 'A row index must be a number.',
  RowNotInteger: 'A row index must be a whole number.',
  RowOutOfRange: 'A row index must be between 1 and the number of rows of the table.',
  RowsShape: 'The row indices must be one value, one row or one column.',
  NotFinite: 'The result is not a finite number.',
  UnpredictedSize:
    'The result is larger than the cells reserved for it: its size could not be told from the shapes of the arguments before computing it.',
} as const;
