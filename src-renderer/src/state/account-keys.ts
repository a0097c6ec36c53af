import type { InputOf } from '../../../src-shared/contract/channels';
import type { AccountInfo } from '../../../src-shared/contract/results';

// The account form's rules about the API key, apart from any component so they can be tested
// as plain functions.

export interface AccountForm {
  name: string;
  base_url: string;
  token: string;
  /** From a number field: empty (null or undefined) means sync everything at once. */
  scope_days: number | null | undefined;
}

/** Two spellings of one base URL (case of the host, a trailing slash) are the same URL. */
export function sameBaseUrl(a: string, b: string): boolean {
  const normal = (url: string) => {
    try {
      return new URL(url.trim()).href.replace(/\/+$/, '');
    } catch {
      return url.trim().replace(/\/+$/, '');
    }
  };
  return normal(a) === normal(b);
}

/**
 * Whether the form must have the API key: always for a new account; for an existing one when it
 * has no usable key, or when its base URL changes (a stored key only ever goes to the URL it
 * was entered for).
 */
export function keyRequired(account: AccountInfo | null, baseUrl: string): boolean {
  return account === null || !account.has_token || !sameBaseUrl(account.base_url, baseUrl);
}

/** What accounts.update needs: the id, and only the fields that changed (the key when given). */
export function accountChanges(
  account: AccountInfo,
  form: AccountForm,
): InputOf<'accounts.update'> {
  const changes: InputOf<'accounts.update'> = { id: account.id };
  if (form.name.trim() !== account.name) changes.name = form.name;
  if (!sameBaseUrl(form.base_url, account.base_url)) changes.base_url = form.base_url.trim();
  const scope = form.scope_days ?? null;
  if (scope !== account.scope_days) changes.scope_days = scope;
  if (form.token.trim() !== '') changes.token = form.token;
  return changes;
}
