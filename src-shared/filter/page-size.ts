// How many sessions one page of the local list may hold: the contract's `limit`, the query
// engine's check, the CLI's --limit and the renderer's reload all mean this number. Plain data,
// no zod, so any layer may use it at run time.

/** The most sessions one page of sessions.list returns. */
export const MAX_PAGE_SIZE = 500;

/** A page's size when the caller names none. */
export const DEFAULT_PAGE_SIZE = 100;
