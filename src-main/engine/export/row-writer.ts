import type { ExportRow } from '../query/export-rows';

/** One export format: rows in, bytes out to a ByteSink. */
export interface RowWriter {
  /** Writes a batch (the header first, the first time); resolves when the sink took it. */
  writeBatch(rows: readonly ExportRow[]): Promise<void>;
  /** Writes what ends the file (a header alone for no rows). */
  finish(): Promise<void>;
  /** Releases what the writer holds after a failure or cancel; never throws. */
  abort(): void;
}
