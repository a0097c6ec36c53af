import { call } from '../platform/call';
import { accounts } from './accounts.svelte';
import { syncStatus } from './sync-status.svelte';

/**
 * The engine's sentence about the account's cache (app.status notice): held by another program,
 * moved aside as damaged and rebuilding, keys lost. It can change at any time, not only when the
 * page starts: the cache opens once the other program lets go, damage is found by the check that
 * runs after opening. Each of those changes the cache the page shows, so it is read again then.
 */
export class AppNotice {
  private text = $state<string | null>(null);
  /** The sentence the user dismissed: the same one read again stays dismissed. */
  private dismissed = $state<string | null>(null);
  private reading: Promise<void> | null = null;
  private readAgain = false;

  /** What the banner says; null: nothing. */
  readonly shown = $derived(this.text !== this.dismissed ? this.text : null);

  /** Keeps the notice current: now, when the cache changes, and on an account switch. */
  connect(): () => void {
    const disconnects = [
      syncStatus.onCacheChanged(() => void this.read()),
      accounts.onSwitched(() => void this.read()),
    ];
    void this.read();
    return () => disconnects.forEach((disconnect) => disconnect());
  }

  /**
   * Asks the engine. While pages land the cache changes every second: one call at a time, and
   * one more after it if asked meanwhile, so the answer is never older than the last change.
   */
  read(): Promise<void> {
    if (this.reading) {
      this.readAgain = true;
      return this.reading;
    }
    this.reading = (async () => {
      do {
        this.readAgain = false;
        this.text = await call('app.status').then(
          (status) => status.notice,
          () => this.text,
        );
      } while (this.readAgain);
      this.reading = null;
    })();
    return this.reading;
  }

  dismiss(): void {
    this.dismissed = this.text;
  }
}

export const appNotice = new AppNotice();
