import {
  AI_CLOSURE_TYPES,
  CHANNELS,
  SENTIMENTS,
  SESSION_STATUSES,
  SORT_FIELDS,
  SORT_ORDERS,
} from '../../src-shared/opencx/enums';

// The fake's own reading of the POST /chat/sessions/filter body, written from opencx-api.md and
// deliberately independent of the app's zod schemas: the two are tested against each other.

export type FakeDateRange = { from?: string; to?: string };

export type FakeFilters = {
  created_at?: FakeDateRange;
  updated_at?: FakeDateRange;
  last_message_at?: FakeDateRange;
  status?: string[];
  sentiment?: string[];
  ai_closure_type?: string[];
  channels?: string[];
  tags?: string[];
  assignee_ids?: string[];
  unassigned?: boolean;
  team_ids?: string[];
  contact_ids?: string[];
  languages?: string[];
  handed_off?: boolean;
  assist_mode?: boolean;
  custom_data?: Record<string, string | number | boolean>;
};

export type FakeFilterBody = {
  filters?: FakeFilters;
  sort_by?: 'last_message_at' | 'created_at';
  sort_order?: 'asc' | 'desc';
  page?: number;
  limit?: number;
};

export interface MsRange {
  from: number;
  to: number;
}

/** A valid body with defaults applied and dates as epoch milliseconds. */
export interface ParsedFilterBody {
  filters: {
    created_at?: MsRange;
    updated_at?: MsRange;
    last_message_at?: MsRange;
    status?: ReadonlySet<string>;
    sentiment?: ReadonlySet<string>;
    ai_closure_type?: ReadonlySet<string>;
    channels?: ReadonlySet<string>;
    tags?: ReadonlySet<string>;
    assignee_ids?: ReadonlySet<string>;
    unassigned?: boolean;
    team_ids?: ReadonlySet<string>;
    contact_ids?: ReadonlySet<string>;
    languages?: ReadonlySet<string>;
    handed_off?: boolean;
    assist_mode?: boolean;
    custom_data?: [string, string | number | boolean][];
  };
  sortBy: 'last_message_at' | 'created_at';
  sortOrder: 'asc' | 'desc';
  page: number;
  limit: number;
}

export class FilterBodyError extends Error {
  override readonly name = 'FilterBodyError';
}

const TOP_LEVEL_KEYS = new Set(['filters', 'sort_by', 'sort_order', 'page', 'limit']);
const DATE_KEYS = ['created_at', 'updated_at', 'last_message_at'] as const;
const ENUM_LIST_KEYS = {
  status: SESSION_STATUSES,
  sentiment: SENTIMENTS,
  ai_closure_type: AI_CLOSURE_TYPES,
  channels: CHANNELS,
} as const;
const STRING_LIST_KEYS = ['tags', 'assignee_ids', 'team_ids', 'contact_ids', 'languages'] as const;
const BOOLEAN_KEYS = ['unassigned', 'handed_off', 'assist_mode'] as const;
const FILTER_KEYS = new Set<string>([
  ...DATE_KEYS,
  ...Object.keys(ENUM_LIST_KEYS),
  ...STRING_LIST_KEYS,
  ...BOOLEAN_KEYS,
  'custom_data',
]);

// ISO-8601 date-time with a zone (Z or ±hh:mm); seconds and fractions optional.
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):?(\d{2}))$/;

/** Reads a request body; throws FilterBodyError with a message that names the offending field. */
export function parseFilterBody(body: unknown): ParsedFilterBody {
  if (!isPlainObject(body)) throw new FilterBodyError('The request body must be a JSON object.');
  for (const key of Object.keys(body)) {
    if (!TOP_LEVEL_KEYS.has(key)) throw new FilterBodyError(`property ${key} should not exist`);
  }
  const sortBy = optionalEnum(body.sort_by, 'sort_by', SORT_FIELDS) ?? 'last_message_at';
  const sortOrder = optionalEnum(body.sort_order, 'sort_order', SORT_ORDERS) ?? 'desc';
  const page = optionalInteger(body.page, 'page', 1, Number.MAX_SAFE_INTEGER) ?? 1;
  const limit = optionalInteger(body.limit, 'limit', 1, 100) ?? 25;
  const filters = body.filters === undefined ? {} : parseFilters(body.filters);
  return {
    filters,
    sortBy: sortBy as ParsedFilterBody['sortBy'],
    sortOrder: sortOrder as ParsedFilterBody['sortOrder'],
    page,
    limit,
  };
}

