import { createHash } from 'node:crypto';
import { beijingTime } from '../certificates/certificate-content';
import { CHECK_LABEL, STATUS_LABEL, VERDICT_LABEL, overallVerdict, type ReadableReport } from './readable-report';

/**
 * The page's only style. The CSP allows styles from our origin only; this one block is allowed by its
 * hash (sent with the page, see contentSecurityPolicyAllowingStyle), so the page stays one file.
 */
const STYLE = `body{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif;margin:2rem auto;max-width:60rem;color:#222;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
.verdict{font-size:1.3rem;font-weight:bold;padding:.4rem .8rem;display:inline-block}
.VALID,.pass{color:#0a6b2d}.INVALID,.fail{color:#b00020}.INDETERMINATE,.indeterminate,.skipped{color:#8a5a00}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eee;vertical-align:top}
th{width:12rem;font-weight:normal;color:#555}code{word-break:break-all}`;

/** The base64 SHA-256 of the style block, for the page's Content-Security-Policy. */
export const REPORT_STYLE_HASH = `sha256-${createHash('sha256').update(STYLE).digest('base64')}`;

/** Everything from the report is text to the browser: no markup, no attribute breaking out. */
function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A token safe as a class name: only the known verdicts and statuses, anything else none. */
function cls(value: string): string {
  return /^(VALID|INVALID|INDETERMINATE|pass|fail|skipped|indeterminate)$/.test(value) ? value : '';
}

const row = (label: string, value: string) => `<tr><th>${escape(label)}</th><td>${value}</td></tr>`;

/** The verification report as one self-contained HTML page (no script, no outside resource). */
export function verificationReportHtml(report: ReadableReport, at: Date): string {
  const verdict = overallVerdict(report);
  const parts: string[] = [
    '<!DOCTYPE html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>电子签章验证报告</title>',
    `<style>${STYLE}</style></head><body>`,
    '<h1>电子签章验证报告</h1>',
    `<p class="verdict ${cls(verdict)}">${escape(VERDICT_LABEL[verdict] ?? verdict)}（${escape(verdict)}）</p>`,
    '<table>',
    row('文件 SM3', `<code>${escape(report.fileSm3)}</code>`),
    row('签署后被修改', report.modified ? '是' : '否'),
    row('签章数量', String(report.signatures.length)),
    ...(report.problems?.length ? [row('问题', escape(report.problems.join('、')))] : []),
    row('核验时间', escape(beijingTime(report.verifiedAt ?? at))),
    '</table>',
  ];
  for (const s of report.signatures) {
    const sigVerdict = s.verdict ?? (s.valid ? 'VALID' : 'INVALID');
    parts.push(
      `<h2>第 ${s.index + 1} 个签章：<span class="${cls(sigVerdict)}">${escape(VERDICT_LABEL[sigVerdict] ?? sigVerdict)}</span></h2>`,
      '<table>',
      ...(s.sealName ? [row('印章名称', escape(s.sealName))] : []),
      ...(s.esID ? [row('印章标识', `<code>${escape(s.esID)}</code>`)] : []),
      ...(s.signerSubject ? [row('签名人证书', escape(s.signerSubject))] : []),
      ...(s.signingTime ? [row('签署时间', escape(beijingTime(s.signingTime)))] : []),
      ...s.checks.map((c) =>
        row(
          CHECK_LABEL[c.id] ?? c.id,
          `<span class="${cls(c.status)}">${escape(STATUS_LABEL[c.status] ?? c.status)}</span>${c.code ? ` <code>${escape(c.code)}</code>` : ''}${
            c.message ? `：${escape(c.message)}` : ''
          }`,
        ),
      ),
      '</table>',
    );
  }
  parts.push('</body></html>');
  return parts.join('\n');
}
