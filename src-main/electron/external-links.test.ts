import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl, openExternalIfAllowed } from './external-links';

describe('isAllowedExternalUrl', () => {
  it('allows https links to the OpenCX dashboard and docs', () => {
    expect(isAllowedExternalUrl('https://app.open.cx/sessions/42?tab=chat')).toBe(true);
    expect(isAllowedExternalUrl('https://docs.open.cx/')).toBe(true);
  });

  it.each([
    ['plain http', 'http://app.open.cx/'],
    ['a look-alike host', 'https://app.open.cx.evil.example/'],
    ['a sub-domain not listed', 'https://evil.app.open.cx/'],
    ['credentials in the URL', 'https://user:pw@app.open.cx/'],
    ['an explicit port', 'https://app.open.cx:8443/'],
    ['a file URL', 'file:///etc/passwd'],
    ['javascript:', 'javascript:alert(1)'],
    ['not a URL at all', 'app.open.cx'],
  ])('refuses %s', (_case, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});

describe('openExternalIfAllowed', () => {
  it('hands only allow-listed links to the system browser', async () => {
    const opened: string[] = [];
    const shell = {
      openExternal: async (url: string) => {
        opened.push(url);
      },
    };
    expect(await openExternalIfAllowed(shell, 'https://app.open.cx/')).toBe(true);
    expect(await openExternalIfAllowed(shell, 'https://evil.example/')).toBe(false);
    expect(opened).toEqual(['https://app.open.cx/']);
  });
});
