import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** SM3 and size of a file, streamed (record exports and block files can be large). */
export async function sm3File(path: string): Promise<{ sm3: string; bytes: number }> {
  const hash = createHash('sm3');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sm3: hash.digest('hex'), bytes };
}
