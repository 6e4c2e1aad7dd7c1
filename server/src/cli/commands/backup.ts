import { createBackup } from '../../backup/create-backup';
import type { CliCommand } from '../cli-command';
import { EXIT } from '../exit-codes';
import { absolute, openCliStores } from './backup-stores';

/** `seal backup <dir>`: writes an SM3-checksummed archive of every collection and the embedded ledger. */
export const backupCommand: CliCommand = {
  name: 'backup',
  summary: 'Write a checksummed backup archive of the records and the embedded ledger',
  usage: '<archive-dir> [--json]',
  description:
    'Exports every collection of MONGODB_URI as canonical Extended JSON, then the embedded ledger\'s block\n' +
    'file up to its head record, into a new directory with manifest.json (per-file SM3) and\n' +
    'manifest.json.sm3. For a point-in-time copy stop or drain the servers first. The embedded ledger\n' +
    'file is read while a server runs; only its committed blocks are copied.',
  options: { json: { type: 'boolean', description: 'Print the manifest as JSON' } },
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const stores = await openCliStores(io);
    try {
      const manifest = await createBackup({ connection: stores.mongo, ledgerDir: stores.ledgerDir, archiveDir: absolute(io.cwd, args.positionals[0]!) });
      if (args.values.json) {
        io.stdout(`${JSON.stringify(manifest, null, 2)}\n`);
      } else {
        const rows = manifest.collections.map((c) => `  ${c.collection.padEnd(24)} ${String(c.documents).padStart(8)} documents  sm3 ${c.sm3}`);
        const ledger = manifest.ledger ? `Ledger: ${manifest.ledger.height} blocks, head ${manifest.ledger.headHash}` : 'Ledger: not embedded, not included';
        io.stdout(`Backup written to ${args.positionals[0]}\n${rows.join('\n')}\n${ledger}\n`);
      }
      return EXIT.OK;
    } finally {
      await stores.close();
    }
  },
};
