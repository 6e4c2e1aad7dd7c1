import { type Asn1Node, Tag } from '../asn1';
import { formatError } from './format-error';

/**
 * Optional trailing fields whose tagging implementations disagree on (SEAL-FORMATS.md "tagging uncertain"):
 * accept [n] EXPLICIT, [n] IMPLICIT and untagged forms, and return a node carrying the universal tag
 * so the ordinary strict readers apply to the content. We always write [n] EXPLICIT.
 */
export function unwrapUncertainTag(node: Asn1Node, n: number, universalTag: number, what: string): Asn1Node {
  if (node.tag === universalTag) return node;
  const constructedUniversal = (universalTag & 0x20) !== 0;
  if (node.tag === (0xa0 | n)) {
    if (looksExplicit(node, universalTag)) return node.children[0];
    if (constructedUniversal) return { ...node, tag: universalTag };
    throw formatError(`${what}: [${n}] holds neither an explicit nor an implicit ${tagName(universalTag)}`, node);
  }
  if (node.tag === (0x80 | n) && !constructedUniversal) return { ...node, tag: universalTag };
  throw formatError(`${what}: unexpected tag 0x${node.tag.toString(16)}`, node);
}

/**
 * [n] EXPLICIT wraps exactly one element with the universal tag. For SEQUENCE OF SEQUENCE (ExtensionDatas)
 * the implicit form also has SEQUENCE children, so tell them apart one level down: an explicit wrapper's
 * single child is the list (its elements are SEQUENCEs), an implicit one's children are the items
 * (ExtData starts with an OBJECT IDENTIFIER).
 */
function looksExplicit(node: Asn1Node, universalTag: number): boolean {
  if (node.children.length !== 1 || node.children[0].tag !== universalTag) return false;
  if (universalTag !== Tag.SEQUENCE) return true;
  const first = node.children[0].children[0];
  return first === undefined || first.tag === Tag.SEQUENCE;
}

function tagName(tag: number): string {
  return tag === Tag.BIT_STRING ? 'BIT STRING' : tag === Tag.SEQUENCE ? 'SEQUENCE' : `tag 0x${tag.toString(16)}`;
}
