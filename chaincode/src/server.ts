import { readFileSync } from 'node:fs';
import { Shim, type ChaincodeServerOpts } from 'fabric-shim';
import { CourtEvidence } from './court/court-evidence';
import { createFabricChaincode } from './fabric-chaincode';

/**
 * Chaincode-as-a-service entry: the peer dials this process instead of building and launching a container.
 * CORE_CHAINCODE_ID is the package id from `peer lifecycle chaincode install`, CORE_CHAINCODE_ADDRESS the
 * listen address (e.g. 0.0.0.0:9999). With CORE_PEER_TLS_ENABLED=true, CORE_TLS_KEY_FILE, CORE_TLS_CERT_FILE
 * and CORE_TLS_CLIENT_CA_FILE (optional, requires client certificates) configure TLS.
 */

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} must be set`);
  return value;
}

function serverOptions(): ChaincodeServerOpts {
  const options = { ccid: required('CORE_CHAINCODE_ID'), address: required('CORE_CHAINCODE_ADDRESS') } as ChaincodeServerOpts;
  if (process.env.CORE_PEER_TLS_ENABLED === 'true') {
    const clientCa = process.env.CORE_TLS_CLIENT_CA_FILE;
    options.tlsProps = {
      key: readFileSync(required('CORE_TLS_KEY_FILE')),
      cert: readFileSync(required('CORE_TLS_CERT_FILE')),
      ...(clientCa ? { clientCACerts: readFileSync(clientCa) } : {}),
    } as ChaincodeServerOpts['tlsProps'];
  }
  return options;
}

/** ESEAL_CHAINCODE=court-evidence serves a court's evidence contract (its own channel) instead of the seal registry. */
async function main(): Promise<void> {
  const court = process.env.ESEAL_CHAINCODE === 'court-evidence';
  await Shim.server(createFabricChaincode(court ? [CourtEvidence] : undefined), serverOptions()).start();
}

main().catch((error: unknown) => {
  console.error('chaincode server failed to start:', error);
  process.exitCode = 1;
});
