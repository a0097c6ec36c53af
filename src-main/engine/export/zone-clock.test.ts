import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/contract/app-error';
import { ZoneClock } from './zone-clock';

describe('ZoneClock', () => {
  it('gives the offset and local ISO time on both sides of a transition', () => {
    const berlin = new ZoneClock('Europe/Berlin');
    expect(berlin.localIso(Date.parse('2026-03-29T00:59:59.999Z'))).toBe(
      '2026-03-29T01:59:59.999+01:00',
    );
    expect(berlin.localIso(Date.parse('2026-03-29T01:00:00.000Z'))).toBe(
      '2026-03-29T03:00:00.000+02:00',
    );
    expect(berlin.localIso(Date.parse('2026-10-25T00:59:00.000Z'))).toBe(
      '2026-10-25T02:59:00.000+02:00',
    );
    expect(berlin.localIso(Date.parse('2026-10-25T01:00:00.000Z'))).toBe(
      '2026-10-25T02:00:00.000+01:00',
    );
  });

  it('handles negative and non-hour offsets', () => {
    expect(new ZoneClock('America/St_Johns').localIso(Date.parse('2026-01-01T12:00:00Z'))).toBe(
      '2026-01-01T08:30:00.000-03:30',
    );
    expect(new ZoneClock('Asia/Kathmandu').offsetMinutes(Date.parse('2026-01-01T00:00:00Z'))).toBe(
      345,
    );
    expect(new ZoneClock('UTC').localIso(0)).toBe('1970-01-01T00:00:00.000+00:00');
  });

  it('refuses a zone that does not exist, with a sentence', () => {
    expect(() => new ZoneClock('Mars/Olympus')).toThrow(AppError);
    expect(() => new ZoneClock('Mars/Olympus')).toThrow(
      'Time zone "Mars/Olympus" is not an IANA time zone such as Europe/Berlin or UTC.',
    );
  });
});
