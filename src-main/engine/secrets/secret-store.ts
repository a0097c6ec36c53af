/** Where a store keeps tokens: the OS keychain, a safeStorage-encrypted file, or memory only. */
export type SecretStoreKind = 'keychain' | 'encrypted-file' | 'memory';

/** API tokens per account (profile id). Tokens never leave main: not to the page, logs or disk in clear. */
export interface SecretStore {
  readonly kind: SecretStoreKind;
  /** Why tokens are not in the OS keychain, in a sentence the UI can show; null when they are. */
  readonly caveat: string | null;
  get(accountId: string): Promise<string | null>;
  set(accountId: string, secret: string): Promise<void>;
  /** True when there was a token to delete. */
  delete(accountId: string): Promise<boolean>;
  /**
   * When the store found tokens it could no longer read and set them aside (a damaged file, a
   * token that no longer decrypts): what happened, in a sentence for the user; else null. Asking
   * checks the store. Absent: the store cannot lose tokens that way.
   */
  lostTokens?(): Promise<string | null>;
}

const ACCOUNT_ID = /^[a-z0-9-]{1,64}$/;
const MAX_SECRET_LENGTH = 8192;

export function checkAccountId(accountId: unknown): string {
  if (typeof accountId !== 'string' || !ACCOUNT_ID.test(accountId)) {
    throw new TypeError('accountId must be 1 to 64 lowercase letters, digits or dashes.');
  }
  return accountId;
}

export function checkSecret(secret: unknown): string {
  if (typeof secret !== 'string' || secret.length === 0 || secret.length > MAX_SECRET_LENGTH) {
    throw new TypeError(
      `secret must be a non-empty string of at most ${MAX_SECRET_LENGTH} characters.`,
    );
  }
  return secret;
}
