export interface RatioRow {
  case: string;
  baselineMs: number;
  subjectMs: number;
  ratio: number;
  note?: string;
}

export interface RatioTable {
  title: string;
  /** What the subject column measures, e.g. "engine ms". */
  subject: string;
  /** What the baseline column measures, e.g. "naive JS ms". */
  baseline: string;
  /** How to read the ratio, e.g. "baseline / engine: > 1 means faster than baseline". */
  ratioMeaning: string;
  /** Measured runs per case, or a description where they differ. */
  runs: number | string;
  rows: RatioRow[];
}

/** Prints one benchmark's results as a fixed-width table (also valid Markdown). */
export function printRatioTable(table: RatioTable): void {
  const header = ['case', table.baseline, table.subject, 'ratio', 'note'];
  const body = table.rows.map((row) => [
    row.case,
    formatMs(row.baselineMs),
    formatMs(row.subjectMs),
    `${row.ratio.toFixed(row.ratio >= 100 ? 0 : row.ratio >= 10 ? 1 : 2)}×`,
    row.note ?? '',
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...body.map((cells) => (cells[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => (i === 0 || i === 4 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' | ')} |`;
  console.log(`\n${table.title}`);
  console.log(`ratio = ${table.ratioMeaning}; median of ${table.runs} runs after warm-up`);
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const cells of body) console.log(line(cells));
}

function formatMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(1) : ms.toFixed(3);
}
