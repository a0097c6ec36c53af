import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type Page } from '@playwright/test';
import { debianChromium } from '../scripts/debian-chromium';
import { ENVIRONMENT_ACCOUNT_ID } from '../src-main/engine/secrets/secret-port';
import { BENCH_CACHE_DIR } from './large-cache';
import { loadNow } from './machine';
import { summarise, type Timing } from './measure';
import { needCache, type PartContext, type PartOutcome } from './part-context';
import type { RatioRow } from './ratio-table';

// The page in Chromium on the web host over the generated cache, as e2e/support/web-host-process
// starts it (the built out/main/web.js, a data folder whose environment account's cache is a copy
// of the generated file). Times are taken inside the page (performance.now(), after the next
// animation frame, so the rows are painted), from the click or from the start of navigation.

const root = resolve(import.meta.dirname, '..');

/** Installed in every page: records when rows, the count and the chart change. */
const PROBE = `
window.__bench = { marks: [] };
const mark = (what) => requestAnimationFrame(() => setTimeout(() => window.__bench.marks.push({ what, at: performance.now() }), 0));
new MutationObserver((records) => {
  for (const record of records) {
    for (const node of record.addedNodes) {
      if (!(node instanceof Element)) continue;
      if (node.matches('[data-testid="session-row"]') || node.querySelector('[data-testid="session-row"]')) mark('rows');
      if (node.matches('canvas') && node.closest('[data-testid="session-chart"]')) mark('chart');
      if (node.querySelector && node.querySelector('[data-testid="session-chart"] canvas')) mark('chart');
    }
    const target = record.target instanceof Element ? record.target : record.target.parentElement;
    if (target && target.closest('[data-testid="session-count"]')) mark('count');
    // A new query's rows replace the previous ones in place (row-cache.svelte.ts).
    if (target && target.closest('[data-testid="session-row"]')) mark('rows');
  }
}).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-testid'] });
document.addEventListener('click', () => window.__bench.marks.push({ what: 'click', at: performance.now() }), true);
`;

export async function runUiBench(context: PartContext): Promise<PartOutcome> {
  const { path, facts } = needCache(context);
  const notes: string[] = [];
  build();
  const dataDir = prepareDataDir(path);
  const host = await startHost(dataDir);
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch(debianChromium);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript(PROBE);
    const runs = context.options.slowRuns;

    // First list paint after load: the first load meets an engine that has just opened the cache.
    const firstLoads: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      firstLoads.push(await firstPaint(page, host.url));
    }
    const coldLoad = firstLoads.shift() ?? NaN;
    await resetFilter(page);

    // Filter clicks are timed once the engine holds its in-memory column index, as it does a
    // few seconds after opening a cache (until then SQLite answers alone).
    notes.push(
      `column index ready ${((await host.indexReady) / 1000).toFixed(1)} s after the host started`,
    );
    // Filter click → list painted, and the chart redrawn for the same click.
    const clicks: number[] = [];
    const charts: number[] = [];
    let chartSeen = true;
    for (let i = 0; i < context.options.clicks + 1; i++) {
      const { list, chart } = await clickFilter(page);
      if (i === 0) continue;
      clicks.push(list);
      if (chart === null) chartSeen = false;
      else charts.push(chart);
    }

    // DOM rows while scrolling to the end.
    const rowCounts = await rowsWhileScrolling(page);
    const rss = peakRssMb(host.pid);
    const firstPaintTiming = summarise(firstLoads);
    const clickTiming = summarise(clicks);
    const minRows = Math.min(...rowCounts);
    const maxRows = Math.max(...rowCounts);
    const rows: RatioRow[] = [
      {
        case: 'first list paint after load (engine warm)',
        baseline: null,
        subject: firstPaintTiming,
        ratio: null,
        budget: { kind: 'p95-ms', max: 1500 },
        note: `from navigation start; load ${loadNow()}`,
      },
      {
        case: 'first list paint, first load after the host started',
        baseline: null,
        subject: single(coldLoad),
        ratio: null,
        budget: { kind: 'p95-ms', max: 1500 },
        note: 'the engine opens the cache for this one',
      },
      {
        case: 'filter click → list painted',
        baseline: null,
        subject: clickTiming,
        ratio: null,
        budget: { kind: 'p95-ms', max: 150 },
        note: `Status: Open on and off, alternately; ${clicks.length} clicks`,
      },
      chartSeen && charts.length > 0
        ? {
            case: 'filter click → chart redrawn',
            baseline: null,
            subject: summarise(charts),
            ratio: null,
            budget: { kind: 'p95-ms', max: 150 },
            note: `a new uPlot canvas after the click; ${charts.length} clicks`,
          }
        : {
            case: 'filter click → chart redrawn',
            baseline: null,
            subject: single(NaN),
            ratio: null,
            budget: { kind: 'text', met: false, says: 'not measured: no chart canvas appeared' },
          },
      {
        case: 'DOM rows while scrolling to the end',
        baseline: null,
        subject: single(maxRows),
        ratio: null,
        budget: {
          kind: 'text',
          // Bounded whatever the position: the virtualiser's overscan differs at the ends only.
          met: maxRows <= 2 * minRows && maxRows <= 200,
          says: `constant: ${minRows}–${maxRows} rows over ${rowCounts.length} positions`,
        },
        note: `rows in the DOM (the ms columns hold the count): top ${rowCounts[0]}, middle ${rowCounts[Math.floor(rowCounts.length / 2)]}, end ${rowCounts.at(-1)}`,
      },
    ];
    return {
      tables: [
        {
          title: `UI: Chromium on the web host, ${facts.sessions.toLocaleString('en')} cached sessions`,
          subject: 'page',
          baseline: 'none',
          ratioMeaning:
            'no baseline: absolute budgets; times inside the page, after the next animation frame',
          runs,
          rows,
        },
      ],
      notes,
      enginePeakRss: { mb: rss, of: 'the web host process (engine worker included), VmHWM' },
    };
  } finally {
    await browser?.close();
    await host.stop();
  }
}

