import { AppError } from '../../../src-shared/contract/app-error';

// The column catalogue of CSV and XLSX exports, as data: a CLI's `--columns` help and a UI's
// column chooser list it, and the exporter checks every requested id against it.
//
// Naming: a column is the dotted path of its field in the session object as the API returns it
// (`contact.email`, `team.name`, `ticketing_system.external_id`, `channel.type`). Custom data
// becomes one column per key, `custom_data.<key>`, `contact.custom_data.<key>` and
// `contact.non_verified_custom_data.<key>` (the key is everything after the prefix, dots
// included). Three columns come from what the cache learnt rather than the session object:
// `tags`, `last_message_at` and `transcript`.

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

const CATALOGUE = new Map(EXPORT_COLUMNS.map((column) => [column.id, column]));

/** The catalogued column with this id, if any. */
export function catalogueColumn(id: string): ExportColumnInfo | undefined {
  return CATALOGUE.get(id);
}

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

/** One sentence listing what may be asked for. */
export function describeValidColumns(): string {
  return `Valid columns: ${EXPORT_COLUMNS.map((c) => c.id).join(', ')}, and ${EXPORT_COLUMN_FAMILIES.map(
    (f) => `${f.prefix}<key>`,
  ).join(', ')}; or "list" or "all".`;
}

/**
 * Checks a column selection before anything is read or written. Throws invalid_input with a
 * sentence naming each unknown or repeated column and the valid ones.
 */
export function checkColumnSelection(selection: unknown): ColumnSelection {
  if (selection === 'all' || selection === 'list') return selection;
  if (!Array.isArray(selection) || !selection.every((id) => typeof id === 'string')) {
    throw new AppError(
      'invalid_input',
      `columns must be "list", "all" or a list of column ids. ${describeValidColumns()}`,
    );
  }
  const ids = selection as string[];
  if (ids.length === 0) {
    throw new AppError('invalid_input', `Choose at least one column. ${describeValidColumns()}`);
  }
  const unknown = ids.filter((id) => !CATALOGUE.has(id) && familyOf(id) === null);
  if (unknown.length > 0) {
    const names = unknown.map((id) => JSON.stringify(id)).join(', ');
    throw new AppError(
      'invalid_input',
      `Unknown column${unknown.length === 1 ? '' : 's'} ${names}. ${describeValidColumns()}`,
    );
  }
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) {
      throw new AppError('invalid_input', `Column ${JSON.stringify(id)} is listed twice.`);
    }
    seen.add(id);
  }
  return ids;
}
