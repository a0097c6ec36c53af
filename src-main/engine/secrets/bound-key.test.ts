import { describe, expect, it } from 'vitest';
import { keyForBaseUrl, KeyRefusedError, openKey, sealKey } from './bound-key';

describe('a key bound to its base URL', () => {
  it('keeps the key and the URL it was entered for in one stored value', () => {
    const stored = sealKey('https://API.open.cx/', 'ocx_live_key');
    expect(openKey(stored)).toEqual({ key: 'ocx_live_key', baseUrl: 'https://api.open.cx' });
    expect(openKey('ocx_live_bare')).toEqual({ key: 'ocx_live_bare', baseUrl: null });
  });

  it('stores a value no request could carry by mistake (it has spaces, which the client refuses)', () => {
    expect(sealKey('https://api.open.cx', 'ocx_live_key')).toMatch(/ /);
  });

  it('gives the key only for its own URL, and never over plain http to another computer', () => {
    const stored = sealKey('https://api.open.cx', 'ocx_live_key');
    expect(keyForBaseUrl(stored, 'https://api.open.cx/', null)).toBe('ocx_live_key');
    expect(() => keyForBaseUrl(stored, 'https://evil.example', null)).toThrow(KeyRefusedError);
    expect(() => keyForBaseUrl('bare', 'http://evil.example', null)).toThrow(/must use https/);
    expect(keyForBaseUrl(null, 'https://api.open.cx', null)).toBeNull();
  });

  it('binds a bare key from before to the URL given for it, or (CLI, no record) to none', () => {
    expect(keyForBaseUrl('bare', 'https://api.open.cx', 'https://api.open.cx/')).toBe('bare');
    expect(() => keyForBaseUrl('bare', 'https://evil.example', 'https://api.open.cx')).toThrow(
      /entered for https:\/\/api\.open\.cx/,
    );
    expect(keyForBaseUrl('bare', 'https://anywhere.example', null)).toBe('bare');
  });
});
