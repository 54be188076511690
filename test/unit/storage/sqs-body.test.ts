import type { SQSClient } from '@aws-sdk/client-sqs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SqsMessagePublisher } from '../../../shared/adapters/aws/sqs-message-publisher';
import { MemoryMessagePublisher } from '../../../shared/adapters/memory';
import { MessageSize } from '../../../shared/config/queue-definitions';
import { QueueId } from '../../../shared/config/resource-names';
import { packBySize } from '../../../shared/messages/pack-messages';
import { encodeSqsBody, InvalidSqsBodyError, sqsBodyByteLength } from '../../../shared/messages/sqs-body';

/** SQS's allowed body characters, tested per UTF-16 code unit as fauxqs does (stricter than AWS for emoji). */
function emulatorAccepts(body: string): boolean {
  for (let i = 0; i < body.length; i++) {
    const unit = body.charCodeAt(i);
    const ok =
      unit === 0x09 ||
      unit === 0x0a ||
      unit === 0x0d ||
      (unit >= 0x20 && unit <= 0xd7ff) ||
      (unit >= 0xe000 && unit <= 0xfffd);
    if (!ok) return false;
  }
  return true;
}

/** Any UTF-16 code units: adjacent high+low units form astral characters, others stay lone surrogates. */
const anyCodeUnits = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
  maxLength: 40,
});
/** Any code points, astral ones included (emoji, CJK extension B, …). */
const anyCodePoints = fc.string({ unit: 'binary', maxLength: 40 });
const anyText = fc.oneof(anyCodeUnits, anyCodePoints);

describe('encodeSqsBody', () => {
  it('escapes emoji as surrogate pairs and the BMP noncharacters; the text parses back identically', () => {
    const value = {
      text: 'love it 😍🔥 ça va 你好 𠀀',
      lone: 'x\uD800y\uDFFFz',
      control: 'a\u0001b',
      non: '\uFFFE\uFFFF',
    };
    const body = encodeSqsBody(value);
    expect(body).toContain('\\ud83d\\ude0d');
    expect(body).toContain('\\ud800');
    expect(body).toContain('\\ufffe\\uffff');
    expect(body).toContain('ça va 你好');
    expect(emulatorAccepts(body)).toBe(true);
    expect(emulatorAccepts(JSON.stringify(value))).toBe(false);
    expect(JSON.parse(body)).toEqual(value);
  });

  it('round-trips arbitrary unicode strings, lone surrogates included, and only emits accepted characters', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const body = encodeSqsBody({ text, nested: [text, { text }] });
        expect(emulatorAccepts(body)).toBe(true);
        const decoded = JSON.parse(body);
        expect(decoded.text).toBe(text);
        expect(decoded.nested).toEqual([text, { text }]);
      }),
      { numRuns: 2_000 },
    );
  });

  it('round-trips arbitrary JSON values exactly as JSON.stringify would', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => {
        expect(JSON.parse(encodeSqsBody(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });

  it('leaves a body without such characters byte-identical to JSON.stringify', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme-ascii' }),
        fc.string({ unit: fc.constantFrom('é', 'ß', '你', '\u2028') }),
        (a, b) => {
          expect(encodeSqsBody({ a, b })).toBe(JSON.stringify({ a, b }));
        },
      ),
    );
  });

  it('measures the encoded size (an emoji is 12 bytes, not 4) and refuses values without JSON text', () => {
    expect(sqsBodyByteLength('😀')).toBe(14);
    expect(Buffer.byteLength(JSON.stringify('😀'), 'utf8')).toBe(6);
    expect(() => encodeSqsBody(undefined)).toThrow(InvalidSqsBodyError);
  });
});

describe('packing measures the bodies actually sent', () => {
  it('every packed body, as encoded, is within the target even when it is all emoji', () => {
    const items = Array.from({ length: 300 }, (_, i) => ({ i, text: `${i} ${'😍'.repeat(200)}` }));
    const targetBytes = 64 * 1024;
    const messages = packBySize(items, (chunk, part, partCount) => ({ part, partCount, items: chunk }), {
      targetBytes,
    });
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      const sent = Buffer.byteLength(encodeSqsBody(message), 'utf8');
      expect(sent).toBeLessThanOrEqual(targetBytes);
      // And filled close to it: the packer and the check use the same measure.
      if (message.part < message.partCount - 1) expect(sent).toBeGreaterThan(targetBytes * 0.9);
    }
    expect(messages.flatMap((m) => m.items.map((item) => item.i))).toEqual(items.map((item) => item.i));
  });

  it('the default target leaves an emoji-heavy message under the 256 KB hard maximum', () => {
    const items = Array.from({ length: 60 }, (_, i) => ({ i, text: '😍'.repeat(2_000) }));
    const messages = packBySize(items, (chunk, part, partCount) => ({ part, partCount, items: chunk }));
    for (const message of messages) {
      expect(sqsBodyByteLength(message)).toBeLessThanOrEqual(MessageSize.targetBytes);
      expect(sqsBodyByteLength(message)).toBeLessThanOrEqual(MessageSize.hardMaxBytes);
    }
  });
});

describe('publishers send the encoded body', () => {
  it('SqsMessagePublisher escapes every JSON body and sends rawBody verbatim', async () => {
    const sent: { MessageBody?: string }[] = [];
    const client = {
      send: async (command: { input: { Entries: { MessageBody?: string }[] } }) => {
        sent.push(...command.input.Entries);
        return { Successful: [], Failed: [] };
      },
    } as unknown as SQSClient;
    const publisher = new SqsMessagePublisher(
      { [QueueId.alerts]: 'http://q/alerts', [`${QueueId.comments}-dlq`]: 'http://q/dlq' },
      client,
    );
    await publisher.publish(QueueId.alerts, [{ body: { evidence: 'awful 🤮' } }]);
    await publisher.publish(`${QueueId.comments}-dlq`, [{ body: undefined, rawBody: 'not json 😀' }]);
    expect(sent.map((entry) => entry.MessageBody)).toEqual([
      '{"evidence":"awful \\ud83e\\udd2e"}',
      'not json 😀',
    ]);
  });

  it('MemoryMessagePublisher records the same body the SQS adapter would send', async () => {
    const publisher = new MemoryMessagePublisher();
    const body = { text: 'ok 👍' };
    await publisher.publish(QueueId.comments, [{ body }]);
    expect(publisher.sent.get(QueueId.comments)?.[0]?.body).toBe(encodeSqsBody(body));
  });
});
