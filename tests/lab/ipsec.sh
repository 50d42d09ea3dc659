#!/usr/bin/env bash
# ipsec: the IPsec advice, proven by a real strongSwan site-to-site tunnel
# over a PPPoE line that is a PMTUD black hole.
#
#   c ----- g1 ----- r1 ===== r2 ----- g2 ----- s
#     1500     1500     1454     1500     1500
#
# g1 and g2 are gateways running strongSwan's charon, each with its own
# strongswan.conf, pid file (a private /run) and VICI socket, set up by
# swanctl with a pre-shared key.  The kernel here has no ESP: the
# kernel-libipsec plugin does it in user space through a TUN device
# (ipsec0), and always in UDP 4500 (it makes charon act as if behind a
# NAT).  The CHILD_SA joins the client's subnet (link 1) to the server's
# (link 5), IPv4 and IPv6 inside, over IPv4 between the gateways.  The
# line r1 - r2 carries 1454 bytes and both of its routers drop their own
# "too big" errors.
#
#  1. The tunnel negotiates ESP AES_GCM_16-256 in UDP (swanctl --list-sas):
#     the suite of --tunnel ipsec (esp-gcm-tunnel-natt).  mtuprobe on g1
#     toward g2 finds the path MTU 1454 and gives the IPsec MTU 1390
#     (((1454 - 20 - 8 - 8 - 8 - 16) & ~3) - 2), MSS 1350 / 1330.
#  2. With both TUN devices at 1500 (nothing refuses a packet before the
#     line), DF pings from c to s of 1390 bytes cross (IPv4 and IPv6);
#     1391, which needs one more 4-byte block of ESP padding, vanishes at
#     r1.  On the line they are 1452 and 1456 bytes: 20 IP + 8 UDP + 8 ESP
#     + 8 IV + the inner packet and its 2 trailer bytes padded to a
#     multiple of 4 + 16 ICV, as the kernel's xfrm_state_mtu() counts.
#     mtuprobe on g1 probing s through the tunnel finds that same 1390.
#  3. With both TUN devices at 1390, the 1390-byte pings cross, a
#     1391-byte one gets "too big" from g1, and 1 MB TCP transfers between
#     c and s complete both ways, both families.
#  4. With charon's own TUN MTU (1400) the transfers stall, r1 (uploads)
#     or r2 (downloads) finding the ESP packets too big: 1400 bytes inside
#     are 1464 outside.
#  5. mtuprobe --apply --tunnel ipsec -i ipsec0 G2 on g1 (the path probed
#     is the one the ESP packets take, to the other gateway) makes them
#     complete, both ways, both families, and the SYNs at s carry MSS 1350
#     and 1330; after --remove they stall again.  --clamp probing s itself,
#     through the tunnel, without --tunnel, gives the same MSS.
#  6. --src CLIENT_SUBNET (both families) clamps the client's SYNs only:
#     downloads complete, but uploads, sized by the server's SYN-ACK,
#     still stall; with --dst CLIENT_SUBNET too, both complete.
#  7. Renegotiated with ESP AES-CBC-256 and HMAC-SHA256-128, a 16-byte
#     block cipher with a 16-byte IV: --tunnel esp-cbc-sha256-tunnel-natt
#     gives 1374, pings of 1374 bytes cross and of 1375 vanish, 1444 and
#     1460 bytes on the line.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

CHARON=${CHARON:-/usr/lib/ipsec/charon}
SWAN_PLUGINS=/usr/lib/ipsec/plugins
SWAN_PKGS="strongswan-charon libcharon-extra-plugins strongswan-swanctl libstrongswan-standard-plugins"

lab_require_root
lab_require_binary
if [ ! -x "$CHARON" ] || ! command -v swanctl >/dev/null 2>&1; then
	lab_skip "needs strongSwan's charon and swanctl: apt-get install $SWAN_PKGS"
fi
for p in random nonce openssl kdf kernel-libipsec kernel-netlink socket-default vici; do
	[ -e "$SWAN_PLUGINS/libstrongswan-$p.so" ] ||
		lab_skip "needs strongSwan's $p plugin: apt-get install $SWAN_PKGS"
done
command -v unshare >/dev/null 2>&1 || lab_skip "needs unshare (util-linux)"
[ -c /dev/net/tun ] || lab_skip "needs /dev/net/tun (kernel-libipsec's TUN device)"
command -v tcpdump >/dev/null 2>&1 || lab_skip "needs tcpdump (the ESP packets on the line)"
lab_init

