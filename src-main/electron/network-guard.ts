import type { Session } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/security/content-security-policy';

const WEB_URLS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'];

/**
 * The renderer talks to nothing but app:// and IPC (the engine does all networking, in its own
 * thread), so any web request from the page's session is cancelled. Should one ever be let
 * through, its response still carries the strict CSP.
 */
export function blockRendererNetwork(session: Session): void {
  session.webRequest.onBeforeRequest({ urls: WEB_URLS }, (_details, callback) =>
    callback({ cancel: true }),
  );
  session.webRequest.onHeadersReceived({ urls: WEB_URLS }, (details, callback) =>
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    }),
  );
}
