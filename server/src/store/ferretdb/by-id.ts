import type { Model, mongo } from 'mongoose';

/**
 * One document by its string _id straight through the driver: the same plain document a lean()
 * query returns (BSON Binary for bytes, see storedBytes), without mongoose's query layer, which cost
 * about as much CPU as the driver on the signing path's single-document reads. For reads only: writes
 * keep the models' validation.
 */
export function findByIdRaw<T>(model: Pick<Model<never>, 'collection'>, id: string, projection?: Record<string, 0 | 1>): Promise<T | null> {
  const collection = model.collection as unknown as mongo.Collection<{ _id: string }>;
  return collection.findOne({ _id: id }, projection ? { projection } : {}) as Promise<T | null>;
}
