#!/usr/bin/env bash
# clampxfer: an applied clamp makes a stalled download complete.
#
#   c ----- r1 ----- r2 ===== r3 ----- s
#     1500     1500     1380     1500
#
# The bottleneck (1380) sits two hops past r1, the router that clamps, and
# r2 and r3 drop the "too big" errors they make: r1's own route MTU (1500)
# cannot see it.  A 1 MB download from s to c stalls; with nft's
# "tcp option maxseg size set rt mtu" on r1 it still stalls; after
# "mtuprobe --apply -i r1-r2 SERVER" on r1 it completes, and the SYN that
# reaches s carries MSS 1340 (IPv4) or 1320 (IPv6).  The same with the
# client's subnet chosen by --src.  After --remove it stalls again.  IPv4
# and IPv6.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
command -v tcpdump >/dev/null 2>&1 || lab_skip "needs tcpdump (the SYN at the server)"
lab_init

XFER=$LAB_DIR/xfer.py
XFER_PORT=5001
XFER_BYTES=1000000
STALL_S=5	# a 1 MB download on this lab takes well under a second
OK_S=20
LAB_NS_R3=${LAB_ID}r3
R1=$LAB_NS_R1

lab_note "topology: c -[1500]- r1 -[1500]- r2 -[1380]- r3 -[1500]- s"
for ns in "$LAB_NS_C" "$LAB_NS_R1" "$LAB_NS_R2" "$LAB_NS_R3" "$LAB_NS_S"; do
	lab_add_ns "$ns"
done
for ns in "$LAB_NS_R1" "$LAB_NS_R2" "$LAB_NS_R3"; do
	lab_sysctl "$ns" net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
done
lab_link "$LAB_NS_C" c-r1 "$LAB_NS_R1" r1-c 1500 1
lab_link "$LAB_NS_R1" r1-r2 "$LAB_NS_R2" r2-r1 1500 2
lab_link "$LAB_NS_R2" r2-r3 "$LAB_NS_R3" r3-r2 1380 3
lab_link "$LAB_NS_R3" r3-s "$LAB_NS_S" s-r3 1500 4
# route NS VIA4 VIA6 NET...: NET of link numbers reached through VIA
route() {
	local ns=$1 via4=$2 via6=$3 net
	shift 3
	for net in "$@"; do
		lab_route "$ns" "10.99.$net.0/24" "$via4"
		lab_route "$ns" "fd00:99:$net::/64" "$via6"
	done
}
route "$LAB_NS_C" 10.99.1.2 fd00:99:1::2 2 3 4
route "$LAB_NS_R1" 10.99.2.2 fd00:99:2::2 3 4
route "$LAB_NS_R2" 10.99.2.1 fd00:99:2::1 1
route "$LAB_NS_R2" 10.99.3.2 fd00:99:3::2 4
route "$LAB_NS_R3" 10.99.3.1 fd00:99:3::1 1 2
route "$LAB_NS_S" 10.99.4.1 fd00:99:4::1 1 2 3
lab_wait_ready
lab_wait_ping 10.99.4.2 || lab_die "c cannot ping 10.99.4.2"
lab_wait_ping fd00:99:4::2 || lab_die "c cannot ping fd00:99:4::2"
# the routers at the bottleneck drop the "too big" errors they make
for ns in "$LAB_NS_R2" "$LAB_NS_R3"; do
	lab_nft "$ns" <<EOF
table inet mtplab {
	counter ptb { }
	chain out {
		type filter hook output priority 0; policy accept;
		icmp type destination-unreachable icmp code frag-needed counter name "ptb" drop
		icmpv6 type packet-too-big counter name "ptb" drop
	}
}
EOF
done

# xfer_server ADDR: xfer.py's server on s, for the rest of the test.
xfer_server() {
	local log=$LAB_TMP/xfer-$1.log pid
	ip netns exec "$LAB_NS_S" python3 "$XFER" server "$1" "$XFER_PORT" 600 \
		>"$log" 2>&1 &
	pid=$!
	LAB_BG_PIDS+=("$pid")
	lab_bg_ready "$pid" "$log" ready
}
xfer_server 10.99.4.2
xfer_server fd00:99:4::2

