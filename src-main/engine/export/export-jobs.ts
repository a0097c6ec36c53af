import { basename } from 'node:path';
import type { Writable } from 'node:stream';
import { AppError } from '../../../src-shared/contract/app-error';
import type { EventSink } from '../../../src-shared/contract/events';
import type { ParsedExportInput } from '../../../src-shared/export/export-input';
import {
  SUMMARY_ID_SAMPLE,
  type ExportSummary,
  type IdSample,
} from '../../../src-shared/export/export-results';
import type { CacheReader } from '../store/cache/cache-handles';
import {
  exportSessionsToFile,
  exportSessionsToWritable,
  type ExportRequest,
  type ExportResult,
} from './export-sessions';
import type { TranscriptFetcher } from './transcript-download';

// The contract's `sessions.export` channel, for every transport: one export per export_id, with
// an AbortController for `sessions.export.cancel`, progress as `export.progress` events, and one
// `export.finished` event at the end. Where the bytes go is the host's choice, handed over beside
// the input (never inside it): a file the user chose, or a stream.

/** Where an export's bytes go; chosen by the host, never by the page. */
export type ExportDestination =
  /** The desktop app's save dialog, the CLI's --out FILE: through a temporary file, renamed. */
  | { kind: 'file'; path: string }
  /**
   * stdout (--out -), a web download: written with backpressure and not ended (the owner ends
   * it on success, destroys it on failure). `name` is what the summary reports as the file name.
   */
  | { kind: 'writable'; out: Writable; name?: string | null };

export const NO_DESTINATION =
  'An export needs a destination the host chooses: the save dialog in the desktop app, a download in the browser, or --out in the command line.';

export interface ExportRunOptions {
  /** Downloads a missing transcript into the cache; omit when offline. */
  fetchTranscript?: TranscriptFetcher;
  /** Epoch ms for relative date filters. */
  now?: number;
  /** Rows per batch (tests and benchmarks). */
  batchSize?: number;
}

export class ExportJobs {
  private readonly running = new Map<string, AbortController>();
  private readonly ending = new Set<Promise<unknown>>();

  constructor(private readonly emit: EventSink) {}

  /** Exports running now. */
  get size(): number {
    return this.running.size;
  }

  /**
   * Runs one export to `destination` and answers its summary; throws an AppError (cancelled,
   * invalid_input, not_found, io_failed, busy) after the `export.finished` event said the same.
   */
  run(
    reader: CacheReader,
    input: ParsedExportInput,
    destination: ExportDestination | undefined,
    options: ExportRunOptions = {},
  ): Promise<ExportSummary> {
    const job = this.start(reader, input, destination, options);
    const settled = job.catch(() => undefined);
    this.ending.add(settled);
    void settled.then(() => this.ending.delete(settled));
    return job;
  }

  /** Resolves once every export started so far has ended (the cache may then be closed). */
  async settled(): Promise<void> {
    await Promise.all([...this.ending]);
  }

  private async start(
    reader: CacheReader,
    input: ParsedExportInput,
    destination: ExportDestination | undefined,
    options: ExportRunOptions,
  ): Promise<ExportSummary> {
    const id = input.export_id;
    if (!destination) throw new AppError('invalid_input', NO_DESTINATION);
    if (this.running.has(id)) {
      throw new AppError('busy', `An export with the id ${id} is already running.`);
    }
    const controller = new AbortController();
    this.running.set(id, controller);
    const started = performance.now();
    const exportOptions = {
      signal: controller.signal,
      onProgress: (progress: { phase: 'transcripts' | 'rows'; done: number; total: number }) =>
        this.emit('export.progress', { export_id: id, ...progress }),
      ...(options.fetchTranscript ? { fetchTranscript: options.fetchTranscript } : {}),
      ...(options.now !== undefined ? { now: options.now } : {}),
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    };
    try {
      const request = toExportRequest(input);
      const result =
        destination.kind === 'file'
          ? await exportSessionsToFile(reader, request, destination.path, exportOptions)
          : await exportSessionsToWritable(reader, request, destination.out, exportOptions);
      const name =
        destination.kind === 'file' ? basename(destination.path) : (destination.name ?? null);
      const summary = toExportSummary(id, result, name, performance.now() - started);
      this.emit('export.finished', { export_id: id, ok: true, summary });
      return summary;
    } catch (error) {
      const failure = asAppError(error);
      this.emit('export.finished', { export_id: id, ok: false, error: failure.toJSON() });
      throw failure;
    } finally {
      this.running.delete(id);
    }
  }

  /** Cancels one export; false when none with this id is running. */
  cancel(exportId: string): boolean {
    const controller = this.running.get(exportId);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  /** Cancels every running export (the account closes, the engine stops). */
  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }
}

/** The contract's input as the export engine's request. */
export function toExportRequest(input: ParsedExportInput): ExportRequest {
  const { selection } = input;
  return {
    selection:
      'ids' in selection
        ? { ids: selection.ids, sort: selection.sort }
        : { filter: selection.filter, sort: selection.sort },
    except: 'except' in selection ? selection.except : [],
    format: input.format,
    columns: input.columns,
    transcripts: input.transcripts,
    bom: input.bom,
    timeZone: input.time_zone,
  };
}

export function toExportSummary(
  exportId: string,
  result: ExportResult,
  fileName: string | null,
  elapsedMs: number,
): ExportSummary {
  return {
    export_id: exportId,
    format: result.format,
    file_name: fileName,
    rows: result.rows,
    bytes: result.bytes,
    columns: result.columns,
    missing_transcripts: sample(result.missing_transcripts),
    fetched_transcripts: result.fetched_transcripts,
    transcripts_notice: result.transcripts_notice,
    not_cached: sample(result.not_cached),
    elapsed_ms: Math.round(elapsedMs),
  };
}

function sample(ids: readonly string[]): IdSample {
  return { count: ids.length, ids: ids.slice(0, SUMMARY_ID_SAMPLE) };
}

function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('internal', `The export failed inside Session Desk: ${message}`, {
    cause: error,
  });
}
