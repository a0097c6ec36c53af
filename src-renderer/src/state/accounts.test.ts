import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RendererApi } from '../../../src-shared/contract/api';
import type { AccountsState } from '../../../src-shared/contract/results';
import { Accounts } from './accounts.svelte';

// A switch makes the page read the account's query, views and status again. The page already
// reads them as it starts, so its first read of the accounts must not count as one: reading
// everything twice held the first list behind a second round of engine calls.

function stateWith(activeId: string | null): AccountsState {
  const account = (id: string) => ({
    id,
    name: id,
    base_url: 'https://api.open.cx',
    scope_days: null,
    has_token: true,
  });
  return {
    accounts: activeId === null ? [] : [account('acme'), account('globex')],
    active_id: activeId,
    secret_storage: { kind: 'keychain', caveat: null, lost_keys: null },
  };
}

let active: string | null;
let disconnect: () => void;

beforeEach(() => {
  active = 'acme';
  window.api = {
    'accounts.list': () => Promise.resolve({ ok: true, value: stateWith(active) }),
    'accounts.switch': ({ id }: { id: string }) => {
      active = id;
      return Promise.resolve({ ok: true, value: stateWith(active) });
    },
    'accounts.add': () => {
      active = 'acme';
      return Promise.resolve({ ok: true, value: stateWith(active) });
    },
    on: () => () => undefined,
  } as unknown as RendererApi;
});

afterEach(() => disconnect());

async function connectedAccounts(): Promise<{ accounts: Accounts; switches: (string | null)[] }> {
  const accounts = new Accounts();
  const switches: (string | null)[] = [];
  accounts.onSwitched((previous) => switches.push(previous));
  disconnect = accounts.connect();
  await expect.poll(() => accounts.state?.active_id).toBe(active);
  return { accounts, switches };
}

describe('the accounts state', () => {
  it('does not call the first read of the accounts at start-up a switch', async () => {
    const { switches } = await connectedAccounts();
    expect(switches).toEqual([]);
  });

  it('calls a change of the active account a switch, naming the account active before', async () => {
    const { accounts, switches } = await connectedAccounts();
    expect(await accounts.switchTo('globex')).toBe(true);
    expect(accounts.state?.active_id).toBe('globex');
    expect(switches).toEqual(['acme']);
  });

  it('calls the first account added to an empty app a switch from none', async () => {
    active = null;
    const { accounts, switches } = await connectedAccounts();
    const added = await accounts.add({
      name: 'Acme',
      base_url: 'https://api.open.cx',
      token: 'ocx_live_acme',
      scope_days: null,
    });
    expect(added).toBe(true);
    expect(accounts.state?.active_id).toBe('acme');
    expect(switches).toEqual([null]);
  });

  it('does not call a change that keeps the active account a switch', async () => {
    const { accounts, switches } = await connectedAccounts();
    expect(await accounts.switchTo('acme')).toBe(true);
    expect(switches).toEqual([]);
  });
});
