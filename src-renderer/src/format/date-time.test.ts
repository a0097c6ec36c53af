import { describe, expect, it } from 'vitest';
import { formatAgo } from './date-time';

describe('formatAgo', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');

  it('says "just now" under a minute', () => {
    expect(formatAgo('2026-11-25T11:59:30Z', now)).toBe('just now');
  });

  it('counts in the largest whole unit', () => {
    expect(formatAgo('2026-11-25T09:00:00Z', now)).toMatch(/3 hours ago/);
    expect(formatAgo('2026-11-23T12:00:00Z', now)).toMatch(/2 days ago/);
  });
});
