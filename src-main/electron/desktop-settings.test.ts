import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT, readDesktopSettings } from './desktop-settings';

const userData = () => mkdtemp(join(tmpdir(), 'desktop-settings-'));

describe('readDesktopSettings', () => {
  it('opens the default account with its cache under userData/accounts/<id> when nothing is set', async () => {
    const dir = await userData();
    expect(await readDesktopSettings(dir, {})).toEqual({
      account: DEFAULT_ACCOUNT,
      dataDir: join(dir, 'accounts', 'default'),
      tokenFromEnvironment: null,
    });
  });

  it('reads the account from settings.json', async () => {
    const dir = await userData();
    const account = { id: 'acme', name: 'Acme support', baseUrl: 'https://api.open.cx' };
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ account }));
    expect(await readDesktopSettings(dir, {})).toMatchObject({
      account,
      dataDir: join(dir, 'accounts', 'acme'),
    });
  });

  it('lets OPENCX_BASE_URL and OPENCX_API_TOKEN override the settings, for demos and tests', async () => {
    const dir = await userData();
    const settings = await readDesktopSettings(dir, {
      OPENCX_BASE_URL: 'http://127.0.0.1:4010',
      OPENCX_API_TOKEN: 'tok',
    });
    expect(settings.account.baseUrl).toBe('http://127.0.0.1:4010');
    expect(settings.tokenFromEnvironment).toBe('tok');
  });

  it('names the offending field of a settings file that does not fit', async () => {
    const dir = await userData();
    await writeFile(
      join(dir, 'settings.json'),
      JSON.stringify({ account: { id: 'Bad Id', name: 'x', baseUrl: 'https://a.example' } }),
    );
    await expect(readDesktopSettings(dir, {})).rejects.toThrow(/account\.id/);
    await writeFile(join(dir, 'settings.json'), '{ nope');
    await expect(readDesktopSettings(dir, {})).rejects.toThrow(/not valid JSON/);
    await expect(
      readDesktopSettings(await userData(), { OPENCX_BASE_URL: 'ftp://x' }),
    ).rejects.toThrow(/baseUrl/);
  });
});
