import type { InputOf } from '../../../src-shared/contract/channels';
import {
  EXPORT_FORMAT_INFO,
  MAX_EXPORT_IDS,
  type ExportFormat,
} from '../../../src-shared/export/export-catalogue';
import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import type { SessionSort } from '../../../src-shared/filter/session-sort';
import type { ColumnKey } from './columns.svelte';
import type { SelectionTarget } from './selection.svelte';

// What the export dialog's choices mean as the contract's sessions.export input: plain functions,
// so they are tested without a page.

export type ExportScope = 'selected' | 'matching';
export type ColumnChoice = 'visible' | 'all' | 'chosen';

export interface ExportChoices {
  scope: ExportScope;
  format: ExportFormat;
  columns: ColumnChoice;
  /** Column ids ticked in the chooser, in catalogue order (for 'chosen'). */
  chosen: string[];
  /** Custom-data keys typed in the chooser, each a `custom_data.<key>` column. */
  customDataKeys: string[];
  transcripts: boolean;
  bom: boolean;
  /** Adds a local-time column in `timeZone` after each time column. */
  localTime: boolean;
}

/** What the list shows when the dialog opens: the filter, sort and visible grid columns. */
export interface ListState {
  filter: SessionFilter;
  sort: SessionSort;
  visible: readonly ColumnKey[];
  timeZone: string;
}

/** The grid's columns as export columns (the ticket is its number, the contact its name…). */
export const GRID_TO_EXPORT: Record<ColumnKey, string> = {
  ticket: 'ticket_number',
  contact: 'contact.name',
  status: 'status',
  sentiment: 'sentiment',
  channel: 'channel.type',
  team: 'team.name',
  assignee: 'assignee_id',
  language: 'language',
  created: 'created_at',
  updated: 'updated_at',
  last_message: 'last_message_at',
  tags: 'tags',
};

/** The list's visible columns as export column ids, led by the session id so rows can be traced. */
export function visibleExportColumns(visible: readonly ColumnKey[]): string[] {
  return ['id', ...visible.map((key) => GRID_TO_EXPORT[key])];
}

/** The columns `choices` ask for, in order, or the reason none can be exported. */
export function columnsFor(
  choices: ExportChoices,
  list: ListState,
): { columns: 'all' | string[] } | { problem: string } {
  if (!EXPORT_FORMAT_INFO[choices.format].tabular || choices.columns === 'all') {
    return { columns: 'all' };
  }
  if (choices.columns === 'visible') return { columns: visibleExportColumns(list.visible) };
  const custom = choices.customDataKeys
    .map((key) => key.trim())
    .filter((key) => key !== '')
    .map((key) => `custom_data.${key}`);
  const columns = [...new Set([...choices.chosen, ...custom])];
  if (columns.length === 0) return { problem: 'Choose at least one column.' };
  return { columns };
}

/** The sessions.export input for `choices`, or the sentence that says why there is none. */
export function exportInput(
  exportId: string,
  choices: ExportChoices,
  target: SelectionTarget | null,
  list: ListState,
): { input: InputOf<'sessions.export'> } | { problem: string } {
  const columns = columnsFor(choices, list);
  if ('problem' in columns) return columns;
  let selection: InputOf<'sessions.export'>['selection'];
  if (choices.scope === 'selected' && target?.kind === 'ids') {
    if (target.ids.length > MAX_EXPORT_IDS) {
      return {
        problem: `One export takes at most ${MAX_EXPORT_IDS.toLocaleString()} selected sessions; ${target.ids.length.toLocaleString()} are selected. Use “Select all matching”, or export all matching sessions.`,
      };
    }
    selection = { ids: target.ids, sort: list.sort };
  } else if (choices.scope === 'selected' && target?.kind === 'filter') {
    selection = { filter: target.filter, sort: target.sort, except: target.except };
  } else {
    selection = { filter: list.filter, sort: list.sort };
  }
  const tabular = EXPORT_FORMAT_INFO[choices.format].tabular;
  return {
    input: {
      export_id: exportId,
      selection,
      format: choices.format,
      columns: columns.columns,
      transcripts: choices.transcripts,
      bom: choices.format === 'csv' && choices.bom,
      time_zone: tabular && choices.localTime ? list.timeZone : null,
    },
  };
}

/** "Exporting 1,200 sessions to CSV". */
export function exportLabel(count: number | null, format: ExportFormat): string {
  const what =
    count === null ? 'sessions' : `${count.toLocaleString()} session${count === 1 ? '' : 's'}`;
  return `Exporting ${what} to ${format === 'xlsx' ? 'Excel' : format === 'jsonl' ? 'JSON Lines' : format.toUpperCase()}`;
}

/** A fresh id the page follows the export's events by (letters, digits and dashes). */
export function newExportId(): string {
  return `export-${crypto.randomUUID()}`;
}
