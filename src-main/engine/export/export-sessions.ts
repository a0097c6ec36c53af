import type { Writable } from 'node:stream';
import { AppError } from '../../../src-shared/contract/app-error';
import type { Session } from '../../../src-shared/opencx/session';
import { SessionFilterSchema } from '../../../src-shared/filter/session-filter';
import { filterToSql, type SqlWhere } from '../query/filter-to-sql';
import { parseOrThrow } from '../query/parse-or-throw';
import { cacheFilePath, changeMarker, type CacheReader } from '../store/cache/cache-handles';
import {
  selectExportRows,
  type ExportRow,
  type ExportRows,
  type ExportSelection,
} from '../query/export-rows';
import { createAtomicFile, type AtomicFileSystem } from './atomic-file';
import { writableSink, type ByteSink } from './byte-sink';
import { planColumns, plansTranscripts, type PlannedColumn } from './column-plan';
import { createCsvWriter } from './csv-writer';
import { checkColumnSelection, type ColumnSelection } from './export-columns';
import { EXPORT_FORMAT_INFO, parseExportFormat, type ExportFormat } from './export-format';
import { throttleProgress, type ProgressListener } from './export-progress';
import { describeIoFailure } from './io-failure';
import { createJsonWriter } from './json-writer';
import type { RowWriter } from './row-writer';
import {
  startFieldDiscovery,
  type FieldDiscoveryOutcome,
  type FieldDiscoveryRun,
} from './field-discovery-worker';
import {
  covers,
  discoverFields,
  emptyDiscovery,
  mergeDiscovery,
  type DiscoveredFields,
} from './session-fields';
import { downloadTranscripts, type TranscriptFetcher } from './transcript-download';
import { createXlsxWriter, XLSX_MAX_ROWS } from './xlsx-writer';
import { ZoneClock } from './zone-clock';

// The export engine's entry points. One export: check the request (nothing is written for an
// invalid one), open the selection (counted once), download missing transcripts if asked and a
// fetcher is given, learn custom-data keys and unknown fields for 'all' (one extra read pass:
// for a large CSV file, on a worker thread while the rows are written, see
// field-discovery-worker.ts), then read the selection again in keyset batches and stream each
// batch through the format's writer to a temporary file (renamed at the end) or to a Writable.
// Memory holds one batch.

/** What to export and how: plain data, so a contract channel or a CLI can carry it. */
export interface ExportRequest {
  /** Selected ids, or a filter (with `q`); either in the list's sort (default last_message_at desc). */
  selection: ExportSelection;
  /**
   * With a filter selection: sessions left out although they match ("select all", then untick
   * some). Default none.
   */
  except?: readonly string[];
  format: ExportFormat;
  /** CSV and XLSX only (JSON writes whole sessions): 'list', 'all' or ids in order. Default 'all'. */
  columns?: ColumnSelection;
  /** Include transcripts: a `transcript` column, or `history` in JSON. Default false. */
  transcripts?: boolean;
  /** CSV only: start with a UTF-8 byte-order mark (for Excel). Default false. */
  bom?: boolean;
  /** Add a local-time column in this IANA zone after each time column. Default none. */
  timeZone?: string | null;
}

/** How to run it: cancel, progress, the network, and seams for tests. */
export interface ExportOptions {
  signal?: AbortSignal;
  /** Throttled to one report per `progressIntervalMs` per phase, plus each phase's last. */
  onProgress?: ProgressListener;
  /** Downloads and caches a transcript; omit when offline (missing ones are then listed). */
  fetchTranscript?: TranscriptFetcher;
  /** Epoch ms for relative date filters; default Date.now(). */
  now?: number;
  /** Rows read per batch; default 500. */
  batchSize?: number;
  /** Default 100. */
  progressIntervalMs?: number;
  /** File-system calls for the temporary file (tests inject failures). */
  fs?: AtomicFileSystem;
  /**
   * "All fields" to a CSV file: from how many rows the fields are learnt on a worker thread
   * while the rows are written (default 20,000), and from how many sessions the columns are
   * first planned meanwhile (default 5,000). Tests lower both.
   */
  backgroundDiscovery?: { fromRows?: number; sampleRows?: number };
}

