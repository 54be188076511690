import { MessageSize } from '../config/queue-definitions';
import type { CommentsBatch } from './comments-batch';
import { sqsBodyByteLength } from './sqs-body';

export class MessageTooLargeError extends Error {
  override readonly name = 'MessageTooLargeError';
}

/**
 * Splits `items` into as few messages as possible, each at most `targetBytes` of JSON, keeping order.
 * `build(chunk, part, partCount)` makes the message for a chunk; sizes are measured on the real message as the
 * SQS publisher encodes it, so JSON escaping, the non-BMP escapes and envelope fields are all counted, and the
 * final check measures each finished body. Greedy with a measured probe per item: O(n) JSON work overall
 * is not needed at these sizes (a few hundred items per creator-hour).
 * Throws MessageTooLargeError when one item alone exceeds `hardMaxBytes` (it could never be sent).
 */
export function packBySize<T, M>(
  items: readonly T[],
  build: (chunk: T[], part: number, partCount: number) => M,
  options: { targetBytes?: number; hardMaxBytes?: number } = {},
): M[] {
  const targetBytes = options.targetBytes ?? MessageSize.targetBytes;
  const hardMaxBytes = options.hardMaxBytes ?? MessageSize.hardMaxBytes;
  const chunks: T[][] = [];
  let current: T[] = [];
  // Envelope size is measured with an empty chunk; each item adds its JSON plus a comma.
  const envelopeBytes = sqsBodyByteLength(build([], 0, 1)) + 16; // + room for larger part numbers
  let currentBytes = envelopeBytes;
  for (const item of items) {
    const itemBytes = sqsBodyByteLength(item) + 1;
    if (envelopeBytes + itemBytes > hardMaxBytes) {
      throw new MessageTooLargeError(
        `One item needs ${envelopeBytes + itemBytes} bytes (max ${hardMaxBytes})`,
      );
    }
    if (current.length > 0 && currentBytes + itemBytes > targetBytes) {
      chunks.push(current);
      current = [];
      currentBytes = envelopeBytes;
    }
    current.push(item);
    currentBytes += itemBytes;
  }
  if (current.length > 0) chunks.push(current);
  const messages = chunks.map((chunk, index) => build(chunk, index, chunks.length));
  for (const message of messages) {
    const size = sqsBodyByteLength(message);
    if (size > hardMaxBytes)
      throw new MessageTooLargeError(`Packed message is ${size} bytes (max ${hardMaxBytes})`);
  }
  return messages;
}

/** Packs the comments of one post collection into CommentsBatch messages under the target size. */
export function packCommentsBatches(
  base: Omit<CommentsBatch, 'comments' | 'part' | 'partCount'>,
  comments: CommentsBatch['comments'],
  options?: { targetBytes?: number; hardMaxBytes?: number },
): CommentsBatch[] {
  return packBySize(
    comments,
    (chunk, part, partCount) => ({ ...base, part, partCount, comments: chunk }),
    options,
  );
}
