// Where the renderer lives: a privileged custom scheme, never file://, so the page has a real
// origin for the CSP's 'self' and the IPC sender check has something exact to compare against.
export const APP_SCHEME = 'app';
export const APP_HOST = 'session-desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Whether a URL belongs to our app:// origin. Compared field by field: for a non-special scheme
 * Node's URL reports the origin as "null", and a prefix test would let app://session-desk.evil in.
 */
export function isAppUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === `${APP_SCHEME}:` &&
    url.host === APP_HOST &&
    url.username === '' &&
    url.password === ''
  );
}
