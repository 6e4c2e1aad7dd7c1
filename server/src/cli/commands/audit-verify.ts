import { auditAnchorModel, auditRecordModel } from '../../audit/audit.model';
import { verifyAuditChain, type ChainReport } from '../../audit/verify-chain';
import type { CliCommand } from '../cli-command';
import { EXIT } from '../exit-codes';
import { openCliStores } from './backup-stores';

/**
 * `seal audit verify`: walks the whole audit log and its anchors, as GET /api/v1/audit/verify does,
 * from the operator's shell. Exit 0 when the chain holds, 1 at the first break (named).
 */
export const auditVerifyCommand: CliCommand = {
  name: 'audit verify',
  summary: 'Check the audit log\'s hash chain and anchors',
  usage: '[--json]',
  description:
    'Recomputes the SM3 chain of the audit log in the database of MONGODB_URI: sequence numbers without\n' +
    'gaps, each entry linked to the one before, each hash matching its entry, and every anchored head\n' +
    'still present and unchanged. Exit status: 0 intact, 1 broken (the first break is printed).',
  options: { json: { type: 'boolean', description: 'Print the report as JSON' } },
  async run(args, io) {
    const stores = await openCliStores(io);
    try {
      const report = await verifyAuditChain(auditRecordModel(stores.mongo), auditAnchorModel(stores.mongo));
      io.stdout(args.values.json ? `${JSON.stringify(report, null, 2)}\n` : formatChainReport(report));
      return report.valid ? EXIT.OK : EXIT.FAILURE;
    } finally {
      await stores.close();
    }
  },
};

export function formatChainReport(report: ChainReport): string {
  const lines = [
    `Audit log: ${report.entries} entries, head ${report.head.seq} ${report.head.hash}`,
    `Anchors checked: ${report.anchorsChecked} (anchored through entry ${report.anchoredThrough})`,
    report.firstBreak
      ? `BROKEN at entry ${report.firstBreak.seq}: ${report.firstBreak.reason}: ${report.firstBreak.message}`
      : 'Chain intact.',
  ];
  return `${lines.join('\n')}\n`;
}
