import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AI_CLOSURE_TYPES,
  CHANNELS,
  SENTIMENTS,
  SESSION_STATUSES,
} from '../src-shared/opencx/enums';
import type { TruthSnapshot } from './data/fake-session';
import { applyFakeFilter, type FakeFilterResponse } from './filter/apply-fake-filter';
import type { FakeFilterBody, FakeFilters } from './filter/filter-body';
import { startCheckedFake, type CheckedFake } from './test-support/checked-fake';
import { FakeApi } from './test-support/fake-api';

let checked: CheckedFake;
let api: FakeApi;
let truth: TruthSnapshot;

beforeAll(async () => {
  checked = await startCheckedFake({ sessions: 400, seed: 7, rateLimit: false });
  api = new FakeApi(checked.fake);
  truth = checked.fake.truth();
});
afterAll(async () => {
  await checked.fake.close();
});

async function filter(body: unknown): Promise<FakeFilterResponse> {
  const answer = await api.filter(body);
  expect(answer.status, answer.text).toBe(200);
  return answer.json() as FakeFilterResponse;
}

describe('POST /chat/sessions/filter', () => {
  it('answers an empty body with the newest 25 by last_message_at', async () => {
    const response = await filter({});
    expect(response).toMatchObject({ page: 1, limit: 25, has_next: true, has_previous: false });
    expect(response).toEqual(applyFakeFilter(truth, {}).response);
  });

  it('never returns the hidden last_message_at or tags', async () => {
    const response = await filter({ limit: 100 });
    for (const session of response.data) {
      expect(session).not.toHaveProperty('last_message_at');
      expect(session).not.toHaveProperty('tags');
    }
  });

  it('includes a session at the from instant and excludes it at the to instant', async () => {
    const target = truth.sessions[123];
    if (!target) throw new Error('no session');
    const at = target.session.created_at;
    const from = await filter({
      limit: 100,
      sort_order: 'asc',
      sort_by: 'created_at',
      filters: { created_at: { from: at } },
    });
    expect(from.data[0]?.created_at).toBe(at);
    expect(from.data.map((s) => s.id)).toContain(target.session.id);
    const to = await filter({
      limit: 100,
      sort_by: 'created_at',
      filters: { created_at: { to: at } },
    });
    expect(to.data.map((s) => s.id)).not.toContain(target.session.id);
    expect(to.data.every((s) => s.created_at < at)).toBe(true);
    const lastAt = target.last_message_at;
    const exact = await filter({
      limit: 100,
      filters: {
        last_message_at: { from: lastAt, to: new Date(Date.parse(lastAt) + 1).toISOString() },
      },
    });
    expect(exact.data.map((s) => s.id)).toContain(target.session.id);
  });

  it('filters on a hidden tag: every returned session carries one of the tags', async () => {
    const tagged = new Map(truth.sessions.map((e) => [e.session.id, e.tags]));
    const response = await filter({ limit: 100, filters: { tags: ['billing', 'refund'] } });
    expect(response.data.length).toBeGreaterThan(0);
    for (const session of response.data) {
      expect(tagged.get(session.id)?.some((t) => t === 'billing' || t === 'refund')).toBe(true);
    }
  });

  it('sorts in each order and key, non-increasing or non-decreasing', async () => {
    const created = await filter({ limit: 100, sort_by: 'created_at', sort_order: 'asc' });
    const times = created.data.map((s) => s.created_at);
    expect(times).toEqual([...times].sort());
    const desc = await filter({ limit: 100, sort_by: 'created_at', sort_order: 'desc' });
    const descTimes = desc.data.map((s) => s.created_at);
    expect(descTimes).toEqual([...descTimes].sort().reverse());
  });

  it('pages through every session exactly once, with has_next false only on the last page', async () => {
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const response = await filter({ limit: 37, page, sort_by: 'created_at', sort_order: 'asc' });
      expect(response.has_previous).toBe(page > 1);
      seen.push(...response.data.map((s) => s.id));
      if (!response.has_next) break;
    }
    expect(seen).toHaveLength(truth.sessions.length);
    expect(new Set(seen).size).toBe(truth.sessions.length);
  });

  it('answers a page past the end with no data', async () => {
    const response = await filter({ page: 1000, limit: 100 });
    expect(response).toMatchObject({ data: [], has_next: false, has_previous: true });
  });

  it('has ties in both sort keys in the generated data', () => {
    const created = truth.sessions.map((e) => e.session.created_at);
    const last = truth.sessions.map((e) => e.last_message_at);
    expect(new Set(created).size).toBeLessThan(created.length);
    expect(new Set(last).size).toBeLessThan(last.length);
  });

  it.each([
    [{ filters: { status: ['pending'] } }, 'filters.status[0]'],
    [{ filters: { colour: ['red'] } }, 'filters.colour'],
    [{ limit: 101 }, 'limit'],
    [{ page: 0 }, 'page'],
    [{ sort_by: 'updated_at' }, 'sort_by'],
    [{ filters: { created_at: { from: '01/02/2026' } } }, 'filters.created_at.from'],
  ])('answers %j with a 400 naming %s', async (body, field) => {
    const answer = await api.filter(body);
    expect(answer.status).toBe(400);
    const error = answer.json() as { statusCode: number; message: string; error: string };
    expect(error.statusCode).toBe(400);
    expect(error.error).toBe('Bad Request');
    expect(error.message).toContain(field);
  });

  it('sends no rate-limit headers and refuses nothing when the limit is off', async () => {
    const answer = await api.filter({ limit: 1 });
    expect(answer.headers.get('x-ratelimit-limit')).toBeNull();
    expect(checked.fake.requestCount()).toBeGreaterThan(0);
  });

  it('answers a body that is not JSON with a 400', async () => {
    const answer = await api.post('/chat/sessions/filter', '{"limit": ');
    expect(answer.status).toBe(400);
    expect(answer.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });
});

