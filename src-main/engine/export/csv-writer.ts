import type { ExportRow } from '../query/export-rows';
import type { ByteSink } from './byte-sink';
import { cellOf, fieldAt, lastMessageAtValue } from './cell-value';
import type { PlannedColumn } from './column-plan';
import { csvCellText, csvField, defangCsvText } from './csv-cell';
import { isCanonicalUtcIso } from './iso-time';
import type { RowWriter } from './row-writer';

// RFC 4180: comma-separated, CRLF after every record, fields with a comma, quote, CR or LF
// quoted and quotes doubled; UTF-8, with a byte-order mark on request (Excel on Windows needs it
// to read UTF-8). Each batch is encoded into one string and handed to the sink as one write:
// a stream-based encoder (csv-stringify) cost more per row in its stream machinery than the
// rows' reading and shaping together.

const BOM = '\ufeff';
const RECORD_END = '\r\n';

/** A column's field as it goes into the file: its cell's text, defanged, quoted if need be. */
type FieldText = (row: ExportRow) => string;

function fieldTextOf(column: PlannedColumn): FieldText {
  const general: FieldText = (row) => csvField(defangCsvText(csvCellText(cellOf(column, row))));
  // A UTC time sent as toISOString writes it is written as sent (iso-time.ts): it starts with a
  // digit and holds no comma or quote, so there is nothing to defang or quote either.
  if (column.kind === 'date' && column.clock === null) {
    const path = column.path;
    return (row) => {
      const value = fieldAt(row.session, path);
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
    const header = columns.map((column) => csvField(defangCsvText(column.header))).join(',');
    await sink.write(`${options.bom ? BOM : ''}${header}${RECORD_END}`);
  };
  const fields = columns.map(fieldTextOf);
  const last = fields.length - 1;
  return {
    async writeBatch(rows: readonly ExportRow[]) {
      await start();
      if (rows.length === 0) return;
      let text = '';
      for (const row of rows) {
        for (let index = 0; index <= last; index++) {
          text += (fields[index] as FieldText)(row);
          text += index === last ? RECORD_END : ',';
        }
      }
      await sink.write(text);
    },
    async finish() {
      await start();
    },
    abort() {},
  };
}
