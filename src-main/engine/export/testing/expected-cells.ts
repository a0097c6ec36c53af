import type { HistoryEvent } from '../../../../src-shared/opencx/history';
import type { Session } from '../../../../src-shared/opencx/session';
import type { CacheStore } from '../../store/cache-store';

// What a cell of an exported column should say, worked out from the cache independently of the
// exporter's own code, for round-trip tests.

export interface CachedSession {
  session: Session;
  tags: string[];
  history: HistoryEvent[] | null;
}

export function cachedSession(store: CacheStore, id: string): CachedSession {
  const session = store.getSession(id);
  if (!session) throw new Error(`Session ${id} is not cached.`);
  return {
    session,
    tags: store.tagsOfSession(id),
    history: store.getHistory(id)?.events ?? null,
  };
}

const FAMILIES = ['contact.non_verified_custom_data.', 'contact.custom_data.', 'custom_data.'];
const DATES = new Set(['created_at', 'updated_at']);

/** The JSON value behind a column, or undefined when the session has none. */
export function expectedValue(cached: CachedSession, header: string): unknown {
  const { session } = cached;
  if (header === 'tags') return cached.tags.length > 0 ? cached.tags.join(', ') : undefined;
  if (header === 'transcript') return expectedTranscript(cached.history);
  if (header === 'last_message_at') {
    // Learnt from the newest message of a cached transcript (no other source in these tests).
    const times = (cached.history ?? [])
      .filter((event) => event.event.type === 'message')
      .map((event) => Date.parse(event.created_at));
    return times.length > 0 ? new Date(Math.max(...times)).toISOString() : undefined;
  }
  for (const prefix of FAMILIES) {
    if (header.startsWith(prefix)) {
      const map = walk(session, prefix.slice(0, -1).split('.'));
      const key = header.slice(prefix.length);
      return map && typeof map === 'object' ? (map as Record<string, unknown>)[key] : undefined;
    }
  }
  const value = walk(session, header.split('.'));
  if (DATES.has(header) && typeof value === 'string') return new Date(value).toISOString();
  return value;
}

/** The CSV text of a column before defanging. */
export function expectedText(cached: CachedSession, header: string): string {
  const value = expectedValue(cached, header);
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function walk(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function expectedTranscript(history: HistoryEvent[] | null): string {
  if (history === null) return '(transcript not downloaded)';
  if (history.length === 0) return '(no messages)';
  return history
    .map((event) => {
      const time = new Date(event.created_at).toISOString();
      const who = event.event.sender?.name || event.event.sender?.type;
      const kind = event.event.type === 'message' ? null : `(${event.event.type})`;
      const head = [kind, who].filter(Boolean).join(' ');
      const text = (event.event.content?.text ?? '').split(/\r\n|\r/).join('\n');
      const files = (event.event.attachments ?? []).map((a) => `[attachment: ${a.name}]`);
      const body = [text, ...files].filter(Boolean).join(' ');
      return `[${time}]${head ? ` ${head}` : ''}${body ? `: ${body}` : ''}`;
    })
    .join('\n');
}

const TRIGGERS = ['=', '+', '-', '@', '\t', '\r', '\uff1d', '\uff0b', '\uff0d', '\uff20'];

/** Whether OWASP's rule defangs this text: a formula trigger first, and not a plain number. */
export function shouldDefang(text: string): boolean {
  return (
    text.length > 0 &&
    TRIGGERS.includes(text[0] as string) &&
    !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)
  );
}
