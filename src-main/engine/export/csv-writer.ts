import type { ExportRow } from '../query/export-rows';
import type { ByteSink } from './byte-sink';
import { cellOf, fieldReader, lastMessageAtValue } from './cell-value';
import type { PlannedColumn } from './column-plan';
import { csvCellText, csvValueText, defangCsvText } from './csv-cell';
import { isCanonicalUtcIso } from './iso-time';
import type { RowWriter } from './row-writer';

// RFC 4180: comma-separated, CRLF after every record, fields with a comma, quote, CR or LF quoted
// and quotes doubled; UTF-8, with a byte-order mark on request (Excel on Windows needs it to read
// UTF-8). Each batch is encoded into one string and handed to the sink as one write. The
// encoding is written here rather than by csv-stringify: the library's synchronous API, with its
// per-field casting and option handling, was a fifth of a million-session export's CPU, about
// three times this loop. csv-cell.test.ts checks the bytes against csv-stringify's.

const BOM = '\ufeff';

/** A column's field text as it goes to the encoder: its cell's text, defanged. */
type FieldText = (row: ExportRow) => string;

/** A lone CR or LF is quoted too, not only CRLF: a reader may take either for a record's end. */
const NEEDS_QUOTES = /[",\r\n]/;

/** One field as RFC 4180 writes it. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Records as RFC 4180 text, each ended by CRLF. */
export function csvRecords(records: readonly (readonly string[])[]): string {
  let out = '';
  for (const record of records) {
    for (let i = 0; i < record.length; i++) {
      if (i > 0) out += ',';
      out += csvField(record[i] as string);
    }
    out += '\r\n';
  }
  return out;
}

function fieldTextOf(column: PlannedColumn): FieldText {
  const general: FieldText = (row) => defangCsvText(csvCellText(cellOf(column, row)));
  if (column.kind === 'value') {
    const read = fieldReader(column.path);
    return (row) => csvValueText(read(row.session));
  }
  // A UTC time sent as toISOString writes it is written as sent (iso-time.ts): it starts with a
  // digit, so there is nothing to defang.
  if (column.kind === 'date' && column.clock === null) {
    const read = fieldReader(column.path);
    return (row) => {
      const value = read(row.session);
      return typeof value === 'string' && isCanonicalUtcIso(value) ? value : general(row);
    };
  }
  if (column.kind === 'last_message_at' && column.clock === null) {
    return (row) => {
      const value = lastMessageAtValue(row);
      return typeof value === 'string' && isCanonicalUtcIso(value) ? value : general(row);
    };
  }
  return general;
}

export function createCsvWriter(
  sink: ByteSink,
  columns: readonly PlannedColumn[],
  options: { bom: boolean },
): RowWriter {
  let started = false;
  const start = async () => {
    if (started) return;
    started = true;
    const header = csvRecords([columns.map((column) => defangCsvText(column.header))]);
    await sink.write(`${options.bom ? BOM : ''}${header}`);
  };
  const fields = columns.map(fieldTextOf);
  return {
    async writeBatch(rows: readonly ExportRow[]) {
      await start();
      if (rows.length === 0) return;
      let out = '';
      for (const row of rows) {
        for (let i = 0; i < fields.length; i++) {
          if (i > 0) out += ',';
          out += csvField((fields[i] as FieldText)(row));
        }
        out += '\r\n';
      }
      await sink.write(out);
    },
    async finish() {
      await start();
    },
    abort() {},
  };
}
