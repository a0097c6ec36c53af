import type { EventPayload } from './channels';
import type { EventName } from './names';

// The contract's pushed events, typed end to end: the engine emits them, each host forwards them
// (IPC to the preload, SSE to the web bridge), the page subscribes through `window.api.on`.
// Names come from names.ts and payloads from channels.ts' EventPayloads; nothing else declares one.

/** Anything that sends contract events: the engine's emit, a host's forwarder, a page sender. */
export type EventSink = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/** One event as a value (in worker messages): the name and its payload, kept paired. */
export type ContractEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

/** Pairs a name with its payload as one ContractEvent value (for a message between threads). */
export function contractEvent<E extends EventName>(
  name: E,
  payload: EventPayload<E>,
): ContractEvent {
  // TypeScript cannot narrow the mapped union from a generic E; the signature keeps them paired.
  return { name, payload } as ContractEvent;
}

/** Hands one ContractEvent value to a sink, name and payload still paired. */
export function deliverEvent(sink: EventSink, event: ContractEvent): void {
  (sink as (name: EventName, payload: ContractEvent['payload']) => void)(event.name, event.payload);
}
