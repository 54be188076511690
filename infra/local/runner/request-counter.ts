import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Counts AWS requests of a local run per operation and per function, so the cost of a change is measured rather
 * than guessed (every DynamoDB request is billed on AWS, and locally the SDK's per-request overhead dominates a
 * CPU profile). Switched on with `PULSE_COUNT_REQUESTS=1`; off, nothing is installed and nothing is counted.
 *
 * - A middleware on each client counts every HTTP attempt (it sits inside the retry middleware, so an SDK retry
 *   counts again, as AWS bills it), keyed by service and operation (`DynamoDB.PutItem`).
 * - The function is whatever `run(name, …)` / `wrap(name, handler)` set on the async context around the call
 *   (AsyncLocalStorage follows awaits into the adapters); anything else counts under `runner`.
 */

export const COUNT_REQUESTS_ENV = 'PULSE_COUNT_REQUESTS';
const UNATTRIBUTED = 'runner';

/** function → `Service.Operation` → requests. */
export type RequestCounts = Record<string, Record<string, number>>;

type Next = (args: unknown) => Promise<unknown>;
type CountingMiddleware = (next: Next, context: { commandName?: string }) => Next;
/** The part of a Smithy middleware stack used here (structural, so no SDK-internal package is imported). */
interface MiddlewareAdder {
  add(
    middleware: CountingMiddleware,
    options: { step: 'finalizeRequest'; priority: 'low'; name: string; override: boolean },
  ): void;
}

export class RequestCounter {
  private readonly scope = new AsyncLocalStorage<string>();
  private readonly counts = new Map<string, Map<string, number>>();

  /** Runs `body` with its requests attributed to `functionName`. */
  run<T>(functionName: string, body: () => T): T {
    return this.scope.run(functionName, body);
  }

  /** The same handler, with every request it makes attributed to `functionName`. */
  wrap<A extends unknown[], R>(functionName: string, handler: (...args: A) => R): (...args: A) => R {
    return (...args: A) => this.run(functionName, () => handler(...args));
  }

  /** Adds the counting middleware to a client (idempotent: a second install replaces the first). */
  install(client: { readonly middlewareStack: object }, service: string): void {
    const middleware =
      (next: Next, context: { commandName?: string }): Next =>
      (args) => {
        const operation = String(context.commandName ?? 'unknown').replace(/Command$/, '');
        this.record(this.scope.getStore() ?? UNATTRIBUTED, `${service}.${operation}`);
        return next(args);
      };
    (client.middlewareStack as MiddlewareAdder).add(middleware, {
      step: 'finalizeRequest',
      priority: 'low',
      name: 'pulseRequestCounter',
      override: true,
    });
  }

  record(functionName: string, operation: string): void {
    const perFunction = this.counts.get(functionName) ?? new Map<string, number>();
    perFunction.set(operation, (perFunction.get(operation) ?? 0) + 1);
    this.counts.set(functionName, perFunction);
  }

  /** Counts as a plain object, functions and operations sorted by name. */
  snapshot(): RequestCounts {
    const out: RequestCounts = {};
    for (const functionName of [...this.counts.keys()].sort()) {
      const perFunction = this.counts.get(functionName) ?? new Map<string, number>();
      out[functionName] = Object.fromEntries(
        [...perFunction.entries()].sort(([a], [b]) => a.localeCompare(b)),
      );
    }
    return out;
  }

  /** Readable report: totals per operation, then per function (largest first). */
  format(): string {
    const counts = this.snapshot();
    const totals = new Map<string, number>();
    for (const perFunction of Object.values(counts)) {
      for (const [operation, n] of Object.entries(perFunction)) {
        totals.set(operation, (totals.get(operation) ?? 0) + n);
      }
    }
    const byCount = (entries: Iterable<[string, number]>) =>
      [...entries].sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
    const lines = ['AWS requests per operation:'];
    for (const [operation, n] of byCount(totals)) lines.push(`  ${String(n).padStart(8)}  ${operation}`);
    lines.push('AWS requests per function:');
    for (const [functionName, perFunction] of Object.entries(counts)) {
      const total = Object.values(perFunction).reduce((sum, n) => sum + n, 0);
      lines.push(`  ${functionName} (${total})`);
      for (const [operation, n] of byCount(Object.entries(perFunction))) {
        lines.push(`    ${String(n).padStart(8)}  ${operation}`);
      }
    }
    return lines.join('\n');
  }
}

/** A counter when `PULSE_COUNT_REQUESTS` is `1`/`true`, otherwise undefined (nothing installed). */
export function requestCounterFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): RequestCounter | undefined {
  const flag = env[COUNT_REQUESTS_ENV]?.trim().toLowerCase();
  return flag === '1' || flag === 'true' ? new RequestCounter() : undefined;
}

/** `handler` itself when not counting, else the same handler with its requests attributed to `functionName`. */
export function countedAs<A extends unknown[], R>(
  counter: RequestCounter | undefined,
  functionName: string,
  handler: (...args: A) => R,
): (...args: A) => R {
  return counter ? counter.wrap(functionName, handler) : handler;
}
