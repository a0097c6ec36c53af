import { join } from 'node:path';
import type { EventSink } from '../../../src-shared/contract/events';
import { AccountRegistry } from '../accounts/account-registry';
import { createDispatcher, type Dispatch } from '../contract/dispatcher';
import { ENVIRONMENT_ACCOUNT_ID, type SecretPort } from '../secrets/secret-port';
import { openUserStore } from '../store/user-store';
import { openAccountSession } from './account-session';
import { ConnectivityMonitor } from './connectivity-monitor';
import { EngineConfigSchema, type EngineConfig } from './engine-config';
import { SessionDeskService } from './session-desk-service';
import type { HttpFetch } from '../api/http-fetch';
import { nodeHttpFetch } from '../api/node-http-fetch';

export interface EnginePorts {
  secrets: SecretPort;
  emit: EventSink;
  /** Injected so the desktop app can route through Electron's network stack. */
  fetch?: HttpFetch;
  now?: () => number;
}

export interface Engine {
  dispatch: Dispatch;
  service: SessionDeskService;
  close(): Promise<void>;
}

/** Wires the engine: the user database, the accounts, the active account's session, the contract. */
export function createEngine(rawConfig: EngineConfig, ports: EnginePorts): Engine {
  const config = EngineConfigSchema.parse(rawConfig);
  const offset = config.clockOffsetMs ?? 0;
  const now = ports.now ?? (() => Date.now() + offset);
  const { store: users } = openUserStore(join(config.dataDir, 'user.db'));
  const registry = new AccountRegistry(users, ports.secrets, config.dataDir);
  if (config.environmentAccount) {
    registry.ensure({ id: ENVIRONMENT_ACCOUNT_ID, ...config.environmentAccount });
    registry.setActive(ENVIRONMENT_ACCOUNT_ID);
  }
  const service = new SessionDeskService({
    config,
    registry,
    users,
    secrets: ports.secrets,
    connectivity: new ConnectivityMonitor(now),
    openSession: openAccountSession,
    fetch: ports.fetch ?? nodeHttpFetch,
    emit: ports.emit,
    now,
  });
  service.start();
  const dispatch = createDispatcher(service.handlers());
  return {
    dispatch: (channel, input, context) =>
      service.calls.track(() => dispatch(channel, input, context)),
    service,
    async close() {
      await service.stop();
      users.close();
    },
  };
}
