import type { Model } from 'mongoose';
import { sm3Hex } from '@eseal/core';
import { bytesOf } from './bytes';
import { insertedFirst } from './ferretdb';
import type { SealArtifactDoc } from './seal-artifact.model';
import type { SealDoc } from './seal.model';

/** Issued seal data as its readers use it: the SESeal DER and the imprint picture it carries. */
export interface SealData {
  seseal: Uint8Array;
  imprintPng: Uint8Array;
}

export interface NewSealArtifact extends SealData {
  sealId: string;
  createdAt: Date;
}

/** Issued seal data (`seal_artifacts`), kept apart from the seal document and named by the SESeal's SM3. */
export interface SealArtifactRepository {
  /**
   * Stores issued seal data and returns its id (the SESeal's SM3), to be written to the seal as
   * sesealSm3 only afterwards: FerretDB has no multi-document transactions, so a crash in between
   * leaves at most an unused artifact, never a seal naming data that is not there. A plain insert, as
   * conditional writes are not atomic on FerretDB; the id is the content's hash, so a duplicate key
   * means the same data is already stored.
   */
  save(artifact: NewSealArtifact): Promise<string>;
  /**
   * The seal data the seal names by sesealSm3; undefined when there is none. Seals issued before
   * seal_artifacts existed hold it inline in their document, never written there any more: read when
   * no artifact exists, and only if it is the data named (a re-issued older seal keeps its first data inline).
   */
  dataOf(seal: Pick<SealDoc, '_id' | 'sesealSm3'>): Promise<SealData | undefined>;
}

/** The two binaries as stored: in an artifact, or inline in the seal document of an older data directory. */
interface StoredSealData {
  seseal?: unknown;
  imprintPng?: unknown;
}
const SEAL_DATA_FIELDS = { seseal: 1, imprintPng: 1 } as const;

export function sealArtifactRepository(artifacts: Model<SealArtifactDoc>, seals: Model<SealDoc>): SealArtifactRepository {
  return {
    async save(artifact) {
      const id = sm3Hex(artifact.seseal);
      await insertedFirst(() =>
        artifacts.create({
          _id: id,
          sealId: artifact.sealId,
          seseal: Buffer.from(artifact.seseal),
          imprintPng: Buffer.from(artifact.imprintPng),
          imprintSm3: sm3Hex(artifact.imprintPng),
          createdAt: artifact.createdAt,
        }),
      );
      return id;
    },
    async dataOf(seal) {
      if (!seal.sesealSm3) return undefined;
      const artifact = await artifacts.findById(seal.sesealSm3, SEAL_DATA_FIELDS).lean<StoredSealData>();
      if (artifact) return toSealData(artifact);
      const inline = await seals.findById(seal._id, SEAL_DATA_FIELDS).lean<StoredSealData>();
      const data = inline ? toSealData(inline) : undefined;
      return data && sm3Hex(data.seseal) === seal.sesealSm3 ? data : undefined;
    },
  };
}

function toSealData(stored: StoredSealData): SealData | undefined {
  if (!stored.seseal || !stored.imprintPng) return undefined;
  return { seseal: bytesOf(stored.seseal), imprintPng: bytesOf(stored.imprintPng) };
}
