import type { Session } from '../../../../src-shared/opencx/session';
import { readerOf, writeTransaction, type CacheWriter } from './cache-handles';
import { deferToHeldCommit } from './held-batch';
import { toEpochMs, toIso } from './epoch-ms';
import { toDocumentRow, toSessionRow, type DocumentRow, type SessionRow } from './session-row';

type SessionParams = SessionRow & { seen_at: string };

export interface SessionWrites {
  /**
   * Inserts or updates `sessions` in one transaction, keeping the exact API object. A session
   * older (by updated_at) than the cached copy only has its `seen_at` refreshed, so an
   * overlapping page fetched earlier cannot roll a session back. Upserting a deleted session
   * brings it back. A session whose document equals the cached one only has its `seen_at`
   * refreshed too. Returns how many sessions were written or found unchanged (all but those
   * older than the cached copy).
   * `seen_at` only ever moves forward: a pass that began earlier and commits later cannot make
   * a session look unseen to the sweep of a pass that began after it (a deletion sweep removes
   * only what no pass since its own start has seen).
   */
  upsertSessions(sessions: readonly Session[], seenAt: string): number;
  /**
   * Sets the exact last_message_at learnt elsewhere than a transcript (null forgets it, so the
   * sort falls back to updated_at). Returns false if the session is not cached.
   */
  setLastMessageAt(sessionId: string, at: string | null): boolean;
}

/** The columns session_counts (migration 004) and session_hour_counts (005) count by. */
type CountedColumns = Pick<
  SessionRow,
  | 'status'
  | 'sentiment'
  | 'ai_closure_type'
  | 'channel_type'
  | 'language'
  | 'handed_off'
  | 'assist_mode'
  | 'assignee_id'
  | 'created_at_ms'
>;

/** A cached session as the writes see it: where it is, how fresh, and what it is counted as. */
interface CachedRow extends CountedColumns {
  rid: number;
  updated_at_ms: number;
}

/** session_counts' key: its columns in order, the assignee folded to 'assigned' or NULL. */
type KindKey = [
  status: string,
  sentiment: string | null,
  ai_closure_type: string | null,
  channel_type: string,
  language: string | null,
  handed_off: 0 | 1,
  assist_mode: 0 | 1,
  assigned: 'assigned' | null,
];

/** session_hour_counts' key: its columns in order. */
type HourKey = [hour: number, status: string, sentiment: string, channel_type: string];

/** A count per key, and the key it counts (its values in the order of the table's columns). */
interface Tally<K> {
  key: K;
  n: number;
}

/**
 * Counts per tuple of values, found by walking one Map per value (a trie) rather than by a string
 * made of the values: only an equal tuple reaches the same tally (Map keys compare as values do,
 * so 1 and '1', or a text made to look like two values, stay apart), and no string is built or
 * hashed. Two keys per session written: making a string of each and looking it up took 0.35 s
 * per 100,000 sessions, the walk 0.15 s (the fake's sessions, one thread, no profiler).
 */
class TupleCounts<K extends readonly (string | number | null)[]> {
  private readonly root = new Map<unknown, unknown>();
  private readonly tallies: Tally<K>[] = [];

  add(key: K, n: number): void {
    let node = this.root;
    const last = key.length - 1;
    for (let i = 0; i < last; i++) {
      let next = node.get(key[i]) as Map<unknown, unknown> | undefined;
      if (!next) {
        next = new Map();
        node.set(key[i], next);
      }
      node = next;
    }
    const tally = node.get(key[last]) as Tally<K> | undefined;
    if (tally) {
      tally.n += n;
      return;
    }
    const created = { key, n };
    node.set(key[last], created);
    this.tallies.push(created);
  }

  /** The keys whose count changed (a key added and removed nets out), each as its values then the change. */
  changed(): unknown[][] {
    const rows: unknown[][] = [];
    for (const { key, n } of this.tallies) if (n !== 0) rows.push([...key, n]);
    return rows;
  }
}

