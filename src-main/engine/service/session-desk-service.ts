import { CallActivity } from './call-activity';
import type { EventSink } from '../../../src-shared/contract/events';
import type { AccountsState } from '../../../src-shared/contract/results';
import type { AccountRegistry } from '../accounts/account-registry';
import type { ContractHandlers } from '../contract/dispatcher';
import { ExportJobs } from '../export/export-jobs';
import type { SecretPort } from '../secrets/secret-port';
import type { UserStore } from '../store/user-store';
import { accountHandlers, type AccountSwitching } from './account-handlers';
import type { AccountSession, AccountSessionOptions } from './account-session';
import { ActiveAccount } from './active-account';
import type { ConnectivityMonitor } from './connectivity-monitor';
import type { ResolvedEngineConfig } from './engine-config';
import { exportHandlers } from './export-handlers';
import { ReachabilityProbe } from './reachability-probe';
import { sessionReadHandlers } from './session-handlers';
import { statusHandler } from './status-handler';
import { SyncCadence } from './sync-cadence';
import { SyncRunner } from './sync-runner';
import { transcriptHandler } from './transcript-handler';
import { filterReadHandlers } from './filter-handlers';
import { viewHandlers } from './view-handlers';
import { listColumnHandlers } from './list-column-handlers';
import type { HttpFetch } from '../api/http-fetch';

export interface SessionDeskServiceDeps {
  config: ResolvedEngineConfig;
  registry: AccountRegistry;
  /** What the user authors (saved views): survives any damage to an account's cache. */
  users: UserStore;
  secrets: SecretPort;
  connectivity: ConnectivityMonitor;
  openSession: (options: AccountSessionOptions) => AccountSession;
  fetch: HttpFetch;
  emit: EventSink;
  now: () => number;
}

/**
 * An opened cache's integrity check and column index load start at least 2 s after opening, once
 * no call has been answered for 1 s (a window asks for its list, counts, chart and facets within
 * a second or two of starting), and 15 s after opening at the latest.
 */
const BACKGROUND_WORK_WAITS = { minMs: 2_000, quietMs: 1_000, maxMs: 15_000 };

/**
 * The engine's answer to every contract channel, put together from one part per concept: the
 * active account and its cache (./active-account), sync and the work after it (./sync-runner),
 * when sync runs by itself (./sync-cadence), reachability (./reachability-probe), and the
 * handlers of each group of channels. Reads come from the active account's cache only, so they
 * are as fast and as complete offline as online; the network is used by sync (and account
 * checks) and nothing else.
 */
export class SessionDeskService {
  /** The calls being answered: background work waits for a window's first ones to end. */
  readonly calls = new CallActivity();
  private readonly account: ActiveAccount;
  private readonly runner: SyncRunner;
  private readonly probe: ReachabilityProbe;
  private readonly cadence: SyncCadence;
  private readonly exports: ExportJobs;

  constructor(private readonly deps: SessionDeskServiceDeps) {
    const { config, registry, connectivity, now, emit } = deps;
    this.exports = new ExportJobs(emit);
    this.account = new ActiveAccount({
      config,
      registry,
      connectivity,
      openSession: deps.openSession,
      backgroundWorkAfter: () => this.calls.whenQuiet(BACKGROUND_WORK_WAITS).quiet,
      fetch: deps.fetch,
      now,
      onProgress: (progress) => this.runner.progressed(progress),
      // Another program let go of the cache: its sessions appear, and sync resumes its rhythm.
      onOpenedLate: () => {
        this.runner.cacheChanged();
        this.cadence.opened(false);
      },
      // The check after opening found the cache damaged: moved aside and rebuilt, as at opening.
      onDamaged: (session) => void this.replaceDamagedCache(session),
    });
    this.runner = new SyncRunner({ account: this.account, registry, now, emit });
    this.probe = new ReachabilityProbe(this.account, connectivity, now);
    connectivity.onChange((state) => emit('connectivity', state));
    this.cadence = new SyncCadence(
      config.autoSyncMinutes,
      this.account,
      connectivity,
      this.runner,
      this.probe,
    );
  }

  /**
   * Opens the active account's cache, if there is an account, and starts syncing by itself if
   * configured. A cache another program is writing does not stop the start: it opens later.
   */
  start(): void {
    const id = this.deps.registry.activeId();
    if (id) this.account.open(id);
    this.cadence.start();
  }

  async stop(): Promise<void> {
    this.cadence.stop();
    await this.closeSession();
  }

  handlers(): ContractHandlers {
    const { registry, connectivity, users, fetch, now } = this.deps;
    const switching: AccountSwitching = {
      activeId: () => this.account.accountId,
      reopen: (id, options) => this.reopen(id, options),
      close: () => this.closeSession(),
      changed: () => this.accountsChanged(),
    };
    const indexed = () => this.account.session?.index?.current() ?? null;
    return {
      ...statusHandler(registry, this.account, connectivity, this.runner),
      ...accountHandlers(registry, switching, fetch),
      ...this.probe.handlers(),
      ...sessionReadHandlers(
        () => this.account.session?.store ?? null,
        now,
        indexed,
        () => this.account.session?.facetWorker ?? null,
      ),
      ...filterReadHandlers(() => this.account.session?.store ?? null, now, indexed),
      ...viewHandlers(
        users,
        () => this.account.accountId,
        () => this.account.session?.store ?? null,
        now,
        indexed,
      ),
      ...listColumnHandlers(users, () => this.account.accountId),
      ...transcriptHandler(this.account, connectivity),
      ...this.runner.handlers(),
      ...exportHandlers(this.account, connectivity, this.exports, now),
    };
  }

  private async reopen(id: string, options: { sync?: boolean } = {}): Promise<void> {
    await this.closeSession();
    this.deps.registry.setActive(id);
    this.account.open(id);
    this.runner.clearError();
    this.runner.publish();
    this.cadence.opened(options.sync ?? false);
  }

  /** Stops everything that uses the open session, waits for it, then closes exactly that one. */
  private async closeSession(): Promise<void> {
    const session = this.account.detach();
    this.exports.cancelAll();
    await Promise.all([this.runner.stop(), this.exports.settled()]);
    session?.close();
  }

  /** Stops what uses the damaged session, replaces its cache with a fresh one, and says so. */
  private async replaceDamagedCache(session: AccountSession): Promise<void> {
    if (this.account.session !== session) return;
    this.exports.cancelAll();
    await Promise.all([this.runner.stop(), this.exports.settled()]);
    this.account.replaceDamaged(session);
    this.runner.cacheChanged();
    this.cadence.opened(false);
  }

  private async accountsChanged(): Promise<AccountsState> {
    const state = await this.deps.registry.state();
    this.deps.emit('accounts.changed', state);
    this.runner.publish();
    return state;
  }
}
