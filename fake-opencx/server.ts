import { createAdaptorServer } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { TruthSnapshot } from './data/fake-session';
import { generateOrganisation } from './data/organisation';
import { generateRecords } from './data/generate-records';
import { SessionStore } from './data/session-store';
import {
  REQUIRED_SCOPE,
  type FakeOpencxOptions,
  type FaultConfig,
  type LiveConfig,
} from './fake-opencx-options';
import { createApp } from './http/create-app';
import { FaultInjector } from './http/fault-injector';
import { SlidingWindowRateLimiter } from './http/rate-limiter';
import {
  LiveActivity,
  validateLiveConfig,
  type LiveMutation,
  type LiveShares,
} from './live-activity';

export { applyFakeFilter } from './filter/apply-fake-filter';
export type { FakeFilterResult, FakeFilterResponse } from './filter/apply-fake-filter';
export type { FakeFilterBody, FakeFilters, FakeDateRange } from './filter/filter-body';
export { FilterBodyError } from './filter/filter-body';
export type * from './fake-opencx-options';
export type * from './data/fake-session';
export type { LiveMutation, LiveMutationKind, LiveShares } from './live-activity';

export interface FakeOpencx {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The full-scope API key. */
  token: string;
  close(): Promise<void>;
  /** A deep copy of the ground truth right now. */
  truth(): TruthSnapshot;
  setFaults(faults: FaultConfig): void;
  startLive(config: LiveConfig): void;
  stopLive(): void;
  /** Applies n live mutations now, weighted by `shares`, else by the last live config, else defaults. */
  tick(count?: number, shares?: LiveShares): LiveMutation[];
  /** Requests received so far, including refused and faulted ones. */
  requestCount(): number;
}

const DEFAULT_TOKEN = 'ocx_test_token';

export async function startFakeOpencx(options: FakeOpencxOptions = {}): Promise<FakeOpencx> {
  validateOptions(options);
  const seed = options.seed ?? 1;
  const now = options.now ?? Date.now;
  const sessionCount = options.sessions ?? 300;
  const token = options.token ?? DEFAULT_TOKEN;

  const nowMs = now();
  const organisation = generateOrganisation(seed, sessionCount, nowMs);
  const { records, factory } = generateRecords(
    organisation,
    seed,
    sessionCount,
    nowMs,
    options.unknownEnumRate ?? 0,
  );
  const store = new SessionStore(organisation, records);
  const live = new LiveActivity(seed, store, factory, now);
  const faults = new FaultInjector(seed, options.faults ?? {});

  const tokens = new Map<string, ReadonlySet<string>>([
    [token, new Set([REQUIRED_SCOPE, 'tags:read', 'teams:read'])],
  ]);
  for (const extra of options.extraTokens ?? []) tokens.set(extra.token, new Set(extra.scopes));

  const rateLimit = options.rateLimit ?? { perMinute: 100 };
  let requests = 0;
  let markClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const closing = new AbortController();

  const app = createApp({
    store,
    tokens,
    rateLimiter:
      rateLimit === false ? null : new SlidingWindowRateLimiter(rateLimit.perMinute, now),
    faults,
    countRequest: () => {
      requests++;
    },
    ...(options.onResponse ? { onResponse: options.onResponse } : {}),
    closed,
    closing: closing.signal,
  });

  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  if (options.live) live.start(options.live);

  let closePromise: Promise<void> | null = null;
  return {
    url: `http://${host}:${address.port}`,
    token,
    close() {
      closePromise ??= new Promise<void>((resolve) => {
        live.stop();
        closing.abort();
        server.close(() => resolve());
        // Hung requests and keep-alive sockets would otherwise hold close() open.
        server.closeAllConnections();
        markClosed();
      });
      return closePromise;
    },
    truth: () => store.truth(now()),
    setFaults: (config) => faults.set(config),
    startLive: (config) => live.start(config),
    stopLive: () => live.stop(),
    tick: (count = 1, shares) => live.tick(count, shares),
    requestCount: () => requests,
  };
}

function validateOptions(options: FakeOpencxOptions): void {
  const { port, seed, sessions, rateLimit, unknownEnumRate, token } = options;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new Error('port must be a whole number from 0 to 65535.');
  }
  if (seed !== undefined && !Number.isInteger(seed))
    throw new Error('seed must be a whole number.');
  if (sessions !== undefined && !(Number.isInteger(sessions) && sessions >= 0)) {
    throw new Error('sessions must be a whole number, 0 or more.');
  }
  if (token !== undefined && !/^\S+$/.test(token))
    throw new Error('token must be a non-empty string without spaces.');
  if (rateLimit && !(Number.isInteger(rateLimit.perMinute) && rateLimit.perMinute >= 1)) {
    throw new Error('rateLimit.perMinute must be a whole number, 1 or more.');
  }
  if (unknownEnumRate !== undefined && !(unknownEnumRate >= 0 && unknownEnumRate <= 1)) {
    throw new Error('unknownEnumRate must be a number from 0 to 1.');
  }
  if (options.live) validateLiveConfig(options.live);
}
