import type { OfdLimits } from './limits';
import { malformed, tooLarge, unsafe } from './ofd-error';

/** One element of the strict XML subset OFD needs: names, attributes, direct text, children. */
export interface XmlElement {
  /** Qualified name as written ("ofd:Signature"). */
  name: string;
  /** Name without prefix ("Signature"): OFD producers differ in prefixes, never in local names. */
  local: string;
  attributes: ReadonlyMap<string, string>;
  children: XmlElement[];
  /** Concatenated character data directly inside the element. */
  text: string;
  /** Offsets in the decoded text: where the start tag begins and where the end tag begins. */
  start: number;
  contentEnd: number;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /^[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A deliberately small XML reader for the files we parse out of an OFD. Everything that lets a
 * document reach outside itself or grow without bound is refused rather than ignored: any DOCTYPE
 * (so no entity can be declared), any entity reference other than the five predefined ones and
 * character references, non-UTF-8 encodings. Size, depth and element count are bounded.
 */
export function parseXml(
  bytes: Uint8Array,
  limits: Pick<OfdLimits, 'maxXmlBytes' | 'maxXmlDepth' | 'maxXmlElements'>,
  what: string,
): { root: XmlElement; text: string } {
  if (bytes.length > limits.maxXmlBytes)
    throw tooLarge(`${what} is larger than ${limits.maxXmlBytes} bytes`, { file: what, bytes: bytes.length });
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw malformed(`${what} is not UTF-8 text`, { file: what });
  }
  return { root: new Reader(text, limits, what).document(), text };
}

class Reader {
  private at = 0;
  private elements = 0;

  constructor(
    private readonly s: string,
    private readonly limits: Pick<OfdLimits, 'maxXmlDepth' | 'maxXmlElements'>,
    private readonly what: string,
  ) {}

  document(): XmlElement {
    if (this.s.startsWith('\ufeff')) this.at = 1;
    if (this.s.startsWith('<?xml', this.at)) this.declaration();
    this.misc();
    if (this.s[this.at] !== '<') throw this.bad('no root element');
    const root = this.element();
    this.misc();
    if (this.at !== this.s.length) throw this.bad('content after the root element');
    return root;
  }

  private element(): XmlElement {
    const stack: XmlElement[] = [];
    let root: XmlElement | undefined;
    for (;;) {
      const open = this.startTag();
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(open.element);
      else root = open.element;
      if (!open.selfClosing) {
        if (stack.length + 1 > this.limits.maxXmlDepth)
          throw tooLarge(`${this.what} nests elements deeper than ${this.limits.maxXmlDepth}`, { file: this.what });
        stack.push(open.element);
      }
      // Content until the next start tag, or close tags until the stack empties.
      while (stack.length > 0) {
        const current = stack[stack.length - 1]!;
        current.text += this.charData();
        if (this.s.startsWith('</', this.at)) {
          current.contentEnd = this.at;
          this.at += 2;
          const name = this.name();
          if (name !== current.name) throw this.bad(`</${name}> closes <${current.name}>`);
          this.spaces();
          this.expect('>');
          stack.pop();
        } else if (this.s.startsWith('<!--', this.at)) this.comment();
        else if (this.s.startsWith('<![CDATA[', this.at)) current.text += this.cdata();
        else if (this.s.startsWith('<?', this.at)) this.processingInstruction();
        else if (this.s.startsWith('<!', this.at)) throw this.refuse('a markup declaration inside the document');
        else if (this.s[this.at] === '<') break;
        else throw this.bad('the document ends inside an element');
      }
      if (stack.length === 0) return root!;
    }
  }

  private startTag(): { element: XmlElement; selfClosing: boolean } {
    if (++this.elements > this.limits.maxXmlElements)
      throw tooLarge(`${this.what} has more than ${this.limits.maxXmlElements} elements`, { file: this.what });
    const start = this.at;
    this.expect('<');
    const name = this.name();
    const attributes = new Map<string, string>();
    for (;;) {
      const hadSpace = this.spaces();
      if (this.s.startsWith('/>', this.at)) {
        this.at += 2;
        return { element: element(name, attributes, start, this.at), selfClosing: true };
      }
      if (this.s[this.at] === '>') {
        this.at++;
        return { element: element(name, attributes, start, this.at), selfClosing: false };
      }
      if (!hadSpace) throw this.bad(`unexpected character in <${name}>`);
      const attribute = this.name();
      this.spaces();
      this.expect('=');
      this.spaces();
      if (attributes.has(attribute)) throw this.bad(`attribute ${attribute} appears twice in <${name}>`);
      attributes.set(attribute, this.quoted());
    }
  }

