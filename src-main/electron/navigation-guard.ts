import type { WebContents } from 'electron';
import { isAllowedExternalUrl } from './external-links';

export type OpenExternal = (url: string) => Promise<unknown>;

/**
 * The page is a single-page app that never needs to leave app://session-desk: every navigation
 * and every new window is refused. A window.open of an allow-listed https link is handed to the
 * system browser instead; anything else is dropped.
 */
export function guardNavigation(contents: WebContents, openExternal: OpenExternal): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) {
      openExternal(url).catch((error: unknown) => {
        console.error(`session-desk: could not open ${url} in the browser: ${String(error)}`);
      });
    }
    return { action: 'deny' };
  });
}
