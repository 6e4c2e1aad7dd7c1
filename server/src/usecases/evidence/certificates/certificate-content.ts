import type { ReportBlock, ReportDocument } from '@eseal/core';
import type { CertificateFacts, CourtChainReceiptFacts, DocumentCertificateFacts, SealCertificateFacts } from './certificate-facts';

/** The diameter of the service seal's imprint on the certificate. */
export const CERTIFICATE_SEAL_DIAMETER_MM = 42;

const VERDICT_ZH: Readonly<Record<string, string>> = { VALID: '有效', INVALID: '无效', INDETERMINATE: '无法确定' };
const EVENT_ZH: Readonly<Record<string, string>> = { ISSUED: '签发', CHANGED: '变更', RENEWED: '续期', REVOKED: '注销' };

/** Times as a reader in China reads them, with the zone said: 2026-12-06 16:00:00（北京时间）. */
export function beijingTime(at: Date | string): string {
  const shifted = new Date(new Date(at).getTime() + 8 * 3600_000);
  return `${shifted.toISOString().slice(0, 19).replace('T', ' ')}（北京时间）`;
}

const field = (label: string, value: string): ReportBlock => ({ kind: 'field', label, value });

function ledgerPlace(place: { txId: string; blockNumber?: number }): string {
  return place.blockNumber === undefined ? `交易 ${place.txId}` : `区块 ${place.blockNumber}，交易 ${place.txId}`;
}

function courtBlocks(receipts: readonly CourtChainReceiptFacts[]): ReportBlock[] {
  if (receipts.length === 0) return [field('司法链存证', '尚无（未配置司法链或尚未回执）')];
  return receipts.flatMap((r) => [
    field(`司法链 ${r.chain}`, `存证编号 ${r.evidenceNumber}`),
    field('  交易哈希', r.txHash),
    field('  区块高度', `${r.blockHeight}（${beijingTime(r.recordedAt)}）`),
  ]);
}

function verificationBlocks(facts: CertificateFacts): ReportBlock[] {
  const v = facts.verification;
  const ledger = facts.ledgerKind === 'embedded' ? '账本节点签名的区块证明' : '账本交易记录';
  return [
    { kind: 'heading', text: '核验结论' },
    field('存证包离线核验', `${VERDICT_ZH[v.verdict] ?? v.verdict}（${v.verdict}）`),
    field(
      '检查项',
      v.total === 0
        ? '本账本不提供离线存证包'
        : `${v.passed} / ${v.total} 项通过${v.problems.length ? `；未通过：${v.problems.join('、')}` : ''}`,
    ),
    field('核验依据', `默克尔包含证明、${ledger}、印章在账本上的生命周期，对照本平台 CA 证书核验`),
    {
      kind: 'paragraph',
      text: '核验方式：扫描右上角二维码打开公开核验页面；或取得本证书的存证包（proof bundle），以 seal verify-bundle 离线核验；本证书本身加盖本平台电子印章，可用 seal verify 或任何 GB/T 38540 验证工具核验。',
    },
  ];
}

function documentBlocks(facts: DocumentCertificateFacts): ReportBlock[] {
  const blocks: ReportBlock[] = [
    { kind: 'heading', text: '一、文件信息' },
    field('文件名称', facts.documentName ?? '（申请人未提供）'),
    field('签署前文件 SM3', facts.sm3Before),
    field('签署后文件 SM3', facts.sm3After),
    field('签章数量', String(facts.signatures.length)),
  ];
  facts.signatures.forEach((s, i) => {
    blocks.push(
      { kind: 'heading', text: `${['二', '三', '四', '五', '六', '七', '八', '九'][i] ?? String(i + 2)}、第 ${i + 1} 个签章` },
      field('印章名称', s.sealName),
      field('印章编码', s.sealCode),
      field('用章单位', s.unitName),
      field('签署人', s.signer),
      field('签署时间', beijingTime(s.signedAt)),
      field('签名值 SM3', s.signatureSm3),
      field('区块链存证', s.anchor ? ledgerPlace(s.anchor) : '尚未上链'),
      ...(s.anchor ? [field('默克尔根', s.anchor.merkleRoot)] : []),
      ...courtBlocks(s.courtChains),
      field('可信时间戳', s.timeStampAt ? beijingTime(s.timeStampAt) : '无'),
    );
  });
  return [...blocks, ...verificationBlocks(facts)];
}

function sealBlocks(facts: SealCertificateFacts): ReportBlock[] {
  return [
    { kind: 'heading', text: '一、印章信息' },
    field('印章名称', facts.sealName),
    field('印章编码', facts.sealCode),
    field('用章单位', facts.unitName),
    field('账本状态', facts.status),
    field('有效期', `${beijingTime(facts.validFrom)} 至 ${beijingTime(facts.validTo)}`),
    { kind: 'heading', text: '二、印章生命周期（区块链记录）' },
    ...facts.history.flatMap((e) => [
      field(`${EVENT_ZH[e.event] ?? e.event}`, `${beijingTime(e.at)}，状态 ${e.status}`),
      field('  账本位置', ledgerPlace(e.place)),
      ...(e.reason ? [field('  原因', e.reason)] : []),
      ...(e.compromisedAt ? [field('  密钥泄露时间', beijingTime(e.compromisedAt))] : []),
    ]),
    { kind: 'heading', text: '三、司法链存证' },
    ...courtBlocks(facts.courtChains),
    ...verificationBlocks(facts),
  ];
}

/** The certificate as pages show it: Chinese labels, times in Beijing time, every hash in full. */
export function certificateDocument(facts: CertificateFacts): ReportDocument {
  const what = facts.kind === 'document' ? '电子文件签章' : '电子印章生命周期';
  return {
    title: facts.kind === 'document' ? '电子签章存证证书' : '电子印章存证证书',
    subtitle: `证书编号：${facts.certificateNumber}`,
    subject: `${what}存证证书 ${facts.certificateNumber}`,
    producer: facts.issuer.name,
    createdAt: facts.issuedAt,
    qr: { text: facts.verifyUrl, caption: `扫码核验 ${facts.verifyUrl}` },
    blocks: [
      {
        kind: 'paragraph',
        text: `兹证明下列${what}信息已由${facts.issuer.name}记录并锚定于区块链账本，记录内容如下。`,
      },
      ...(facts.kind === 'document' ? documentBlocks(facts) : sealBlocks(facts)),
    ],
    closing: {
      lines: [`出证机构：${facts.issuer.name}`, `出证印章编码：${facts.issuer.sealCode}`, `出证时间：${beijingTime(facts.issuedAt)}`],
      sealDiameterMm: CERTIFICATE_SEAL_DIAMETER_MM,
    },
    footer: `${facts.issuer.name} · 证书编号 ${facts.certificateNumber}`,
  };
}
