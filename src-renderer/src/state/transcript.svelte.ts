import type { AppErrorShape } from '../../../src-shared/contract/app-error';
import type { SessionHistory } from '../../../src-shared/contract/results';
import { call, describeError } from '../platform/call';

/**
 * The transcript of the session in the detail pane. One request per session version: a failed
 * request is not repeated by re-rendering (only retry(), or coming back online, asks again).
 */
export class Transcript {
  sessionId = $state<string | null>(null);
  history = $state.raw<SessionHistory | null>(null);
  loading = $state(false);
  error = $state<AppErrorShape | null>(null);
  /** Plain field: the last request made, so the same one is never made twice in a row. */
  private requested: string | null = null;
  private version: string | null = null;

  /** `updatedAt` is the session's version: the same session, changed by a sync, loads again. */
  load(sessionId: string | null, updatedAt: string | null = null): Promise<void> {
    const key = sessionId ? `${sessionId}@${updatedAt ?? ''}` : null;
    if (key === this.requested) return Promise.resolve();
    this.requested = key;
    const sameSession = sessionId === this.sessionId;
    this.sessionId = sessionId;
    this.version = updatedAt;
    // A newer version of the open session keeps showing the old transcript until the new one is in.
    if (!sameSession) this.history = null;
    this.error = null;
    if (!sessionId) {
      this.loading = false;
      return Promise.resolve();
    }
    return this.fetch(sessionId, key);
  }

  /** Asks again (the Retry button; back online after "not downloaded yet"). */
  retry(): Promise<void> {
    const id = this.sessionId;
    if (!id) return Promise.resolve();
    this.error = null;
    return this.fetch(id, this.requested);
  }

  /** True when the transcript could not be fetched because OpenCX is unreachable. */
  get waitingForNetwork(): boolean {
    return this.error?.code === 'offline' && !this.history;
  }

  private async fetch(sessionId: string, key: string | null): Promise<void> {
    this.loading = true;
    try {
      const history = await call('sessions.history', { id: sessionId });
      if (this.requested === key) this.history = history;
    } catch (error) {
      if (this.requested === key) this.error = describeError(error);
    } finally {
      if (this.requested === key) this.loading = false;
    }
  }
}

export const transcript = new Transcript();
