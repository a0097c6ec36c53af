import { describe, expect, it } from 'vitest';
import { AccountAddInputSchema, AccountUpdateInputSchema } from '../contract/channels';
import { baseUrlProblem, isLoopbackHost, normalizeBaseUrl } from './base-url';

describe('where an API key may be sent (the base URL rule)', () => {
  it('accepts https anywhere and plain http only to this computer', () => {
    for (const url of [
      'https://api.open.cx',
      'https://staging.example:8443/api',
      'http://127.0.0.1:4010',
      'http://127.8.9.10',
      'http://localhost:3000',
      'http://[::1]:8080',
      // The URL parser writes these as 127.0.0.1 before the rule looks.
      'http://2130706433',
      'http://0x7f.1',
    ]) {
      expect(baseUrlProblem(url), url).toBeNull();
    }
  });

  it('refuses plain http to any other host, in a sentence that says why', () => {
    for (const url of [
      'http://api.open.cx',
      'http://10.0.0.5',
      'http://128.0.0.1',
      'http://localhost.evil.example',
      'http://127.0.0.1.nip.io',
      'http://[::2]',
    ]) {
      expect(baseUrlProblem(url), url).toMatch(/must use https:\/\/.*only for this computer/);
    }
  });

  it('refuses other schemes, user names in the URL and what is not a URL', () => {
    expect(baseUrlProblem('ftp://api.open.cx')).toMatch(/must start with https:\/\//);
    expect(baseUrlProblem('https://me:pw@api.open.cx')).toMatch(/user name or password/);
    expect(baseUrlProblem('api.open.cx')).toMatch(/is not a URL/);
  });

  it('knows the loopback hosts by name and number only', () => {
    expect(isLoopbackHost('LOCALHOST')).toBe(true);
    expect(isLoopbackHost('127.255.255.255')).toBe(true);
    expect(isLoopbackHost('127.256.0.1')).toBe(false);
    expect(isLoopbackHost('example.com')).toBe(false);
  });

  it('compares URLs in one written form', () => {
    expect(normalizeBaseUrl('HTTPS://API.Open.CX:443/')).toBe('https://api.open.cx');
    expect(normalizeBaseUrl('https://api.open.cx/v1/')).toBe('https://api.open.cx/v1');
  });

  it('is part of the accounts contract, so every transport refuses plain http to another host', () => {
    const add = AccountAddInputSchema.safeParse({
      name: 'Acme',
      base_url: 'http://api.open.cx',
      token: 'ocx_live_acme_key',
    });
    expect(add.success).toBe(false);
    expect(add.error?.issues[0]?.message).toMatch(/must use https:\/\/ for api\.open\.cx/);
    const update = AccountUpdateInputSchema.safeParse({
      id: 'acme-1234',
      base_url: 'http://192.168.1.20:8080',
    });
    expect(update.success).toBe(false);
    expect(
      AccountAddInputSchema.safeParse({
        name: 'Fake',
        base_url: 'http://127.0.0.1:4010',
        token: 'ocx_test_token',
      }).success,
    ).toBe(true);
  });
});