function single(value: number): Timing {
  return { medianMs: value, p95Ms: value, runs: 1 };
}

/** Where the UI part builds the app: its own folder, so out/ (and anyone using it) is left alone. */
const BUILD_DIR = join(BENCH_CACHE_DIR, 'out');

/** Builds this tree (electron-vite, a few seconds) into BUILD_DIR. */
function build(): void {
  const built = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/electron-vite/bin/electron-vite.js'),
      'build',
      '--outDir',
      BUILD_DIR,
      '--logLevel',
      'warn',
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (built.status !== 0) throw new Error('electron-vite build failed.');
}

/** A data folder whose environment account's cache is a copy of the generated one (kept). */
function prepareDataDir(cachePath: string): string {
  const key = cachePath.split('/').at(-1)?.replace(/\.db$/, '') ?? 'cache';
  const dataDir = join(BENCH_CACHE_DIR, `ui-${key}`);
  const cacheDir = join(dataDir, 'accounts', ENVIRONMENT_ACCOUNT_ID);
  const copy = join(cacheDir, 'cache.db');
  if (!existsSync(copy)) {
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(cacheDir, { recursive: true });
    copyFileSync(cachePath, copy);
  }
  return dataDir;
}

async function startHost(
  dataDir: string,
): Promise<{ url: string; pid: number; indexReady: Promise<number>; stop(): Promise<void> }> {
  const started = performance.now();
  let indexed: (ms: number) => void = () => undefined;
  const indexReady = new Promise<number>((resolveReady) => (indexed = resolveReady));
  const child: ChildProcess = spawn(
    process.execPath,
    [join(BUILD_DIR, 'main/web.js'), '--port', '0', '--data-dir', dataDir],
    {
      cwd: root,
      env: {
        ...process.env,
        // The environment account: its cache is the copy; nothing is synced (nothing listens there).
        OPENCX_BASE_URL: 'http://127.0.0.1:9',
        OPENCX_API_TOKEN: 'ocx_bench_unused',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolveUrl, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /at (http:\/\/\S+)/.exec(line);
      if (match?.[1]) resolveUrl(match[1]);
      if (line.startsWith('Session index:')) indexed(performance.now() - started);
    });
    child.once('exit', (code) => reject(new Error(`The web host exited (${code}).`)));
  });
  return {
    url,
    pid: child.pid ?? 0,
    indexReady,
    stop: () =>
      new Promise((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        child.once('exit', () => resolveStop());
        child.kill('SIGTERM');
      }),
  };
}

/** Milliseconds from the start of navigation to the first rows painted. */
async function firstPaint(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.waitForFunction(
    () =>
      (window as unknown as { __bench: { marks: { what: string }[] } }).__bench.marks.some(
        (m) => m.what === 'rows',
      ),
    null,
    { timeout: 60_000 },
  );
  return page.evaluate(
    () =>
      (
        window as unknown as { __bench: { marks: { what: string; at: number }[] } }
      ).__bench.marks.find((m) => m.what === 'rows')?.at ?? NaN,
  );
}

async function resetFilter(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const api = (
      window as unknown as { api: Record<string, (input?: unknown) => Promise<unknown>> }
    ).api;
    await api['workspace.save']?.({
      filter: {},
      sort: { field: 'last_message_at', order: 'desc' },
      view_id: null,
    });
  });
  await page.reload();
  await page.getByTestId('session-row').first().waitFor({ timeout: 60_000 });
}

/** Ticks (or unticks) Status: Open; ms from the click to the list, and to the chart, painted. */
async function clickFilter(page: Page): Promise<{ list: number; chart: number | null }> {
  const section = page.locator('[data-section="status"]');
  const toggle = section.locator('h3 button');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  const before = await page.getByTestId('session-count').textContent();
  await page.evaluate(() => {
    (window as unknown as { __bench: { marks: unknown[] } }).__bench.marks = [];
  });
  await section.getByRole('checkbox', { name: /^Open(\s|$)/ }).click();
  await page.waitForFunction(
    (text) => document.querySelector('[data-testid="session-count"]')?.textContent !== text,
    before,
    { timeout: 60_000 },
  );
  // The chart may come a little after the list.
  await page.waitForTimeout(1500);
  // A string, not a function: tsx's helpers (__name) do not exist in the page.
  return page.evaluate(`(() => {
    const marks = window.__bench.marks;
    const click = (marks.find((m) => m.what === 'click') || { at: NaN }).at;
    const painted = marks
      .filter((m) => (m.what === 'count' || m.what === 'rows') && m.at >= click)
      .map((m) => m.at);
    const chart = marks.find((m) => m.what === 'chart' && m.at >= click);
    return { list: Math.max(...painted) - click, chart: chart ? chart.at - click : null };
  })()`);
}

/** Row elements in the DOM at positions from the top to the end of the list. */
async function rowsWhileScrolling(page: Page): Promise<number[]> {
  const counts: number[] = [];
  const grid = page.getByTestId('session-grid');
  const steps = 20;
  for (let i = 0; i <= steps; i++) {
    await grid.evaluate((el, share) => {
      el.scrollTop = share >= 1 ? el.scrollHeight : (el.scrollHeight - el.clientHeight) * share;
      el.dispatchEvent(new Event('scroll'));
    }, i / steps);
    await page.waitForTimeout(300);
    counts.push(await page.getByTestId('session-row').count());
  }
  return counts;
}

/** The process's peak resident set (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}
