import { describe, expect, it } from 'vitest';
import {
  DATE_PRESETS,
  chipsOf,
  customRange,
  dayInputsOf,
  describeRange,
  isEmptyFilter,
  parseQuery,
  presetOf,
  queryLink,
  queryText,
  sameQuery,
  toggleAssignee,
  toggleValue,
  withCustomData,
  withTriState,
} from './filter-edit';

const names = {
  team: (id: string) => (id === 't1' ? 'Billing' : id),
  assignee: (id: string) => (id === '42' ? 'Ada Lovelace' : id),
  contact: (id: string) => id,
};

describe('editing the filter', () => {
  it('drops a list, flag or map as soon as it constrains nothing', () => {
    const once = toggleValue({}, 'status', 'open');
    expect(once).toEqual({ status: ['open'] });
    expect(toggleValue(once, 'status', 'open')).toEqual({});
    expect(withTriState({ handed_off: true }, 'handed_off', 'any')).toEqual({});
    expect(withTriState({}, 'assist_mode', 'no')).toEqual({ assist_mode: false });
    const data = withCustomData({}, 'plan', 'enterprise');
    expect(data).toEqual({ custom_data: { plan: 'enterprise' } });
    expect(withCustomData(data, 'plan', undefined)).toEqual({});
    expect(isEmptyFilter({ tags: [], q: '' })).toBe(true);
  });

  it('keeps "Unassigned" and named agents apart, since both cannot hold', () => {
    const agents = toggleAssignee({}, '42');
    expect(agents).toEqual({ assignee_ids: ['42'] });
    const unassigned = toggleAssignee(agents, null);
    expect(unassigned).toEqual({ unassigned: true });
    expect(toggleAssignee(unassigned, '7')).toEqual({ assignee_ids: ['7'] });
    expect(toggleAssignee(unassigned, null)).toEqual({});
  });
});

describe('dates', () => {
  it('makes presets that stay relative, calendar ones in the page’s time zone', () => {
    const lastWeek = DATE_PRESETS.find((preset) => preset.id === 'last_7_days')!;
    expect(lastWeek.range('Europe/Paris')).toEqual({ within_last: { amount: 7, unit: 'days' } });
    const today = DATE_PRESETS.find((preset) => preset.id === 'today')!.range('Europe/Paris');
    expect(today).toEqual({ calendar: { period: 'today', time_zone: 'Europe/Paris' } });
    expect(presetOf(today)?.label).toBe('Today');
    expect(presetOf({ from: '2025-01-01T00:00:00Z' })).toBeNull();
    expect(describeRange({ within_last: { amount: 1, unit: 'days' } })).toBe('Last 1 day');
  });

  it('turns two picked days into a range that includes both', () => {
    const range = customRange('2025-03-01', '2025-03-07') as { from: string; to: string };
    expect(Date.parse(range.from)).toBe(new Date(2025, 2, 1).getTime());
    expect(Date.parse(range.to)).toBe(new Date(2025, 2, 8).getTime());
    expect(dayInputsOf(range, Date.now())).toEqual(['2025-03-01', '2025-03-07']);
    expect(customRange('', '')).toBeUndefined();
    expect(customRange('2025-03-01', '')).toEqual({
      from: new Date(2025, 2, 1).toISOString(),
    });
  });
});

describe('chips', () => {
  it('gives one removable chip per constraint, named as the panel names it', () => {
    const filter = {
      status: ['open' as const],
      sentiment: ['none' as const],
      team_ids: ['t1'],
      assignee_ids: ['42'],
      handed_off: true,
      custom_data: { plan: 'enterprise', vip: true },
      created_at: { within_last: { amount: 7, unit: 'days' as const } },
      q: 'refund',
    };
    const chips = chipsOf(filter, names);
    expect(chips.map((chip) => `${chip.field}: ${chip.text}`)).toEqual([
      'Status: Open',
      'Sentiment: No sentiment',
      'Team: Billing',
      'Assignee: Ada Lovelace',
      'Handed off: Yes',
      'plan: “enterprise”',
      'vip: true',
      'Created: Last 7 days',
      'Search: “refund”',
    ]);
    const team = chips.find((chip) => chip.id === 'team_ids:t1')!;
    expect(team.without.team_ids).toBeUndefined();
    expect(team.without.status).toEqual(['open']);
    const vip = chips.find((chip) => chip.id === 'custom_data:vip')!;
    expect(vip.without.custom_data).toEqual({ plan: 'enterprise' });
  });
});

describe('copying and pasting a query', () => {
  const query = {
    filter: { channels: ['web' as const, 'whatsapp' as const], custom_data: { seats: 40 } },
    sort: { field: 'created_at' as const, order: 'asc' as const },
  };

  it('round-trips through a link and through text', () => {
    const link = queryLink(query, 'http://127.0.0.1:4000/#old');
    expect(link.startsWith('http://127.0.0.1:4000/#view=')).toBe(true);
    expect(parseQuery(link)).toEqual(query);
    expect(parseQuery(queryText(query))).toEqual(query);
    expect(parseQuery('{"status":["open"]}')).toEqual({ filter: { status: ['open'] }, sort: null });
  });

  it('says what is wrong with something else', () => {
    expect(() => parseQuery('hello')).toThrow(/neither a Session Desk link/);
    expect(() => parseQuery('[1]')).toThrow(/not an object/);
  });

  it('treats list order and empty keys as the same query', () => {
    const reordered = {
      filter: {
        channels: ['whatsapp' as const, 'web' as const],
        tags: [],
        custom_data: { seats: 40 },
      },
      sort: query.sort,
    };
    expect(sameQuery(query, reordered)).toBe(true);
    expect(sameQuery(query, { ...query, sort: { field: 'created_at', order: 'desc' } })).toBe(
      false,
    );
  });
});
