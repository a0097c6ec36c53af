import { describe, expect, it } from 'vitest';
import { parseWebHostArgs } from './web-host-args';

// The web host's settings; here only the test-only clock, which the e2e specs use to open a
// cache "on another day" (e2e/relative-date-views.spec.ts).

const env = { SESSION_DESK_DATA_DIR: '/tmp/session-desk-args-test' };

describe('--test-now', () => {
  it('sets the engine clock so that it reads the given instant now', () => {
    const before = Date.now();
    const { engine } = parseWebHostArgs(['--test-now', '2026-03-10T13:00:00Z'], env);
    const after = Date.now();
    const offset = engine.clockOffsetMs ?? 0;
    // The engine's clock is Date.now() + offset: at parse time it read 2026-03-10T13:00:00Z.
    expect(before + offset).toBeLessThanOrEqual(Date.parse('2026-03-10T13:00:00Z'));
    expect(after + offset).toBeGreaterThanOrEqual(Date.parse('2026-03-10T13:00:00Z'));
  });

  it('leaves the system clock alone when not given', () => {
    expect(parseWebHostArgs([], env).engine.clockOffsetMs).toBeUndefined();
  });

  it('refuses what is not an instant, with a sentence', () => {
    expect(() => parseWebHostArgs(['--test-now', 'next tuesday'], env)).toThrow(
      '--test-now must be an ISO 8601 instant, e.g. 2026-03-10T13:00:00Z.',
    );
  });
});
