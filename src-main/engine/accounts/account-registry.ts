import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../src-shared/contract/app-error';
import type { AccountInfo, AccountsState } from '../../../src-shared/contract/results';
import { baseUrlProblem, normalizeBaseUrl } from '../../../src-shared/opencx/base-url';
import type { TokenProvider } from '../api/opencx-client';
import { KeyRefusedError, keyForBaseUrl, sealKey } from '../secrets/bound-key';
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
      // After the keys were read: a damaged store is found (and reported) by reading it.
      secret_storage: await this.secrets.describe(),
    };
  }

  /** has_token: a key is stored that may be sent to the account's base URL. */
  async info(account: StoredAccount): Promise<AccountInfo> {
    let usable: boolean;
    try {
      usable = (await this.tokenFor(account.id, account.base_url)) !== null;
    } catch {
      // A key meant for another URL, or a store that cannot be read: the user enters it again.
      usable = false;
    }
    return { ...account, has_token: usable };
  }

  /**
   * The account's key, for a client whose requests go to `baseUrl`, and only if the key was
   * entered for that URL (and the URL is one a key may travel to). Every request asks here.
   */
  async tokenFor(id: string, baseUrl: string): Promise<string | null> {
    const account = this.get(id);
    if (!account) return null;
    const stored = await this.secrets.get(id);
    try {
      // A key stored before keys were bound belongs to the URL its account has kept since.
      return keyForBaseUrl(stored, baseUrl, account.base_url);
    } catch (error) {
      if (!(error instanceof KeyRefusedError)) throw error;
      throw new AppError('no_token', `${account.name}: ${error.message}`);
    }
  }

  /** What a session's API client asks for its key: bound to the base URL the client calls. */
  tokenProvider(id: string, baseUrl: string): TokenProvider {
    return { getToken: () => this.tokenFor(id, baseUrl) };
  }

  /** Stores the token first: an account is never saved without the key it was added with. */
  async add(input: NewAccount, id: string = newAccountId(input.name)): Promise<StoredAccount> {
    const account: StoredAccount = {
      id,
      name: input.name,
      base_url: usableBaseUrl(input.base_url),
      scope_days: input.scope_days,
    };
    await this.secrets.set(id, sealKey(account.base_url, input.token));
    this.users.saveAccount(account);
    return account;
  }

  /** Creates or refreshes an account whose id is fixed (the one given by the environment). */
  ensure(account: StoredAccount): void {
    this.users.saveAccount({ ...account, base_url: normalizeBaseUrl(account.base_url) });
  }

  /**
   * Changes an account's settings. A new base URL needs the key again: a stored key is only
   * ever sent to the URL it was entered with.
   */
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
    next.base_url = normalizeBaseUrl(next.base_url);
    if (next.base_url !== normalizeBaseUrl(current.base_url)) {
      next.base_url = usableBaseUrl(next.base_url);
      if (token === undefined) throw keyNeededForNewUrl(current, next.base_url);
    }
    if (token !== undefined) await this.secrets.set(id, sealKey(next.base_url, token));
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

/** The URL as stored, or invalid_input with the rule's sentence (http only to this computer). */
function usableBaseUrl(url: string): string {
  const problem = baseUrlProblem(url);
  if (problem !== null) throw new AppError('invalid_input', problem);
  return normalizeBaseUrl(url);
}

export function keyNeededForNewUrl(account: StoredAccount, newUrl: string): AppError {
  return new AppError(
    'invalid_input',
    `The API key of ${account.name} is only ever sent to ${normalizeBaseUrl(account.base_url)}, the address it was entered for. To use ${normalizeBaseUrl(newUrl)}, enter the API key again together with the new base URL.`,
  );
}
