import type ExcelJS from 'exceljs';
import { Writable } from 'node:stream';
import { AppError } from '../../../src-shared/contract/app-error';
import type { ExportRow } from '../query/export-rows';
import type { ByteSink } from './byte-sink';
import { cellOf, isTimeCell, type Cell } from './cell-value';
import type { PlannedColumn } from './column-plan';
import type { RowWriter } from './row-writer';

// XLSX through exceljs's streaming WorkbookWriter: one sheet, a bold frozen header row, widths
// from the header and the first batch, typed cells (numbers, booleans, dates as Excel dates in a
// yyyy-mm-dd hh:mm:ss.000 format; UTC columns hold UTC, local columns that zone's wall time).
// Rows are committed as they are written and strings are inline (no shared-string table), so
// memory stays flat. Strings are plain text cells: a leading "=" is never a formula here.
// What XML cannot carry: control characters other than tab, LF and CR become U+FFFD (exceljs
// would drop them silently), and a CR reads back as LF (XML normalises line ends).
// exceljs is loaded on the first XLSX export only: loading it takes about half a second, which
// every CSV export and every start of the command line would otherwise pay.

/** Excel's limits: rows per sheet (header included) and characters per cell. */
export const XLSX_MAX_ROWS = 1_048_576;
export const XLSX_MAX_CELL_CHARS = 32_767;
const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss.000';
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g;
const DATE_STYLE = { numFmt: DATE_FORMAT } as Partial<ExcelJS.Style>;
const PLAIN_STYLE = {} as Partial<ExcelJS.Style>;
const HEADER_STYLE = { font: { bold: true } } as Partial<ExcelJS.Style>;
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;
/** Bytes the writer may hold for a slow destination before the next batch waits. */
const MAX_BUFFERED = 4 << 20;

export function xlsxText(text: string): string {
  let safe = text.replace(XML_UNSAFE, '\ufffd');
  if (safe.length > XLSX_MAX_CELL_CHARS) {
    const note = `… (cut here: Excel holds ${XLSX_MAX_CELL_CHARS} characters per cell; CSV and JSON exports hold all ${safe.length})`;
    let end = XLSX_MAX_CELL_CHARS - note.length;
    const last = safe.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end--; // never split a surrogate pair
    safe = safe.slice(0, end) + note;
  }
  return safe;
}

function xlsxValue(cell: Cell): ExcelJS.CellValue {
  if (cell === null) return null;
  if (isTimeCell(cell)) {
    // exceljs stores a Date as its UTC fields; a local column shifts it to the wall time.
    const offset = cell.clock ? cell.clock.offsetMinutes(cell.ms) * 60_000 : 0;
    return new Date(cell.ms + offset);
  }
  return typeof cell === 'string' ? xlsxText(cell) : cell;
}

/** Bytes waiting in a stream's writable side (node or readable-stream streams). */
function writableBytes(stream: unknown): number {
  const s = stream as { writableLength?: number; _writableState?: { length?: number } };
  return s.writableLength ?? s._writableState?.length ?? 0;
}

function isTimeColumn(column: PlannedColumn): boolean {
  return column.kind === 'date' || column.kind === 'last_message_at';
}

function displayLength(value: ExcelJS.CellValue): number {
  if (value === null || value === undefined) return 0;
  if (value instanceof Date) return DATE_FORMAT.length;
  const text = String(value);
  const line = text.indexOf('\n');
  return line === -1 ? text.length : line;
}

export async function createXlsxWriter(
  sink: ByteSink,
  columns: readonly PlannedColumn[],
  options: { created?: Date } = {},
): Promise<RowWriter> {
  const { default: excel } = await import('exceljs');
  let failure: unknown = null;
  const bridge = new Writable({
    highWaterMark: 1 << 20,
    write(chunk: Buffer, _encoding, callback) {
      sink.write(chunk).then(() => callback(), callback);
    },
  });
  bridge.on('error', (error) => {
    failure ??= error;
  });
  const workbook = new excel.stream.xlsx.WorkbookWriter({
    stream: bridge,
    useStyles: true,
    useSharedStrings: false,
    ...(options.created ? { created: options.created } : {}),
  });
  workbook.creator = 'Session Desk';
  const sheet = workbook.addWorksheet('Sessions', {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
  });
  let rowCount = 0;
  let started = false;

  // One style object per kind of cell, set on each cell: exceljs resolves a style once per
  // object it has seen, but a fresh object (a column style merged per cell) on every cell.
  const cellStyles = columns.map((column) => (isTimeColumn(column) ? DATE_STYLE : PLAIN_STYLE));
  const addRow = (values: readonly ExcelJS.CellValue[], styles: readonly object[]) => {
    const row = sheet.addRow(values as ExcelJS.CellValue[]);
    for (let index = 0; index < values.length; index++) {
      row.getCell(index + 1).style = styles[index] as ExcelJS.Style;
    }
    row.commit();
  };

  const start = (firstValues: readonly ExcelJS.CellValue[][]) => {
    started = true;
    sheet.columns = columns.map((column, index) => {
      let width = column.header.length;
      for (const values of firstValues) width = Math.max(width, displayLength(values[index]));
      return { key: `c${index}`, width: Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width + 2)) };
    });
    addRow(
      columns.map((column) => xlsxText(column.header)),
      columns.map(() => HEADER_STYLE),
    );
    rowCount = 1;
  };

  const throwIfFailed = () => {
    if (failure) throw failure;
  };

  // exceljs hands the sheet's XML to the zip without waiting (it ignores write()'s return), so
  // it piles up in the zip entry's input when deflate or the sink is slower than we are. Wait
  // between batches until the zip and the sink have caught up.
  const buffered = () => {
    const zip = (workbook as unknown as { zip?: Partial<Writable & { readableLength: number }> })
      .zip;
    const entryInputs =
      (sheet as unknown as { _stream?: { pipes?: unknown[] } })._stream?.pipes ?? [];
    let bytes = bridge.writableLength + (zip?.readableLength ?? 0) + (zip?.writableLength ?? 0);
    for (const input of entryInputs) bytes += writableBytes(input);
    return bytes;
  };
  const settle = async () => {
    while (!failure && buffered() > MAX_BUFFERED) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    throwIfFailed();
  };

  return {
    async writeBatch(rows: readonly ExportRow[]) {
      throwIfFailed();
      if (rowCount + rows.length > XLSX_MAX_ROWS) {
        throw new AppError(
          'invalid_input',
          `An Excel sheet holds at most ${XLSX_MAX_ROWS - 1} sessions; export as CSV or JSON, or narrow the filter.`,
        );
      }
      const values = rows.map((row) => columns.map((column) => xlsxValue(cellOf(column, row))));
      if (!started) start(values);
      for (const rowValues of values) addRow(rowValues, cellStyles);
      rowCount += rows.length;
      await settle();
    },
    async finish() {
      throwIfFailed();
      if (!started) start([]);
      sheet.commit();
      await workbook.commit();
      throwIfFailed();
    },
    abort() {
      const zip = (workbook as unknown as { zip?: { abort?: () => void } }).zip;
      try {
        zip?.abort?.();
      } catch {
        // Already ended.
      }
      bridge.destroy();
    },
  };
}
