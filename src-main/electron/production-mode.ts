import type { WebContents } from 'electron';

/**
 * What a developer's run may do that an installed app must not. An installed app
 * (app.isPackaged) is always in production mode: no environment variable brings DevTools back,
 * just as the fuses keep NODE_OPTIONS and --inspect out. From a source checkout (`npm start`)
 * the app is in development mode unless SESSION_DESK_DEV=0 asks for production behaviour.
 */
export interface RunMode {
  development: boolean;
  /** webPreferences.devTools, and the Toggle Developer Tools menu item. */
  devTools: boolean;
  /** The Reload menu item and its accelerator. */
  reloadAccelerators: boolean;
  /** The page's console and start-up facts printed by the main process. */
  verboseLogging: boolean;
}

export function runModeFor(isPackaged: boolean, env: NodeJS.ProcessEnv): RunMode {
  const development = !isPackaged && env.SESSION_DESK_DEV !== '0';
  return {
    development,
    devTools: development,
    reloadAccelerators: development,
    verboseLogging: development,
  };
}

export type Log = (message: string) => void;

/** Prints only in development mode; an installed app keeps quiet (errors go to console.error). */
export function developmentLog(mode: RunMode, write: Log = console.log): Log {
  return mode.verboseLogging ? (message) => write(`session-desk: ${message}`) : () => undefined;
}

/** In development, the page's console shows up in the terminal that ran `npm start`. */
export function forwardPageConsole(
  mode: RunMode,
  contents: Pick<WebContents, 'on'>,
  write: Log = console.log,
): void {
  if (!mode.verboseLogging) return;
  contents.on('console-message', (details) => {
    write(`session-desk page [${details.level}] ${details.message}`);
  });
}
