#!/usr/bin/env bash
# npm run fabric:up — a real Fabric network as native processes on loopback, no Docker:
# one etcdraft orderer (channel participation, no system channel), one peer per organisation
# (public security, maker, court), channel "eseal", and the SealRegistry chaincode running as a
# service (one node process per organisation) deployed through the v2 lifecycle by all three orgs.
#
# Everything it starts is recorded in the run directory (network/.run): pid files, logs, crypto,
# ledgers and network.json / fabric.env describing how to connect. `npm run fabric:down` undoes it.
# Any failure prints one "fabric: ..." line and exits non-zero; every wait has a deadline.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

started_at=$SECONDS
PORT_BASE=${ESEAL_FABRIC_PORT_BASE:-27050}
[[ $PORT_BASE =~ ^[0-9]+$ ]] && (( PORT_BASE >= 1024 && PORT_BASE <= 65000 )) || die "ESEAL_FABRIC_PORT_BASE must be a port number between 1024 and 65000"

# Ports: orderer at base+0..3, organisation i (0 ps, 1 maker, 2 court) at base + 100*(i+1) + 0..9.
ORDERER_PORT=$PORT_BASE
ORDERER_ADMIN_PORT=$((PORT_BASE + 3))
ORDERER_OPS_PORT=$((PORT_BASE + 4))
ORGS=(ps maker court)
declare -A MSP=([ps]=PublicSecurityMSP [maker]=MakerMSP [court]=CourtMSP)
declare -A DOMAIN=([ps]=ps.eseal.local [maker]=maker.eseal.local [court]=court.eseal.local)
declare -A PEER_PORT CC_LISTEN_PORT OPS_PORT CCAAS_PORT
COURT_CCAAS_PORT=$((PORT_BASE + 300 + 8))
i=0
for org in "${ORGS[@]}"; do
  base=$((PORT_BASE + 100 * (i + 1)))
  PEER_PORT[$org]=$((base + 1)); CC_LISTEN_PORT[$org]=$((base + 2)); OPS_PORT[$org]=$((base + 3)); CCAAS_PORT[$org]=$((base + 9))
  i=$((i + 1))
done

CRYPTO="$RUN_DIR/crypto"
ORDERER_DIR="$CRYPTO/ordererOrganizations/orderer.eseal.local"
ORDERER_NODE="$ORDERER_DIR/orderers/orderer0.orderer.eseal.local"
ORDERER_CA="$ORDERER_NODE/tls/ca.crt"
org_dir() { echo "$CRYPTO/peerOrganizations/${DOMAIN[$1]}"; }
peer_dir() { echo "$(org_dir "$1")/peers/peer0.${DOMAIN[$1]}"; }

