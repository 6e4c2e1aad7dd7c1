import { absoluteLoc, folderOf, resolveLoc } from './entry-name';
import { malformed } from './ofd-error';
import type { OfdPackage } from './ofd-package';
import { child, childrenNamed } from './xml-read';
import { OFD_NAMESPACE, XML_DECLARATION, xmlAttributes, xmlEscape } from './xml-write';

/** GB/T 33190 writes the digest method by name; producers also use the SM3 OID. */
export const SM3_CHECK_METHOD = 'SM3';
const SM3_NAMES = new Set(['sm3', '1.2.156.10197.1.401']);
export const SM2_WITH_SM3_METHOD = '1.2.156.10197.1.501';

export function isSm3CheckMethod(method: string): boolean {
  return SM3_NAMES.has(method.trim().toLowerCase());
}

export interface SignatureReference {
  /** Resolved container path of the protected file. */
  path: string;
  checkValue: Uint8Array;
}

/** A visible stamp: the seal picture drawn at Boundary (mm, page coordinates, origin top-left) on the page PageRef names. */
export interface StampAnnotation {
  id: string;
  pageRef: string;
  boundary: { x: number; y: number; width: number; height: number };
}

/** Signature.xml, read: what it protects, where the stamp is, where the seal and signed value are. */
export interface SignatureFile {
  checkMethod: string;
  references: SignatureReference[];
  signatureMethod?: string;
  signatureDateTime?: string;
  stampAnnotations: StampAnnotation[];
  sealPath?: string;
  signedValuePath: string;
}

export function readSignatureFile(pkg: OfdPackage, path: string): SignatureFile {
  const { root } = pkg.xml(path);
  const folder = folderOf(path);
  const signedInfo = root.local === 'Signature' ? child(root, 'SignedInfo') : undefined;
  const refs = signedInfo && child(signedInfo, 'References');
  const signedValue = child(root, 'SignedValue')?.text.trim();
  if (!signedInfo || !refs || !signedValue) throw malformed(`${path} lacks SignedInfo, References or SignedValue`);
  const references = childrenNamed(refs, 'Reference').map((ref) => {
    const fileRef = ref.attributes.get('FileRef');
    const checkValue = child(ref, 'CheckValue')?.text.replace(/\s+/g, '');
    if (!fileRef || checkValue === undefined || !/^[A-Za-z0-9+/]*={0,2}$/.test(checkValue))
      throw malformed(`a Reference in ${path} has no FileRef or no base64 CheckValue`);
    return { path: resolveLoc(folder, fileRef), checkValue: new Uint8Array(Buffer.from(checkValue, 'base64')) };
  });
  const stampAnnotations = childrenNamed(signedInfo, 'StampAnnot').map((annot) => ({
    id: annot.attributes.get('ID') ?? '',
    pageRef: annot.attributes.get('PageRef') ?? '',
    boundary: parseBoundary(annot.attributes.get('Boundary') ?? '', path),
  }));
  const sealLoc = child(signedInfo, 'Seal') && child(child(signedInfo, 'Seal')!, 'BaseLoc')?.text.trim();
  return {
    checkMethod: refs.attributes.get('CheckMethod') ?? '',
    references,
    signatureMethod: child(signedInfo, 'SignatureMethod')?.text.trim(),
    signatureDateTime: child(signedInfo, 'SignatureDateTime')?.text.trim(),
    stampAnnotations,
    sealPath: sealLoc ? resolveLoc(folder, sealLoc) : undefined,
    signedValuePath: resolveLoc(folder, signedValue),
  };
}

function parseBoundary(value: string, path: string): StampAnnotation['boundary'] {
  const numbers = value.trim().split(/\s+/).map(Number);
  if (numbers.length !== 4 || numbers.some((n) => !Number.isFinite(n))) throw malformed(`a StampAnnot in ${path} has no valid Boundary`);
  const [x, y, width, height] = numbers as [number, number, number, number];
  return { x, y, width, height };
}

export interface SignatureFileInput {
  provider: { name: string; company: string; version: string };
  signingTime: Date;
  references: SignatureReference[];
  stamp: StampAnnotation;
  sealPath: string;
  signedValuePath: string;
}

/** Signature.xml as GB/T 33190 §18 lays it out; its exact bytes are what the SES_Signature's dataHash covers. */
export function encodeSignatureFile(input: SignatureFileInput): Uint8Array {
  const references = input.references
    .map(
      (r) =>
        `<ofd:Reference FileRef="${xmlEscape(absoluteLoc(r.path))}"><ofd:CheckValue>${Buffer.from(r.checkValue).toString('base64')}</ofd:CheckValue></ofd:Reference>`,
    )
    .join('');
  const { x, y, width, height } = input.stamp.boundary;
  const provider = xmlAttributes([
    ['ProviderName', input.provider.name],
    ['Company', input.provider.company],
    ['Version', input.provider.version],
  ]);
  const stamp = xmlAttributes([
    ['ID', input.stamp.id],
    ['PageRef', input.stamp.pageRef],
    ['Boundary', [x, y, width, height].map(mm).join(' ')],
  ]);
  const xml =
    `${XML_DECLARATION}<ofd:Signature xmlns:ofd="${OFD_NAMESPACE}"><ofd:SignedInfo>` +
    `<ofd:Provider${provider}/>` +
    `<ofd:SignatureMethod>${SM2_WITH_SM3_METHOD}</ofd:SignatureMethod>` +
    `<ofd:SignatureDateTime>${input.signingTime.toISOString().replace(/\.\d{3}Z$/, 'Z')}</ofd:SignatureDateTime>` +
    `<ofd:References CheckMethod="${SM3_CHECK_METHOD}">${references}</ofd:References>` +
    `<ofd:StampAnnot${stamp}/>` +
    `<ofd:Seal><ofd:BaseLoc>${xmlEscape(absoluteLoc(input.sealPath))}</ofd:BaseLoc></ofd:Seal>` +
    `</ofd:SignedInfo><ofd:SignedValue>${xmlEscape(absoluteLoc(input.signedValuePath))}</ofd:SignedValue></ofd:Signature>`;
  return Buffer.from(xml, 'utf8');
}

/** Millimetres with at most three decimals, no exponent. */
function mm(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}
