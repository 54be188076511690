import { describe, expect, it } from 'vitest';
import { MessageSize } from '../../../../shared/config/queue-definitions';
import { packBySize } from '../../../../shared/messages/pack-messages';
import { packForSqs, sqsSafeJson } from '../../../../shared/use-cases/collect-sqs-encoding';

// What fauxqs (and AWS for the BMP) accepts, tested per UTF-16 code unit like the emulator does.
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

describe('SQS-safe JSON', () => {
  it('escapes characters beyond the BMP so the body parses to the same value', () => {
    const value = { text: 'love it 😍🔥 ça va 你好', lone: 'x\uD800y', control: 'a\u0001b' };
    const json = sqsSafeJson(value);
    expect(emulatorAccepts(json)).toBe(true);
    expect(emulatorAccepts(JSON.stringify(value))).toBe(false);
    expect(json).toContain('\\ud83d\\ude0d');
    expect(JSON.parse(json)).toEqual(value);
  });

  it('re-packs smaller when escaping pushes a message over the hard maximum', () => {
    const items = Array.from({ length: 60 }, (_, i) => ({ i, text: '😍'.repeat(2_000) }));
    const messages = packForSqs((targetBytes) =>
      packBySize(items, (chunk, part, partCount) => ({ part, partCount, items: chunk }), { targetBytes }),
    );
    for (const message of messages) {
      expect(Buffer.byteLength(sqsSafeJson(message), 'utf8')).toBeLessThanOrEqual(MessageSize.hardMaxBytes);
    }
    expect(messages.flatMap((m) => m.items.map((item) => item.i))).toEqual(items.map((item) => item.i));
  });
});