# ---------------------------------------------------------------------------------------------------
# Already up? Then there is nothing to do (idempotent for CI and the jest global setup).
all_running() {
  [[ -f $RUN_DIR/network.json ]] || return 1
  local f
  for f in "$RUN_DIR"/pids/*.pid; do pid_alive "$f" || return 1; done
  [[ -f $RUN_DIR/pids/orderer.pid ]]
}
if all_running; then
  log "already up (network/.run/network.json); npm run fabric:down to stop it"
  exit 0
fi
if [[ -d $RUN_DIR && -n $(ls -A "$RUN_DIR") ]]; then
  log "removing stale state from an earlier run"
  bash "$NETWORK_DIR/scripts/down.sh" >/dev/null 2>&1 || die "could not clean $RUN_DIR (not made by fabric:up, or in use); remove it or run npm run fabric:down"
fi

for tool in node openssl tar timeout setsid; do command -v $tool >/dev/null || die "$tool is required"; done
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in $ORDERER_PORT $ORDERER_ADMIN_PORT $ORDERER_OPS_PORT "${PEER_PORT[@]}" "${CC_LISTEN_PORT[@]}" "${OPS_PORT[@]}" "${CCAAS_PORT[@]}" $COURT_CCAAS_PORT; do
  port_free "$p" || die "port $p on 127.0.0.1 is in use (set ESEAL_FABRIC_PORT_BASE to move the network)"
done

bash "$NETWORK_DIR/scripts/build-fabric.sh"
export PATH="$FABRIC_BIN:$PATH"

# Always (incremental, ~2 s when current): deploying a stale chaincode/dist would test old code.
CHAINCODE_MAIN="$REPO_DIR/chaincode/dist/server.js"
(cd "$REPO_DIR" && timeout 300 npx tsc -b chaincode) >/dev/null 2>&1 || die "chaincode build failed: run npx tsc -b chaincode"
[[ -f $CHAINCODE_MAIN ]] || die "chaincode/dist/server.js missing after the build"

mkdir -p "$RUN_DIR"/{pids,logs,config,channel,data,chaincode}
# fabric:down deletes only a directory carrying this marker (ESEAL_FABRIC_RUN_DIR may point anywhere).
touch "$RUN_DIR/.eseal-fabric-run"
# Anything below that fails leaves processes behind: stop them before exiting.
trap 'status=$?; if (( status != 0 )); then bash "$NETWORK_DIR/scripts/down.sh" --keep-logs >/dev/null 2>&1 || true; fi' EXIT

# ---------------------------------------------------------------------------------------------------
log "generating crypto material"
timeout 60 cryptogen generate --config="$NETWORK_DIR/crypto-config.yaml" --output="$CRYPTO" >"$RUN_DIR/logs/cryptogen.log" 2>&1 \
  || die "cryptogen failed: $(tail -n 1 "$RUN_DIR/logs/cryptogen.log")"

# Client identities with the eseal.role attribute, in the X.509 extension Fabric CA uses for attributes
# (OID 1.2.3.4.5.6.7.8.1, JSON {"attrs":{...}}), signed by the organisation's CA. The chaincode reads
# roles from there exactly as it would from a Fabric CA enrolment, so the access policy is exercised
# for real. OU=client makes them client identities under NodeOUs.
make_client() { # org name roles(empty for none)
  local org=$1 name=$2 roles=$3 dir ca_dir attrs ext
  ca_dir="$(org_dir "$org")/ca"
  dir="$(org_dir "$org")/users/$name@${DOMAIN[$org]}"
  mkdir -p "$dir"
  openssl ecparam -name prime256v1 -genkey -noout 2>/dev/null | openssl pkcs8 -topk8 -nocrypt -out "$dir/key.pem" 2>/dev/null
  openssl req -new -key "$dir/key.pem" -subj "/C=CN/ST=Tianjin/L=Tianjin/OU=client/CN=$name@${DOMAIN[$org]}" -out "$dir/req.csr" 2>/dev/null
  ext="$dir/ext.cnf"
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature"
    echo "subjectKeyIdentifier=hash"
    echo "authorityKeyIdentifier=keyid"
    if [[ -n $roles ]]; then
      attrs=$(printf '{"attrs":{"eseal.role":"%s"}}' "$roles")
      echo "1.2.3.4.5.6.7.8.1=DER:$(printf '%s' "$attrs" | od -An -tx1 | tr -d ' \n')"
    fi
  } >"$ext"
  openssl x509 -req -in "$dir/req.csr" -CA "$ca_dir/ca.${DOMAIN[$org]}-cert.pem" -CAkey "$ca_dir/priv_sk" \
    -CAcreateserial -days 365 -sha256 -extfile "$ext" -out "$dir/cert.pem" 2>/dev/null \
    || die "could not issue the $name client certificate for ${MSP[$org]}"
  rm -f "$dir/req.csr" "$ext"
}
make_client maker issuer 'seal.issuer,evidence.anchor'
make_client maker clerk ''
make_client ps revoker 'seal.revoker'
make_client court reader ''
# What a court is handed to check this network's proof bundles offline, and what the court's evidence
# chaincode checks relayed evidence against: the organisations' CA certificates, the endorsement policy
# and the orderers (seal verify-bundle --trust network/.run/trust.json); with the court's own channel, whose
# receipts a court checks against its CA the same way.
node "$NETWORK_DIR/scripts/write-trust.js" "$CRYPTO" "$CHAINCODE_NAME" "$COURT_CHANNEL" "$COURT_CHAINCODE" >"$RUN_DIR/trust.json" || die "could not write network/.run/trust.json"

# ---------------------------------------------------------------------------------------------------
render() { # template output
  sed -e "s#@ORDERER_ADDRESS@#127.0.0.1:$ORDERER_PORT#g" -e "s#@ORDERER_HOST@#127.0.0.1#g" -e "s#@ORDERER_PORT@#$ORDERER_PORT#g" \
      -e "s#@PS_PEER_HOST@#127.0.0.1#g" -e "s#@PS_PEER_PORT@#${PEER_PORT[ps]}#g" \
      -e "s#@MAKER_PEER_HOST@#127.0.0.1#g" -e "s#@MAKER_PEER_PORT@#${PEER_PORT[maker]}#g" \
      -e "s#@COURT_PEER_HOST@#127.0.0.1#g" -e "s#@COURT_PEER_PORT@#${PEER_PORT[court]}#g" \
      -e "s#@CCAAS_BUILDER@#$NETWORK_DIR/builders/ccaas#g" "$1" >"$2"
}
render "$NETWORK_DIR/configtx.yaml" "$RUN_DIR/configtx.yaml"
render "$NETWORK_DIR/config/core.yaml" "$RUN_DIR/config/core.yaml"
cp "$NETWORK_DIR/config/orderer.yaml" "$RUN_DIR/config/orderer.yaml"

log "creating the $CHANNEL channel's genesis block"
(cd "$RUN_DIR" && FABRIC_CFG_PATH="$RUN_DIR" timeout 60 configtxgen -profile ESealChannel -channelID "$CHANNEL" \
  -outputBlock "$RUN_DIR/channel/$CHANNEL.block") >"$RUN_DIR/logs/configtxgen.log" 2>&1 \
  || die "configtxgen failed: $(grep -m1 -iE 'error|panic' "$RUN_DIR/logs/configtxgen.log" || tail -n 1 "$RUN_DIR/logs/configtxgen.log")"

(cd "$RUN_DIR" && FABRIC_CFG_PATH="$RUN_DIR" timeout 60 configtxgen -profile CourtChannel -channelID "$COURT_CHANNEL" \
  -outputBlock "$RUN_DIR/channel/$COURT_CHANNEL.block") >>"$RUN_DIR/logs/configtxgen.log" 2>&1 \
  || die "configtxgen failed for $COURT_CHANNEL: $(grep -m1 -iE 'error|panic' "$RUN_DIR/logs/configtxgen.log" || tail -n 1 "$RUN_DIR/logs/configtxgen.log")"

# ---------------------------------------------------------------------------------------------------
# start <name> <command...>: a native process in its own session, recorded by pid for fabric:down.
start() {
  local name=$1; shift
  setsid "$@" >"$RUN_DIR/logs/$name.log" 2>&1 </dev/null &
  record_pid $! "$RUN_DIR/pids/$name.pid"
}
http_ok() { (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET /healthz HTTP/1.0\r\n\r\n' >&3 && head -n 1 <&3 | grep -q ' 200 '); }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_up() { # name port
  local deadline=$((SECONDS + 60))
  until http_ok "$2" 2>/dev/null; do
    pid_alive "$RUN_DIR/pids/$1.pid" || die "$1 exited during start-up: $(grep -m1 -E 'PANI|FATA|ERRO|rror' "$RUN_DIR/logs/$1.log" || tail -n 1 "$RUN_DIR/logs/$1.log")"
    (( SECONDS < deadline )) || die "timed out after 60s waiting for $1 (log: network/.run/logs/$1.log)"
    sleep 0.3
  done
}

log "starting orderer and peers"
start orderer env FABRIC_CFG_PATH="$RUN_DIR/config" \
  ORDERER_GENERAL_LISTENPORT=$ORDERER_PORT \
  ORDERER_GENERAL_LOCALMSPDIR="$ORDERER_NODE/msp" \
  ORDERER_GENERAL_TLS_PRIVATEKEY="$ORDERER_NODE/tls/server.key" \
  ORDERER_GENERAL_TLS_CERTIFICATE="$ORDERER_NODE/tls/server.crt" \
  ORDERER_GENERAL_TLS_ROOTCAS="[$ORDERER_CA]" \
  ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE="$ORDERER_NODE/tls/server.crt" \
  ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY="$ORDERER_NODE/tls/server.key" \
  ORDERER_GENERAL_CLUSTER_ROOTCAS="[$ORDERER_CA]" \
  ORDERER_FILELEDGER_LOCATION="$RUN_DIR/data/orderer" \
  ORDERER_CONSENSUS_WALDIR="$RUN_DIR/data/orderer/etcdraft/wal" \
  ORDERER_CONSENSUS_SNAPDIR="$RUN_DIR/data/orderer/etcdraft/snapshot" \
  ORDERER_ADMIN_LISTENADDRESS=127.0.0.1:$ORDERER_ADMIN_PORT \
  ORDERER_ADMIN_TLS_CERTIFICATE="$ORDERER_NODE/tls/server.crt" \
  ORDERER_ADMIN_TLS_PRIVATEKEY="$ORDERER_NODE/tls/server.key" \
  ORDERER_ADMIN_TLS_ROOTCAS="[$ORDERER_CA]" \
  ORDERER_ADMIN_TLS_CLIENTROOTCAS="[$ORDERER_CA]" \
  ORDERER_OPERATIONS_LISTENADDRESS=127.0.0.1:$ORDERER_OPS_PORT \
  FABRIC_LOGGING_SPEC=info \
  orderer

for org in "${ORGS[@]}"; do
  pdir=$(peer_dir "$org")
  start "peer-$org" env FABRIC_CFG_PATH="$RUN_DIR/config" \
    CORE_PEER_ID="peer0.${DOMAIN[$org]}" \
    CORE_PEER_LOCALMSPID="${MSP[$org]}" \
    CORE_PEER_MSPCONFIGPATH="$pdir/msp" \
    CORE_PEER_LISTENADDRESS=127.0.0.1:${PEER_PORT[$org]} \
    CORE_PEER_ADDRESS=127.0.0.1:${PEER_PORT[$org]} \
    CORE_PEER_CHAINCODELISTENADDRESS=127.0.0.1:${CC_LISTEN_PORT[$org]} \
    CORE_PEER_CHAINCODEADDRESS=127.0.0.1:${CC_LISTEN_PORT[$org]} \
    CORE_PEER_GOSSIP_BOOTSTRAP=127.0.0.1:${PEER_PORT[$org]} \
    CORE_PEER_GOSSIP_EXTERNALENDPOINT=127.0.0.1:${PEER_PORT[$org]} \
    CORE_PEER_TLS_CERT_FILE="$pdir/tls/server.crt" \
    CORE_PEER_TLS_KEY_FILE="$pdir/tls/server.key" \
    CORE_PEER_TLS_ROOTCERT_FILE="$pdir/tls/ca.crt" \
    CORE_PEER_FILESYSTEMPATH="$RUN_DIR/data/peer-$org" \
    CORE_LEDGER_SNAPSHOTS_ROOTDIR="$RUN_DIR/data/peer-$org/snapshots" \
    CORE_OPERATIONS_LISTENADDRESS=127.0.0.1:${OPS_PORT[$org]} \
    FABRIC_LOGGING_SPEC="info:gossip=warning:grpc=warning" \
    peer node start
done

wait_up orderer $ORDERER_OPS_PORT
for org in "${ORGS[@]}"; do wait_up "peer-$org" "${OPS_PORT[$org]}"; done

# ---------------------------------------------------------------------------------------------------
log "creating channels $CHANNEL and $COURT_CHANNEL and joining the peers"
orderer_join() { # channel
  timeout 30 osnadmin channel join --channelID "$1" --config-block "$RUN_DIR/channel/$1.block" \
    -o 127.0.0.1:$ORDERER_ADMIN_PORT --ca-file "$ORDERER_CA" \
    --client-cert "$ORDERER_NODE/tls/server.crt" --client-key "$ORDERER_NODE/tls/server.key" >"$RUN_DIR/logs/osnadmin-$1.log" 2>&1 \
    || die "osnadmin channel join failed: $(tail -n 1 "$RUN_DIR/logs/osnadmin-$1.log")"
  # osnadmin exits 0 whatever the HTTP status: 201 Created is the only success.
  grep -q '^Status: 201' "$RUN_DIR/logs/osnadmin-$1.log" \
    || die "orderer refused to join $1: $(grep -m1 '"error"' "$RUN_DIR/logs/osnadmin-$1.log" | sed 's/^[[:space:]]*//' || head -n 1 "$RUN_DIR/logs/osnadmin-$1.log")"
}
orderer_join "$CHANNEL"
orderer_join "$COURT_CHANNEL"

