import { CHANNELS, SESSION_STATUSES } from '../../src-shared/opencx/enums';
import type { SessionRecord } from '../data/fake-session';
import { FilterBodyError, parseDateTime } from '../filter/filter-body';
import { decodeCursor, encodeCursor } from './cursor';

export const SESSION_LIST_PAGE_SIZE = 25;

const ALLOWED = new Set([
  'cursor',
  'status',
  'channel_type',
  'handed_off',
  'created_after',
  'created_before',
  'updated_after',
  'updated_before',
]);

interface ListPosition {
  createdMs: number;
  ordinal: number;
}

export interface SessionListQuery {
  after: ListPosition | null;
  matches: (record: SessionRecord) => boolean;
}

/**
 * GET /chat/sessions query parameters (single-valued). `*_after` is inclusive and `*_before`
 * exclusive, like the filter endpoint's from/to. Throws FilterBodyError naming the parameter.
 */
export function parseSessionListQuery(params: URLSearchParams): SessionListQuery {
  for (const key of params.keys()) {
    if (!ALLOWED.has(key)) throw new FilterBodyError(`query parameter ${key} should not exist`);
    if (params.getAll(key).length > 1)
      throw new FilterBodyError(`query parameter ${key} must be given once`);
  }
  const checks: ((record: SessionRecord) => boolean)[] = [];
  const status = params.get('status');
  if (status !== null) {
    if (!(SESSION_STATUSES as readonly string[]).includes(status)) {
      throw new FilterBodyError(
        `status must be one of the following values: ${SESSION_STATUSES.join(', ')}`,
      );
    }
    checks.push((r) => r.session.status === status);
  }
  const channel = params.get('channel_type');
  if (channel !== null) {
    if (!(CHANNELS as readonly string[]).includes(channel)) {
      throw new FilterBodyError(
        `channel_type must be one of the following values: ${CHANNELS.join(', ')}`,
      );
    }
    checks.push((r) => r.session.channel.type === channel);
  }
  const handedOff = params.get('handed_off');
  if (handedOff !== null) {
    if (handedOff !== 'true' && handedOff !== 'false') {
      throw new FilterBodyError('handed_off must be a boolean value (true or false)');
    }
    checks.push((r) => (r.session.handoff !== undefined) === (handedOff === 'true'));
  }
  const bounds = [
    ['created_after', (r: SessionRecord) => r.createdMs, 'after'],
    ['created_before', (r: SessionRecord) => r.createdMs, 'before'],
    ['updated_after', (r: SessionRecord) => r.updatedMs, 'after'],
    ['updated_before', (r: SessionRecord) => r.updatedMs, 'before'],
  ] as const;
  for (const [name, value, side] of bounds) {
    const raw = params.get(name);
    if (raw === null) continue;
    const ms = parseDateTime(raw, name);
    checks.push(side === 'after' ? (r) => value(r) >= ms : (r) => value(r) < ms);
  }
  const cursor = params.get('cursor');
  let after: ListPosition | null = null;
  if (cursor !== null && cursor !== '') {
    const decoded = decodeCursor(cursor, 'sessions');
    if (!decoded || typeof decoded.c !== 'number' || typeof decoded.o !== 'number') {
      throw new FilterBodyError('cursor is not a cursor this endpoint gave out');
    }
    after = { createdMs: decoded.c, ordinal: decoded.o };
  }
  return { after, matches: (record) => checks.every((check) => check(record)) };
}

/** Newest first by created_at; keyset paging, so sessions created meanwhile do not shift pages. */
export function listSessions(
  sortedByCreatedAsc: readonly SessionRecord[],
  query: SessionListQuery,
): { items: SessionRecord[]; next: string | null } {
  const items: SessionRecord[] = [];
  let hasMore = false;
  for (let i = sortedByCreatedAsc.length - 1; i >= 0; i--) {
    const record = sortedByCreatedAsc[i] as SessionRecord;
    const { after } = query;
    if (
      after &&
      (record.createdMs > after.createdMs ||
        (record.createdMs === after.createdMs && record.ordinal >= after.ordinal))
    ) {
      continue;
    }
    if (!query.matches(record)) continue;
    if (items.length === SESSION_LIST_PAGE_SIZE) {
      hasMore = true;
      break;
    }
    items.push(record);
  }
  const last = items[items.length - 1];
  return {
    items,
    next:
      hasMore && last ? encodeCursor({ k: 'sessions', c: last.createdMs, o: last.ordinal }) : null,
  };
}
