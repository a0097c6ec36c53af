import type { AppErrorShape } from '../contract/app-error';
import type { ExportFormat } from './export-catalogue';

// What the contract's export channel answers and the events it sends while it runs.

/** At most this many ids are listed in a summary; `count` says how many there are. */
export const SUMMARY_ID_SAMPLE = 100;

/** Some ids and how many there are in all. */
export interface IdSample {
  count: number;
  /** The first SUMMARY_ID_SAMPLE, in the export's order. */
  ids: string[];
}

export interface ExportSummary {
  export_id: string;
  format: ExportFormat;
  /**
   * The name of the file written (never its folder: the path stays with the host that chose
   * it), or of the download; null when written to a stream without a name (stdout).
   */
  file_name: string | null;
  rows: number;
  bytes: number;
  /** The header row of CSV and XLSX, in order; empty for JSON and JSON Lines. */
  columns: string[];
  /** Sessions exported without their transcript (not cached, and not downloadable now). */
  missing_transcripts: IdSample;
  /** Transcripts downloaded for this export. */
  fetched_transcripts: number;
  /** Why transcripts could not be downloaded (e.g. offline), as a sentence; else null. */
  transcripts_notice: string | null;
  /** Ids asked for that are not in the cache, so not exported. */
  not_cached: IdSample;
  elapsed_ms: number;
}

/** 'export.progress': rows written of total, or transcripts downloaded first. */
export interface ExportProgressEvent {
  export_id: string;
  phase: 'transcripts' | 'rows';
  done: number;
  total: number;
}

/** 'export.finished': sent once per export the engine started, whatever the outcome. */
export type ExportFinishedEvent =
  | { export_id: string; ok: true; summary: ExportSummary }
  | { export_id: string; ok: false; error: AppErrorShape };
