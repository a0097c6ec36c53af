// The export's catalogue as plain data (no zod, no Node): the formats, their file extensions and
// media types, and the columns a CSV or XLSX export can hold. The contract's schema checks
// requests against it, the engine plans columns from it, a CLI's `--help` and the renderer's
// column chooser list it (scripts/layers/layer-table.js lets the renderer import it at run time).
//
// Column naming: a column is the dotted path of its field in the session object as the API returns
// it (`contact.email`, `team.name`, `ticketing_system.external_id`, `channel.type`). Custom data
// becomes one column per key, `custom_data.<key>`, `contact.custom_data.<key>` and
// `contact.non_verified_custom_data.<key>` (the key is everything after the prefix, dots
// included). Three columns come from what the cache learnt rather than the session object:
// `tags`, `last_message_at` and `transcript`.

export const EXPORT_FORMATS = ['csv', 'xlsx', 'json', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFormatInfo {
  format: ExportFormat;
  /** For a dialog or `--help`. */
  label: string;
  /** Without the dot. */
  extension: string;
  /** For a web download's Content-Type. */
  mediaType: string;
  /** Whether the column selection applies (JSON formats write whole session objects). */
  tabular: boolean;
}

/** What a save dialog, a CLI and a web download need to know about each format. */
export const EXPORT_FORMAT_INFO: Readonly<Record<ExportFormat, ExportFormatInfo>> = {
  csv: {
    format: 'csv',
    label: 'CSV (comma-separated, UTF-8)',
    extension: 'csv',
    mediaType: 'text/csv; charset=utf-8',
    tabular: true,
  },
  xlsx: {
    format: 'xlsx',
    label: 'Excel workbook',
    extension: 'xlsx',
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    tabular: true,
  },
  json: {
    format: 'json',
    label: 'JSON (one array of sessions)',
    extension: 'json',
    mediaType: 'application/json; charset=utf-8',
    tabular: false,
  },
  jsonl: {
    format: 'jsonl',
    label: 'JSON Lines (one session per line)',
    extension: 'jsonl',
    mediaType: 'application/x-ndjson; charset=utf-8',
    tabular: false,
  },
};

/** A default file name such as `sessions-2026-05-04-1530.csv` (UTC time of `now`). */
export function defaultExportFileName(format: ExportFormat, now: number): string {
  const stamp = new Date(now).toISOString().slice(0, 16).replace('T', '-').replace(':', '');
  return `sessions-${stamp}.${EXPORT_FORMAT_INFO[format].extension}`;
}

/** How a column's cells are typed in XLSX (CSV writes text; dates are ISO-8601 UTC). */
export type ExportColumnType = 'string' | 'number' | 'boolean' | 'date' | 'list' | 'text';

export interface ExportColumnInfo {
  id: string;
  type: ExportColumnType;
  description: string;
  /** 'api': a field of the session object; 'cache': learnt by the cache (tag queries, history). */
  source: 'api' | 'cache';
}

export interface ExportColumnFamily {
  /** Column ids are this prefix followed by a key, e.g. `custom_data.plan`. */
  prefix: string;
  description: string;
}

export const EXPORT_COLUMNS: readonly ExportColumnInfo[] = [
  { id: 'id', type: 'string', description: 'Session id (uuid)', source: 'api' },
  { id: 'ticket_number', type: 'number', description: 'Ticket number', source: 'api' },
  { id: 'status', type: 'string', description: 'Status', source: 'api' },
  { id: 'ai_closure_type', type: 'string', description: 'How the AI closed it', source: 'api' },
  { id: 'sentiment', type: 'string', description: 'Sentiment', source: 'api' },
  { id: 'channel.type', type: 'string', description: 'Channel', source: 'api' },
  { id: 'assist_mode', type: 'boolean', description: 'Assist mode', source: 'api' },
  { id: 'created_at', type: 'date', description: 'Created (UTC)', source: 'api' },
  { id: 'updated_at', type: 'date', description: 'Last updated (UTC)', source: 'api' },
  {
    id: 'last_message_at',
    type: 'date',
    description: 'Last message (UTC); empty until a transcript or tag query revealed it',
    source: 'cache',
  },
  { id: 'language', type: 'string', description: 'Language', source: 'api' },
  { id: 'assignee_id', type: 'string', description: 'Assigned agent id', source: 'api' },
  { id: 'contact.id', type: 'string', description: 'Contact id', source: 'api' },
  { id: 'contact.name', type: 'string', description: 'Contact name', source: 'api' },
  { id: 'contact.email', type: 'string', description: 'Contact email', source: 'api' },
  { id: 'contact.phone_number', type: 'string', description: 'Contact phone', source: 'api' },
  {
    id: 'contact.non_verified_name',
    type: 'string',
    description: 'Contact name as given (not verified)',
    source: 'api',
  },
  {
    id: 'contact.non_verified_email',
    type: 'string',
    description: 'Contact email as given (not verified)',
    source: 'api',
  },
  { id: 'team.id', type: 'string', description: 'Team id', source: 'api' },
  { id: 'team.name', type: 'string', description: 'Team', source: 'api' },
  { id: 'team.description', type: 'string', description: 'Team description', source: 'api' },
  { id: 'handoff.summary', type: 'text', description: 'Hand-off summary', source: 'api' },
  { id: 'handoff.sentiment', type: 'string', description: 'Hand-off sentiment', source: 'api' },
  {
    id: 'ticketing_system.name',
    type: 'string',
    description: 'Ticketing system (e.g. zendesk)',
    source: 'api',
  },
  {
    id: 'ticketing_system.external_id',
    type: 'string',
    description: 'Id in the ticketing system',
    source: 'api',
  },
  {
    id: 'ticketing_system.id_type',
    type: 'string',
    description: 'Kind of that id (ticket_id, case_id …)',
    source: 'api',
  },
  { id: 'tags', type: 'list', description: 'Tags, joined with ", "', source: 'cache' },
  {
    id: 'transcript',
    type: 'text',
    description: 'Transcript, one "[time] sender: text" line per event',
    source: 'cache',
  },
];

export const EXPORT_COLUMN_FAMILIES: readonly ExportColumnFamily[] = [
  { prefix: 'custom_data.', description: "One column per key of the session's custom data" },
  {
    prefix: 'contact.custom_data.',
    description: "One column per key of the contact's custom data",
  },
  {
    prefix: 'contact.non_verified_custom_data.',
    description: "One column per key of the contact's unverified custom data",
  },
];

/** The session list's visible columns, in its order (the "visible columns" set). */
export const LIST_COLUMN_IDS: readonly string[] = [
  'ticket_number',
  'contact.name',
  'status',
  'channel.type',
  'updated_at',
];

/**
 * Which columns to write: 'list' (the list's visible columns), 'all' (every catalogued field
 * plus every custom-data key and unknown field seen in the exported sessions), or column ids in
 * the order wanted. The transcript column is added at the end when transcripts are asked for
 * and the ids do not place it.
 */
export type ColumnSelection = 'all' | 'list' | readonly string[];

/** The most session ids one export may name (a shift-click range holds at most this many). */
export const MAX_EXPORT_IDS = 100_000;
/** The most columns one export may list by id. */
export const MAX_EXPORT_COLUMNS = 1_000;
/** The longest column id (custom-data keys included) an export may name. */
export const MAX_EXPORT_COLUMN_LENGTH = 300;

const CATALOGUED = new Set(EXPORT_COLUMNS.map((column) => column.id));

/**
 * The family an id belongs to (the longest matching prefix) and its key, if the id is a
 * custom-data column.
 */
export function familyOf(id: string): { family: ExportColumnFamily; key: string } | null {
  let best: ExportColumnFamily | null = null;
  for (const family of EXPORT_COLUMN_FAMILIES) {
    if (id.startsWith(family.prefix) && (!best || family.prefix.length > best.prefix.length)) {
      best = family;
    }
  }
  if (!best) return null;
  const key = id.slice(best.prefix.length);
  return key.length > 0 ? { family: best, key } : null;
}

/** Whether an export can hold a column with this id (catalogued, or a custom-data key). */
export function isExportColumnId(id: string): boolean {
  return CATALOGUED.has(id) || familyOf(id) !== null;
}

/** One sentence listing what may be asked for. */
export function describeValidColumns(): string {
  return `Valid columns: ${EXPORT_COLUMNS.map((c) => c.id).join(', ')}, and ${EXPORT_COLUMN_FAMILIES.map(
    (f) => `${f.prefix}<key>`,
  ).join(', ')}; or "list" or "all".`;
}
