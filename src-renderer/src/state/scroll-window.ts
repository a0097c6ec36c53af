// The arithmetic of the session grid's windowing: which rows a scroll position shows, and where
// each goes. Chromium caps an element's height near 33.5 million px, so past MAX_SCROLL_PX the
// scroll space is scaled: the scrollbar still spans the whole result, and one physical pixel of
// scrolling moves `ratio` pixels through the rows.

/** Well under Chromium's ~33.5M px cap (and Firefox's ~17.9M), with room for the header. */
export const MAX_SCROLL_PX = 15_000_000;

export interface ScrollGeometry {
  /** Rows in the result. */
  total: number;
  rowHeight: number;
  /** Height of the visible body (px). */
  viewport: number;
  /** Height of the scroll space (px): total × rowHeight, capped at MAX_SCROLL_PX. */
  physical: number;
  /** Virtual px per physical px (1 while nothing is scaled). */
  ratio: number;
}

export function scrollGeometry(
  total: number,
  rowHeight: number,
  viewport: number,
  maxPx: number = MAX_SCROLL_PX,
): ScrollGeometry {
  const virtual = Math.max(0, total) * rowHeight;
  const physical = Math.min(virtual, maxPx);
  const travelVirtual = Math.max(0, virtual - viewport);
  const travelPhysical = Math.max(0, physical - viewport);
  const ratio = travelPhysical > 0 ? travelVirtual / travelPhysical : 1;
  return { total, rowHeight, viewport, physical, ratio };
}

/** The virtual offset (px into the rows) at a physical scrollTop. */
export function virtualTop(geometry: ScrollGeometry, scrollTop: number): number {
  const max = Math.max(0, geometry.total * geometry.rowHeight - geometry.viewport);
  return Math.min(max, Math.max(0, scrollTop * geometry.ratio));
}

/** The physical scrollTop that puts virtual offset `top` at the top of the viewport. */
export function scrollTopForVirtual(geometry: ScrollGeometry, top: number): number {
  return top / geometry.ratio;
}

export interface RowWindow {
  /** First row index rendered (overscan included). */
  start: number;
  /** One past the last row index rendered. */
  end: number;
  /** First row at least partly visible, and one past the last (no overscan): the position. */
  firstVisible: number;
  endVisible: number;
  /** Where row `start` goes, relative to the top of the viewport (px, ≤ 0). */
  offset: number;
}

/** The rows to render at `scrollTop`: the visible ones plus `overscan` on each side. */
export function rowWindow(geometry: ScrollGeometry, scrollTop: number, overscan = 4): RowWindow {
  const { total, rowHeight, viewport } = geometry;
  if (total === 0 || rowHeight <= 0) {
    return { start: 0, end: 0, firstVisible: 0, endVisible: 0, offset: 0 };
  }
  const top = virtualTop(geometry, scrollTop);
  const firstVisible = Math.min(total - 1, Math.floor(top / rowHeight));
  const endVisible = Math.min(total, Math.ceil((top + viewport) / rowHeight));
  const start = Math.max(0, firstVisible - overscan);
  const end = Math.min(total, endVisible + overscan);
  return { start, end, firstVisible, endVisible, offset: start * rowHeight - top };
}

/**
 * The physical scrollTop that brings row `index` fully into view with the least movement, or
 * null when it already is.
 */
export function scrollTopToReveal(
  geometry: ScrollGeometry,
  scrollTop: number,
  index: number,
): number | null {
  const { rowHeight, viewport } = geometry;
  const top = virtualTop(geometry, scrollTop);
  const rowTop = index * rowHeight;
  if (rowTop < top) return scrollTopForVirtual(geometry, rowTop);
  if (rowTop + rowHeight > top + viewport) {
    return scrollTopForVirtual(geometry, rowTop + rowHeight - viewport);
  }
  return null;
}

/** How many whole rows fit in the viewport (at least 1): the PageUp/PageDown step. */
export function rowsPerPage(geometry: ScrollGeometry): number {
  return Math.max(1, Math.floor(geometry.viewport / geometry.rowHeight));
}