/**
 * The net change one upsert makes to the precomputed counts, summed per key in memory and
 * written once per key (migration 007 replaced the per-row triggers). Keys are exactly those
 * of the migrations' expressions: session_counts by the enum columns with the assignee folded
 * to 'assigned' or NULL, session_hour_counts by UTC hour (created_at_ms / 3600000, truncated as
 * SQLite's integer division does), status, sentiment ('' for none) and channel.
 */
class CountDeltas {
  private readonly kinds = new TupleCounts<KindKey>();
  private readonly hours = new TupleCounts<HourKey>();

  add(row: CountedColumns, n: 1 | -1): void {
    const assigned = row.assignee_id === null ? null : 'assigned';
    this.kinds.add(
      [
        row.status,
        row.sentiment,
        row.ai_closure_type,
        row.channel_type,
        row.language,
        row.handed_off,
        row.assist_mode,
        assigned,
      ],
      n,
    );
    const hour = Math.trunc(row.created_at_ms / 3_600_000);
    this.hours.add([hour, row.status, row.sentiment ?? '', row.channel_type], n);
  }

  /** session_counts' changed keys: each as its values in the order of its columns, then the change. */
  changedKinds(): unknown[][] {
    return this.kinds.changed();
  }

  changedHours(): unknown[][] {
    return this.hours.changed();
  }
}

/**
 * Whether, after a call that found `cached` of its `total` sessions already cached, the next
 * call should insert its sessions first and look up only those whose id turns out taken. Each
 * page of an oldest-first walk starts with the sessions at its predecessor's last instant (the
 * window's bound is inclusive), so even a first sync finds one or two of every page cached:
 * requiring none kept every page of it on the lookup path. A page mostly cached (a re-sync)
 * is cheaper looked up at once, in one statement, than session by session after a failed
 * insert.
 */
export function insertFirstNext(cached: number, total: number): boolean {
  return total > 0 && cached * 4 < total;
}

/** The full-text row of a document (the expressions of migrations 002 and 006), by row id. */
const FTS_COLUMNS =
  'contact_name, contact_email, contact_phone, handoff_summary, ticket_number, custom_values, transcript';

