import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RendererApi } from '../../../src-shared/contract/api';
import type { AccountInfo, AccountsState } from '../../../src-shared/contract/results';
import { accountChanges, keyRequired } from '../state/account-keys';
import { accounts } from '../state/accounts.svelte';
import AccountBar from './AccountBar.svelte';
import AccountForm from './AccountForm.svelte';

const acme: AccountInfo = {
  id: 'acme-1a2b',
  name: 'Acme',
  base_url: 'https://api.open.cx',
  scope_days: 90,
  has_token: true,
};
const beta: AccountInfo = { ...acme, id: 'beta-3c4d', name: 'Beta', has_token: false };

function state(list: AccountInfo[], lostKeys: string | null = null): AccountsState {
  return {
    accounts: list,
    active_id: list[0]?.id ?? null,
    secret_storage: { kind: 'encrypted-file', caveat: null, lost_keys: lostKeys },
  };
}

let updates: unknown[];

// jsdom has <dialog> without its methods.
HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
  this.open = true;
};
HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
  this.open = false;
};

beforeEach(() => {
  updates = [];
  window.api = {
    'accounts.update': (input: unknown) => {
      updates.push(input);
      return Promise.resolve({ ok: true, value: state([acme]) });
    },
  } as unknown as RendererApi;
  accounts.state = state([acme]);
});

afterEach(() => {
  cleanup();
  accounts.state = null;
});

describe('the API key in the account form', () => {
  it('is asked for again when the base URL of an account changes', async () => {
    render(AccountForm, { account: acme });
    const key = screen.getByLabelText('API key') as HTMLInputElement;
    expect(key.required).toBe(false);
    expect(key.placeholder).toBe('Leave empty to keep the stored key');

    await fireEvent.input(screen.getByLabelText('API base URL'), {
      target: { value: 'https://eu.open.cx' },
    });
    expect(key.required).toBe(true);
    expect(screen.getByText(/only ever sent to https:\/\/api\.open\.cx/).textContent).toContain(
      'Enter the API key again to use https://eu.open.cx',
    );

    await fireEvent.input(key, { target: { value: 'ocx_live_eu_key' } });
    await fireEvent.submit(screen.getByRole('form', { name: 'Edit Acme' }));
    await waitFor(() => expect(updates).toHaveLength(1));
    expect(updates[0]).toEqual({
      id: 'acme-1a2b',
      base_url: 'https://eu.open.cx',
      token: 'ocx_live_eu_key',
    });
  });

  it('sends neither key nor URL when only the name changes', async () => {
    render(AccountForm, { account: acme });
    await fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Acme EU' } });
    await fireEvent.submit(screen.getByRole('form', { name: 'Edit Acme' }));
    await waitFor(() => expect(updates).toEqual([{ id: 'acme-1a2b', name: 'Acme EU' }]));
  });

  it('is required for a new account, for one without a usable key, and for a new URL only', () => {
    expect(keyRequired(null, 'https://api.open.cx')).toBe(true);
    expect(keyRequired(beta, beta.base_url)).toBe(true);
    expect(keyRequired(acme, 'https://API.open.cx/')).toBe(false);
    expect(keyRequired(acme, 'https://api.open.cx/v2')).toBe(true);
    expect(
      accountChanges(acme, {
        name: 'Acme',
        base_url: 'https://api.open.cx/',
        token: '',
        scope_days: 90,
      }),
    ).toEqual({ id: 'acme-1a2b' });
  });
});

describe('the account bar', () => {
  it('lists the accounts that need their key again, and why', () => {
    accounts.state = state(
      [acme, beta, { ...beta, id: 'gamma-5e6f', name: 'Gamma' }],
      'The file that kept your API keys was damaged, so it was moved aside (/x/secrets.json.corrupt-1).',
    );
    render(AccountBar);
    const notice = screen.getByRole('status', { name: 'Accounts that need their API key' });
    expect(notice.textContent).toContain('The file that kept your API keys was damaged');
    expect(notice.textContent).toContain('These accounts need their API key again:');
    expect(screen.getByRole('button', { name: 'Enter the key for Beta' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Enter the key for Gamma' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Enter the key for Acme' })).toBeNull();
  });

  it('opens the form for that account, with the key required, from the notice', async () => {
    accounts.state = state([acme, beta]);
    render(AccountBar);
    await fireEvent.click(screen.getByRole('button', { name: 'Enter the key for Beta' }));
    const form = await screen.findByRole('form', { name: 'Edit Beta' });
    const key = form.querySelector('input[type="password"]') as HTMLInputElement;
    expect(key.required).toBe(true);
    expect(form.textContent).toContain('This account has no usable API key: enter it again.');
  });

  it('shows no such notice when every account has its key', () => {
    render(AccountBar);
    expect(screen.queryByRole('status', { name: 'Accounts that need their API key' })).toBeNull();
  });
});
