/**
 * Resource limits for reading untrusted OFD files. An OFD is a zip of XML: every amount an attacker
 * can inflate (entry count, uncompressed sizes, compression ratio, XML size and nesting) is bounded here.
 */
export interface OfdLimits {
  /** Largest input file, in bytes. */
  maxBytes: number;
  /** Most zip entries. */
  maxEntries: number;
  /** Largest uncompressed size of one entry. */
  maxEntryBytes: number;
  /** Largest uncompressed size of all entries together. */
  maxTotalBytes: number;
  /** Largest uncompressed / compressed ratio of an entry bigger than `ratioFloorBytes` (zip bombs reach 1000:1). */
  maxRatio: number;
  ratioFloorBytes: number;
  /** Largest XML file we parse (OFD.xml, Document.xml, Signatures.xml, Signature.xml). */
  maxXmlBytes: number;
  /** Deepest element nesting and most elements of one XML file. */
  maxXmlDepth: number;
  maxXmlElements: number;
  /** Most signatures listed in Signatures.xml. */
  maxSignatures: number;
}

export const DEFAULT_OFD_LIMITS: Readonly<OfdLimits> = Object.freeze({
  maxBytes: 100 * 1024 * 1024,
  maxEntries: 20_000,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxRatio: 100,
  ratioFloorBytes: 1024 * 1024,
  maxXmlBytes: 8 * 1024 * 1024,
  maxXmlDepth: 64,
  maxXmlElements: 200_000,
  maxSignatures: 500,
});

export function resolveOfdLimits(overrides?: Partial<OfdLimits>): OfdLimits {
  return { ...DEFAULT_OFD_LIMITS, ...(overrides ?? {}) };
}
