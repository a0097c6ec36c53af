import { SvelteMap } from 'svelte/reactivity';

const STORAGE_KEY = 'session-desk.filter-sections';

/**
 * Which filter-panel sections the user opened or closed by hand, remembered in this browser
 * profile. A section nobody touched follows its default (open when in use).
 */
export class PanelSections {
  private readonly chosen = new SvelteMap<string, boolean>();

  constructor() {
    for (const [id, open] of Object.entries(readStored())) this.chosen.set(id, open);
  }

  isOpen(id: string, fallback: boolean): boolean {
    return this.chosen.get(id) ?? fallback;
  }

  set(id: string, open: boolean): void {
    this.chosen.set(id, open);
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(Object.fromEntries(this.chosen)));
    } catch {
      // Storage may be off (private window); the choice then lasts until reload.
    }
  }
}

function readStored(): Record<string, boolean> {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as unknown;
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter(
        (entry): entry is [string, boolean] => typeof entry[1] === 'boolean',
      ),
    );
  } catch {
    return {};
  }
}

export const panelSections = new PanelSections();
