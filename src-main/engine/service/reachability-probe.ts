import type { ContractHandlers } from '../contract/dispatcher';
import type { ActiveAccount } from './active-account';
import type { ConnectivityMonitor } from './connectivity-monitor';

/**
 * While offline, one cheap request now and then (and at once when the OS says the network is
 * back) tells whether OpenCX is reachable again: the connectivity monitor watches every request,
 * so its answer flips the state.
 */
export class ReachabilityProbe {
  private lastProbe = 0;

  constructor(
    private readonly account: ActiveAccount,
    private readonly connectivity: ConnectivityMonitor,
    private readonly now: () => number,
  ) {}

  /** The OS's word on the network: a hint, and a reason to check now if it says online. */
  handlers(): Pick<ContractHandlers, 'connectivity.hint'> {
    return {
      'connectivity.hint': ({ online }) => {
        this.connectivity.hint(online);
        if (online && this.connectivity.state.online === false) void this.probe();
        return Promise.resolve(this.connectivity.state);
      },
    };
  }

  async probeIfOffline(): Promise<void> {
    if (this.connectivity.state.online === false) await this.probe();
  }

  /** One cheap request, to learn whether OpenCX is reachable again (at most one a second). */
  async probe(): Promise<void> {
    const session = this.account.session;
    if (!session || this.now() - this.lastProbe < 1_000) return;
    this.lastProbe = this.now();
    await session.client.listTags({ priority: 'background' }).catch(() => undefined);
  }
}
