import { objectWithKeys, text } from '../strict-json';
import { type FabricTrust, parseFabricTrust } from './org-trust';

/**
 * A court chain reached on a court organisation's own Fabric channel (trust.json `courtFabric`, version 2):
 * its receipts are that organisation's endorsements and blocks, not SM2 signatures, so a verifier names the
 * channel, the evidence chaincode, the court organisation's CA certificates (and the orderers' for its
 * blocks) and the organisations that must have endorsed, exactly as for our own network.
 */
export interface CourtFabricTrust extends FabricTrust {
  /** The court chain's id, as receipts name it (COURT_CHAINS id). */
  chain: string;
  channel: string;
}

export function parseCourtFabricTrust(value: unknown, field: string): CourtFabricTrust {
  const { chain, channel, ...fabric } = objectWithKeys(value, field, [
    'chain',
    'channel',
    'chaincode',
    'organisations',
    'endorsement',
    'orderers',
  ]);
  return { chain: text(chain, `${field}.chain`, 64), channel: text(channel, `${field}.channel`, 128), ...parseFabricTrust(fabric, field) };
}
