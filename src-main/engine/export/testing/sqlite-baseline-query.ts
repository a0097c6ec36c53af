// What `sqlite3 -csv` runs to write the same columns as an export, in the export's default
// order: the floor the export is compared with, by its memory test and by the export bench.

/** The SQL for `sqlite3 -csv` writing the export's columns, in the export's (default) order. */
export function sqliteBaselineQuery(columns: readonly string[]): string {
  const expression = (column: string) => {
    if (column === 'tags') {
      return "(SELECT group_concat(tag_name, ', ') FROM session_tags WHERE session_rid = s.rid)";
    }
    if (column === 'last_message_at') {
      return "strftime('%Y-%m-%dT%H:%M:%fZ', s.last_message_at_ms / 1000.0, 'unixepoch')";
    }
    const family = ['contact.custom_data.', 'custom_data.'].find((p) => column.startsWith(p));
    const path = family ? `$.${family}"${column.slice(family.length)}"` : `$.${column}`;
    return `json_extract(d.raw, '${path}')`;
  };
  return `SELECT ${columns.map((c) => `${expression(c)} AS "${c}"`).join(', ')}
    FROM sessions s JOIN session_documents d ON d.rid = s.rid
    ORDER BY s.sort_last_ms DESC, s.id DESC`;
}