# as_admin <org> <command...>: the peer CLI as the organisation's admin against its own peer.
as_admin() {
  local org=$1; shift
  env FABRIC_CFG_PATH="$RUN_DIR/config" \
    CORE_PEER_LOCALMSPID="${MSP[$org]}" \
    CORE_PEER_MSPCONFIGPATH="$(org_dir "$org")/users/Admin@${DOMAIN[$org]}/msp" \
    CORE_PEER_ADDRESS=127.0.0.1:${PEER_PORT[$org]} \
    CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_TLS_ROOTCERT_FILE="$(peer_dir "$org")/tls/ca.crt" \
    FABRIC_LOGGING_SPEC=warning \
    timeout 90 "$@"
}
ORDERER_FLAGS=(-o 127.0.0.1:$ORDERER_PORT --tls --cafile "$ORDERER_CA")

# The orderer needs a moment to elect itself Raft leader; joining a peer before then is harmless,
# but the first lifecycle write needs the leader, so wait on the channel's status.
channel_active() { # channel
  timeout 10 osnadmin channel list --channelID "$1" -o 127.0.0.1:$ORDERER_ADMIN_PORT --ca-file "$ORDERER_CA" \
    --client-cert "$ORDERER_NODE/tls/server.crt" --client-key "$ORDERER_NODE/tls/server.key" 2>/dev/null \
    | grep -q '"consensusRelation": "consenter"' && \
  timeout 10 osnadmin channel list --channelID "$1" -o 127.0.0.1:$ORDERER_ADMIN_PORT --ca-file "$ORDERER_CA" \
    --client-cert "$ORDERER_NODE/tls/server.crt" --client-key "$ORDERER_NODE/tls/server.key" 2>/dev/null \
    | grep -q '"status": "active"'
}
wait_for 60 "the orderer to activate channel $CHANNEL" channel_active "$CHANNEL"
wait_for 60 "the orderer to activate channel $COURT_CHANNEL" channel_active "$COURT_CHANNEL"

