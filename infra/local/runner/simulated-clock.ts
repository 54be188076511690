/**
 * The local runner's clock. Handlers, the simulated platform and the scheduler all read time from it, so
 * H hours of schedule run in minutes and every run with the same seed sees the same instants.
 */
export class SimulatedClock {
  private current: number;

  constructor(startMs: number) {
    this.current = startMs;
  }

  nowMs(): number {
    return this.current;
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves forward only: time never runs backwards for the handlers. */
  set(ms: number): void {
    if (ms < this.current) throw new RangeError(`clock cannot go back from ${this.current} to ${ms}`);
    this.current = ms;
  }

  advance(ms: number): void {
    this.set(this.current + ms);
  }
}

/** An EventBridge scheduled event, as Lambda receives it from a rule or schedule. */
export function scheduledEvent(ruleName: string, at: Date, region: string) {
  return {
    version: '0',
    id: `local-${ruleName}-${at.getTime()}`,
    'detail-type': 'Scheduled Event' as const,
    source: 'aws.events' as const,
    account: '000000000000',
    time: at.toISOString(),
    region,
    resources: [`arn:aws:events:${region}:000000000000:rule/${ruleName}`],
    detail: {},
  };
}
