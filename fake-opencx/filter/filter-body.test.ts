import { describe, expect, it } from 'vitest';
import { FilterBodyError, parseDateTime, parseFilterBody } from './filter-body';

function rejection(body: unknown): string {
  try {
    parseFilterBody(body);
  } catch (error) {
    if (error instanceof FilterBodyError) return error.message;
    throw error;
  }
  throw new Error('expected the body to be rejected');
}

describe('parseFilterBody', () => {
  it('applies the documented defaults to an empty body', () => {
    expect(parseFilterBody({})).toEqual({
      filters: {},
      sortBy: 'last_message_at',
      sortOrder: 'desc',
      page: 1,
      limit: 25,
    });
  });

  it('drops empty lists, because an empty list constrains nothing', () => {
    expect(parseFilterBody({ filters: { status: [], tags: [] } }).filters).toEqual({});
  });

  it.each([
    [{ foo: 1 }, 'property foo should not exist'],
    [{ filters: { tag: ['x'] } }, 'property filters.tag should not exist'],
    [{ filters: [] }, 'filters must be an object'],
    [{ filters: { status: 'open' } }, 'filters.status must be an array'],
    [{ filters: { status: ['open', 'pending'] } }, 'filters.status[1] must be one of'],
    [{ filters: { sentiment: [null] } }, 'filters.sentiment[0] must be'],
    [{ filters: { channels: ['tiktok'] } }, 'filters.channels[0] must be one of'],
    [{ filters: { ai_closure_type: ['closed'] } }, 'filters.ai_closure_type[0] must be one of'],
    [{ filters: { tags: [''] } }, 'filters.tags[0] must be a non-empty string'],
    [{ filters: { assignee_ids: [42] } }, 'filters.assignee_ids[0] must be a non-empty string'],
    [{ filters: { unassigned: 'true' } }, 'filters.unassigned must be a boolean'],
    [{ filters: { handed_off: 1 } }, 'filters.handed_off must be a boolean'],
    [{ filters: { assist_mode: null } }, 'filters.assist_mode must be a boolean'],
    [
      { filters: { custom_data: { plan: ['pro'] } } },
      'filters.custom_data.plan must be a string, number or boolean',
    ],
    [{ filters: { custom_data: 'vip' } }, 'filters.custom_data must be an object'],
    [
      { filters: { created_at: { from: 'yesterday' } } },
      'filters.created_at.from must be a valid ISO 8601 date',
    ],
    [
      { filters: { updated_at: { to: '2026-02-30T00:00:00Z' } } },
      'filters.updated_at.to must be a valid ISO 8601 date',
    ],
    [
      { filters: { last_message_at: { since: '2026-01-01T00:00:00Z' } } },
      'property filters.last_message_at.since',
    ],
    [{ sort_by: 'updated_at' }, 'sort_by must be one of'],
    [{ sort_order: 'DESC' }, 'sort_order must be one of'],
    [{ page: 0 }, 'page must be an integer at least 1'],
    [{ page: 1.5 }, 'page must be an integer'],
    [{ limit: 0 }, 'limit must be an integer from 1 to 100'],
    [{ limit: 101 }, 'limit must be an integer from 1 to 100'],
    [{ limit: '10' }, 'limit must be an integer'],
    [[], 'The request body must be a JSON object'],
  ])('rejects %j naming the field', (body, message) => {
    expect(rejection(body)).toContain(message);
  });
});

describe('parseDateTime', () => {
  it('reads Z, offsets with and without a colon, fractions and missing seconds', () => {
    expect(parseDateTime('2026-03-01T10:00:00Z', 'f')).toBe(Date.UTC(2026, 2, 1, 10));
    expect(parseDateTime('2026-03-01T10:00:00.123456Z', 'f')).toBe(
      Date.UTC(2026, 2, 1, 10, 0, 0, 123),
    );
    expect(parseDateTime('2026-03-01T12:00:00+02:00', 'f')).toBe(Date.UTC(2026, 2, 1, 10));
    expect(parseDateTime('2026-03-01T07:30-0230', 'f')).toBe(Date.UTC(2026, 2, 1, 10));
    expect(parseDateTime('0050-01-01T00:00:00Z', 'f')).toBe(Date.parse('0050-01-01T00:00:00Z'));
  });

  it.each([
    '2026-03-01',
    '2026-03-01T10:00:00',
    '2026-13-01T00:00:00Z',
    '2026-03-01T24:00:00Z',
    '2025-02-29T00:00:00Z',
    'now',
  ])('rejects %s', (value) => {
    expect(() => parseDateTime(value, 'filters.created_at.from')).toThrow(
      'filters.created_at.from must be a valid ISO 8601 date string',
    );
  });

  it('accepts 29 February in a leap year', () => {
    expect(parseDateTime('2024-02-29T00:00:00Z', 'f')).toBe(Date.UTC(2024, 1, 29));
  });
});
