import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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
    expect(await secrets.get(account.id)).toBe('ocx_live_acme');
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
    const { registry, secrets } = newRegistry();
    const account = await registry.add(acme);
    await registry.update(account.id, { token: 'ocx_live_rotated' });
    expect(await secrets.get(account.id)).toBe('ocx_live_rotated');
    expect(registry.get(account.id)).toEqual({ ...account });
  });

  it('says so in a sentence when an account does not exist', async () => {
    const { registry } = newRegistry();
    await expect(registry.remove('nobody-0000')).rejects.toThrow(
      'There is no account with the id nobody-0000.',
    );
  });
});
