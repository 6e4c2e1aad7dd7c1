/**
 * The launcher against real binaries: a clean start and stop, and every way a start can fail
 * ending in one coded error quickly (never a hang, never a leftover process).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  isPortFree,
  LOOPBACK_HOST,
  pingHttpHealth,
  pingMongo,
  pingRedis,
  reclaimAbandonedDataDir,
  startLocalServices,
  startRedis,
} from './index';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'eseal-launcher-test-'));
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** A stand-in server that starts fine but never speaks the protocol; it writes its pid to `pidFile`. */
function writeSilentServer(dir: string, pidFile: string): string {
  const file = path.join(dir, 'silent-server.sh');
  fs.writeFileSync(file, `#!/bin/sh\necho $$ > '${pidFile}'\nexec sleep 60\n`, { mode: 0o755 });
  return file;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startLocalServices', () => {
  const dirs: string[] = [];
  const newDir = (): string => {
    const dir = tempDir();
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts Redis and FerretDB on free loopback ports, both answer, and stop() frees the ports', async () => {
    const dataDir = newDir();
    const lines: string[] = [];
    const services = await startLocalServices({ dataDir, log: (line) => lines.push(line) });
    try {
      expect(services.mongodbUri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
      expect(services.redisUrl).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      await expect(pingRedis(LOOPBACK_HOST, portOf(services.redisUrl!))).resolves.toBeUndefined();
      const hello = await pingMongo(services.mongodbUri!);
      expect(hello.isWritablePrimary).toBe(true);
      expect(fs.existsSync(path.join(dataDir, 'ferretdb'))).toBe(true);
      expect(fs.existsSync(path.join(dataDir, 'redis'))).toBe(true);
      expect(lines.some((line) => line.startsWith('redis: ready'))).toBe(true);
      expect(lines.some((line) => line.startsWith('ferretdb: ready'))).toBe(true);
    } finally {
      await services.stop();
    }
    expect(await isPortFree(LOOPBACK_HOST, portOf(services.redisUrl!))).toBe(true);
    expect(await isPortFree(LOOPBACK_HOST, portOf(services.mongodbUri!))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'local-services.lock'))).toBe(false);
    await services.stop(); // a second stop is harmless
  });

  it('starts the public-security simulator as its own process with its data and log, and reports its death', async () => {
    const dataDir = newDir();
    const lines: string[] = [];
    const services = await startLocalServices({
      dataDir,
      log: (line) => lines.push(line),
      mongodb: false,
      redis: false,
      publicSecurity: true,
    });
    const url = services.publicSecurityUrl!;
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      await expect(pingHttpHealth(url)).resolves.toBeUndefined();
      expect(fs.existsSync(path.join(dataDir, 'public-security', 'signing-key.der'))).toBe(true);
      expect(fs.existsSync(path.join(dataDir, 'logs', 'public-security.log'))).toBe(true);
      expect(lines.some((line) => line.startsWith('public-security: simulator ready'))).toBe(true);
      const lock = JSON.parse(fs.readFileSync(path.join(dataDir, 'local-services.lock'), 'utf8')) as { children: Array<{ pid: number }> };
      const [simulator] = lock.children;
      process.kill(simulator!.pid, 'SIGKILL');
      await expect(services.unexpectedExit).resolves.toMatch(
        /^public-security \(pid \d+\) was killed by SIGKILL; see .*public-security\.log$/,
      );
    } finally {
      await services.stop();
    }
    expect(await isPortFree(LOOPBACK_HOST, portOf(url))).toBe(true);
  });

  it('reports a service that dies while running, but not one that was stopped', async () => {
    const services = await startLocalServices({ dataDir: newDir(), mongodb: false, persistRedis: false });
    await sendRedis(services.redisUrl!, ['SHUTDOWN', 'NOSAVE']);
    await expect(services.unexpectedExit).resolves.toMatch(/^redis \(pid \d+\) exited with code 0; see .*redis\.log$/);
    await services.stop();

    const stopped = await startLocalServices({ dataDir: newDir(), mongodb: false, persistRedis: false });
    await stopped.stop();
    const settled = await Promise.race([stopped.unexpectedExit.then(() => 'settled'), sleep(300).then(() => 'pending')]);
    expect(settled).toBe('pending');
  });

  it('refuses a requested port that is already in use, naming it', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, LOOPBACK_HOST, resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(startLocalServices({ dataDir: newDir(), mongodb: false, redisPort: port })).rejects.toMatchObject({
        code: 'DEPENDENCY_UNAVAILABLE',
        message: `redis: port 127.0.0.1:${port} is already in use`,
      });
    } finally {
      blocker.close();
    }
  });

  it('reports a missing binary with what to run, and stops the service that did start', async () => {
    const dataDir = newDir();
    const lines: string[] = [];
    const env = { ...process.env, ESEAL_FERRETDB_BIN: path.join(dataDir, 'no-such-ferretdb') };
    await expect(startLocalServices({ dataDir, env, log: (line) => lines.push(line) })).rejects.toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      message: expect.stringContaining('ferretdb: ESEAL_FERRETDB_BIN='),
    });
    const redisReady = lines.find((line) => line.startsWith('redis: ready at '));
    expect(redisReady).toBeDefined();
    expect(await isPortFree(LOOPBACK_HOST, portOf(redisReady!.split(' ')[3]!))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'local-services.lock'))).toBe(false);
  });

  it('reports a service that exits at once, quoting its last output line', async () => {
    const env = { ...process.env, ESEAL_REDIS_SERVER_BIN: '/bin/false' };
    await expect(startLocalServices({ dataDir: newDir(), mongodb: false, env })).rejects.toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      message: 'redis: exited with code 1 before answering',
    });
  });

  it('gives up on a service that never answers, within the timeout, and kills it', async () => {
    const dataDir = newDir();
    const pidFile = path.join(dataDir, 'silent.pid');
    const env = { ...process.env, ESEAL_FERRETDB_BIN: writeSilentServer(dataDir, pidFile) };
    const started = Date.now();
    await expect(startLocalServices({ dataDir, redis: false, env, startTimeoutMs: 1_500 })).rejects.toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      message: expect.stringMatching(/^ferretdb: did not answer within 1500 ms/),
    });
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(isRunning(Number(fs.readFileSync(pidFile, 'utf8')))).toBe(false);
  });

  it('allows one launcher per data folder', async () => {
    const dataDir = newDir();
    const first = await startRedis({ dataDir, persist: false });
    fs.writeFileSync(path.join(dataDir, 'local-services.lock'), JSON.stringify({ pid: process.ppid, children: [] }));
    try {
      await expect(startLocalServices({ dataDir })).rejects.toMatchObject({
        code: 'DEPENDENCY_UNAVAILABLE',
        message: expect.stringContaining(`are already running (pid ${process.ppid})`),
      });
    } finally {
      await first.stop();
    }
  });

  it('refuses a second start on the same data folder from the same process, leaving the first running', async () => {
    const dataDir = newDir();
    const first = await startLocalServices({ dataDir, mongodb: false, persistRedis: false });
    try {
      await expect(startLocalServices({ dataDir, mongodb: false })).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
      await expect(pingRedis(LOOPBACK_HOST, portOf(first.redisUrl!))).resolves.toBeUndefined();
    } finally {
      await first.stop();
    }
  });

  it('kills the servers a launcher killed with SIGKILL left behind, before starting new ones', async () => {
    const dataDir = newDir();
    const orphan = await startRedis({ dataDir, persist: false });
    const deadLauncher = spawnSync('true').pid;
    fs.writeFileSync(
      path.join(dataDir, 'local-services.lock'),
      JSON.stringify({ pid: deadLauncher, children: [{ pid: orphan.pid, command: orphan.binary }] }),
    );
    const services = await startLocalServices({ dataDir, mongodb: false, persistRedis: false });
    try {
      // Checked before our own stop(): a killed server's listening socket is already closed.
      expect(await isPortFree(LOOPBACK_HOST, portOf(orphan.url))).toBe(true);
      expect(services.redisUrl).not.toBe(orphan.url);
      await orphan.stop(); // resolves at once: it has exited
    } finally {
      await services.stop();
    }
  });

  it('reclaims only folders whose launcher is gone', async () => {
    const noLock = newDir();
    expect(reclaimAbandonedDataDir(noLock)).toBe(false);

    const live = newDir();
    fs.writeFileSync(path.join(live, 'local-services.lock'), JSON.stringify({ pid: process.pid, children: [] }));
    expect(reclaimAbandonedDataDir(live)).toBe(false);

    const abandoned = newDir();
    const orphan = await startRedis({ dataDir: abandoned, persist: false });
    fs.writeFileSync(
      path.join(abandoned, 'local-services.lock'),
      JSON.stringify({ pid: spawnSync('true').pid, children: [{ pid: orphan.pid, command: orphan.binary }] }),
    );
    expect(reclaimAbandonedDataDir(abandoned)).toBe(true);
    expect(await orphan.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await isPortFree(LOOPBACK_HOST, portOf(orphan.url))).toBe(true);
  });

  it('keeps Redis data across restarts when persistence is on', async () => {
    const dataDir = newDir();
    const first = await startRedis({ dataDir, persist: true });
    await sendRedis(first.url, ['SET', 'kept', 'yes']);
    await first.stop();
    const second = await startRedis({ dataDir, persist: true });
    try {
      expect(await sendRedis(second.url, ['GET', 'kept'])).toBe('$3\r\nyes\r\n');
    } finally {
      await second.stop();
    }
  });
});

/** Minimal RESP client for one command: the launcher package does not depend on ioredis. */
function sendRedis(url: string, command: string[]): Promise<string> {
  const encoded = `*${command.length}\r\n${command.map((part) => `$${Buffer.byteLength(part)}\r\n${part}\r\n`).join('')}`;
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host: LOOPBACK_HOST, port: portOf(url) }, () => socket.write(encoded));
    socket.once('error', reject);
    socket.once('close', () => resolve('')); // SHUTDOWN closes the connection without a reply
    socket.once('data', (chunk) => {
      socket.destroy();
      resolve(chunk.toString('utf8'));
    });
  });
}
