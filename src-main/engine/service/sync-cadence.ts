import type { ConnectivityMonitor } from './connectivity-monitor';
import type { ActiveAccount } from './active-account';
import type { ReachabilityProbe } from './reachability-probe';
import type { SyncRunner } from './sync-runner';

/** Between reachability checks while offline: long enough not to pile up errors. */
const OFFLINE_PROBE_MS = 30_000;

/**
 * When sync runs by itself: at start and every `autoSyncMinutes` (null: only when the user asks),
 * and as soon as OpenCX is reachable again after being offline. Offline, no periodic sync is
 * attempted and background work stops; a probe checks now and then whether OpenCX is back.
 */
export class SyncCadence {
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly autoSyncMinutes: number | null,
    private readonly account: ActiveAccount,
    private readonly connectivity: ConnectivityMonitor,
    private readonly runner: SyncRunner,
    private readonly probe: ReachabilityProbe,
  ) {
    connectivity.onChange((state) => {
      if (state.online === false) this.runner.stopBackground();
      // Back online: fetch what changed while we were away.
      if (state.online && this.account.session && this.autoSyncMinutes !== null) {
        void this.runner.run(false).catch(() => undefined);
      }
    });
  }

  /** Syncs now and then every period, probing while offline. Nothing when syncing is manual. */
  start(): void {
    const minutes = this.autoSyncMinutes;
    if (minutes === null) return;
    void this.autoSync();
    this.timers.push(setInterval(() => void this.autoSync(), minutes * 60_000));
    this.timers.push(setInterval(() => void this.probe.probeIfOffline(), OFFLINE_PROBE_MS));
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  /** After an account's cache opens: a first account syncs at once, others if syncing is automatic. */
  opened(syncNow: boolean): void {
    if (syncNow || this.autoSyncMinutes !== null) void this.autoSync();
  }

  private async autoSync(): Promise<void> {
    if (!this.account.session || this.connectivity.state.online === false) return;
    await this.runner.run(false).catch(() => undefined);
  }
}
