import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpencxApiError } from './api-error';
import { systemClock } from './clock';
import type { HttpFetch } from './http-fetch';
import { nodeHttpFetch } from './node-http-fetch';
import { createOpencxClient } from './opencx-client';
import { OpencxTestClient } from './testing/opencx-test-client';
import { RequestScheduler } from './request-scheduler';

// The client against a real HTTP server on 127.0.0.1 whose every answer the test scripts, for
// behaviour the full fake cannot be steered into (exact payload defects, echoed keys, cursors).
// The fake OpenCX server is exercised in opencx-client.fake.test.ts. Every behaviour holds for
// both transports a client is given: a fetch (Electron's net.fetch is one) and the Node hosts'.
const TRANSPORTS: [string, HttpFetch][] = [
  ['a fetch', globalThis.fetch.bind(globalThis)],
  ["the Node hosts' transport", nodeHttpFetch],
];
let transport: HttpFetch = nodeHttpFetch;

const TOKEN = 'ocx_live_secret_token_123';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  raw?: string;
}

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => resolve());
        }),
    ),
  );
});

async function scripted(answer: (seen: Seen, n: number) => Answer) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(s);
      const a = answer(s, seen.length);
      res.writeHead(a.status ?? 200, { 'content-type': 'application/json', ...a.headers });
      res.end(a.raw ?? JSON.stringify(a.body ?? null));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, seen };
}

function client(url: string, token: string | null = TOKEN) {
  const scheduler = new RequestScheduler({
    clock: systemClock,
    retryPolicy: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, random: () => 0.5 },
  });
  return new OpencxTestClient({
    baseUrl: `${url}/`,
    fetch: transport,
    tokenProvider: { getToken: async () => token },
    scheduler,
    timeoutMs: 5_000,
  });
}

function session(n: number, extra: Record<string, unknown> = {}) {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    status: 'open',
    ai_closure_type: null,
    sentiment: null,
    channel: { type: 'web' },
    ticket_number: n,
    assist_mode: false,
    created_at: '2026-11-01T10:00:00.000Z',
    updated_at: '2026-11-02T10:00:00.000Z',
    assignee_id: null,
    custom_data: {},
    ...extra,
  };
}

const page = (data: unknown[]) => ({
  data,
  page: 1,
  limit: 25,
  has_next: false,
  has_previous: false,
});
const interactive = { priority: 'interactive' } as const;

