import { auditAnchorModel, auditRecordModel } from '../../audit/audit.model';
import { verifyAuditChain, type ChainReport } from '../../audit/verify-chain';
import type { CliCommand } from '../cli-command';
import { EXIT } from '../exit-codes';
import { openCliStores } from './backup-stores';
import { openCliLedger } from './cli-ledger';

/**
 * `seal audit verify`: walks the whole audit log and its anchors, as GET /api/v1/audit/verify does,
 * from the operator's shell. Exit 0 when the chain holds, 1 at the first break (named).
 */
export const auditVerifyCommand: CliCommand = {
  name: 'audit verify',
  summary: "Check the audit log's hash chain and anchors",
  usage: '[--json] [--no-ledger]',
  description:
    'Recomputes the SM3 chain of the audit log in the database of MONGODB_URI: sequence numbers without\n' +
    'gaps, each entry linked to the one before, each hash matching its entry, and every head anchored on\n' +
    'the ledger (LEDGER; the embedded one is read as committed so far, also while a server runs) still\n' +
    'present and unchanged. Exit status: 0 intact, 1 broken (the first break is printed).',
  options: {
    json: { type: 'boolean', description: 'Print the report as JSON' },
    'no-ledger': {
      type: 'boolean',
      description: 'Check against the anchors recorded in the database instead of the ledger (weaker: they are as editable as the log)',
    },
  },
  async run(args, io) {
    const stores = await openCliStores(io);
    try {
      const ledger = args.values['no-ledger'] ? undefined : await openCliLedger(io, stores.config.dataDir);
      let report: ChainReport;
      try {
        report = await verifyAuditChain(auditRecordModel(stores.mongo), auditAnchorModel(stores.mongo), { ledger });
      } finally {
        await ledger?.close();
      }
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
    `Anchors checked: ${report.anchorsChecked} from the ${report.anchorSource === 'ledger' ? 'ledger' : 'database (not the ledger)'} (anchored through entry ${report.anchoredThrough})`,
    report.firstBreak
      ? `BROKEN at entry ${report.firstBreak.seq}: ${report.firstBreak.reason}: ${report.firstBreak.message}`
      : 'Chain intact.',
  ];
  return `${lines.join('\n')}\n`;
}
