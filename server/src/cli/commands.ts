/* eslint-disable @typescript-eslint/no-require-imports -- each command's module loads on first use (see lazy-command.ts) */
import type { CliCommand } from './cli-command';
import { lazyCommand } from './lazy-command';

/**
 * Every `seal` command, in the order help lists them. A command's module is required only when it
 * runs, so start-up costs what that command needs (see lazy-command.ts); add new ones the same way.
 */
export const COMMANDS: readonly CliCommand[] = [
  lazyCommand('verify', 'Verify every signature of sealed PDF and OFD documents', () => require('./commands/verify').verifyCommand),
  lazyCommand(
    'verify-bundle',
    'Check a proof bundle (v2) offline against trust anchors',
    () => require('./commands/verify-bundle').verifyBundleCommand,
  ),
  lazyCommand(
    'demo',
    'Seed a demo unit, its starter seals, an approved use and a signed sample PDF',
    () => require('./commands/demo').demoCommand,
  ),
  lazyCommand(
    'config check',
    'Check the server configuration in the environment',
    () => require('./commands/config-check').configCheckCommand,
  ),
  lazyCommand(
    'admin create',
    'Create an account and print its one-time password',
    () => require('../auth/cli/admin-create').adminCreateCommand,
  ),
  lazyCommand('audit verify', "Check the audit log's hash chain and anchors", () => require('./commands/audit-verify').auditVerifyCommand),
  lazyCommand(
    'archive create',
    'Package a sealed document for archiving (DA/T 48 XML, SM3 manifest, signed)',
    () => require('./commands/archive').archiveCreateCommand,
  ),
  lazyCommand(
    'archive check',
    'Check an archive package: authenticity, integrity, usability, security',
    () => require('./commands/archive').archiveCheckCommand,
  ),
  lazyCommand(
    'backup',
    'Write a checksummed backup archive of the records and the embedded ledger',
    () => require('./commands/backup').backupCommand,
  ),
  lazyCommand(
    'restore',
    'Rebuild a fresh instance from a backup archive and verify it',
    () => require('./commands/restore').restoreCommand,
  ),
  lazyCommand('relay list', 'List relays to court chains (dead letters: --state DEAD)', () => require('./commands/relay').relayListCommand),
  lazyCommand('relay retry', 'Retry a dead letter (a DEAD relay)', () => require('./commands/relay').relayRetryCommand),
];
