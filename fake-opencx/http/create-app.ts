import type { HttpBindings } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import type { FakeSession, SessionRecord } from '../data/fake-session';
import type { SessionStore } from '../data/session-store';
import { parseFilterBody, FilterBodyError } from '../filter/filter-body';
import { selectPage } from '../filter/select-page';
import { compileFilters } from '../filter/session-matcher';
import {
  REQUIRED_SCOPE,
  type FakeEndpoint,
  type FaultName,
  type ObservedResponse,
} from '../fake-opencx-options';
import { decodeCursor, encodeCursor } from './cursor';
import { errorBody, type ErrorStatus } from './error-body';
import type { FaultInjector } from './fault-injector';
import { malform } from './malformation';
import type { SlidingWindowRateLimiter } from './rate-limiter';
import { listSessions, parseSessionListQuery } from './session-list-query';

export const HISTORY_PAGE_SIZE = 20;

export interface AppDependencies {
  store: SessionStore;
  /** token → scopes */
  tokens: ReadonlyMap<string, ReadonlySet<string>>;
  rateLimiter: SlidingWindowRateLimiter | null;
  faults: FaultInjector;
  countRequest: () => void;
  onResponse?: (response: ObservedResponse) => void;
  /** Settles when the server closes: hung and reset requests wait for it. */
  closed: Promise<void>;
  closing: AbortSignal;
}

type Env = { Bindings: HttpBindings };

export function createApp(deps: AppDependencies): Hono<Env> {
  const app = new Hono<Env>();
  const { store } = deps;

  app.use('*', async (c, next) => {
    deps.countRequest();
    const token = bearerToken(c.req.header('authorization'));
    const rate = deps.rateLimiter ? deps.rateLimiter.take(token ?? '') : null;
    const endpoint = classify(c.req.method, c.req.path);
    let fault: FaultName | null = null;
    let response: Response;
    if (rate && !rate.allowed) {
      response = errorResponse(429, `Rate limit exceeded: ${rate.limit} requests per minute.`, {
        'retry-after': String(rate.resetSeconds),
      });
    } else if (token === null || !deps.tokens.has(token)) {
      response = errorResponse(401);
    } else if (!deps.tokens.get(token)?.has(REQUIRED_SCOPE)) {
      response = errorResponse(403, `This API key lacks the ${REQUIRED_SCOPE} scope.`);
    } else {
      fault = endpoint ? deps.faults.decide(endpoint) : null;
      const early = await applyEarlyFault(c, fault, deps);
      if (early) {
        response = early;
      } else {
        await next();
        response = c.res;
      }
    }
    let text = await response.text();
    if (response.status === 200 && endpoint && (fault === 'truncated' || fault === 'malformed')) {
      text =
        fault === 'truncated'
          ? text.slice(0, Math.floor(text.length / 2))
          : JSON.stringify(malform(endpoint, JSON.parse(text), (items) => deps.faults.pick(items)));
    }
    const headers = new Headers(response.headers);
    if (rate) {
      headers.set('x-ratelimit-limit', String(rate.limit));
      headers.set('x-ratelimit-remaining', String(rate.remaining));
      headers.set('x-ratelimit-reset', String(rate.resetSeconds));
    }
    deps.onResponse?.({
      method: c.req.method,
      path: c.req.path,
      status: response.status,
      body: text,
      fault,
    });
    c.res = undefined;
    c.res = new Response(text, { status: response.status, headers });
  });

  app.post('/chat/sessions/filter', async (c) => {
    const raw = await c.req.text();
    let body: unknown = {};
    if (raw.trim() !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        return errorResponse(400, 'The request body must be valid JSON.');
      }
    }
    try {
      const request = parseFilterBody(body);
      const key =
        request.sortBy === 'created_at'
          ? (r: SessionRecord): number => r.createdMs
          : (r: SessionRecord): number => r.lastMessageMs;
      const shuffle = deps.faults.tieShuffler();
      const page = selectPage(store.sortedBy(request.sortBy), {
        matches: compileFilters(request.filters),
        key,
        order: request.sortOrder,
        page: request.page,
        limit: request.limit,
        ...(shuffle ? { shuffle } : {}),
      });
      return c.json({
        data: page.items.map((r) => r.session),
        page: request.page,
        limit: request.limit,
        has_next: page.hasNext,
        has_previous: request.page > 1,
      });
    } catch (error) {
      if (error instanceof FilterBodyError) return errorResponse(400, error.message);
      throw error;
    }
  });

  app.get('/chat/sessions', (c) => {
    try {
      const query = parseSessionListQuery(new URL(c.req.url).searchParams);
      const { items, next } = listSessions(store.sortedBy('created_at'), query);
      return c.json({ items: items.map((r) => r.session), next });
    } catch (error) {
      if (error instanceof FilterBodyError) return errorResponse(400, error.message);
      throw error;
    }
  });

  app.get('/chat/sessions/:id', (c) => {
    const record = store.get(c.req.param('id'));
    if (!record) return notFoundSession(c.req.param('id'));
    return c.json<FakeSession>(record.session);
  });

  app.get('/chat/sessions/:id/history', (c) => {
    const id = c.req.param('id');
    const record = store.get(id);
    if (!record) return notFoundSession(id);
    const cursor = c.req.query('cursor');
    let offset = 0;
    if (cursor !== undefined && cursor !== '') {
      const decoded = decodeCursor(cursor, 'history');
      if (!decoded || decoded.s !== id || typeof decoded.o !== 'number') {
        return errorResponse(400, 'cursor is not a cursor this endpoint gave out');
      }
      offset = decoded.o;
    }
    const events = store.history(record);
    const end = offset + HISTORY_PAGE_SIZE;
    return c.json({
      items: events.slice(offset, end),
      next: end < events.length ? encodeCursor({ k: 'history', s: id, o: end }) : null,
    });
  });

  app.get('/tags', (c) => c.json(store.organisation.tags));
  app.get('/teams', (c) => c.json(store.organisation.teams));

  app.notFound((c) => errorResponse(404, `Cannot ${c.req.method} ${c.req.path}`));
  app.onError((error) => errorResponse(500, `The fake failed: ${error.message}`));
  return app;
}

