import type { Caller } from '../../access';
import { loadConfig } from '../../config/load-config';
import { createServices } from '../../composition';
import { createLogger } from '../../observability/logger';
import { issueStarterPackage, type SealView } from '../../usecases/seals';
import { registerUnit } from '../../usecases/units';
import type { CliCommand } from '../cli-command';
import { EXIT } from '../exit-codes';
import { demoMaterials, demoResidentId, demoUscc } from './demo-data';

/** The CLI acts as a seal-making operator; the audit log names it. */
const DEMO_CALLER: Caller = { id: 'cli:seal-demo', kind: 'person', roles: ['SEAL_MAKER_OPERATOR'] };
const DEMO_PIN = '123456';

function describeSeal(seal: SealView): string {
  const tx = seal.ledgerSync.ops[0]?.txId ?? 'pending';
  return `  ${seal.kind.padEnd(21)} ${seal.sealId}  code ${seal.sealCode}  ${seal.status}  cert ${seal.certificate?.serial ?? '-'} ` +
    `until ${seal.certificate?.notAfter ?? '-'}  ledger tx ${tx}  filing ${seal.filings[0]?.state ?? '-'}`;
}

/**
 * `seal demo`: seeds a unit with the free starter package against the configured stores and ledger,
 * so a newcomer sees the whole making path. Uses the same configuration (and development key file)
 * as `npm start`; with the embedded ledger, stop the server first (one process owns the block file).
 */
export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Seed a demo unit with its starter seals',
  usage: '[--name NAME] [--json]',
  description:
    'Registers a unit with synthetic identifiers and makes its starter package (legal-name, finance, contract and\n' +
    'legal-representative seals; one-time custodian PIN 123456, to be changed by the custodian before signing), on the\n' +
    'configured MongoDB, Redis and ledger. Filing with\n' +
    'public security happens in the worker when PUBLIC_SECURITY_FILING_URL is set.',
  options: {
    name: { type: 'string', valueName: 'NAME', description: 'Unit name (default 天津示例科技有限公司)' },
    json: { type: 'boolean', description: 'Print the unit and seals as JSON' },
  },
  async run(args, io) {
    const config = loadConfig(io.env, { devKekFile: true });
    const services = await createServices(config, { env: io.env, logger: createLogger({ level: 'silent' }) });
    try {
      const name = typeof args.values.name === 'string' ? args.values.name : '天津示例科技有限公司';
      const unit = await registerUnit(services.deps, DEMO_CALLER, {
        name, uscc: demoUscc(), category: 'ENTERPRISE', legalRepresentative: { name: '张示例', idNumber: demoResidentId() },
      });
      const seals = await issueStarterPackage(services.deps, DEMO_CALLER, unit.unitId, {
        channel: 'IN_PERSON', materials: demoMaterials(), custodian: { name: '李保管', idNumber: demoResidentId() },
        custodianPin: DEMO_PIN, legalRepresentativePin: DEMO_PIN,
      });
      if (args.values.json) {
        io.stdout(`${JSON.stringify({ unit, seals: seals.map(({ sesealDer: _der, ...rest }) => rest) }, null, 2)}\n`);
      } else {
        io.stdout(`Unit ${unit.name}  ${unit.unitId}  USCC ${unit.uscc}\nSeals (one-time custodian PIN ${DEMO_PIN}: POST /api/v1/seals/{sealId}/pin to set your own):\n${seals.map(describeSeal).join('\n')}\n`);
      }
      return EXIT.OK;
    } finally {
      await services.close();
    }
  },
};
