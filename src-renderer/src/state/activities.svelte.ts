/**
 * Long work the status bar shows with a progress bar and a Cancel button. Sync, backfill and
 * transcript downloads come from the engine's progress events (sync-status); other features
 * (export) put theirs here with set() and take them away with remove().
 */
export interface Activity {
  id: string;
  /** "Exporting 1,200 sessions to CSV". */
  label: string;
  /** Done of total, when the total is known; both null for an activity without a measure. */
  done: number | null;
  total: number | null;
  /** Estimated time left (ms), when it can be told. */
  etaMs: number | null;
  /** A second sentence: why it waits ("waiting 20 s for OpenCX's rate limit"). */
  detail?: string | null;
  cancel?: () => void;
  cancelLabel?: string;
}

export class Activities {
  list = $state.raw<Activity[]>([]);

  /** Adds or replaces (by id) an activity. */
  set(activity: Activity): void {
    const others = this.list.filter((item) => item.id !== activity.id);
    this.list = [...others, activity];
  }

  remove(id: string): void {
    this.list = this.list.filter((item) => item.id !== id);
  }
}

export const activities = new Activities();
