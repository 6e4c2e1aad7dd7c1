// Waits until every organisation's gateway peer can plan an endorsement of the chaincode under its
// policy. Peers learn about each other (and each other's chaincodes) through gossip a few seconds
// after joining; until then the gateway answers "no combination of peers can be derived which satisfy
// the endorsement policy". The probe endorses the contract's built-in, read-only GetMetadata and never
// submits it, so it writes nothing. It must succeed on the first peer: the gateway only plans the other
// endorsers after a successful first endorsement, so a probe the chaincode refuses (GetSeal of an
// unknown id) would prove nothing. (QuerySealsByUnit cannot serve either: Fabric refuses paginated
// range queries outside evaluate.)
// Usage: node wait-endorsable.js <network.json> <timeout seconds>
'use strict';
const { readFileSync } = require('node:fs');
const { createPrivateKey } = require('node:crypto');
const grpc = require('@grpc/grpc-js');
const { connect, hash, signers } = require('@hyperledger/fabric-gateway');

const [file, timeoutArg] = process.argv.slice(2);
const network = JSON.parse(readFileSync(file, 'utf8'));
const deadline = Date.now() + Number(timeoutArg) * 1000;
const identityFor = { ps: 'psRevoker', maker: 'makerIssuer', court: 'courtReader' };

async function endorsable(org) {
  const peer = network.peers[org];
  const id = network.identities[identityFor[org]];
  const client = new grpc.Client(peer.endpoint, grpc.credentials.createSsl(readFileSync(peer.tlsCaCertPath)));
  const gateway = connect({
    client,
    identity: { mspId: id.mspId, credentials: readFileSync(id.certPath) },
    signer: signers.newPrivateKeySigner(createPrivateKey(readFileSync(id.keyPath))),
    hash: hash.sha256,
    endorseOptions: () => ({ deadline: Date.now() + 10_000 }),
  });
  try {
    const contract = gateway.getNetwork(network.channel).getContract(network.chaincode);
    await contract.newProposal('org.hyperledger.fabric:GetMetadata').endorse();
    return true;
  } catch (error) {
    return [error.message, ...(error.details ?? []).map((d) => d.message)].join(' ');
  } finally {
    gateway.close();
    client.close();
  }
}

(async () => {
  for (const org of Object.keys(network.peers)) {
    let last;
    while ((last = await endorsable(org)) !== true) {
      if (Date.now() > deadline) {
        console.error(`${network.peers[org].mspId} gateway cannot endorse yet: ${last}`);
        process.exit(1);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
})().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
