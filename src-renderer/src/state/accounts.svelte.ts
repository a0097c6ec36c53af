import type { AppErrorShape } from '../../../src-shared/contract/app-error';
import type { AccountInfo, AccountsState } from '../../../src-shared/contract/results';
import { call, describeError } from '../platform/call';
import { accountChanges, type AccountForm } from './account-keys';

export type { AccountForm } from './account-keys';

/** The OpenCX accounts, the active one, and where their tokens are kept. */
export class Accounts {
  state = $state<AccountsState | null>(null);
  busy = $state(false);
  error = $state<AppErrorShape | null>(null);

  active = $derived<AccountInfo | null>(
    this.state?.accounts.find((account) => account.id === this.state?.active_id) ?? null,
  );
  /** Accounts without a key that may be sent to their URL: the user must enter it (again). */
  needingKey = $derived<AccountInfo[]>(
    this.state?.accounts.filter((account) => !account.has_token) ?? [],
  );
  loaded = $derived(this.state !== null);
  none = $derived(this.state !== null && this.state.accounts.length === 0);

  // Listeners are plumbing, not state: nothing renders them, so a plain Set is right.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly switchedListeners = new Set<(previous: string | null) => void>();

  connect(): () => void {
    const off = window.api.on('accounts.changed', (state) => {
      this.state = state;
    });
    void this.run(() => call('accounts.list'), 'first read');
    return off;
  }

  /**
   * Called after the active account changed, with the one active before (null: none was), so
   * the views can reload from its cache. The page's first read of the accounts is no switch:
   * the page asks for the active account's query, views and status as it starts, and reading
   * them all again then held its first list behind a second round of calls.
   */
  onSwitched(listener: (previous: string | null) => void): () => void {
    this.switchedListeners.add(listener);
    return () => this.switchedListeners.delete(listener);
  }

  add(form: AccountForm): Promise<boolean> {
    this.error = null;
    return this.run(() =>
      call('accounts.add', {
        name: form.name,
        base_url: form.base_url,
        token: form.token,
        scope_days: form.scope_days ?? null,
      }),
    );
  }

  /** Saves an edited account: the changed fields, and the key when one was entered. */
  update(account: AccountInfo, form: AccountForm): Promise<boolean> {
    this.error = null;
    return this.run(() => call('accounts.update', accountChanges(account, form)));
  }

  switchTo(id: string): Promise<boolean> {
    return this.run(() => call('accounts.switch', { id }));
  }

  remove(id: string): Promise<boolean> {
    return this.run(() => call('accounts.remove', { id }));
  }

  clearError(): void {
    this.error = null;
  }

  private async run(
    action: () => Promise<AccountsState>,
    read: 'first read' | 'change' = 'change',
  ): Promise<boolean> {
    this.busy = true;
    try {
      const before = this.state?.active_id ?? null;
      this.state = await action();
      this.error = null;
      if (read === 'change' && before !== this.state.active_id) {
        for (const listener of this.switchedListeners) listener(before);
      }
      return true;
    } catch (error) {
      this.error = describeError(error);
      return false;
    } finally {
      this.busy = false;
    }
  }
}

export const accounts = new Accounts();
