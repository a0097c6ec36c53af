import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { FakeAgent } from '../fake-opencx/data/fake-session';
import { generateOrganisation } from '../fake-opencx/data/organisation';
import { SeededRandom } from '../fake-opencx/data/seeded-random';
import { SessionFactory } from '../fake-opencx/data/session-factory';
import { generateTranscript } from '../fake-opencx/data/transcript';
import type { Session } from '../src-shared/opencx/session';
import type { HistoryEvent } from '../src-shared/opencx/history';
import { openCacheStore } from '../src-main/engine/store/cache-store';
import { cacheMigrations } from '../src-main/engine/store/migrations/cache';
import { migrate } from '../src-main/engine/store/migrate';
import { CACHE_APPLICATION_ID } from '../src-main/engine/store/cache/cache-identity';
import { CACHE_PAGE_SIZE } from '../src-main/engine/store/cache/cache-page-size';
import {
  toCustomDataRows,
  toDocumentRow,
  toSessionRow,
} from '../src-main/engine/store/cache/session-row';
import { transcriptText } from '../src-main/engine/store/cache/transcript-text';

// A large cache generated straight into SQLite: the fake server's organisation and session
// factory (same vocabulary and distributions as a synced cache), written with bulk INSERTs in
// big transactions, indexes and triggers built once at the end, then opened by the app's own
// opener so every later migration runs on the data as it would on a user's cache. The file is
// kept in .bench-cache/ keyed by size, seed, transcript share and a hash of the schema, so a
// second run costs nothing.

/** Bump when the generated file changes (not the schema: that is hashed). 2: 16 KiB pages. */
const GENERATOR_VERSION = 2;
/** The migrations that create the base tables the generator writes; later ones run on the data. */
const BASE_MIGRATIONS = 2;
const DAY_MS = 86_400_000;
const SPREAD_MS = 180 * DAY_MS;
const BATCH = 20_000;

export const BENCH_CACHE_DIR = resolve(import.meta.dirname, '..', '.bench-cache');
/** The generated data's "now": relative filters ("last 7 days") resolve against it. */
export const LARGE_CACHE_NOW = Date.UTC(2026, 10, 1, 12, 0, 0);

export interface LargeCacheOptions {
  sessions: number;
  seed: number;
  /** Share of sessions with a cached transcript (and so an exact last_message_at). */
  transcriptShare: number;
  /** Where generated files are kept; default .bench-cache/ at the repository root. */
  dir?: string;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

/** Values the benchmarks filter and search by, found in the generated data. */
export interface LargeCacheFacts {
  sessions: number;
  seed: number;
  transcripts: number;
  /** How long generating the file took (files upgraded before upgradedInMs existed include their upgrades). */
  generatedInMs: number;
  /** How long running later migrations on the file took, in all. */
  upgradedInMs?: number;
  bytes: number;
  teamId: string;
  agentIds: string[];
  contactId: string;
  /** A contact's full name (common: a contact comes back across many sessions). */
  contactName: string;
  /** A ticket number: matches one session. */
  ticketNumber: number;
  tags: string[];
  /** The fingerprint of each migration the file has run (see ensureLargeCache). */
  migrations: string[];
}

export interface LargeCache {
  path: string;
  facts: LargeCacheFacts;
  /** What this call did: generated the file, ran new migrations on an earlier one, or neither. */
  made: 'generated' | 'upgraded' | 'reused';
}

/** Each migration's fingerprint (name, version and code), in order. */
function migrationHashes(): string[] {
  return cacheMigrations.map((migration) =>
    createHash('sha256')
      .update(`${migration.version}:${migration.name}:${migration.up.toString()}`)
      .digest('hex')
      .slice(0, 12),
  );
}

/** The schema's fingerprint: every migration's. */
export function schemaHash(hashes: readonly string[] = migrationHashes()): string {
  return createHash('sha256').update(hashes.join(',')).digest('hex').slice(0, 12);
}

/** What a generated file is for, without its schema. */
function dataKey(options: LargeCacheOptions): string {
  const share = Math.round(options.transcriptShare * 1000);
  return `cache-n${options.sessions}-seed${options.seed}-t${share}-g${GENERATOR_VERSION}`;
}

export function largeCacheKey(options: LargeCacheOptions): string {
  return `${dataKey(options)}-v${cacheMigrations.length}-${schemaHash()}`;
}

/** A file generated earlier for the same data under the first migrations of today's schema. */
function upgradable(dir: string, options: LargeCacheOptions): string | null {
  if (!existsSync(dir)) return null;
  const hashes = migrationHashes();
  const prefix = `${dataKey(options)}-v`;
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith('.json')) continue;
    const facts = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Partial<LargeCacheFacts>;
    const had = facts.migrations ?? [];
    const db = join(dir, name.replace(/\.json$/, '.db'));
    if (had.length > 0 && had.length < hashes.length && existsSync(db)) {
      if (had.every((hash, i) => hash === hashes[i])) return db;
    }
  }
  return null;
}