for org in "${ORGS[@]}"; do
  as_admin "$org" peer channel join -b "$RUN_DIR/channel/$CHANNEL.block" >"$RUN_DIR/logs/join-$org.log" 2>&1 \
    || die "peer of ${MSP[$org]} could not join $CHANNEL: $(grep -m1 -i error "$RUN_DIR/logs/join-$org.log" || tail -n 1 "$RUN_DIR/logs/join-$org.log")"
done
as_admin court peer channel join -b "$RUN_DIR/channel/$COURT_CHANNEL.block" >"$RUN_DIR/logs/join-court-$COURT_CHANNEL.log" 2>&1 \
  || die "the court's peer could not join $COURT_CHANNEL: $(grep -m1 -i error "$RUN_DIR/logs/join-court-$COURT_CHANNEL.log" || tail -n 1 "$RUN_DIR/logs/join-court-$COURT_CHANNEL.log")"

# ---------------------------------------------------------------------------------------------------
log "packaging, installing and starting the chaincode as a service"
declare -A PACKAGE_ID
for org in "${ORGS[@]}"; do
  pkg="$RUN_DIR/chaincode/$org"
  mkdir -p "$pkg/src"
  # Each organisation runs its own chaincode service; the package only tells its peer where to dial.
  printf '{"address":"127.0.0.1:%s","dial_timeout":"10s","tls_required":false}\n' "${CCAAS_PORT[$org]}" >"$pkg/src/connection.json"
  printf '{"type":"ccaas","label":"%s"}\n' "$CHAINCODE_LABEL" >"$pkg/metadata.json"
  tar -C "$pkg/src" -czf "$pkg/code.tar.gz" connection.json
  tar -C "$pkg" -czf "$pkg/$CHAINCODE_LABEL.tgz" metadata.json code.tar.gz
  as_admin "$org" peer lifecycle chaincode install "$pkg/$CHAINCODE_LABEL.tgz" >"$RUN_DIR/logs/install-$org.log" 2>&1 \
    || die "chaincode install on ${MSP[$org]}'s peer failed: $(grep -m1 -i error "$RUN_DIR/logs/install-$org.log" || tail -n 1 "$RUN_DIR/logs/install-$org.log")"
  PACKAGE_ID[$org]=$(as_admin "$org" peer lifecycle chaincode calculatepackageid "$pkg/$CHAINCODE_LABEL.tgz" 2>/dev/null) \
    || die "could not compute the chaincode package id"

  # Access policy of the contract: identical on every endorsing peer, or endorsements would differ.
  start "chaincode-$org" env CORE_CHAINCODE_ID="${PACKAGE_ID[$org]}" CORE_CHAINCODE_ADDRESS=127.0.0.1:${CCAAS_PORT[$org]} \
    ESEAL_MAKER_MSPS=MakerMSP ESEAL_REGULATOR_MSPS=PublicSecurityMSP ESEAL_ROLE_ATTRIBUTE=eseal.role \
    node "$CHAINCODE_MAIN"
