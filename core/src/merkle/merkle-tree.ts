import { SealError } from '../errors';
import { sm3 } from '../crypto/sm3';

/**
 * SM3 Merkle tree in the RFC 6962 / RFC 9162 shape: leaf hash = SM3(0x00 || data), node hash =
 * SM3(0x01 || left || right), and an unbalanced tree splits at the largest power of two below n.
 * The domain-separation prefixes stop a leaf being passed off as an inner node (second-preimage attack).
 */
const LEAF_PREFIX = Uint8Array.of(0);
const NODE_PREFIX = Uint8Array.of(1);

export function merkleLeafHash(data: Uint8Array): Uint8Array {
  return sm3(LEAF_PREFIX, data);
}

export function merkleNodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sm3(NODE_PREFIX, left, right);
}

export interface InclusionProof {
  /** Zero-based index of the leaf in the batch. */
  leafIndex: number;
  treeSize: number;
  /** Sibling hashes from the leaf up to the root (hex). */
  path: string[];
}

/** A tree over leaf hashes, built once per batch; proofs are cut from it on demand. */
export class MerkleTree {
  private readonly levels: Uint8Array[][];

  constructor(leafHashes: readonly Uint8Array[]) {
    if (leafHashes.length === 0) throw new SealError('VALIDATION_FAILED', 'a Merkle batch needs at least one leaf');
    this.levels = [leafHashes.slice()];
    // Pairwise levels; an odd node is carried up unchanged, which yields exactly the RFC 6962 tree.
    while (this.levels[this.levels.length - 1].length > 1) {
      const below = this.levels[this.levels.length - 1];
      const above: Uint8Array[] = [];
      for (let i = 0; i < below.length; i += 2) above.push(i + 1 < below.length ? merkleNodeHash(below[i], below[i + 1]) : below[i]);
      this.levels.push(above);
    }
  }

  get size(): number {
    return this.levels[0].length;
  }

  get root(): Uint8Array {
    return this.levels[this.levels.length - 1][0];
  }

  proof(leafIndex: number): InclusionProof {
    if (!Number.isInteger(leafIndex) || leafIndex < 0 || leafIndex >= this.size) {
      throw new SealError('VALIDATION_FAILED', `leaf index ${leafIndex} outside the tree`);
    }
    const path: string[] = [];
    let index = leafIndex;
    for (let level = 0; level < this.levels.length - 1; level++) {
      const nodes = this.levels[level];
      const sibling = index ^ 1;
      if (sibling < nodes.length) path.push(Buffer.from(nodes[sibling]).toString('hex'));
      index >>= 1;
    }
    return { leafIndex, treeSize: this.size, path };
  }
}

/**
 * Recompute the root from a leaf hash and its proof (RFC 9162 2.1.3.2 with our carried-up odd nodes).
 * Returns false, never throws, for any malformed proof: proofs arrive inside uploaded evidence bundles.
 */
export function verifyInclusion(leafHash: Uint8Array, proof: InclusionProof, expectedRoot: Uint8Array): boolean {
  const { leafIndex, treeSize, path } = proof;
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize) return false;
  if (!Array.isArray(path) || path.length > 64) return false;
  let hash = leafHash;
  let index = leafIndex;
  let lastIndex = treeSize - 1;
  let used = 0;
  // Plain arithmetic, not bit operators: `>>` and `&` truncate to 32 bits, and a claimed size of
  // 2^32 + 3 would then be walked as a tree of 3, accepting a proof with a false tree size.
  while (lastIndex > 0) {
    const isRight = index % 2 === 1;
    if (isRight || index < lastIndex) {
      // This node has a sibling at this level.
      const hex = path[used++];
      if (typeof hex !== 'string' || !/^[0-9a-f]{64}$/.test(hex)) return false;
      const sibling = new Uint8Array(Buffer.from(hex, 'hex'));
      hash = isRight ? merkleNodeHash(sibling, hash) : merkleNodeHash(hash, sibling);
    }
    index = Math.floor(index / 2);
    lastIndex = Math.floor(lastIndex / 2);
  }
  return used === path.length && Buffer.from(hash).equals(Buffer.from(expectedRoot));
}
