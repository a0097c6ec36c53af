import { join } from 'node:path';
import type { EventName } from '../../../src-shared/contract/names';
import type { EventPayloads } from '../../../src-shared/contract/channels';
import { createOpencxClient, type OpencxClient } from '../api/opencx-client';
import { SlidingWindowLimiter } from '../api/rate-limiter';
import { RequestScheduler } from '../api/request-scheduler';
import { systemClock } from '../api/clock';
import { createDispatcher, type Dispatch } from '../contract/dispatcher';
import { openCacheStore, type CacheStore } from '../store/cache-store';
import { clientSyncSource } from '../sync/client-sync-source';
import { cacheSyncStore } from '../sync/cache-sync-store';
import { SyncEngine } from '../sync/sync-engine';
import { EngineConfigSchema, type EngineConfig } from './engine-config';
import { SessionDeskService } from './session-desk-service';
import type { TokenProvider } from './token-provider';

export interface EnginePorts {
  tokenProvider: TokenProvider;
  emit: <E extends EventName>(name: E, payload: EventPayloads[E]) => void;
  /** Injected so the desktop app can route through Electron's network stack. */
  fetch?: typeof fetch;
  now?: () => number;
}

export interface Engine {
  dispatch: Dispatch;
  service: SessionDeskService;
  /** For the CLI's extra steps (transcripts); hosts use dispatch. */
  client: OpencxClient;
  store: CacheStore;
  close(): Promise<void>;
}

/** Wires one account's engine: cache, API client and scheduler, sync, and the contract. */
export function createEngine(rawConfig: EngineConfig, ports: EnginePorts): Engine {
  const config = EngineConfigSchema.parse(rawConfig);
  const now = ports.now ?? (() => Date.now());
  const { store } = openCacheStore(config.cacheFile ?? join(config.dataDir, 'cache.db'));
  const scheduler = new RequestScheduler({
    clock: systemClock,
    limiter: new SlidingWindowLimiter({
      limit: config.requestsPerMinute,
      windowMs: 60_000,
      clock: systemClock,
    }),
  });
  const client = createOpencxClient({
    baseUrl: config.account.baseUrl,
    tokenProvider: ports.tokenProvider,
    scheduler,
    ...(ports.fetch ? { fetch: ports.fetch } : {}),
  });
  const sync = new SyncEngine({
    source: clientSyncSource(client, scheduler),
    store: cacheSyncStore(store),
    now,
    scopeDays: config.scopeDays,
    onProgress: (progress) => service.progressed(progress),
  });
  const service = new SessionDeskService({ config, store, client, sync, emit: ports.emit, now });
  service.startAutoSync();

  return {
    dispatch: createDispatcher(service.handlers()),
    service,
    client,
    store,
    async close() {
      await service.stop();
      scheduler.dispose();
      store.close();
    },
  };
}
