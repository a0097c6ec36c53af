import { describe, expect, it } from 'vitest';
import {
  MAX_SCROLL_PX,
  rowWindow,
  rowsPerPage,
  scrollGeometry,
  scrollTopForVirtual,
  scrollTopToReveal,
  virtualTop,
} from './scroll-window';

describe('the grid windowing', () => {
  it('renders the visible rows plus overscan, whatever the total', () => {
    for (const total of [100, 10_000, 1_000_000]) {
      const geometry = scrollGeometry(total, 32, 640);
      const window = rowWindow(geometry, 0, 4);
      expect(window.start).toBe(0);
      expect(window.end - window.start).toBe(24);
      const middle = rowWindow(geometry, geometry.physical / 2, 4);
      expect(middle.end - middle.start).toBeLessThanOrEqual(29);
    }
  });

  it('keeps the scroll space under the browser cap and scales the offset at 1,000,000 rows', () => {
    const geometry = scrollGeometry(1_000_000, 36, 600);
    expect(geometry.physical).toBe(MAX_SCROLL_PX);
    expect(geometry.ratio).toBeGreaterThan(2);
    // The bottom of the scroll space shows the last rows exactly.
    const bottom = rowWindow(geometry, geometry.physical - geometry.viewport, 0);
    expect(bottom.endVisible).toBe(1_000_000);
    expect(bottom.firstVisible).toBe(1_000_000 - Math.ceil(600 / 36));
    expect(bottom.offset).toBeCloseTo(-(36 - (600 % 36)), 3);
  });

  it('does not scale a result that fits', () => {
    const geometry = scrollGeometry(2_500, 32, 600);
    expect(geometry.physical).toBe(80_000);
    expect(geometry.ratio).toBe(1);
    expect(virtualTop(geometry, 3200)).toBe(3200);
    expect(rowWindow(geometry, 3200, 0)).toMatchObject({ firstVisible: 100, offset: 0 });
  });

  it('maps back and forth between physical and virtual offsets', () => {
    const geometry = scrollGeometry(1_000_000, 32, 640);
    const physical = scrollTopForVirtual(geometry, 32 * 500_000);
    expect(rowWindow(geometry, physical, 0).firstVisible).toBe(500_000);
  });

  it('scrolls the least needed to reveal a row', () => {
    const geometry = scrollGeometry(1000, 32, 320);
    expect(scrollTopToReveal(geometry, 0, 5)).toBeNull();
    expect(scrollTopToReveal(geometry, 0, 10)).toBe(32);
    expect(scrollTopToReveal(geometry, 640, 3)).toBe(96);
    expect(rowsPerPage(geometry)).toBe(10);
  });

  it('shows nothing for an empty result', () => {
    expect(rowWindow(scrollGeometry(0, 32, 600), 0)).toEqual({
      start: 0,
      end: 0,
      firstVisible: 0,
      endVisible: 0,
      offset: 0,
    });
  });
});
