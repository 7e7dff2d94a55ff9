// Cells on the clipboard as spreadsheets put them there: tab-separated text, a row a line, a field
// that holds a tab, a line break or a quote written in quotes with its quotes doubled (what Excel
// and LibreOffice write and read); plus an HTML table for rich targets (mail, documents).

/** Rows of fields as tab-separated text, rows joined by "\n". */
export function toTsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(field).join('\t')).join('\n');
}

function field(s: string): string {
  return /[\t\n\r"]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Tab-separated text as rows of fields. Line ends may be \r\n, \n or \r; one line end after the
 * last row is no row of its own (Excel ends its text so). A field is quoted only when it starts
 * with a quote; a quote elsewhere is an ordinary character. Short rows are padded with "".
 */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  if (n === 0) return [];
  for (;;) {
    let value = '';
    if (text[i] === '"') {
      // a quoted field: up to the quote that is not doubled, then on to the next tab or line end
      let j = i + 1;
      let closed = false;
      while (j < n) {
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          closed = true;
          j++;
          break;
        }
        value += text[j++];
      }
      if (!closed) {
        // no closing quote: the text was not quoted after all (Excel reads it as written)
        const end = nextBreak(text, i);
        value = text.slice(i, end);
        j = end;
      } else {
        const end = nextBreak(text, j);
        value += text.slice(j, end);
        j = end;
      }
      i = j;
    } else {
      const end = nextBreak(text, i);
      value = text.slice(i, end);
      i = end;
    }
    row.push(value);
    if (i >= n) {
      rows.push(row);
      break;
    }
    if (text[i] === '\t') {
      i++;
      continue;
    }
    // a line end
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    rows.push(row);
    row = [];
    if (i >= n) break;
  }
  const width = Math.max(...rows.map((r) => r.length));
  for (const r of rows) while (r.length < width) r.push('');
  return rows;
}

function nextBreak(text: string, from: number): number {
  for (let k = from; k < text.length; k++) {
    const ch = text[k];
    if (ch === '\t' || ch === '\n' || ch === '\r') return k;
  }
  return text.length;
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The same rows as an HTML table; numbers right-aligned as a spreadsheet shows them. */
export function toHtml(rows: readonly (readonly string[])[], numeric?: readonly (readonly boolean[])[]): string {
  const body = rows
    .map((r, i) => '<tr>' + r.map((v, j) => (numeric?.[i]?.[j] ? `<td style="text-align:right">${escapeHtml(v)}</td>` : `<td>${escapeHtml(v).replace(/\n/g, '<br>')}</td>`)).join('') + '</tr>')
    .join('');
  return `<table>${body}</table>`;
}
