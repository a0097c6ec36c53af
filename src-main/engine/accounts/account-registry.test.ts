import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openKey, sealKey } from '../secrets/bound-key';
import { createMemorySecretStore } from '../secrets/memory-secret-store';
import { secretPort } from '../secrets/secret-port';
import { openUserStore, type UserStore } from '../store/user-store';
import { AccountRegistry } from './account-registry';

const opened: UserStore[] = [];
afterEach(() => opened.splice(0).forEach((store) => store.close()));

function newRegistry() {
  const dataDir = mkdtempSync(join(tmpdir(), 'accounts-'));
  const { store } = openUserStore(join(dataDir, 'user.db'));
  opened.push(store);
  const secrets = secretPort(() => Promise.resolve(createMemorySecretStore(null)));
  return { registry: new AccountRegistry(store, secrets, dataDir), secrets, dataDir, store };
}

const acme = {
  name: 'Acme Support',
  base_url: 'https://api.open.cx/',
  scope_days: 90,
  token: 'ocx_live_acme',
};

describe('the account registry', () => {
  it('adds an account with a readable id, its token behind the secret port, never in the database', async () => {
    const { registry, secrets, store } = newRegistry();
    const account = await registry.add(acme);
    expect(account).toMatchObject({ name: 'Acme Support', base_url: 'https://api.open.cx' });
    expect(account.id).toMatch(/^acme-support-[0-9a-f]{4}$/);
    expect(await registry.tokenFor(account.id, 'https://api.open.cx')).toBe('ocx_live_acme');
    expect(openKey((await secrets.get(account.id))!)).toEqual({
      key: 'ocx_live_acme',
      baseUrl: 'https://api.open.cx',
    });
    const dump = JSON.stringify(store.db.prepare('SELECT * FROM accounts').all());
    expect(dump).not.toContain('ocx_live_acme');
    expect((await registry.state()).accounts).toEqual([{ ...account, has_token: true }]);
  });

  it('keeps several accounts side by side and remembers which is active', async () => {
    const { registry } = newRegistry();
    const first = await registry.add(acme);
    const second = await registry.add({
      ...acme,
      name: 'Staging',
      base_url: 'https://staging.example',
    });
    expect(registry.activeId()).toBe(first.id);
    registry.setActive(second.id);
    expect(registry.activeId()).toBe(second.id);
    expect(registry.cacheDir(first.id)).not.toBe(registry.cacheDir(second.id));
  });

  it('removing an account deletes its cache folder and its keychain entry', async () => {
    const { registry, secrets } = newRegistry();
    const account = await registry.add(acme);
    const cache = registry.cacheDir(account.id);
    mkdirSync(cache, { recursive: true });
    writeFileSync(join(cache, 'cache.db'), 'x');
    registry.setActive(account.id);
    await registry.remove(account.id);
    expect(existsSync(cache)).toBe(false);
    expect(await secrets.get(account.id)).toBeNull();
    expect(registry.get(account.id)).toBeNull();
    expect(registry.activeId()).toBeNull();
  });

  it('updates the token without touching the other fields', async () => {
    const { registry } = newRegistry();
    const account = await registry.add(acme);
    await registry.update(account.id, { token: 'ocx_live_rotated' });
    expect(await registry.tokenFor(account.id, account.base_url)).toBe('ocx_live_rotated');
    expect(registry.get(account.id)).toEqual({ ...account });
  });

  it('says so in a sentence when an account does not exist', async () => {
    const { registry } = newRegistry();
    await expect(registry.remove('nobody-0000')).rejects.toThrow(
      'There is no account with the id nobody-0000.',
    );
  });

  it('hands the stored key only to a client of the base URL it was entered for', async () => {
    const { registry } = newRegistry();
    const account = await registry.add(acme);
    expect(await registry.tokenFor(account.id, 'https://API.open.cx/')).toBe('ocx_live_acme');
    for (const elsewhere of [
      'https://evil.example',
      'https://api.open.cx/other',
      'http://127.0.0.1:9',
    ]) {
      await expect(registry.tokenFor(account.id, elsewhere)).rejects.toMatchObject({
        code: 'no_token',
        message: expect.stringContaining('was entered for https://api.open.cx, so it is not sent'),
      });
    }
    const provider = registry.tokenProvider(account.id, 'https://evil.example');
    await expect(provider.getToken()).rejects.toThrow(/not sent to https:\/\/evil\.example/);
  });

  it('refuses a new base URL without the key, and keeps both URL and key as they were', async () => {
    const { registry } = newRegistry();
    const account = await registry.add(acme);
    await expect(
      registry.update(account.id, { base_url: 'https://evil.example' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('enter the API key again together with the new base URL'),
    });
    expect(registry.get(account.id)?.base_url).toBe('https://api.open.cx');
    expect(await registry.tokenFor(account.id, 'https://api.open.cx')).toBe('ocx_live_acme');
    // The same URL written differently is no change.
    await registry.update(account.id, { base_url: 'https://api.open.cx/', name: 'Acme' });
    expect(registry.get(account.id)?.name).toBe('Acme');
  });

  it('binds a key entered with a new base URL to that URL only', async () => {
    const { registry } = newRegistry();
    const account = await registry.add(acme);
    await registry.update(account.id, { base_url: 'https://eu.open.cx', token: 'ocx_live_eu' });
    expect(await registry.tokenFor(account.id, 'https://eu.open.cx')).toBe('ocx_live_eu');
    await expect(registry.tokenFor(account.id, 'https://api.open.cx')).rejects.toThrow(
      /entered for https:\/\/eu\.open\.cx/,
    );
  });

  it('refuses plain http to another computer, for a new account and a changed one', async () => {
    const { registry, store } = newRegistry();
    await expect(registry.add({ ...acme, base_url: 'http://api.open.cx' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('must use https:// for api.open.cx'),
    });
    expect(store.listAccounts()).toEqual([]);
    const account = await registry.add(acme);
    await expect(
      registry.update(account.id, { base_url: 'http://10.1.2.3', token: 'ocx_live_acme' }),
    ).rejects.toThrow(/must use https:\/\/ for 10\.1\.2\.3/);
    const local = await registry.add({ ...acme, base_url: 'http://127.0.0.1:4010' });
    expect(await registry.tokenFor(local.id, 'http://127.0.0.1:4010')).toBe('ocx_live_acme');
  });

  it('never sends even a correctly bound key over plain http to another computer', async () => {
    const { registry, secrets, store } = newRegistry();
    // An account written before the rule existed, its key bound to its plain-http URL.
    store.saveAccount({
      id: 'old-0001',
      name: 'Old',
      base_url: 'http://intranet.example',
      scope_days: null,
    });
    await secrets.set('old-0001', sealKey('http://intranet.example', 'ocx_live_old'));
    await expect(registry.tokenFor('old-0001', 'http://intranet.example')).rejects.toThrow(
      /must use https:\/\//,
    );
    expect((await registry.state()).accounts[0]).toMatchObject({
      id: 'old-0001',
      has_token: false,
    });
  });

  it('takes a key stored before keys were bound as bound to its account’s URL', async () => {
    const { registry, secrets, store } = newRegistry();
    store.saveAccount({
      id: 'acme-0001',
      name: 'Acme',
      base_url: 'https://api.open.cx',
      scope_days: 90,
    });
    await secrets.set('acme-0001', 'ocx_live_bare');
    expect(await registry.tokenFor('acme-0001', 'https://api.open.cx')).toBe('ocx_live_bare');
    await expect(registry.tokenFor('acme-0001', 'https://evil.example')).rejects.toThrow(
      /not sent to https:\/\/evil\.example/,
    );
    await expect(
      registry.update('acme-0001', { base_url: 'https://evil.example' }),
    ).rejects.toThrow(/enter the API key again/);
  });
});
