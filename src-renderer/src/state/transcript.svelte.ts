import type { AppErrorShape } from '../../../src-shared/contract/app-error';
import type { SessionHistory } from '../../../src-shared/contract/results';
import { call, describeError } from '../platform/call';

/** The transcript of the session in the detail pane, loaded when the selection changes. */
export class Transcript {
  sessionId = $state<string | null>(null);
  private version: string | null = null;
  history = $state.raw<SessionHistory | null>(null);
  loading = $state(false);
  error = $state<AppErrorShape | null>(null);

  /** `updatedAt` is the session's version: the same session, changed by a sync, loads again. */
  async load(sessionId: string | null, updatedAt: string | null = null): Promise<void> {
    const sameSession = sessionId === this.sessionId;
    // A list reload hands the same session again: nothing to fetch unless it changed.
    if (sameSession && updatedAt === this.version && (this.history || this.loading)) return;
    this.sessionId = sessionId;
    this.version = updatedAt;
    // A newer version of the open session keeps showing the old transcript until the new one is in.
    if (!sameSession) this.history = null;
    this.error = null;
    if (!sessionId) return;
    this.loading = true;
    try {
      const history = await call('sessions.history', { id: sessionId });
      if (this.sessionId === sessionId) this.history = history;
    } catch (error) {
      if (this.sessionId === sessionId) {
        this.error = describeError(error);
      }
    } finally {
      if (this.sessionId === sessionId) this.loading = false;
    }
  }
}

export const transcript = new Transcript();