export interface ExportResult {
  format: ExportFormat;
  /** The file written, or null when written to a stream. */
  path: string | null;
  rows: number;
  bytes: number;
  /** The header row of CSV and XLSX, in order; empty for JSON and JSON Lines. */
  columns: string[];
  /** Sessions exported without their transcript (not cached, and not downloadable now). */
  missing_transcripts: string[];
  /** Transcripts downloaded for this export. */
  fetched_transcripts: number;
  /** Why transcripts could not be downloaded (e.g. offline), as a sentence; else null. */
  transcripts_notice: string | null;
  /** Ids asked for (ids selection) that are not in the cache, so not exported. */
  not_cached: string[];
}

interface PreparedExport {
  format: ExportFormat;
  reader: CacheReader;
  rows: ExportRows;
  /** A filter selection's SQL, for a worker reading the same sessions; null for ids. */
  where: SqlWhere | null;
  /** Ids left out of a filter selection; empty for none. */
  except: ReadonlySet<string>;
  /** What the export expects to write: the selection's count less `except` (an estimate). */
  total: number;
  columns: ColumnSelection;
  transcripts: boolean;
  bom: boolean;
  clock: ZoneClock | null;
}

/**
 * Writes the export to `path`: through a temporary file in the same folder, fsync'd and renamed
 * over `path` at the end (an existing file there is replaced). A cancelled or failed export
 * leaves `path` untouched and no temporary file, and throws an AppError saying why in a sentence
 * ('cancelled', 'invalid_input', 'not_found' for a folder that is gone, 'io_failed' for a full
 * disk or a refused permission).
 */
export async function exportSessionsToFile(
  reader: CacheReader,
  request: ExportRequest,
  path: string,
  options: ExportOptions = {},
): Promise<ExportResult> {
  const prepared = prepareExport(reader, request, options);
  let file;
  try {
    file = await createAtomicFile(path, options.fs);
  } catch (error) {
    throw describeIoFailure(error, path);
  }
  try {
    const result = await runExport(prepared, file, options);
    options.signal?.throwIfAborted();
    await file.commit();
    return { ...result, path: file.path, bytes: file.bytes };
  } catch (error) {
    await file.discard();
    if (options.signal?.aborted) {
      throw new AppError('cancelled', `The export was cancelled; ${path} was not written.`);
    }
    throw describeIoFailure(error, path);
  }
}

/**
 * Writes the export to `out` (stdout for `--out -`, an HTTP response), honouring backpressure.
 * `out` is neither ended nor destroyed: the caller ends it on success and aborts it (or the
 * response) on failure, since bytes already sent cannot be taken back.
 */
export async function exportSessionsToWritable(
  reader: CacheReader,
  request: ExportRequest,
  out: Writable,
  options: ExportOptions = {},
): Promise<ExportResult> {
  const prepared = prepareExport(reader, request, options);
  const sink = writableSink(out, options.signal);
  try {
    const result = await runExport(prepared, sink, options);
    return { ...result, path: null, bytes: sink.bytes };
  } catch (error) {
    if (options.signal?.aborted) throw new AppError('cancelled', 'The export was cancelled.');
    if (error instanceof AppError) throw error;
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED') {
      throw new AppError('cancelled', 'The output was closed before the export finished.', {
        cause: error,
      });
    }
    throw error;
  } finally {
    sink.release();
  }
}