done
for org in "${ORGS[@]}"; do
  deadline=$((SECONDS + 30))
  until listening "${CCAAS_PORT[$org]}"; do
    pid_alive "$RUN_DIR/pids/chaincode-$org.pid" || die "chaincode service for ${MSP[$org]} exited: $(tail -n 1 "$RUN_DIR/logs/chaincode-$org.log")"
    (( SECONDS < deadline )) || die "timed out after 30s waiting for the chaincode service of ${MSP[$org]}"
    sleep 0.3
  done
done

log "approving and committing chaincode $CHAINCODE_NAME (all organisations)"
POLICY=/Channel/Application/SealEndorsement
for org in "${ORGS[@]}"; do
  as_admin "$org" peer lifecycle chaincode approveformyorg "${ORDERER_FLAGS[@]}" --channelID "$CHANNEL" \
    --name "$CHAINCODE_NAME" --version 1.0 --sequence 1 --package-id "${PACKAGE_ID[$org]}" \
    --channel-config-policy "$POLICY" --waitForEventTimeout 60s >"$RUN_DIR/logs/approve-$org.log" 2>&1 \
    || die "approval by ${MSP[$org]} failed: $(grep -m1 -i error "$RUN_DIR/logs/approve-$org.log" || tail -n 1 "$RUN_DIR/logs/approve-$org.log")"
