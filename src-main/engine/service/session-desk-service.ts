import { join } from 'node:path';
import { AppError, type AppErrorShape } from '../../../src-shared/contract/app-error';
import type { EventSink } from '../../../src-shared/contract/events';
import type {
  AccountsState,
  SessionHistory,
  SessionsPage,
  SyncProgress,
  SyncState,
  SyncSummary,
} from '../../../src-shared/contract/results';
import { baseUrlProblem, normalizeBaseUrl } from '../../../src-shared/opencx/base-url';
import { keyNeededForNewUrl, type AccountRegistry } from '../accounts/account-registry';
import { createOpencxClient } from '../api/opencx-client';
import type { ContractHandlers } from '../contract/dispatcher';
import { toAppError } from '../contract/dispatcher';
import { facetCounts } from '../query/facets';
import { querySessions } from '../query/session-query';
import { fetchSessionHistory } from '../sync/history-on-demand';
import { prefetchHistories } from '../sync/history-prefetch';
import { STATE_KEYS } from '../sync/sync-state';
import type { UserStore } from '../store/user-store';
import type { AccountSession, AccountSessionOptions } from './account-session';
import type { ConnectivityMonitor } from './connectivity-monitor';
import type { ResolvedEngineConfig } from './engine-config';
import type { SecretPort } from '../secrets/secret-port';

export interface SessionDeskServiceDeps {
  config: ResolvedEngineConfig;
  registry: AccountRegistry;
  /** What the user authors (saved views): survives any damage to an account's cache. */
  users: UserStore;
  secrets: SecretPort;
  connectivity: ConnectivityMonitor;
  openSession: (options: AccountSessionOptions) => AccountSession;
  fetch: typeof fetch;
  emit: EventSink;
  now: () => number;
}

const EMPTY_PAGE: SessionsPage = {
  items: [],
  total: 0,
  next_cursor: null,
  sorted_by: 'updated_at',
};
const WEEK_MS = 7 * 24 * 3600_000;
const FORCED_BACKFILL_KEY = 'sync.last_forced_backfill_at';
/** Between reachability checks while offline: long enough not to pile up errors. */
const OFFLINE_PROBE_MS = 30_000;

/**
 * The engine's answer to every contract channel. Reads come from the active account's cache
 * only, so they are as fast and as complete offline as online; the network is used by sync
 * (and account checks) and nothing else.
 */
export class SessionDeskService {
  private session: AccountSession | null = null;
  private running: { promise: Promise<SyncSummary>; controller: AbortController } | null = null;
  private progress: SyncProgress | null = null;
  private lastError: AppErrorShape | null = null;
  private notice: string | null = null;
  private timers: NodeJS.Timeout[] = [];
  private lastProbe = 0;
  /** Backfill and transcript prefetch after a sync: spare budget only, cancelled by sync.cancel. */
  private background: { controller: AbortController; done: Promise<void> } | null = null;
  /** Account changes, one after another: two at once could leave a session open and syncing. */
  private accountOps: Promise<unknown> = Promise.resolve();
  private cacheVersion = 0;
  /** Aborted when the open session closes: on-demand work for it stops with it. */
  private sessionScope = new AbortController();

  constructor(private readonly deps: SessionDeskServiceDeps) {
    deps.connectivity.onChange((state) => {
      deps.emit('connectivity', state);
      // Offline, background work would only pile up failed requests; it starts again after
      // the next sync.
      if (state.online === false) this.background?.controller.abort();
      // Back online: fetch what changed while we were away.
      if (state.online && this.session && deps.config.autoSyncMinutes !== null) {
        void this.runSync(false).catch(() => undefined);
      }
    });
  }

  /** Opens the active account's cache, if there is an account. */
  start(): void {
    const id = this.deps.registry.activeId();
    if (id) this.open(id);
    const minutes = this.deps.config.autoSyncMinutes;
    if (minutes === null) return;
    void this.autoSync();
    this.timers.push(setInterval(() => void this.autoSync(), minutes * 60_000));
    this.timers.push(setInterval(() => void this.probeIfOffline(), OFFLINE_PROBE_MS));
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.closeSession();
  }

