import { parseArgs } from 'node:util';
import { AppError } from '../../src-shared/contract/app-error';
import { contract, type InputOf, type ResultOf } from '../../src-shared/contract/channels';
import { LOCAL_SORT_FIELDS } from '../../src-shared/filter/session-sort';
import { createReadOnlyEngine, type ReadOnlyEngine } from '../engine/service/read-only-engine';
import { openCacheReader } from '../engine/store/cache/open-cache-reader';
import { UsageError } from './cli-error';

export const QUERY_USAGE =
  'session-desk query --db FILE [--filter JSON] [--q TEXT] [--sort FIELD:asc|desc] [--limit N] [--cursor C] [--facets]';

/**
 * Runs `query`: a client of the contract, like the app's pages. The flags become the input of
 * sessions.list (and sessions.facets); the read-only engine over --db validates it with the
 * contract's schema and answers with the app's own handlers. Returns the JSON document to print:
 * { items, total, next_cursor }, plus facets with --facets.
 */
export async function runQuery(argv: string[], now: number): Promise<unknown> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      db: { type: 'string' },
      filter: { type: 'string' },
      q: { type: 'string' },
      sort: { type: 'string', default: 'last_message_at:desc' },
      limit: { type: 'string', default: '100' },
      cursor: { type: 'string' },
      facets: { type: 'boolean', default: false },
    },
  });
  const db = values.db;
  if (!db) throw new UsageError(`--db is required: ${QUERY_USAGE}`);

  // Only the flags' own syntax is checked here; what the values may be is the contract's to say.
  let filter: unknown = {};
  if (values.filter !== undefined) {
    try {
      filter = JSON.parse(values.filter);
    } catch {
      throw new UsageError('--filter is not valid JSON.');
    }
  }
  // --q is the filter's full-text key; a --filter that is not an object is the contract's to refuse.
  if (values.q !== undefined && isObject(filter)) filter = { ...filter, q: values.q };
  const sort = /^([^:]+):([^:]+)$/.exec(values.sort);
  if (!sort) {
    throw new UsageError(
      `--sort must be FIELD:asc or FIELD:desc with FIELD one of ${LOCAL_SORT_FIELDS.join(', ')}.`,
    );
  }
  const input = {
    filter,
    sort: { field: sort[1], order: sort[2] },
    limit: Number(values.limit),
    cursor: values.cursor ?? null,
  } as InputOf<'sessions.list'>;

  // Read-only: no writer lock, no migration, nothing written; opened once the input is accepted.
  const engine = createReadOnlyEngine(
    () => openCacheReader(db),
    () => now,
  );
  try {
    const page = await call(engine, 'sessions.list', input);
    const document: Record<string, unknown> = {
      items: page.items,
      total: page.total,
      next_cursor: page.next_cursor,
    };
    if (values.facets) {
      const facetsInput = { filter } as InputOf<'sessions.facets'>;
      document.facets = (await call(engine, 'sessions.facets', facetsInput)).facets;
    }
    return document;
  } finally {
    engine.close();
  }
}

/** Which flag carried each part of the input, to name it in front of the contract's sentence. */
const FLAG_OF: Record<string, string> = {
  filter: '--filter',
  sort: '--sort',
  limit: '--limit',
  cursor: '--cursor',
};

async function call<C extends 'sessions.list' | 'sessions.facets'>(
  engine: ReadOnlyEngine,
  channel: C,
  input: InputOf<C>,
): Promise<ResultOf<C>> {
  const result = await engine.dispatch(channel, input);
  if (result.ok) return result.value as ResultOf<C>;
  const { code, message } = result.error;
  const flag = code === 'invalid_input' ? flagAt(channel, input) : null;
  throw new AppError(code, flag ? `${flag}: ${message}` : message);
}

/** The flag whose value the contract's schema refuses first, if it is one. */
function flagAt(channel: 'sessions.list' | 'sessions.facets', input: unknown): string | null {
  const parsed = contract[channel].input.safeParse(input);
  const path = parsed.success ? [] : (parsed.error.issues[0]?.path ?? []);
  if (path[0] === 'filter' && path[1] === 'q') return '--q';
  return FLAG_OF[String(path[0])] ?? null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
