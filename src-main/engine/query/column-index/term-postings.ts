import { cacheFilePath, type CacheReader } from '../../store/cache/cache-handles';
import type { SqlClause } from '../filter-columns';
import { parseFtsMatchExpression } from '../fts-match-expression';
import type { ColumnSnapshot } from './column-snapshot';
import { startFullTextLister, type FullTextLister, type Vocabulary } from './full-text-lister';
import { forEachRowId } from './row-id-list';

// The rows of the full-text index's most common terms and short prefixes, held by the column
// index as one bit per row. FTS5 answers a term by reading its whole doclist, positions and
// all, and hands every row id to JavaScript one value at a time: at a million sessions "free"
// (a plan, 450,000 sessions) took 69 ms, "the" (243,000) 40 ms and the prefix "re" (219,000)
// 37 ms, where a term of 57,000 rows takes 15. Which terms are that common is read from the
// index's vocabulary (cache migration 009) once the column index has loaded; each is then
// listed by FTS5 itself, so a held term answers exactly as its MATCH does. The listing runs in
// a worker thread (./full-text-lister.ts: one FTS5 call per term, up to a few hundred ms, that
// would otherwise hold every request behind it); a posting listed after the cache changed
// belongs to a snapshot that never answers again. Until a term is held (and whenever anything
// about the ask is not a plain held word), FTS5 answers.

/** FILTER_COLUMNS' full-text clause (../filter-columns.ts); any other clause is not ours. */
const FULL_TEXT = 's.rid IN (SELECT rowid FROM session_fts WHERE session_fts MATCH ?)';

/**
 * A token whose indexed term is itself in lower case: the unicode61 tokenizer folds ASCII
 * letters and leaves ASCII digits, so only such tokens are looked up as held terms.
 */
const PLAIN_TOKEN = /^[0-9A-Za-z]+$/;
const PLAIN_TERM = /^[0-9a-z]+$/;

export interface TermPostingsOptions {
  /**
   * Terms and prefixes (of two and three characters) in at least this many rows, as the
   * vocabulary estimates it, are held: below it FTS5 lists a term within the search budget.
   */
  minRows?: number;
  /**
   * At most this many postings are held (each is rows / 8 bytes), the most common first; a word
   * typed that matches no more than the word shares the word's.
   */
  maxHeld?: number;
}

/**
 * 50,000: FTS5 lists a word of 57,000 rows in 11-13 ms here, and the same word typed (a prefix,
 * "refund"*) in 20-30 ms; with a status filter on top, "common + status" in the fts bench read
 * 31-40 ms at p95. Below 50,000 rows FTS5's own listing leaves room for the rest. (It was
 * 100,000, and only the words in that many rows were held.)
 */
const DEFAULT_MIN_ROWS = 50_000;
/**
 * 160 × 125 kB at a million sessions: 20 MB beside the column index's ~150 MB. The bench's
 * million-session cache has 136 words and prefixes in 50,000 rows or more.
 */
const DEFAULT_MAX_HELD = 160;

/** Builds not yet ended, so that benchmarks and tests can wait for them. */
const building = new Set<Promise<void>>();
/** The newest postings per connection: an older one (of a replaced snapshot) stops building. */
const newest = new WeakMap<CacheReader, TermPostings>();

/** Resolves once every build of term postings started so far has ended. */
export async function termPostingsBuilt(): Promise<void> {
  while (building.size > 0) await Promise.all([...building]);
}

export class TermPostings {
  /** Held term or prefix ("free", "re*") → one bit per snapshot row. */
  private readonly held = new Map<string, Uint32Array>();

  /**
   * `reader` must see the snapshot the columns were loaded from (see ./indexed-queries.ts):
   * postings are built through it, and only ever read while the columns are current.
   */
  constructor(
    private readonly snapshot: ColumnSnapshot,
    private readonly reader: CacheReader,
    options: TermPostingsOptions = {},
  ) {
    newest.set(reader, this);
    const build = this.build(
      options.minRows ?? DEFAULT_MIN_ROWS,
      options.maxHeld ?? DEFAULT_MAX_HELD,
    )
      // Nothing waits for a build in the app: a failure must not become an unhandled
      // rejection. Whatever was not held by then is answered by FTS5, as before.
      .catch(() => undefined)
      .finally(() => building.delete(build));
    building.add(build);
  }

  /** The held terms and prefixes ("re*" for a prefix), for tests. */
  heldKeys(): string[] {
    return [...this.held.keys()];
  }

