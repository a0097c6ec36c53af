// Where a session lives in the OpenCX dashboard. The desktop app opens only allow-listed https
// links (src-main/electron/external-links.ts lists app.open.cx) in the system browser.
//
// ASSUMED, not documented: the OpenCX API reference (/work/shared/opencx-api.md) describes the
// API at https://api.open.cx only and says nothing about the dashboard's address or its URL for
// one session. `https://app.open.cx/sessions/{id}` is a guess at that address; this file is the
// one place that makes it, so a documented or observed form replaces it here alone.
export const OPENCX_DASHBOARD = 'https://app.open.cx';

export function sessionUrl(id: string): string {
  return `${OPENCX_DASHBOARD}/sessions/${encodeURIComponent(id)}`;
}

/** At most this many sessions open in the browser at once. */
export const MAX_OPEN_AT_ONCE = 10;