done
peer_flags=()
for org in "${ORGS[@]}"; do
  peer_flags+=(--peerAddresses 127.0.0.1:${PEER_PORT[$org]} --tlsRootCertFiles "$(peer_dir "$org")/tls/ca.crt")
done
as_admin maker peer lifecycle chaincode commit "${ORDERER_FLAGS[@]}" --channelID "$CHANNEL" --name "$CHAINCODE_NAME" \
  --version 1.0 --sequence 1 --channel-config-policy "$POLICY" "${peer_flags[@]}" --waitForEventTimeout 60s \
  >"$RUN_DIR/logs/commit.log" 2>&1 \
  || die "chaincode commit failed: $(grep -m1 -i error "$RUN_DIR/logs/commit.log" || tail -n 1 "$RUN_DIR/logs/commit.log")"

# Each peer must reach its chaincode service: a query for an unknown seal returns the contract's
# coded NOT_FOUND, which proves peer -> external builder -> connection.json -> node process.
chaincode_answers() {
  local out
  out=$(as_admin "$1" peer chaincode query -C "$CHANNEL" -n "$CHAINCODE_NAME" -c '{"Args":["SealRegistry:GetSeal","health-probe"]}' 2>&1 || true)
  grep -q '\[NOT_FOUND\]' <<<"$out"
}
for org in "${ORGS[@]}"; do wait_for 60 "chaincode $CHAINCODE_NAME to answer on ${MSP[$org]}'s peer" chaincode_answers "$org"; done

