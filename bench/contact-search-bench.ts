import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import type { CallResult } from '../src-shared/contract/app-error';
import type { ContactMatch } from '../src-shared/contract/results';
import { toFtsMatchExpression } from '../src-main/engine/query/fts-match-expression';
import { createReadOnlyEngine } from '../src-main/engine/service/read-only-engine';
import { mintCacheReader } from '../src-main/engine/store/cache/cache-handles';
import { cacheReads } from '../src-main/engine/store/cache/cache-reads';
import {
  ENGINE_CACHE_KIB,
  FALLBACK_FOOTNOTE,
  plainRunner,
  runStatements,
  type SqlRunner,
} from './engine-under-test';
import { BENCH_CACHE_DIR, LARGE_CACHE_NOW, type LargeCacheFacts } from './large-cache';
import { describeMachine, loadNow } from './machine';
import { measurePair } from './measure';
import { printRatioTable, type RatioRow } from './ratio-table';
import { recordingReads, type RecordedStatement } from './recording-reader';

// The contact filter's type-ahead (contacts.search) on a generated cache, read only:
//
//   npx tsx bench/contact-search-bench.ts [--cache FILE.db] [--runs N]
//
// Without --cache it takes the largest generated cache in .bench-cache/ (the 1,000,000-session
// one once `npm run bench` has made it) and never writes to it. Two tables:
// 1. contacts.search through the contract's dispatcher and handlers, against the same statements
//    with the same values on a plain better-sqlite3 connection (Debian's sqlite3 3.40 cannot read
//    the FTS5 table: see FALLBACK_FOOTNOTE). Budget: the facet budget, p95 ≤ 100 ms (what the
//    panel waits for while typing; typing to list painted is the UI budget, 150 ms).
// 2. The same service against the statement it replaced (sessions first for every prefix: every
//    matching session joined to its sessions row and document, grouped by contact), to show
//    what the change bought; the note says whether both returned the same contacts.

const LIMIT = 8;

/** The type-ahead statement before contacts-first searching (kept here only to compare). */
const SESSIONS_FIRST_BEFORE = `SELECT s.contact_id AS id, max(d.contact_name) AS name, max(d.contact_email) AS email,
    max(d.contact_phone) AS phone, count(*) AS sessions
  FROM session_fts f
  JOIN sessions s ON s.rid = f.rowid
  JOIN session_documents d ON d.rid = s.rid
  WHERE session_fts MATCH ? AND s.contact_id IS NOT NULL
  GROUP BY s.contact_id ORDER BY sessions DESC, name LIMIT ?`;

const { values } = parseArgs({
  options: { cache: { type: 'string' }, runs: { type: 'string', default: '20' } },
});
const runs = Number(values.runs);
const path = values.cache ?? largestCache();
const facts = readFacts(path);

const engine = openReadOnly(path);
try {
  console.log(describeMachine().lines.join('\n'));
  console.log(`cache: ${path}${facts ? ` (${facts.sessions.toLocaleString('en')} sessions)` : ''}`);
  const cases = await chooseCases();
  const service: RatioRow[] = [];
  const before: RatioRow[] = [];
  for (const { name, text } of cases) {
    const input = { text, limit: LIMIT };
    const { value, statements } = await engine.recorded<ContactMatch[]>('contacts.search', input);
    const first = await runStatements(engine.raw, statements);
    if (first.lines.at(-1)?.length !== value.length) {
      throw new Error(`Case "${name}": the service and its statements disagree.`);
    }
    const call = () => engine.call('contacts.search', input);
    const timing = await measurePair(
      call,
      async () => (await runStatements(engine.raw, statements)).ms,
      {
        warmup: 3,
        runs,
      },
    );
    const path = statements.some((s) => s.sql.includes('WITH RECURSIVE contact'))
      ? 'contacts first'
      : 'sessions first';
    service.push({
      case: name,
      baseline: timing.b,
      subject: timing.a,
      ratio: timing.a.medianMs / timing.b.medianMs,
      budget: { kind: 'p95-ms', max: 100 },
      note: `${value.length} contacts; ${path}; load ${loadNow()}`,
    });

    const expression = `{contact_name contact_email contact_phone} : (${toFtsMatchExpression(text)})`;
    const old = await engine.raw.run(SESSIONS_FIRST_BEFORE, [expression, LIMIT]);
    const sameContacts =
      JSON.stringify(old.lines.map((line) => line.split('|')[0]).sort()) ===
      JSON.stringify(value.map((contact) => contact.id).sort());
    const versus = await measurePair(
      call,
      async () => (await engine.raw.run(SESSIONS_FIRST_BEFORE, [expression, LIMIT])).ms,
      { warmup: 1, runs: Math.max(3, Math.round(runs / 4)) },
    );
    before.push({
      case: name,
      baseline: versus.b,
      subject: versus.a,
      ratio: versus.a.medianMs / versus.b.medianMs,
      note: sameContacts ? 'same contacts' : 'other contacts (see contact-search.ts)',
    });
  }
  const sessions = facts ? `${facts.sessions.toLocaleString('en')} cached sessions` : path;
  printRatioTable({
    title: `Contact type-ahead: contacts.search, ${LIMIT} contacts, ${sessions}`,
    subject: 'service',
    baseline: 'floor',
    ratioMeaning: 'service / the same statements on a plain better-sqlite3 connection',
    runs,
    rows: service,
  });
  printRatioTable({
    title: `Contact type-ahead against the statement it replaced, ${sessions}`,
    subject: 'service',
    baseline: 'before',
    ratioMeaning: 'service now / the sessions-first statement it replaced',
    runs: Math.max(3, Math.round(runs / 4)),
    rows: before,
  });
  console.log(`\n${FALLBACK_FOOTNOTE.replace('† ', '')}`);
} finally {
  engine.close();
}

