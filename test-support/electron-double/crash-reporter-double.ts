import type { CrashReporter, CrashReporterStartOptions } from 'electron';
import type { DoubleState } from './double-state';

/** crashReporter: start records its options (Electron starts Crashpad); nothing is ever sent. */
export function createCrashReporterDouble(
  state: DoubleState,
): Pick<CrashReporter, 'start' | 'getLastCrashReport' | 'getUploadedReports'> {
  return {
    start: (options: CrashReporterStartOptions) => {
      if (options.uploadToServer !== false && !options.submitURL)
        throw new Error('submitURL must be specified when uploadToServer is true');
      state.crashReporterStarts.push({ ...options });
    },
    getLastCrashReport: () => null,
    getUploadedReports: () => [],
  };
}
