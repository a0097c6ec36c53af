import { describe, expect, it } from 'vitest';
import { DESKTOP_SYNC_MINUTES, desktopEngineConfig } from './desktop-engine-config';

describe('the desktop engine settings', () => {
  it('keeps everything under userData and syncs every few minutes', () => {
    expect(desktopEngineConfig('/home/a/.config/Session Desk', {})).toEqual({
      dataDir: '/home/a/.config/Session Desk',
      requestsPerMinute: 100,
      autoSyncMinutes: DESKTOP_SYNC_MINUTES,
      environmentAccount: null,
    });
  });

  it('opens on the account OPENCX_BASE_URL names, for demos and tests', () => {
    const config = desktopEngineConfig('/u', { OPENCX_BASE_URL: 'http://127.0.0.1:4010' });
    expect(config.environmentAccount).toEqual({
      name: 'OpenCX (environment)',
      base_url: 'http://127.0.0.1:4010',
      scope_days: null,
    });
  });

  it('says which setting is wrong when OPENCX_BASE_URL is not an http(s) URL', () => {
    expect(() => desktopEngineConfig('/u', { OPENCX_BASE_URL: 'ftp://x' })).toThrow(
      /environmentAccount\.base_url/,
    );
  });
});
