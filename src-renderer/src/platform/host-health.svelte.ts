/**
 * Whether the page can reach its own host (the web host's loopback server; in Electron, always).
 * When it cannot, nothing the page shows about OpenCX is current: the status bar says so instead
 * of "Online".
 */
export class HostHealth {
  reachable = $state(true);

  report(reachable: boolean): void {
    if (this.reachable !== reachable) this.reachable = reachable;
  }
}

export const hostHealth = new HostHealth();
