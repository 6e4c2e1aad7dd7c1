import { randomBytes } from 'node:crypto';
import { MerkleTree, merkleLeafHash, merkleNodeHash, verifyInclusion } from './merkle-tree';

const leaves = (n: number) => Array.from({ length: n }, (_, i) => merkleLeafHash(new Uint8Array(Buffer.from(`record-${i}`))));

/** Straight RFC 6962 definition, as an independent oracle for the level-by-level builder. */
function rfcRoot(hashes: Uint8Array[]): Uint8Array {
  if (hashes.length === 1) return hashes[0];
  let k = 1;
  while (k * 2 < hashes.length) k *= 2;
  return merkleNodeHash(rfcRoot(hashes.slice(0, k)), rfcRoot(hashes.slice(k)));
}

test.each([1, 2, 3, 5, 8, 13, 100])('root matches the RFC 6962 definition and every proof verifies (n=%i)', (n) => {
  const hashes = leaves(n);
  const tree = new MerkleTree(hashes);
  expect(Buffer.from(tree.root).equals(Buffer.from(rfcRoot(hashes)))).toBe(true);
  for (let i = 0; i < n; i++) expect(verifyInclusion(hashes[i], tree.proof(i), tree.root)).toBe(true);
});

test('a proof does not verify for another leaf, index, size or root', () => {
  const hashes = leaves(11);
  const tree = new MerkleTree(hashes);
  const proof = tree.proof(6);
  expect(verifyInclusion(hashes[5], proof, tree.root)).toBe(false);
  expect(verifyInclusion(hashes[6], { ...proof, leafIndex: 7 }, tree.root)).toBe(false);
  // The root does not commit to the size by itself (as in RFC 9162): the ledger stores size with root,
  // and a size that changes the path shape must fail.
  expect(verifyInclusion(hashes[6], { ...proof, treeSize: 7 }, tree.root)).toBe(false);
  expect(verifyInclusion(hashes[6], proof, new Uint8Array(randomBytes(32)))).toBe(false);
  expect(verifyInclusion(hashes[6], { ...proof, path: [...proof.path, proof.path[0]] }, tree.root)).toBe(false);
  expect(verifyInclusion(hashes[6], { ...proof, path: ['zz'] }, tree.root)).toBe(false);
});

test('a tree size or leaf index beyond 32 bits is walked as such, not truncated', () => {
  const hashes = leaves(3);
  const tree = new MerkleTree(hashes);
  const proof = tree.proof(0);
  expect(verifyInclusion(hashes[0], proof, tree.root)).toBe(true);
  // 2^32 + 3 truncated to 32 bits is 3: the size-3 path must not pass for a tree of four billion leaves.
  expect(verifyInclusion(hashes[0], { ...proof, treeSize: 2 ** 32 + 3 }, tree.root)).toBe(false);
  expect(verifyInclusion(hashes[2], { ...tree.proof(2), leafIndex: 2 ** 32 + 2, treeSize: 2 ** 32 + 3 }, tree.root)).toBe(false);
  expect(verifyInclusion(hashes[0], { ...proof, treeSize: 2 ** 53 }, tree.root)).toBe(false);
});

test('leaf and node hashes are domain-separated', () => {
  const [a, b] = leaves(2);
  const node = merkleNodeHash(a, b);
  const asLeaf = merkleLeafHash(Buffer.concat([a, b]));
  expect(Buffer.from(node).equals(Buffer.from(asLeaf))).toBe(false);
});

test('empty batch and bad index are coded errors', () => {
  expect(() => new MerkleTree([])).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  expect(() => new MerkleTree(leaves(3)).proof(3)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
});
