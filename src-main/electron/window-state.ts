import { z } from 'zod';

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState extends Rectangle {
  maximized: boolean;
}

export const WINDOW_MIN_SIZE = { width: 800, height: 500 } as const;
export const WINDOW_DEFAULT_SIZE = { width: 1280, height: 800 } as const;

const Finite = z.number().finite();
export const WindowStateSchema = z.object({
  x: Finite,
  y: Finite,
  width: Finite.positive(),
  height: Finite.positive(),
  maximized: z.boolean().default(false),
});

/** A saved state, or null when the file held something else (then the defaults apply). */
export function parseWindowState(value: unknown): WindowState | null {
  const parsed = WindowStateSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/**
 * Where the window opens: the saved bounds moved and shrunk onto the display they overlap most,
 * so a window saved on a monitor that has since been unplugged comes back into view. Without a
 * saved state, or with one that overlaps no display, it is centred on the primary display.
 */
export function fitWindowState(
  saved: WindowState | null,
  workAreas: readonly Rectangle[],
  primary: Rectangle,
): WindowState {
  const area = saved ? largestOverlap(saved, workAreas) : null;
  if (!saved || !area) {
    // Nothing saved, or saved on a display that is gone: the saved size (else the default),
    // centred on the primary display.
    const size = saved ?? WINDOW_DEFAULT_SIZE;
    const width = Math.round(fitSize(size.width, WINDOW_MIN_SIZE.width, primary.width));
    const height = Math.round(fitSize(size.height, WINDOW_MIN_SIZE.height, primary.height));
    return {
      x: Math.round(primary.x + (primary.width - width) / 2),
      y: Math.round(primary.y + (primary.height - height) / 2),
      width,
      height,
      maximized: saved?.maximized ?? false,
    };
  }
  const width = Math.round(fitSize(saved.width, WINDOW_MIN_SIZE.width, area.width));
  const height = Math.round(fitSize(saved.height, WINDOW_MIN_SIZE.height, area.height));
  return {
    x: Math.round(clamp(saved.x, area.x, area.x + area.width - width)),
    y: Math.round(clamp(saved.y, area.y, area.y + area.height - height)),
    width,
    height,
    maximized: saved.maximized,
  };
}

function largestOverlap(rect: Rectangle, areas: readonly Rectangle[]): Rectangle | null {
  let best: Rectangle | null = null;
  let bestArea = 0;
  for (const area of areas) {
    const overlap = intersectionArea(rect, area);
    if (overlap > bestArea) {
      best = area;
      bestArea = overlap;
    }
  }
  return best;
}

function intersectionArea(a: Rectangle, b: Rectangle): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

/** At least the minimum (unless the display is smaller), at most the display. */
function fitSize(size: number, minimum: number, available: number): number {
  return clamp(size, Math.min(minimum, available), available);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
