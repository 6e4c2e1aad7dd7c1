/** OFD (GB/T 33190) containers: a safe zip and XML reader, signing with GB/T 38540 seals, and what verification reads. */
export { DEFAULT_OFD_LIMITS, resolveOfdLimits } from './limits';
export type { OfdLimits } from './limits';
export { OfdPackage } from './ofd-package';
export type { OfdPage } from './ofd-package';
export { signOfd } from './sign-ofd';
export type { OfdSealRequest, OfdContainerInput, MakeOfdContainer, SignedOfd, OfdPageCorner } from './sign-ofd';
export { inspectOfdSignatures, isZipFile } from './inspect-ofd';
export type { OfdSignatureInfo, OfdInspection, OfdReferenceResult } from './inspect-ofd';
export type { StampAnnotation } from './signature-file';
export { writeZip } from './zip-write';
export type { ZipSource } from './zip-write';
