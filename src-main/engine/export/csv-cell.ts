import { isTimeCell, plainCell, type Cell } from './cell-value';

// CSV cells as text, defanged against formula injection (OWASP "CSV Injection"): a cell that a
// spreadsheet would read as a formula gets a leading apostrophe, unless it is a plain number
// such as -5 or +3.5, which a spreadsheet reads as that number.

/** First characters that start a formula (and their full-width forms, which some apps fold). */
const FORMULA_START = new Set([
  '=',
  '+',
  '-',
  '@',
  '\t',
  '\r',
  '\uff1d',
  '\uff0b',
  '\uff0d',
  '\uff20',
]);
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function defangCsvText(text: string): string {
  if (text.length === 0 || !FORMULA_START.has(text[0] as string)) return text;
  return PLAIN_NUMBER.test(text) ? text : `'${text}`;
}

/** The cell's text before defanging: times as ISO-8601 (UTC, or local with its offset). */
export function csvCellText(cell: Cell): string {
  if (cell === null) return '';
  if (isTimeCell(cell)) {
    return cell.clock ? cell.clock.localIso(cell.ms) : new Date(cell.ms).toISOString();
  }
  return String(cell);
}

/** defangCsvText(csvCellText(plainCell(value))), without the cell in between for plain text. */
export function csvValueText(value: unknown): string {
  if (typeof value === 'string') return defangCsvText(value);
  if (value === null || value === undefined) return '';
  return defangCsvText(csvCellText(plainCell(value)));
}
