import { stringify, type Options } from 'csv-stringify';
import type { ExportRow } from '../query/export-rows';
import type { ByteSink } from './byte-sink';
import { cellOf } from './cell-value';
import type { PlannedColumn } from './column-plan';
import { csvCellText, defangCsvText } from './csv-cell';
import type { RowWriter } from './row-writer';

// RFC 4180: comma-separated, CRLF after every record, fields with a comma, quote, CR or LF
// quoted and quotes doubled; UTF-8, with a byte-order mark on request (Excel on Windows needs it
// to read UTF-8).

const BOM = '\ufeff';
// quote_record_delimiter: with a record_delimiter set, csv-stringify would otherwise quote only
// fields holding the whole CRLF, and leave a lone CR or LF bare (not RFC 4180).
const OPTIONS: Options = {
  record_delimiter: 'windows',
  quote_record_delimiter: true,
  eof: true,
  quote: '"',
  delimiter: ',',
};

function toCsv(records: string[][]): Promise<string> {
  return new Promise((resolve, reject) => {
    stringify(records, OPTIONS, (error, output) => (error ? reject(error) : resolve(output)));
  });
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
    const header = await toCsv([columns.map((column) => defangCsvText(column.header))]);
    await sink.write(options.bom ? BOM + header : header);
  };
  return {
    async writeBatch(rows: readonly ExportRow[]) {
      await start();
      if (rows.length === 0) return;
      const records = rows.map((row) =>
        columns.map((column) => defangCsvText(csvCellText(cellOf(column, row)))),
      );
      await sink.write(await toCsv(records));
    },
    async finish() {
      await start();
    },
    abort() {},
  };
}
