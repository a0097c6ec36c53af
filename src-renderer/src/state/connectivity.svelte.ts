import type { Connectivity } from '../../../src-shared/contract/results';
import { call } from '../platform/call';

/** Whether OpenCX answered our last request; the browser's online/offline events are hints. */
export class ConnectivityState {
  current = $state<Connectivity>({ online: null, last_reached_at: null });

  connect(): () => void {
    const off = window.api.on('connectivity', (state) => {
      this.current = state;
    });
    const hint = (online: boolean) => () =>
      void call('connectivity.hint', { online })
        .then((state) => (this.current = state))
        .catch(() => undefined);
    const online = hint(true);
    const offline = hint(false);
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    void call('app.status')
      .then((status) => (this.current = status.connectivity))
      .catch(() => undefined);
    return () => {
      off();
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
    };
  }
}

export const connectivity = new ConnectivityState();
