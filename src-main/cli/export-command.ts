import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { AppError } from '../../src-shared/contract/app-error';
import { contract, type InputOf } from '../../src-shared/contract/channels';
import type { EventSink } from '../../src-shared/contract/events';
import {
  EXPORT_COLUMN_FAMILIES,
  EXPORT_COLUMNS,
  EXPORT_FORMAT_INFO,
  EXPORT_FORMATS,
  MAX_EXPORT_IDS,
} from '../../src-shared/export/export-catalogue';
import type { ExportSummary } from '../../src-shared/export/export-results';
import { LOCAL_SORT_FIELDS } from '../../src-shared/filter/session-sort';
import type { ExportDestination } from '../engine/export/export-jobs';
import { createReadOnlyEngine } from '../engine/service/read-only-engine';
import { openCacheReader } from '../engine/store/cache/open-cache-reader';
import { UsageError } from './cli-error';

export const EXPORT_USAGE =
  'session-desk export --db FILE [--filter JSON] [--q TEXT] [--ids FILE] [--sort FIELD:asc|desc] --format csv|xlsx|json|jsonl [--columns a,b,c] [--transcripts] [--bom] [--time-zone ZONE] --out FILE|-';

export const EXPORT_HELP = `usage: ${EXPORT_USAGE}

Exports cached sessions from a cache file (read only: nothing in it changes) to CSV, Excel,
JSON or JSON Lines, streamed in batches, so memory stays flat whatever the count.

  --db FILE           the cache to read (written by \`session-desk sync\` or the app)
  --filter JSON       export the sessions matching this filter (the app's filter model, e.g.
                      '{"status":["open"],"created_at":{"within_last":{"amount":7,"unit":"days"}}}');
                      default: every cached session
  --q TEXT            full-text search, added to the filter (contacts, tickets, custom data,
                      transcripts)
  --ids FILE          export exactly these sessions: one session id per line (blank lines and
                      lines starting with # are skipped; at most ${MAX_EXPORT_IDS.toLocaleString('en-US')}); not with --filter or --q.
                      Ids not in the cache are listed in the summary as not_cached
  --sort FIELD:DIR    row order, FIELD one of ${LOCAL_SORT_FIELDS.join(', ')}, DIR asc or desc
                      (default last_message_at:desc, the list's order)
  --format FORMAT     ${EXPORT_FORMATS.map((format) => `${format} (${EXPORT_FORMAT_INFO[format].label})`).join(',\n                      ')}
  --columns LIST      CSV and XLSX only: "all" (default: every field, one column per custom-data
                      key and unknown field found), "list" (the app's list columns), or column
                      ids separated by commas, written in that order. Column ids:
${wrap(EXPORT_COLUMNS.map((column) => column.id).join(', '), 22)}
                      and ${EXPORT_COLUMN_FAMILIES.map((family) => `${family.prefix}<key>`).join(', ')}
  --transcripts       add transcripts: a "transcript" column (CSV, XLSX) or "history" (JSON).
                      Only cached transcripts: the CLI does not go online; sessions without one
                      are counted in the summary as missing_transcripts
  --bom               CSV only: start with a UTF-8 byte-order mark, so Excel reads UTF-8
  --time-zone ZONE    add a local-time column in this IANA zone (e.g. Europe/Berlin) after
                      each time column; times are otherwise ISO-8601 UTC
  --out FILE|-        the file to write, through a temporary file renamed at the end (an
                      existing file is replaced; a failed or cancelled export leaves nothing);
                      "-" writes to stdout (pipe-safe)
  --help              this text

With --out FILE the summary (rows, bytes, columns, not_cached, missing_transcripts) is printed
as JSON on stdout; with --out - only the export is, and notes go to stderr. A bad option, format
or column exits 2 with one sentence and writes nothing; Ctrl-C cancels (exit 130) and leaves
nothing under FILE.`;

export interface ExportIo {
  stdout: Writable;
  /** Progress lines for a terminal (rewritten in place), or null. */
  progress: ((line: string) => void) | null;
  warn: (line: string) => void;
  signal: AbortSignal;
  now: number;
}

/**
 * Runs `export`: a client of the contract like the app's pages. The flags become the input of
 * sessions.export, which the read-only engine over --db validates with the contract's schema
 * (nothing is opened or written for an input it refuses) and answers with the app's own export
 * handler; the destination (--out) travels beside the input, as the desktop app's save dialog and
 * the web host's download do. Returns the summary document to print, or null for --out -.
 */
