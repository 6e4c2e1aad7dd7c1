export * from './tags';
export * as der from './encode';
export {
  parseDer,
  expectTag,
  readSequence,
  readInteger,
  readSmallInt,
  readBoolean,
  readOid,
  readOctetString,
  readBitStringBytes,
  readBitStringBits,
  readString,
  readUtf8,
  readIa5,
  readTime,
  readExplicit,
  isContextTag,
  asn1Error,
} from './decode';
export type { Asn1Node, ParseOptions } from './decode';
