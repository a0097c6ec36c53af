import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpencx, type FakeOpencx, type TruthSession } from '../../fake-opencx/server';
import { createReadOnlyEngine } from '../engine/service/read-only-engine';
import { generateSessions } from '../engine/store/testing/make-session';
import { openTempCache } from '../engine/store/testing/temp-dir';
import { openCacheReader } from '../engine/store/cache/open-cache-reader';
import { REPO_ROOT, runCli, startCli, type CliResult } from './testing/run-cli';

// `session-desk export` as a user runs it: a separate Node process over a cache synced from the
// fake server, files and pipes read back with real parsers (csv-parse, exceljs, JSON.parse) and
// compared with the server's truth and the cache's own order.

let fake: FakeOpencx;
let dir: string;
let cache: string;
let truth: Map<string, TruthSession>;
/** The cache's ids in the list's default order (last_message_at desc), through the contract. */
let listOrder: string[];

const SESSIONS = 240;

beforeAll(async () => {
  fake = await startFakeOpencx({ seed: 71, sessions: SESSIONS, rateLimit: false });
  dir = mkdtempSync(join(tmpdir(), 'cli-export-'));
  cache = join(dir, 'cache.db');
  const sync = await runCli(
    ['sync', '--base-url', fake.url, '--db', cache, '--requests-per-minute', '100000'],
    { OPENCX_API_TOKEN: fake.token },
  );
  expect(sync.code, sync.stderr).toBe(0);
  truth = new Map(fake.truth().sessions.map((entry) => [entry.session.id, entry]));
  const engine = createReadOnlyEngine(() => openCacheReader(cache));
  const page = await engine.dispatch('sessions.list', { limit: 500 });
  engine.close();
  if (!page.ok) throw new Error(page.error.message);
  listOrder = (page.value as { items: { id: string }[] }).items.map((item) => item.id);
  expect(listOrder).toHaveLength(truth.size);
}, 60_000);

afterAll(() => fake.close());

const exportCli = (...args: string[]) => runCli(['export', '--db', cache, ...args]);

/** A fresh, empty folder for one test's output. */
function outDir(): string {
  return mkdtempSync(join(dir, 'out-'));
}

function expectRefused(result: CliResult, mentions: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^session-desk: /);
  expect(lines[0]).toMatch(mentions);
}

