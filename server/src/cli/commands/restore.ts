import { restoreBackup } from '../../backup/restore-backup';
import type { CliCommand } from '../cli-command';
import { EXIT } from '../exit-codes';
import { absolute, openCliStores } from './backup-stores';

/** `seal restore <dir>`: rebuilds a fresh instance from an archive and verifies it against the ledger. */
export const restoreCommand: CliCommand = {
  name: 'restore',
  summary: 'Rebuild a fresh instance from a backup archive and verify it',
  usage: '<archive-dir> [--json]',
  description:
    "Checks the archive (manifest SM3, every file's SM3; a damaged archive is refused with BACKUP_CORRUPT\n" +
    'before anything is written), refuses a database or ledger directory that already holds data, loads\n' +
    'every collection with its indexes into MONGODB_URI, places the ledger files and the service identity\n' +
    '(development CA, maker), then re-verifies the\n' +
    'block hash chain, that every ledger transaction the records cite exists, and the audit chain.\n' +
    'It needs the key-encryption key that wrapped the archived seal keys (SERVER_KEK, or the development\n' +
    'key file in DATA_DIR) and refuses another one; REDIS_URL is not needed.\n' +
    'Exit status: 0 restored and verified, 1 refused or verification failed.',
  options: { json: { type: 'boolean', description: 'Print the report as JSON' } },
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const stores = await openCliStores(io, { kek: 'given' });
    try {
      const report = await restoreBackup({
        archiveDir: absolute(io.cwd, args.positionals[0]!),
        connection: stores.mongo,
        ledgerDir: stores.ledgerDir,
        caDir: stores.caDir,
        kek: stores.config.serverKek.reveal(),
      });
      const v = report.verification;
      if (args.values.json) {
        io.stdout(`${JSON.stringify({ collections: report.collections, verification: v }, null, 2)}\n`);
      } else {
        const lines = [
          ...Object.entries(report.collections).map(([name, count]) => `  ${name.padEnd(24)} ${String(count).padStart(8)} documents`),
          v.ledger
            ? `Ledger: ${v.ledger.height} blocks re-verified, head ${v.ledger.matchesManifest ? 'matches' : 'DOES NOT MATCH'} the archive`
            : 'Ledger: not in the archive',
          `Ledger transactions cited by records: ${v.txIdsChecked}, missing: ${v.missingTxIds.length}${v.missingTxIds.length ? ` (${v.missingTxIds.slice(0, 5).join(', ')})` : ''}`,
          `Audit chain: ${v.auditChain.valid ? `intact (${v.auditChain.entries} entries)` : `BROKEN at ${v.auditChain.firstBreak?.seq}: ${v.auditChain.firstBreak?.reason}`}`,
          v.ok ? 'Restore verified.' : 'Restore FAILED verification.',
        ];
        io.stdout(`Restored from ${args.positionals[0]}\n${lines.join('\n')}\n`);
      }
      return v.ok ? EXIT.OK : EXIT.FAILURE;
    } finally {
      await stores.close();
    }
  },
};
