import { SvelteSet } from 'svelte/reactivity';
import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import type { SessionSort } from '../../../src-shared/filter/session-sort';
import { explainError } from '../format/error-sentence';
import { describeError } from '../platform/call';
import { idsInRange, idsMatching } from '../platform/session-ids.svelte';
import { sessionQuery } from './session-query.svelte';

/**
 * What the selection holds, in the form an action (export) takes it: the chosen sessions by id,
 * or every session matching a filter (less the ones unticked since), which stays right for a
 * million sessions without listing them.
 */
export type SelectionTarget =
  | { kind: 'ids'; ids: string[] }
  | { kind: 'filter'; filter: SessionFilter; sort: SessionSort; except: string[]; count: number };

/** A sentence about what a filter change did to the selection, with its undo. */
export interface SelectionNotice {
  message: string;
  undo: (() => void) | null;
}

export type ExportHandler = (target: SelectionTarget) => void;

/** Larger ranges are refused with a sentence: "Select all" covers them better. */
export const MAX_RANGE = 100_000;

/**
 * The sessions the user picked for work on several at once: click, shift-click ranges,
 * ctrl/cmd-click, x, shift+j/k, "select all N matching". Kept by session id, so it survives
 * scrolling, re-sorting and reloads.
 */
export class Selection {
  /** Mode 'ids': the selected ids. Mode 'all': the ids unticked from the whole result. */
  readonly ids = new SvelteSet<string>();
  /** Set in mode 'all': every session matching this filter, except `ids`. */
  all = $state.raw<{ filter: SessionFilter; sort: SessionSort; total: number } | null>(null);
  /** The row index a shift-click or shift+j/k extends from. */
  anchor = $state(-1);
  notice = $state<SelectionNotice | null>(null);
  /** Set while a range or a check runs; the bar says so. */
  busy = $state(false);
  problem = $state<string | null>(null);
  /** The export feature's hook: set by it, called by the Export button and the e key. */
  exportHandler = $state.raw<ExportHandler | null>(null);

  count = $derived(this.all ? Math.max(0, this.all.total - this.ids.size) : this.ids.size);

  has(id: string): boolean {
    return this.all ? !this.ids.has(id) : this.ids.has(id);
  }

  /** ctrl/cmd-click and x: adds or removes one session. */
  toggle(id: string, index: number): void {
    if (this.ids.has(id)) this.ids.delete(id);
    else this.ids.add(id);
    this.anchor = index;
    this.problem = null;
  }

  /** A plain click: only this session. */
  only(id: string, index: number): void {
    this.all = null;
    this.ids.clear();
    this.ids.add(id);
    this.anchor = index;
    this.problem = null;
  }

  /**
   * shift-click and shift+j/k: selects every row from the anchor to `index`, added to what
   * is selected (rows not loaded are asked of the engine by position).
   */
  async extendTo(index: number): Promise<void> {
    const from = this.anchor === -1 ? index : this.anchor;
    const start = Math.min(from, index);
    const end = Math.max(from, index) + 1;
    if (end - start > MAX_RANGE) {
      this.problem = `A range can hold at most ${MAX_RANGE.toLocaleString()} sessions; use "Select all" for more.`;
      return;
    }
    this.busy = true;
    try {
      const ids = await idsInRange(sessionQuery, start, end);
      for (const id of ids) this.select(id);
      if (this.anchor === -1) this.anchor = from;
      this.problem = null;
    } catch (error) {
      this.problem = explainError(describeError(error));
    } finally {
      this.busy = false;
    }
  }

  /** "Select all N matching": the filter itself, not just the rows loaded. */
  selectAllMatching(): void {
    this.ids.clear();
    this.all = {
      filter: $state.snapshot(sessionQuery.filter),
      sort: $state.snapshot(sessionQuery.sort),
      total: sessionQuery.total,
    };
    this.notice = null;
    this.problem = null;
  }

  clear(): void {
    this.all = null;
    this.ids.clear();
    this.anchor = -1;
    this.notice = null;
    this.problem = null;
  }

  /** The selection for an action: ids, or the filter less the unticked. */
  target(): SelectionTarget | null {
    if (this.count === 0) return null;
    if (this.all) {
      return {
        kind: 'filter',
        filter: this.all.filter,
        sort: this.all.sort,
        except: [...this.ids],
        count: this.count,
      };
    }
    return { kind: 'ids', ids: [...this.ids] };
  }

  /** The Export button and the e key: hands the selection (or, with none, the focused row). */
  requestExport(): boolean {
    const handler = this.exportHandler;
    if (!handler) return false;
    const target = this.target() ?? focusedTarget();
    if (!target) return false;
    handler(target);
    return true;
  }

  /** Lets the export feature take the selection: returns the way to let go again. */
  setExportHandler(handler: ExportHandler): () => void {
    this.exportHandler = handler;
    return () => {
      if (this.exportHandler === handler) this.exportHandler = null;
    };
  }

  /** Keeps the total of a "select all" in step with the list (a sync adds sessions). */
  syncTotal(total: number): void {
    if (this.all && sameFilter(this.all.filter, sessionQuery.filter) && this.all.total !== total) {
      this.all = { ...this.all, total };
    }
  }

  /**
   * After a filter change: selected sessions that no longer match are deselected, and the
   * notice says how many, with Undo (which brings back the filter and the selection).
   */
  async filterChanged(previous: SessionFilter, next: SessionFilter): Promise<void> {
    this.anchor = -1;
    if (this.all) {
      const before = this.all;
      const except = [...this.ids];
      const count = this.count;
      if (sameFilter(before.filter, next)) return;
      this.all = null;
      this.ids.clear();
      this.notice = {
        message: `The selection of all ${count.toLocaleString()} sessions matching the previous filters was cleared, because the filters changed.`,
        undo: () => {
          sessionQuery.setFilter(previous);
          this.all = before;
          for (const id of except) this.ids.add(id);
          this.notice = null;
        },
      };
      return;
    }
    if (this.ids.size === 0) return;
    const selected = [...this.ids];
    this.busy = true;
    try {
      const matching = await idsMatching(next, selected);
      const dropped = selected.filter((id) => !matching.has(id));
      if (dropped.length === 0) {
        this.notice = null;
        return;
      }
      for (const id of dropped) this.ids.delete(id);
      const n = dropped.length;
      this.notice = {
        message: `${n.toLocaleString()} selected session${n === 1 ? ' no longer matches' : 's no longer match'} the filters and ${n === 1 ? 'was' : 'were'} deselected; ${this.ids.size.toLocaleString()} still selected.`,
        undo: () => {
          sessionQuery.setFilter(previous);
          for (const id of dropped) this.ids.add(id);
          this.notice = null;
        },
      };
    } catch (error) {
      this.problem = explainError(describeError(error));
    } finally {
      this.busy = false;
    }
  }

  private select(id: string): void {
    if (this.all) this.ids.delete(id);
    else this.ids.add(id);
  }
}

function focusedTarget(): SelectionTarget | null {
  const id = sessionQuery.focusedId ?? sessionQuery.opened?.session.id ?? null;
  return id ? { kind: 'ids', ids: [id] } : null;
}

function sameFilter(a: SessionFilter, b: SessionFilter): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export const selection = new Selection();
