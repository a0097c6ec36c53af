import { describe, expect, it } from 'vitest';
import { describeSecretStorage, explainError } from './error-sentence';

describe('error sentences', () => {
  it('never shows transport detail for an unreachable OpenCX', () => {
    const sentence = explainError({
      code: 'offline',
      message: 'Could not reach OpenCX for POST /chat/sessions/filter (ECONNREFUSED).',
    });
    expect(sentence).not.toMatch(/ECONNREFUSED|POST/);
    expect(sentence).toMatch(/^Could not reach OpenCX\./);
    expect(sentence).toMatch(/cache/);
  });

  it('says what to do for a rejected key and a failing server', () => {
    expect(explainError({ code: 'auth_rejected', message: '401' })).toMatch(/Edit the account/);
    expect(explainError({ code: 'server_error', message: 'HTTP 502 Bad Gateway' })).toMatch(
      /try Sync now again/,
    );
  });

  it('explains a gone local host rather than echoing the fetch error', () => {
    const sentence = explainError({
      code: 'internal',
      message: "Session Desk's local host did not answer (TypeError: Failed to fetch).",
    });
    expect(sentence).not.toMatch(/TypeError/);
    expect(sentence).toMatch(/Start Session Desk again/);
  });

  it('keeps the engine’s own sentences where they are already sentences', () => {
    expect(explainError({ code: 'busy', message: 'The cache is in use by the CLI.' })).toBe(
      'The cache is in use by the CLI.',
    );
  });

  it('says where the key went without the keychain library’s words', () => {
    const text = describeSecretStorage({
      kind: 'memory',
      caveat: 'Cannot autolaunch D-Bus without X11 $DISPLAY',
      lost_keys: null,
    });
    expect(text).not.toMatch(/D-Bus/);
    expect(text).toMatch(/keychain is not available/);
    expect(describeSecretStorage({ kind: 'keychain', caveat: null, lost_keys: null })).toBeNull();
  });
});
