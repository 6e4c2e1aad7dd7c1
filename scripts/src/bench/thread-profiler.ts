import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Session } from 'node:inspector/promises';

/**
 * The V8 CPU profiler of the calling thread (a worker thread profiles itself), for benchmarks that
 * want the profile of their timed part only: `--cpu-prof` would also take start-up and warm-up.
 */
export class ThreadProfiler {
  #session: Session | undefined;

  async start(): Promise<void> {
    if (this.#session) return;
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    this.#session = session;
  }

  async stop(file: string): Promise<void> {
    const session = this.#session;
    if (!session) return;
    this.#session = undefined;
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(profile));
  }
}