/** The cached file for these options, generated first if it is not there yet. */
export function ensureLargeCache(options: LargeCacheOptions): LargeCache {
  const dir = options.dir ?? BENCH_CACHE_DIR;
  const key = largeCacheKey(options);
  const path = join(dir, `${key}.db`);
  const factsPath = join(dir, `${key}.json`);
  if (existsSync(path) && existsSync(factsPath)) {
    return {
      path,
      facts: JSON.parse(readFileSync(factsPath, 'utf8')) as LargeCacheFacts,
      made: 'reused',
    };
  }
  mkdirSync(dir, { recursive: true });
  // Only migrations were added since: run them on the file, as a user's cache would be upgraded.
  const older = upgradable(dir, options);
  if (older) {
    const facts = JSON.parse(
      readFileSync(older.replace(/\.db$/, '.json'), 'utf8'),
    ) as LargeCacheFacts;
    rmSync(older.replace(/\.db$/, '.json'));
    renameSync(older, path);
    const started = performance.now();
    options.log?.(`  upgrading ${older} to this schema`);
    finishAsTheAppWould(path);
    const upgraded = {
      ...facts,
      upgradedInMs: (facts.upgradedInMs ?? 0) + performance.now() - started,
      migrations: migrationHashes(),
      bytes: statSync(path).size,
    };
    writeFileSync(factsPath, JSON.stringify(upgraded, null, 2));
    return { path, facts: upgraded, made: 'upgraded' };
  }
  const partial = `${path}.partial`;
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(partial + suffix, { force: true });
  const facts = generateLargeCache(partial, options);
  renameSync(partial, path);
  writeFileSync(factsPath, JSON.stringify(facts, null, 2));
  return { path, facts, made: 'generated' };
}

