/** Where credentials come from: Secrets Manager on AWS, an env var or a local file locally. */
export interface SecretProvider {
  /** The secret's string value; throws `SecretNotFoundError` when it does not exist. */
  getSecret(name: string): Promise<string>;
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