// --- property tests over HTTP -------------------------------------------------------------

const FILTER_KEYS = [
  'created_at',
  'updated_at',
  'last_message_at',
  'status',
  'sentiment',
  'ai_closure_type',
  'channels',
  'tags',
  'assignee_ids',
  'unassigned',
  'team_ids',
  'contact_ids',
  'languages',
  'handed_off',
  'assist_mode',
  'custom_data',
] as const;

function validFilterArbitraries(
  snapshot: TruthSnapshot,
): Record<(typeof FILTER_KEYS)[number], fc.Arbitrary<unknown>> {
  const nowMs = Date.parse(snapshot.now);
  const instants = snapshot.sessions.flatMap((e) => [
    e.session.created_at,
    e.session.updated_at,
    e.last_message_at,
  ]);
  const date = fc.oneof(
    fc.constantFrom(...instants),
    fc
      .integer({ min: nowMs - 200 * 86_400_000, max: nowMs + 86_400_000 })
      .map((ms) => new Date(ms).toISOString()),
  );
  const range = fc.record({ from: date, to: date }, { requiredKeys: [] });
  const sub = <T>(values: readonly T[]): fc.Arbitrary<T[]> => fc.subarray([...values]);
  const contacts = [
    ...new Set(snapshot.sessions.flatMap((e) => (e.session.contact ? [e.session.contact.id] : []))),
  ].slice(0, 20);
  return {
    created_at: range,
    updated_at: range,
    last_message_at: range,
    status: sub(SESSION_STATUSES),
    sentiment: sub(SENTIMENTS),
    ai_closure_type: sub(AI_CLOSURE_TYPES),
    channels: sub(CHANNELS),
    tags: sub([...snapshot.tags.map((t) => t.tag_name), 'never-used']),
    assignee_ids: sub([...snapshot.agents.map((a) => a.id), '999999']),
    unassigned: fc.boolean(),
    team_ids: sub(snapshot.teams.map((t) => t.id)),
    contact_ids: sub(contacts),
    languages: sub(['en', 'es', 'fr', 'de', 'pt', 'ar', 'xx']),
    handed_off: fc.boolean(),
    assist_mode: fc.boolean(),
    custom_data: fc.record(
      {
        plan: fc.constantFrom('free', 'pro', 'enterprise'),
        region: fc.constantFrom('eu', 'us'),
        vip: fc.boolean(),
        order_count: fc.integer({ min: 0, max: 40 }),
      },
      { requiredKeys: [] },
    ),
  };
}

function validBody(snapshot: TruthSnapshot): fc.Arbitrary<FakeFilterBody> {
  const arbitraries = validFilterArbitraries(snapshot);
  const filters = fc
    .uniqueArray(fc.constantFrom(...FILTER_KEYS), { maxLength: 3 })
    .chain(
      (keys) =>
        fc.record(
          Object.fromEntries(keys.map((key) => [key, arbitraries[key]])),
        ) as fc.Arbitrary<FakeFilters>,
    );
  return fc.record(
    {
      filters,
      sort_by: fc.constantFrom('last_message_at' as const, 'created_at' as const),
      sort_order: fc.constantFrom('asc' as const, 'desc' as const),
      page: fc.integer({ min: 1, max: 4 }),
      limit: fc.integer({ min: 1, max: 100 }),
    },
    { requiredKeys: [] },
  );
}

