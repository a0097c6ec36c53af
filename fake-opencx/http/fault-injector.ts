import { SeededRandom } from '../data/seeded-random';
import type { FakeEndpoint, FaultConfig, FaultName, FaultTrigger } from '../fake-opencx-options';

// Checked in this order; the first that fires wins.
const FAULT_ORDER: readonly FaultName[] = [
  'reset',
  'hang',
  'serverError',
  'rateLimitStorm',
  'truncated',
  'malformed',
  'slow',
];

/** Decides, per request, which configured fault (if any) shapes the answer. */
export class FaultInjector {
  private config: FaultConfig = {};
  private readonly counters = new Map<FaultName, number>();
  private readonly random: SeededRandom;

  constructor(seed: number, config: FaultConfig = {}) {
    this.random = SeededRandom.derive(seed, 'faults');
    this.set(config);
  }

  get current(): FaultConfig {
    return this.config;
  }

  set(config: FaultConfig): void {
    validateFaultConfig(config);
    this.config = config;
    this.counters.clear();
  }

  /** The fault for this request, or null. Every trigger that considers the request counts it. */
  decide(endpoint: FakeEndpoint): FaultName | null {
    let chosen: FaultName | null = null;
    for (const name of FAULT_ORDER) {
      const trigger = this.config[name];
      if (!trigger) continue;
      if (trigger.endpoints && !trigger.endpoints.includes(endpoint)) continue;
      const count = (this.counters.get(name) ?? 0) + 1;
      this.counters.set(name, count);
      const fires =
        'every' in trigger ? count % trigger.every === 0 : this.random.next() < trigger.rate;
      if (fires && chosen === null) chosen = name;
    }
    return chosen;
  }

  /** A random draw for choices inside a fault (which 5xx, which malformation). */
  pick<T>(items: readonly T[]): T {
    return this.random.pick(items);
  }

  tieShuffler(): SeededRandom | undefined {
    return this.config.shuffleTies ? this.random : undefined;
  }
}

export function validateFaultConfig(config: FaultConfig): void {
  for (const name of FAULT_ORDER) {
    const trigger = config[name];
    if (!trigger) continue;
    validateTrigger(trigger, `faults.${name}`);
  }
  const slow = config.slow;
  if (slow && !(Number.isFinite(slow.delayMs) && slow.delayMs >= 0)) {
    throw new Error('faults.slow.delayMs must be a number of milliseconds, 0 or more.');
  }
  const storm = config.rateLimitStorm;
  if (
    storm &&
    storm.retryAfterSeconds !== undefined &&
    !(Number.isInteger(storm.retryAfterSeconds) && storm.retryAfterSeconds >= 0)
  ) {
    throw new Error('faults.rateLimitStorm.retryAfterSeconds must be a whole number, 0 or more.');
  }
}

function validateTrigger(trigger: FaultTrigger, field: string): void {
  if ('every' in trigger) {
    if (!(Number.isInteger(trigger.every) && trigger.every >= 1)) {
      throw new Error(`${field}.every must be a whole number, 1 or more.`);
    }
  } else if (!(typeof trigger.rate === 'number' && trigger.rate >= 0 && trigger.rate <= 1)) {
    throw new Error(`${field}.rate must be a number from 0 to 1.`);
  }
}
