import type { Timing } from './measure';

/** What a figure must meet. A figure that misses it is printed as MISSING, never left out. */
export type Budget =
  | { kind: 'p95-ms'; max: number }
  | { kind: 'median-ms'; max: number }
  | { kind: 'ratio'; max: number }
  | { kind: 'mb'; max: number }
  | { kind: 'text'; met: boolean; says: string };

export interface RatioRow {
  case: string;
  baseline: Timing | null;
  subject: Timing;
  /** subject median / baseline median, unless the table says otherwise. */
  ratio: number | null;
  budget?: Budget;
  note?: string;
}

export interface RatioTable {
  title: string;
  /** What the subject column measures, e.g. "service ms". */
  subject: string;
  /** What the baseline column measures, e.g. "sqlite3 ms". */
  baseline: string;
  /** How to read the ratio. */
  ratioMeaning: string;
  /** Measured runs per case, or a description where they differ. */
  runs: number | string;
  rows: RatioRow[];
}

/** The verdict on one row: null without a budget. */
export function verdict(row: RatioRow): { met: boolean; text: string } | null {
  const budget = row.budget;
  if (!budget) return null;
  switch (budget.kind) {
    case 'p95-ms':
      return judge(row.subject.p95Ms <= budget.max, `p95 ≤ ${budget.max} ms`);
    case 'median-ms':
      return judge(row.subject.medianMs <= budget.max, `median ≤ ${budget.max} ms`);
    case 'ratio':
      return judge(row.ratio !== null && row.ratio <= budget.max, `≤ ${budget.max}×`);
    case 'mb':
      return judge(row.subject.medianMs <= budget.max, `≤ ${budget.max} MB`);
    case 'text':
      return judge(budget.met, budget.says);
  }
}

function judge(met: boolean, says: string): { met: boolean; text: string } {
  return { met, text: met ? `ok (${says})` : `MISSING (${says})` };
}

/** Prints one benchmark's results as a fixed-width table (also valid Markdown). */
export function printRatioTable(table: RatioTable): void {
  console.log(formatRatioTable(table));
}

export function formatRatioTable(table: RatioTable): string {
  const header = [
    'case',
    `${table.baseline} median`,
    'p95',
    `${table.subject} median`,
    'p95',
    'ratio',
    'budget',
    'note',
  ];
  const body = table.rows.map((row) => [
    row.case,
    row.baseline ? formatMs(row.baseline.medianMs) : '–',
    row.baseline ? formatMs(row.baseline.p95Ms) : '–',
    formatMs(row.subject.medianMs),
    formatMs(row.subject.p95Ms),
    row.ratio === null ? '–' : formatRatio(row.ratio),
    verdict(row)?.text ?? '',
    row.note ?? '',
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...body.map((cells) => (cells[i] ?? '').length)),
  );
  const left = new Set([0, 6, 7]);
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => (left.has(i) ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' | ')} |`;
  return [
    `\n${table.title}`,
    `ratio = ${table.ratioMeaning}; ${table.runs} measured runs after warm-up`,
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...body.map(line),
  ].join('\n');
}

export function formatRatio(ratio: number): string {
  return `${ratio.toFixed(ratio >= 100 ? 0 : ratio >= 10 ? 1 : 2)}×`;
}

export function formatMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(1) : ms.toFixed(2);
}
