/** TEST-ONLY: an RFC 3161 TimeStampToken shell (ContentInfo/SignedData/TSTInfo) with no signerInfos. */
import { der } from '../../asn1';
import { SealOid } from '../oids';
import { imprintHash } from '../timestamp-token';

export function buildTimeStampToken(
  stamped: Uint8Array,
  genTime: Date,
  hashOid: string = SealOid.SM3,
  contentType: string = SealOid.CMS_SIGNED_DATA,
): Uint8Array {
  const digest = imprintHash(hashOid, stamped) ?? new Uint8Array(32);
  const tstInfo = der.seq(
    der.int(1),
    der.oid('1.2.3.4.5'),
    der.seq(der.seq(der.oid(hashOid)), der.octets(digest)),
    der.int(0x1234n),
    der.generalizedTime(genTime),
  );
  const signedData = der.seq(
    der.int(3),
    der.setOf(),
    der.seq(der.oid(SealOid.TST_INFO), der.explicit(0, der.octets(tstInfo))),
    der.setOf(),
  );
  return der.seq(der.oid(contentType), der.explicit(0, signedData));
}
