import { createHash } from 'node:crypto';
import { LruMap, type CertificateView } from '@eseal/core';

/**
 * Every document of a seal carries the same signer and maker certificates, and each verification
 * reads them several times. Parsing is a pure function of the bytes, so views are kept by the SM3 of
 * the DER (bounded, least recently used out first); only the parse is cached, never a verdict: validity, chain and
 * revocation are judged per call. Bytes that do not parse are not kept and fail again every time.
 * Each caller gets its own copy of the dates and bytes, so nothing a caller does can change the cache.
 */
export function cachedCertificateParser(
  parse: (der: Uint8Array) => CertificateView,
  maxEntries = 256,
): (der: Uint8Array) => CertificateView {
  const views = new LruMap<string, CertificateView>(maxEntries);
  return (der) => {
    const key = createHash('sm3').update(der).digest('hex');
    let view = views.get(key);
    if (view === undefined) {
      view = parse(der);
      views.set(key, view);
    }
    return {
      ...view,
      notBefore: new Date(view.notBefore.getTime()),
      notAfter: new Date(view.notAfter.getTime()),
      der: new Uint8Array(view.der),
    };
  };
}
