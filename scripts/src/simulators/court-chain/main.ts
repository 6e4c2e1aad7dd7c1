/**
 * The court-chain simulator process: `node main.js --data-dir DIR [--port N] [--client APP_ID=PUBLIC_KEY_HEX]...`.
 * Prints one JSON line {"event":"listening","port":N,"url":"...","publicKey":"..."} once it accepts
 * connections; stops on SIGTERM/SIGINT, and when a parent that forked it disconnects.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ClientRegistry } from './keys';
import { startCourtChainSimulator } from './server';

function parseArgs(argv: readonly string[]): { dataDir: string; port: number; clients: Array<[string, string]> } {
  let dataDir: string | undefined;
  let port = 0;
  const clients: Array<[string, string]> = [];
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--data-dir') dataDir = resolve(value);
    else if (flag === '--port') port = Number(value);
    else if (flag === '--client') {
      const [appId, key] = value.split('=');
      if (!appId || !key) throw new Error('--client takes APP_ID=PUBLIC_KEY_HEX');
      clients.push([appId, key]);
    } else throw new Error(`unknown option ${flag}`);
  }
  if (dataDir === undefined) throw new Error('--data-dir is required');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be 0-65535');
  return { dataDir, port, clients };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(args.dataDir, { recursive: true, mode: 0o700 });
  const registry = new ClientRegistry(args.dataDir);
  for (const [appId, key] of args.clients) registry.register(appId, key);
  const running = await startCourtChainSimulator({ dataDir: args.dataDir, port: args.port });
  process.stdout.write(
    `${JSON.stringify({ event: 'listening', port: running.port, url: running.url, publicKey: running.publicKeyHex })}\n`,
  );
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`court-chain simulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
