import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { SyncProgress } from '../../src-shared/contract/results';
import { createEngine } from '../engine/service/create-engine';
import { fetchStaleHistories } from '../engine/sync/history-fetch';
import { UsageError } from './cli-error';
import { cliTokenProvider } from './keychain-token';

export const SYNC_USAGE =
  'session-desk sync --base-url URL --db FILE [--full] [--scope-days N] [--history] [--profile NAME]';

export interface SyncIo {
  env: NodeJS.ProcessEnv;
  /** Progress lines go here on a terminal; otherwise nothing but the final summary is printed. */
  progress: ((line: string) => void) | null;
  signal: AbortSignal;
}

/** Runs `sync`; returns the summary document. */
export async function runSync(argv: string[], io: SyncIo): Promise<unknown> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'base-url': { type: 'string' },
      db: { type: 'string' },
      full: { type: 'boolean', default: false },
      'scope-days': { type: 'string' },
      history: { type: 'boolean', default: false },
      profile: { type: 'string', default: 'default' },
      'requests-per-minute': { type: 'string' },
    },
  });
  if (!values['base-url']) throw new UsageError(`--base-url is required: ${SYNC_USAGE}`);
  if (!values.db) throw new UsageError(`--db is required: ${SYNC_USAGE}`);
  const baseUrl = z.url({ protocol: /^https?$/ }).safeParse(values['base-url']);
  if (!baseUrl.success) throw new UsageError('--base-url must be an http(s) URL.');
  const db = resolve(values.db);
  if (!existsSync(dirname(db))) throw new UsageError(`The folder ${dirname(db)} does not exist.`);
  const scopeDays = optionalInt(values['scope-days'], '--scope-days', 1, 36500);
  const perMinute = optionalInt(values['requests-per-minute'], '--requests-per-minute', 1, 100_000);

  const tokenProvider = cliTokenProvider(io.env, values.profile);
  if (!(await tokenProvider.getToken())) {
    throw new UsageError(
      'No API token: set OPENCX_API_TOKEN or store one in the keychain with the desktop app.',
    );
  }
  const engine = createEngine(
    {
      dataDir: dirname(db),
      cacheFile: db,
      account: { id: values.profile, name: values.profile, baseUrl: baseUrl.data },
      scopeDays,
      ...(perMinute ? { requestsPerMinute: perMinute } : {}),
    },
    {
      tokenProvider,
      emit: (name, payload) => {
        if (name === 'sync.progress' && io.progress) io.progress(describe(payload as SyncProgress));
      },
    },
  );
  const onAbort = () => void engine.dispatch('sync.cancel', {});
  io.signal.addEventListener('abort', onAbort);
  try {
    const summary = await engine.service.runSync(values.full);
    const document: Record<string, unknown> = { ...summary };
    if (values.history && !summary.cancelled) {
      document.history = await fetchStaleHistories(engine.client, engine.store, {
        signal: io.signal,
        onProgress: (done) => io.progress?.(`transcripts: ${done} fetched`),
      });
    }
    return document;
  } finally {
    io.signal.removeEventListener('abort', onAbort);
    await engine.close();
  }
}

function optionalInt(value: string | undefined, flag: string, min: number, max: number) {
  if (value === undefined) return null;
  const parsed = z.coerce.number().int().min(min).max(max).safeParse(value);
  if (!parsed.success)
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}.`);
  return parsed.data;
}

function describe(progress: SyncProgress): string {
  const eta = progress.eta_ms === null ? '' : `, about ${Math.ceil(progress.eta_ms / 1000)} s left`;
  return `${progress.phase}: ${progress.sessions} sessions, ${progress.pages} pages${eta}`;
}