/** Checks everything a request says before anything is written. Throws invalid_input. */
function prepareExport(
  reader: CacheReader,
  request: ExportRequest,
  options: ExportOptions,
): PreparedExport {
  if (typeof request !== 'object' || request === null) {
    throw new AppError('invalid_input', 'An export request is an object.');
  }
  const format = parseExportFormat(request.format);
  const columns = checkColumnSelection(request.columns ?? 'all');
  for (const flag of ['transcripts', 'bom'] as const) {
    if (request[flag] !== undefined && typeof request[flag] !== 'boolean') {
      throw new AppError('invalid_input', `${flag} must be true or false.`);
    }
  }
  let clock: ZoneClock | null = null;
  if (request.timeZone !== undefined && request.timeZone !== null) {
    if (typeof request.timeZone !== 'string') {
      throw new AppError('invalid_input', 'timeZone must be an IANA time zone name.');
    }
    clock = new ZoneClock(request.timeZone);
  }
  if (typeof request.selection !== 'object' || request.selection === null) {
    throw new AppError('invalid_input', 'selection must be { ids } or { filter, sort }.');
  }
  const except = new Set<string>();
  if (request.except !== undefined) {
    if (!Array.isArray(request.except) || !request.except.every((id) => typeof id === 'string')) {
      throw new AppError('invalid_input', 'except must be a list of session ids.');
    }
    if (request.except.length > 0 && 'ids' in request.selection) {
      throw new AppError('invalid_input', 'except applies to a filter selection, not to ids.');
    }
    for (const id of request.except) except.add(id);
  }
  const now = options.now ?? Date.now();
  const rows = selectExportRows(reader, request.selection, now);
  // As selectExportRows reads a filter selection (checked there already).
  const where =
    'ids' in request.selection
      ? null
      : filterToSql(
          parseOrThrow(SessionFilterSchema, request.selection.filter ?? {}, 'filter'),
          now,
        );
  const total = Math.max(0, rows.total - except.size);
  if (format === 'xlsx' && total > XLSX_MAX_ROWS - 1) {
    throw new AppError(
      'invalid_input',
      `An Excel sheet holds at most ${XLSX_MAX_ROWS - 1} sessions and this export has ${total}; export as CSV or JSON, or narrow the filter.`,
    );
  }
  return {
    format,
    reader,
    rows,
    where,
    except,
    total,
    columns,
    transcripts:
      request.transcripts === true || (Array.isArray(columns) && columns.includes('transcript')),
    bom: request.bom === true,
    clock,
  };
}

/**
 * CSV rows per batch unless the options say otherwise. The rows of a batch (parsed sessions,
 * their cells) are alive through each young-generation collection that runs meanwhile, and
 * copying them was a large share of the collector's time: at a million sessions, 100 rows a
 * batch took about a fifth less CPU than 500. (XLSX keeps the reader's default: its column
 * widths come from the first batch.)
 */
const CSV_BATCH = 100;