type Breakage = { body: Record<string, unknown>; field: string };

function invalidBody(snapshot: TruthSnapshot): fc.Arbitrary<Breakage> {
  const breakages: fc.Arbitrary<(body: Record<string, unknown>) => Breakage>[] = [
    fc
      .constantFrom('total', 'offset', 'sort', 'q')
      .map((key) => (body) => ({ body: { ...body, [key]: 1 }, field: key })),
    fc.constantFrom('tag', 'channel', 'assignee', 'team', 'created').map((key) => (body) => ({
      body: { ...body, filters: { [key]: ['x'] } },
      field: `filters.${key}`,
    })),
    fc
      .tuple(
        fc.constantFrom('status', 'sentiment', 'ai_closure_type', 'channels'),
        fc.constantFrom('pending', 'tiktok', 'OPEN', 'unknown'),
      )
      .map(([key, value]) => (body) => ({
        body: { ...body, filters: { [key]: [value] } },
        field: `filters.${key}[0]`,
      })),
    fc
      .tuple(
        fc.constantFrom(
          'status',
          'tags',
          'assignee_ids',
          'team_ids',
          'contact_ids',
          'languages',
          'channels',
        ),
        fc.constantFrom<unknown>('open', 42, true, { a: 1 }, null),
      )
      .map(([key, value]) => (body) => ({
        body: { ...body, filters: { [key]: value } },
        field: `filters.${key}`,
      })),
    fc
      .tuple(
        fc.constantFrom('unassigned', 'handed_off', 'assist_mode'),
        fc.constantFrom<unknown>('true', 1, null, []),
      )
      .map(([key, value]) => (body) => ({
        body: { ...body, filters: { [key]: value } },
        field: `filters.${key}`,
      })),
    fc
      .constantFrom<unknown>(0, 101, -5, 2.5, '10', null)
      .map((limit) => (body) => ({ body: { ...body, limit }, field: 'limit' })),
    fc
      .constantFrom<unknown>(0, -1, 1.5, '2', null)
      .map((page) => (body) => ({ body: { ...body, page }, field: 'page' })),
    fc
      .tuple(
        fc.constantFrom('created_at', 'updated_at', 'last_message_at'),
        fc.constantFrom('from', 'to'),
        fc.constantFrom<unknown>(
          'yesterday',
          '2026-02-30T00:00:00Z',
          '2026-01-01',
          '2026-01-01T10:00:00',
          1735689600000,
          '',
        ),
      )
      .map(([key, side, value]) => (body) => ({
        body: { ...body, filters: { [key]: { [side]: value } } },
        field: `filters.${key}.${side}`,
      })),
    fc
      .constantFrom<unknown>('newest', 'updated_at', 1)
      .map((sortBy) => (body) => ({ body: { ...body, sort_by: sortBy }, field: 'sort_by' })),
  ];
  return fc
    .tuple(validBody(snapshot), fc.oneof(...breakages))
    .map(([body, breakage]) => breakage(body as Record<string, unknown>));
}

describe('filter request validation, property-based', () => {
  it('never answers a valid body with 400, and answers exactly what applyFakeFilter computes', async () => {
    await fc.assert(
      fc.asyncProperty(validBody(truth), async (body) => {
        const answer = await api.filter(body);
        expect(answer.status, answer.text).toBe(200);
        expect(answer.json()).toEqual(applyFakeFilter(truth, body).response);
      }),
      { numRuns: 120, seed: 42 },
    );
  });

  it('always answers an invalid body with a 400 naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(invalidBody(truth), async ({ body, field }) => {
        const answer = await api.filter(body);
        expect(answer.status, JSON.stringify(body)).toBe(400);
        const error = answer.json() as { message: string };
        expect(error.message).toContain(field);
      }),
      { numRuns: 120, seed: 43 },
    );
  });
});

describe('answers and openapi.json', () => {
  it('gave only answers that fit openapi.json', () => {
    expect(checked.violations).toEqual([]);
    expect(checked.checked()).toBeGreaterThan(250);
  });
});
