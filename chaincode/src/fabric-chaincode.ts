import { JSONSerializer } from 'fabric-contract-api';
import type { ChaincodeInterface } from 'fabric-shim';
import { contracts } from './index';

/** fabric-shim's contract adapter (what `fabric-chaincode-node start` uses) has no type declarations. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ChaincodeFromContract = require('fabric-shim/lib/contract-spi/chaincodefromcontract') as new (
  contractClasses: unknown[],
  serializers: unknown,
  metadata: unknown,
  title: string,
  version: string,
) => ChaincodeInterface;

/**
 * Our contracts wrapped by Fabric's own dispatcher: argument marshalling, generated metadata, and the
 * error-to-response mapping a peer sees. Used by the chaincode-as-a-service entry and its tests.
 */
export function createFabricChaincode(contractClasses: unknown[] = contracts): ChaincodeInterface {
  const serializers = { transaction: 'jsonSerializer', serializers: { jsonSerializer: JSONSerializer } };
  return new ChaincodeFromContract(contractClasses, serializers, {}, '@eseal/chaincode', '0.1.0');
}
