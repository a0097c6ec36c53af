import { AppError } from '../../../src-shared/contract/app-error';
import type { ContractHandlers } from '../contract/dispatcher';
import type { ExportJobs } from '../export/export-jobs';
import type { TranscriptFetcher } from '../export/transcript-download';
import type { CacheReads } from '../store/cache/cache-reads';
import { fetchSessionHistory } from '../sync/history-on-demand';
import type { ActiveAccount } from './active-account';
import type { ConnectivityMonitor } from './connectivity-monitor';

export type ExportHandlers = Pick<
  ContractHandlers,
  'sessions.export' | 'sessions.export.cancel' | 'sessions.export.reveal'
>;

/**
 * The export channels of the app and the web host: the active account's cache, read in batches
 * inside this worker and written where the host said (the call's context). Transcripts the
 * export needs and the cache lacks are downloaded first through the account's client (its
 * scheduler keeps the rate limit) unless OpenCX is known to be unreachable; then they are listed
 * as missing. Switching accounts cancels what the account's exports still download.
 */
export function exportHandlers(
  account: ActiveAccount,
  connectivity: ConnectivityMonitor,
  jobs: ExportJobs,
  now: () => number,
): ExportHandlers {
  return {
    'sessions.export': (input, context) => {
      const session = account.require();
      if (!session) {
        return Promise.reject(
          new AppError('not_found', 'There is no account yet, so there is nothing to export.'),
        );
      }
      const scope = account.signal;
      const fetchTranscript: TranscriptFetcher | undefined =
        input.transcripts && connectivity.state.online !== false
          ? (id, signal) =>
              fetchSessionHistory(
                session.client,
                session.store,
                id,
                AbortSignal.any([signal, scope]),
              )
          : undefined;
      return jobs.run(session.store.reader, input, context.exportTo, {
        now: now(),
        ...(fetchTranscript ? { fetchTranscript } : {}),
      });
    },
    ...exportControlHandlers(jobs),
  };
}

/**
 * The export channels over one cache file, read only (the CLI): no account, no network, so
 * transcripts not cached are listed as missing.
 */
export function readOnlyExportHandlers(
  cache: () => CacheReads,
  jobs: ExportJobs,
  now: () => number,
): ExportHandlers {
  return {
    'sessions.export': (input, context) =>
      jobs.run(cache().reader, input, context.exportTo, { now: now() }),
    ...exportControlHandlers(jobs),
  };
}

function exportControlHandlers(
  jobs: ExportJobs,
): Pick<ExportHandlers, 'sessions.export.cancel' | 'sessions.export.reveal'> {
  return {
    'sessions.export.cancel': (input) =>
      Promise.resolve({ cancelled: jobs.cancel(input.export_id) }),
    // The desktop app answers this in its main process, where the file's path is kept.
    'sessions.export.reveal': () =>
      Promise.reject(
        new AppError(
          'invalid_input',
          'Show in folder is for files the desktop app saved; a browser keeps its downloads in its own list.',
        ),
      ),
  };
}
