import { afterEach, describe, expect, it } from 'vitest';
import {
  startFakeOpencx,
  type FakeOpencx,
  type FakeOpencxOptions,
  type ObservedResponse,
} from '../../../fake-opencx/server';
import { CHANNELS } from '../../../src-shared/opencx/enums';
import type { Session } from '../../../src-shared/opencx/session';
import { OpencxApiError } from './api-error';
import { systemClock } from './clock';
import { toFilterRequest } from './filter-to-api';
import type { RequestOptions } from './opencx-client';
import { OpencxTestClient } from './testing/opencx-test-client';
import { RequestScheduler } from './request-scheduler';

// The client against the fake OpenCX server (fake-opencx/server.ts) over real HTTP on 127.0.0.1.
// Retries use tiny backoffs so that fault recovery stays fast; Retry-After is honoured as sent.

const fakes: FakeOpencx[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function fake(options: FakeOpencxOptions = {}) {
  const responses: ObservedResponse[] = [];
  const f = await startFakeOpencx({
    seed: 11,
    sessions: 120,
    rateLimit: false,
    ...options,
    onResponse: (r) => responses.push(r),
  });
  fakes.push(f);
  return { fake: f, responses };
}

function clientFor(f: FakeOpencx, options: { token?: string; timeoutMs?: number } = {}) {
  const scheduler = new RequestScheduler({
    clock: systemClock,
    retryPolicy: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20, maxRateLimitRetries: 10 },
  });
  return new OpencxTestClient({
    baseUrl: f.url,
    fetch: globalThis.fetch,
    tokenProvider: { getToken: async () => options.token ?? f.token },
    scheduler,
    timeoutMs: options.timeoutMs ?? 5_000,
  });
}

const delta: RequestOptions = { priority: 'delta' };

async function allByFilter(client: OpencxTestClient, now: Date): Promise<Session[]> {
  const sessions: Session[] = [];
  for (let page = 1; ; page++) {
    const res = await client.filterSessions(
      toFilterRequest({}, { sortBy: 'created_at', sortOrder: 'asc', page, limit: 50 }, now),
      delta,
    );
    sessions.push(...res.data);
    if (!res.has_next) return sessions;
  }
}

async function allByList(client: OpencxTestClient): Promise<Session[]> {
  const sessions: Session[] = [];
  let cursor: string | null = null;
  do {
    const res = await client.listSessions({ cursor }, delta);
    sessions.push(...res.items);
    cursor = res.next;
  } while (cursor !== null);
  return sessions;
}

async function failure(promise: Promise<unknown>): Promise<OpencxApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OpencxApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const ids = (sessions: { id: string }[]) => sessions.map((s) => s.id).sort();

