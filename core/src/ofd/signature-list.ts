import { folderOf, resolveLoc } from './entry-name';
import { malformed, tooLarge } from './ofd-error';
import type { OfdPackage } from './ofd-package';
import { OFD_NAMESPACE, XML_DECLARATION, xmlAttributes, xmlEscape } from './xml-write';
import { child, childrenNamed } from './xml-read';

/** One Signatures.xml record: the signature's ID and type and where its Signature.xml is. */
export interface SignatureListEntry {
  id: string;
  /** "Seal" (电子签章) or "Sign" (digital signature); absent means Seal. */
  type: string;
  signaturePath: string;
  /** Every attribute as written, so rewriting the list keeps what other producers put there. */
  attributes: ReadonlyMap<string, string>;
}

export interface SignatureList {
  maxSignId?: string;
  entries: SignatureListEntry[];
}

/** Reads Doc_N/Signs/Signatures.xml: the list of signatures in the order they were added. */
export function readSignatureList(pkg: OfdPackage, path: string): SignatureList {
  const { root } = pkg.xml(path);
  if (root.local !== 'Signatures') throw malformed(`${path} has no Signatures root element`);
  const folder = folderOf(path);
  const listed = childrenNamed(root, 'Signature');
  if (listed.length > pkg.limits.maxSignatures)
    throw tooLarge(`${path} lists more than ${pkg.limits.maxSignatures} signatures`, { signatures: listed.length });
  const entries = listed.map((element) => {
    const baseLoc = element.attributes.get('BaseLoc');
    if (!baseLoc) throw malformed(`a signature in ${path} has no BaseLoc`);
    return {
      id: element.attributes.get('ID') ?? '',
      type: element.attributes.get('Type') ?? 'Seal',
      signaturePath: resolveLoc(folder, baseLoc),
      attributes: element.attributes,
    };
  });
  const maxSignId = child(root, 'MaxSignId')?.text.trim();
  return { maxSignId: maxSignId || undefined, entries };
}

export function encodeSignatureList(list: SignatureList): Uint8Array {
  const entries = list.entries.map((e) => `<ofd:Signature${xmlAttributes(e.attributes)}/>`).join('');
  const max = list.maxSignId === undefined ? '' : `<ofd:MaxSignId>${xmlEscape(list.maxSignId)}</ofd:MaxSignId>`;
  return Buffer.from(`${XML_DECLARATION}<ofd:Signatures xmlns:ofd="${OFD_NAMESPACE}">${max}${entries}</ofd:Signatures>`, 'utf8');
}

/**
 * Signature IDs and stamp annotation IDs share one counter (MaxSignId). Producers write it as a
 * bare number or with a prefix ("s001"); the next IDs keep the form of the last one.
 */
export function signIdAllocator(list: SignatureList): () => string {
  const known = [list.maxSignId, ...list.entries.map((e) => e.id)].filter((id): id is string => id !== undefined && id !== '');
  let last = 0;
  let form = { prefix: '', width: 0 };
  for (const id of known) {
    const match = /^(\D*)(\d+)$/.exec(id);
    if (!match) continue;
    const n = Number(match[2]);
    if (!Number.isSafeInteger(n)) continue;
    if (n >= last) {
      last = n;
      form = { prefix: match[1]!, width: match[2]!.length > 1 && match[2]!.startsWith('0') ? match[2]!.length : 0 };
    }
  }
  return () => {
    last += 1;
    return form.prefix + String(last).padStart(form.width, '0');
  };
}
