import type { AppErrorShape } from '../../../src-shared/contract/app-error';
import type { SyncProgress, SyncState } from '../../../src-shared/contract/results';
import { call, describeError } from '../platform/call';

/** What the status bar shows about sync, kept current by the engine's pushed events. */
export class SyncStatus {
  running = $state(false);
  background = $state(false);
  private cacheVersion = 0;
  progress = $state<SyncProgress | null>(null);
  /** When the current phase began (page clock), for the progress bar's estimate. */
  phaseStartedAt = $state(Date.now());
  lastSyncedAt = $state<string | null>(null);
  error = $state<AppErrorShape | null>(null);

  // Listeners are plumbing, not state: nothing renders them, so a plain Set is right.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly cacheListeners = new Set<() => void>();

  connect(): () => void {
    const offState = window.api.on('sync.state', (state) => this.apply(state));
    const offProgress = window.api.on('sync.progress', (progress) => this.setProgress(progress));
    void this.refresh();
    return () => {
      offState();
      offProgress();
    };
  }

  async refresh(): Promise<void> {
    this.apply(await call('sync.status'));
  }

  onCacheChanged(listener: () => void): () => void {
    this.cacheListeners.add(listener);
    return () => this.cacheListeners.delete(listener);
  }

  async start(full = false): Promise<void> {
    this.running = true;
    this.error = null;
    try {
      await call('sync.run', { full });
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.running = false;
      // The pushed state normally says it all; asking too keeps the bar right if an event was lost.
      await this.refresh().catch(() => undefined);
    }
  }

  async cancel(): Promise<void> {
    await call('sync.cancel');
  }

  /** When the last progress arrived (page clock): a rate-limit wait counts down from it. */
  progressAt = $state(Date.now());

  private setProgress(progress: SyncProgress | null): void {
    if (progress?.phase !== this.progress?.phase) this.phaseStartedAt = Date.now();
    this.progress = progress;
    this.progressAt = Date.now();
  }

  private apply(state: SyncState): void {
    const changed = state.cache_version !== this.cacheVersion;
    this.cacheVersion = state.cache_version;
    this.running = state.running;
    this.background = state.background;
    this.setProgress(state.progress);
    this.lastSyncedAt = state.last_synced_at;
    this.error = state.last_error;
    if (changed) for (const listener of this.cacheListeners) listener();
  }
}

export const syncStatus = new SyncStatus();
