import { z } from 'zod';
import { SessionFilterSchema } from '../filter/session-filter';
import { SessionSortSchema } from '../filter/session-sort';
import {
  EXPORT_COLUMN_FAMILIES,
  EXPORT_COLUMNS,
  EXPORT_FORMATS,
  isExportColumnId,
  MAX_EXPORT_COLUMN_LENGTH,
  MAX_EXPORT_COLUMNS,
  MAX_EXPORT_IDS,
} from './export-catalogue';

// The input of the contract's `sessions.export` channel: what to export and how, never where.
// The destination is the host's to choose (the desktop app's save dialog, the web host's
// download, the CLI's --out) and reaches the engine beside the input, never inside it, so no
// page can name a file to write.

/** Chosen by the caller, so it can follow the export's progress events and cancel it. */
export const ExportIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'use 8 to 64 letters, digits, dashes or underscores');

const SessionId = z.string().min(1).max(200);

function idList(what: string) {
  return z.array(SessionId).max(MAX_EXPORT_IDS, {
    error: (issue) =>
      `it names ${Array.isArray(issue.input) ? issue.input.length.toLocaleString('en-US') : 'too many'} ${what}; one export takes at most ${MAX_EXPORT_IDS.toLocaleString('en-US')} (select all matching sessions instead)`,
  });
}

/** The selected sessions by id, in the list's sort. */
export const ExportIdsSelectionSchema = z.strictObject({
  ids: idList('sessions').min(1, 'select at least one session'),
  sort: SessionSortSchema.prefault({}),
});

/** Every session matching a filter (with full-text q), less the ones unticked since. */
export const ExportFilterSelectionSchema = z.strictObject({
  filter: SessionFilterSchema.prefault({}),
  sort: SessionSortSchema.prefault({}),
  except: idList('unticked sessions').default([]),
});

const familyList = EXPORT_COLUMN_FAMILIES.map((family) => `${family.prefix}<key>`).join(', ');
const validColumns = `valid columns are ${EXPORT_COLUMNS.map((column) => column.id).join(', ')} and ${familyList}`;

const ColumnSetSchema = z.enum(['list', 'all']);
const ColumnListSchema = z
  .array(z.string().min(1).max(MAX_EXPORT_COLUMN_LENGTH))
  .min(1, 'choose at least one column')
  .max(MAX_EXPORT_COLUMNS)
  .check((ctx) => {
    const unknown = ctx.value.filter((id) => !isExportColumnId(id));
    if (unknown.length > 0) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: `unknown column${unknown.length === 1 ? '' : 's'} ${unknown
          .slice(0, 5)
          .map((id) => JSON.stringify(id))
          .join(', ')}${unknown.length > 5 ? ' …' : ''}; ${validColumns}`,
      });
      return;
    }
    const twice = ctx.value.find((id, index) => ctx.value.indexOf(id) !== index);
    if (twice !== undefined) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: `column ${JSON.stringify(twice)} is listed twice`,
      });
    }
  });

/** 'list' (the list's columns), 'all' (every field seen), or column ids in the order wanted. */
export const ExportColumnsSchema = oneOf((value) =>
  typeof value === 'string' ? ColumnSetSchema : ColumnListSchema,
);

/** Selected ids when the input has `ids`, else a filter: each refused in its own words. */
export const ExportSelectionSchema = oneOf((value) =>
  typeof value === 'object' && value !== null && 'ids' in value
    ? ExportIdsSelectionSchema
    : ExportFilterSelectionSchema,
);

export const ExportInputSchema = z.strictObject({
  export_id: ExportIdSchema,
  selection: ExportSelectionSchema,
  format: z.enum(EXPORT_FORMATS),
  /** CSV and XLSX only; JSON and JSON Lines write whole session objects. */
  columns: ExportColumnsSchema.default('all'),
  /** A transcript column (CSV, XLSX) or `history` (JSON); missing ones fetched when online. */
  transcripts: z.boolean().default(false),
  /** CSV only: a UTF-8 byte-order mark, for Excel. */
  bom: z.boolean().default(false),
  /** An extra local-time column in this IANA zone after each time column; null: none. */
  time_zone: z
    .string()
    .min(1)
    .max(100)
    .refine(isKnownTimeZone, { error: 'is not a time zone this computer knows' })
    .nullable()
    .default(null),
});

export type ExportInput = z.input<typeof ExportInputSchema>;
export type ParsedExportInput = z.output<typeof ExportInputSchema>;

/**
 * A union that picks its member from the input's shape, so a refusal names what is wrong in
 * that member ("ids: select at least one session") instead of zod's "Invalid input" for a union.
 */
function oneOf<S extends z.ZodType>(pick: (value: unknown) => S) {
  return z.custom<z.input<S>>().transform((value, ctx): z.output<S> => {
    const parsed = pick(value).safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      ctx.issues.push({ ...issue, code: 'custom', input: value, path: issue.path });
    }
    return z.NEVER;
  });
}

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
