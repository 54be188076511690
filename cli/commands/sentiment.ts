import { once } from 'node:events';
import {
  createSentimentEngine,
  DEFAULT_MAX_TEXT_LENGTH,
  type SentimentEngine,
} from '../../shared/sentiment/index';
import { type CliCommand, type CliIo, CliUsageError } from '../command';

/** One output line: always `line`, `scored`, `compound`, `label`, `language`; `reason`/`detail` when unscored. */
export interface SentimentLineResult {
  readonly line: number;
  readonly scored: boolean;
  readonly compound: number | null;
  readonly label: string | null;
  readonly pos?: number;
  readonly neu?: number;
  readonly neg?: number;
  readonly language: string | null;
  readonly reason?: string;
  readonly detail?: string;
}

/** A UTF-8 character is at most 4 bytes: a line longer than this cannot fit the character limit. */
const MAX_LINE_BYTES = DEFAULT_MAX_TEXT_LENGTH * 4;
const OUTPUT_FLUSH_CHARS = 64 * 1024;

const usage = `Usage: pulse sentiment [--text "some text"]

Scores comment sentiment. Reads UTF-8 text from stdin, one text per line (LF or CRLF), and writes one JSON object per
input line to stdout, in order:
  {"line":1,"scored":true,"compound":0.6369,"label":"positive","pos":0.677,"neu":0.323,"neg":0,"language":"en"}
  {"line":2,"scored":false,"compound":null,"label":null,"language":"es","reason":"unsupported_language"}
Lines that cannot be scored (another language, empty, invalid UTF-8, binary/NUL bytes, longer than
${DEFAULT_MAX_TEXT_LENGTH} characters) give "scored":false with a reason; the remaining lines are still scored.

Options:
  --text <text>   score this one text instead of reading stdin
  -h, --help      show this help`;

function unscored(line: number, reason: string, detail: string, language: string | null = null) {
  return {
    line,
    scored: false,
    compound: null,
    label: null,
    language,
    reason,
    detail,
  } satisfies SentimentLineResult;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Scores one input line given as bytes (without its line terminator). */
export function scoreLineBytes(
  bytes: Uint8Array,
  lineNumber: number,
  engine: SentimentEngine,
): SentimentLineResult {
  if (bytes.length > MAX_LINE_BYTES) {
    return unscored(lineNumber, 'too_long', `line longer than ${DEFAULT_MAX_TEXT_LENGTH} characters`);
  }
  if (bytes.includes(0)) return unscored(lineNumber, 'invalid_input', 'binary data (NUL byte)');
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return unscored(lineNumber, 'invalid_input', 'invalid UTF-8');
  }
  return scoreText(text, lineNumber, engine);
}

export function scoreText(text: string, lineNumber: number, engine: SentimentEngine): SentimentLineResult {
  const result = engine.score(text);
  if (!result.scored) {
    const detail =
      result.reason === 'too_long'
        ? `line longer than ${DEFAULT_MAX_TEXT_LENGTH} characters`
        : result.reason === 'invalid_input'
          ? 'control characters (binary data)'
          : result.reason === 'empty'
            ? 'no text'
            : `language ${result.language ?? 'unknown'} has no lexicon`;
    return unscored(lineNumber, result.reason, detail, result.language);
  }
  return {
    line: lineNumber,
    scored: true,
    compound: result.compound,
    label: result.label,
    pos: result.pos,
    neu: result.neu,
    neg: result.neg,
    language: result.language,
  };
}

export interface StreamSummary {
  readonly lines: number;
  readonly scored: number;
}

/**
 * Splits a byte stream into lines (LF; a CR before it is dropped) and scores each, with bounded memory: a line
 * longer than the limit is not buffered — its bytes are skipped up to the next newline and it is reported too_long.
 */
export async function scoreStream(
  input: AsyncIterable<Uint8Array | string>,
  engine: SentimentEngine,
  emit: (result: SentimentLineResult) => void | Promise<void>,
): Promise<StreamSummary> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let overflow = false;
  let lineNumber = 0;
  let scored = 0;

  const finishLine = async (tail: Uint8Array) => {
    lineNumber++;
    let result: SentimentLineResult;
    if (overflow) {
      result = unscored(lineNumber, 'too_long', `line longer than ${DEFAULT_MAX_TEXT_LENGTH} characters`);
    } else {
      let bytes = pending.length === 0 ? tail : concat([...pending, tail], pendingBytes + tail.length);
      if (bytes.length > 0 && bytes[bytes.length - 1] === 13) bytes = bytes.subarray(0, bytes.length - 1);
      result = scoreLineBytes(bytes, lineNumber, engine);
    }
    if (result.scored) scored++;
    pending = [];
    pendingBytes = 0;
    overflow = false;
    await emit(result);
  };

  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (let newline = bytes.indexOf(10, start); newline !== -1; newline = bytes.indexOf(10, start)) {
      await finishLine(bytes.subarray(start, newline));
      start = newline + 1;
    }
    if (start < bytes.length) {
      const rest = bytes.subarray(start);
      if (!overflow && pendingBytes + rest.length > MAX_LINE_BYTES + 1) {
        overflow = true;
        pending = [];
        pendingBytes = 0;
      }
      if (!overflow) {
        // Copy: the stream may reuse its chunk buffers.
        pending.push(Uint8Array.from(rest));
        pendingBytes += rest.length;
      }
    }
  }
  if (overflow || pendingBytes > 0) await finishLine(new Uint8Array(0));
  return { lines: lineNumber, scored };
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/** Buffers output and honours back-pressure, so a large file streams with bounded memory. */
function createWriter(stream: NodeJS.WritableStream) {
  let buffered = '';
  const flush = async () => {
    if (buffered === '') return;
    const chunk = buffered;
    buffered = '';
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
  return {
    async write(line: string) {
      buffered += line;
      if (buffered.length >= OUTPUT_FLUSH_CHARS) await flush();
    },
    flush,
  };
}

function parseArguments(argv: readonly string[]): { text: string | undefined } {
  let text: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--text') {
      const value = argv[index + 1];
      if (value === undefined) throw new CliUsageError('--text needs a value');
      text = value;
      index++;
    } else if (argument?.startsWith('--text=')) {
      text = argument.slice('--text='.length);
    } else {
      throw new CliUsageError(`unknown argument '${argument}'`);
    }
  }
  return { text };
}

export const command: CliCommand = {
  summary: 'score comment sentiment: one text per stdin line → one JSON line each',
  usage,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const { text } = parseArguments(argv);
    const engine = createSentimentEngine();
    if (text !== undefined) {
      io.stdout.write(`${JSON.stringify(scoreText(text, 1, engine))}\n`);
      return 0;
    }
    const writer = createWriter(io.stdout);
    const summary = await scoreStream(io.stdin as AsyncIterable<Uint8Array>, engine, (result) =>
      writer.write(`${JSON.stringify(result)}\n`),
    );
    await writer.flush();
    io.stderr.write(`pulse sentiment: ${summary.lines} lines, ${summary.scored} scored\n`);
    return 0;
  },
};