export async function runExport(argv: string[], io: ExportIo): Promise<ExportSummary | null> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      db: { type: 'string' },
      filter: { type: 'string' },
      q: { type: 'string' },
      ids: { type: 'string' },
      sort: { type: 'string', default: 'last_message_at:desc' },
      format: { type: 'string' },
      columns: { type: 'string' },
      transcripts: { type: 'boolean', default: false },
      bom: { type: 'boolean', default: false },
      'time-zone': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return null;
  const db = values.db;
  if (!db) throw new UsageError(`--db is required: ${EXPORT_USAGE}`);
  if (values.format === undefined) {
    throw new UsageError(`--format is required: one of ${EXPORT_FORMATS.join(', ')}.`);
  }
  if (values.out === undefined || values.out === '') {
    throw new UsageError('--out is required: a file to write, or - for stdout.');
  }
  if (values.ids !== undefined && (values.filter !== undefined || values.q !== undefined)) {
    throw new UsageError('--ids names the sessions itself; leave out --filter and --q.');
  }

  const sort = /^([^:]+):([^:]+)$/.exec(values.sort);
  if (!sort) {
    throw new UsageError(
      `--sort must be FIELD:asc or FIELD:desc with FIELD one of ${LOCAL_SORT_FIELDS.join(', ')}.`,
    );
  }
  const sortInput = { field: sort[1], order: sort[2] };
  let selection: unknown;
  if (values.ids !== undefined) {
    selection = { ids: readIds(values.ids), sort: sortInput };
  } else {
    let filter: unknown = {};
    if (values.filter !== undefined) {
      try {
        filter = JSON.parse(values.filter);
      } catch {
        throw new UsageError('--filter is not valid JSON.');
      }
    }
    if (values.q !== undefined && isObject(filter)) filter = { ...filter, q: values.q };
    selection = { filter, sort: sortInput };
  }
  const columns =
    values.columns === undefined
      ? 'all'
      : values.columns === 'all' || values.columns === 'list'
        ? values.columns
        : values.columns.split(',').map((id) => id.trim());
  const exportId = `cli-${randomBytes(8).toString('hex')}`;
  const input = {
    export_id: exportId,
    selection,
    format: values.format,
    columns,
    transcripts: values.transcripts,
    bom: values.bom,
    time_zone: values['time-zone'] ?? null,
  } as InputOf<'sessions.export'>;

  const toStdout = values.out === '-';
  const destination: ExportDestination = toStdout
    ? { kind: 'writable', out: io.stdout, name: null }
    : { kind: 'file', path: resolve(values.out) };
  const engine = createReadOnlyEngine(
    () => openCacheReader(db),
    () => io.now,
    progressLines(exportId, io.progress),
  );
  // Ctrl-C: the engine stops between batches and removes its temporary file.
  const cancel = () => void engine.dispatch('sessions.export.cancel', { export_id: exportId });
  io.signal.addEventListener('abort', cancel);
  try {
    const result = await engine.dispatch('sessions.export', input, { exportTo: destination });
    if (!result.ok) {
      const { code, message } = result.error;
      const flag = code === 'invalid_input' ? flagAt(input) : null;
      throw new AppError(code, flag ? `${flag}: ${message}` : message);
    }
    const summary = result.value as ExportSummary;
    for (const note of notes(summary)) io.warn(note);
    return toStdout ? null : summary;
  } finally {
    io.signal.removeEventListener('abort', cancel);
    engine.close();
  }
}

/** One id per line; blank lines and # comments skipped. */
function readIds(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason =
      (error as { code?: string }).code === 'ENOENT' ? 'there is no such file' : String(error);
    throw new UsageError(`--ids: cannot read ${path} (${reason}).`);
  }
  const ids = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  if (ids.length === 0) throw new UsageError(`--ids: ${path} lists no session ids.`);
  return ids;
}

/** What the user should know about a finished export, said on stderr. */
function notes(summary: ExportSummary): string[] {
  const lines: string[] = [];
  const { not_cached: notCached, missing_transcripts: missing } = summary;
  if (notCached.count > 0) {
    lines.push(
      `${notCached.count} of the ids are not in the cache and were not exported: ${notCached.ids.slice(0, 10).join(', ')}${notCached.count > 10 ? ', …' : ''}.`,
    );
  }
  if (missing.count > 0) {
    lines.push(
      `${missing.count} session${missing.count === 1 ? ' was' : 's were'} exported without a transcript: none is cached (run \`session-desk sync --history\` first).`,
    );
  }
  return lines;
}

/** Progress for a terminal: "exporting 12,000 of 100,000 sessions". */
function progressLines(exportId: string, line: ExportIo['progress']): EventSink {
  if (!line) return () => undefined;
  return (name, payload) => {
    if (name !== 'export.progress') return;
    const progress = payload as { export_id: string; phase: string; done: number; total: number };
    if (progress.export_id !== exportId) return;
    const what = progress.phase === 'rows' ? 'sessions' : 'transcripts to look up';
    line(
      `exporting ${progress.done.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')} ${what}`,
    );
  };
}

/** Which flag carried each part of the input, to name it in front of the contract's sentence. */
const FLAG_OF: Record<string, string> = {
  format: '--format',
  columns: '--columns',
  time_zone: '--time-zone',
  transcripts: '--transcripts',
  bom: '--bom',
};

function flagAt(input: unknown): string | null {
  const parsed = contract['sessions.export'].input.safeParse(input);
  const path = parsed.success ? [] : (parsed.error.issues[0]?.path ?? []);
  if (path[0] === 'selection') {
    if (path[1] === 'ids') return '--ids';
    if (path[1] === 'sort') return '--sort';
    if (path[1] === 'filter') return path[2] === 'q' ? '--q' : '--filter';
  }
  return FLAG_OF[String(path[0])] ?? null;
}

function wrap(text: string, indent: number): string {
  const width = 96 - indent;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => `${' '.repeat(indent)}${l}`).join('\n');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