# download DESC ADDR complete|incomplete BOUND: a 1 MB download from ADDR
# to c ends as expected within BOUND seconds.
download() {
	local out rc
	out=$(timeout -k 2 $(($4 + 10)) ip netns exec "$LAB_NS_C" \
		python3 "$XFER" client "$2" "$XFER_PORT" down "$XFER_BYTES" "$4" 2>&1)
	rc=$?
	printf '\n$ xfer.py client %s %s down %s %s\n  (exit %s)\n  %s\n' \
		"$2" "$XFER_PORT" "$XFER_BYTES" "$4" "$rc" "$out"
	expect_match "$1: the download is $3" "^$3: " "$out"
}

for fam in 4 6; do
	if [ "$fam" = 4 ]; then
		srv=10.99.4.2 net=10.99.1.0/24 mss=1340
		syn='tcp and tcp[13] & 0x12 == 0x02'
	else
		srv=fd00:99:4::2 net=fd00:99:1::/64 mss=1320
		syn='ip6 and ip6[6] == 6 and ip6[53] & 0x12 == 0x02'
	fi

	# 1. no clamp: the server's full-size segments vanish
	download "ipv$fam, no clamp" "$srv" incomplete "$STALL_S"

	# 2. the usual clamp to the route MTU sees only r1's own 1500
	lab_nft "$R1" <<EOF
table inet rtmtu {
	counter syns { }
	chain fw {
		type filter hook forward priority mangle; policy accept;
		tcp flags syn / syn,rst counter name "syns" tcp option maxseg size set rt mtu
	}
}
EOF
	download "ipv$fam, rt mtu clamp on r1" "$srv" incomplete "$STALL_S"
	v=$(ip netns exec "$R1" nft -j list counter inet rtmtu syns |
		python3 -c 'import json,sys; print([o for o in json.load(sys.stdin)["nftables"] if "counter" in o][0]["counter"]["packets"])')
	if [ "$v" -gt 0 ]; then
		lab_ok "ipv$fam, rt mtu clamp on r1: it saw the SYNs ($v)"
	else
		lab_fail "ipv$fam, rt mtu clamp on r1: it saw the SYNs" "> 0" "$v"
	fi
	ip netns exec "$R1" nft delete table inet rtmtu || lab_die "delete table rtmtu"

	# 3. the measured clamp
	LAB_RUN_NS=$R1 lab_run --apply -i r1-r2 "$srv"
	expect_rc "ipv$fam, mtuprobe --apply" 0
	expect_match "ipv$fam, mtuprobe --apply: path MTU" '^path MTU: 1380$' "$LAB_OUT"
	expect_match "ipv$fam, mtuprobe --apply: a black hole" '^evidence: black hole' "$LAB_OUT"
	expect_match "ipv$fam, mtuprobe --apply: in place" '^applied: .* 4 rules, read back from the kernel$' "$LAB_OUT"
	lab_capture "$LAB_NS_S" s-r3 1 "$syn"
	download "ipv$fam, mtuprobe --apply -i r1-r2" "$srv" complete "$OK_S"
	lab_capture_wait
	expect_match "ipv$fam: the SYN at the server carries MSS $mss" \
		"options \\[mss $mss[],]" "$LAB_CAPTURE"

	# 4. the client's subnet instead of an interface
	LAB_RUN_NS=$R1 lab_run --apply --src "$net" "$srv"
	expect_rc "ipv$fam, mtuprobe --apply --src $net" 0
	expect_match "ipv$fam, --src: one rule" '^applied: .*, 1 rule, read back' "$LAB_OUT"
	lab_capture "$LAB_NS_S" s-r3 1 "$syn"
	download "ipv$fam, mtuprobe --apply --src $net" "$srv" complete "$OK_S"
	lab_capture_wait
	expect_match "ipv$fam, --src: the SYN at the server carries MSS $mss" \
		"options \\[mss $mss[],]" "$LAB_CAPTURE"

	# 5. removed, it stalls again: the clamp was what made it work
	LAB_RUN_NS=$R1 lab_run --remove
	expect_rc "ipv$fam, mtuprobe --remove" 0
	download "ipv$fam, after --remove" "$srv" incomplete "$STALL_S"
done

lab_done
