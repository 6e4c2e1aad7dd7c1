/**
 * The soak's own Redis (append-only file on, as `npm start` runs it, so queued jobs survive a kill)
 * and FerretDB, each on a fixed loopback port so the service and the checks keep their URLs across
 * a SIGKILL and restart, and the public-security simulator that files the seals (never killed).
 */
import {
  findFreePort,
  startFerretDB,
  startPublicSecuritySimulator,
  startRedis,
  type RunningService,
} from '../../../scripts/src/local-services';

export type StoreName = 'redis' | 'ferretdb';

export class SoakStores {
  private readonly running = new Map<StoreName | 'public-security', RunningService>();

  private constructor(
    private readonly dataDir: string,
    private readonly ports: Record<StoreName, number>,
  ) {}

  static async start(dataDir: string): Promise<SoakStores> {
    const stores = new SoakStores(dataDir, { redis: await findFreePort(), ferretdb: await findFreePort() });
    await Promise.all([stores.restart('redis'), stores.restart('ferretdb')]);
    stores.running.set('public-security', await startPublicSecuritySimulator({ dataDir }));
    return stores;
  }

  get redisUrl(): string {
    return `redis://127.0.0.1:${this.ports.redis}`;
  }

  /** Without the database name: the service's URI appends its own. */
  get mongodbUrl(): string {
    return `mongodb://127.0.0.1:${this.ports.ferretdb}/`;
  }

  get publicSecurityUrl(): string {
    return this.running.get('public-security')!.url;
  }

  /** SIGKILL, as the kernel's OOM killer or a power cut would: no chance to flush or say goodbye. */
  async kill(name: StoreName): Promise<void> {
    const service = this.running.get(name)!;
    process.kill(service.pid, 'SIGKILL');
    await service.exited;
  }

  async restart(name: StoreName): Promise<void> {
    const service =
      name === 'redis'
        ? await startRedis({ dataDir: this.dataDir, port: this.ports.redis, persist: true })
        : await startFerretDB({ dataDir: this.dataDir, port: this.ports.ferretdb });
    this.running.set(name, service);
  }

  async stop(): Promise<void> {
    for (const service of this.running.values()) await service.stop();
  }
}
