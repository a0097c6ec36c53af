// Row ids listed by SQLite as one text, "12,40,41", instead of one JavaScript value per row:
// handing a value across costs about as much as FTS5 takes to find it, so for lists of tens or
// hundreds of thousands of rows `SELECT group_concat(rid) FROM (…)` and one pass over the text
// take about half the time of `.pluck().all()`.

/** `SELECT group_concat(…) FROM (inner)`: the inner query's first column as one text. */
export function rowIdListSql(inner: string, column = 'rid'): string {
  return `SELECT group_concat(${column}) FROM (${inner})`;
}

/** Calls `each` with every id in `text` (non-negative integers joined by commas; null: none). */
export function forEachRowId(text: string | null | undefined, each: (id: number) => void): void {
  if (!text) return;
  let id = 0;
  for (let at = 0; at <= text.length; at++) {
    const code = at < text.length ? text.charCodeAt(at) : 44;
    if (code === 44) {
      each(id);
      id = 0;
    } else {
      id = id * 10 + (code - 48);
    }
  }
}
