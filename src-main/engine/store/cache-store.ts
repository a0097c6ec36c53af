import { rmSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { AppError } from '../../../src-shared/contract/app-error';
import type { HistoryEvent } from '../../../src-shared/opencx/history';
import type { Session } from '../../../src-shared/opencx/session';
import type { Tag } from '../../../src-shared/opencx/tag';
import { toEpochMs, toIso } from './epoch-ms';
import { cacheMigrations } from './migrations/cache';
import type { FileIdentity } from './file-identity';
import { openDatabase, type OpenDatabaseOptions } from './open-database';
import {
  toCustomDataRows,
  toDocumentRow,
  toSessionRow,
  type DocumentRow,
  type SessionRow,
} from './session-row';
import { newestMessageAt, transcriptText } from './transcript-text';
import type { WriterLock } from './writer-lock';

export interface CachedHistory {
  events: HistoryEvent[];
  /** When the transcript was stored. */
  saved_at: string;
  /** The session's updated_at when the transcript was stored: older than now means stale. */
  for_updated_at: string;
}

export interface SessionNeedingHistory {
  id: string;
  updated_at: string;
  /** null when no transcript is cached at all. */
  history_for_updated_at: string | null;
}

export interface OpenedCacheStore {
  store: CacheStore;
  /** Where a damaged cache file was moved to before a fresh one was started, else null. */
  recoveredFrom: string | null;
}

/** The cache's `PRAGMA application_id`: "SDC1" (Session Desk Cache, first format). */
export const CACHE_APPLICATION_ID = 0x53444331;

/** How a Session Desk cache is told apart from any other file (see ./file-identity). */
export const CACHE_IDENTITY: FileIdentity = {
  applicationId: CACHE_APPLICATION_ID,
  // What the first migration creates: every cache any build has migrated has them.
  tables: ['sessions', 'session_documents', 'deleted_sessions', 'sync_state'],
};

export interface OpenCacheStoreOptions extends Pick<OpenDatabaseOptions, 'now' | 'busyTimeoutMs'> {
  /** Who writes, for the sentence another writer is refused with (default "Session Desk"). */
  program?: string;
  /** How long to wait for another writer of the same file before refusing (default 2 s). */
  lockWaitMs?: number;
  /**
   * A file at `path` that is not a Session Desk cache is refused and left as it was (the
   * default: the path may be anything a user typed); 'quarantine' takes it for a damaged cache
   * and moves it aside, for a path in the app's own data folder.
   */
  unrecognisedFile?: 'refuse' | 'quarantine';
}

/**
 * Opens the per-account cache (synchronous=NORMAL: WAL keeps it consistent, sync re-fetches),
 * as its only writer: the writer lock is held until `store.close()`. Throws AppError `busy`
 * naming the other writer, NotOurFileError for a file that is not a Session Desk cache (left
 * untouched), DatabaseTooNewError for a cache of a newer build.
 */
export function openCacheStore(
  path: string,
  options: OpenCacheStoreOptions = {},
): OpenedCacheStore {
  const opened = openDatabase(path, {
    ...(options.now ? { now: options.now } : {}),
    ...(options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {}),
    migrations: cacheMigrations,
    synchronous: 'NORMAL',
    cacheSizeKiB: 64 * 1024,
    identity: {
      ...CACHE_IDENTITY,
      name: 'Session Desk cache',
      unrecognised: options.unrecognisedFile ?? 'refuse',
    },
    writerLock: {
      program: options.program ?? 'Session Desk',
      ...(options.lockWaitMs !== undefined ? { waitMs: options.lockWaitMs } : {}),
    },
  });
  return {
    store: new CacheStore(opened.db, opened.lock, path),
    recoveredFrom: opened.recoveredFrom,
  };
}

/** A span of created_at: from inclusive, to exclusive, null for open-ended. */
export interface CreatedRange {
  from: string | null;
  to: string | null;
}

function rangeMs(range: CreatedRange): [number, number] {
  return [
    range.from === null ? Number.MIN_SAFE_INTEGER : toEpochMs(range.from, 'range.from'),
    range.to === null ? Number.MAX_SAFE_INTEGER : toEpochMs(range.to, 'range.to'),
  ];
}

type SessionParams = SessionRow & { seen_at: string };

/**
 * Every read and write the cache offers, as prepared statements created once. Queries with a
 * shape that depends on the user's filter live in ../query and take `store.db`.
 */
export class CacheStore {
  private readonly stmts;
  private analyzedRows: number | undefined;

  /**
   * `lock` is the writer lock `db` was opened under (released on close); `path` the file, for
   * closeAndRemoveFiles. Both null for a database opened some other way.
   */
  constructor(
    readonly db: Database.Database,
    private readonly lock: WriterLock | null = null,
    private readonly path: string | null = null,
  ) {
    this.stmts = {
      updatedAtOf: db.prepare<[string], { rid: number; updated_at_ms: number }>(
        'SELECT rid, updated_at_ms FROM sessions WHERE id = ?',
      ),
      upsertSession: db.prepare<[SessionParams], { rid: number }>(`
        INSERT INTO sessions (id, status, sentiment, ai_closure_type, channel_type, ticket_number,
          assist_mode, created_at_ms, updated_at_ms, language, assignee_id, team_id, team_name,
          contact_id, handed_off, seen_at)
        VALUES (@id, @status, @sentiment, @ai_closure_type, @channel_type, @ticket_number,
          @assist_mode, @created_at_ms, @updated_at_ms, @language, @assignee_id, @team_id,
          @team_name, @contact_id, @handed_off, @seen_at)
        ON CONFLICT (id) DO UPDATE SET
          status = excluded.status, sentiment = excluded.sentiment,
          ai_closure_type = excluded.ai_closure_type, channel_type = excluded.channel_type,
          ticket_number = excluded.ticket_number, assist_mode = excluded.assist_mode,
          created_at_ms = excluded.created_at_ms, updated_at_ms = excluded.updated_at_ms,
          language = excluded.language, assignee_id = excluded.assignee_id,
          team_id = excluded.team_id, team_name = excluded.team_name,
          contact_id = excluded.contact_id, handed_off = excluded.handed_off,
          seen_at = max(seen_at, excluded.seen_at)
        RETURNING rid`),
      clearTombstone: db.prepare<[string]>('DELETE FROM deleted_sessions WHERE id = ?'),
      upsertDocument: db.prepare<[DocumentRow & { rid: number }]>(`
        INSERT INTO session_documents (rid, contact_name, contact_email, contact_phone,
          handoff_summary, custom_data, raw)
        VALUES (@rid, @contact_name, @contact_email, @contact_phone, @handoff_summary,
          @custom_data, @raw)
        ON CONFLICT (rid) DO UPDATE SET contact_name = excluded.contact_name,
          contact_email = excluded.contact_email, contact_phone = excluded.contact_phone,
          handoff_summary = excluded.handoff_summary, custom_data = excluded.custom_data,
          raw = excluded.raw`),
      touchSession: db.prepare<[string, string]>(
        'UPDATE sessions SET seen_at = max(seen_at, ?) WHERE id = ?',
      ),
      deleteCustomData: db.prepare<[number]>(
        'DELETE FROM session_custom_data WHERE session_rid = ?',
      ),
      insertCustomData: db.prepare<[number, string, string | number, string]>(
        'INSERT INTO session_custom_data (session_rid, key, value, value_type) VALUES (?, ?, ?, ?)',
      ),
      getSession: db.prepare<[string], { raw: string }>(
        `SELECT d.raw FROM sessions s JOIN session_documents d ON d.rid = s.rid
         WHERE s.id = ?`,
      ),
      countSessions: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM sessions'),
      // Children first, so the full-text triggers never see a half-deleted session.
      deleteHistory: db.prepare<[string]>('DELETE FROM session_history WHERE session_id = ?'),
      deleteDocument: db.prepare<[number]>('DELETE FROM session_documents WHERE rid = ?'),
      deleteSession: db.prepare<[number]>('DELETE FROM sessions WHERE rid = ?'),
      insertTombstone: db.prepare<[string, string]>(
        'INSERT OR REPLACE INTO deleted_sessions (id, deleted_at) VALUES (?, ?)',
      ),
      deletedAt: db
        .prepare<[string], string>('SELECT deleted_at FROM deleted_sessions WHERE id = ?')
        .pluck(),
      liveIdsNotSeenSince: db
        .prepare<[string], string>('SELECT id FROM sessions WHERE seen_at < ? ORDER BY id')
        .pluck(),
      setLastMessageAt: db.prepare<[number | null, string]>(
        'UPDATE sessions SET last_message_at_ms = ? WHERE id = ?',
      ),
      upsertTag: db.prepare<[string, string]>(
        'INSERT INTO tags (tag_name, raw) VALUES (?, ?) ON CONFLICT (tag_name) DO UPDATE SET raw = excluded.raw',
      ),
      tagNames: db.prepare<[], string>('SELECT tag_name FROM tags').pluck(),
      deleteTag: db.prepare<[string]>('DELETE FROM tags WHERE tag_name = ?'),
      tagExists: db.prepare<[string], number>('SELECT 1 FROM tags WHERE tag_name = ?').pluck(),
      clearTagMembers: db.prepare<[string]>('DELETE FROM session_tags WHERE tag_name = ?'),
      clearTagMembersCreatedFrom: db.prepare<[string, number]>(
        `DELETE FROM session_tags WHERE tag_name = ?
           AND session_rid IN (SELECT rid FROM sessions WHERE created_at_ms >= ?)`,
      ),
      clearTagsOfSession: db.prepare<[number]>('DELETE FROM session_tags WHERE session_rid = ?'),
      liveIdsNotSeenSinceCreatedFrom: db
        .prepare<[string, number], string>(
          'SELECT id FROM sessions WHERE seen_at < ? AND created_at_ms >= ? ORDER BY id',
        )
        .pluck(),
      clearTagMembersCreatedIn: db.prepare<[string, number, number, number]>(
        `DELETE FROM session_tags WHERE tag_name = ? AND session_rid IN (
           SELECT rid FROM sessions
           WHERE created_at_ms >= ? AND created_at_ms < ? AND updated_at_ms < ?)`,
      ),
      liveIdsNotSeenSinceCreatedIn: db
        .prepare<[string, number, number], string>(
          `SELECT id FROM sessions
           WHERE seen_at < ? AND created_at_ms >= ? AND created_at_ms < ? ORDER BY id`,
        )
        .pluck(),
      insertTagMember: db.prepare<[string, number]>(
        'INSERT OR IGNORE INTO session_tags (tag_name, session_rid) VALUES (?, ?)',
      ),
      listTags: db.prepare<[], string>('SELECT raw FROM tags ORDER BY tag_name').pluck(),
      tagsOfSession: db
        .prepare<[string], string>(
          `SELECT t.tag_name FROM session_tags t JOIN sessions s ON s.rid = t.session_rid
           WHERE s.id = ? ORDER BY t.tag_name`,
        )
        .pluck(),
      saveHistory: db.prepare<[string, string, string, number, string]>(`
        INSERT INTO session_history (session_id, events, transcript_text, for_updated_at_ms, saved_at)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (session_id) DO UPDATE SET events = excluded.events,
          transcript_text = excluded.transcript_text,
          for_updated_at_ms = excluded.for_updated_at_ms, saved_at = excluded.saved_at`),
      getHistory: db.prepare<
        [string],
        { events: string; saved_at: string; for_updated_at_ms: number }
      >('SELECT events, saved_at, for_updated_at_ms FROM session_history WHERE session_id = ?'),
      sessionsNeedingHistory: db.prepare<
        [number],
        { id: string; updated_at_ms: number; for_updated_at_ms: number | null }
      >(`
        SELECT s.id, s.updated_at_ms, h.for_updated_at_ms
        FROM sessions s INDEXED BY sessions_by_updated
        LEFT JOIN session_history h ON h.session_id = s.id
        WHERE h.for_updated_at_ms IS NULL OR h.for_updated_at_ms < s.updated_at_ms
        ORDER BY s.updated_at_ms DESC, s.id DESC
        LIMIT ?`),
      getSyncState: db
        .prepare<[string], string>('SELECT value FROM sync_state WHERE key = ?')
        .pluck(),
      setSyncState: db.prepare<[string, string, string]>(`
        INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
      deleteSyncState: db.prepare<[string]>('DELETE FROM sync_state WHERE key = ?'),
    };
  }

  /**
   * Inserts or updates `sessions` in one transaction, keeping the exact API object. A session
   * older (by updated_at) than the cached copy only has its `seen_at` refreshed, so an
   * overlapping page fetched earlier cannot roll a session back. Upserting a deleted session
   * brings it back. Returns how many sessions were written (inserted or replaced).
   * `seen_at` only ever moves forward: a pass that began earlier and commits later cannot make
   * a session look unseen to the sweep of a pass that began after it (a deletion sweep removes
   * only what no pass since its own start has seen).
   */
  upsertSessions(sessions: readonly Session[], seenAt: string): number {
    // Normalised so that seen_at compares correctly as text whatever offset the caller used.
    const seen = toIso(toEpochMs(seenAt, 'seenAt'));
    const written = this.transaction(() => {
      let written = 0;
      for (const session of sessions) {
        const row = toSessionRow(session);
        const existing = this.stmts.updatedAtOf.get(row.id);
        if (existing && existing.updated_at_ms > row.updated_at_ms) {
          this.stmts.touchSession.run(seen, row.id);
          continue;
        }
        const result = this.stmts.upsertSession.get({ ...row, seen_at: seen });
        if (!result) throw new Error(`Upserting session ${row.id} returned no row id.`);
        this.stmts.upsertDocument.run({ ...toDocumentRow(session), rid: result.rid });
        this.stmts.clearTombstone.run(row.id);
        this.stmts.deleteCustomData.run(result.rid);
        for (const cd of toCustomDataRows(session)) {
          this.stmts.insertCustomData.run(result.rid, cd.key, cd.value, cd.value_type);
        }
        written++;
      }
      return written;
    });
    this.refreshStatisticsIfGrown();
    return written;
  }

  /** The session exactly as the API sent it, or null if not cached (or deleted). */
  getSession(id: string): Session | null {
    const row = this.stmts.getSession.get(id);
    return row ? (JSON.parse(row.raw) as Session) : null;
  }

  /** Cached sessions (deleted ones are gone). */
  countSessions(): number {
    return this.stmts.countSessions.get()?.n ?? 0;
  }

  /**
   * Removes sessions the API no longer has, with their transcript, tags and custom data, and
   * remembers when (deletedAt). Returns how many were cached.
   */
  markDeleted(ids: readonly string[], at: string): number {
    toEpochMs(at, 'at');
    return this.transaction(() => {
      let removed = 0;
      for (const id of ids) {
        const row = this.stmts.updatedAtOf.get(id);
        if (row) {
          this.stmts.deleteHistory.run(id);
          this.stmts.deleteDocument.run(row.rid);
          this.stmts.deleteSession.run(row.rid);
          removed++;
        }
        this.stmts.insertTombstone.run(id, at);
      }
      return removed;
    });
  }

  /** When markDeleted removed this session, or null if it was never deleted (or came back). */
  deletedAt(id: string): string | null {
    return this.stmts.deletedAt.get(id) ?? null;
  }

  /** Cached sessions whose last upsert was before `seenAt`: candidates for the deletion sweep. */
  listLiveIdsNotSeenSince(seenAt: string): string[] {
    return this.stmts.liveIdsNotSeenSince.all(toIso(toEpochMs(seenAt, 'seenAt')));
  }

  /**
   * Sets the exact last_message_at learnt elsewhere than a transcript (null forgets it, so the
   * sort falls back to updated_at). Returns false if the session is not cached.
   */
  setLastMessageAt(sessionId: string, at: string | null): boolean {
    const ms = at === null ? null : toEpochMs(at, 'last_message_at');
    return this.stmts.setLastMessageAt.run(ms, sessionId).changes > 0;
  }

  /** Replaces the tag catalog; memberships of tags no longer in it are dropped. */
  replaceTagCatalog(tags: readonly Tag[]): void {
    this.transaction(() => {
      const keep = new Set(tags.map((tag) => tag.tag_name));
      for (const name of this.stmts.tagNames.all()) {
        if (!keep.has(name)) this.stmts.deleteTag.run(name);
      }
      for (const tag of tags) this.stmts.upsertTag.run(tag.tag_name, JSON.stringify(tag));
    });
  }

  /**
   * Replaces the whole membership of one catalogued tag. Only cached sessions can be members:
   * upsert the sessions a tag query returned before calling this. Ids not cached are returned.
   * Throws not_found for a tag that is not in the catalog.
   */
  setTagMembers(
    tagName: string,
    sessionIds: readonly string[],
    createdFrom: string | null = null,
  ): { stored: number; unknownIds: string[] } {
    return this.transaction(() => {
      if (!this.stmts.tagExists.get(tagName)) {
        throw new AppError('not_found', `Tag "${tagName}" is not in the cached tag catalog.`);
      }
      // A sync scoped to recent sessions replaces membership only within its scope.
      if (createdFrom === null) this.stmts.clearTagMembers.run(tagName);
      else
        this.stmts.clearTagMembersCreatedFrom.run(tagName, toEpochMs(createdFrom, 'createdFrom'));
      let stored = 0;
      const unknownIds: string[] = [];
      for (const id of sessionIds) {
        const row = this.stmts.updatedAtOf.get(id);
        if (!row) unknownIds.push(id);
        else stored += this.stmts.insertTagMember.run(tagName, row.rid).changes;
      }
      return { stored, unknownIds };
    });
  }

  /**
   * Replaces the whole tag set of each cached session in the map (a delta learns a changed
   * session's tags from which tag queries it appears in). Tags not in the catalog and sessions
   * not cached are skipped. Returns how many memberships were written.
   */
  setSessionTags(tagsBySession: ReadonlyMap<string, readonly string[]>): number {
    return this.transaction(() => {
      let stored = 0;
      for (const [id, tagNames] of tagsBySession) {
        const row = this.stmts.updatedAtOf.get(id);
        if (!row) continue;
        this.stmts.clearTagsOfSession.run(row.rid);
        for (const tagName of tagNames) {
          if (!this.stmts.tagExists.get(tagName)) continue;
          stored += this.stmts.insertTagMember.run(tagName, row.rid).changes;
        }
      }
      return stored;
    });
  }

  /**
   * The deletion sweep: live sessions created at or after `createdFrom` (all when null) whose
   * last upsert was before `seenSince` are marked deleted at `at`. Returns how many.
   */
  markUnseenDeleted(seenSince: string, createdFrom: string | null, at: string): number {
    const seen = toIso(toEpochMs(seenSince, 'seenSince'));
    const ids =
      createdFrom === null
        ? this.stmts.liveIdsNotSeenSince.all(seen)
        : this.stmts.liveIdsNotSeenSinceCreatedFrom.all(
            seen,
            toEpochMs(createdFrom, 'createdFrom'),
          );
    return this.markDeleted(ids, at);
  }

  /**
   * Replaces one catalogued tag's membership among cached sessions created within `range`
   * (from inclusive, to exclusive; null is open-ended) — the backfill's share of the cache.
   * Sessions updated at or after `updatedBefore` are left alone: they changed while the caller
   * was reading, and the delta that fetches them sets their tags. Throws not_found for a tag not
   * in the catalog. Returns how many memberships were written.
   */
  replaceTagMembersCreatedIn(
    tagName: string,
    sessionIds: readonly string[],
    range: CreatedRange,
    updatedBefore: string | null,
  ): number {
    const [from, to] = rangeMs(range);
    const updatedLimit =
      updatedBefore === null ? Number.MAX_SAFE_INTEGER : toEpochMs(updatedBefore, 'updatedBefore');
    return this.transaction(() => {
      if (!this.stmts.tagExists.get(tagName)) {
        throw new AppError('not_found', `Tag "${tagName}" is not in the cached tag catalog.`);
      }
      this.stmts.clearTagMembersCreatedIn.run(tagName, from, to, updatedLimit);
      let stored = 0;
      for (const id of sessionIds) {
        const row = this.stmts.updatedAtOf.get(id);
        if (!row || row.updated_at_ms >= updatedLimit) continue;
        stored += this.stmts.insertTagMember.run(tagName, row.rid).changes;
      }
      return stored;
    });
  }

  /**
   * The deletion sweep over sessions created within `range` (from inclusive, to exclusive; null
   * is open-ended): those whose last upsert was before `seenSince` are marked deleted at `at`.
   * Returns how many.
   */
  markUnseenDeletedCreatedIn(seenSince: string, range: CreatedRange, at: string): number {
    const seen = toIso(toEpochMs(seenSince, 'seenSince'));
    const [from, to] = rangeMs(range);
    return this.markDeleted(this.stmts.liveIdsNotSeenSinceCreatedIn.all(seen, from, to), at);
  }

  /** The tag catalog as the API sent it, by name. */
  listTags(): Tag[] {
    return this.stmts.listTags.all().map((raw) => JSON.parse(raw) as Tag);
  }

  /** Names of the tags a session carries, by name. */
  tagsOfSession(sessionId: string): string[] {
    return this.stmts.tagsOfSession.all(sessionId);
  }

  /**
   * Replaces a session's cached transcript and sets its exact last_message_at from the newest
   * `message` event (left as it was if the transcript has no message). Throws not_found if the
   * session is not cached.
   */
  saveHistory(sessionId: string, events: readonly HistoryEvent[], savedAt?: string): void {
    const at = savedAt ?? new Date().toISOString();
    this.transaction(() => {
      const session = this.stmts.updatedAtOf.get(sessionId);
      if (!session) {
        throw new AppError(
          'not_found',
          `Session ${sessionId} is not cached; cannot save its history.`,
        );
      }
      this.stmts.saveHistory.run(
        sessionId,
        JSON.stringify(events),
        transcriptText(events),
        session.updated_at_ms,
        at,
      );
      const newest = newestMessageAt(events);
      if (newest !== null) this.stmts.setLastMessageAt.run(newest, sessionId);
    });
  }

  getHistory(sessionId: string): CachedHistory | null {
    const row = this.stmts.getHistory.get(sessionId);
    if (!row) return null;
    return {
      events: JSON.parse(row.events) as HistoryEvent[],
      saved_at: row.saved_at,
      for_updated_at: toIso(row.for_updated_at_ms),
    };
  }

  /** Most recently updated live sessions whose transcript is missing or older than updated_at. */
  sessionsNeedingHistory(limit: number): SessionNeedingHistory[] {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new AppError('invalid_input', `limit must be a positive integer, got ${limit}.`);
    }
    return this.stmts.sessionsNeedingHistory.all(limit).map((row) => ({
      id: row.id,
      updated_at: toIso(row.updated_at_ms),
      history_for_updated_at: row.for_updated_at_ms === null ? null : toIso(row.for_updated_at_ms),
    }));
  }

  /** A JSON value stored under `key`, or null. */
  getSyncState(key: string): unknown {
    const raw = this.stmts.getSyncState.get(key);
    return raw === undefined ? null : (JSON.parse(raw) as unknown);
  }

  /** Stores a JSON-serialisable value; null or undefined removes the key. */
  setSyncState(key: string, value: unknown, at?: string): void {
    if (value === null || value === undefined) {
      this.stmts.deleteSyncState.run(key);
      return;
    }
    this.stmts.setSyncState.run(key, JSON.stringify(value), at ?? new Date().toISOString());
  }

  /** Runs `fn` in one IMMEDIATE transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /**
   * Refreshes the planner's statistics (bounded ANALYZE); call after a full sync or a large
   * delta. Without statistics SQLite may pick an index that scans the whole table.
   */
  optimize(): void {
    this.db.pragma('analysis_limit = 0');
    this.db.exec('ANALYZE');
    this.analyzedRows = this.countSessions();
  }

  /**
   * The planner's choices (sort index vs filter index, covering scans) depend on statistics;
   * stale ones after a big sync can make a query ten times slower. Re-analysing whenever the
   * cache has doubled costs O(n) in total (about 0.3 s per 100k sessions).
   */
  private refreshStatisticsIfGrown(): void {
    if (this.db.inTransaction) return;
    this.analyzedRows ??= this.readAnalyzedRows();
    const rows = this.countSessions();
    if (rows >= 1000 && rows > 2 * this.analyzedRows) this.optimize();
  }

  private readAnalyzedRows(): number {
    const hasStats = this.db
      .prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'")
      .pluck()
      .get();
    if (!hasStats) return 0;
    const stats = this.db
      .prepare<[], string>("SELECT stat FROM sqlite_stat1 WHERE tbl = 'sessions'")
      .pluck()
      .all();
    return Math.max(0, ...stats.map((stat) => Number.parseInt(stat, 10) || 0));
  }

  /** Closes the database, then gives up the writer lock. Idempotent. */
  close(): void {
    try {
      if (this.db.open) {
        this.db.pragma('optimize');
        this.db.close();
      }
    } finally {
      this.lock?.release();
    }
  }

  /**
   * Closes the database and removes its file with every companion, the writer lock's included:
   * for a first sync that failed before storing anything. The files go while the lock is held.
   */
  closeAndRemoveFiles(): void {
    if (this.db.open) this.db.close();
    if (this.path !== null) {
      for (const suffix of ['', '-wal', '-shm', '-journal']) {
        rmSync(this.path + suffix, { force: true });
      }
    }
    this.lock?.releaseAndRemoveFiles();
  }
}
