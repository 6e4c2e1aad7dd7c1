import mongoose from 'mongoose';

export interface MongoHello {
  maxWireVersion: number;
  isWritablePrimary: boolean;
}

/** `hello` then `ping` through the MongoDB driver that mongoose uses: the same path the app takes. */
export async function pingMongo(uri: string, timeoutMs: number = 1_000): Promise<MongoHello> {
  const client = new mongoose.mongo.MongoClient(uri, {
    directConnection: true,
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
    socketTimeoutMS: timeoutMs,
  });
  try {
    await client.connect();
    const admin = client.db('admin');
    const hello = await admin.command({ hello: 1 });
    await admin.command({ ping: 1 });
    return { maxWireVersion: Number(hello.maxWireVersion), isWritablePrimary: hello.isWritablePrimary === true };
  } finally {
    await client.close(true);
  }
}
