import { xmlAttributes, xmlEscape, XML_DECLARATION } from '../ofd/xml-write';
import { ARCHIVE_NAMESPACE, type ArchiveMetadata } from './model';

/** metadata.xml: DA/T 46-style descriptive metadata, with the document's technical facts beside it. */
export function writeMetadata(
  metadata: ArchiveMetadata,
  document: { fileName: string; format: 'PDF' | 'OFD'; size: number; sm3: string },
  archivedAt: Date,
): Uint8Array {
  const el = (name: string, value: string) => `  <${name}>${xmlEscape(value)}</${name}>`;
  const signatures = metadata.signatures.map(
    (s) =>
      `    <Signature${xmlAttributes(
        Object.entries({
          esID: s.esID,
          sealName: s.sealName,
          signingTime: s.signingTime,
          signingTimeSource: s.signingTimeSource,
          ...(s.signer ? { signer: s.signer } : {}),
        }),
      )}/>`,
  );
  const xml = [
    XML_DECLARATION,
    `<RecordMetadata xmlns="${ARCHIVE_NAMESPACE}" scheme="DA/T 46-2009">`,
    el('Title', metadata.title),
    el('Responsible', metadata.responsible),
    el('Date', archivedAt.toISOString()),
    el('Retention', metadata.retention),
    el('Classification', metadata.classification),
    el('FileName', document.fileName),
    el('FileFormat', document.format),
    el('FileSize', String(document.size)),
    el('FileSM3', document.sm3),
    '  <Signatures>',
    ...signatures,
    '  </Signatures>',
    '</RecordMetadata>',
    '',
  ].join('\n');
  return new Uint8Array(Buffer.from(xml, 'utf8'));
}

/** Fields metadata.xml must carry for the record to be usable as an archived record. */
export const REQUIRED_METADATA = [
  'Title',
  'Responsible',
  'Date',
  'Retention',
  'Classification',
  'FileName',
  'FileFormat',
  'FileSize',
  'FileSM3',
];
