import { SvelteMap } from 'svelte/reactivity';
import type { AppErrorShape } from '../../../src-shared/contract/app-error';
import type { ExportFormat } from '../../../src-shared/export/export-catalogue';
import type { ExportSummary } from '../../../src-shared/export/export-results';
import { explainError } from '../format/error-sentence';
import { call, describeError } from '../platform/call';
import { activities } from './activities.svelte';
import { columns } from './columns.svelte';
import {
  exportInput,
  exportLabel,
  newExportId,
  type ExportChoices,
  type ListState,
} from './export-request';
import { selection, type SelectionTarget } from './selection.svelte';
import { sessionQuery } from './session-query.svelte';

// Export from the page: the dialog's state, the running exports (each a progress bar with Cancel
// in the status bar, through `activities`) and the notice when one ends. The same contract call
// in the desktop app (where the main process asks where to save) and the web host (where the
// browser downloads the file); it reads the cache only, so it works offline.

/** What the dialog was opened for: the selection (or one row), or nothing selected. */
export interface ExportDialogRequest {
  target: SelectionTarget | null;
}

export interface ExportNotice {
  exportId: string;
  message: string;
  /** Shown with "Show in folder" (desktop only: the browser keeps its downloads itself). */
  revealable: boolean;
  problem: boolean;
}

const DEFAULT_CHOICES: ExportChoices = {
  scope: 'matching',
  format: 'csv',
  columns: 'visible',
  chosen: ['id', 'ticket_number', 'status', 'contact.name', 'contact.email', 'created_at'],
  customDataKeys: [],
  transcripts: false,
  bom: false,
  localTime: false,
};

export class ExportState {
  /** The open dialog's request, or null while it is closed. */
  dialog = $state.raw<ExportDialogRequest | null>(null);
  /** The dialog's choices, kept between exports. */
  choices = $state<ExportChoices>(structuredClone(DEFAULT_CHOICES));
  /** The dialog's sentence when its choices cannot be exported. */
  problem = $state<string | null>(null);
  notice = $state<ExportNotice | null>(null);
  /** Exports started from this page and not ended, by id. */
  readonly running = new SvelteMap<string, { format: ExportFormat; count: number | null }>();

  /** Opens the dialog for the selection (ids or "all matching"), or for what the list shows. */
  open(request: ExportDialogRequest): void {
    this.problem = null;
    this.choices.scope = request.target ? 'selected' : 'matching';
    this.dialog = request;
  }

  close(): void {
    this.dialog = null;
  }

  /** How many sessions the dialog's scope holds. */
  countFor(scope: ExportChoices['scope']): number {
    const target = this.dialog?.target ?? null;
    if (scope === 'selected' && target) {
      return target.kind === 'ids' ? target.ids.length : target.count;
    }
    return sessionQuery.total;
  }

  /** Starts the export the dialog describes; the dialog closes once it is under way. */
  async start(): Promise<void> {
    const request = this.dialog;
    if (!request) return;
    const exportId = newExportId();
    const built = exportInput(exportId, $state.snapshot(this.choices), request.target, listState());
    if ('problem' in built) {
      this.problem = built.problem;
      return;
    }
    const { format } = built.input;
    const count = this.countFor(this.choices.scope);
    this.dialog = null;
    this.notice = null;
    this.track(exportId, format, count);
    try {
      const summary = await call('sessions.export', built.input);
      this.finished(exportId, { ok: true, summary });
    } catch (error) {
      this.finished(exportId, { ok: false, error: describeError(error) });
    }
  }

  /** Cancels a running export (the status bar's Cancel). */
  async cancel(exportId: string): Promise<void> {
    await call('sessions.export.cancel', { export_id: exportId }).catch(() => undefined);
  }

  async reveal(exportId: string): Promise<void> {
    try {
      await call('sessions.export.reveal', { export_id: exportId });
    } catch (error) {
      this.notice = {
        exportId,
        message: explainError(describeError(error)),
        revealable: false,
        problem: true,
      };
    }
  }

