import { EventEmitter } from 'node:events';
import type { NativeTheme } from 'electron';
import type { DoubleState } from './double-state';

/** nativeTheme: themeSource as the app sets it, the OS preference as the test sets it. */
export class NativeThemeDouble
  extends EventEmitter
  implements Pick<NativeTheme, 'themeSource' | 'shouldUseDarkColors'>
{
  themeSource: NativeTheme['themeSource'] = 'system';

  constructor(private readonly state: DoubleState) {
    super();
  }

  get shouldUseDarkColors(): boolean {
    return this.themeSource === 'system' ? this.state.osPrefersDark : this.themeSource === 'dark';
  }

  /** The user switches the OS to dark or light. */
  osChanges(dark: boolean): void {
    this.state.osPrefersDark = dark;
    this.emit('updated');
  }
}
