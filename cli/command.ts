import { type ParseArgsConfig, parseArgs } from 'node:util';

/** What every `pulse <command>` module exports. Commands get their streams injected so tests can drive them. */
export interface CliIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

export interface CliCommand {
  /** One line shown by `pulse --help`. */
  readonly summary: string;
  /** Usage text shown by `pulse <command> --help` and after an argument error. */
  readonly usage: string;
  /** Runs the command and resolves to the process exit code. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/** Thrown for bad command-line arguments; the CLI prints the message and the command's usage, exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/** `node:util` parseArgs with its errors (unknown option, missing value) turned into usage errors. */
export function parseCommandArgs(
  argv: readonly string[],
  config: { options: NonNullable<ParseArgsConfig['options']>; allowPositionals: boolean },
): { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] } {
  try {
    return parseArgs({ args: [...argv], strict: true, ...config });
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
}
