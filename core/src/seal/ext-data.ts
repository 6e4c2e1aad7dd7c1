import { type Asn1Node, der, readBoolean, readOctetString, readOid, readSequence } from '../asn1';
import { expectElementCount } from './format-error';
import type { ExtData } from './model';

/**
 * ExtData ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }.
 * We always write `critical`, even FALSE: ofdrw silently drops two-element ExtData, so omitting the
 * default (as strict DER would) loses the extension at the other end.
 */
export function encodeExtData(ext: ExtData): Uint8Array {
  return der.seq(der.oid(ext.extnID), der.bool(ext.critical), der.octets(ext.extnValue));
}

export function encodeExtensionDatas(exts: readonly ExtData[]): Uint8Array {
  return der.seq(...exts.map(encodeExtData));
}

/** Reading accepts the two-element form too (critical absent means FALSE). */
export function decodeExtData(node: Asn1Node): ExtData {
  const c = readSequence(node, 'ExtData');
  expectElementCount(c, 2, 3, 'ExtData', node);
  const extnID = readOid(c[0], 'ExtData.extnID');
  const critical = c.length === 3 ? readBoolean(c[1], 'ExtData.critical') : false;
  const extnValue = readOctetString(c[c.length - 1], 'ExtData.extnValue');
  return { extnID, critical, extnValue: new Uint8Array(extnValue) };
}

export function decodeExtensionDatas(node: Asn1Node): ExtData[] {
  return readSequence(node, 'ExtensionDatas').map(decodeExtData);
}