describe('session-desk export: round trips', () => {
  it('CSV: every session, in the list’s order, its cells as the server has them', async () => {
    const folder = outDir();
    const path = join(folder, 'sessions.csv');
    const result = await exportCli(
      '--format',
      'csv',
      '--columns',
      'id,status,contact.email,team.name,created_at,tags',
      '--out',
      path,
    );
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ format: 'csv', file_name: 'sessions.csv', rows: SESSIONS });
    const [header, ...rows] = parse(readFileSync(path, 'utf8')) as string[][];
    expect(header).toEqual(['id', 'status', 'contact.email', 'team.name', 'created_at', 'tags']);
    expect(rows.map((row) => row[0])).toEqual(listOrder);
    for (const [id, status, email, team, created, tags] of rows) {
      const { session, tags: tagNames } = truth.get(id!)!;
      expect(status).toBe(session.status);
      expect(email).toBe(session.contact?.email ?? '');
      expect(team).toBe(session.team?.name ?? '');
      expect(created).toBe(new Date(session.created_at).toISOString());
      expect(tags).toBe([...tagNames].sort().join(', '));
    }
    expect(readdirSync(folder)).toEqual(['sessions.csv']);
  });

  it('XLSX: one sheet, the chosen columns, typed cells', async () => {
    const path = join(outDir(), 'sessions.xlsx');
    const result = await exportCli(
      '--format',
      'xlsx',
      '--columns',
      'ticket_number,id,assist_mode,updated_at',
      '--out',
      path,
    );
    expect(result.code, result.stderr).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    expect(workbook.worksheets).toHaveLength(1);
    const sheet = workbook.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      'ticket_number',
      'id',
      'assist_mode',
      'updated_at',
    ]);
    const ids: string[] = [];
    sheet.eachRow((row, number) => {
      if (number === 1) return;
      const id = row.getCell(2).value as string;
      ids.push(id);
      const { session } = truth.get(id)!;
      expect(row.getCell(1).value).toBe(session.ticket_number ?? null);
      expect(row.getCell(3).value).toBe(session.assist_mode ?? null);
      expect((row.getCell(4).value as Date).toISOString()).toBe(
        new Date(session.updated_at).toISOString(),
      );
    });
    expect(ids).toEqual(listOrder);
  });

  it('JSON and JSON Lines: the session objects as the API returned them, plus tags', async () => {
    const folder = outDir();
    const json = await exportCli('--format', 'json', '--out', join(folder, 'all.json'));
    const jsonl = await exportCli('--format', 'jsonl', '--out', join(folder, 'all.jsonl'));
    expect(json.code, json.stderr).toBe(0);
    expect(jsonl.code, jsonl.stderr).toBe(0);
    const array = JSON.parse(readFileSync(join(folder, 'all.json'), 'utf8')) as {
      id: string;
      tags: string[];
    }[];
    const lines = readFileSync(join(folder, 'all.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; tags: string[] });
    expect(lines).toEqual(array);
    expect(array.map((session) => session.id)).toEqual(listOrder);
    for (const exported of array) {
      const { tags, ...session } = exported;
      expect(tags).toEqual([...truth.get(exported.id)!.tags].sort());
      expect(session).toEqual(JSON.parse(JSON.stringify(truth.get(exported.id)!.session)));
    }
  });

  it('--ids FILE: exactly those sessions, in the list’s order; unknown ids named on stderr', async () => {
    const folder = outDir();
    const chosen = [listOrder[17]!, listOrder[3]!, listOrder[200]!, listOrder[9]!];
    const idsFile = join(folder, 'ids.txt');
    writeFileSync(idsFile, `# picked\n${chosen.join('\n')}\n\nnot-a-session\n`);
    const path = join(folder, 'picked.csv');
    const result = await exportCli(
      '--ids',
      idsFile,
      '--format',
      'csv',
      '--columns',
      'id',
      '--out',
      path,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      rows: 4,
      not_cached: { count: 1, ids: ['not-a-session'] },
    });
    expect(result.stderr).toMatch(/1 of the ids are not in the cache .*not-a-session/);
    const [, ...rows] = parse(readFileSync(path, 'utf8')) as string[][];
    expect(rows.map((row) => row[0])).toEqual(listOrder.filter((id) => chosen.includes(id)));
  });

  it('--columns writes the columns in the order given, whatever the catalogue’s order', async () => {
    const out = await exportCli(
      '--format',
      'csv',
      '--columns',
      'tags,team.name,status,id,ticket_number',
      '--out',
      '-',
    );
    expect(out.code, out.stderr).toBe(0);
    const [header] = parse(out.stdout) as string[][];
    expect(header).toEqual(['tags', 'team.name', 'status', 'id', 'ticket_number']);
  });

  it('--filter and --q narrow the export as the same filter narrows the list', async () => {
    const open = [...truth.values()].filter((entry) => entry.session.status === 'open');
    const result = await exportCli(
      '--filter',
      '{"status":["open"]}',
      '--format',
      'jsonl',
      '--out',
      '-',
    );
    expect(result.code, result.stderr).toBe(0);
    const ids = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as { id: string }).id);
    expect(new Set(ids)).toEqual(new Set(open.map((entry) => entry.session.id)));
    expect(ids).toEqual(listOrder.filter((id) => ids.includes(id)));
  });
});