  private quoted(): string {
    const quote = this.s[this.at];
    if (quote !== '"' && quote !== "'") throw this.bad('an attribute value is not quoted');
    const end = this.s.indexOf(quote, this.at + 1);
    if (end < 0) throw this.bad('an attribute value is not closed');
    const raw = this.s.slice(this.at + 1, end);
    if (raw.includes('<')) throw this.bad('"<" inside an attribute value');
    this.at = end + 1;
    return this.unescape(raw).replace(/[\t\n\r]/g, ' ');
  }

  private charData(): string {
    const end = this.s.indexOf('<', this.at);
    const stop = end < 0 ? this.s.length : end;
    const raw = this.s.slice(this.at, stop);
    this.at = stop;
    if (raw.includes(']]>')) throw this.bad('"]]>" in character data');
    return this.unescape(raw);
  }

  private unescape(raw: string): string {
    if (!raw.includes('&')) return raw;
    return raw.replace(/&([^;&]{0,12});?/g, (all, ref: string) => {
      if (!all.endsWith(';')) throw this.bad('an unterminated "&" reference');
      if (ref in PREDEFINED) return PREDEFINED[ref]!;
      const code = /^#x[0-9a-fA-F]{1,6}$/.test(ref)
        ? parseInt(ref.slice(2), 16)
        : /^#[0-9]{1,7}$/.test(ref)
          ? parseInt(ref.slice(1), 10)
          : undefined;
      if (code === undefined) throw this.refuse(`the entity reference &${ref.slice(0, 20)};`);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
        throw this.bad('a character reference to an invalid character');
      return String.fromCodePoint(code);
    });
  }

  private declaration(): void {
    const end = this.s.indexOf('?>', this.at);
    if (end < 0) throw this.bad('the XML declaration is not closed');
    const decl = this.s.slice(this.at, end);
    const encoding = /encoding\s*=\s*["']([^"']*)["']/.exec(decl)?.[1];
    if (encoding !== undefined && !/^utf-?8$/i.test(encoding))
      throw malformed(`${this.what} declares encoding ${encoding}; OFD XML is UTF-8`, { file: this.what });
    this.at = end + 2;
  }

  /** Whitespace, comments and processing instructions around the root element; a DOCTYPE is refused. */
  private misc(): void {
    for (;;) {
      this.spaces();
      if (this.s.startsWith('<!--', this.at)) this.comment();
      else if (this.s.startsWith('<?', this.at)) this.processingInstruction();
      else if (this.s.startsWith('<!', this.at)) throw this.refuse('a DOCTYPE or markup declaration');
      else return;
    }
  }

  private comment(): void {
    const end = this.s.indexOf('-->', this.at + 4);
    if (end < 0) throw this.bad('a comment is not closed');
    this.at = end + 3;
  }

  private cdata(): string {
    const end = this.s.indexOf(']]>', this.at + 9);
    if (end < 0) throw this.bad('a CDATA section is not closed');
    const content = this.s.slice(this.at + 9, end);
    this.at = end + 3;
    return content;
  }

  private processingInstruction(): void {
    const end = this.s.indexOf('?>', this.at + 2);
    if (end < 0) throw this.bad('a processing instruction is not closed');
    if (/^<\?xml[\s?]/i.test(this.s.slice(this.at, this.at + 6))) throw this.bad('an XML declaration that is not at the start');
    this.at = end + 2;
  }

  private name(): string {
    const match = NAME.exec(this.s.slice(this.at, this.at + 256));
    if (!match) throw this.bad('a name was expected');
    this.at += match[0].length;
    return match[0];
  }

  private spaces(): boolean {
    const from = this.at;
    while (this.at < this.s.length && ' \t\r\n'.includes(this.s[this.at]!)) this.at++;
    return this.at > from;
  }

  private expect(c: string): void {
    if (this.s[this.at] !== c) throw this.bad(`"${c}" was expected`);
    this.at++;
  }

  private bad(why: string) {
    return malformed(`${this.what} is not well-formed XML: ${why}`, { file: this.what, offset: this.at });
  }

  private refuse(what: string) {
    return unsafe(`${this.what} contains ${what}, which OFD files we read may not use`, { file: this.what, offset: this.at });
  }
}

function element(name: string, attributes: Map<string, string>, start: number, afterStartTag: number): XmlElement {
  const colon = name.indexOf(':');
  return { name, local: colon < 0 ? name : name.slice(colon + 1), attributes, children: [], text: '', start, contentEnd: afterStartTag };
}

/** The first child with this local name. */
export function child(parent: XmlElement, local: string): XmlElement | undefined {
  return parent.children.find((c) => c.local === local);
}

export function childrenNamed(parent: XmlElement, local: string): XmlElement[] {
  return parent.children.filter((c) => c.local === local);
}
