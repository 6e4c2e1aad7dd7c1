/**
 * The public-security simulator as its own process:
 *   node scripts/dist/simulators/public-security/main.js --data-dir DIR [--port N]
 * Prints one JSON line {"event":"listening","port":N,"url":"http://127.0.0.1:N"} once it accepts
 * connections; stops on SIGTERM / SIGINT, and when a parent that forked it goes away.
 */
import { parseArgs } from 'node:util';
import { startSimulator } from './server';

function fail(message: string): never {
  process.stderr.write(`public-security simulator: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, port: { type: 'string' } } });
  const dataDir = values['data-dir'];
  if (dataDir === undefined || dataDir === '') fail('--data-dir is required');
  const port = Number(values.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be 0-65535');
  const running = await startSimulator({ dataDir, port });
  process.stdout.write(`${JSON.stringify({ event: 'listening', port: running.port, url: running.url })}\n`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
}

main().catch((error: unknown) => {
  // The stack for the log, then the reason on the last line: the launcher quotes the last line.
  if (error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  fail(error instanceof Error ? error.message : String(error));
});
