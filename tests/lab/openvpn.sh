#!/usr/bin/env bash
# openvpn: the "openvpn" row of the advice is what a real OpenVPN 2.6
# tunnel (UDP, AES-256-GCM, peer-fingerprint mode: self-signed
# certificates, no CA) carries across a PMTUD black hole, and one byte
# more does not cross; the "openvpn-comp" row is the same for a tunnel
# with compression framing (comp-lzo).
#
# c -[1500]- r1 -[1500]- r2 -[1454]- s (a PPPoE line), r2 drops its own
# "too big" errors.  The client's openvpn runs in c, the server's in s,
# each with its own config, in the foreground, ended at cleanup.  Both
# have "mssfix 0" and no "fragment", so that OpenVPN neither clamps nor
# splits anything: the test sees what the tunnel carries as it is.
#  A. IPv4 underlay: mtuprobe --tunnel openvpn, in c toward s's address,
#     advises 1402 (1454 - 52).  With "tun-mtu 1402" on both ends the
#     data channel is AES-256-GCM with DATA_V2 (opcode and peer-id, 4
#     bytes), a ping with DF of 1402 bytes crosses the tunnel in an outer
#     packet of 1454 bytes (tcpdump: 24 bytes of OpenVPN, 8 of UDP, 20 of
#     IP), and with c's tun device at 1403 a ping of 1403 bytes vanishes
#     at r2, which found it too big.
#  B. IPv6 underlay: 1382 (1454 - 72), the same way.
#  C. IPv4 underlay, "comp-lzo no" on both ends (compression framing,
#     nothing compressed): one byte more on every packet.  mtuprobe
#     --tunnel openvpn-comp advises 1401; 1401 crosses in 1454 bytes,
#     and 1402, the openvpn row, vanishes.
#  D. IPv4 underlay, data-ciphers CHACHA20-POLY1305: the openvpn row,
#     1402, crosses in 1454 bytes and 1403 vanishes, as in A.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
command -v openvpn >/dev/null 2>&1 || lab_skip "this test needs openvpn (package openvpn)"
command -v openssl >/dev/null 2>&1 || lab_skip "this test needs openssl (package openssl)"
[ -c /dev/net/tun ] || lab_skip "this test needs /dev/net/tun (openvpn makes a TUN device)"
lab_init

OV_PORT=1194
OV_DEV=mtpvpn    # the tun device, in c and in s
OV_C_IN=10.97.0.1 # inner addresses
OV_S_IN=10.97.0.2
OV_DIR=$LAB_TMP/openvpn
OV_PIDS=()
OV_CIPHER=AES-256-GCM

# ov_cert NAME: a self-signed certificate and its key in OV_DIR.
ov_cert() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-days 2 -subj "/CN=$1" -keyout "$OV_DIR/$1.key" -out "$OV_DIR/$1.crt" \
		>"$LAB_TMP/openssl.log" 2>&1 ||
		lab_die "openssl req: $(cat "$LAB_TMP/openssl.log")"
}

ov_fingerprint() {
	openssl x509 -in "$OV_DIR/$1.crt" -noout -fingerprint -sha256 | sed 's/^.*=//'
}