  /**
   * The rows passing `clauses` when they are the full-text clause alone and every phrase of its
   * expression is one held word or prefix (phrases are ANDed, as FTS5 does); else null.
   */
  maskOf(clauses: readonly SqlClause[]): Uint8Array | null {
    const [clause] = clauses;
    if (this.held.size === 0 || clauses.length !== 1 || clause?.sql !== FULL_TEXT) return null;
    const [expression] = clause.params;
    const phrases = typeof expression === 'string' ? parseFtsMatchExpression(expression) : null;
    if (!phrases) return null;
    const postings: Uint32Array[] = [];
    for (const { tokens, prefix } of phrases) {
      const [token] = tokens;
      if (tokens.length !== 1 || token === undefined || !PLAIN_TOKEN.test(token)) return null;
      const posting = this.held.get(keyOf(token.toLowerCase(), prefix));
      if (!posting) return null;
      postings.push(posting);
    }
    return toMask(postings, this.snapshot.rows);
  }

  private async build(minRows: number, maxHeld: number): Promise<void> {
    let lister: FullTextLister;
    try {
      lister = startFullTextLister(cacheFilePath(this.reader));
    } catch {
      return;
    }
    try {
      const wanted = commonKeys(await lister.vocabulary(minRows), minRows);
      const listedOnTheirOwn = new Set(wanted.slice(0, maxHeld));
      let arrays = 0;
      for (const key of wanted) {
        if (arrays >= maxHeld) break;
        if (newest.get(this.reader) !== this) return;
        const bits = this.toBits(await lister.list(expressionOf(key)));
        if (newest.get(this.reader) !== this) return;
        this.held.set(key, bits);
        arrays++;
        // A word typed is a prefix until a space follows it ("refund"*: refund, refunds,
        // refunded…), which FTS5 lists in twice the time of the word. Its rows are the word's
        // and those of `"refund"* NOT "refund"`: when there are none, the word's bits answer
        // the prefix too, at no cost in memory.
        const asTyped = keyOf(key, true);
        if (key.endsWith('*') || listedOnTheirOwn.has(asTyped)) continue;
        const rest = await lister.list(`${expressionOf(asTyped)} NOT ${expressionOf(key)}`);
        if (newest.get(this.reader) !== this) return;
        if (!rest) this.held.set(asTyped, bits);
        else if (arrays < maxHeld) {
          this.held.set(asTyped, this.toBits(rest, bits.slice()));
          arrays++;
        }
      }
    } catch {
      // No vocabulary (a cache before migration 009) or a listing refused: what is not held
      // is answered by FTS5, as always.
    } finally {
      lister.close();
    }
  }

  /** Row ids listed as one text, as one bit per snapshot row (set in `bits`, if given). */
  private toBits(
    ids: string | null,
    bits = new Uint32Array(Math.ceil(this.snapshot.rows / 32)),
  ): Uint32Array {
    forEachRowId(ids, (rid) => {
      const row = this.snapshot.rowOf(rid);
      if (row >= 0) bits[row >>> 5] = (bits[row >>> 5] as number) | (1 << (row & 31));
    });
    return bits;
  }
}

/**
 * Terms and 2–3 character prefixes of plain ASCII in at least `minRows` rows, the most common
 * first. A prefix's count is the sum of its terms' (an upper bound: a row may hold several).
 */
function commonKeys({ terms, heads }: Vocabulary, minRows: number): string[] {
  const counts = new Map<string, number>();
  const add = (key: string, rows: number) => counts.set(key, (counts.get(key) ?? 0) + rows);
  for (const { term, doc } of terms) if (PLAIN_TERM.test(term)) add(term, doc);
  for (const { head, doc } of heads) {
    if (!PLAIN_TERM.test(head)) continue;
    if (head.length === 3) add(keyOf(head, true), doc);
    if (head.length >= 2) add(keyOf(head.slice(0, 2), true), doc);
  }
  return [...counts]
    .filter(([, rows]) => rows >= minRows)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .map(([key]) => key);
}

/** The MATCH expression of a held key: the term as a phrase, a prefix with its star. */
function expressionOf(key: string): string {
  const prefix = key.endsWith('*');
  return `"${prefix ? key.slice(0, -1) : key}"${prefix ? '*' : ''}`;
}

function keyOf(term: string, prefix: boolean): string {
  return prefix ? `${term}*` : term;
}

/** The rows set in every posting, one byte per row. */
function toMask(postings: readonly Uint32Array[], rows: number): Uint8Array {
  const mask = new Uint8Array(rows);
  const [first, ...rest] = postings;
  if (!first) return mask;
  for (let word = 0; word < first.length; word++) {
    let bits = first[word] as number;
    for (const other of rest) bits &= other[word] as number;
    if (bits === 0) continue;
    const base = word * 32;
    for (let bit = 0; bit < 32 && base + bit < rows; bit++) mask[base + bit] = (bits >>> bit) & 1;
  }
  return mask;
}
