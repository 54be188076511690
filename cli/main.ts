import { type CliCommand, type CliIo, CliUsageError } from './command';

/**
 * Commands are loaded lazily so `pulse sentiment` does not pay for the AWS SDK, DuckDB or the CDK.
 * Each entry maps a command name to the module that implements it.
 */
const commands: Record<string, () => Promise<{ command: CliCommand }>> = {
  run: () => import('./commands/run'),
  creators: () => import('./commands/creators'),
  query: () => import('./commands/query'),
  sentiment: () => import('./commands/sentiment'),
  simulate: () => import('./commands/simulate'),
};

const processIo: CliIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };

async function printHelp(io: CliIo): Promise<void> {
  const lines = ['Usage: pulse <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(commands)) {
    const { command } = await load();
    lines.push(`  ${name.padEnd(12)} ${command.summary}`);
  }
  lines.push('', 'Run `pulse <command> --help` for the options of one command.');
  io.stdout.write(`${lines.join('\n')}\n`);
}

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    await printHelp(io);
    return name === undefined ? 2 : 0;
  }
  const load = commands[name];
  if (load === undefined) {
    io.stderr.write(`pulse: unknown command '${name}'. Run 'pulse --help' for the list.\n`);
    return 2;
  }
  const { command } = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.stderr.write(`pulse ${name}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    throw error;
  }
}
