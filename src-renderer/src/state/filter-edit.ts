import {
  FILTER_FIELDS,
  enumValueLabel,
  type FilterField,
  type FilterFieldKey,
} from '../../../src-shared/filter/filter-fields';
import { resolveRelativeRange } from '../../../src-shared/filter/resolve-relative-range';
import type {
  DateRangeFilter,
  RelativeDateRange,
  SessionFilter,
} from '../../../src-shared/filter/session-filter';
import type { SessionSort } from '../../../src-shared/filter/session-sort';

// Edits of the one filter model, as pure functions: the panel, the chips and the chart all
// change the filter through these, so an empty list or map never lingers as "a constraint".

export type DateField = 'created_at' | 'updated_at' | 'last_message_at';
export const DATE_FIELDS: readonly DateField[] = ['created_at', 'updated_at', 'last_message_at'];

export type ListKey = {
  [K in FilterFieldKey]: NonNullable<SessionFilter[K]> extends readonly string[] ? K : never;
}[FilterFieldKey];

export type FlagKey = 'handed_off' | 'assist_mode' | 'unassigned';
export type CustomValue = string | number | boolean;

/** `filter` with `key` set; undefined, an empty list or an empty map removes the key. */
export function withKey<K extends FilterFieldKey>(
  filter: SessionFilter,
  key: K,
  value: SessionFilter[K] | undefined,
): SessionFilter {
  const next: SessionFilter = { ...filter };
  if (isEmptyValue(value)) delete next[key];
  else next[key] = value;
  return next;
}

function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/** True when the filter constrains nothing (search included). */
export function isEmptyFilter(filter: SessionFilter): boolean {
  return Object.values(filter).every(isEmptyValue);
}

/** The values listed under `key` (empty when unset). */
export function listOf(filter: SessionFilter, key: ListKey): string[] {
  return [...((filter[key] as readonly string[] | undefined) ?? [])];
}

/** `value` added to the list under `key`, or removed if it was there. */
export function toggleValue(filter: SessionFilter, key: ListKey, value: string): SessionFilter {
  const list = listOf(filter, key);
  const next = list.includes(value) ? list.filter((item) => item !== value) : [...list, value];
  return withKey(filter, key, next as never);
}

/**
 * The assignee group: "Unassigned" and named agents cannot both hold (the API ANDs
 * `unassigned` with `assignee_ids`), so ticking one side clears the other.
 */
export function toggleAssignee(filter: SessionFilter, id: string | null): SessionFilter {
  if (id === null) {
    const on = filter.unassigned === true;
    return withKey(withKey(filter, 'assignee_ids', undefined), 'unassigned', on ? undefined : true);
  }
  return toggleValue(withKey(filter, 'unassigned', undefined), 'assignee_ids', id);
}

export type TriState = 'any' | 'yes' | 'no';

export function triStateOf(filter: SessionFilter, key: FlagKey): TriState {
  const value = filter[key];
  return value === undefined ? 'any' : value ? 'yes' : 'no';
}

export function withTriState(filter: SessionFilter, key: FlagKey, state: TriState): SessionFilter {
  return withKey(filter, key, state === 'any' ? undefined : state === 'yes');
}

export function withCustomData(
  filter: SessionFilter,
  key: string,
  value: CustomValue | undefined,
): SessionFilter {
  const pairs = { ...(filter.custom_data ?? {}) };
  if (value === undefined) delete pairs[key];
  else pairs[key] = value;
  return withKey(filter, 'custom_data', pairs);
}

// ---- dates ----

export interface DatePreset {
  id: string;
  label: string;
  range(timeZone: string): DateRangeFilter;
}

export const DATE_PRESETS: readonly DatePreset[] = [
  {
    id: 'today',
    label: 'Today',
    range: (time_zone) => ({ calendar: { period: 'today', time_zone } }),
  },
  {
    id: 'yesterday',
    label: 'Yesterday',
    range: (time_zone) => ({ calendar: { period: 'yesterday', time_zone } }),
  },
  {
    id: 'last_7_days',
    label: 'Last 7 days',
    range: () => ({ within_last: { amount: 7, unit: 'days' } }),
  },
  {
    id: 'last_30_days',
    label: 'Last 30 days',
    range: () => ({ within_last: { amount: 30, unit: 'days' } }),
  },
  {
    id: 'last_90_days',
    label: 'Last 90 days',
    range: () => ({ within_last: { amount: 90, unit: 'days' } }),
  },
  {
    id: 'this_month',
    label: 'This month',
    range: (time_zone) => ({ calendar: { period: 'this_month', time_zone } }),
  },
];

