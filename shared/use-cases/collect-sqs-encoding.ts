import { MessageSize } from '../config/queue-definitions';
import type { OutgoingMessage } from '../ports/message-publisher';

/**
 * JSON for an SQS body with every character outside the Basic Multilingual Plane (emoji, some CJK) written as
 * a `\uD83D\uDE00` escape pair. The parsed value is identical, and the body then uses only characters every SQS
 * implementation accepts: AWS allows #x10000–#x10FFFF, but the local emulator (fauxqs 1.9.2) tests each UTF-16
 * code unit and rejects surrogates, i.e. every emoji. Lone surrogates are already escaped by JSON.stringify.
 */
export function sqsSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u{10000}-\u{10FFFF}]/gu, (char) => {
    const high = char.charCodeAt(0).toString(16);
    const low = char.charCodeAt(1).toString(16);
    return `\\u${high}\\u${low}`;
  });
}

export function sqsMessage(body: unknown): OutgoingMessage {
  return { body, rawBody: sqsSafeJson(body) };
}

/**
 * Packs with `pack(targetBytes)` and checks the ENCODED size of every message (escaping makes an emoji 12 bytes
 * instead of 4); if one is over SQS's hard maximum, packs again with half the target.
 */
export function packForSqs<M>(
  pack: (targetBytes: number) => M[],
  targetBytes: number = MessageSize.targetBytes,
): M[] {
  for (let target = targetBytes; ; target = Math.floor(target / 2)) {
    const messages = pack(target);
    const fits = messages.every(
      (message) => Buffer.byteLength(sqsSafeJson(message), 'utf8') <= MessageSize.hardMaxBytes,
    );
    if (fits || target < 4 * 1024) return messages;
  }
}
