export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'session-desk:theme';
const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };

/** Light, dark, or as the system says: on <html data-theme>, remembered on this computer. */
export class Theme {
  choice = $state<ThemeChoice>('system');

  load(): void {
    let stored: string | null;
    try {
      stored = window.localStorage.getItem(KEY);
    } catch {
      stored = null;
    }
    this.apply(stored === 'light' || stored === 'dark' ? stored : 'system');
  }

  cycle(): void {
    this.apply(NEXT[this.choice]);
    try {
      window.localStorage.setItem(KEY, this.choice);
    } catch {
      // Not remembered: the choice lasts until the page closes.
    }
  }

  private apply(choice: ThemeChoice): void {
    this.choice = choice;
    if (choice === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = choice;
  }
}

export const theme = new Theme();