describe('session-desk export --out -', () => {
  it('streams through a real pipe to a slow reader: the same bytes as the file', async () => {
    const folder = outDir();
    const file = join(folder, 'file.csv');
    const toFile = await exportCli('--format', 'csv', '--bom', '--out', file);
    expect(toFile.code, toFile.stderr).toBe(0);
    // The CLI's stdout is a pipe into a shell pipeline whose reader sleeps before reading.
    const piped = join(folder, 'piped.csv');
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        'sh',
        [
          '-c',
          `"$0" bin/session-desk.js export --db "$1" --format csv --bom --out - | (sleep 1; cat > "$2")`,
          process.execPath,
          cache,
          piped,
        ],
        { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
      );
      child.once('error', reject);
      child.once('close', resolve);
    });
    expect(code).toBe(0);
    const expected = readFileSync(file);
    expect(expected.length).toBeGreaterThan(64 * 1024);
    expect(readFileSync(piped).equals(expected)).toBe(true);
  });

  it('a reader that stops early (| head) is not a failure: exit 0, nothing on stderr', async () => {
    const result = await new Promise<{ code: number | null; stderr: string; head: string }>(
      (resolve, reject) => {
        const child = spawn(
          'bash',
          [
            '-c',
            // The CLI's own exit code, not head's.
            `"$0" bin/session-desk.js export --db "$1" --format jsonl --out - | head -c 100; exit \${PIPESTATUS[0]}`,
            process.execPath,
            cache,
          ],
          { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let stderr = '';
        let head = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (head += chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        child.once('error', reject);
        child.once('close', (code) => resolve({ code, stderr, head }));
      },
    );
    expect(result.head).toHaveLength(100);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe('session-desk export: refusals write nothing', () => {
  it('a bad format exits 2 with a sentence', async () => {
    const folder = outDir();
    expectRefused(
      await exportCli('--format', 'pdf', '--out', join(folder, 'x.pdf')),
      /--format: .*expected one of "csv"\|"xlsx"\|"json"\|"jsonl"/,
    );
    expect(readdirSync(folder)).toEqual([]);
  });

  it('an unknown or repeated column exits 2 naming it, to a file or to stdout', async () => {
    const folder = outDir();
    expectRefused(
      await exportCli('--format', 'csv', '--columns', 'id,nope', '--out', join(folder, 'x.csv')),
      /--columns: .*unknown column "nope"; valid columns are id, ticket_number/,
    );
    expectRefused(
      await exportCli('--format', 'xlsx', '--columns', 'id,status,id', '--out', '-'),
      /--columns: .*column "id" is listed twice/,
    );
    expect(readdirSync(folder)).toEqual([]);
  });

  it('missing options, --ids with --filter, an unreadable --ids file: exit 2', async () => {
    const folder = outDir();
    expectRefused(await exportCli('--out', '-'), /--format is required/);
    expectRefused(await exportCli('--format', 'csv'), /--out is required/);
    expectRefused(
      await exportCli('--format', 'csv', '--ids', 'x', '--filter', '{}', '--out', '-'),
      /--ids names the sessions itself/,
    );
    expectRefused(
      await exportCli('--format', 'csv', '--ids', join(folder, 'none.txt'), '--out', '-'),
      /--ids: cannot read .*there is no such file/,
    );
    expectRefused(
      await exportCli('--format', 'csv', '--filter', '{"status":["nope"]}', '--out', '-'),
      /--filter: /,
    );
    expectRefused(
      await exportCli('--format', 'csv', '--time-zone', 'Mars/Olympus', '--out', '-'),
      /--time-zone: .*not a time zone/,
    );
    expect(readdirSync(folder)).toEqual([]);
  });

  it('export --help explains every option', async () => {
    const result = await runCli(['export', '--help']);
    expect(result.code).toBe(0);
    for (const option of [
      '--db',
      '--filter',
      '--q',
      '--ids',
      '--sort',
      '--format',
      '--columns',
      '--transcripts',
      '--bom',
      '--time-zone',
      '--out',
    ]) {
      expect(result.stdout).toContain(`  ${option} `);
    }
    expect(result.stdout).toContain('contact.email');
    expect(result.stdout).toContain('custom_data.<key>');
  });
});

describe('session-desk export: Ctrl-C', () => {
  let big: { dir: string; dispose: () => void };

  beforeAll(() => {
    const opened = openTempCache();
    for (let seed = 0; seed < 6; seed++) {
      const { sessions } = generateSessions(10_000, 500 + seed);
      opened.store.upsertSessions(sessions, '2026-01-01T00:00:00.000Z');
    }
    big = opened;
  }, 120_000);

  afterAll(() => big.dispose());

  it('SIGINT to the running process cancels: exit 130, no file, no temporary file', async () => {
    const folder = outDir();
    const target = join(folder, 'big.xlsx');
    const { child, done } = startCli([
      'export',
      '--db',
      join(big.dir, 'cache.sqlite'),
      '--format',
      'xlsx',
      '--out',
      target,
    ]);
    // Interrupted once the export is under way: its temporary file exists.
    const started = Date.now();
    while (!readdirSync(folder).some((name) => name.includes('.partial-'))) {
      if (Date.now() - started > 30_000) throw new Error('the export never started');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(130);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toBe(
      `session-desk: The export was cancelled; ${target} was not written.`,
    );
    expect(readdirSync(folder)).toEqual([]);
    expect(existsSync(target)).toBe(false);
  }, 60_000);
});
