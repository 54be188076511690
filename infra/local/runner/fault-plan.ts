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