# ov_conf c|s PROTO SERVER_ADDR TUN_MTU [EXTRA]: the config of one end in
# OV_DIR/NAME.conf; the other end's certificate is the only one trusted.
ov_conf() {
	local me=$1 peer=s role="tls-client" ends
	ends="ifconfig $OV_C_IN $OV_S_IN"
	if [ "$me" = s ]; then
		peer=c role="tls-server
dh none" ends="ifconfig $OV_S_IN $OV_C_IN"
	fi
	cat >"$OV_DIR/$me.conf" <<EOF
dev $OV_DEV
dev-type tun
proto $2
$([ "$me" = s ] && echo "local $3
lport $OV_PORT" || echo "remote $3 $OV_PORT
nobind")
$role
cert $OV_DIR/$me.crt
key $OV_DIR/$me.key
peer-fingerprint $(ov_fingerprint "$peer")
$ends
data-ciphers $OV_CIPHER
tun-mtu $4
mssfix 0
disable-dco
verb 3
${5:-}
EOF
}

# ov_up PROTO SERVER_ADDR TUN_MTU [EXTRA]: both ends' configs, the server
# and then the client started, each logging to OV_DIR/NAME.log; returns
# once both have completed their initialisation.
ov_up() {
	local me ns
	ov_conf s "$@"
	ov_conf c "$@"
	for me in s c; do
		ns=$LAB_NS_C
		[ "$me" = s ] && ns=$LAB_NS_S
		ip netns exec "$ns" openvpn --config "$OV_DIR/$me.conf" >"$OV_DIR/$me.log" 2>&1 &
		OV_PIDS+=("$!")
		LAB_BG_PIDS+=("$!")
	done
	printf '\n$ openvpn --config s.conf (in s) and c.conf (in c): proto %s, server %s, data-ciphers %s, tun-mtu %s%s\n' \
		"$1" "$2" "$OV_CIPHER" "$3" "${4:+; $(printf '%s' "$4" | tr '\n' ';')}"
	for me in s c; do
		lab_wait_until 300 grep -q 'Initialization Sequence Completed' "$OV_DIR/$me.log" ||
			lab_die "openvpn in $me did not come up: $(cat "$OV_DIR/$me.log")"
	done
	grep -h -e 'negotiation result' -e 'Data Channel:' "$OV_DIR/s.log" "$OV_DIR/c.log" |
		sed 's/^[0-9-]* [0-9:]* /  /'
}

# ov_down: end both daemons and wait for them.
ov_down() {
	local pid keep=() p
	for pid in "${OV_PIDS[@]}"; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	for p in "${LAB_BG_PIDS[@]}"; do
		[[ " ${OV_PIDS[*]} " == *" $p "* ]] || keep+=("$p")
	done
	LAB_BG_PIDS=("${keep[@]}")
	OV_PIDS=()
OV_CIPHER=AES-256-GCM
}

ov_tun_mtu() {
	ip netns exec "$1" cat "/sys/class/net/$OV_DEV/mtu"
}

# ov_ping SIZE: one ping with DF from c to s through the tunnel, of an IP
# packet of SIZE bytes; its exit code.
ov_ping() {
	local rc
	ip netns exec "$LAB_NS_C" ping -n -q -M "do" -c 1 -W 2 -s $(($1 - 28)) "$OV_S_IN" \
		>"$LAB_TMP/ping" 2>&1
	rc=$?
	printf '\n$ ping -M do -c 1 -W 2 -s %s %s (in c)\n  (exit %s)\n' \
		$(($1 - 28)) "$OV_S_IN" "$rc"
	sed 's/^/  /' "$LAB_TMP/ping"
	return "$rc"
}

# ov_advised ROW: the MTU of row ROW (its label, a regex) of the last
# run's advice.
ov_advised() {
	printf '%s\n' "$LAB_ADVICE" | sed -En "s/^  $1  +([0-9]+) .*/\\1/p"
}

# ov_case DESC 4|6 MTU OUTER_RE: with the tunnel up at tun-mtu MTU, the
# data channel is OV_CIPHER with DATA_V2, a ping of MTU bytes crosses, in
# an outer packet matching OUTER_RE (tcpdump -v) where there is tcpdump; with c's tun device one byte larger a ping of
# MTU + 1 vanishes, and r2 found it too big.
ov_case() {
	local d=$1 fam=$2 mtu=$3 ptb=ptb4 filter before capture=0
	filter="udp and dst port $OV_PORT and ip[2:2] > 1000"
	if [ "$fam" = 6 ]; then
		ptb=ptb6 filter="udp and dst port $OV_PORT and ip6[4:2] > 1000"
	fi
	expect_eq "$d: the client's tun MTU" "$mtu" "$(ov_tun_mtu "$LAB_NS_C")"
	expect_eq "$d: the server's tun MTU" "$mtu" "$(ov_tun_mtu "$LAB_NS_S")"
	expect_match "$d: the data channel is $OV_CIPHER, with DATA_V2" \
		"P2P mode NCP negotiation result: .*DATA_v2=1, peer-id [0-9]+, cipher=$OV_CIPHER\$" \
		"$(cat "$OV_DIR/s.log")"
	lab_capture "$LAB_NS_C" c-r1 1 "$filter" && capture=1
	before=$(lab_nft_counter "$LAB_NS_R2" "$ptb")
	if ov_ping "$mtu"; then
		lab_ok "$d: a ping of $mtu bytes with DF crosses the tunnel"
	else
		lab_fail "$d: a ping of $mtu bytes with DF crosses the tunnel" "an answer" "none"
	fi
	expect_eq "$d: its outer packet fitted (r2's 'too big' counter unchanged)" \
		"$before" "$(lab_nft_counter "$LAB_NS_R2" "$ptb")"
	if [ "$capture" = 1 ]; then
		lab_capture_wait
		bg_forget "$LAB_CAPTURE_PID"
		printf '\n$ tcpdump -n -v -i c-r1 -c 1 %s (in c)\n%s\n' "'$filter'" \
			"$(printf '%s\n' "$LAB_CAPTURE" | sed 's/^/  /')"
		expect_match "$d: the outer packet of the $mtu bytes is 1454 bytes" "$4" "$LAB_CAPTURE"
	else
		lab_note "no tcpdump: the size of the outer packets is not checked"
	fi
	ip -n "$LAB_NS_C" link set "$OV_DEV" mtu $((mtu + 1)) || lab_die "mtu on $OV_DEV"
	if ov_ping $((mtu + 1)); then
		lab_fail "$d: a ping of $((mtu + 1)) bytes with DF vanishes" "no answer" "an answer"
	else
		lab_ok "$d: a ping of $((mtu + 1)) bytes with DF vanishes"
	fi
	expect_counter_gt "$d: r2 found its outer packet too big (and dropped its error)" \
		"$LAB_NS_R2" "$ptb" "$before"
}

# bg_forget PID: drop PID (ended and waited for) from LAB_BG_PIDS.
bg_forget() {
	local pid keep=()
	for pid in "${LAB_BG_PIDS[@]}"; do
		[ "$pid" = "$1" ] || keep+=("$pid")
	done
	LAB_BG_PIDS=("${keep[@]}")
}

lab_topology 1500 1500 1454
lab_black_hole
umask 077
mkdir "$OV_DIR" || lab_die "mkdir $OV_DIR"
ov_cert c
ov_cert s

OUTER4='(^|[[:space:]])IP \(.*flags \[DF\], proto UDP \(17\), length 1454\)$'

# ------------------------------------------------ A. IPv4 underlay, UDP
lab_run --tunnel openvpn -4 "$LAB_S4"
expect_rc "A: mtuprobe --tunnel openvpn" 0
expect_match "A: the path MTU found" '^advice for a path MTU of 1454 to an IPv4 endpoint:$' "$LAB_ADVICE"
mtu=$(ov_advised 'OpenVPN UDP, AES-256-GCM')
expect_eq "A: the openvpn row" 1402 "$mtu"
ov_up udp "$LAB_S4" "$mtu"
ov_case "A: IPv4 underlay" 4 "$mtu" "$OUTER4"
ov_down

# ------------------------------------------------ B. IPv6 underlay, UDP
lab_run --tunnel openvpn -6 "$LAB_S6"
expect_rc "B: mtuprobe --tunnel openvpn" 0
expect_match "B: the path MTU found" '^advice for a path MTU of 1454 to an IPv6 endpoint:$' "$LAB_ADVICE"
mtu=$(ov_advised 'OpenVPN UDP, AES-256-GCM')
expect_eq "B: the openvpn row" 1382 "$mtu"
ov_up udp6 "$LAB_S6" "$mtu"
# IPv6 has no DF: no router fragments it.  Its payload length: 1454 - 40.
ov_case "B: IPv6 underlay" 6 "$mtu" '(^|[[:space:]])IP6 \(.*next-header UDP \(17\) payload length: 1414\)'
ov_down

# --------------------------- C. IPv4 underlay, UDP, compression framing
lab_run --tunnel openvpn,openvpn-comp -4 "$LAB_S4"
expect_rc "C: mtuprobe --tunnel openvpn,openvpn-comp" 0
mtu=$(ov_advised 'OpenVPN UDP, AES-256-GCM, compression framing')
expect_eq "C: the openvpn-comp row" 1401 "$mtu"
expect_eq "C: the openvpn row, one byte more" $((mtu + 1)) "$(ov_advised 'OpenVPN UDP, AES-256-GCM')"
ov_up udp "$LAB_S4" "$mtu" "comp-lzo no
allow-compression asym"
expect_match "C: compression framing on, nothing compressed" \
	"Data Channel: cipher 'AES-256-GCM', peer-id: [0-9]+, compression: 'stub'\$" "$(cat "$OV_DIR/c.log")"
ov_case "C: IPv4 underlay, comp-lzo" 4 "$mtu" "$OUTER4"
ov_down

# ------------------------- D. IPv4 underlay, UDP, ChaCha20-Poly1305
# The same framing as AES-256-GCM (packet id, 16-byte tag): the openvpn
# row holds for it too.
OV_CIPHER=CHACHA20-POLY1305
ov_up udp "$LAB_S4" 1402
ov_case "D: IPv4 underlay, ChaCha20-Poly1305" 4 1402 "$OUTER4"
ov_down

lab_done
