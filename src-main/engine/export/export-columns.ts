import { AppError } from '../../../src-shared/contract/app-error';
import {
  describeValidColumns,
  EXPORT_COLUMNS,
  isExportColumnId,
  type ExportColumnInfo,
} from '../../../src-shared/export/export-catalogue';

// The column catalogue of CSV and XLSX exports is plain data in src-shared (export-catalogue.ts:
// the contract, a CLI's `--columns` help and the renderer's column chooser read it too); the
// engine adds the checks that throw.
export {
  describeValidColumns,
  EXPORT_COLUMN_FAMILIES,
  EXPORT_COLUMNS,
  familyOf,
  LIST_COLUMN_IDS,
  type ExportColumnFamily,
  type ExportColumnInfo,
  type ExportColumnType,
} from '../../../src-shared/export/export-catalogue';

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
  const unknown = ids.filter((id) => !isExportColumnId(id));
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
