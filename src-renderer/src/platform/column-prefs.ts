// Where the grid's column choice is remembered, per account.

const KEY = (accountId: string) => `session-desk:columns:${accountId}`;

export function loadColumnPrefs(accountId: string): Promise<unknown> {
  try {
    const text = window.localStorage.getItem(KEY(accountId));
    return Promise.resolve(text ? (JSON.parse(text) as unknown) : null);
  } catch {
    return Promise.resolve(null);
  }
}

export function saveColumnPrefs(accountId: string, prefs: unknown): Promise<void> {
  try {
    window.localStorage.setItem(KEY(accountId), JSON.stringify(prefs));
  } catch {
    // Storage full or refused: the choice lasts until the page closes.
  }
  return Promise.resolve();
}