/** The page's IANA time zone: calendar presets are saved with it. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function isRelative(range: DateRangeFilter): range is RelativeDateRange {
  return 'within_last' in range || 'calendar' in range;
}

/** The preset a range was made from, or null for a custom range. */
export function presetOf(range: DateRangeFilter): DatePreset | null {
  if (!isRelative(range)) return null;
  const zone = 'calendar' in range ? range.calendar.time_zone : 'UTC';
  const shape = JSON.stringify(range);
  return DATE_PRESETS.find((preset) => JSON.stringify(preset.range(zone)) === shape) ?? null;
}

const PERIOD_WORDS = {
  today: 'Today',
  yesterday: 'Yesterday',
  this_week: 'This week',
  this_month: 'This month',
  last_month: 'Last month',
} as const;

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A date or date-time, shortest form that says it: whole local days show as days. */
function describeInstant(ms: number): string {
  const date = new Date(ms);
  const midnight = date.getHours() === 0 && date.getMinutes() === 0 && date.getSeconds() === 0;
  return midnight ? dayFormat.format(date) : timeFormat.format(date);
}

/** "Last 7 days", "Yesterday", "3 Mar 2025 – 9 Mar 2025", "since 3 Mar 2025". */
export function describeRange(range: DateRangeFilter): string {
  if ('within_last' in range) {
    const { amount, unit } = range.within_last;
    const singular = unit.slice(0, -1);
    return `Last ${amount} ${amount === 1 ? singular : unit}`;
  }
  if ('calendar' in range) {
    const words = PERIOD_WORDS[range.calendar.period];
    return range.calendar.time_zone === localTimeZone()
      ? words
      : `${words} (${range.calendar.time_zone})`;
  }
  const from = range.from !== undefined ? Date.parse(range.from) : null;
  const to = range.to !== undefined ? Date.parse(range.to) : null;
  if (from !== null && to !== null) {
    // A range up to a midnight reads as up to the day before, inclusive.
    const end = isLocalMidnight(to) ? to - 1 : to;
    const last = isLocalMidnight(to) ? dayFormat.format(new Date(end)) : describeInstant(to);
    return `${describeInstant(from)} – ${last}`;
  }
  if (from !== null) return `since ${describeInstant(from)}`;
  if (to !== null) return `before ${describeInstant(to)}`;
  return 'any time';
}

function isLocalMidnight(ms: number): boolean {
  const date = new Date(ms);
  return date.getHours() === 0 && date.getMinutes() === 0 && date.getSeconds() === 0;
}

/** `YYYY-MM-DD` (a date input's value) → local midnight, epoch ms; null when empty or invalid. */
export function localDayStart(day: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(date.getTime()) ? null : date.getTime();
}

/** Local midnight at `ms` as a date input's value. */
export function toDayInput(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * A custom range from two date inputs, both days included: from the first day's local
 * midnight to the midnight after the last day. Undefined when both are empty.
 */
export function customRange(fromDay: string, toDay: string): DateRangeFilter | undefined {
  const from = localDayStart(fromDay);
  const toStart = localDayStart(toDay);
  const to = toStart === null ? null : nextLocalMidnight(toStart);
  if (from === null && to === null) return undefined;
  return {
    ...(from !== null ? { from: new Date(from).toISOString() } : {}),
    ...(to !== null ? { to: new Date(to).toISOString() } : {}),
  };
}

function nextLocalMidnight(dayStart: number): number {
  const date = new Date(dayStart);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1).getTime();
}

/** The date inputs' values for a range: its days as shown, the end day inclusive. */
export function dayInputsOf(range: DateRangeFilter | undefined, now: number): [string, string] {
  if (!range) return ['', ''];
  const resolved = isRelative(range)
    ? resolveRelativeRange(range, now)
    : {
        from: range.from !== undefined ? Date.parse(range.from) : null,
        to: range.to !== undefined ? Date.parse(range.to) : null,
      };
  return [
    resolved.from !== null ? toDayInput(resolved.from) : '',
    resolved.to !== null ? toDayInput(resolved.to - 1) : '',
  ];
}

/** A range's instants now: [from, to); null sides are open. */
export function resolveRange(
  range: DateRangeFilter,
  now: number,
): { from: number | null; to: number | null } {
  if (isRelative(range)) return resolveRelativeRange(range, now);
  return {
    from: range.from !== undefined ? Date.parse(range.from) : null,
    to: range.to !== undefined ? Date.parse(range.to) : null,
  };
}

// ---- chips ----

export interface Chip {
  /** Stable per constraint, for keyed lists and test ids. */
  id: string;
  /** The field's name, e.g. "Status". */
  field: string;
  /** The value in words, e.g. "Open". */
  text: string;
  /** The filter without this constraint. */
  without: SessionFilter;
}

