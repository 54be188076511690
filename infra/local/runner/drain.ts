import type { SqsEventSource } from './sqs-event-source';

export class DrainTimeoutError extends Error {
  override readonly name = 'DrainTimeoutError';
}

/**
 * Polls every event source until all their queues are empty (nothing visible, in flight or delayed), so one
 * simulated time step finishes all the work it caused, including retries, before the clock moves on.
 */
export async function drainEventSources(
  sources: readonly SqsEventSource[],
  options: { timeoutMs: number; idleSleepMs?: number },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    let received = 0;
    for (const source of sources) received += await source.pollOnce();
    if (received > 0) continue;
    let backlog = 0;
    for (const source of sources) backlog += await source.backlog();
    if (backlog === 0) return;
    if (Date.now() > deadline) {
      throw new DrainTimeoutError(`queues still hold ${backlog} message(s) after ${options.timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.idleSleepMs ?? 100));
  }
}