/** `afterUpsert` runs after each upsert's transaction (the planner statistics check). */
export function sessionWrites(writer: CacheWriter, afterUpsert: () => void): SessionWrites {
  // The cached rows of a whole call's sessions, one statement instead of one per session.
  const CACHED_COLUMNS = `id, rid, updated_at_ms, status, sentiment, ai_closure_type,
    channel_type, language, handed_off, assist_mode, assignee_id, created_at_ms`;
  const cachedRows = readerOf(writer).prepare<[string], CachedRow & { id: string }>(
    `SELECT ${CACHED_COLUMNS} FROM sessions WHERE id IN (SELECT value FROM json_each(?))`,
  );
  const cachedRow = readerOf(writer).prepare<[string], CachedRow & { id: string }>(
    `SELECT ${CACHED_COLUMNS} FROM sessions WHERE id = ?`,
  );
  const anyTombstone = readerOf(writer)
    .prepare<[], number>('SELECT EXISTS (SELECT 1 FROM deleted_sessions)')
    .pluck();
  // No RETURNING, no triggers on insert or update (migration 007): SQLite then needs no
  // statement journal for these, and each is one B-tree write per index.
  // The assignee's label (migration 008): the name learnt from a transcript, else the column's
  // stand-in, "Agent <id>" (format/session-cells.ts shows the same).
  const assigneeLabel = `CASE WHEN @assignee_id IS NULL THEN NULL ELSE coalesce(
      (SELECT name FROM assignee_names WHERE assignee_id = @assignee_id),
      'Agent ' || @assignee_id) END`;
  const insertSession = writer.prepare<[SessionParams]>(`
    INSERT INTO sessions (id, status, sentiment, ai_closure_type, channel_type, ticket_number,
      assist_mode, created_at_ms, updated_at_ms, language, assignee_id, team_id, team_name,
      contact_id, handed_off, seen_at, contact_label, assignee_label)
    VALUES (@id, @status, @sentiment, @ai_closure_type, @channel_type, @ticket_number,
      @assist_mode, @created_at_ms, @updated_at_ms, @language, @assignee_id, @team_id,
      @team_name, @contact_id, @handed_off, @seen_at, @contact_label, ${assigneeLabel})
    ON CONFLICT (id) DO NOTHING`);
  const updateSession = writer.prepare<[SessionParams & { rid: number }]>(`
    UPDATE sessions SET
      status = @status, sentiment = @sentiment, ai_closure_type = @ai_closure_type,
      channel_type = @channel_type, ticket_number = @ticket_number, assist_mode = @assist_mode,
      created_at_ms = @created_at_ms, updated_at_ms = @updated_at_ms, language = @language,
      assignee_id = @assignee_id, team_id = @team_id, team_name = @team_name,
      contact_id = @contact_id, handed_off = @handed_off, seen_at = max(seen_at, @seen_at),
      contact_label = @contact_label, assignee_label = ${assigneeLabel}
    WHERE rid = @rid`);
  const clearTombstones = writer.prepare<[string]>(
    'DELETE FROM deleted_sessions WHERE id IN (SELECT value FROM json_each(?))',
  );
  const upsertDocument = writer.prepare<[DocumentRow & { rid: number }]>(`
    INSERT INTO session_documents (rid, contact_name, contact_email, contact_phone,
      handoff_summary, custom_data, raw)
    VALUES (@rid, @contact_name, @contact_email, @contact_phone, @handoff_summary,
      @custom_data, @raw)
    ON CONFLICT (rid) DO UPDATE SET contact_name = excluded.contact_name,
      contact_email = excluded.contact_email, contact_phone = excluded.contact_phone,
      handoff_summary = excluded.handoff_summary, custom_data = excluded.custom_data,
      raw = excluded.raw
    WHERE raw IS NOT excluded.raw`);
  const touchSession = writer.prepare<[string, number]>(
    'UPDATE sessions SET seen_at = max(seen_at, ?) WHERE rid = ?',
  );
  const deleteCustomData = writer.prepare<[number]>(
    'DELETE FROM session_custom_data WHERE session_rid = ?',
  );
  // The custom data of every document written, one statement per call from the documents just
  // stored, instead of one per key (a page of 100 sessions has about 340). It stores exactly what
  // binding toCustomDataRows' values (session-row.ts) stored: numbers and booleans as REAL (as a
  // JS number binds), text as text.
  const insertCustomData = writer.prepare<[string]>(`
    INSERT INTO session_custom_data (session_rid, key, value, value_type)
    SELECT d.rid, c.key,
      CASE c.type WHEN 'text' THEN c.value WHEN 'true' THEN 1.0 WHEN 'false' THEN 0.0
        ELSE CAST(c.value AS REAL) END,
      CASE c.type WHEN 'text' THEN 'string' WHEN 'true' THEN 'boolean' WHEN 'false' THEN 'boolean'
        ELSE 'number' END
    FROM json_each(?) j
      JOIN session_documents d ON d.rid = j.value,
      json_each(d.custom_data) c
    -- Validated sessions hold a map of scalars; anything else (a list's elements have integer
    -- keys, a lone value none) is not custom data to filter by.
    WHERE typeof(c.key) = 'text' AND c.type IN ('text', 'integer', 'real', 'true', 'false')`);
  // One statement per table for all the keys a call changed, from a JSON array of
  // [...key values, n]: ->> gives back integers and text as they went in, so json_array builds
  // the same k as the migration's (bound parameters would have come in as REAL: 1.0, not 1).
  const addKindCounts = writer.prepare<[string]>(`
    INSERT INTO session_counts (k, status, sentiment, ai_closure_type, channel_type, language,
      handed_off, assist_mode, assignee_id, n)
    SELECT json_array(e.value ->> 0, e.value ->> 1, e.value ->> 2, e.value ->> 3,
        e.value ->> 4, e.value ->> 5, e.value ->> 6, e.value ->> 7),
      e.value ->> 0, e.value ->> 1, e.value ->> 2, e.value ->> 3, e.value ->> 4, e.value ->> 5,
      e.value ->> 6, e.value ->> 7, e.value ->> 8
    FROM json_each(?) e WHERE true
    ON CONFLICT (k) DO UPDATE SET n = n + excluded.n`);
  const addHourCounts = writer.prepare<[string]>(`
    INSERT INTO session_hour_counts (hour, status, sentiment, channel_type, n)
    SELECT e.value ->> 0, e.value ->> 1, e.value ->> 2, e.value ->> 3, e.value ->> 4
    FROM json_each(?) e WHERE true
    ON CONFLICT (hour, status, sentiment, channel_type) DO UPDATE SET n = n + excluded.n`);
  // The full-text index, one statement per call for every document written (the index's own
  // per-statement work, e.g. flushing its pending terms, then happens once per page).
  const unindex = writer.prepare<[string]>(
    'DELETE FROM session_fts WHERE rowid IN (SELECT value FROM json_each(?))',
  );
  const index = writer.prepare<[string]>(`
    INSERT INTO session_fts (rowid, ${FTS_COLUMNS})
    SELECT d.rid,
      d.contact_name,
      d.contact_email,
      d.contact_phone || ' ' || replace(replace(replace(replace(replace(replace(
        d.contact_phone, ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), '.', ''),
      d.handoff_summary,
      s.ticket_number,
      (SELECT group_concat(value, ' ') FROM json_each(d.custom_data)
        WHERE type IN ('text', 'integer', 'real')),
      h.transcript_text
    FROM json_each(?) j
      JOIN session_documents d ON d.rid = j.value
      JOIN sessions s ON s.rid = d.rid
      LEFT JOIN session_history h ON h.session_id = s.id`);
  const setLastMessageAt = writer.prepare<[number | null, string]>(
    'UPDATE sessions SET last_message_at_ms = ? WHERE id = ?',
  );

  // Whether the next call tries its sessions as new before looking for cached copies: after a
  // call that found few of its sessions cached (insertFirstNext), as every page of a first sync
  // into an empty cache does after its first. Only the cost depends on the guess: a session
  // found cached after all is looked up alone and written as usual. A first sync of 100,000
  // sessions looked up 1,000 pages of ids for nothing: 0.4 s.
  let expectNew = false;
  /** Inserts a session's row unless its id is cached; returns the new row id, or null. */
  const insertIfNew = (params: SessionParams): number | null => {
    const result = insertSession.run(params);
    return result.changes === 0 ? null : Number(result.lastInsertRowid);
  };
  /** Inserts a session found not cached (in this transaction, so it cannot be there now). */
  const insertNew = (params: SessionParams): number => {
    const rid = insertIfNew(params);
    if (rid === null) throw new Error(`Session ${params.id} was cached after all.`);
    return rid;
  };

  // The rows derived from documents just stored: their custom values and full-text entries.
  const writeDerivedRows = (rids: ReadonlySet<number>) => {
    if (rids.size === 0) return;
    const documents = JSON.stringify([...rids]);
    insertCustomData.run(documents);
    index.run(documents);
  };

  const writeCounts = (counts: CountDeltas) => {
    const kinds = counts.changedKinds();
    if (kinds.length > 0) addKindCounts.run(JSON.stringify(kinds));
    const hours = counts.changedHours();
    if (hours.length > 0) addHourCounts.run(JSON.stringify(hours));
  };

  return {
    upsertSessions(sessions, seenAt) {
      // Normalised so that seen_at compares correctly as text whatever offset the caller used.
      const seen = toIso(toEpochMs(seenAt, 'seenAt'));
      const written = writeTransaction(writer, () => {
        let written = 0;
        // Within a sync's held batch, the counts' changes are summed over all its pages and
        // written once at its commit: most keys recur from page to page, and each key written
        // is a B-tree write (about 15 µs in a sync's transaction).
        const batchCounts = deferToHeldCommit(
          writer,
          'session-counts',
          () => new CountDeltas(),
          writeCounts,
        );
        const counts = batchCounts ?? new CountDeltas();
        // Documents to (re-)index, and of those the ones in the index before this call (a
        // session twice in one call is indexed once). Within a held batch, the derived rows of
        // all its pages are written once at its commit, two statements for thousands of
        // sessions. A first sync of 100,000 sessions: the custom values took 0.7-0.9 s page by
        // page, 0.3 s batch by batch; the full-text entries 0.26-0.3 s, then 0.4 s (larger
        // flushes of its pending terms); the writes as a whole 0.3 s less
        // (bench/replay-first-sync.ts).
        const batchIndex = deferToHeldCommit(
          writer,
          'derived-rows',
          () => new Set<number>(),
          writeDerivedRows,
        );
        const toIndex = batchIndex ?? new Set<number>();
        const toUnindex = new Set<number>();
        const cached = new Map<string, CachedRow>();
        const insertFirst = expectNew;
        if (!insertFirst) {
          const ids = JSON.stringify(sessions.map((session) => session.id));
          for (const row of cachedRows.all(ids)) cached.set(row.id, row);
        }
        let foundCached = 0;
        const added: string[] = [];
        for (const session of sessions) {
          const row = toSessionRow(session);
          const params = { ...row, seen_at: seen };
          let existing = cached.get(row.id);
          let insertedRid: number | null = null;
          if (!existing && insertFirst) {
            insertedRid = insertIfNew(params);
            if (insertedRid === null) existing = cachedRow.get(row.id);
          }
          if (existing) foundCached++;
          if (existing && existing.updated_at_ms > row.updated_at_ms) {
            touchSession.run(seen, existing.rid);
            continue;
          }
          // A cached copy with the same document: every column of its row is made from that
          // document, so only seen_at moves. A full pass re-fetches every session in scope, most
          // of them unchanged: each used to rewrite its row, 17 index entries and its counts.
          const document = toDocumentRow(session);
          if (existing && upsertDocument.run({ ...document, rid: existing.rid }).changes === 0) {
            touchSession.run(seen, existing.rid);
            written++;
            continue;
          }
          let rid: number;
          if (existing) {
            rid = existing.rid;
            updateSession.run({ ...params, rid });
            counts.add(existing, -1);
            deleteCustomData.run(rid);
            if (!toIndex.has(rid)) toUnindex.add(rid);
          } else {
            rid = insertedRid ?? insertNew(params);
            added.push(row.id);
            upsertDocument.run({ ...document, rid });
          }
          counts.add(row, 1);
          toIndex.add(rid);
          // The same session later in this call finds this copy.
          cached.set(row.id, { ...row, rid });
          written++;
        }
        expectNew = insertFirstNext(foundCached, sessions.length);
        // A session that comes back is no longer deleted (a cache with no tombstone at all, as
        // during a first sync, has none to clear).
        if (added.length > 0 && anyTombstone.get() === 1) {
          clearTombstones.run(JSON.stringify(added));
        }
        if (batchCounts === null) writeCounts(counts);
        if (toUnindex.size > 0) unindex.run(JSON.stringify([...toUnindex]));
        // Every document written (a session twice in one call or batch once, from its last copy).
        if (batchIndex === null) writeDerivedRows(toIndex);
        return written;
      });
      afterUpsert();
      return written;
    },

    setLastMessageAt(sessionId, at) {
      const ms = at === null ? null : toEpochMs(at, 'last_message_at');
      return writeTransaction(writer, () => setLastMessageAt.run(ms, sessionId).changes > 0);
    },
  };
}
