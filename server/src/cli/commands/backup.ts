import { createBackup } from '../../backup/create-backup';
import type { CliCommand } from '../cli-command';
import { EXIT } from '../exit-codes';
import { absolute, openCliStores } from './backup-stores';

/** Said on every backup: losing the KEK loses every stored seal key, and the archive cannot help. */
const KEK_NOTICE =
  'The key-encryption key (SERVER_KEK, or DATA_DIR/server-kek.hex) is NOT in the archive: keep it apart from it; restore refuses to run without it.';

/** `seal backup <dir>`: writes an SM3-checksummed archive of every collection and the embedded ledger. */
export const backupCommand: CliCommand = {
  name: 'backup',
  summary: 'Write a checksummed backup archive of the records and the embedded ledger',
  usage: '<archive-dir> [--json]',
  description:
    "Exports every collection of MONGODB_URI as canonical Extended JSON, then the embedded ledger's block\n" +
    'file up to its head record, into a new directory with manifest.json (per-file SM3) and\n' +
    'manifest.json.sm3. For a point-in-time copy stop or drain the servers first. The embedded ledger\n' +
    'file is read while a server runs; only its committed blocks are copied. The development CA and the\n' +
    'maker identity are archived too; the key-encryption key is not (keep it apart from the archive).',
  options: { json: { type: 'boolean', description: 'Print the manifest as JSON' } },
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const stores = await openCliStores(io);
    try {
      const manifest = await createBackup({
        connection: stores.mongo,
        ledgerDir: stores.ledgerDir,
        caDir: stores.caDir,
        kek: stores.config.serverKek.reveal(),
        archiveDir: absolute(io.cwd, args.positionals[0]!),
      });
      if (args.values.json) {
        io.stdout(`${JSON.stringify(manifest, null, 2)}\n`);
      } else {
        const rows = manifest.collections.map(
          (c) => `  ${c.collection.padEnd(24)} ${String(c.documents).padStart(8)} documents  sm3 ${c.sm3}`,
        );
        const ledger = manifest.ledger
          ? `Ledger: ${manifest.ledger.height} blocks, head ${manifest.ledger.headHash}`
          : 'Ledger: not embedded, not included';
        const identity = manifest.identity?.length
          ? `Identity: ${manifest.identity.map((f) => f.path).join(', ')}`
          : 'Identity: none (in-memory CA)';
        io.stdout(`Backup written to ${args.positionals[0]}\n${rows.join('\n')}\n${ledger}\n${identity}\n${KEK_NOTICE}\n`);
      }
      return EXIT.OK;
    } finally {
      await stores.close();
    }
  },
};