/** Lets the worker read its messages (a cancel) between batches of synchronous work. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function runExport(
  prepared: PreparedExport,
  sink: ByteSink,
  options: ExportOptions,
): Promise<Omit<ExportResult, 'path' | 'bytes'>> {
  const signal = options.signal ?? new AbortController().signal;
  const report = throttleProgress(options.onProgress, options.progressIntervalMs ?? 100);
  const { rows, format, except } = prepared;
  const kept = (batch: ExportRow[]) =>
    except.size === 0 ? batch : batch.filter((row) => !except.has(row.session.id));
  const tabular = EXPORT_FORMAT_INFO[format].tabular;
  const batchSize = options.batchSize ?? (format === 'csv' ? CSV_BATCH : undefined);
  signal.throwIfAborted();

  let fetched = 0;
  let transcriptsNotice: string | null = null;
  if (prepared.transcripts && options.fetchTranscript) {
    const ids = rows.idsWithoutHistory().filter((id) => !except.has(id));
    if (ids.length > 0) {
      report({ phase: 'transcripts', done: 0, total: ids.length }, true);
      const download = await downloadTranscripts(ids, options.fetchTranscript, {
        signal,
        onProgress: (done, total) => report({ phase: 'transcripts', done, total }, done === total),
      });
      fetched = download.fetched;
      if (download.stoppedBy) {
        transcriptsNotice = `Transcripts not downloaded: ${download.stoppedBy.message}`;
      } else if (download.failed > 0) {
        transcriptsNotice = `${download.failed} transcript${download.failed === 1 ? '' : 's'} could not be downloaded.`;
      }
    }
  } else if (prepared.transcripts) {
    transcriptsNotice = 'Transcripts not in the cache were not downloaded (offline).';
  }

  /** Every field of the selection's sessions, read here before any row (the pass the worker saves). */
  const discoverAll = async (): Promise<DiscoveredFields> => {
    const discovered = emptyDiscovery();
    // The order does not matter here: the cache is read in storage order, without the sort.
    for (const batch of rows.documents(options.batchSize)) {
      signal.throwIfAborted();
      for (const [id, json] of batch) {
        if (!except.has(id)) discoverFields(JSON.parse(json) as Session, discovered);
      }
      await yieldToEventLoop();
    }
    return discovered;
  };
  const planFor = (discovered: DiscoveredFields | null) =>
    planColumns(prepared.columns, {
      transcripts: prepared.transcripts,
      clock: prepared.clock,
      discovered,
    });

  let plan: PlannedColumn[] = [];
  let background: FieldDiscoveryRun | null = null;
  // "All fields": the fields the columns were planned from. The rows written can hold one they
  // lack when the cache changes meanwhile (a sync commits between batches, and the rows are
  // read on the connection that sees a sync's pages before they commit, which the worker's
  // does not). Then the fields are read again once the rows are written, and a file without a
  // column for one of them is started again with it rather than the value dropped.
  const cacheState = changeMarker(prepared.reader);
  let discovered: DiscoveredFields | null = null;
  if (tabular) {
    if (prepared.columns === 'all') {
      const start = backgroundDiscoveryStart(prepared, sink, options);
      if (start) {
        discovered = sampleFields(rows, except, start.sampleRows);
        background = startFieldDiscovery({
          path: start.path,
          where: start.where.where,
          params: start.where.params,
          except: [...except],
          start: discovered,
        });
      } else {
        discovered = await discoverAll();
      }
    }
    plan = planFor(discovered);
  }
  const planned = discovered;

  const missing: string[] = [];
  let written: number;
  try {
    // Runs once, or, when the background discovery found fields the sample lacked, once more
    // over an emptied file with every field's column.
    for (;;) {
      const writer = await createWriter(prepared, plan, sink, options.now);
      const withHistory = tabular ? plansTranscripts(plan) : prepared.transcripts;
      const withTags = tabular ? plan.some((column) => column.kind === 'tags') : true;
      const withLastMessageAt = plan.some((column) => column.kind === 'last_message_at');
      missing.length = 0;
      written = 0;
      try {
        report({ phase: 'rows', done: 0, total: prepared.total }, true);
        for (const read of rows.batches({ withHistory, withTags, withLastMessageAt, batchSize })) {
          signal.throwIfAborted();
          if (background?.stale) break;
          const batch = kept(read);
          if (batch.length === 0) continue;
          await writer.writeBatch(batch);
          if (withHistory) {
            for (const row of batch) if (row.history === null) missing.push(row.session.id);
          }
          written += batch.length;
          report({ phase: 'rows', done: written, total: Math.max(prepared.total, written) });
          await yieldToEventLoop();
        }
        signal.throwIfAborted();
        if (background) {
          const learnt = await settleDiscovery(background, signal);
          background.close();
          background = null;
          // The header already written names the sample's columns: start the file again.
          if (learnt === null || learnt.grew) {
            writer.abort();
            if (!sink.rewind) throw new Error('Rows were written before the columns were known.');
            await sink.rewind();
            if (planned) mergeDiscovery(planned, learnt?.discovered ?? (await discoverAll()));
            plan = planFor(planned);
            continue;
          }
        }
        const fieldsNow = planned && cacheState.changed() ? await discoverAll() : null;
        if (planned && fieldsNow && !covers(planned, fieldsNow)) {
          // Only a CSV file can be emptied and written again (see backgroundDiscoveryStart).
          if (!sink.rewind || prepared.format !== 'csv') {
            throw new AppError(
              'busy',
              'Sessions with fields the export had no column for reached the cache while it was being written (a sync was running); export again.',
            );
          }
          writer.abort();
          await sink.rewind();
          mergeDiscovery(planned, fieldsNow);
          plan = planFor(planned);
          continue;
        }
        await writer.finish();
      } catch (error) {
        writer.abort();
        throw error;
      }
      break;
    }
  } finally {
    background?.close();
  }
  report({ phase: 'rows', done: written, total: written }, true);
  if (missing.length === 0) transcriptsNotice = null;

  return {
    format,
    rows: written,
    columns: plan.map((column) => column.header),
    missing_transcripts: missing,
    fetched_transcripts: fetched,
    transcripts_notice: transcriptsNotice,
    not_cached: [...rows.notCached],
  };
}

