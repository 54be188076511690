import type { z } from 'zod';

/** Missing or malformed configuration; raised at cold start so a bad deployment fails loudly and early. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses environment variables with a zod schema whose keys are the variable names (from
 * shared/config/resource-names.ts `EnvVar`). Call once at module scope (cold start), never per invocation.
 * The error lists every problem at once, with variable names only, never values (they may be secret ids).
 */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`);
  throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
}
