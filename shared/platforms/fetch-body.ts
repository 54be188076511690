import { redactedCause, redactText } from './redact';
import { TransientError } from './retry';

export interface FetchedBody {
  readonly response: Response;
  /** The body as received (archived as a raw page by the connectors). */
  readonly text: string;
  /** The body parsed as JSON; undefined when it is not JSON (the caller decides whether that is a fault). */
  readonly json: unknown;
}

/**
 * One HTTP exchange with a platform (API or token endpoint): sends with a timeout and reads the whole body. A
 * network failure or timeout becomes a retryable TransientError naming `where`, redacted of `secrets` (tokens may
 * appear in URLs and in the runtime's error text). Status handling is the caller's.
 */
export async function fetchBody(
  fetchImpl: typeof fetch,
  url: string,
  init: {
    readonly method: string;
    readonly headers?: Record<string, string> | undefined;
    readonly body?: string | undefined;
  },
  timeoutMs: number,
  where: string,
  secrets: readonly string[],
): Promise<FetchedBody> {
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    throw new TransientError(
      redactText(`network error on ${where}: ${(error as Error).message}`, secrets),
      undefined,
      undefined,
      { cause: redactedCause(error, secrets) },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { response, text, json };
}