  dismiss(): void {
    this.notice = null;
  }

  /**
   * Follows the engine's progress events into the status bar, and takes the selection's Export
   * (its button, `e`, the menu item). Returns the way to let go again.
   */
  connect(): () => void {
    const offProgress = window.api.on('export.progress', (progress) => {
      const job = this.running.get(progress.export_id);
      if (!job) return;
      activities.set({
        id: activityId(progress.export_id),
        label:
          progress.phase === 'transcripts'
            ? `Downloading transcripts for the export`
            : exportLabel(progress.total, job.format),
        done: progress.done,
        total: progress.total,
        etaMs: null,
        cancel: () => void this.cancel(progress.export_id),
        cancelLabel: 'Cancel export',
      });
    });
    const releaseSelection = selection.setExportHandler((target) => this.open({ target }));
    return () => {
      offProgress();
      releaseSelection();
    };
  }

  private track(exportId: string, format: ExportFormat, count: number | null): void {
    this.running.set(exportId, { format, count });
    activities.set({
      id: activityId(exportId),
      label: exportLabel(count, format),
      done: null,
      total: null,
      etaMs: null,
      cancel: () => void this.cancel(exportId),
      cancelLabel: 'Cancel export',
    });
  }

  private finished(
    exportId: string,
    outcome: { ok: true; summary: ExportSummary } | { ok: false; error: AppErrorShape },
  ): void {
    this.running.delete(exportId);
    activities.remove(activityId(exportId));
    if (outcome.ok) {
      this.notice = {
        exportId,
        message: doneSentence(outcome.summary),
        revealable: isDesktop() && outcome.summary.file_name !== null,
        problem: false,
      };
    } else if (outcome.error.code === 'cancelled') {
      this.notice = {
        exportId,
        message: `Export stopped: ${outcome.error.message}`,
        revealable: false,
        problem: false,
      };
    } else {
      this.notice = {
        exportId,
        message: `The export failed: ${explainError(outcome.error)}`,
        revealable: false,
        problem: true,
      };
    }
  }
}

/** The page's entry point for other features: the dialog for these ids, or for the list. */
export function openExportDialog(options: { ids?: string[] } = {}): void {
  exportState.open({
    target: options.ids && options.ids.length > 0 ? { kind: 'ids', ids: options.ids } : null,
  });
}

/** The list header's Export: the selection if there is one, else what the list shows. */
export function openExportForList(): void {
  exportState.open({ target: selection.target() });
}

function activityId(exportId: string): string {
  return `export:${exportId}`;
}

function listState(): ListState {
  return {
    filter: $state.snapshot(sessionQuery.filter),
    sort: $state.snapshot(sessionQuery.sort),
    visible: [...columns.visible],
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}

/** In the desktop app a file was saved where the user chose; in a browser it is a download. */
function isDesktop(): boolean {
  return document.querySelector('meta[name="session-desk-token"]') === null;
}

/** "Exported 1,200 sessions to sessions-2026-05-04-1530.csv." plus what is missing. */
export function doneSentence(summary: ExportSummary): string {
  const rows = `${summary.rows.toLocaleString()} session${summary.rows === 1 ? '' : 's'}`;
  const where = summary.file_name ? ` to ${summary.file_name}` : '';
  const parts = [`Exported ${rows}${where}.`];
  if (summary.not_cached.count > 0) {
    parts.push(
      `${summary.not_cached.count.toLocaleString()} selected session${summary.not_cached.count === 1 ? ' is' : 's are'} no longer in the cache and ${summary.not_cached.count === 1 ? 'was' : 'were'} left out.`,
    );
  }
  if (summary.missing_transcripts.count > 0) {
    parts.push(
      `${summary.missing_transcripts.count.toLocaleString()} without a transcript (not downloaded yet).`,
    );
    if (summary.transcripts_notice) parts.push(summary.transcripts_notice);
  }
  return parts.join(' ');
}

export const exportState = new ExportState();
