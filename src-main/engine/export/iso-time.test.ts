import { describe, expect, it } from 'vitest';
import { isCanonicalUtcIso } from './iso-time';

// The CSV writes a time as it was sent exactly when parsing and rendering it would give the
// same text; every answer here is checked against Date itself.

const roundTrips = (text: string) => {
  const ms = Date.parse(text);
  return Number.isFinite(ms) && new Date(ms).toISOString() === text;
};

describe('isCanonicalUtcIso', () => {
  it.each([
    '2026-05-04T15:30:00.000Z',
    '2024-02-29T23:59:59.999Z',
    '2000-02-29T00:00:00.000Z',
    '0000-01-01T00:00:00.000Z',
    '9999-12-31T23:59:59.999Z',
    '2026-01-31T12:00:00.000Z',
  ])('takes %s as it is', (text) => {
    expect(isCanonicalUtcIso(text)).toBe(true);
    expect(roundTrips(text)).toBe(true);
  });

  it.each([
    '2026-02-29T00:00:00.000Z',
    '1900-02-29T00:00:00.000Z',
    '2026-02-30T00:00:00.000Z',
    '2026-04-31T00:00:00.000Z',
    '2026-01-01T24:00:00.000Z',
    '2026-13-01T00:00:00.000Z',
    '2026-00-10T00:00:00.000Z',
    '2026-05-04T15:30:00Z',
    '2026-05-04T15:30:00.000+00:00',
    '2026-05-04 15:30:00.000Z',
    '+002026-05-04T15:30:00.000Z',
    '2026-05-04T15:30:00.000Z ',
    'yesterday',
  ])('leaves %s to be parsed and rendered again', (text) => {
    expect(isCanonicalUtcIso(text)).toBe(false);
    if (roundTrips(text)) throw new Error(`${text} renders to itself after all`);
  });

  it('agrees with Date on every day of four years, a leap year and a century among them', () => {
    for (const year of [1900, 2000, 2024, 2026]) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= 31; day++) {
          const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T08:00:00.000Z`;
          expect(isCanonicalUtcIso(text), text).toBe(roundTrips(text));
        }
      }
    }
  });
});
