/** Where credentials come from: Secrets Manager on AWS, an env var or a local file locally. */
export interface SecretProvider {
  /**
   * The secret's string value; throws `SecretNotFoundError` when it does not exist. `fresh` bypasses any cache
   * (the token refresher re-reads a credential another writer may just have rotated).
   */
  getSecret(name: string, options?: { readonly fresh?: boolean }): Promise<string>;
  /**
   * Replaces the secret's value (a rotated OAuth credential). Absent on read-only providers (env variables):
   * a refreshed token then lives only in the process that refreshed it. Throws `SecretWriteError`.
   */
  putSecret?(name: string, value: string): Promise<void>;
}

/** The message names the secret, never its value. */
export class SecretNotFoundError extends Error {
  override readonly name = 'SecretNotFoundError';
  constructor(
    readonly secretName: string,
    options?: { cause?: unknown },
  ) {
    super(`secret '${secretName}' not found`, options);
  }
}

/** A secret could not be written. The message names the secret, never its value. */
export class SecretWriteError extends Error {
  override readonly name = 'SecretWriteError';
  constructor(
    readonly secretName: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`secret '${secretName}' could not be written: ${reason}`, options);
  }
}
