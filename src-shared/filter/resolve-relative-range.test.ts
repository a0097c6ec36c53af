import { describe, expect, it } from 'vitest';
import { resolveRelativeRange, startOfLocalDay, startOfLocalWeek } from './resolve-relative-range';
import { SessionFilterSchema } from './session-filter';

const at = (iso: string) => Date.parse(iso);

describe('relative date ranges', () => {
  it('rolls "the last N units" back from now', () => {
    const now = at('2025-03-10T12:00:00Z');
    expect(resolveRelativeRange({ within_last: { amount: 7, unit: 'days' } }, now)).toEqual({
      from: at('2025-03-03T12:00:00Z'),
      to: null,
    });
  });

  it('resolves calendar periods between local midnights of the saved time zone', () => {
    // 01:30 in Paris on Tuesday 11 March 2025 is still Monday 10 March in UTC.
    const now = at('2025-03-11T00:30:00Z');
    const paris = (period: 'today' | 'yesterday' | 'this_week' | 'this_month' | 'last_month') =>
      resolveRelativeRange({ calendar: { period, time_zone: 'Europe/Paris' } }, now);
    expect(paris('today')).toEqual({ from: at('2025-03-10T23:00:00Z'), to: null });
    expect(paris('yesterday')).toEqual({
      from: at('2025-03-09T23:00:00Z'),
      to: at('2025-03-10T23:00:00Z'),
    });
    expect(paris('this_week')).toEqual({ from: at('2025-03-09T23:00:00Z'), to: null });
    expect(paris('this_month')).toEqual({ from: at('2025-02-28T23:00:00Z'), to: null });
    expect(paris('last_month')).toEqual({
      from: at('2025-01-31T23:00:00Z'),
      to: at('2025-02-28T23:00:00Z'),
    });
    const utc = resolveRelativeRange({ calendar: { period: 'today', time_zone: 'UTC' } }, now);
    expect(utc).toEqual({ from: at('2025-03-11T00:00:00Z'), to: null });
  });

  it('finds midnight across a daylight-saving change', () => {
    // New York moved its clocks forward at 02:00 on 9 March 2025.
    const now = at('2025-03-09T18:00:00Z');
    const ny = (period: 'today' | 'yesterday') =>
      resolveRelativeRange({ calendar: { period, time_zone: 'America/New_York' } }, now);
    expect(ny('today').from).toBe(at('2025-03-09T05:00:00Z'));
    expect(ny('yesterday')).toEqual({
      from: at('2025-03-08T05:00:00Z'),
      to: at('2025-03-09T05:00:00Z'),
    });
    expect(startOfLocalDay(at('2025-03-10T12:00:00Z'), 'America/New_York')).toBe(
      at('2025-03-10T04:00:00Z'),
    );
  });

  it('refuses a time zone the computer does not know', () => {
    const bad = SessionFilterSchema.safeParse({
      created_at: { calendar: { period: 'today', time_zone: 'Mars/Olympus' } },
    });
    expect(bad.success).toBe(false);
    const good = SessionFilterSchema.safeParse({
      created_at: { calendar: { period: 'today', time_zone: 'Asia/Kolkata' } },
      sentiment: ['angry', 'none'],
    });
    expect(good.success).toBe(true);
  });
});

describe('local weeks', () => {
  it('start on the Monday of the local week', () => {
    // Sunday 9 March 2025, 23:30 in Tokyo is Sunday 14:30 UTC.
    expect(startOfLocalWeek(at('2025-03-09T14:30:00Z'), 'Asia/Tokyo')).toBe(
      at('2025-03-02T15:00:00Z'),
    );
    // Monday 10 March 00:30 in Tokyo is still Sunday in UTC.
    expect(startOfLocalWeek(at('2025-03-09T15:30:00Z'), 'Asia/Tokyo')).toBe(
      at('2025-03-09T15:00:00Z'),
    );
  });
});
