// Writes the trust file a court is handed to check this network's proof bundles offline
// (docs/proof-bundle-v2.md, "Fabric attestation"): each organisation's CA certificate by MSP id, the
// endorsement policy the chaincode runs under (SealEndorsement in configtx.yaml: maker AND public
// security), the ordering organisation and the chaincode; and (courtFabric, trust version 2) the court's
// own evidence channel, whose receipts are the court peers' endorsements and the orderer's blocks
// (CourtEvidenceEndorsement: the court alone). No private key is read.
// Usage: node write-trust.js <crypto dir> <chaincode> [<court channel> <court chaincode> [<court chain id>]] > trust.json
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const [crypto, chaincode, courtChannel, courtChaincode, courtChain = 'court-fabric'] = process.argv.slice(2);
const ca = (kind, domain) => readFileSync(join(crypto, kind, domain, 'ca', `ca.${domain}-cert.pem`), 'utf8');
const organisations = [
  { mspId: 'PublicSecurityMSP', caCertificates: [ca('peerOrganizations', 'ps.eseal.local')] },
  { mspId: 'MakerMSP', caCertificates: [ca('peerOrganizations', 'maker.eseal.local')] },
  { mspId: 'CourtMSP', caCertificates: [ca('peerOrganizations', 'court.eseal.local')] },
  { mspId: 'OrdererMSP', caCertificates: [ca('ordererOrganizations', 'orderer.eseal.local')] },
];
const byMsp = (...ids) => organisations.filter((o) => ids.includes(o.mspId));
const trust = {
  format: 'eseal.trust',
  version: 2,
  fabric: { chaincode, organisations, endorsement: { allOf: ['MakerMSP', 'PublicSecurityMSP'] }, orderers: ['OrdererMSP'] },
  ...(courtChannel && courtChaincode
    ? {
        courtFabric: [
          {
            chain: courtChain,
            channel: courtChannel,
            chaincode: courtChaincode,
            organisations: byMsp('CourtMSP', 'OrdererMSP'),
            endorsement: { allOf: ['CourtMSP'] },
            orderers: ['OrdererMSP'],
          },
        ],
      }
    : {}),
};
process.stdout.write(`${JSON.stringify(trust, null, 2)}\n`);
