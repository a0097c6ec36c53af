import type { Display, Screen } from 'electron';
import type { DoubleState } from './double-state';

/** screen: the displays the test set up, the first one primary. */
export function createScreenDouble(
  state: DoubleState,
): Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay'> {
  const display = (workArea: DoubleState['displays'][number], index: number) =>
    ({
      id: index + 1,
      bounds: workArea,
      workArea,
      scaleFactor: 1,
      rotation: 0,
      internal: index === 0,
    }) as unknown as Display;
  return {
    getAllDisplays: () => state.displays.map(display),
    getPrimaryDisplay: () => {
      const primary = state.displays[0];
      if (!primary) throw new Error('the double has no display');
      return display(primary, 0);
    },
  };
}