async function failure(promise: Promise<unknown>): Promise<OpencxApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OpencxApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe.each(TRANSPORTS)('OpencxClient requests through %s', (_name, fetchImpl) => {
  beforeEach(() => {
    transport = fetchImpl;
  });

  it('posts the filter body with the bearer key and JSON headers', async () => {
    const server = await scripted(() => ({ body: page([session(1)]) }));
    const result = await client(server.url).filterSessions(
      { filters: { channels: ['web'] }, sort_by: 'created_at', sort_order: 'asc', limit: 100 },
      interactive,
    );
    expect(result.data).toHaveLength(1);
    const [req] = server.seen;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/chat/sessions/filter');
    expect(req?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req?.body ?? '')).toEqual({
      filters: { channels: ['web'] },
      sort_by: 'created_at',
      sort_order: 'asc',
      page: 1,
      limit: 100,
    });
  });

  it('keeps unknown fields and accepts a channel value the docs do not list', async () => {
    const server = await scripted(() => ({
      body: {
        ...page([session(1, { channel: { type: 'telepathy' }, mood_ring: 'teal' })]),
        cursor_hint: 'x',
      },
    }));
    const result = await client(server.url).filterSessions({}, interactive);
    expect(result.data[0]?.channel.type).toBe('telepathy');
    expect(result.data[0]?.mood_ring).toBe('teal');
    expect(result.cursor_hint).toBe('x');
  });

  it('refuses an invalid filter request before sending anything', async () => {
    const server = await scripted(() => ({ body: page([]) }));
    const error = await client(server.url)
      .filterSessions({ limit: 500 }, interactive)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_input' });
    expect((error as Error).message).toMatch(/limit/);
    expect(server.seen).toHaveLength(0);
  });

  it('encodes a session id into the path', async () => {
    const server = await scripted(() => ({ body: session(7) }));
    await client(server.url).getSession('a/b c', interactive);
    expect(server.seen[0]?.url).toBe('/chat/sessions/a%2Fb%20c');
  });

  it('sends only the list filters that are set, as query parameters', async () => {
    const server = await scripted(() => ({ body: { items: [session(1)], next: 'c2' } }));
    const result = await client(server.url).listSessions(
      { cursor: 'c1', status: 'open', handed_off: false, created_after: '2026-01-01T00:00:00Z' },
      interactive,
    );
    expect(result.next).toBe('c2');
    const url = new URL(server.seen[0]?.url ?? '', 'http://x');
    expect(url.pathname).toBe('/chat/sessions');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      cursor: 'c1',
      status: 'open',
      handed_off: 'false',
      created_after: '2026-01-01T00:00:00Z',
    });
  });

  it('follows history cursors until next is null', async () => {
    const event = (id: string) => ({
      id,
      created_at: '2026-11-01T10:00:00Z',
      event: {
        type: 'message',
        sender: { type: 'contact', name: 'Ann' },
        content: { type: 'text', text: id },
      },
    });
    const server = await scripted((s) => {
      const cursor = new URL(s.url, 'http://x').searchParams.get('cursor');
      if (cursor === null) return { body: { items: [event('e1'), event('e2')], next: 'p2' } };
      if (cursor === 'p2') return { body: { items: [event('e3')], next: 'p3' } };
      return {
        body: { items: [{ ...event('e4'), event: { type: 'brand_new_type' } }], next: null },
      };
    });
    const events = await client(server.url).getHistory('s1', { priority: 'background' });
    expect(events.map((e) => e.id)).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(events[3]?.event.type).toBe('brand_new_type');
    expect(server.seen.map((s) => s.url)).toEqual([
      '/chat/sessions/s1/history',
      '/chat/sessions/s1/history?cursor=p2',
      '/chat/sessions/s1/history?cursor=p3',
    ]);
  });

  it('stops a history whose cursor repeats instead of looping for ever', async () => {
    const server = await scripted(() => ({ body: { items: [], next: 'same' } }));
    const error = await failure(client(server.url).getHistory('s1', interactive));
    expect(error.code).toBe('bad_response');
    expect(error.message).toMatch(/repeats/);
  });

  it('reads tags and teams as bare arrays', async () => {
    const server = await scripted((s) =>
      s.url === '/tags'
        ? { body: [{ tag_name: 'billing', description: null, exclude_from_auto_tagging: false }] }
        : { body: [{ id: 't1', name: 'Support', description: null }] },
    );
    const c = client(server.url);
    expect((await c.listTags(interactive)).map((t) => t.tag_name)).toEqual(['billing']);
    expect((await c.listTeams(interactive)).map((t) => t.name)).toEqual(['Support']);
  });
});

describe.each(TRANSPORTS)('OpencxClient validation through %s', (_name, fetchImpl) => {
  beforeEach(() => {
    transport = fetchImpl;
  });

  it('names the entity, field and path of a malformed payload, after retrying it once', async () => {
    const bad = [session(0), session(1), session(2), { ...session(3), id: undefined }];
    const server = await scripted(() => ({ body: page(bad) }));
    const error = await failure(client(server.url).filterSessions({}, interactive));
    expect(error.code).toBe('bad_response');
    expect(error.message).toBe('OpenCX sent a session without an id at data[3].id.');
    expect(server.seen).toHaveLength(2);
  });

  it('names a field of the wrong type and counts further problems', async () => {
    const server = await scripted(() => ({
      body: page([session(0, { created_at: 'yesterday', ticket_number: 'seven' })]),
    }));
    const error = await failure(client(server.url).filterSessions({}, interactive));
    expect(error.message).toMatch(
      /^OpenCX sent a session with an invalid (ticket_number|created_at) at data\[0\]\.\w+ \(.+\), and 1 more problem\.$/,
    );
  });

  it('names a missing top-level field of a page', async () => {
    const server = await scripted(() => ({ body: { items: [] } }));
    const error = await failure(client(server.url).getHistoryPage('s1', null, interactive));
    expect(error.message).toBe('OpenCX sent a history page without a next at next.');
  });

  it('names the element of a bare array', async () => {
    const server = await scripted(() => ({ body: [{ tag_name: 'a' }, { description: 'x' }] }));
    const error = await failure(client(server.url).listTags(interactive));
    expect(error.message).toBe('OpenCX sent a tag without a tag_name at [1].tag_name.');
  });

  it('treats a body that is not JSON as bad_response, retried as a transfer fault', async () => {
    const server = await scripted(() => ({ raw: '{"data": [' }));
    const error = await failure(client(server.url).listTeams(interactive));
    expect([error.code, error.kind, error.unparseable]).toEqual([
      'bad_response',
      'bad_response',
      true,
    ]);
    expect(error.message).toMatch(/not valid JSON/);
    expect(server.seen).toHaveLength(3);
  });

  it('reads a page for the refs of its sessions only', async () => {
    const server = await scripted(() => ({
      body: { ...page([session(1), session(2, { status: 'closed' })]), has_next: true },
    }));
    const refs = await client(server.url).filterSessionRefs({ limit: 2 }, interactive);
    expect(refs).toEqual({
      data: [
        { id: session(1).id, created_at: session(1).created_at },
        { id: session(2).id, created_at: session(2).created_at },
      ],
      has_next: true,
    });
  });

  it.each([
    ['an empty body', ' \n '],
    ['a body that is not valid JSON', '{"data": ['],
  ])('says a refs page came with %s, as for any other page', async (words, raw) => {
    const server = await scripted(() => ({ raw }));
    const error = await failure(client(server.url).filterSessionRefs({}, interactive));
    expect([error.code, error.unparseable]).toEqual(['bad_response', true]);
    expect(error.message).toBe(
      `OpenCX answered POST /chat/sessions/filter with ${words}${
        words === 'an empty body' ? '' : ' (truncated or garbled)'
      }.`,
    );
    expect(server.seen).toHaveLength(3);
  });
});

