/**
 * The exact text of an SQS message body: JSON with every character outside the Basic Multilingual Plane (emoji,
 * some CJK) written as a `\uD83D\uDE00` surrogate escape pair, and the noncharacters U+FFFE/U+FFFF (which
 * JSON.stringify leaves raw and SQS rejects, AWS included) as `\ufffe`/`\uffff`.
 *
 * Why: AWS SQS accepts #x10000–#x10FFFF, but the local emulator (fauxqs 1.9.2) tests each UTF-16 code unit and
 * rejects surrogates, i.e. every emoji. Escaped, a body uses only characters every SQS implementation accepts and
 * JSON.parse returns the identical value, so consumers need no change. The SQS publisher sends every JSON body
 * through this function, and packing measures sizes with it (sqsBodyByteLength), so the size checked is the size
 * sent (an emoji is 12 bytes escaped instead of 4 raw).
 *
 * Lone surrogates (invalid UTF-16, e.g. a string cut in the middle of an emoji) are kept, not replaced by U+FFFD:
 * JSON.stringify already writes them as `\udXXX` escapes (well-formed JSON.stringify, ES2019), so they travel
 * as ASCII and decode to the same lone surrogate. The body is lossless; whether such text is acceptable is the
 * consumer's schema's business, not the transport's.
 *
 * Only paired surrogates can remain unescaped in JSON.stringify's output, so matching whole code points above
 * U+FFFF finds exactly the characters to escape; the replacement is per character, so the encoded size of an
 * array is still the sum of its items' encoded sizes plus separators (what packBySize relies on).
 */
export function encodeSqsBody(value: unknown): string {
  const json = JSON.stringify(value);
  // undefined, a function or a symbol has no JSON text; sending "undefined" would only fail at the consumer.
  if (json === undefined)
    throw new InvalidSqsBodyError(`an SQS body must be a JSON value (got ${typeof value})`);
  return escapeForSqs(json);
}

export class InvalidSqsBodyError extends Error {
  override readonly name = 'InvalidSqsBodyError';
}

/**
 * Characters JSON.stringify leaves raw that some SQS implementation rejects: every code point above U+FFFF
 * (fauxqs) and the noncharacters U+FFFE and U+FFFF (outside SQS's allowed set everywhere, AWS included).
 */
const NEEDS_ESCAPE = /[\u{10000}-\u{10FFFF}\u{FFFE}\u{FFFF}]/gu;

/** Writes each such character as `\uXXXX` escapes of its UTF-16 code units; a no-op on text without any. */
function escapeForSqs(json: string): string {
  return json.replace(NEEDS_ESCAPE, (char) => {
    let escaped = '';
    for (let i = 0; i < char.length; i++) escaped += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return escaped;
  });
}

/** UTF-8 size of the body the SQS publisher sends for `value` (what SQS limits and bills). */
export function sqsBodyByteLength(value: unknown): number {
  return Buffer.byteLength(encodeSqsBody(value), 'utf8');
}