XFER=$LAB_DIR/xfer.py
XFER_PORT=5001
XFER_BYTES=1048576
STALL_S=5	# a 1 MB transfer through this tunnel takes well under a second
OK_S=20
G1=${LAB_ID}g1
G2=${LAB_ID}g2
R1=$LAB_NS_R1
R2=$LAB_NS_R2
C=$LAB_NS_C
S=$LAB_NS_S
G1_OUT=10.99.2.1	# the gateways' addresses on the underlay
G2_OUT=10.99.4.2
S4=10.99.5.2
S6=fd00:99:5::2
NET_C4=10.99.1.0/24
NET_C6=fd00:99:1::/64
TUN=ipsec0
MTU=1390	# the IPsec row for a path MTU of 1454

# ---------------------------------------------------------------- the lab
lab_note "topology: c -[1500]- g1 -[1500]- r1 -[1454]- r2 -[1500]- g2 -[1500]- s"
for ns in "$C" "$G1" "$R1" "$R2" "$G2" "$S"; do
	lab_add_ns "$ns"
done
for ns in "$G1" "$R1" "$R2" "$G2"; do
	lab_sysctl "$ns" net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
done
# No TCP black hole detection: an MSS that does not fit must stall.
lab_sysctl "$C" net.ipv4.tcp_mtu_probing=0
lab_sysctl "$S" net.ipv4.tcp_mtu_probing=0
lab_link "$C" c-g1 "$G1" g1-c 1500 1
lab_link "$G1" g1-r1 "$R1" r1-g1 1500 2
lab_link "$R1" r1-r2 "$R2" r2-r1 1454 3
lab_link "$R2" r2-g2 "$G2" g2-r2 1500 4
lab_link "$G2" g2-s "$S" s-g2 1500 5
# The subnets reach each other only through the tunnel: the gateways
# route the underlay, nothing else.
lab_route "$C" 10.99.5.0/24 10.99.1.2
lab_route "$C" fd00:99:5::/64 fd00:99:1::2
lab_route "$S" 10.99.1.0/24 10.99.5.1
lab_route "$S" fd00:99:1::/64 fd00:99:5::1
lab_route "$G1" 10.99.4.0/24 10.99.2.2
lab_route "$R1" 10.99.4.0/24 10.99.3.2
lab_route "$R2" 10.99.2.0/24 10.99.3.1
lab_route "$G2" 10.99.2.0/24 10.99.4.1
lab_wait_ready
lab_black_hole "$R1"
lab_black_hole "$R2"

# ------------------------------------------------------------ the tunnel
# swan_conf N ME PEER LOCAL_TS REMOTE_TS: gateway N's strongswan.conf and
# swanctl.conf in $LAB_TMP/gN, with the ESP proposal $ESP.
swan_conf() {
	local d=$LAB_TMP/g$1
	mkdir -p "$d" || lab_die "mkdir $d"
	cat >"$d/strongswan.conf" <<EOF
charon {
	load = random nonce openssl kdf kernel-libipsec kernel-netlink socket-default vici
	filelog {
		log {
			path = $d/charon.log
			time_format = %T
			default = 1
		}
	}
	plugins {
		vici {
			socket = unix://$d/vici
		}
	}
}
swanctl {
	load = random
	socket = unix://$d/vici
}
EOF
	cat >"$d/swanctl.conf" <<EOF
connections {
	site {
		local_addrs = $2
		remote_addrs = $3
		proposals = aes256gcm16-prfsha256-ecp256
		local {
			auth = psk
			id = g$1
		}
		remote {
			auth = psk
			id = g$((3 - $1))
		}
		children {
			lan {
				local_ts = $4
				remote_ts = $5
				esp_proposals = $ESP
			}
		}
	}
}
secrets {
	ike-lab {
		id-1 = g1
		id-2 = g2
		secret = "a lab key, nothing else"
	}
}
EOF
}

# swan N ARGS...: swanctl ARGS for gateway N, through its VICI socket.
swan() {
	local n=$1
	shift
	STRONGSWAN_CONF=$LAB_TMP/g$n/strongswan.conf swanctl "$@"
}

