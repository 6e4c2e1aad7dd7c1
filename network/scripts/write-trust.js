// Writes the trust file a court is handed to check this network's proof bundles offline
// (docs/proof-bundle-v2.md, "Fabric attestation"): each organisation's CA certificate by MSP id, the
// endorsement policy the chaincode runs under (SealEndorsement in configtx.yaml: maker AND public
// security), the ordering organisation and the chaincode. No private key is read.
// Usage: node write-trust.js <crypto dir> <chaincode> > trust.json
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const [crypto, chaincode] = process.argv.slice(2);
const ca = (kind, domain) => readFileSync(join(crypto, kind, domain, 'ca', `ca.${domain}-cert.pem`), 'utf8');
const organisations = [
  { mspId: 'PublicSecurityMSP', caCertificates: [ca('peerOrganizations', 'ps.eseal.local')] },
  { mspId: 'MakerMSP', caCertificates: [ca('peerOrganizations', 'maker.eseal.local')] },
  { mspId: 'CourtMSP', caCertificates: [ca('peerOrganizations', 'court.eseal.local')] },
  { mspId: 'OrdererMSP', caCertificates: [ca('ordererOrganizations', 'orderer.eseal.local')] },
];
const trust = {
  format: 'eseal.trust',
  version: 1,
  fabric: { chaincode, organisations, endorsement: { allOf: ['MakerMSP', 'PublicSecurityMSP'] }, orderers: ['OrdererMSP'] },
};
process.stdout.write(`${JSON.stringify(trust, null, 2)}\n`);
