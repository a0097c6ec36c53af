import { baseUrlProblem, normalizeBaseUrl } from '../../../src-shared/opencx/base-url';

// An API key is stored together with the base URL it was entered for, in one secret-store value,
// so the two can never drift apart: whoever reads the key reads where it may go. The value holds
// spaces on purpose: the API client refuses to send a key with spaces, so code that forgot to open
// the value could never put it, URL and all, into a request.

const PREFIX = 'session-desk-key/1';

/** The value to keep in the secret store for `key`, entered for `baseUrl`. */
export function sealKey(baseUrl: string, key: string): string {
  return `${PREFIX} ${normalizeBaseUrl(baseUrl)} ${key}`;
}

export interface OpenedKey {
  key: string;
  /** The base URL the key was entered for; null for a key stored before keys were bound. */
  baseUrl: string | null;
}

/** Reads a stored value: a sealed key, or a bare key from before keys were bound to a URL. */
export function openKey(stored: string): OpenedKey {
  if (!stored.startsWith(`${PREFIX} `)) return { key: stored, baseUrl: null };
  const rest = stored.slice(PREFIX.length + 1);
  const space = rest.indexOf(' ');
  if (space <= 0) return { key: '', baseUrl: rest };
  return { key: rest.slice(space + 1), baseUrl: rest.slice(0, space) };
}

/**
 * The key in `stored`, only if it may go to `baseUrl`: a sealed key only to the URL it was sealed
 * with; a bare key from before only to `legacyBaseUrl` (the URL its account had when keys were not
 * yet bound; for the CLI, which has no account record, null: whatever --base-url says, as before).
 * Never to a URL the base-URL rule refuses (plain http to another computer).
 * Returns null when there is no key; throws KeyRefusedError, with a sentence, when there is one
 * that may not go there.
 */
export function keyForBaseUrl(
  stored: string | null,
  baseUrl: string,
  legacyBaseUrl: string | null,
): string | null {
  if (stored === null) return null;
  const problem = baseUrlProblem(baseUrl);
  if (problem !== null) throw new KeyRefusedError(`The API key is not sent: ${problem}`);
  const opened = openKey(stored);
  const boundTo =
    opened.baseUrl ?? (legacyBaseUrl === null ? null : normalizeBaseUrl(legacyBaseUrl));
  const askedFor = normalizeBaseUrl(baseUrl);
  if (boundTo !== null && boundTo !== askedFor) {
    throw new KeyRefusedError(
      `The stored API key was entered for ${boundTo}, so it is not sent to ${askedFor}; enter the key again for ${askedFor}.`,
    );
  }
  return opened.key === '' ? null : opened.key;
}

/** A stored key that may not go where it was asked for; the message says why. */
export class KeyRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyRefusedError';
  }
}