  handlers(): ContractHandlers {
    const { registry, connectivity, now } = this.deps;
    return {
      'app.status': async () => {
        const account = this.activeAccount();
        return {
          account: account ? await registry.info(account) : null,
          connectivity: connectivity.state,
          cached_sessions: this.session?.store.countSessions() ?? 0,
          last_synced_at: this.lastSyncedAt(),
          notice: joinNotices(this.notice, await this.lostKeysNotice()),
        };
      },
      'accounts.list': () => registry.state(),
      'accounts.add': (input) =>
        this.serially(async () => {
          await this.checkKey(input.base_url, input.token);
          const account = await registry.add(input);
          // The first account opens at once and syncs, so a new user sees sessions arrive.
          if (!this.session) await this.reopen(account.id, { sync: true });
          return this.accountsChanged();
        }),
      'accounts.update': ({ id, ...changes }) =>
        this.serially(async () => {
          const current = this.requireAccount(id);
          // The stored key never goes to a new URL, not even to check it: a new URL comes with
          // the key again, and only that key is sent to it (registry.update refuses it too).
          const { base_url: url, token } = changes;
          if (url !== undefined && token === undefined) {
            if (normalizeBaseUrl(url) !== normalizeBaseUrl(current.base_url)) {
              throw keyNeededForNewUrl(current, url);
            }
          }
          if (changes.token !== undefined) {
            await this.checkKey(changes.base_url ?? current.base_url, changes.token);
          }
          await registry.update(id, changes);
          if (this.session?.accountId === id) await this.reopen(id);
          return this.accountsChanged();
        }),
      'accounts.remove': ({ id }) =>
        this.serially(async () => {
          this.requireAccount(id);
          if (this.session?.accountId === id) await this.closeSession();
          await registry.remove(id);
          const next = registry.activeId();
          if (next && !this.session) await this.reopen(next);
          return this.accountsChanged();
        }),
      'accounts.switch': ({ id }) =>
        this.serially(async () => {
          this.requireAccount(id);
          await this.reopen(id);
          return this.accountsChanged();
        }),
      'connectivity.hint': ({ online }) => {
        connectivity.hint(online);
        if (online && connectivity.state.online === false) void this.probe();
        return Promise.resolve(connectivity.state);
      },
      'sessions.list': (input) =>
        Promise.resolve(
          this.session ? querySessions(this.session.store.db, input, now()) : EMPTY_PAGE,
        ),
      'sessions.get': (input) => {
        const session = this.session?.store.getSession(input.id);
        if (!session) {
          return Promise.reject(
            new AppError('not_found', `No cached session has the id ${input.id}.`),
          );
        }
        return Promise.resolve(session);
      },
      'sessions.facets': (input) =>
        Promise.resolve(
          this.session
            ? facetCounts(this.session.store.db, input.filter, now())
            : { facets: {}, skipped: [], elapsed_ms: 0 },
        ),
      'views.list': () => Promise.resolve(this.deps.users.listSavedViews()),
      'views.save': (input) => Promise.resolve(this.deps.users.saveSavedView(input)),
      'views.delete': (input) =>
        Promise.resolve({ deleted: this.deps.users.deleteSavedView(input.id) }),
      'sessions.history': (input) => this.history(input.id),
      'sync.run': (input) => this.runSync(input.full),
      'sync.cancel': () => {
        const running = this.running;
        running?.controller.abort();
        const background = this.background;
        background?.controller.abort();
        return Promise.resolve({ cancelled: running !== null || background !== null });
      },
      'sync.status': () => Promise.resolve(this.state()),
    };
  }

  /** One sync at a time: a second request joins the one already running. */
  runSync(full: boolean): Promise<SyncSummary> {
    if (this.running) return this.running.promise;
    const session = this.session;
    if (!session) {
      return Promise.reject(
        new AppError('no_token', 'Add an OpenCX account (its base URL and API key) to sync.'),
      );
    }
    const controller = new AbortController();
    const promise = session.sync
      .run({ full }, controller.signal)
      .then(
        (summary) => {
          this.lastError = null;
          this.cacheVersion += 1;
          if (!summary.cancelled) this.startBackground(session);
          return summary;
        },
        (error: unknown) => {
          const appError = toAppError(error);
          this.lastError = appError.toJSON();
          throw appError;
        },
      )
      .finally(() => {
        this.running = null;
        this.progress = null;
        this.publishState();
      });
    this.running = { promise, controller };
    this.publishState();
    return promise;
  }