/**
 * What an agent types: 1–3 letters of a name, a whole name, email prefixes (a local part, a
 * common domain) and phone digits, as written and digits only, taken from the cache itself.
 */
async function chooseCases(): Promise<{ name: string; text: string }[]> {
  const phone = (
    await engine.raw.run(
      `SELECT contact_phone FROM session_documents WHERE contact_phone LIKE '+1%' LIMIT 1`,
      [],
    )
  ).lines[0];
  const email = (
    await engine.raw.run(
      `SELECT contact_email FROM session_documents WHERE contact_email LIKE '%.%@%' LIMIT 1`,
      [],
    )
  ).lines[0];
  const fullName = facts?.contactName ?? 'Wilma Stokes';
  const cases = [
    { name: 'name, 1 letter: "w"', text: 'w' },
    { name: 'name, 2 letters: "wi"', text: 'wi' },
    { name: 'name, 3 letters: "wil"', text: 'wil' },
    { name: 'name, 1 letter: "j"', text: 'j' },
    { name: 'name, 2 letters: "ma"', text: 'ma' },
    { name: 'name, 3 letters: "mar"', text: 'mar' },
    { name: `full name: "${fullName}"`, text: fullName },
  ];
  if (email) {
    const local = email.split('@')[0] ?? email;
    cases.push({ name: `email prefix: "${local.slice(0, 7)}"`, text: local.slice(0, 7) });
    cases.push({ name: `whole email: "${email}"`, text: email });
  }
  cases.push({ name: 'email domain prefix: "gm"', text: 'gm' });
  cases.push({ name: 'email domain: "gmail"', text: 'gmail' });
  if (phone) {
    const digits = phone.replace(/\D/g, '');
    cases.push({ name: `phone as typed: "${phone.slice(0, 5)}"`, text: phone.slice(0, 5) });
    cases.push({ name: `phone digits: "${digits.slice(0, 7)}"`, text: digits.slice(0, 7) });
  }
  return cases;
}

function largestCache(): string {
  const files = readdirSync(BENCH_CACHE_DIR)
    .filter((name) => /^cache-.*\.db$/.test(name))
    .map((name) => join(BENCH_CACHE_DIR, name))
    .sort((a, b) => statSync(b).size - statSync(a).size);
  if (!files[0]) throw new Error(`No generated cache in ${BENCH_CACHE_DIR}: run npm run bench.`);
  return files[0];
}

/** The generator's facts beside the cache (cache-….json), when there are any. */
function readFacts(db: string): LargeCacheFacts | null {
  try {
    return JSON.parse(readFileSync(db.replace(/\.db$/, '.json'), 'utf8')) as LargeCacheFacts;
  } catch {
    return null;
  }
}

interface ReadOnlyHarness {
  call<T>(channel: string, input: unknown): Promise<T>;
  recorded<T>(
    channel: string,
    input: unknown,
  ): Promise<{ value: T; statements: RecordedStatement[] }>;
  /** The same SQL on a plain read-only connection: no service around it. */
  raw: SqlRunner;
  close(): void;
}

/**
 * The contract's read-only engine over `file`, opened read only by hand rather than by
 * openCacheReader: that opener refuses a cache one migration behind this tree, and a kept
 * benchmark cache may be (upgrading it means writing it, which this benchmark never does). The
 * type-ahead reads sessions, session_documents and session_fts, whose shape no migration since
 * 006 has changed. Both connections get the app's page cache size.
 */
function openReadOnly(file: string): ReadOnlyHarness {
  const open = () => {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma(`cache_size = -${ENGINE_CACHE_KIB}`);
    return db;
  };
  const served = open();
  const reads = { ...cacheReads(mintCacheReader(served)), close: () => undefined };
  const plain = createReadOnlyEngine(
    () => reads,
    () => LARGE_CACHE_NOW,
  );
  const recording = recordingReads(reads);
  const recorder = createReadOnlyEngine(
    () => ({ ...recording.reads, close: () => undefined }),
    () => LARGE_CACHE_NOW,
  );
  const rawDb = open();
  return {
    call: (channel, input) => unwrap(plain.dispatch(channel, input)),
    async recorded(channel, input) {
      recording.take();
      const value = await unwrap<never>(recorder.dispatch(channel, input));
      return { value, statements: recording.take() };
    },
    raw: plainRunner(rawDb),
    close() {
      rawDb.close();
      served.close();
    },
  };
}

async function unwrap<T>(answer: Promise<unknown>): Promise<T> {
  const result = (await answer) as CallResult<T>;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}
