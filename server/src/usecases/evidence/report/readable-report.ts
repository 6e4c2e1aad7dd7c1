/**
 * What the HTML and PDF forms of a verification report show: the fields the JSON report of
 * POST /verify and of the public POST /public/documents/verify have in common (the public one has no
 * messages and no per-signature verdict).
 */
export interface ReadableReport {
  valid: boolean;
  verdict?: string;
  modified: boolean;
  fileSm3: string;
  verifiedAt?: string;
  problems?: readonly string[];
  signatures: ReadonlyArray<{
    index: number;
    valid: boolean;
    verdict?: string;
    esID?: string;
    sealName?: string;
    signerSubject?: string;
    signingTime?: string;
    checks: ReadonlyArray<{ id: string; status: string; code?: string; message?: string }>;
  }>;
}

export const VERDICT_LABEL: Readonly<Record<string, string>> = { VALID: '有效', INVALID: '无效', INDETERMINATE: '无法确定' };

export const STATUS_LABEL: Readonly<Record<string, string>> = {
  pass: '通过',
  fail: '未通过',
  skipped: '未检查',
  indeterminate: '无法确定',
};

/** Each check by what it looks at, in words a reader of the report knows. */
export const CHECK_LABEL: Readonly<Record<string, string>> = {
  'pdf.byte-range': '签名覆盖范围',
  'pdf.container': '签名容器',
  'pdf.property-info': '签名属性',
  'pdf.changes-after': '签署后的修改',
  'signature.format': '签名数据格式',
  'signature.value': '签名值',
  'signature.signer-certificate': '签名人证书',
  'signature.cert-in-seal': '证书属于印章',
  'signature.data-hash': '文件摘要',
  'signature.timestamp': '时间戳',
  'signature.signing-time': '签署时间',
  'signature.seal-ledger-status': '签署时印章状态（账本）',
  'seal.format': '印章数据格式',
  'seal.maker-signature': '制章机构签名',
  'seal.maker-certificate': '制章机构证书',
  'seal.validity': '印章有效期',
  'seal.maker-timestamp': '制章时间戳',
  'ledger.seal-data': '账本登记的印章数据',
  'ledger.anchor': '区块链存证',
  'evidence.bundle': '存证包',
  'ofd.container': 'OFD 签名容器',
  'ofd.references': 'OFD 签名引用',
  'ofd.seal-match': 'OFD 印章一致',
  'ofd.property-info': 'OFD 签名属性',
  'ofd.changes-after': 'OFD 签署后的修改',
};

/** The verdict in one word: the JSON's, or (the public form has none) from `valid`. */
export function overallVerdict(report: ReadableReport): string {
  return report.verdict ?? (report.valid ? 'VALID' : 'INVALID');
}
