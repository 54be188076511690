import { createHmac } from 'node:crypto';

/**
 * Comment authors are stored only as HMAC-SHA256(key, `platform:authorId`), hex. The key lives in a secret store
 * (Secrets Manager, id in `PULSE_AUTHOR_HASH_SECRET_ID`), never next to the data: without it the hash of a public
 * handle cannot be recomputed by hashing candidate handles (GDPR Recital 29: kept separately).
 */
export function hmacAuthorKey(secret: string, platform: string, authorId: string): string {
  return createHmac('sha256', secret).update(`${platform}:${authorId}`, 'utf8').digest('hex');
}

export class AuthorKeySecretError extends Error {
  override readonly name = 'AuthorKeySecretError';
}

/**
 * Builds a hasher that fetches the secret once per container through `loadSecret` (e.g. a SecretProvider call)
 * and caches it. Refuses short keys: a weak key makes the pseudonym guessable.
 */
export function createAuthorKeyHasher(
  loadSecret: () => Promise<string>,
): (platform: string, authorId: string) => Promise<string> {
  let secret: Promise<string> | undefined;
  return async (platform, authorId) => {
    secret ??= loadSecret().then((value) => {
      if (value.length < 32) throw new AuthorKeySecretError('Author hash key must be at least 32 characters');
      return value;
    });
    try {
      return hmacAuthorKey(await secret, platform, authorId);
    } catch (error) {
      secret = undefined;
      throw error;
    }
  };
}
