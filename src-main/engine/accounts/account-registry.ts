import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../src-shared/contract/app-error';
import type { AccountInfo, AccountsState } from '../../../src-shared/contract/results';
import type { SecretPort } from '../secrets/secret-port';
import type { StoredAccount, UserStore } from '../store/user-store';

const ACTIVE_KEY = 'accounts.active_id';

export interface NewAccount {
  name: string;
  base_url: string;
  scope_days: number | null;
  token: string;
}

/**
 * The OpenCX accounts side by side (issue 5, "Accounts"): their settings in the user database,
 * their tokens behind the secret port, their caches in `<dataDir>/accounts/<id>/`.
 */
export class AccountRegistry {
  constructor(
    private readonly users: UserStore,
    private readonly secrets: SecretPort,
    private readonly dataDir: string,
  ) {}

  cacheDir(id: string): string {
    return join(this.dataDir, 'accounts', id);
  }

  get(id: string): StoredAccount | null {
    return this.users.listAccounts().find((account) => account.id === id) ?? null;
  }

  activeId(): string | null {
    const stored = this.users.getSetting(ACTIVE_KEY);
    const accounts = this.users.listAccounts();
    if (typeof stored === 'string' && accounts.some((account) => account.id === stored)) {
      return stored;
    }
    return accounts[0]?.id ?? null;
  }

  setActive(id: string): void {
    this.require(id);
    this.users.setSetting(ACTIVE_KEY, id);
  }

  async state(): Promise<AccountsState> {
    const accounts = await Promise.all(this.users.listAccounts().map((a) => this.info(a)));
    return {
      accounts,
      active_id: this.activeId(),
      secret_storage: await this.secrets.describe(),
    };
  }

  async info(account: StoredAccount): Promise<AccountInfo> {
    return { ...account, has_token: (await this.secrets.get(account.id)) !== null };
  }

  /** Stores the token first: an account is never saved without the key it was added with. */
  async add(input: NewAccount, id: string = newAccountId(input.name)): Promise<StoredAccount> {
    const account: StoredAccount = {
      id,
      name: input.name,
      base_url: stripTrailingSlash(input.base_url),
      scope_days: input.scope_days,
    };
    await this.secrets.set(id, input.token);
    this.users.saveAccount(account);
    return account;
  }

  /** Creates or refreshes an account whose id is fixed (the one given by the environment). */
  ensure(account: StoredAccount): void {
    this.users.saveAccount({ ...account, base_url: stripTrailingSlash(account.base_url) });
  }

  async update(
    id: string,
    changes: Partial<Omit<StoredAccount, 'id'>> & { token?: string | undefined },
  ): Promise<StoredAccount> {
    const current = this.require(id);
    const { token, ...fields } = changes;
    const next: StoredAccount = {
      ...current,
      ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
    };
    next.base_url = stripTrailingSlash(next.base_url);
    if (token !== undefined) await this.secrets.set(id, token);
    this.users.saveAccount(next);
    return next;
  }

  /** Forgets the account: its settings, its keychain entry and its whole cache folder. */
  async remove(id: string): Promise<void> {
    this.require(id);
    await this.secrets.delete(id);
    this.users.deleteAccount(id);
    if (this.users.getSetting(ACTIVE_KEY) === id) this.users.setSetting(ACTIVE_KEY, null);
    await rm(this.cacheDir(id), { recursive: true, force: true });
  }

  private require(id: string): StoredAccount {
    const account = this.get(id);
    if (!account) throw new AppError('not_found', `There is no account with the id ${id}.`);
    return account;
  }
}

/** A readable, unique id: `acme-support-3f9a`. */
function newAccountId(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${slug || 'account'}-${randomBytes(2).toString('hex')}`;
}

function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