function generateLargeCache(path: string, options: LargeCacheOptions): LargeCacheFacts {
  const started = performance.now();
  const say = options.log ?? (() => undefined);
  const log = (line: string) =>
    say(`${line} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  const db = new Database(path);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  db.pragma('temp_store = MEMORY');
  // The page size the app gives a new cache (cache-page-size.ts), before the first write fixes it.
  db.pragma(`page_size = ${CACHE_PAGE_SIZE}`);
  db.pragma(`application_id = ${CACHE_APPLICATION_ID}`);
  migrate(db, cacheMigrations.slice(0, BASE_MIGRATIONS), path);

  // Indexes and triggers are dropped during the load and rebuilt from their own SQL afterwards:
  // one sort per index instead of a million B-tree inserts, one FTS build instead of a million.
  const deferred = db
    .prepare<[], { type: string; name: string; sql: string }>(
      "SELECT type, name, sql FROM sqlite_schema WHERE type IN ('index', 'trigger') AND sql IS NOT NULL",
    )
    .all();
  for (const { type, name } of deferred) db.exec(`DROP ${type.toUpperCase()} "${name}"`);

  const organisation = generateOrganisation(options.seed, options.sessions, LARGE_CACHE_NOW);
  const random = SeededRandom.derive(options.seed, 'sessions');
  const factory = new SessionFactory(organisation, random, 0);
  const history = SeededRandom.derive(options.seed, 'bench-transcripts');
  const created = createdTimes(random, options.sessions);

  const insertSession = db.prepare(`
    INSERT INTO sessions (rid, id, status, sentiment, ai_closure_type, channel_type,
      ticket_number, assist_mode, created_at_ms, updated_at_ms, last_message_at_ms, language,
      assignee_id, team_id, team_name, contact_id, handed_off, seen_at)
    VALUES (@rid, @id, @status, @sentiment, @ai_closure_type, @channel_type, @ticket_number,
      @assist_mode, @created_at_ms, @updated_at_ms, @last_message_at_ms, @language,
      @assignee_id, @team_id, @team_name, @contact_id, @handed_off, @seen_at)`);
  const insertDocument = db.prepare(`
    INSERT INTO session_documents (rid, contact_name, contact_email, contact_phone,
      handoff_summary, custom_data, raw)
    VALUES (@rid, @contact_name, @contact_email, @contact_phone, @handoff_summary,
      @custom_data, @raw)`);
  const insertCustomData = db.prepare(
    'INSERT INTO session_custom_data (session_rid, key, value, value_type) VALUES (?, ?, ?, ?)',
  );
  const insertTag = db.prepare('INSERT INTO tags (tag_name, raw) VALUES (?, ?)');
  const insertMember = db.prepare('INSERT INTO session_tags (tag_name, session_rid) VALUES (?, ?)');
  const insertHistory = db.prepare(`
    INSERT INTO session_history (session_id, events, transcript_text, for_updated_at_ms, saved_at)
    VALUES (?, ?, ?, ?, ?)`);

  const seenAt = new Date(LARGE_CACHE_NOW).toISOString();
  const endMs = Math.floor(LARGE_CACHE_NOW / 1000) * 1000;
  let transcripts = 0;
  let ticketNumber = 0;
  let contactId = '';
  let contactName = '';
  db.transaction(() => {
    for (const tag of organisation.tags) insertTag.run(tag.tag_name, JSON.stringify(tag));
  })();
  let previousLastMessage = -Infinity;
  for (let from = 0; from < options.sessions; from += BATCH) {
    db.transaction(() => {
      const to = Math.min(options.sessions, from + BATCH);
      for (let i = from; i < to; i++) {
        const createdMs = created[i] as number;
        let lastMessageMs = laterWithin(random, createdMs, conversationLength(random), endMs);
        if (random.chance(0.02)) lastMessageMs = createdMs;
        else if (random.chance(0.04) && previousLastMessage >= createdMs)
          lastMessageMs = previousLastMessage;
        previousLastMessage = lastMessageMs;
        const settleMs = random.chance(0.5) ? random.int(0, 3600) * 1000 : 0;
        const updatedMs = laterWithin(random, lastMessageMs, settleMs, endMs);
        const record = factory.create(i, 1000 + i, { createdMs, lastMessageMs, updatedMs });
        const session = record.session as Session;
        const rid = i + 1;
        const withTranscript = history.chance(options.transcriptShare);
        insertSession.run({
          ...toSessionRow(session),
          rid,
          last_message_at_ms: withTranscript ? lastMessageMs : null,
          seen_at: seenAt,
        });
        insertDocument.run({ ...toDocumentRow(session), rid });
        for (const cd of toCustomDataRows(session)) {
          insertCustomData.run(rid, cd.key, cd.value, cd.value_type);
        }
        for (const tag of record.tags) insertMember.run(tag, rid);
        if (withTranscript) {
          const events = generateTranscript(record, organisation.agents as FakeAgent[]);
          insertHistory.run(
            session.id,
            JSON.stringify(events),
            transcriptText(events as HistoryEvent[]),
            updatedMs,
            seenAt,
          );
          transcripts++;
        }
        if (i === Math.floor(options.sessions / 2)) {
          ticketNumber = session.ticket_number;
          contactId = session.contact?.id ?? contactId;
          contactName = session.contact?.name ?? contactName;
        }
        if (!contactName && session.contact?.name) {
          contactId = session.contact.id;
          contactName = session.contact.name;
        }
      }
    })();
    if ((from / BATCH) % 10 === 9) log(`  ${from + BATCH} sessions written`);
  }

  log('  building indexes');
  db.pragma('threads = 2');
  db.transaction(() => {
    for (const { type, sql } of deferred) if (type === 'index') db.exec(sql);
  })();
  log('  building the full-text index');
  db.transaction(() => {
    db.exec(`INSERT INTO session_fts (rowid, contact_name, contact_email, contact_phone,
        handoff_summary, ticket_number, custom_values, transcript)
      SELECT d.rid, d.contact_name, d.contact_email,
        d.contact_phone || ' ' || replace(replace(replace(replace(replace(replace(
          d.contact_phone, ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), '.', ''),
        d.handoff_summary, s.ticket_number,
        (SELECT group_concat(value, ' ') FROM json_each(d.custom_data)
          WHERE type IN ('text', 'integer', 'real')),
        h.transcript_text
      FROM session_documents d JOIN sessions s ON s.rid = d.rid
      LEFT JOIN session_history h ON h.session_id = s.id
      ORDER BY d.rid`);
    for (const { type, sql } of deferred) if (type === 'trigger') db.exec(sql);
  })();
  log('  merging the full-text index');
  db.exec("INSERT INTO session_fts (session_fts) VALUES ('optimize')");
  db.pragma('journal_mode = WAL');
  db.close();

  log('  migrating and analysing as the app would');
  finishAsTheAppWould(path);
  log('  done');

  return {
    sessions: options.sessions,
    seed: options.seed,
    transcripts,
    generatedInMs: performance.now() - started,
    bytes: statSync(path).size,
    teamId: organisation.teams[0]?.id ?? '',
    agentIds: organisation.agents.map((agent) => agent.id),
    contactId,
    contactName,
    ticketNumber,
    tags: organisation.tags.map((tag) => tag.tag_name),
    migrations: migrationHashes(),
  };
}

/** The app's opener: later migrations, statistics, and the file as the app leaves it. */
function finishAsTheAppWould(path: string): void {
  const { store } = openCacheStore(path, {
    program: 'Session Desk bench',
    // Freshly written: no need to read every page back.
    integrityCheck: 'background',
  });
  store.optimize();
  store.close();
  const db = new Database(path);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  rmSync(`${path}.lock`, { force: true });
}

/** Creation times over 180 days, skewed towards recent days, ascending, with some ties. */
function createdTimes(random: SeededRandom, count: number): Float64Array {
  const startMs = Math.floor((LARGE_CACHE_NOW - SPREAD_MS) / 1000) * 1000;
  const created = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    created[i] = startMs + Math.floor(Math.sqrt(random.next()) * (SPREAD_MS / 1000)) * 1000;
  }
  created.sort();
  for (let i = 1; i < count; i++) {
    if (random.chance(0.03)) created[i] = created[i - 1] as number;
  }
  return created;
}

function laterWithin(random: SeededRandom, startMs: number, lengthMs: number, endMs: number) {
  if (startMs + lengthMs <= endMs) return startMs + lengthMs;
  return startMs + Math.floor((random.next() * Math.max(0, endMs - startMs)) / 1000) * 1000;
}

function conversationLength(random: SeededRandom): number {
  const seconds = random.weighted([
    [random.int(20, 600), 55],
    [random.int(600, 7200), 35],
    [random.int(7200, 5 * 86_400), 10],
  ] as const);
  return seconds * 1000;
}
