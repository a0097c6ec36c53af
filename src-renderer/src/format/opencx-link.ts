// Where a session lives in the OpenCX dashboard. The desktop app opens only allow-listed https
// links (src-main/electron/external-links.ts lists app.open.cx) in the system browser.
export const OPENCX_DASHBOARD = 'https://app.open.cx';

export function sessionUrl(id: string): string {
  return `${OPENCX_DASHBOARD}/sessions/${encodeURIComponent(id)}`;
}

/** At most this many sessions open in the browser at once. */
export const MAX_OPEN_AT_ONCE = 10;
