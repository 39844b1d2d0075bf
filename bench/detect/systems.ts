/**
 * The detectors the benchmark times, each called through its own native API on one message
 * (what a chat server would do per message): Enclave `analyze(text)`; `redact-pii`
 * `SyncRedactor.redact`; `@openredaction/openredaction` `OpenRedaction.detect`;
 * `@redactpii/node` `Redactor.redact`. All with default settings. `count` gives the number of
 * findings of types we map (see `eval/pii/entity-map.ts`), measured outside the timed loop.
 */
import { analyze } from '@enclave/pii';
import { openRedactionSystem } from '../../eval/pii/peers/openredaction.ts';
import { redactPiiSystem } from '../../eval/pii/peers/redact-pii.ts';
import { redactpiiNodeSystem } from '../../eval/pii/peers/redactpii-node.ts';

/** A timed detector. */
export interface BenchSystem {
  name: string;
  /** The native call; its result is kept to stop dead-code elimination. */
  run(text: string): unknown;
  /** Typed findings (eval adapter), for the "findings" column. */
  count(text: string): number;
}

/** Enclave plus, unless `peers` is false, the three npm peers. */
export function benchSystems(peers: boolean): BenchSystem[] {
  const list: BenchSystem[] = [{ name: 'Enclave', run: (t) => analyze(t), count: (t) => analyze(t).length }];
  if (!peers) return list;
  for (const s of [redactPiiSystem(), openRedactionSystem(), redactpiiNodeSystem()]) {
    list.push({ name: s.name, run: (t) => s.raw(t), count: (t) => s.detect(t).length });
  }
  return list;
}

/** Finds a system by name (for the linearity child process). */
export function benchSystem(name: string): BenchSystem | undefined {
  return benchSystems(true).find((s) => s.name === name);
}
