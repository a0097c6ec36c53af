/** The sentence a user reads when the engine worker died: the same in the desktop app and the browser. */
export function engineCrashMessage(error: Error, restarting: boolean): string {
  return restarting
    ? `Session Desk's engine stopped unexpectedly and is restarting; your cached sessions are safe. (${error.message})`
    : `Session Desk's engine keeps stopping, so it was left stopped; your cached sessions are safe. Restart Session Desk. (${error.message})`;
}
