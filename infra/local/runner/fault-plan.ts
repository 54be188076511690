/**
 * Deterministic fault injection for the local runner's event sources, so a run with `--faults` is repeatable:
 * handler crashes part-way through a batch, and duplicate deliveries (a processed message that is not deleted,
 * as happens on AWS when a delete is lost or a visibility timeout expires during a slow invocation).
 */
export interface DeliveryFaults {
  /** Probability that an invocation processes only a prefix of its batch and then crashes. */
  readonly crashMidBatchRate: number;
  /** Probability that a successfully processed message is not deleted and is delivered again. */
  readonly duplicateDeliveryRate: number;
}

export const NO_DELIVERY_FAULTS: DeliveryFaults = { crashMidBatchRate: 0, duplicateDeliveryRate: 0 };

/** mulberry32: a tiny, well-distributed 32-bit PRNG; good enough for fault schedules, not for secrets. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
