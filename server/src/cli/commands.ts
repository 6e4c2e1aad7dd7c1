import type { CliCommand } from './cli-command';
import { configCheckCommand } from './commands/config-check';
import { demoCommand } from './commands/demo';
import { verifyCommand } from './commands/verify';
import { auditVerifyCommand } from './commands/audit-verify';
import { backupCommand } from './commands/backup';
import { restoreCommand } from './commands/restore';
import { adminCreateCommand } from '../auth/cli/admin-create';

/**
 * Every `seal` command, in the order help lists them. A new command is added here.
 */
export const COMMANDS: readonly CliCommand[] = [
  verifyCommand, demoCommand, configCheckCommand, adminCreateCommand, auditVerifyCommand, backupCommand, restoreCommand,
];
