import type { AppErrorShape } from '../../../src-shared/contract/app-error';
import type { SessionHistory } from '../../../src-shared/contract/results';
import { call, CallError } from '../platform/call';

/** The transcript of the session in the detail pane, loaded when the selection changes. */
export class Transcript {
  sessionId = $state<string | null>(null);
  history = $state.raw<SessionHistory | null>(null);
  loading = $state(false);
  error = $state<AppErrorShape | null>(null);

  async load(sessionId: string | null): Promise<void> {
    this.sessionId = sessionId;
    this.history = null;
    this.error = null;
    if (!sessionId) return;
    this.loading = true;
    try {
      const history = await call('sessions.history', { id: sessionId });
      if (this.sessionId === sessionId) this.history = history;
    } catch (error) {
      if (this.sessionId === sessionId) {
        this.error =
          error instanceof CallError ? error.error : { code: 'internal', message: String(error) };
      }
    } finally {
      if (this.sessionId === sessionId) this.loading = false;
    }
  }
}

export const transcript = new Transcript();