/** Names the page knows for ids (teams, agents, contacts); the id itself otherwise. */
export interface ChipNames {
  team(id: string): string;
  assignee(id: string): string;
  contact(id: string): string;
}

/** One chip per constraint, in the filter-field table's order; lists give one chip per value. */
export function chipsOf(filter: SessionFilter, names: ChipNames): Chip[] {
  const chips: Chip[] = [];
  for (const key of Object.keys(FILTER_FIELDS) as FilterFieldKey[]) {
    const value = filter[key];
    if (isEmptyValue(value)) continue;
    const field: FilterField = FILTER_FIELDS[key];
    if (Array.isArray(value)) {
      for (const item of value as string[]) {
        chips.push({
          id: `${key}:${item}`,
          field: field.label,
          text: listValueText(key, field, item, names),
          without: toggleValue(filter, key as ListKey, item),
        });
      }
      continue;
    }
    if (key === 'custom_data') {
      for (const [name, item] of Object.entries(filter.custom_data ?? {})) {
        chips.push({
          id: `custom_data:${name}`,
          field: name,
          text: typeof item === 'string' ? `“${item}”` : String(item),
          without: withCustomData(filter, name, undefined),
        });
      }
      continue;
    }
    chips.push({
      id: key,
      field: key === 'unassigned' ? 'Assignee' : field.label,
      text: scalarText(key, value as never),
      without: withKey(filter, key, undefined),
    });
  }
  return chips;
}

function listValueText(
  key: FilterFieldKey,
  field: FilterField,
  value: string,
  names: ChipNames,
): string {
  if (field.kind === 'enum') return enumValueLabel(field, value);
  if (key === 'team_ids') return names.team(value);
  if (key === 'assignee_ids') return names.assignee(value);
  if (key === 'contact_ids') return names.contact(value);
  return value;
}

function scalarText(key: FilterFieldKey, value: boolean | string | DateRangeFilter): string {
  if (key === 'unassigned') return value ? 'Unassigned' : 'Assigned';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string') return `“${value}”`;
  return describeRange(value);
}

// ---- comparing, copying, pasting ----

export interface QueryState {
  filter: SessionFilter;
  sort: SessionSort;
}

/** JSON with object keys sorted and lists sorted: equal for filters that mean the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    return items.every((item) => typeof item === 'string')
      ? [...(items as string[])].sort()
      : items;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => !isEmptyValue(item))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, item]) => [key, canonical(item)]);
    return Object.fromEntries(entries);
  }
  return value;
}

/** Same filter (search included) and sort, whatever else the two carry. */
export function sameQuery(a: QueryState, b: QueryState): boolean {
  return (
    canonicalJson({ filter: a.filter, sort: a.sort }) ===
    canonicalJson({ filter: b.filter, sort: b.sort })
  );
}

const LINK_KEY = 'view';

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(encoded: string): string {
  const base64 = encoded.replaceAll('-', '+').replaceAll('_', '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
}

/** The query as text anyone can paste back: one line of JSON. */
export function queryText(query: QueryState): string {
  return canonicalJson(query);
}

/** The query as a link to this app (`#view=…`): opening or pasting it brings the query back. */
export function queryLink(query: QueryState, base: string): string {
  return `${base.split('#')[0]}#${LINK_KEY}=${toBase64Url(queryText(query))}`;
}

/** The encoded query in a location hash, or null when the hash carries none. */
export function queryInHash(hash: string): string | null {
  const match = new RegExp(`[#&]${LINK_KEY}=([A-Za-z0-9_-]+)`).exec(hash);
  return match?.[1] ?? null;
}

/**
 * A pasted link or text back to a query. Only the shape is checked here; the engine validates
 * the filter itself (an unknown key or value is refused there with a sentence).
 * Throws an Error whose message is a sentence for the user.
 */
export function parseQuery(text: string): { filter: SessionFilter; sort: SessionSort | null } {
  const trimmed = text.trim();
  const encoded = queryInHash(trimmed.includes('#') ? trimmed.slice(trimmed.indexOf('#')) : '');
  let json: unknown;
  try {
    json = JSON.parse(encoded !== null ? fromBase64Url(encoded) : trimmed) as unknown;
  } catch {
    throw new Error(
      'That is neither a Session Desk link nor a copied filter: paste what “Copy link” or “Copy as text” gave.',
    );
  }
  if (!isObject(json)) throw new Error('The pasted filter is not an object.');
  const hasWrapper = 'filter' in json;
  const filter = hasWrapper ? json.filter : json;
  if (!isObject(filter)) throw new Error('The pasted filter is not an object.');
  const sort = hasWrapper && isObject(json.sort) ? (json.sort as unknown as SessionSort) : null;
  return { filter: filter as SessionFilter, sort };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