async function applyEarlyFault(
  c: Context<Env>,
  fault: FaultName | null,
  deps: AppDependencies,
): Promise<Response | null> {
  const config = deps.faults.current;
  switch (fault) {
    case 'reset':
      c.env.incoming.socket.destroy();
      await deps.closed;
      return errorResponse(503);
    case 'hang':
      await deps.closed;
      return errorResponse(503);
    case 'serverError': {
      const trigger = config.serverError;
      const status = (trigger && trigger.status) || deps.faults.pick([500, 502, 503] as const);
      return errorResponse(status);
    }
    case 'rateLimitStorm': {
      const trigger = config.rateLimitStorm;
      const seconds = (trigger && trigger.retryAfterSeconds) ?? 1;
      return errorResponse(429, 'Rate limit exceeded.', { 'retry-after': String(seconds) });
    }
    case 'slow': {
      const trigger = config.slow;
      if (trigger) await delay(trigger.delayMs, deps.closing);
      return null;
    }
    default:
      return null;
  }
}

/** Waits `ms`, or until the server closes. `signal` outlives every request: nothing stays on it. */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

function bearerToken(header: string | undefined): string | null {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match ? (match[1] ?? null) : null;
}

function classify(method: string, path: string): FakeEndpoint | null {
  if (method === 'POST' && path === '/chat/sessions/filter') return 'filter';
  if (method !== 'GET') return null;
  if (path === '/chat/sessions') return 'list';
  if (path === '/tags') return 'tags';
  if (path === '/teams') return 'teams';
  if (/^\/chat\/sessions\/[^/]+\/history$/.test(path)) return 'history';
  if (/^\/chat\/sessions\/[^/]+$/.test(path)) return 'session';
  return null;
}

function notFoundSession(id: string): Response {
  return errorResponse(404, `Chat session ${id} not found`);
}

function errorResponse(
  status: ErrorStatus,
  message?: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json(errorBody(status, message), { status, headers });
}
