/**
 * Reads a block copied from Excel or another spreadsheet (text/plain: tab between cells, CR LF
 * or LF between rows, cells with tabs/newlines/quotes wrapped in double quotes, doubled quotes
 * inside) into rows of cells. The trailing newline Excel adds does not make an empty row.
 *
 * @example parseClipboardBlock('1,563件\t(R1)\r\n1,600件\t\r\n') // [['1,563件', '(R1)'], ['1,600件', '']]
 */
export function parseClipboardBlock(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quotedCell = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (cell === '' && !quotedCell && ch === '"') {
      // A quoted cell: up to the closing quote that is not doubled.
      let j = i + 1;
      let value = '';
      let closed = false;
      while (j < text.length) {
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
        value += text[j];
        j++;
      }
      const next = text[j];
      if (closed && (next === undefined || next === '\t' || next === '\n' || next === '\r')) {
        cell = value;
        quotedCell = true;
        i = j;
        continue;
      }
      // Not a well-formed quoted cell: read the quote as text.
    }
    if (ch === '\t') {
      row.push(cell);
      cell = '';
      quotedCell = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      quotedCell = false;
    } else cell += ch;
    i++;
  }
  if (cell !== '' || quotedCell || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Whether pasted text is a block (several cells) rather than text for one cell. */
export function isBlock(text: string): boolean {
  return /[\t\n\r]/.test(text.replace(/[\r\n]+$/, ''));
}
