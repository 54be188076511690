import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type SentimentLineResult, scoreLineBytes, scoreStream } from '../../../cli/commands/sentiment';
import { createSentimentEngine } from '../../../shared/sentiment/index';

const engine = createSentimentEngine();
const utf8 = (text: string) => Buffer.from(text, 'utf8');

async function collect(chunks: readonly (string | Uint8Array)[]): Promise<SentimentLineResult[]> {
  const results: SentimentLineResult[] = [];
  await scoreStream(Readable.from(chunks), engine, (result) => {
    results.push(result);
  });
  return results;
}

describe('scoreLineBytes', () => {
  it('scores valid UTF-8', () => {
    expect(scoreLineBytes(utf8('I love this 😍'), 1, engine)).toMatchObject({
      line: 1,
      scored: true,
      label: 'positive',
      language: 'en',
    });
  });

  it('reports invalid UTF-8, NUL bytes and oversized lines with a reason and null compound/label', () => {
    expect(scoreLineBytes(Uint8Array.from([0x67, 0xff, 0xfe, 0x6f]), 2, engine)).toMatchObject({
      line: 2,
      scored: false,
      compound: null,
      label: null,
      reason: 'invalid_input',
      detail: 'invalid UTF-8',
    });
    expect(scoreLineBytes(Uint8Array.from([0x61, 0x00, 0x62]), 3, engine)).toMatchObject({
      reason: 'invalid_input',
    });
    expect(scoreLineBytes(utf8('a'.repeat(20_001)), 4, engine)).toMatchObject({ reason: 'too_long' });
    expect(scoreLineBytes(utf8('é'.repeat(20_001)), 5, engine)).toMatchObject({ reason: 'too_long' });
  });
});

describe('scoreStream', () => {
  it('emits one result per line, in order, handling CRLF, a missing final newline and empty lines', async () => {
    const results = await collect(['good\r\nbad\r\n\r\nDas ist wirklich toll\nok 🔥']);
    expect(results.map((result) => [result.line, result.scored, result.label, result.reason])).toEqual([
      [1, true, 'positive', undefined],
      [2, true, 'negative', undefined],
      [3, false, null, 'empty'],
      [4, false, null, 'unsupported_language'],
      [5, true, 'positive', undefined],
    ]);
  });

  it('does not emit a phantom line after a final newline', async () => {
    expect(await collect(['good\n'])).toHaveLength(1);
    expect(await collect([])).toHaveLength(0);
  });

  it('joins lines and multi-byte characters split across chunks', async () => {
    const bytes = utf8('I love 😍\r\nsad');
    const chunks = [bytes.subarray(0, 9), bytes.subarray(9, 12), bytes.subarray(12)];
    const results = await collect(chunks);
    expect(results).toHaveLength(2);
    expect(results[0]).toMatchObject({ scored: true, label: 'positive' });
    expect(results[1]).toMatchObject({ scored: true, label: 'negative' });
  });

  it('skips an over-long line without buffering it and keeps scoring the next lines', async () => {
    const chunk = 'x'.repeat(50_000);
    const results = await collect(['good\n', chunk, chunk, chunk, '\nbad\n']);
    expect(results.map((result) => result.reason ?? result.label)).toEqual([
      'positive',
      'too_long',
      'negative',
    ]);
  });

  it('keeps going after invalid bytes', async () => {
    const results = await collect([Uint8Array.from([0xc3, 0x28, 0x0a]), utf8('great\n')]);
    expect(results.map((result) => result.reason ?? result.label)).toEqual(['invalid_input', 'positive']);
  });
});
