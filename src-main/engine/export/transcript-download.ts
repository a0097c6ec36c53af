import { AppError } from '../../../src-shared/contract/app-error';
import { forEachConcurrently } from '../sync/concurrent-each';

// Transcripts an export asks for but the cache lacks are downloaded first, when a fetcher is
// given (online). What cannot be downloaded is exported as missing, never as an empty cell.

/**
 * Downloads one session's transcript and stores it in the cache the export reads (the service
 * wires this to the API client at a priority the user waits for, under the rate limit).
 */
export type TranscriptFetcher = (sessionId: string, signal: AbortSignal) => Promise<unknown>;

export interface TranscriptDownload {
  fetched: number;
  failed: number;
  /** Why downloading stopped early (offline, key rejected), or null. */
  stoppedBy: AppError | null;
}

/** After one of these, every further request would fail the same way. */
const STOP_CODES = new Set(['offline', 'no_token', 'auth_rejected', 'auth_forbidden']);
const AT_ONCE = 4;

export async function downloadTranscripts(
  ids: readonly string[],
  fetcher: TranscriptFetcher,
  options: { signal: AbortSignal; onProgress: (done: number, total: number) => void },
): Promise<TranscriptDownload> {
  const result: TranscriptDownload = { fetched: 0, failed: 0, stoppedBy: null };
  const stop = new Error('stop');
  let done = 0;
  try {
    await forEachConcurrently(ids, AT_ONCE, async (id) => {
      options.signal.throwIfAborted();
      if (result.stoppedBy) throw stop;
      try {
        await fetcher(id, options.signal);
        result.fetched++;
      } catch (error) {
        if (options.signal.aborted) throw error;
        result.failed++;
        if (error instanceof AppError && STOP_CODES.has(error.code)) {
          result.stoppedBy ??= error;
          throw stop;
        }
      } finally {
        options.onProgress(++done, ids.length);
      }
    });
  } catch (error) {
    if (error !== stop) throw error;
  }
  return result;
}