describe.each(TRANSPORTS)('OpencxClient errors through %s', (_name, fetchImpl) => {
  beforeEach(() => {
    transport = fetchImpl;
  });

  it('fails with no_token without sending a request when no key is stored', async () => {
    const server = await scripted(() => ({ body: [] }));
    const error = await failure(client(server.url, null).listTags(interactive));
    expect(error.code).toBe('no_token');
    expect(server.seen).toHaveLength(0);
  });

  it('refuses a stored key that cannot go into a header, without echoing it', async () => {
    const server = await scripted(() => ({ body: [] }));
    const error = await failure(client(server.url, 'ocx live\nkey').listTags(interactive));
    expect(error.code).toBe('no_token');
    expect(error.message).not.toContain('ocx live');
  });

  it('never puts the key into an error, even when the server echoes it', async () => {
    const server = await scripted((s) => ({
      status: 400,
      body: {
        statusCode: 400,
        message: `bad header ${s.headers.authorization}`,
        error: 'Bad Request',
      },
    }));
    const error = await failure(client(server.url).listTags(interactive));
    expect(error.code).toBe('invalid_input');
    expect(JSON.stringify({ m: error.message, s: error.serverMessage })).not.toContain(TOKEN);
    expect(error.message).toContain('[redacted]');
  });

  it('honours Retry-After on a 429 and then succeeds', async () => {
    const server = await scripted((_, n) =>
      n === 1
        ? {
            status: 429,
            headers: { 'retry-after': '0' },
            body: { statusCode: 429, message: 'Too Many Requests' },
          }
        : { body: [] },
    );
    await expect(client(server.url).listTags(interactive)).resolves.toEqual([]);
    expect(server.seen).toHaveLength(2);
  });

  it('folds the x-ratelimit headers into the budget (another app may share the key)', async () => {
    const server = await scripted(() => ({
      headers: {
        'x-ratelimit-limit': '100',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': '30',
      },
      body: [],
    }));
    const c = client(server.url);
    await c.listTags(interactive);
    expect(c.scheduler.stats().budgetLeft).toBe(0);
    expect(c.scheduler.limiter.waitMs()).toBeGreaterThan(25_000);
  });

  it('reports an unreachable server as offline/network', async () => {
    const server = await scripted(() => ({ body: [] }));
    const s = servers.pop() as Server;
    await new Promise<void>((resolve) => s.close(() => resolve()));
    const error = await failure(client(server.url).listTags(interactive));
    expect([error.code, error.kind]).toEqual(['offline', 'network']);
    expect(error.message).toMatch(/^Could not reach OpenCX for GET \/tags/);
  });

  it('never follows a redirect, which would carry the key elsewhere', async () => {
    const server = await scripted((s) =>
      s.url === '/tags' ? { status: 302, headers: { location: '/elsewhere' } } : { body: [] },
    );
    const error = await failure(client(server.url).listTags(interactive));
    expect([error.code, error.status]).toEqual(['bad_response', 302]);
    expect(server.seen.map((s) => s.url)).toEqual(['/tags']);
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(() =>
      createOpencxClient({ baseUrl: 'ftp://x', tokenProvider: { getToken: async () => TOKEN } }),
    ).toThrow(/http/);
  });
});
