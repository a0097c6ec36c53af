import { join } from 'node:path';
import { AppError, type AppErrorShape } from '../../../src-shared/contract/app-error';
import type { SyncProgress } from '../../../src-shared/contract/results';
import type { AccountRegistry } from '../accounts/account-registry';
import { quarantineDatabase } from '../store/quarantine-database';
import type { AccountSession, AccountSessionOptions } from './account-session';
import type { ConnectivityMonitor } from './connectivity-monitor';
import type { ResolvedEngineConfig } from './engine-config';
import type { HttpFetch } from '../api/http-fetch';

export interface ActiveAccountDeps {
  config: ResolvedEngineConfig;
  registry: AccountRegistry;
  connectivity: ConnectivityMonitor;
  openSession: (options: AccountSessionOptions) => AccountSession;
  fetch: HttpFetch;
  now: () => number;
  onProgress: (progress: SyncProgress) => void;
  /** The active account's cache was opened after another program had held it. */
  onOpenedLate: () => void;
  /**
   * The integrity check that runs after opening found `session`'s cache damaged: stop what uses
   * it, then call `replaceDamaged(session)`.
   */
  onDamaged: (session: AccountSession) => void;
  /** Settles when an opened cache's background work may start (see AccountSessionOptions). */
  backgroundWorkAfter?: () => Promise<void>;
}

const DEFAULT_BUSY_RETRY_MS = 5_000;

/**
 * The account the user works in and its open cache (one AccountSession at a time). Another
 * program may be writing that cache (a CLI sync holds its writer lock): then the account stays
 * active without its cache, the reason is kept as a sentence, and opening is tried again every
 * few seconds until it succeeds.
 */
export class ActiveAccount {
  private current: AccountSession | null = null;
  /** The account whose cache should be open: set while waiting for another program too. */
  private wanted: string | null = null;
  private scope = new AbortController();
  private damaged: string | null = null;
  private busy: AppError | null = null;
  private retry: NodeJS.Timeout | null = null;

  constructor(private readonly deps: ActiveAccountDeps) {}

  /** The open account session, or null (no account, or its cache is held by another program). */
  get session(): AccountSession | null {
    return this.current;
  }

  /** The account being worked in, whether or not its cache could be opened yet. */
  get accountId(): string | null {
    return this.wanted;
  }

  /** Aborted when the open session closes: on-demand work for it stops with it. */
  get signal(): AbortSignal {
    return this.scope.signal;
  }

  /** What the user should know about the cache: moved aside as damaged, or held by another program. */
  notice(): string | null {
    return this.busy ? this.busyNotice(this.busy) : this.damaged;
  }

  /** The reason the cache is not open yet, as the error the status bar shows; else null. */
  waitingError(): AppErrorShape | null {
    return this.busy ? { code: 'busy', message: this.busyNotice(this.busy) } : null;
  }

  /**
   * Opens the cache of account `id`. Another program writing it is not a failure: the account
   * waits (see notice) and opening is retried. Anything else (a cache of a newer build) throws.
   */
  open(id: string): void {
    this.wanted = id;
    this.tryOpen();
  }

  /**
   * The open session; if the active account's cache is still held by another program, one more
   * try now, and its busy error if that fails too. Null without an account.
   */
  require(): AccountSession | null {
    if (!this.current && this.wanted && this.busy) this.tryOpen();
    if (!this.current && this.busy) throw new AppError('busy', this.busyNotice(this.busy));
    return this.current;
  }

  /** Forgets the session without closing it (the caller stops its work, then closes it). */
  detach(): AccountSession | null {
    const session = this.current;
    this.current = null;
    this.wanted = null;
    this.busy = null;
    this.damaged = null;
    this.clearRetry();
    this.scope.abort();
    return session;
  }

  private tryOpen(): void {
    const { registry, connectivity, config, now, fetch } = this.deps;
    const id = this.wanted;
    const account = id ? registry.get(id) : null;
    if (!id || !account || this.current) return;
    this.clearRetry();
    try {
      this.current = this.deps.openSession({
        account,
        cacheFile: join(registry.cacheDir(id), 'cache.db'),
        // The key goes only to the base URL it was entered for, asked again at every request.
        tokenProvider: registry.tokenProvider(id, account.base_url),
        fetch: connectivity.observe(fetch),
        requestsPerMinute: config.requestsPerMinute,
        now,
        onProgress: (progress) => this.deps.onProgress(progress),
        program: config.program ?? 'Session Desk app',
        // Not waiting: this runs on the engine's thread, and opening is retried anyway.
        lockWaitMs: 0,
        // The first answer does not wait for a read of every page; damage found later is
        // handled as damage found at opening (replaceDamaged).
        integrityCheck: 'background',
        columnIndex: true,
        ...(this.deps.backgroundWorkAfter
          ? { backgroundWorkAfter: this.deps.backgroundWorkAfter() }
          : {}),
      });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'busy')) throw error;
      this.busy = error;
      this.retry = setTimeout(
        () => this.retryOpen(id),
        config.cacheBusyRetryMs ?? DEFAULT_BUSY_RETRY_MS,
      );
      return;
    }
    const waited = this.busy !== null;
    this.busy = null;
    this.scope = new AbortController();
    this.damaged = this.current.recoveredFrom
      ? damagedNotice(account.name, this.current.recoveredFrom)
      : null;
    this.watchIntegrity(this.current);
    if (waited) this.deps.onOpenedLate();
  }

  /**
   * For a session whose background integrity check found damage, once nothing uses it any more
   * (the caller stopped sync and exports): closes it, moves the file aside as opening would have,
   * opens a fresh cache for the same account and says so in `notice()`. Nothing happens if
   * `session` is no longer the open one.
   */
  replaceDamaged(session: AccountSession): void {
    const id = this.wanted;
    const account = id ? this.deps.registry.get(id) : null;
    if (this.current !== session || !id || !account) return;
    this.current = null;
    this.scope.abort();
    session.close();
    const movedTo = quarantineDatabase(session.cacheFile, new Date(this.deps.now()));
    this.tryOpen();
    // tryOpen started a fresh cache: the notice is about the file moved aside here.
    this.damaged = damagedNotice(account.name, movedTo);
  }

  /** Hands a damage verdict of the background check on `session` to onDamaged. */
  private watchIntegrity(session: AccountSession): void {
    void session.integrity?.verdict.then((verdict) => {
      if (verdict.kind === 'damaged' && this.current === session) this.deps.onDamaged(session);
    });
  }

  private retryOpen(id: string): void {
    this.retry = null;
    if (this.wanted !== id || this.current) return;
    try {
      this.tryOpen();
    } catch (error) {
      // Free now, but not openable (a cache of a newer build): said instead of the wait.
      this.busy = null;
      this.damaged = `The cache could not be opened: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private busyNotice(error: AppError): string {
    const name = this.wanted ? (this.deps.registry.get(this.wanted)?.name ?? null) : null;
    const whose = name ? `The sessions of ${name} are not shown yet. ` : '';
    return `${whose}${error.message} Session Desk opens the cache by itself as soon as it is free.`;
  }

  private clearRetry(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }
}

function damagedNotice(accountName: string, movedTo: string): string {
  return `The cache of ${accountName} was damaged, so it was moved aside (${movedTo}) and is being rebuilt from OpenCX. Your saved views are safe.`;
}
