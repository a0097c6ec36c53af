import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { SyncProgress } from '../../src-shared/contract/results';
import { baseUrlProblem } from '../../src-shared/opencx/base-url';
import { nodeHttpFetch } from '../engine/api/node-http-fetch';
import { KeyRefusedError } from '../engine/secrets/bound-key';
import { openAccountSession } from '../engine/service/account-session';
import { fetchStaleHistories } from '../engine/sync/history-fetch';
import { UsageError } from './cli-error';
import { cliTokenProvider } from './keychain-token';

export const SYNC_USAGE =
  'session-desk sync --base-url URL --db FILE [--full] [--scope-days N] [--backfill] [--history] [--profile NAME]';

export interface SyncIo {
  env: NodeJS.ProcessEnv;
  /** Progress lines go here on a terminal; otherwise nothing but the final summary is printed. */
  progress: ((line: string) => void) | null;
  /** Something the user must know although the sync goes on (a damaged cache was replaced). */
  warn: (line: string) => void;
  signal: AbortSignal;
}

/**
 * Runs `sync`: a full or delta sync of one cache file, then optionally the backfill of sessions
 * older than --scope-days and the transcripts. Returns the summary document. Every argument is
 * checked before anything is opened, so a bad call writes nothing.
 */
export async function runSync(argv: string[], io: SyncIo): Promise<unknown> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'base-url': { type: 'string' },
      db: { type: 'string' },
      full: { type: 'boolean', default: false },
      'scope-days': { type: 'string' },
      backfill: { type: 'boolean', default: false },
      history: { type: 'boolean', default: false },
      profile: { type: 'string', default: 'default' },
      'requests-per-minute': { type: 'string' },
    },
  });
  if (!values['base-url']) throw new UsageError(`--base-url is required: ${SYNC_USAGE}`);
  if (!values.db) throw new UsageError(`--db is required: ${SYNC_USAGE}`);
  // The one rule for where a key may go (https, or plain http to this computer only).
  const baseUrl = values['base-url'];
  const urlProblem = baseUrlProblem(baseUrl);
  if (urlProblem !== null) throw new UsageError(`--base-url: ${urlProblem}`);
  const db = resolve(values.db);
  if (!existsSync(dirname(db))) throw new UsageError(`The folder ${dirname(db)} does not exist.`);
  if (existsSync(db) && !statSync(db).isFile()) throw new UsageError(`${db} is not a file.`);
  const scopeDays = optionalInt(values['scope-days'], '--scope-days', 1, 36500);
  const perMinute = optionalInt(values['requests-per-minute'], '--requests-per-minute', 1, 100_000);

  const tokenProvider = cliTokenProvider(io.env, values.profile, baseUrl);
  let token: string | null;
  try {
    token = await tokenProvider.getToken();
  } catch (error) {
    // A key the app stored for another base URL: said as it is, and nothing is opened.
    if (error instanceof KeyRefusedError)
      throw new UsageError(`--profile ${values.profile}: ${error.message}`);
    throw error;
  }
  if (!token) {
    throw new UsageError(
      'No API token: set OPENCX_API_TOKEN or store one in the keychain with the desktop app.',
    );
  }

  const existed = existsSync(db);
  // Takes the cache's writer lock (another writer: refused in a sentence naming it after a short
  // wait), refuses a file that is not a Session Desk cache, and replaces a damaged one.
  const session = openAccountSession({
    account: { id: values.profile, base_url: baseUrl, scope_days: scopeDays },
    cacheFile: db,
    tokenProvider,
    fetch: nodeHttpFetch,
    requestsPerMinute: perMinute ?? 100,
    now: () => Date.now(),
    onProgress: (progress) => io.progress?.(describeSyncProgress(progress)),
    program: 'session-desk sync',
    unrecognisedCacheFile: 'refuse',
  });
  const { store, client, sync, recoveredFrom } = session;
  if (recoveredFrom) {
    io.warn(
      `the cache at ${db} was damaged; it was moved to ${recoveredFrom} and a fresh one started.`,
    );
  }
  let discarded = false;
  try {
    const summary = await sync.run({ full: values.full }, io.signal);
    const document: Record<string, unknown> = { ...summary };
    if (recoveredFrom) document.recovered_from = recoveredFrom;
    if (values.backfill && !summary.cancelled) {
      document.backfill = await sync.runBackfill({ force: false }, io.signal);
    }
    if (values.history && !io.signal.aborted) {
      document.history = await fetchStaleHistories(client, store, {
        signal: io.signal,
        onProgress: (done) => io.progress?.(`history: ${done} transcripts`),
      }).catch((error: unknown) => {
        if (io.signal.aborted) return { cancelled: true };
        throw error;
      });
    }
    return document;
  } catch (error) {
    // A first sync that failed before storing anything (a wrong URL or key) leaves no file.
    if (!existed && store.countSessions() === 0) {
      session.discard();
      discarded = true;
    }
    throw error;
  } finally {
    if (!discarded) session.close();
  }
}

function optionalInt(value: string | undefined, flag: string, min: number, max: number) {
  if (value === undefined) return null;
  const parsed = z.coerce.number().int().min(min).max(max).safeParse(value);
  if (!parsed.success)
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}.`);
  return parsed.data;
}

/** One line of progress, for a terminal. */
export function describeSyncProgress(progress: SyncProgress): string {
  if (progress.phase === 'indexing' && progress.total) {
    return `indexing: ${progress.done ?? 0} of ${progress.total} indexes built`;
  }
  const eta = progress.eta_ms === null ? '' : `, about ${Math.ceil(progress.eta_ms / 1000)} s left`;
  const budget = progress.requests_left === null ? '' : `, ${progress.requests_left} requests left`;
  return `${progress.phase}: ${progress.sessions} sessions, ${progress.pages} pages${budget}${eta}`;
}
