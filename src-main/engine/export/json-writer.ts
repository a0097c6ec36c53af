import type { ExportRow } from '../query/export-rows';
import type { ByteSink } from './byte-sink';
import type { RowWriter } from './row-writer';

// JSON: one array of session objects exactly as the API returned them (unknown fields kept),
// plus `tags` (from the cache's tag queries) and, when transcripts are asked for, `history`:
// the cached events, or null when the transcript is not downloaded (the export's result lists
// those sessions). JSON Lines: the same objects, one per line. Written batch by batch.

function documentOf(row: ExportRow, transcripts: boolean): string {
  const document: Record<string, unknown> = { ...row.session, tags: row.tags };
  if (transcripts) document.history = row.history ?? null;
  return JSON.stringify(document);
}

export function createJsonWriter(
  sink: ByteSink,
  options: { lines: boolean; transcripts: boolean },
): RowWriter {
  let written = 0;
  return {
    async writeBatch(rows) {
      if (rows.length === 0) return;
      const documents = rows.map((row) => documentOf(row, options.transcripts));
      if (options.lines) {
        await sink.write(`${documents.join('\n')}\n`);
      } else {
        await sink.write(`${written === 0 ? '[\n' : ',\n'}${documents.join(',\n')}`);
      }
      written += rows.length;
    },
    async finish() {
      if (!options.lines) await sink.write(written === 0 ? '[]\n' : '\n]\n');
    },
    abort() {},
  };
}
