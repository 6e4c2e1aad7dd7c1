/**
 * The local time-stamp authority process: `node main.js --data-dir DIR [--port N]`.
 * Prints one JSON line {"event":"listening","port":N,"url":"..."} once it accepts connections;
 * stops on SIGTERM/SIGINT, and when a parent that forked it disconnects.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startTsaServer } from './server';

function parseArgs(argv: readonly string[]): { dataDir: string; port: number } {
  let dataDir: string | undefined;
  let port = 0;
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--data-dir') dataDir = resolve(value);
    else if (flag === '--port') port = Number(value);
    else throw new Error(`unknown option ${flag}`);
  }
  if (dataDir === undefined) throw new Error('--data-dir is required');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be 0-65535');
  return { dataDir, port };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(args.dataDir, { recursive: true, mode: 0o700 });
  const running = await startTsaServer({ dataDir: args.dataDir, port: args.port });
  process.stdout.write(`${JSON.stringify({ event: 'listening', port: running.port, url: running.url })}\n`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`tsa: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
