import type { AppErrorShape } from '../../../src-shared/contract/app-error';
import type { SavedView } from '../../../src-shared/contract/results';
import { call, describeError } from '../platform/call';
import { sessionQuery } from './session-query.svelte';

/** Named filters (Datasette's "a view is just a filter you can name"), kept by the engine. */
export class SavedViews {
  views = $state.raw<SavedView[]>([]);
  error = $state<AppErrorShape | null>(null);

  async load(): Promise<void> {
    await this.run(async () => {
      this.views = await call('views.list');
    });
  }

  /** Saves what the list shows now under `name`. */
  async saveCurrent(name: string): Promise<void> {
    await this.run(async () => {
      await call('views.save', {
        name,
        filter: $state.snapshot(sessionQuery.filter),
        sort: $state.snapshot(sessionQuery.sort),
      });
      this.views = await call('views.list');
    });
  }

  apply(view: SavedView): void {
    sessionQuery.sort = view.sort;
    sessionQuery.setFilter(view.filter);
  }

  async remove(view: SavedView): Promise<void> {
    await this.run(async () => {
      await call('views.delete', { id: view.id });
      this.views = await call('views.list');
    });
  }

  private async run(action: () => Promise<void>): Promise<void> {
    try {
      await action();
      this.error = null;
    } catch (error) {
      this.error = describeError(error);
    }
  }
}

export const savedViews = new SavedViews();
