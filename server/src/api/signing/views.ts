/** Bytes in and out of the signing API's JSON bodies; the record and request views are the use cases' (usecases/signing). */
export const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
export const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));