describe('OpencxClient against the fake OpenCX: endpoints', () => {
  it('pages POST /chat/sessions/filter through every session', async () => {
    const { fake: f } = await fake();
    const sessions = await allByFilter(clientFor(f), new Date());
    expect(ids(sessions)).toEqual(ids(f.truth().sessions.map((t) => t.session)));
  });

  it('maps the app filter so the server applies it (relative range, channels)', async () => {
    const { fake: f } = await fake();
    const now = new Date(f.truth().now);
    const res = await clientFor(f).filterSessions(
      toFilterRequest(
        {
          channels: ['web', 'email'],
          created_at: { within_last: { amount: 30, unit: 'days' } },
          q: 'local only',
        },
        { sortBy: 'created_at', sortOrder: 'desc', page: 1, limit: 100 },
        now,
      ),
      delta,
    );
    const since = now.getTime() - 30 * 86_400_000;
    const expected = f
      .truth()
      .sessions.map((t) => t.session)
      .filter(
        (s) => ['web', 'email'].includes(s.channel.type) && Date.parse(s.created_at) >= since,
      );
    const expectedIds = new Set(ids(expected));
    expect(res.data.every((s) => expectedIds.has(s.id))).toBe(true);
    expect(res.data.length).toBe(Math.min(100, expected.length));
    expect(expected.length).toBeGreaterThan(0);
  });

  it('reads the same page as only ids and created_at for walks that store nothing', async () => {
    const { fake: f } = await fake();
    const client = clientFor(f);
    const request = {
      filters: {},
      sort_by: 'created_at',
      sort_order: 'asc',
      page: 1,
      limit: 50,
    } as const;
    const full = await client.filterSessions(request, delta);
    const refs = await client.filterSessionRefs(request, delta);
    expect(refs.data).toEqual(full.data.map(({ id, created_at }) => ({ id, created_at })));
    expect(refs.has_next).toBe(full.has_next);
  });

  it('follows GET /chat/sessions cursors through every session', async () => {
    const { fake: f } = await fake();
    expect(ids(await allByList(clientFor(f)))).toEqual(
      ids(f.truth().sessions.map((t) => t.session)),
    );
  });

  it('gets one session by id', async () => {
    const { fake: f } = await fake();
    const truth = f.truth().sessions[5]?.session as Session;
    expect(await clientFor(f).getSession(truth.id, { priority: 'interactive' })).toEqual(truth);
  });

  it('gets a whole transcript across history pages', async () => {
    const { fake: f, responses } = await fake({ sessions: 2 });
    f.startLive({
      ratePerSecond: 0.001,
      createShare: 0,
      updateShare: 0,
      messageShare: 1,
      deleteShare: 0,
    });
    f.stopLive();
    f.tick(80);
    const client = clientFor(f);
    const lengths: number[] = [];
    for (const t of f.truth().sessions) {
      const events = await client.getHistory(t.session.id, { priority: 'background' });
      expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
      lengths.push(events.length);
    }
    const historyRequests = responses.filter((r) => r.path.endsWith('/history')).length;
    expect(Math.max(...lengths)).toBeGreaterThan(20);
    expect(historyRequests).toBeGreaterThan(f.truth().sessions.length);
  });

  it('lists tags and teams', async () => {
    const { fake: f } = await fake();
    const client = clientFor(f);
    const truth = f.truth();
    expect((await client.listTags(delta)).map((t) => t.tag_name).sort()).toEqual(
      truth.tags.map((t) => t.tag_name).sort(),
    );
    expect(ids(await client.listTeams(delta))).toEqual(ids(truth.teams));
  });

  it('accepts channel values the docs do not list', async () => {
    const { fake: f } = await fake({ unknownEnumRate: 1, sessions: 20 });
    const sessions = await allByFilter(clientFor(f), new Date());
    expect(sessions.length).toBe(20);
    expect(sessions.some((s) => !(CHANNELS as readonly string[]).includes(s.channel.type))).toBe(
      true,
    );
  });
});

describe('OpencxClient against the fake OpenCX: errors', () => {
  it('reports a key the server does not know as auth_rejected', async () => {
    const { fake: f } = await fake();
    const error = await failure(clientFor(f, { token: 'ocx_live_wrong' }).listTags(delta));
    expect([error.code, error.status, error.message]).toEqual([
      'auth_rejected',
      401,
      'OpenCX rejected the API key.',
    ]);
    expect(error.message).not.toContain('ocx_live_wrong');
  });

  it('reports a key without the chat-sessions:read scope as auth_forbidden', async () => {
    const { fake: f } = await fake({
      extraTokens: [{ token: 'ocx_live_tags_only', scopes: ['tags:read'] }],
    });
    const error = await failure(
      clientFor(f, { token: 'ocx_live_tags_only' }).getSession('x', delta),
    );
    expect([error.code, error.status]).toEqual(['auth_forbidden', 403]);
    expect(error.message).toBe('The API key lacks the chat-sessions:read permission.');
  });

  it('reports an unknown session as not_found', async () => {
    const { fake: f, responses } = await fake();
    const error = await failure(
      clientFor(f).getSession('no-such-session', { priority: 'interactive' }),
    );
    expect([error.code, error.status]).toEqual(['not_found', 404]);
    expect(responses).toHaveLength(1);
  });

  it('carries the 400 message that names the offending field, without retrying', async () => {
    const { fake: f, responses } = await fake();
    const error = await failure(clientFor(f).listSessions({ channel_type: 'fax' }, delta));
    expect([error.code, error.status]).toEqual(['invalid_input', 400]);
    expect(error.serverMessage).toMatch(/channel_type/);
    expect(error.message).toMatch(/channel_type/);
    expect(responses).toHaveLength(1);
  });

  it('sees the server run out of budget through x-ratelimit headers', async () => {
    const { fake: f } = await fake({ rateLimit: { perMinute: 2 } });
    const client = clientFor(f);
    await client.listTags(delta);
    await client.listTeams(delta);
    expect(client.scheduler.stats().budgetLeft).toBe(0);
    expect(client.scheduler.limiter.waitMs()).toBeGreaterThan(0);
  });
});

