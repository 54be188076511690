/**
 * Tokens must never reach logs, error messages or archived URLs. Two layers: known secret values are replaced
 * wherever they appear, and credential-bearing URL parameters are blanked even when the value is unknown.
 */
const CREDENTIAL_PARAMS = [
  'access_token',
  'key',
  'client_secret',
  'refresh_token',
  'code',
  'fb_exchange_token',
];

export const REDACTED = '[redacted]';

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    for (const param of CREDENTIAL_PARAMS) {
      if (parsed.searchParams.has(param)) parsed.searchParams.set(param, REDACTED);
    }
    return parsed.toString();
  } catch {
    return url.replace(/([?&](?:access_token|key|client_secret|refresh_token)=)[^&#\s]*/gi, `$1${REDACTED}`);
  }
}

export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(/([?&](?:access_token|key|client_secret|refresh_token)=)[^&#\s"']*/gi, `$1${REDACTED}`)
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/g, `$1${REDACTED}`);
}

/** A plain Error carrying only the redacted message of `error` (and of its causes), safe to attach as a cause. */
export function redactedCause(error: unknown, secrets: readonly string[], depth = 0): Error {
  if (!(error instanceof Error)) return new Error(redactText(String(error), secrets));
  const cause =
    depth < 3 && error.cause !== undefined ? redactedCause(error.cause, secrets, depth + 1) : undefined;
  const copy = new Error(redactText(error.message, secrets), cause === undefined ? undefined : { cause });
  copy.name = error.name;
  return copy;
}
