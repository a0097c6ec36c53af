// How many sessions one page of the local list may hold: the contract's `limit`, the query
// engine's check, the CLI's --limit and the renderer's reload all mean this number. Plain data,
// no zod, so any layer may use it at run time.

/** The most sessions one page of sessions.list returns. */
export const MAX_PAGE_SIZE = 500;

/** A page's size when the caller names none. */
export const DEFAULT_PAGE_SIZE = 100;

/** The deepest row a list call may start at (an offset jump): far past any cache's size. */
export const MAX_LIST_OFFSET = 100_000_000;