/**
 * From this many rows, "all fields" to a file learns the fields on a worker thread: starting a
 * thread and its connection costs some tens of milliseconds, what the pass takes for a few
 * thousand sessions.
 */
const BACKGROUND_DISCOVERY_FROM = 20_000;
/** Sessions whose fields the columns are first planned from when the worker learns the rest. */
const DISCOVERY_SAMPLE = 5_000;

/**
 * Whether this export can write its rows while a worker learns the fields, and what the worker
 * needs: a CSV file (the file can be emptied if the sample missed a field; an XLSX writer may
 * still be writing when told to stop, a stream cannot take bytes back), a cache file the worker
 * can open, a filter selection (its SQL), and enough rows to pay for a thread.
 */
function backgroundDiscoveryStart(
  prepared: PreparedExport,
  sink: ByteSink,
  options: ExportOptions,
): { path: string; where: SqlWhere; sampleRows: number } | null {
  const from = options.backgroundDiscovery?.fromRows ?? BACKGROUND_DISCOVERY_FROM;
  if (prepared.format !== 'csv' || sink.rewind === undefined || prepared.where === null) {
    return null;
  }
  if (prepared.total < from) return null;
  const path = cacheFilePath(prepared.reader);
  if (path === '' || path === ':memory:') return null;
  return {
    path,
    where: prepared.where,
    sampleRows: options.backgroundDiscovery?.sampleRows ?? DISCOVERY_SAMPLE,
  };
}

/** The fields of the first `limit` sessions in storage order (not the export's order). */
function sampleFields(
  rows: ExportRows,
  except: ReadonlySet<string>,
  limit: number,
): DiscoveredFields {
  const discovered = emptyDiscovery();
  let seen = 0;
  for (const batch of rows.documents()) {
    for (const [id, json] of batch) {
      if (except.has(id)) continue;
      if (seen++ >= limit) return discovered;
      discoverFields(JSON.parse(json) as Session, discovered);
    }
  }
  return discovered;
}

/** The worker's outcome, or null if it failed (the caller then reads the fields itself). */
async function settleDiscovery(
  run: FieldDiscoveryRun,
  signal: AbortSignal,
): Promise<FieldDiscoveryOutcome | null> {
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Error('cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    signal.throwIfAborted();
    return await Promise.race([run.outcome, aborted]);
  } catch {
    signal.throwIfAborted();
    return null;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

async function createWriter(
  prepared: PreparedExport,
  plan: readonly PlannedColumn[],
  sink: ByteSink,
  now: number | undefined,
): Promise<RowWriter> {
  switch (prepared.format) {
    case 'csv':
      return createCsvWriter(sink, plan, { bom: prepared.bom });
    case 'xlsx':
      return createXlsxWriter(sink, plan, { created: new Date(now ?? Date.now()) });
    case 'json':
    case 'jsonl':
      return createJsonWriter(sink, {
        lines: prepared.format === 'jsonl',
        transcripts: prepared.transcripts,
      });
  }
}
