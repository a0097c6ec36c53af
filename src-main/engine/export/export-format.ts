import { AppError } from '../../../src-shared/contract/app-error';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'json', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFormatInfo {
  format: ExportFormat;
  /** For a dialog or `--help`. */
  label: string;
  /** Without the dot. */
  extension: string;
  /** For a web download's Content-Type. */
  mediaType: string;
  /** Whether the column selection applies (JSON formats write whole session objects). */
  tabular: boolean;
}

/** What a save dialog, a CLI and a web download need to know about each format. */
export const EXPORT_FORMAT_INFO: Readonly<Record<ExportFormat, ExportFormatInfo>> = {
  csv: {
    format: 'csv',
    label: 'CSV (comma-separated, UTF-8)',
    extension: 'csv',
    mediaType: 'text/csv; charset=utf-8',
    tabular: true,
  },
  xlsx: {
    format: 'xlsx',
    label: 'Excel workbook',
    extension: 'xlsx',
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    tabular: true,
  },
  json: {
    format: 'json',
    label: 'JSON (one array of sessions)',
    extension: 'json',
    mediaType: 'application/json; charset=utf-8',
    tabular: false,
  },
  jsonl: {
    format: 'jsonl',
    label: 'JSON Lines (one session per line)',
    extension: 'jsonl',
    mediaType: 'application/x-ndjson; charset=utf-8',
    tabular: false,
  },
};

/** The format, or invalid_input naming the valid ones. */
export function parseExportFormat(value: unknown): ExportFormat {
  if (typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value)) {
    return value as ExportFormat;
  }
  throw new AppError(
    'invalid_input',
    `Export format ${JSON.stringify(value)} is not one of ${EXPORT_FORMATS.join(', ')}.`,
  );
}

/** A default file name such as `sessions-2026-05-04-1530.csv` (UTC time of `now`). */
export function defaultExportFileName(format: ExportFormat, now: number): string {
  const stamp = new Date(now).toISOString().slice(0, 16).replace('T', '-').replace(':', '');
  return `sessions-${stamp}.${EXPORT_FORMAT_INFO[format].extension}`;
}
