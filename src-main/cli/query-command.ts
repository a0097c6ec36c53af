import { parseArgs } from 'node:util';
import { z } from 'zod';
import { SessionFilterSchema } from '../../src-shared/filter/session-filter';
import { LOCAL_SORT_FIELDS } from '../../src-shared/filter/session-sort';
import { describeZodError } from '../engine/contract/describe-zod-error';
import { facetCounts } from '../engine/query/facets';
import { querySessions } from '../engine/query/session-query';
import { UsageError } from './cli-error';
import { openCacheReadOnly } from './open-cache-read-only';

export const QUERY_USAGE =
  'session-desk query --db FILE [--filter JSON] [--q TEXT] [--sort FIELD:asc|desc] [--limit N] [--cursor C] [--facets]';

const SortArg = z.string().regex(new RegExp(`^(${LOCAL_SORT_FIELDS.join('|')}):(asc|desc)$`), {
  message: `use FIELD:asc or FIELD:desc with FIELD one of ${LOCAL_SORT_FIELDS.join(', ')}`,
});

/** Runs `query`; returns the JSON document to print on stdout. */
export function runQuery(argv: string[], now: number): unknown {
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
  if (!values.db) throw new UsageError(`--db is required: ${QUERY_USAGE}`);

  let filterJson: unknown = {};
  if (values.filter !== undefined) {
    try {
      filterJson = JSON.parse(values.filter);
    } catch {
      throw new UsageError('--filter is not valid JSON.');
    }
  }
  const filter = SessionFilterSchema.safeParse(filterJson);
  if (!filter.success) throw new UsageError(describeZodError('--filter', filter.error));
  if (values.q !== undefined) filter.data.q = values.q;

  const sort = SortArg.safeParse(values.sort);
  if (!sort.success) throw new UsageError(describeZodError('--sort', sort.error));
  const [field, order] = sort.data.split(':') as [
    (typeof LOCAL_SORT_FIELDS)[number],
    'asc' | 'desc',
  ];
  const limit = z.coerce.number().int().min(1).max(500).safeParse(values.limit);
  if (!limit.success) throw new UsageError('--limit must be a whole number from 1 to 500.');

  // Opened last, after every argument is known to be good, and read-only: query writes nothing.
  const db = openCacheReadOnly(values.db);
  try {
    const page = querySessions(
      db,
      {
        filter: filter.data,
        sort: { field, order },
        limit: limit.data,
        cursor: values.cursor ?? null,
      },
      now,
    );
    const document: Record<string, unknown> = {
      items: page.items,
      total: page.total,
      next_cursor: page.next_cursor,
    };
    if (values.facets) document.facets = facetCounts(db, filter.data, now).facets;
    return document;
  } finally {
    db.close();
  }
}
