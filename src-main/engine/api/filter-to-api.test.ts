import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RELATIVE_UNITS, type SessionFilter } from '../../../src-shared/filter/session-filter';
import {
  AI_CLOSURE_TYPES,
  CHANNELS,
  SENTIMENTS,
  SESSION_STATUSES,
  SORT_FIELDS,
  SORT_ORDERS,
} from '../../../src-shared/opencx/enums';
import { FilterRequestSchema } from '../../../src-shared/opencx/filter-request';
import { toApiFilters, toApiFiltersInWindow, toFilterRequest } from './filter-to-api';

const NOW = new Date('2026-11-25T12:00:00.000Z');

describe('toApiFilters', () => {
  it('resolves a relative range into a `from` instant before now', () => {
    expect(
      toApiFilters(
        {
          created_at: { within_last: { amount: 7, unit: 'days' } },
          updated_at: { within_last: { amount: 3, unit: 'hours' } },
          last_message_at: { within_last: { amount: 2, unit: 'weeks' } },
        },
        NOW,
      ),
    ).toEqual({
      created_at: { from: '2026-11-18T12:00:00.000Z' },
      updated_at: { from: '2026-11-25T09:00:00.000Z' },
      last_message_at: { from: '2026-11-11T12:00:00.000Z' },
    });
  });

  it('passes absolute ranges through and drops empty ones', () => {
    expect(
      toApiFilters(
        {
          created_at: { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00+01:00' },
          updated_at: { to: '2026-03-01T00:00:00Z' },
          last_message_at: {},
        },
        NOW,
      ),
    ).toEqual({
      created_at: { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00+01:00' },
      updated_at: { to: '2026-03-01T00:00:00Z' },
    });
  });

  it('drops the local-only full-text q, empty lists and an empty custom_data', () => {
    expect(
      toApiFilters({ q: 'refund', status: [], tags: [], channels: ['web'], custom_data: {} }, NOW),
    ).toEqual({ channels: ['web'] });
  });

  it('keeps false booleans, which are constraints, not absences', () => {
    expect(toApiFilters({ unassigned: false, handed_off: false, assist_mode: false }, NOW)).toEqual(
      { unassigned: false, handed_off: false, assist_mode: false },
    );
  });

  it('maps every list and value filter under its API name', () => {
    const filter: SessionFilter = {
      status: ['open'],
      sentiment: ['angry', 'neutral'],
      ai_closure_type: ['handed_off'],
      channels: ['whatsapp'],
      tags: ['billing'],
      assignee_ids: ['42'],
      team_ids: ['t1'],
      contact_ids: ['c1'],
      languages: ['en'],
      unassigned: true,
      handed_off: true,
      assist_mode: true,
      custom_data: { plan: 'pro', seats: 3, trial: false },
    };
    expect(toApiFilters(filter, NOW)).toEqual(filter);
  });

  it('refuses a filter outside the model, naming the field', () => {
    expect(() => toApiFilters({ channels: ['fax'] } as unknown as SessionFilter, NOW)).toThrow(
      /channels\.0/,
    );
    expect(() => toApiFilters({ colour: 'red' } as unknown as SessionFilter, NOW)).toThrow(
      /colour/,
    );
  });

  it('refuses an invalid reference time', () => {
    expect(() =>
      toApiFilters({ created_at: { within_last: { amount: 1, unit: 'days' } } }, new Date(NaN)),
    ).toThrow(/reference time/);
  });
});

describe('toFilterRequest', () => {
  it('builds the whole body with sorting and paging', () => {
    expect(
      toFilterRequest(
        { q: 'x', status: ['open'] },
        { sortBy: 'created_at', sortOrder: 'asc', page: 3, limit: 100 },
        NOW,
      ),
    ).toEqual({
      filters: { status: ['open'] },
      sort_by: 'created_at',
      sort_order: 'asc',
      page: 3,
      limit: 100,
    });
  });

  it('refuses a page below 1 and a limit outside 1–100', () => {
    const paging = { sortBy: 'created_at', sortOrder: 'asc', page: 1, limit: 25 } as const;
    expect(() => toFilterRequest({}, { ...paging, page: 0 }, NOW)).toThrow(/page/);
    expect(() => toFilterRequest({}, { ...paging, limit: 101 }, NOW)).toThrow(/limit/);
  });
});

describe('toApiFiltersInWindow', () => {
  const scope: SessionFilter = {
    created_at: { from: '2026-01-10T00:00:00.000Z', to: '2026-01-20T00:00:00.000Z' },
    tags: ['vip'],
    q: 'local only',
  };

  it('narrows the scope to the window, keeping the tighter bound on each side', () => {
    expect(
      toApiFiltersInWindow(scope, { from: '2026-01-15T00:00:00.000Z', to: null }, NOW),
    ).toEqual({
      created_at: { from: '2026-01-15T00:00:00.000Z', to: '2026-01-20T00:00:00.000Z' },
      tags: ['vip'],
    });
    expect(
      toApiFiltersInWindow(scope, { from: '2026-01-01T00:00:00.000Z', to: null }, NOW),
    ).toEqual({
      created_at: { from: '2026-01-10T00:00:00.000Z', to: '2026-01-20T00:00:00.000Z' },
      tags: ['vip'],
    });
    expect(
      toApiFiltersInWindow(scope, { from: null, to: '2026-01-12T00:00:00.000Z' }, NOW),
    ).toEqual({
      created_at: { from: '2026-01-10T00:00:00.000Z', to: '2026-01-12T00:00:00.000Z' },
      tags: ['vip'],
    });
  });

  it('adds the window to a scope without created_at, and leaves an open window alone', () => {
    expect(
      toApiFiltersInWindow(
        { updated_at: { from: '2026-01-01T00:00:00Z' } },
        { from: null, to: '2026-02-01T00:00:00.000Z' },
        NOW,
      ),
    ).toEqual({
      updated_at: { from: '2026-01-01T00:00:00Z' },
      created_at: { to: '2026-02-01T00:00:00.000Z' },
    });
    expect(toApiFiltersInWindow({}, { from: null, to: null }, NOW)).toEqual({});
  });

  it('resolves a relative scope before narrowing it', () => {
    const relative: SessionFilter = { created_at: { within_last: { amount: 1, unit: 'days' } } };
    expect(
      toApiFiltersInWindow(relative, { from: '2026-11-20T00:00:00.000Z', to: null }, NOW),
    ).toEqual({ created_at: { from: '2026-11-24T12:00:00.000Z' } });
  });
});

const isoDate = fc
  .date({
    min: new Date('1000-01-01T00:00:00Z'),
    max: new Date('9999-12-31T23:59:59Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString());

const dateRange = fc.oneof(
  fc.record({ from: isoDate, to: isoDate }, { requiredKeys: [] }),
  fc.record({
    within_last: fc.record({
      amount: fc.integer({ min: 1, max: 36_500 }),
      unit: fc.constantFrom(...RELATIVE_UNITS),
    }),
  }),
);

const id = fc.string({ minLength: 1, maxLength: 12 });

const sessionFilter: fc.Arbitrary<SessionFilter> = fc.record(
  {
    created_at: dateRange,
    updated_at: dateRange,
    last_message_at: dateRange,
    status: fc.subarray([...SESSION_STATUSES]),
    sentiment: fc.subarray([...SENTIMENTS]),
    ai_closure_type: fc.subarray([...AI_CLOSURE_TYPES]),
    channels: fc.subarray([...CHANNELS]),
    tags: fc.array(id, { maxLength: 4 }),
    assignee_ids: fc.array(id, { maxLength: 4 }),
    unassigned: fc.boolean(),
    team_ids: fc.array(id, { maxLength: 4 }),
    contact_ids: fc.array(id, { maxLength: 4 }),
    languages: fc.array(id, { maxLength: 4 }),
    handed_off: fc.boolean(),
    assist_mode: fc.boolean(),
    custom_data: fc.dictionary(
      // The shared schema refuses __proto__ (it cannot be matched); fast-check likes to try it.
      id.filter((key) => key !== '__proto__'),
      fc.oneof(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean()),
      { maxKeys: 4 },
    ),
    q: fc.string({ maxLength: 500 }),
  },
  { requiredKeys: [] },
);

const now = fc.date({
  min: new Date('1970-01-01T00:00:00Z'),
  max: new Date('2200-01-01T00:00:00Z'),
  noInvalidDate: true,
});

const paging = fc.record({
  sortBy: fc.constantFrom(...SORT_FIELDS),
  sortOrder: fc.constantFrom(...SORT_ORDERS),
  page: fc.integer({ min: 1, max: 1_000_000 }),
  limit: fc.integer({ min: 1, max: 100 }),
});

describe('toFilterRequest properties', () => {
  it('always produces a body that passes the strict FilterRequestSchema', () => {
    fc.assert(
      fc.property(sessionFilter, paging, now, (filter, p, at) => {
        const result = FilterRequestSchema.safeParse(toFilterRequest(filter, p, at));
        expect(result.success ? null : result.error.issues).toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it('never sends q, an empty list or an empty object', () => {
    fc.assert(
      fc.property(sessionFilter, now, (filter, at) => {
        const filters: Record<string, unknown> = toApiFilters(filter, at);
        expect(filters).not.toHaveProperty('q');
        for (const value of Object.values(filters)) {
          if (typeof value === 'object' && value !== null) {
            expect(Object.keys(value).length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('resolves every relative range to exactly amount × unit before now, with no `to`', () => {
    const unitMs = { hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 };
    fc.assert(
      fc.property(sessionFilter, now, (filter, at) => {
        const filters = toApiFilters(filter, at);
        for (const key of ['created_at', 'updated_at', 'last_message_at'] as const) {
          const range = filter[key];
          if (range === undefined || !('within_last' in range)) continue;
          const { amount, unit } = range.within_last;
          expect(filters[key]).toEqual({
            from: new Date(at.getTime() - amount * unitMs[unit]).toISOString(),
          });
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('local extensions the API cannot take', () => {
  it('sends a calendar period as both of its instants', () => {
    const filters = toApiFilters(
      { created_at: { calendar: { period: 'yesterday', time_zone: 'UTC' } } },
      new Date('2026-03-10T12:00:00.000Z'),
    );
    expect(filters.created_at).toEqual({
      from: '2026-03-09T00:00:00.000Z',
      to: '2026-03-10T00:00:00.000Z',
    });
  });

  it('leaves out a sentiment list holding "none": the cache narrows what the API returns', () => {
    const now = new Date('2026-03-10T12:00:00.000Z');
    expect(toApiFilters({ sentiment: ['angry', 'none'], status: ['open'] }, now)).toEqual({
      status: ['open'],
    });
    expect(toApiFilters({ sentiment: ['angry'] }, now)).toEqual({ sentiment: ['angry'] });
  });
});