  /**
   * The transcript of a session the user opened: the cached copy when it is current, else a
   * fresh one at interactive priority; offline, the cached copy marked stale. Only a session
   * never fetched while online has nothing to show.
   */
  private async history(id: string): Promise<SessionHistory> {
    const session = this.session;
    const cached = session?.store.getHistory(id) ?? null;
    const current = session?.store.getSession(id);
    if (!session || !current) {
      throw new AppError('not_found', `No cached session has the id ${id}.`);
    }
    const stale = !cached || Date.parse(cached.for_updated_at) < Date.parse(current.updated_at);
    if (cached && !stale) return { events: cached.events, saved_at: cached.saved_at, stale: false };
    if (this.deps.connectivity.state.online !== false) {
      try {
        // Aborted if the account is switched meanwhile, so nothing lands in a closed cache.
        const events = await fetchSessionHistory(
          session.client,
          session.store,
          id,
          this.sessionScope.signal,
        );
        const saved = session.store.getHistory(id);
        return { events, saved_at: saved?.saved_at ?? null, stale: false };
      } catch (error) {
        const appError = toAppError(error);
        // Only an unreachable OpenCX falls back to the old copy; a refused key or a server
        // error says so, rather than pass off stale data as the best there is.
        if (!cached || appError.code !== 'offline') throw appError;
      }
    }
    if (cached) return { events: cached.events, saved_at: cached.saved_at, stale: true };
    throw new AppError(
      'offline',
      'This transcript has not been downloaded yet, and OpenCX cannot be reached right now.',
    );
  }

  /** After a sync is current: older sessions (backfill), then recent transcripts. */
  private startBackground(session: AccountSession): void {
    if (this.background || session !== this.session) return;
    const controller = new AbortController();
    const onProgress = (progress: SyncProgress) => this.progressed(progress);
    const done = (async () => {
      const account = this.deps.registry.get(session.accountId);
      if (account && account.scope_days !== null) {
        // Weekly, the backfill walks all older sessions again: its sweep finds their deletions.
        const lastForced = session.store.getSyncState(FORCED_BACKFILL_KEY);
        const force =
          typeof lastForced !== 'string' || this.deps.now() - Date.parse(lastForced) > WEEK_MS;
        const backfill = await session.sync.runBackfill({ force }, controller.signal);
        if (force && backfill.done && !backfill.cancelled) {
          session.store.setSyncState(FORCED_BACKFILL_KEY, new Date(this.deps.now()).toISOString());
        }
        if (backfill.sessions_upserted > 0) {
          this.cacheVersion += 1;
          this.publishState();
        }
      }
      await prefetchHistories(session.client, session.scheduler, session.store, {
        signal: controller.signal,
        now: this.deps.now,
        onProgress,
      });
    })()
      .catch(() => undefined)
      .finally(() => {
        if (this.background?.controller === controller) this.background = null;
        this.progress = null;
        this.publishState();
      });
    this.background = { controller, done };
    this.publishState();
  }

  private progressed(progress: SyncProgress): void {
    this.progress = progress;
    this.deps.emit('sync.progress', progress);
  }

