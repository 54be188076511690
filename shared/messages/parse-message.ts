import type { z } from 'zod';

/**
 * Result of parsing an SQS body. Consumers never throw on an invalid body: they quarantine it with `reason`
 * (see shared/use-cases/quarantine-invalid-message.ts) so it ends on the DLQ path instead of silently away.
 */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const MAX_REASON_LENGTH = 1_000;

/**
 * Parses a JSON body against a message schema. The reason lists issue paths and zod messages only, never the
 * offending values, because bodies may hold comment texts (personal data) and reasons end up in logs.
 */
export function parseMessage<S extends z.ZodType>(schema: S, body: string): ParseResult<z.infer<S>> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { ok: false, reason: `invalid_json: ${(error as Error).message}`.slice(0, MAX_REASON_LENGTH) };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, reason: `schema_violation: ${issues}`.slice(0, MAX_REASON_LENGTH) };
}
