import { AppError } from '../../../src-shared/contract/app-error';
import type { EventSink } from '../../../src-shared/contract/events';
import { CHANNEL_NAMES, type ChannelName } from '../../../src-shared/contract/names';
import { createDispatcher, type ContractHandlers, type Dispatch } from '../contract/dispatcher';
import { ExportJobs } from '../export/export-jobs';
import type { IndexedQueries } from '../query/column-index/indexed-queries';
import type { ReadOnlyCache } from '../store/cache/open-cache-reader';
import { readOnlyExportHandlers } from './export-handlers';
import { filterReadHandlers } from './filter-handlers';
import { sessionReadHandlers } from './session-handlers';

/** The channels a read-only engine serves: what one cache file can answer without writing. */
export const READ_ONLY_CHANNELS = [
  'sessions.list',
  'sessions.get',
  'sessions.facets',
  'sessions.histogram',
  'contacts.search',
  'custom_data.keys',
  'custom_data.values',
  'sessions.export',
  'sessions.export.cancel',
] as const;

export interface ReadOnlyEngine {
  /** The same validating dispatcher as the app's and the web host's. */
  dispatch: Dispatch;
  /** Closes the cache, if a call opened it. */
  close(): void;
}

/**
 * The contract over one cache file, read only (the CLI's `query`): the session channels answered
 * by the same handlers as in the app, through the same dispatcher, so their validation and error
 * sentences are the app's. No account, keychain, network, sync or user database. The cache is
 * opened by the first call that needs it, after the dispatcher has accepted its input; every other
 * channel is refused in a sentence.
 */
export function createReadOnlyEngine(
  openCache: () => ReadOnlyCache,
  now: () => number = () => Date.now(),
  /** Hears the engine's events (export progress); default: nobody. */
  emit: EventSink = () => undefined,
  /** An in-memory column index of the same cache (benchmarks of the app's reads); default none. */
  indexed: () => IndexedQueries | null = () => null,
): ReadOnlyEngine {
  let cache: ReadOnlyCache | null = null;
  const opened = () => (cache ??= openCache());
  const refused = Object.fromEntries(
    CHANNEL_NAMES.map((channel) => [channel, () => Promise.reject(notServed(channel))]),
  ) as unknown as ContractHandlers;
  return {
    dispatch: createDispatcher({
      ...refused,
      ...sessionReadHandlers(opened, now, indexed),
      ...filterReadHandlers(opened, now, indexed),
      ...readOnlyExportHandlers(opened, new ExportJobs(emit), now),
    }),
    close() {
      cache?.close();
    },
  };
}

function notServed(channel: ChannelName): AppError {
  return new AppError(
    'invalid_input',
    `${channel} needs the whole engine (an account, sync or the user database); reading one cache file offers ${READ_ONLY_CHANNELS.join(', ')}.`,
  );
}
