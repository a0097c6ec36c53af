import type { SessionsPage } from '../src-shared/contract/results';
import type { SessionFilter } from '../src-shared/filter/session-filter';
import { LOCAL_SORT_FIELDS, type SessionSort } from '../src-shared/filter/session-sort';
import {
  baselineNote,
  chooseBaseline,
  openEngineUnderTest,
  runStatements,
  type EngineUnderTest,
} from './engine-under-test';
import { termPostingsBuilt } from '../src-main/engine/query/column-index/term-postings';
import { measurePair } from './measure';
import { needCache, type PartContext } from './part-context';
import type { RatioRow, RatioTable } from './ratio-table';

const DAY_MS = 86_400_000;
const LIMIT = 100;

export interface ListCase {
  name: string;
  filter: SessionFilter;
  sort?: Partial<SessionSort>;
  /** Start this deep into the list (a share of the total), reached by keyset. */
  depth?: number;
}

/** Every filter key, every sort, combinations and deep keyset positions. */
export function listCases(context: PartContext): ListCase[] {
  const { facts } = needCache(context);
  const { now } = context;
  const agent = facts.agentIds[0] ?? '1';
  const month = (back: number) => new Date(now - back * 30 * DAY_MS).toISOString();
  const cases: ListCase[] = [
    { name: 'no filter', filter: {} },
    { name: 'status', filter: { status: ['open'] } },
    { name: 'sentiment', filter: { sentiment: ['angry'] } },
    { name: 'ai_closure_type', filter: { ai_closure_type: ['handed_off'] } },
    { name: 'channels', filter: { channels: ['email', 'whatsapp'] } },
    { name: 'assignee_ids', filter: { assignee_ids: [agent] } },
    { name: 'unassigned', filter: { unassigned: true } },
    { name: 'team_ids', filter: { team_ids: [facts.teamId] } },
    { name: 'contact_ids', filter: { contact_ids: [facts.contactId] } },
    { name: 'languages', filter: { languages: ['de', 'fr'] } },
    { name: 'handed_off + assist_mode', filter: { handed_off: true, assist_mode: true } },
    { name: 'tags', filter: { tags: ['urgent', 'security'] } },
    { name: 'custom_data', filter: { custom_data: { plan: 'enterprise', region: 'eu' } } },
    {
      name: 'created_at last 7 days',
      filter: { created_at: { within_last: { amount: 7, unit: 'days' } } },
      sort: { field: 'created_at', order: 'desc' },
    },
    {
      name: 'updated_at a month',
      filter: { updated_at: { from: month(3), to: month(2) } },
      sort: { field: 'updated_at', order: 'asc' },
    },
    { name: 'last_message_at from', filter: { last_message_at: { from: month(1) } } },
    {
      name: 'combined: status+channel+sentiment+tag',
      filter: {
        status: ['open', 'closed_unresolved'],
        channels: ['web'],
        sentiment: ['angry'],
        tags: ['billing'],
      },
      sort: { field: 'updated_at', order: 'desc' },
    },
    {
      name: 'combined: team+custom_data+last 30 days',
      filter: {
        team_ids: [facts.teamId],
        custom_data: { plan: 'pro' },
        created_at: { within_last: { amount: 30, unit: 'days' } },
      },
    },
  ];
  // Every sort the list offers, on the whole cache, first page and deep.
  for (const field of LOCAL_SORT_FIELDS) {
    const order = field === 'ticket_number' || field === 'created_at' ? 'asc' : 'desc';
    cases.push({ name: `sort ${field} ${order}`, filter: {}, sort: { field, order } });
  }
  cases.push(
    { name: 'deep: no filter at 50%', filter: {}, depth: 0.5 },
    { name: 'deep: no filter at 99%', filter: {}, depth: 0.99 },
    {
      name: 'deep: status closed_resolved by created_at at 90%',
      filter: { status: ['closed_resolved'] },
      sort: { field: 'created_at', order: 'asc' },
      depth: 0.9,
    },
    {
      name: 'deep: sort ticket_number at 75%',
      filter: {},
      sort: { field: 'ticket_number', order: 'desc' },
      depth: 0.75,
    },
  );
  return cases;
}

