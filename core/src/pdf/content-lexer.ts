import { Budget } from './budget';
import { malformed } from './errors';
import { indexOf, isRegular, readToken, skipWhitespace, WHITESPACE } from './lexer';
import { PdfValue } from './objects';
import { PdfParser } from './parser';

const MAX_OPERANDS = 64;

/**
 * Walks a content stream as (operator, operands) pairs (ISO 32000-1 §7.8.2). Operands reuse the object
 * parser; inline images (BI … ID … EI) are skipped over, since their data is binary.
 */
export function forEachOperation(
  bytes: Uint8Array,
  maxDepth: number,
  budget: Budget,
  visit: (operator: string, operands: PdfValue[]) => void,
): void {
  const parser = new PdfParser(bytes, 0, maxDepth);
  let operands: PdfValue[] = [];
  for (;;) {
    budget.tick();
    const p = skipWhitespace(bytes, parser.pos);
    if (p >= bytes.length) return;
    const c = bytes[p];
    const isOperatorStart = isRegular(c) && !(c >= 0x30 && c <= 0x39) && c !== 0x2b && c !== 0x2d && c !== 0x2e;
    if (isOperatorStart) {
      const { token, end } = readToken(bytes, p);
      if (token === 'true' || token === 'false' || token === 'null') {
        operands.push(token === 'null' ? null : token === 'true');
        parser.pos = end;
        continue;
      }
      parser.pos = token === 'BI' ? skipInlineImage(bytes, end) : end;
      if (token !== 'BI') visit(token, operands);
      operands = [];
      continue;
    }
    parser.pos = p;
    operands.push(parser.parseValue());
    if (operands.length > MAX_OPERANDS) throw malformed('content stream operation with too many operands', { offset: p });
  }
}

/** Returns the offset after "EI": the first EI with whitespace on both sides after "ID". */
function skipInlineImage(bytes: Uint8Array, from: number): number {
  const id = indexOf(bytes, 'ID', from);
  if (id < 0) throw malformed('inline image without ID');
  let at = id + 3;
  for (;;) {
    at = indexOf(bytes, 'EI', at);
    if (at < 0) throw malformed('inline image without EI');
    const before = bytes[at - 1];
    const after = at + 2 >= bytes.length ? 0x20 : bytes[at + 2];
    if (WHITESPACE[before] && (WHITESPACE[after] || !isRegular(after))) return at + 2;
    at += 2;
  }
}
