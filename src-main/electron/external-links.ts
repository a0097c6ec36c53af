import type { Shell } from 'electron';

// The only places a link may take the user: the OpenCX dashboard, opened in the system browser.
export const EXTERNAL_LINK_HOSTS: readonly string[] = ['app.open.cx', 'open.cx', 'docs.open.cx'];

/** https only, no credentials, no odd port, and an exact host from the allow-list. */
export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    EXTERNAL_LINK_HOSTS.includes(url.hostname)
  );
}

/**
 * The one place the app calls shell.openExternal: only for an allow-listed URL, checked right
 * here. Returns whether the link was handed to the system browser.
 */
export async function openExternalIfAllowed(
  shell: Pick<Shell, 'openExternal'>,
  url: string,
): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) return false;
  // Electronegativity OPEN_EXTERNAL_JS_CHECK: allowed, the URL was checked on the line above.
  await shell.openExternal(url, { activate: true });
  return true;
}