# charon_start N NS: gateway N's charon in NS, in a mount namespace of its
# own with an empty /run (its pid file), for the rest of the test.
charon_start() {
	local d=$LAB_TMP/g$1 pid
	# shellcheck disable=SC2016  # "$1" is the inner shell's
	STRONGSWAN_CONF=$d/strongswan.conf ip netns exec "$2" \
		unshare -m --propagation private \
		sh -c 'mount -t tmpfs lab /run && exec "$1"' sh "$CHARON" \
		>"$d/charon.out" 2>&1 &
	pid=$!
	LAB_BG_PIDS+=("$pid")
	lab_wait_until 200 test -S "$d/vici" ||
		lab_die "charon $1 did not open its socket: $(cat "$d/charon.out" "$d/charon.log" 2>/dev/null)"
	swan "$1" --load-all --file "$d/swanctl.conf" >"$d/load.out" 2>&1 ||
		lab_die "swanctl --load-all for g$1: $(cat "$d/load.out")"
}

# both_conf: both gateways' configurations, with the ESP proposal $ESP.
both_conf() {
	swan_conf 1 "$G1_OUT" "$G2_OUT" "$NET_C4,$NET_C6" "10.99.5.0/24,fd00:99:5::/64"
	swan_conf 2 "$G2_OUT" "$G1_OUT" "10.99.5.0/24,fd00:99:5::/64" "$NET_C4,$NET_C6"
}

# tunnel_up: g1 starts the CHILD_SA; SAS is what swanctl --list-sas says
# then on g1.
tunnel_up() {
	swan 1 --initiate --child lan >"$LAB_TMP/initiate.out" 2>&1 ||
		lab_die "the CHILD_SA did not come up: $(cat "$LAB_TMP/initiate.out" "$LAB_TMP/g1/charon.log")"
	SAS=$(swan 1 --list-sas)
	printf '\n$ swanctl --list-sas (g1)\n%s\n' "$(printf '%s\n' "$SAS" | sed 's/^/  /')"
	lab_wait_ping "$S4" || lab_die "c cannot ping $S4 through the tunnel"
	lab_wait_ping "$S6" || lab_die "c cannot ping $S6 through the tunnel"
}

ESP=aes256gcm16
both_conf
charon_start 1 "$G1"
charon_start 2 "$G2"
tunnel_up