# ---------------------------------------------------------------------------------------------------
log "deploying the court's evidence chaincode $COURT_CHAINCODE on channel $COURT_CHANNEL (court only)"
pkg="$RUN_DIR/chaincode/court-evidence"
mkdir -p "$pkg/src"
printf '{"address":"127.0.0.1:%s","dial_timeout":"10s","tls_required":false}\n' "$COURT_CCAAS_PORT" >"$pkg/src/connection.json"
printf '{"type":"ccaas","label":"%s"}\n' "$COURT_CHAINCODE_LABEL" >"$pkg/metadata.json"
tar -C "$pkg/src" -czf "$pkg/code.tar.gz" connection.json
tar -C "$pkg" -czf "$pkg/$COURT_CHAINCODE_LABEL.tgz" metadata.json code.tar.gz
as_admin court peer lifecycle chaincode install "$pkg/$COURT_CHAINCODE_LABEL.tgz" >"$RUN_DIR/logs/install-court-evidence.log" 2>&1 \
  || die "court evidence chaincode install failed: $(grep -m1 -i error "$RUN_DIR/logs/install-court-evidence.log" || tail -n 1 "$RUN_DIR/logs/install-court-evidence.log")"
COURT_PACKAGE_ID=$(as_admin court peer lifecycle chaincode calculatepackageid "$pkg/$COURT_CHAINCODE_LABEL.tgz" 2>/dev/null) \
  || die "could not compute the court chaincode package id"
# The court's verification policy for our evidence: our organisations' CAs and endorsement policy (trust.json).
start chaincode-court-evidence env CORE_CHAINCODE_ID="$COURT_PACKAGE_ID" CORE_CHAINCODE_ADDRESS=127.0.0.1:$COURT_CCAAS_PORT \
  ESEAL_CHAINCODE=court-evidence COURT_SOURCE_TRUST_FILE="$RUN_DIR/trust.json" COURT_SOURCE_CHANNEL="$CHANNEL" \
  node "$CHAINCODE_MAIN"
wait_for 30 "the court evidence chaincode service" listening "$COURT_CCAAS_PORT"
COURT_POLICY=/Channel/Application/CourtEvidenceEndorsement
as_admin court peer lifecycle chaincode approveformyorg "${ORDERER_FLAGS[@]}" --channelID "$COURT_CHANNEL" \
  --name "$COURT_CHAINCODE" --version 1.0 --sequence 1 --package-id "$COURT_PACKAGE_ID" \
  --channel-config-policy "$COURT_POLICY" --waitForEventTimeout 60s >"$RUN_DIR/logs/approve-court-evidence.log" 2>&1 \
  || die "approval of $COURT_CHAINCODE failed: $(grep -m1 -i error "$RUN_DIR/logs/approve-court-evidence.log" || tail -n 1 "$RUN_DIR/logs/approve-court-evidence.log")"
as_admin court peer lifecycle chaincode commit "${ORDERER_FLAGS[@]}" --channelID "$COURT_CHANNEL" --name "$COURT_CHAINCODE" \
  --version 1.0 --sequence 1 --channel-config-policy "$COURT_POLICY" \
  --peerAddresses 127.0.0.1:${PEER_PORT[court]} --tlsRootCertFiles "$(peer_dir court)/tls/ca.crt" --waitForEventTimeout 60s \
  >"$RUN_DIR/logs/commit-court-evidence.log" 2>&1 \
  || die "commit of $COURT_CHAINCODE failed: $(grep -m1 -i error "$RUN_DIR/logs/commit-court-evidence.log" || tail -n 1 "$RUN_DIR/logs/commit-court-evidence.log")"
