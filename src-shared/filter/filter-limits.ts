import { z } from 'zod';
import { AI_CLOSURE_TYPES, CHANNELS, SENTIMENTS, SESSION_STATUSES } from '../opencx/enums';

// Bounds on every list and map in the filter model. Unbounded, a filter of 32,766 tags or 993
// custom_data keys reaches SQLite and fails there ("too many SQL variables", "Expression tree is
// too large"), and can even be saved as a view that never runs. Checked in the shared schema, so
// every transport (IPC, the web host, the CLI) refuses such a filter in the same sentence.

/** The most items a filter list (tags, ids, statuses…) or keys its custom_data may hold. */
export const MAX_FILTER_ITEMS = 500;
/** The longest tag, id or language a filter list may name. */
export const MAX_FILTER_ITEM_LENGTH = 500;
/** The longest custom_data key a filter may name. */
export const MAX_CUSTOM_DATA_KEY_LENGTH = 200;
/** The longest custom_data string value a filter may match. */
export const MAX_CUSTOM_DATA_VALUE_LENGTH = 2000;

function boundedList<T extends z.ZodType>(item: T) {
  return z.array(item).max(MAX_FILTER_ITEMS, {
    error: (issue) =>
      `it has ${Array.isArray(issue.input) ? issue.input.length : 'too many'} items; at most ${MAX_FILTER_ITEMS} are allowed`,
  });
}

const FilterText = z.string().min(1).max(MAX_FILTER_ITEM_LENGTH);

/**
 * The sentiment list's local value for "no sentiment": the API's list cannot name a missing
 * sentiment (a null sentiment matches no list there), the cache can.
 */
export const NO_SENTIMENT = 'none';
/** The sentiments a filter may list: the API's, then NO_SENTIMENT. */
export const FILTER_SENTIMENTS = [...SENTIMENTS, NO_SENTIMENT] as const;

type CustomDataValue = string | number | boolean;

const CustomDataEntriesSchema = z.record(
  z.string().min(1).max(MAX_CUSTOM_DATA_KEY_LENGTH),
  z.union([z.string().max(MAX_CUSTOM_DATA_VALUE_LENGTH), z.number(), z.boolean()]),
);

/**
 * custom_data as the filter model takes it. The raw object is looked at before z.record parses
 * it, because z.record skips a key named `__proto__` without a word (so `{"__proto__": "x"}`
 * would become `{}` and match every session): such a key is refused, as is a map with more than
 * MAX_FILTER_ITEMS keys.
 */
export const BoundedCustomDataSchema = z
  .custom<Record<string, CustomDataValue>>()
  .check((payload) => {
    const raw = payload.value;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return;
    if (Object.hasOwn(raw, '__proto__')) {
      payload.issues.push({
        code: 'custom',
        input: raw,
        path: ['__proto__'],
        message: 'the key __proto__ cannot be matched; rename the key or leave it out',
      });
    }
    const count = Object.keys(raw).length;
    if (count > MAX_FILTER_ITEMS) {
      payload.issues.push({
        code: 'custom',
        input: raw,
        message: `it has ${count} keys; at most ${MAX_FILTER_ITEMS} are allowed`,
      });
    }
  })
  .pipe(CustomDataEntriesSchema);

/** The filter model's lists and map, each bounded; SessionFilterSchema extends the API's with these. */
export const BOUNDED_FILTER_FIELDS = {
  status: boundedList(z.enum(SESSION_STATUSES)).optional(),
  sentiment: boundedList(z.enum(FILTER_SENTIMENTS)).optional(),
  ai_closure_type: boundedList(z.enum(AI_CLOSURE_TYPES)).optional(),
  channels: boundedList(z.enum(CHANNELS)).optional(),
  tags: boundedList(FilterText).optional(),
  assignee_ids: boundedList(FilterText).optional(),
  team_ids: boundedList(FilterText).optional(),
  contact_ids: boundedList(FilterText).optional(),
  languages: boundedList(FilterText).optional(),
  custom_data: BoundedCustomDataSchema.optional(),
};
