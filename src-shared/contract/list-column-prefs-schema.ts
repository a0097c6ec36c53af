import { z } from 'zod';
import {
  LIST_COLUMN_KEYS,
  MAX_COLUMN_WIDTH,
  MIN_COLUMN_WIDTH,
  type ListColumnPrefs,
} from './list-columns';

// What workspace.columns.save accepts, and what a stored choice must still be to be given back.

const ColumnKey = z.enum(LIST_COLUMN_KEYS);

const ColumnList = z
  .array(ColumnKey)
  .max(LIST_COLUMN_KEYS.length)
  .refine((keys) => new Set(keys).size === keys.length, { message: 'names a column twice' });

export const ListColumnPrefsSchema = z.strictObject({
  order: ColumnList,
  hidden: ColumnList,
  widths: z.partialRecord(ColumnKey, z.number().int().min(MIN_COLUMN_WIDTH).max(MAX_COLUMN_WIDTH)),
}) satisfies z.ZodType<ListColumnPrefs>;