court_chaincode_answers() {
  local out
  out=$(as_admin court peer chaincode query -C "$COURT_CHANNEL" -n "$COURT_CHAINCODE" -c '{"Args":["CourtEvidence:GetEvidence","health-probe"]}' 2>&1 || true)
  grep -q '\[NOT_FOUND\]' <<<"$out"
}
wait_for 60 "chaincode $COURT_CHAINCODE to answer on the court's peer" court_chaincode_answers

# ---------------------------------------------------------------------------------------------------
# How to connect: network.json for tests and benchmarks, fabric.env for LEDGER=fabric.
user_dir() { echo "$(org_dir "$1")/users/$2@${DOMAIN[$1]}"; }
identity_json() { # org user
  printf '{"mspId":"%s","certPath":"%s","keyPath":"%s"}' "${MSP[$1]}" "$(user_dir "$1" "$2")/cert.pem" "$(user_dir "$1" "$2")/key.pem"
}
peer_json() {
  printf '{"mspId":"%s","endpoint":"localhost:%s","tlsCaCertPath":"%s"}' "${MSP[$1]}" "${PEER_PORT[$1]}" "$(peer_dir "$1")/tls/ca.crt"
}
cat >"$RUN_DIR/network.json" <<EOF
{
  "fabricVersion": "$FABRIC_VERSION",
  "fabricCommit": "$FABRIC_COMMIT",
  "channel": "$CHANNEL",
  "chaincode": "$CHAINCODE_NAME",
  "endorsementPolicy": "$POLICY",
  "peers": { "ps": $(peer_json ps), "maker": $(peer_json maker), "court": $(peer_json court) },
  "courtChain": { "channel": "$COURT_CHANNEL", "chaincode": "$COURT_CHAINCODE", "peer": $(peer_json court), "caCertPath": "$(org_dir court)/ca/ca.${DOMAIN[court]}-cert.pem" },
  "identities": {
    "makerIssuer": $(identity_json maker issuer),
    "makerClerk": $(identity_json maker clerk),
    "psRevoker": $(identity_json ps revoker),
    "courtReader": $(identity_json court reader)
  }
}
EOF
cat >"$RUN_DIR/fabric.env" <<EOF
# LEDGER=fabric as the seal-making institution's issuing and anchoring service (source this file).
LEDGER=fabric
FABRIC_PEER_ENDPOINT=localhost:${PEER_PORT[maker]}
FABRIC_TLS_CA_CERT=$(peer_dir maker)/tls/ca.crt
FABRIC_MSP_ID=MakerMSP
FABRIC_CERT=$(user_dir maker issuer)/cert.pem
FABRIC_KEY=$(user_dir maker issuer)/key.pem
FABRIC_CHANNEL=$CHANNEL
FABRIC_CHAINCODE=$CHAINCODE_NAME
FABRIC_TRUST_FILE=$RUN_DIR/trust.json
EOF
# A peer learns the other organisations' peers and chaincodes through gossip seconds after joining;
# until then its gateway cannot plan a MakerMSP AND PublicSecurityMSP endorsement. Wait for that, so
# the network is usable the moment this script returns.
(cd "$REPO_DIR" && timeout 90 node "$NETWORK_DIR/scripts/wait-endorsable.js" "$RUN_DIR/network.json" 60) 2>"$RUN_DIR/logs/wait-endorsable.log" \
  || die "gateways cannot endorse under $POLICY: $(tail -n 1 "$RUN_DIR/logs/wait-endorsable.log")"

trap - EXIT
log "up in $((SECONDS - started_at))s: channel $CHANNEL, chaincode $CHAINCODE_NAME; connection settings in network/.run/fabric.env"
