import type { ExportRow } from '../query/export-rows';
import type { ByteSink } from './byte-sink';
import { cellOf } from './cell-value';
import type { PlannedColumn } from './column-plan';
import { csvCellText, csvField, defangCsvText } from './csv-cell';
import type { RowWriter } from './row-writer';

// RFC 4180: comma-separated, CRLF after every record, fields with a comma, quote, CR or LF
// quoted and quotes doubled; UTF-8, with a byte-order mark on request (Excel on Windows needs it
// to read UTF-8). Each batch is encoded into one string and handed to the sink as one write:
// a stream-based encoder (csv-stringify) cost more per row in its stream machinery than the
// rows' reading and shaping together.

const BOM = '\ufeff';
const RECORD_END = '\r\n';

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
  const last = columns.length - 1;
  return {
    async writeBatch(rows: readonly ExportRow[]) {
      await start();
      if (rows.length === 0) return;
      let text = '';
      for (const row of rows) {
        for (let index = 0; index <= last; index++) {
          const cell = csvCellText(cellOf(columns[index] as PlannedColumn, row));
          text += csvField(defangCsvText(cell));
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