/**
 * A page of 100 plus the total, through the contract's sessions.list, against the same
 * statements run by sqlite3. Budget: p95 ≤ 20 ms.
 */
export async function runListBench(context: PartContext): Promise<RatioTable[]> {
  const engine = openEngineUnderTest(needCache(context).path, context.now);
  const loaded = await engine.ready();
  console.log(`  in-memory column index loaded in ${(loaded / 1000).toFixed(1)} s`);
  // The index goes on to hold the most common full-text terms in the background
  // (term-postings.ts): a timed call must not wait behind a slice of that build.
  await termPostingsBuilt();
  try {
    const rows: RatioRow[] = [];
    for (const spec of listCases(context)) rows.push(await listRow(engine, spec, context));
    return [
      {
        title: `List: sessions.list page of ${LIMIT} + total, ${needCache(context).facts.sessions.toLocaleString('en')} cached sessions`,
        subject: 'service',
        baseline: 'floor',
        ratioMeaning:
          'service / sqlite3 running the same statements (1 would be the floor; the service also validates, parses the JSON and builds the cursor)',
        runs: context.options.runs,
        rows,
      },
    ];
  } finally {
    await engine.close();
  }
}

async function listRow(
  engine: EngineUnderTest,
  spec: ListCase,
  context: PartContext,
): Promise<RatioRow> {
  const input: Record<string, unknown> = { filter: spec.filter, limit: LIMIT };
  if (spec.sort) input.sort = spec.sort;
  if (spec.depth !== undefined) input.cursor = await cursorAt(engine, input, spec.depth);
  const { value: page, statements } = await engine.recorded<SessionsPage>('sessions.list', input);
  const floor = await chooseBaseline(engine, statements);
  checkSameAnswer(spec.name, page, floor.lines);
  const timing = await measurePair(
    () => {
      engine.forgetKept();
      return engine.call('sessions.list', input);
    },
    async () => (await runStatements(floor.runner, statements)).ms,
    { warmup: 3, runs: context.options.runs },
  );
  process.stderr.write(`  ${spec.name}: ${timing.a.medianMs.toFixed(1)} ms\n`);
  return {
    case: spec.name,
    baseline: timing.b,
    subject: timing.a,
    ratio: timing.a.medianMs / timing.b.medianMs,
    budget: { kind: 'p95-ms', max: 20 },
    note: `${page.total.toLocaleString('en')} match; ${statements.length} statements${baselineNote(floor)}`,
  };
}

/** A cursor `depth` of the way down the list: a jump by offset, then its keyset cursor. */
async function cursorAt(
  engine: EngineUnderTest,
  input: Record<string, unknown>,
  depth: number,
): Promise<string> {
  const first = await engine.call<SessionsPage>('sessions.list', { ...input, limit: 1 });
  const offset = Math.max(0, Math.min(first.total - LIMIT - 1, Math.floor(first.total * depth)));
  const page = await engine.call<SessionsPage>('sessions.list', { ...input, limit: 1, offset });
  if (!page.next_cursor) throw new Error(`No cursor at offset ${offset} of ${first.total}.`);
  return page.next_cursor;
}

/** The total and the page's row count must agree, or the ratio compares different work. */
function checkSameAnswer(name: string, page: SessionsPage, lines: string[][]): void {
  const totals = lines.filter((rows) => rows.length === 1 && /^\d+$/.test(rows[0] ?? ''));
  const total = totals.find((rows) => Number(rows[0]) === page.total);
  const n = page.items.length;
  const pageLines = lines.find((rows) => rows.length === n || rows.length === n + 1);
  if (!total || (n > 1 && !pageLines)) {
    throw new Error(
      `List case "${name}": sqlite3 and the service disagree (total ${page.total}), so the ratio would mean nothing.`,
    );
  }
}