  private serially<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.accountOps.then(operation, operation);
    this.accountOps = result.catch(() => undefined);
    return result;
  }

  private requireAccount(id: string) {
    const account = this.deps.registry.get(id);
    if (!account) throw new AppError('not_found', `There is no account with the id ${id}.`);
    return account;
  }

  private async autoSync(): Promise<void> {
    if (!this.session || this.deps.connectivity.state.online === false) return;
    await this.runSync(false).catch(() => undefined);
  }

  private async probeIfOffline(): Promise<void> {
    if (this.deps.connectivity.state.online === false) await this.probe();
  }

  /** One cheap request, to learn whether OpenCX is reachable again. */
  private async probe(): Promise<void> {
    const session = this.session;
    if (!session || this.deps.now() - this.lastProbe < 1_000) return;
    this.lastProbe = this.deps.now();
    await session.client.listTags({ priority: 'background' }).catch(() => undefined);
  }

  /**
   * Asks OpenCX whether the key and base URL work before they are saved. Only an unreachable
   * OpenCX lets them through unchecked (the user may be offline); a rejected key, a wrong URL
   * (404, a server error, an answer that is not OpenCX's) or an unusable key is refused.
   */
  private async checkKey(baseUrl: string, token: string): Promise<void> {
    const problem = baseUrlProblem(baseUrl);
    if (problem !== null) throw new AppError('invalid_input', problem);
    const probe = createOpencxClient({
      baseUrl,
      tokenProvider: { getToken: () => Promise.resolve(token) },
      // Not through the shared monitor: a typo in a URL says nothing about the network.
      fetch: this.deps.fetch,
      schedulerOptions: { retryPolicy: { maxAttempts: 1 } },
      timeoutMs: 10_000,
    });
    try {
      await probe.listTags({ priority: 'interactive' });
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === 'offline') return;
      if (appError.code === 'auth_rejected' || appError.code === 'auth_forbidden') throw appError;
      if (appError.code === 'no_token') {
        throw new AppError('invalid_input', 'The API key has characters a key cannot have.');
      }
      throw new AppError(
        'invalid_input',
        `${baseUrl} did not answer as the OpenCX API does (${appError.message}) Check the base URL.`,
      );
    } finally {
      probe.scheduler.dispose();
    }
  }

  /**
   * After stored keys were lost (a damaged secrets file moved aside): what happened and which
   * accounts need their key again; null once every account has one.
   */
  private async lostKeysNotice(): Promise<string | null> {
    const state = await this.deps.registry.state().catch(() => null);
    const lost = state?.secret_storage.lost_keys;
    if (!state || !lost) return null;
    const names = state.accounts.filter((account) => !account.has_token).map((a) => a.name);
    if (names.length === 0) return null;
    return `${lost} Enter the API key again for ${names.join(', ')}.`;
  }

  private activeAccount() {
    return this.session ? this.deps.registry.get(this.session.accountId) : null;
  }

  private async reopen(id: string, options: { sync?: boolean } = {}): Promise<void> {
    await this.closeSession();
    this.deps.registry.setActive(id);
    this.open(id);
    this.publishState();
    if (options.sync || this.deps.config.autoSyncMinutes !== null) void this.autoSync();
  }

  private open(id: string): void {
    const { registry, connectivity, config, now, fetch } = this.deps;
    const account = registry.get(id);
    if (!account) return;
    this.session = this.deps.openSession({
      account,
      cacheFile: join(registry.cacheDir(id), 'cache.db'),
      // The key goes only to the base URL it was entered for, asked again at every request.
      tokenProvider: registry.tokenProvider(id, account.base_url),
      fetch: connectivity.observe(fetch),
      requestsPerMinute: config.requestsPerMinute,
      now,
      onProgress: (progress) => this.progressed(progress),
    });
    this.sessionScope = new AbortController();
    this.notice = this.session.recoveredFrom
      ? `The cache of ${account.name} was damaged, so it was moved aside (${this.session.recoveredFrom}) and is being rebuilt from OpenCX. Your saved views are safe.`
      : null;
    this.lastError = null;
  }

  /** Stops everything that uses the open session, waits for it, then closes exactly that one. */
  private async closeSession(): Promise<void> {
    const session = this.session;
    this.session = null;
    this.sessionScope.abort();
    const background = this.background;
    this.background = null;
    background?.controller.abort();
    const running = this.running;
    running?.controller.abort();
    await Promise.all([background?.done, running?.promise.catch(() => undefined)]);
    session?.close();
  }

  private async accountsChanged(): Promise<AccountsState> {
    const state = await this.deps.registry.state();
    this.deps.emit('accounts.changed', state);
    this.publishState();
    return state;
  }

  private state(): SyncState {
    return {
      running: this.running !== null,
      background: this.background !== null,
      cache_version: this.cacheVersion,
      progress: this.progress,
      last_synced_at: this.lastSyncedAt(),
      last_error: this.lastError,
    };
  }

  private publishState(): void {
    this.deps.emit('sync.state', this.state());
  }

  private lastSyncedAt(): string | null {
    const value = this.session?.store.getSyncState(STATE_KEYS.lastSyncedAt);
    return typeof value === 'string' ? value : null;
  }
}

function joinNotices(...notices: (string | null)[]): string | null {
  const present = notices.filter((notice): notice is string => notice !== null);
  return present.length > 0 ? present.join(' ') : null;
}