describe('OpencxClient against the fake OpenCX: faults are recovered by retries', () => {
  it('retries 5xx answers', async () => {
    const { fake: f, responses } = await fake({ faults: { serverError: { every: 2 } } });
    const sessions = await allByFilter(clientFor(f), new Date());
    expect(sessions).toHaveLength(120);
    expect(responses.some((r) => r.fault === 'serverError' && r.status >= 500)).toBe(true);
  });

  it('rides out a 429 storm by pausing for Retry-After', async () => {
    const { fake: f, responses } = await fake({
      sessions: 30,
      faults: { rateLimitStorm: { every: 2, retryAfterSeconds: 1 } },
    });
    const client = clientFor(f);
    const tags = client.listTags(delta);
    const teams = client.listTeams(delta);
    await expect(Promise.all([tags, teams])).resolves.toHaveLength(2);
    expect(responses.filter((r) => r.status === 429)).toHaveLength(1);
  });

  it('retries a connection reset', async () => {
    const { fake: f, responses } = await fake({ faults: { reset: { every: 2 } } });
    expect(ids(await allByList(clientFor(f)))).toHaveLength(120);
    // A reset request is never answered, so only the request count shows the retries.
    expect(f.requestCount()).toBeGreaterThan(responses.length);
  });

  it('retries a truncated body as a transfer fault', async () => {
    const { fake: f, responses } = await fake({ faults: { truncated: { every: 2 } } });
    expect(await allByFilter(clientFor(f), new Date())).toHaveLength(120);
    expect(responses.some((r) => r.fault === 'truncated')).toBe(true);
  });

  it('retries a schema-breaking body once, so a one-off is recovered', async () => {
    const { fake: f, responses } = await fake({ faults: { malformed: { every: 2 } } });
    expect(await allByFilter(clientFor(f), new Date())).toHaveLength(120);
    expect(responses.some((r) => r.fault === 'malformed')).toBe(true);
  });

  it('fails with bad_response naming the field when every answer breaks the schema', async () => {
    const { fake: f, responses } = await fake({
      faults: { malformed: { every: 1, endpoints: ['session'] } },
    });
    const id = f.truth().sessions[0]?.session.id as string;
    const error = await failure(clientFor(f).getSession(id, delta));
    expect(error.code).toBe('bad_response');
    expect(error.message).toMatch(
      /^OpenCX sent a session (without an id at id|with an invalid ticket_number at ticket_number)/,
    );
    expect(responses).toHaveLength(2);
  });

  it('times out a hung request and retries it', async () => {
    const { fake: f } = await fake({ faults: { hang: { every: 2 } } });
    const client = clientFor(f, { timeoutMs: 1_000 });
    const first = await client.listTags(delta);
    const second = await client.listTags(delta); // the fake hangs on this one, then answers the retry
    expect(second).toEqual(first);
    expect(f.requestCount()).toBeGreaterThanOrEqual(3);
  });

  it('fails as offline/timeout when every request hangs', async () => {
    const { fake: f } = await fake({ faults: { hang: { every: 1 } } });
    const error = await failure(clientFor(f, { timeoutMs: 100 }).listTeams(delta));
    expect([error.code, error.kind]).toEqual(['offline', 'timeout']);
  });

  it('survives slow answers within the timeout', async () => {
    const { fake: f } = await fake({ faults: { slow: { every: 1, delayMs: 50 } } });
    await expect(clientFor(f).listTeams(delta)).resolves.toHaveLength(f.truth().teams.length);
  });
});
