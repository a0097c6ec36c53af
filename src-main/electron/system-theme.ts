import type { BrowserWindow, NativeTheme } from 'electron';

// The page follows prefers-color-scheme; main only keeps the window's own background (seen
// before the first paint and while resizing) in the same light or dark.
export const BACKGROUND = { light: '#ffffff', dark: '#1b1d21' } as const;

export function backgroundFor(theme: Pick<NativeTheme, 'shouldUseDarkColors'>): string {
  return theme.shouldUseDarkColors ? BACKGROUND.dark : BACKGROUND.light;
}

/** Follows the OS setting from now on; returns a function that stops following. */
export function followSystemTheme(
  theme: NativeTheme,
  window: () => BrowserWindow | null,
): () => void {
  theme.themeSource = 'system';
  const update = () => {
    const current = window();
    if (current && !current.isDestroyed()) current.setBackgroundColor(backgroundFor(theme));
  };
  theme.on('updated', update);
  return () => theme.off('updated', update);
}
