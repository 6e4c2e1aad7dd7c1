import { writeReportPdf, type ReportBlock } from '@eseal/core';
import { beijingTime } from '../certificates/certificate-content';
import { CHECK_LABEL, STATUS_LABEL, VERDICT_LABEL, overallVerdict, type ReadableReport } from './readable-report';

/** The verification report as a Chinese PDF (the writer and font of the evidence certificates); not sealed. */
export function verificationReportPdf(report: ReadableReport, font: Uint8Array, at: Date): Uint8Array {
  const verdict = overallVerdict(report);
  const blocks: ReportBlock[] = [
    { kind: 'heading', text: '总体结论' },
    { kind: 'field', label: '结论', value: `${VERDICT_LABEL[verdict] ?? verdict}（${verdict}）` },
    { kind: 'field', label: '文件 SM3', value: report.fileSm3 },
    { kind: 'field', label: '签署后被修改', value: report.modified ? '是' : '否' },
    { kind: 'field', label: '签章数量', value: String(report.signatures.length) },
    ...(report.problems?.length ? [{ kind: 'field' as const, label: '问题', value: report.problems.join('、') }] : []),
    { kind: 'field', label: '核验时间', value: beijingTime(report.verifiedAt ?? at) },
  ];
  for (const s of report.signatures) {
    const sigVerdict = s.verdict ?? (s.valid ? 'VALID' : 'INVALID');
    blocks.push(
      { kind: 'heading', text: `第 ${s.index + 1} 个签章：${VERDICT_LABEL[sigVerdict] ?? sigVerdict}` },
      ...(s.sealName ? [{ kind: 'field' as const, label: '印章名称', value: s.sealName }] : []),
      ...(s.esID ? [{ kind: 'field' as const, label: '印章标识', value: s.esID }] : []),
      ...(s.signerSubject ? [{ kind: 'field' as const, label: '签名人证书', value: s.signerSubject }] : []),
      ...(s.signingTime ? [{ kind: 'field' as const, label: '签署时间', value: beijingTime(s.signingTime) }] : []),
      ...s.checks.map((c): ReportBlock => ({
        kind: 'field',
        label: CHECK_LABEL[c.id] ?? c.id,
        value: `${STATUS_LABEL[c.status] ?? c.status}${c.code ? `（${c.code}）` : ''}${c.message ? `：${c.message}` : ''}`,
      })),
    );
  }
  return writeReportPdf(
    {
      title: '电子签章验证报告',
      subtitle: `文件 SM3 ${report.fileSm3.slice(0, 16)}…`,
      subject: '电子签章验证报告',
      producer: '电子印章服务平台',
      createdAt: at,
      blocks,
      footer: '电子印章服务平台 · 验证报告',
    },
    font,
  ).pdf;
}
