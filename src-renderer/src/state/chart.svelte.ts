import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import { DATE_FIELDS, localTimeZone, type DateField } from './filter-edit';
import type { HistogramStack, SessionHistogram } from '../../../src-shared/contract/results';
import { call } from '../platform/call';

const STORAGE_KEY = 'session-desk.chart';

/**
 * Sessions over time for the current filter, counted by the engine in SQL (bucketed by hour,
 * day or week to fit the range, stacked by one field) from the cache, so it draws offline too.
 */
export class SessionChart {
  histogram = $state.raw<SessionHistogram | null>(null);
  stackBy = $state<HistogramStack>('status');
  shown = $state(true);
  problem = $state<string | null>(null);

  private filter: SessionFilter = {};
  private generation = 0;

  constructor() {
    try {
      const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as {
        stackBy?: HistogramStack;
        shown?: boolean;
      };
      if (
        saved.stackBy === 'status' ||
        saved.stackBy === 'sentiment' ||
        saved.stackBy === 'channel'
      )
        this.stackBy = saved.stackBy;
      if (typeof saved.shown === 'boolean') this.shown = saved.shown;
    } catch {
      // Defaults, then.
    }
  }

  /** The date field the chart counts along: the one the filter constrains, else created. */
  static fieldOf(filter: SessionFilter): DateField {
    return DATE_FIELDS.find((key) => filter[key] !== undefined) ?? 'created_at';
  }

  async load(filter: SessionFilter): Promise<void> {
    this.filter = filter;
    if (!this.shown) return;
    const generation = ++this.generation;
    try {
      const histogram = await call('sessions.histogram', {
        filter,
        field: SessionChart.fieldOf(filter),
        stack_by: this.stackBy,
        time_zone: localTimeZone(),
      });
      if (generation !== this.generation) return;
      this.histogram = histogram;
      this.problem = null;
    } catch (error) {
      if (generation !== this.generation) return;
      this.histogram = null;
      this.problem = error instanceof Error ? error.message : String(error);
    }
  }

  reload(): Promise<void> {
    return this.load(this.filter);
  }

  setStack(stackBy: HistogramStack): void {
    this.stackBy = stackBy;
    this.remember();
    void this.reload();
  }

  setShown(shown: boolean): void {
    this.shown = shown;
    this.remember();
    if (shown) void this.reload();
  }

  private remember(): void {
    try {
      localStorage.setItem(
        STORAGE_KEY,
        JSON.stringify({ stackBy: this.stackBy, shown: this.shown }),
      );
    } catch {
      // Not remembered, then.
    }
  }
}

export const sessionChart = new SessionChart();
