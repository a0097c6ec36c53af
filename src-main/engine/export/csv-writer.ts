import { stringify, type Options } from 'csv-stringify/sync';
import type { ExportRow } from '../query/export-rows';
import type { ByteSink } from './byte-sink';
import { cellOf, fieldReader, lastMessageAtValue } from './cell-value';
import type { PlannedColumn } from './column-plan';
import { csvCellText, csvValueText, defangCsvText } from './csv-cell';
import { isCanonicalUtcIso } from './iso-time';
import type { RowWriter } from './row-writer';

// RFC 4180 (csv-stringify): comma-separated, CRLF after every record, fields with a comma,
// quote, CR or LF quoted and quotes doubled; UTF-8, with a byte-order mark on request (Excel on
// Windows needs it to read UTF-8). Each batch is encoded by the library's synchronous API into
// one string and handed to the sink as one write: its stream interface cost more per row in
// stream machinery than the rows' reading and shaping together.

const BOM = '\ufeff';

/** A column's field text as it goes to the encoder: its cell's text, defanged. */
type FieldText = (row: ExportRow) => string;

// quote_record_delimiter: with a record_delimiter set, csv-stringify would otherwise quote only
// fields holding the whole CRLF, and leave a lone CR or LF bare (not RFC 4180).
const CSV_OPTIONS: Options = {
  record_delimiter: 'windows',
  quote_record_delimiter: true,
  eof: true,
  quote: '"',
  delimiter: ',',
};

/** Records as RFC 4180 text, each ended by CRLF. */
export function csvRecords(records: readonly (readonly string[])[]): string {
  return stringify(records as string[][], CSV_OPTIONS);
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
      const records = rows.map((row) => fields.map((field) => field(row)));
      await sink.write(csvRecords(records));
    },
    async finish() {
      await start();
    },
    abort() {},
  };
}
