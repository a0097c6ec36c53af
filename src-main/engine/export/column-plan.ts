import {
  catalogueColumn,
  EXPORT_COLUMNS,
  familyOf,
  LIST_COLUMN_IDS,
  type ColumnSelection,
  type ExportColumnType,
} from './export-columns';
import type { DiscoveredFields } from './session-fields';
import type { ZoneClock } from './zone-clock';

// The columns one tabular export writes, in order, each knowing where its cells come from.

export type PlannedColumn =
  /** A field of the session object (catalogued, custom data, or unknown). */
  | { header: string; kind: 'value'; type: ExportColumnType; path: readonly string[] }
  /** A date field of the session object; `clock` set for its local-time twin. */
  | { header: string; kind: 'date'; path: readonly string[]; clock: ZoneClock | null }
  | { header: string; kind: 'last_message_at'; clock: ZoneClock | null }
  | { header: string; kind: 'tags' }
  | { header: string; kind: 'transcript' };

export interface PlanOptions {
  /** Add (or keep) the transcript column. */
  transcripts: boolean;
  /** Add a local-time column after each time column. */
  clock: ZoneClock | null;
  /** What the exported sessions hold beyond the catalogue: needed for 'all'. */
  discovered: DiscoveredFields | null;
}

/** "All fields": catalogue order, each custom-data family after its object's fields. */
const FAMILIES_AFTER: Record<string, string[]> = {
  assignee_id: ['custom_data.'],
  'contact.non_verified_email': ['contact.custom_data.', 'contact.non_verified_custom_data.'],
};
/** Unknown fields go before these cache-derived columns. */
const UNKNOWN_BEFORE = 'tags';

/** Whether `plan` needs transcripts read (it has a transcript column). */
export function plansTranscripts(plan: readonly PlannedColumn[]): boolean {
  return plan.some((column) => column.kind === 'transcript');
}

/**
 * The columns for a checked selection (checkColumnSelection). Custom-data keys and unknown
 * fields of 'all' are sorted by name; a column id given twice never reaches here.
 */
export function planColumns(selection: ColumnSelection, options: PlanOptions): PlannedColumn[] {
  const ids: string[] = [];
  let unknown: Array<readonly string[]> = [];
  if (selection === 'all') {
    const discovered = options.discovered;
    for (const column of EXPORT_COLUMNS) {
      if (column.id === 'transcript') continue;
      if (column.id === UNKNOWN_BEFORE) ids.push('\u0000unknown');
      ids.push(column.id);
      for (const prefix of FAMILIES_AFTER[column.id] ?? []) {
        const keys = [...(discovered?.familyKeys.get(prefix) ?? [])].sort(compareText);
        ids.push(...keys.map((key) => `${prefix}${key}`));
      }
    }
    unknown = [...(discovered?.unknownPaths.entries() ?? [])]
      .sort(([a], [b]) => compareText(a, b))
      .map(([, path]) => path);
  } else {
    ids.push(...(selection === 'list' ? LIST_COLUMN_IDS : selection));
  }
  if (options.transcripts && !ids.includes('transcript')) ids.push('transcript');

  const plan: PlannedColumn[] = [];
  for (const id of ids) {
    if (id === '\u0000unknown') {
      for (const path of unknown) {
        plan.push({ header: path.join('.'), kind: 'value', type: 'string', path });
      }
      continue;
    }
    plan.push(...columnsFor(id, options.clock));
  }
  return withUniqueHeaders(plan);
}

function columnsFor(id: string, clock: ZoneClock | null): PlannedColumn[] {
  const info = catalogueColumn(id);
  if (id === 'tags') return [{ header: id, kind: 'tags' }];
  if (id === 'transcript') return [{ header: id, kind: 'transcript' }];
  if (id === 'last_message_at') {
    const utc: PlannedColumn = { header: id, kind: 'last_message_at', clock: null };
    return clock
      ? [utc, { header: localHeader(id, clock), kind: 'last_message_at', clock }]
      : [utc];
  }
  if (info?.type === 'date') {
    const path = id.split('.');
    const utc: PlannedColumn = { header: id, kind: 'date', path, clock: null };
    return clock ? [utc, { header: localHeader(id, clock), kind: 'date', path, clock }] : [utc];
  }
  if (info) return [{ header: id, kind: 'value', type: info.type, path: id.split('.') }];
  const custom = familyOf(id);
  if (!custom) throw new Error(`Column ${id} was not checked against the catalogue.`);
  const objectPath = custom.family.prefix.slice(0, -1).split('.');
  return [{ header: id, kind: 'value', type: 'string', path: [...objectPath, custom.key] }];
}

function localHeader(id: string, clock: ZoneClock): string {
  return `${id} (${clock.zone})`;
}

/** Two fields may flatten to one name (an unknown field literally named "custom_data.x"). */
function withUniqueHeaders(plan: PlannedColumn[]): PlannedColumn[] {
  const used = new Set<string>();
  return plan.map((column) => {
    let header = column.header;
    for (let n = 2; used.has(header); n++) header = `${column.header} (${n})`;
    used.add(header);
    return header === column.header ? column : { ...column, header };
  });
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