# tun_mtu NS [MTU]: the MTU of the TUN device in NS; set it first if
# given.
tun_mtu() {
	[ $# -gt 1 ] && { ip -n "$1" link set "$TUN" mtu "$2" || lab_die "mtu $2 on $TUN in $1"; }
	ip netns exec "$1" cat "/sys/class/net/$TUN/mtu"
}

# --------------------------------------- 1. the suite and the advice
expect_match "the CHILD_SA is ESP in UDP (NAT-T), AES_GCM_16-256" \
	'^ +lan: #[0-9]+, reqid [0-9]+, INSTALLED, TUNNEL-in-UDP, ESP:AES_GCM_16-256$' "$SAS"
expect_match "the IKE_SA runs between the underlay addresses, port 4500" \
	"^ +remote 'g2' @ $(lab_re "$G2_OUT")\\[4500\\]\$" "$SAS"
expect_match "it joins the client's subnets to the server's" \
	"^ +remote 10\\.99\\.5\\.0/24 fd00:99:5::/64\$" "$SAS"
expect_eq "charon's TUN device on g1, at its default MTU" 1400 "$(tun_mtu "$G1")"
expect_eq "charon's TUN device on g2, at its default MTU" 1400 "$(tun_mtu "$G2")"

for name in ipsec esp-gcm-tunnel-natt; do
	LAB_RUN_NS=$G1 lab_run --tunnel "$name" "$G2_OUT"
	expect_rc "--tunnel $name, g1 to g2" 0
	expect_match "--tunnel $name: path MTU" '^path MTU: 1454$' "$LAB_OUT"
	expect_match "--tunnel $name: a black hole" '^evidence: black hole' "$LAB_OUT"
	expect_match "--tunnel $name: the suite the tunnel uses, MTU $MTU, MSS 1350 / 1330" \
		"^  IPsec ESP AES-GCM-16, tunnel mode, NAT-T +$MTU +1350 +1330\$" "$LAB_ADVICE"
done

# ------------------------------------ 2. the sizes that cross and vanish
# ping_df FAMILY SIZE: one DF ping of SIZE bytes (IP packet) from c to s;
# sets PING_OUT, status 0 if it was answered.
ping_df() {
	local dst=$S4 hdr=28
	[ "$1" = 6 ] && dst=$S6 hdr=48
	PING_OUT=$(ip netns exec "$C" ping -n -c1 -W2 -M 'do' -s $(($2 - hdr)) "$dst" 2>&1)
	printf '%s\n' "$PING_OUT" | grep -q ' bytes from '
}

# expect_crosses DESC FAMILY SIZE / expect_vanishes DESC FAMILY SIZE
expect_crosses() {
	if ping_df "$2" "$3"; then
		lab_ok "$1: a DF ping of $3 bytes (IPv$2) crosses"
	else
		lab_fail "$1: a DF ping of $3 bytes (IPv$2) crosses" "an answer" "$PING_OUT"
	fi
}
expect_vanishes() {
	local ptb
	ptb=$(lab_nft_counter "$R1" "ptb$2")
	if ping_df "$2" "$3"; then
		lab_fail "$1: a DF ping of $3 bytes (IPv$2) vanishes" "no answer" "$PING_OUT"
	elif printf '%s\n' "$PING_OUT" | grep -qi 'too big\|frag needed'; then
		lab_fail "$1: a DF ping of $3 bytes (IPv$2) vanishes" "no answer, no error" "$PING_OUT"
	else
		lab_ok "$1: a DF ping of $3 bytes (IPv$2) vanishes"
	fi
	# the outer packet is IPv4 whatever the inner family
	expect_counter_gt "$1: r1 found its ESP packet too big (and dropped its error)" \
		"$R1" ptb4 "$ptb"
}

# expect_sizes DESC MTU OUTER1 OUTER2: with both TUN devices at 1500,
# DF pings of MTU bytes cross, of MTU + 1 vanish (both families), and g1
# sends them as ESP in UDP packets of OUTER1 and OUTER2 bytes, DF set.
expect_sizes() {
	local fam filter lens
	tun_mtu "$G1" 1500 >/dev/null
	tun_mtu "$G2" 1500 >/dev/null
	filter="udp and src host $G1_OUT and dst port 4500 and ip[2:2] > 1400"
	lab_capture "$G1" g1-r1 4 "$filter"
	for fam in 4 6; do
		expect_crosses "$1" "$fam" "$2"
		expect_vanishes "$1" "$fam" $(($2 + 1))
	done
	lab_capture_wait
	printf '\n$ tcpdump -n -v -i g1-r1 -c 4 %s (in g1)\n%s\n' "'$filter'" \
		"$(printf '%s\n' "$LAB_CAPTURE" | sed 's/^/  /')"
	lens=$(sed -n 's/.*flags \[DF\], proto UDP (17), length \([0-9]*\))$/\1/p' \
		"$LAB_TMP/capture" | tr '\n' ' ')
	expect_eq "$1: on the line, the pings of $2 and $(($2 + 1)) bytes (IPv4, IPv6) are $3 and $4 bytes, DF set" \
		"$3 $4 $3 $4 " "$lens"
	expect_match "$1: they are ESP in UDP, port 4500 to port 4500" \
		"^ +$(lab_re "$G1_OUT")\\.4500 > $(lab_re "$G2_OUT")\\.4500: UDP-encap: ESP" "$LAB_CAPTURE"
}

# 1390 + 2 is a multiple of 4: 20 + 8 + 8 + 8 + 1392 + 16 = 1452; 1391
# takes 3 bytes of padding: 1456.
expect_sizes "$ESP" "$MTU" 1452 1456

for dst in "$S4" "$S6"; do
	LAB_RUN_NS=$G1 lab_run --tunnel none "$dst"
	expect_rc "g1 probes $dst through the tunnel" 0
	expect_match "g1 probes $dst through the tunnel: the same $MTU" "^path MTU: $MTU\$" "$LAB_OUT"
done

# --------------------------------------------------- transfers, clamps
# xfer_server ADDR: xfer.py's server on s, for the rest of the test.
xfer_server() {
	local log=$LAB_TMP/xfer-$1.log pid
	ip netns exec "$S" python3 "$XFER" server "$1" "$XFER_PORT" 600 \
		>"$log" 2>&1 &
	pid=$!
	LAB_BG_PIDS+=("$pid")
	lab_bg_ready "$pid" "$log" ready
}
xfer_server "$S4"
xfer_server "$S6"

# xfer DESC ADDR up|down complete|incomplete BOUND: a 1 MB transfer
# between c and ADDR ends as expected within BOUND seconds; one that
# stalls does so at the line (r1 going up, r2 going down, found ESP
# packets too big).
xfer() {
	local out rc r=$R1 ptb ns
	[ "$3" = down ] && r=$R2
	ptb=$(lab_nft_counter "$r" ptb4)
	out=$(timeout -k 2 $(($5 + 10)) ip netns exec "$C" \
		python3 "$XFER" client "$2" "$XFER_PORT" "$3" "$XFER_BYTES" "$5" 2>&1)
	rc=$?
	printf '\n$ xfer.py client %s %s %s %s %s\n  (exit %s)\n  %s\n' \
		"$2" "$XFER_PORT" "$3" "$XFER_BYTES" "$5" "$rc" "$out"
	expect_match "$1: the $3load is $4" "^$4: [0-9 of]*$XFER_BYTES bytes $3 " "$out"
	[ "$4" = incomplete ] || return
	expect_counter_gt "$1: ${r#"$LAB_ID"} found ESP packets too big (and dropped its errors)" \
		"$r" ptb4 "$ptb"
	# The stalled connection's ends would go on retransmitting for
	# minutes, through the later tests: close them.
	for ns in "$C" "$S"; do
		ip netns exec "$ns" ss -K -t -n state connected \
			"( sport = :$XFER_PORT or dport = :$XFER_PORT )" >/dev/null ||
			lab_die "ss -K in $ns"
	done
}

# xfer_all DESC complete|incomplete: uploads and downloads, both families.
xfer_all() {
	local bound=$OK_S dst dir
	[ "$2" = incomplete ] && bound=$STALL_S
	for dst in "$S4" "$S6"; do
		for dir in up down; do
			xfer "$1, $dst" "$dst" "$dir" "$2" "$bound"
		done
	done
}

# ------------------------------------------- 3. the TUN devices at 1390
tun_mtu "$G1" "$MTU" >/dev/null
tun_mtu "$G2" "$MTU" >/dev/null
for fam in 4 6; do
	expect_crosses "TUN at $MTU" "$fam" "$MTU"
	ping_df "$fam" $((MTU + 1))
	expect_match "TUN at $MTU: a DF ping of $((MTU + 1)) bytes (IPv$fam) gets 'too big' from g1" \
		"^From (10\\.99\\.1\\.2|fd00:99:1::2) .*(Frag needed and DF set \\(mtu = $MTU\\)|Packet too big: mtu=$MTU)" "$PING_OUT"
done
xfer_all "TUN at $MTU" complete

# ----------------------------------------- 4. charon's TUN MTU: a stall
tun_mtu "$G1" 1400 >/dev/null
tun_mtu "$G2" 1400 >/dev/null
# c and s forget the 1390 g1's and g2's "too big" taught them.
expect_match "c learned the path MTU $MTU to $S4 from g1" "mtu $MTU" \
	"$(ip -n "$C" route get "$S4")"
for ns in "$C" "$S"; do
	ip -n "$ns" -4 route flush cache || lab_die "route flush cache in $ns"
	ip -n "$ns" -6 route flush cache || lab_die "route -6 flush cache in $ns"
done
expect_no_match "c has forgotten the path MTU to $S4" 'mtu' \
	"$(ip -n "$C" route get "$S4")"
expect_no_match "c has forgotten the path MTU to $S6" 'mtu' \
	"$(ip -n "$C" -6 route get "$S6")"
xfer_all "TUN at 1400, no clamp" incomplete

# ---------------------------------------------- 5. the clamp, -i ipsec0
LAB_RUN_NS=$G1 lab_run --apply --tunnel ipsec -i "$TUN" "$G2_OUT"
expect_rc "--apply --tunnel ipsec -i $TUN" 0
expect_match "--apply: path MTU" '^path MTU: 1454$' "$LAB_OUT"
expect_match "--apply: in place" '^applied: .* 4 rules, read back from the kernel$' "$LAB_OUT"
lab_capture "$S" s-g2 4 '(ip and tcp[13] & 0x12 == 0x02) or (ip6 and ip6[6] == 6 and ip6[53] & 0x12 == 0x02)'
xfer_all "--apply -i $TUN" complete
lab_capture_wait
expect_match "-i $TUN: the IPv4 SYN at the server carries MSS 1350" \
	"$(lab_re "10.99.1.1").* > $(lab_re "$S4")\\.$XFER_PORT: .*options \\[mss 1350[],]" "$LAB_CAPTURE"
expect_match "-i $TUN: the IPv6 SYN at the server carries MSS 1330" \
	"$(lab_re "fd00:99:1::1").* > $(lab_re "$S6")\\.$XFER_PORT: .*options \\[mss 1330[],]" "$LAB_CAPTURE"

# The server itself, probed through the tunnel, is behind a path of 1390
# already: without --tunnel, the same MSS.
LAB_RUN_NS=$G1 lab_run --clamp -i "$TUN" "$S4"
expect_rc "--clamp -i $TUN SERVER, through the tunnel" 0
expect_line "--clamp -i $TUN SERVER: the same MSS, from the path MTU $MTU" 1 \
	"^# mtuprobe MSS clamp: MSS 1350 for IPv4, 1330 for IPv6, from the path MTU $MTU to $(lab_re "$S4") \\($(lab_re "$S4")\\): black hole above it\$" \
	"$LAB_OUT"

LAB_RUN_NS=$G1 lab_run --remove
expect_rc "--remove" 0
xfer_all "after --remove" incomplete

# ----------------------------------------- 6. the clamp, --src / --dst
LAB_RUN_NS=$G1 lab_run --apply --tunnel ipsec --src "$NET_C4" --src "$NET_C6" "$G2_OUT"
expect_rc "--apply --src CLIENT_SUBNETS" 0
expect_match "--src: in place" '^applied: .* 2 rules, read back from the kernel$' "$LAB_OUT"
for dst in "$S4" "$S6"; do
	xfer "--src CLIENT_SUBNETS, $dst" "$dst" down complete "$OK_S"
	xfer "--src CLIENT_SUBNETS (the server's SYN-ACK unclamped), $dst" "$dst" up incomplete "$STALL_S"
done
LAB_RUN_NS=$G1 lab_run --apply --tunnel ipsec --src "$NET_C4" --src "$NET_C6" \
	--dst "$NET_C4" --dst "$NET_C6" "$G2_OUT"
expect_rc "--apply --src and --dst CLIENT_SUBNETS" 0
expect_match "--src and --dst: in place" '^applied: .* 4 rules, read back from the kernel$' "$LAB_OUT"
xfer_all "--src and --dst CLIENT_SUBNETS" complete
LAB_RUN_NS=$G1 lab_run --remove
expect_rc "--remove, again" 0
xfer_all "after --remove, again" incomplete

# ------------------------------------------- 7. a suite with a block cipher
# AES-CBC pads to its 16-byte block: ((1454 - 20 - 8 - 8 - 16 - 16) & ~15)
# - 2 = 1374; 20 + 8 + 8 + 16 + 1376 + 16 = 1444 outside, and 1375 takes
# a block more: 1460.
swan 1 --terminate --ike site >"$LAB_TMP/terminate.out" 2>&1 ||
	lab_die "swanctl --terminate: $(cat "$LAB_TMP/terminate.out")"
ESP=aes256-sha256
both_conf
for n in 1 2; do
	swan "$n" --load-conns --file "$LAB_TMP/g$n/swanctl.conf" >"$LAB_TMP/g$n/load.out" 2>&1 ||
		lab_die "swanctl --load-conns for g$n: $(cat "$LAB_TMP/g$n/load.out")"
done
tunnel_up
expect_match "$ESP: the CHILD_SA is ESP in UDP, AES_CBC-256 with HMAC_SHA2_256_128" \
	'^ +lan: #[0-9]+, reqid [0-9]+, INSTALLED, TUNNEL-in-UDP, ESP:AES_CBC-256/HMAC_SHA2_256_128$' "$SAS"
LAB_RUN_NS=$G1 lab_run --tunnel esp-cbc-sha256-tunnel-natt "$G2_OUT"
expect_rc "--tunnel esp-cbc-sha256-tunnel-natt, g1 to g2" 0
expect_match "--tunnel esp-cbc-sha256-tunnel-natt: MTU 1374, MSS 1334 / 1314" \
	'^  IPsec ESP AES-CBC, HMAC-SHA256-128, tunnel mode, NAT-T +1374 +1334 +1314$' "$LAB_ADVICE"
expect_sizes "$ESP" 1374 1444 1460

lab_done
