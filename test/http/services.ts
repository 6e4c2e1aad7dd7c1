/**
 * URLs of the real MongoDB-compatible store and Redis that the jest global setup starts.
 * Missing ones fail the test loudly: a component test that silently skips proves nothing.
 */
export function serviceUrl(name: 'TEST_MONGODB_URI' | 'TEST_REDIS_URL'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the jest global setup (test/support) must start the test services`);
  return value;
}

/** Test config values for startServer, with a throwaway key. */
export function testEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    MONGODB_URI: serviceUrl('TEST_MONGODB_URI'),
    REDIS_URL: serviceUrl('TEST_REDIS_URL'),
    SERVER_KEK: '11'.repeat(32),
    PORT: '0',
    LOG_LEVEL: 'silent',
    ...overrides,
  };
}

type RedisObserver = { client(subcommand: 'LIST'): Promise<unknown> };

/**
 * Redis connections this test process's server holds (they are named per process, so suites
 * running in parallel do not disturb the count).
 */
export async function serverRedisConnections(observer: RedisObserver): Promise<number> {
  const name = `name=eseal-server-${process.pid} `;
  return String(await observer.client('LIST'))
    .split('\n')
    .filter((line) => line.includes(name)).length;
}

/** Polls until the count is reached: Redis drops a client a moment after answering its QUIT. */
export async function expectServerRedisConnections(observer: RedisObserver, expected: number): Promise<void> {
  const deadline = Date.now() + 2000;
  let count = await serverRedisConnections(observer);
  while (count !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    count = await serverRedisConnections(observer);
  }
  if (count !== expected) throw new Error(`expected ${expected} server Redis connection(s), found ${count}`);
}
