import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import type { ManifestCollectionEntry } from './manifest';
import { sm3File } from './sm3-file';

const { EJSON } = mongoose.mongo.BSON;

/**
 * Exports every collection as canonical Extended JSON, one document per line in `_id` order, so two
 * backups of the same data are byte-identical and Binary, Date and number types survive the round trip.
 */
export async function exportCollections(connection: Connection, archiveDir: string): Promise<ManifestCollectionEntry[]> {
  const db = connection.db;
  if (!db) throw new Error('record store connection is not open');
  const names = (await db.listCollections({}, { nameOnly: true }).toArray())
    .map((c) => c.name)
    .filter((name) => !name.startsWith('system.'))
    .sort();
  const entries: ManifestCollectionEntry[] = [];
  for (const name of names) {
    const path = `records/${name}.ejson`;
    const out = createWriteStream(join(archiveDir, path), { flags: 'wx', mode: 0o600 });
    let documents = 0;
    for await (const doc of db.collection(name).find({}).sort({ _id: 1 })) {
      if (!out.write(`${EJSON.stringify(doc, { relaxed: false })}\n`)) await once(out, 'drain');
      documents++;
    }
    out.end();
    await once(out, 'finish');
    const indexes = (await db.collection(name).listIndexes().toArray())
      .filter((index) => index.name !== '_id_')
      .map(({ key, name: indexName, unique }) => ({ key, name: indexName, ...(unique ? { unique: true } : {}) }));
    entries.push({ collection: name, path, documents, indexes, ...(await sm3File(join(archiveDir, path))) });
  }
  return entries;
}
