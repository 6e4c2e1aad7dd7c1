import fs from 'node:fs';
import { HANDLE_KEY, type TestServicesHandle } from './global-setup';

/** Stops the services global-setup started and removes their temp data folder. */
export default async function globalTeardown(): Promise<void> {
  const handle = (globalThis as Record<string, unknown>)[HANDLE_KEY] as TestServicesHandle | undefined;
  if (!handle) return;
  delete (globalThis as Record<string, unknown>)[HANDLE_KEY];
  try {
    await handle.services.stop();
  } finally {
    // Keep the data when asked, to inspect what a failing run left in the database.
    if (!process.env.ESEAL_KEEP_TEST_DATA) fs.rmSync(handle.dataDir, { recursive: true, force: true });
  }
}