function parseFilters(raw: unknown): ParsedFilterBody['filters'] {
  if (!isPlainObject(raw)) throw new FilterBodyError('filters must be an object');
  for (const key of Object.keys(raw)) {
    if (!FILTER_KEYS.has(key))
      throw new FilterBodyError(`property filters.${key} should not exist`);
  }
  const parsed: ParsedFilterBody['filters'] = {};
  for (const key of DATE_KEYS) {
    if (raw[key] !== undefined) parsed[key] = parseRange(raw[key], `filters.${key}`);
  }
  for (const [key, allowed] of Object.entries(ENUM_LIST_KEYS)) {
    const list = optionalStringList(raw[key], `filters.${key}`);
    if (!list) continue;
    list.forEach((value, i) => {
      if (!(allowed as readonly string[]).includes(value)) {
        throw new FilterBodyError(
          `filters.${key}[${i}] must be one of the following values: ${allowed.join(', ')}`,
        );
      }
    });
    if (list.length > 0) parsed[key as keyof typeof ENUM_LIST_KEYS] = new Set(list);
  }
  for (const key of STRING_LIST_KEYS) {
    const list = optionalStringList(raw[key], `filters.${key}`);
    if (list && list.length > 0) parsed[key] = new Set(list);
  }
  for (const key of BOOLEAN_KEYS) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value !== 'boolean')
      throw new FilterBodyError(`filters.${key} must be a boolean value`);
    parsed[key] = value;
  }
  if (raw.custom_data !== undefined) parsed.custom_data = parseCustomData(raw.custom_data);
  return parsed;
}

function parseRange(raw: unknown, field: string): MsRange {
  if (!isPlainObject(raw))
    throw new FilterBodyError(`${field} must be an object with from and/or to`);
  for (const key of Object.keys(raw)) {
    if (key !== 'from' && key !== 'to')
      throw new FilterBodyError(`property ${field}.${key} should not exist`);
  }
  return {
    from: raw.from === undefined ? -Infinity : parseDateTime(raw.from, `${field}.from`),
    to: raw.to === undefined ? Infinity : parseDateTime(raw.to, `${field}.to`),
  };
}

/** Epoch milliseconds of an ISO-8601 date-time, or a FilterBodyError naming the field. */
export function parseDateTime(raw: unknown, field: string): number {
  const error = new FilterBodyError(`${field} must be a valid ISO 8601 date string`);
  if (typeof raw !== 'string') throw error;
  const match = ISO_DATE_TIME.exec(raw);
  if (!match) throw error;
  const part = (i: number): number => Number(match[i] ?? 0);
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map(part) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // setUTCFullYear, because Date.UTC maps years 0-99 to 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  const daysInMonth = date.getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) throw error;
  if (hour > 23 || minute > 59 || second > 59 || part(9) > 23 || part(10) > 59) throw error;
  const millis = Number((match[7] ?? '0').slice(0, 3).padEnd(3, '0'));
  const offsetMinutes = (match[8] === '-' ? -1 : 1) * (part(9) * 60 + part(10));
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return date.getTime() - offsetMinutes * 60_000;
}

function parseCustomData(raw: unknown): [string, string | number | boolean][] {
  if (!isPlainObject(raw)) throw new FilterBodyError('filters.custom_data must be an object');
  return Object.entries(raw).map(([key, value]) => {
    if (key === '') throw new FilterBodyError('filters.custom_data keys must not be empty');
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new FilterBodyError(`filters.custom_data.${key} must be a string, number or boolean`);
    }
    return [key, value];
  });
}

function optionalStringList(raw: unknown, field: string): string[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) throw new FilterBodyError(`${field} must be an array`);
  return raw.map((value: unknown, i) => {
    if (typeof value !== 'string' || value === '') {
      throw new FilterBodyError(`${field}[${i}] must be a non-empty string`);
    }
    return value;
  });
}

function optionalEnum(raw: unknown, field: string, allowed: readonly string[]): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !allowed.includes(raw)) {
    throw new FilterBodyError(
      `${field} must be one of the following values: ${allowed.join(', ')}`,
    );
  }
  return raw;
}

function optionalInteger(
  raw: unknown,
  field: string,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min || raw > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
    throw new FilterBodyError(`${field} must be an integer ${range}`);
  }
  return raw;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
