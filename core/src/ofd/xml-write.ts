/** Escapes text for element content and double-quoted attribute values. */
export function xmlEscape(value: string): string {
  return value.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

export function xmlAttributes(attributes: Iterable<[string, string]>): string {
  let out = '';
  for (const [name, value] of attributes) out += ` ${name}="${xmlEscape(value)}"`;
  return out;
}

export const OFD_NAMESPACE = 'http://www.ofdspec.org/2016';
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
