#!/usr/bin/env bash
# wgtunnel: the MTU mtuprobe writes makes a WireGuard tunnel work across a
# PMTUD black hole, and wg-quick's default does not; across a bottleneck
# in the middle of the path it takes that MTU on both ends.  c and s run
# wireguard-go, set up by wg-quick.
#
# A - C: c -[1500]- r1 -[1500]- r2 -[1380]- s, r2 drops its own "too big"
# errors.
#  A. mtuprobe --wg-config on the client's config (Endpoint = the server's
#     IPv4 address, no MTU line) changes nothing without --write; with
#     --write it adds the one line "MTU = 1320" (1380 - 60) after
#     [Interface], every other byte (and the file mode) kept.  With that
#     config a 1 MB TCP upload from c to s through the tunnel completes
#     within 20 s, and r2 has nothing to say "too big" about (outer
#     packets of 1320 + 60 = 1380 bytes).
#  B. With the config as it was (no MTU line: wg-quick takes the route's
#     1500 - 80 = 1420, outer packets of 1480 bytes, DF set) the same
#     upload is still incomplete after 8 s, and r2 did say "too big" (its
#     errors are dropped): the stall is the black hole, not a dead tunnel
#     (a ping through it answers).
#  C. With Endpoint = the server's IPv6 address mtuprobe writes
#     "MTU = 1300" (1380 - 80), and the upload completes with it.
#
# Why only uploads in A - C: there the bottleneck is the server's own
# link, so s knows it, and its kernel fragments wireguard-go's outer
# packets that do not fit (wireguard-go leaves its sockets at
# IP_PMTUDISC_WANT): a download from s completes whatever the MTUs.  The
# client's packets meet the black hole at r2.  The server keeps
# wg-quick's default (1420) all along: for the upload only the client's
# MTU counts (s advertises MSS 1380, above what c sends with 1320).
#
# D: c -[1500]- r1 -[1380]- r2 -[1500]- s, the bottleneck in the middle,
# where neither end knows it; r1 drops its own "too big" errors (those
# for c's packets), r2 its own (those for s's).  Each config has an
# Endpoint for the other end (the server's: c's IPv4 address).
#  D1. mtuprobe --wg-config --write, run in c on the client's config and
#      in s on the server's, writes "MTU = 1320" into each.  With both
#      tunnels at 1320 a 1 MB upload and a 1 MB download both complete
#      within 20 s, and neither router found anything too big.
#  D2. The server back at wg-quick's default (its config without the MTU
#      line: 1420), the client still at 1320: the upload still completes,
#      but the download is still incomplete after 8 s, r2 did say "too
#      big" (and r1 did not), and the server's outer packets are 1388
#      bytes (checked with tcpdump where there is one).
# Why both ends need the MTU: WireGuard pads each inner packet to a
# multiple of 16 bytes, but only up to the sender's own interface MTU.
# The client's MSS (1320 - 40) keeps the server's TCP packets at 1320
# bytes; a server at 1320 sends them as they are (outer 1380 bytes, which
# fit), a server at 1420 pads them to 1328 (outer 1388 bytes, which
# vanish at r2).  So the MTU mtuprobe writes is not enough on one end:
# it must be set on both.
#
# The kernel's WireGuard sends IPv4 without DF (routers fragment), so the
# test is about wireguard-go and is skipped where the kernel has it.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init

# ------------------------------------------------------------- the tunnel
XFER=$LAB_DIR/xfer.py
XFER_PORT=5001
XFER_BYTES=1048576
BOUND_OK=20    # seconds a good transfer may take (it takes well under 1 s)
BOUND_STALL=8  # seconds a stalled transfer is given
lab_wg_init

# wg_client_conf ENDPOINT_ADDRESS [LISTEN_PORT]: the client's config, with
# no MTU line, in $CONF_C (mode 600, as wg-quick wants it).
wg_client_conf() {
	cat >"$CONF_C" <<EOF
# wgtunnel client: no MTU line; mtuprobe --wg-config --write adds one
[Interface]
PrivateKey = $KEY_C
${2:+ListenPort = $2
}Address = $WG_C_IN/24

[Peer]
# the server
PublicKey = $PUB_S
Endpoint = $1:$WG_PORT
AllowedIPs = $WG_S_IN/32
EOF
}

# wg_if_mtu [NS IF]: the MTU of a tunnel interface, by default the
# client's.
wg_if_mtu() {
	ip netns exec "${1:-$LAB_NS_C}" cat "/sys/class/net/${2:-$WG_C}/mtu"
}

# wg_ping DESC: a ping through the tunnel answers (the handshake is done).
wg_ping() {
	local _
	for _ in 1 2 3 4 5; do
		if ip netns exec "$LAB_NS_C" ping -n -q -c1 -W1 "$WG_S_IN" >/dev/null 2>&1; then
			lab_ok "$1: ping $WG_S_IN through the tunnel answers"
			return
		fi
	done
	lab_fail "$1: ping $WG_S_IN through the tunnel answers" "an answer" "none in 5 tries"
}

# wg_xfer up|down BOUND: upload XFER_BYTES from c to s, or download them
# from s to c, through the tunnel (the client runs in c), giving up after
# BOUND seconds.  Sets XFER_RC, XFER_OUT.
wg_xfer() {
	XFER_OUT=$(timeout -k 2 $(($2 + 10)) ip netns exec "$LAB_NS_C" \
		python3 "$XFER" client "$WG_S_IN" "$XFER_PORT" "$1" "$XFER_BYTES" "$2" 2>&1)
	XFER_RC=$?
	printf '\n$ xfer.py client %s %s %s %s %s\n  (exit %s)\n' \
		"$WG_S_IN" "$XFER_PORT" "$1" "$XFER_BYTES" "$2" "$XFER_RC"
	printf '%s\n' "$XFER_OUT" | sed 's/^/  /'
}

# wg_upload BOUND: wg_xfer up BOUND.
wg_upload() { wg_xfer up "$1"; }

# xfer_server_start: xfer.py's server on s's tunnel address, in the
# background, logging to $XFER_LOG; returns once it listens.
# xfer_server_stop notes its log and ends it (it is in LAB_BG_PIDS
# meanwhile, for the cleanup).
XFER_PID=
XFER_N=0
xfer_server_start() {
	XFER_N=$((XFER_N + 1))
	XFER_LOG=$LAB_TMP/xfer-server$XFER_N.log
	ip netns exec "$LAB_NS_S" python3 "$XFER" server "$WG_S_IN" "$XFER_PORT" 300 \
		>"$XFER_LOG" 2>&1 &
	XFER_PID=$!
	LAB_BG_PIDS+=("$XFER_PID")
	lab_bg_ready "$XFER_PID" "$XFER_LOG" ready
}

xfer_server_stop() {
	lab_note "xfer server: $(tr '\n' ';' <"$XFER_LOG")"
	kill "$XFER_PID" 2>/dev/null
	wait "$XFER_PID" 2>/dev/null
	bg_forget "$XFER_PID"
	XFER_PID=
}

# bg_forget PID: drop PID (ended and waited for) from LAB_BG_PIDS, so
# that the cleanup does not signal a process that may since have got it.
bg_forget() {
	local pid keep=()
	for pid in "${LAB_BG_PIDS[@]}"; do
		[ "$pid" = "$1" ] || keep+=("$pid")
	done
	LAB_BG_PIDS=("${keep[@]}")
}

# ptb_rules_r1 accept|drop: lab_r2_ptb_rules for r1: count (and accept or
# drop) the ICMP "fragmentation needed" and ICMPv6 "packet too big" errors
# r1 generates itself; named counters ptb4 / ptb6 in table inet mtplab
# of r1.
ptb_rules_r1() {
	lab_nft "$LAB_NS_R1" <<EOF
table inet mtplab {
	counter ptb4 { }
	counter ptb6 { }
	chain out {
		type filter hook output priority 0; policy accept;
		icmp type destination-unreachable icmp code frag-needed counter name "ptb4" $1
		icmpv6 type packet-too-big counter name "ptb6" $1
	}
}
EOF
}

# lab_run_s ARGS...: lab_run, with mtuprobe in the server's namespace:
# lab_run_as's ip netns exec into the client's namespace runs another
# into the server's (the transcript shows it).
lab_run_s() {
	lab_run_as "ip netns exec $LAB_NS_S" "$@"
}

# expect_written DESC MTU [CONF [SAVED]]: the last run was mtuprobe
# --wg-config CONF (default $CONF_C) --write; it exited 0, and CONF is
# SAVED (default $WG_DIR/saved.conf) with the line "MTU = MTU" added after
# [Interface], byte for byte, mode kept.
expect_written() {
	local conf=${3:-$CONF_C} saved=${4:-$WG_DIR/saved.conf}
	expect_rc "$1" 0
	awk -v line="MTU = $2" '{ print } !done && /^\[Interface\]$/ { print line; done = 1 }' \
		"$saved" >"$WG_DIR/expected.conf"
	if cmp -s "$WG_DIR/expected.conf" "$conf"; then
		lab_ok "$1: the file gained exactly the line 'MTU = $2' after [Interface]"
	else
		lab_fail "$1: the file gained exactly the line 'MTU = $2' after [Interface]" \
			"only that line added" "$(diff -u "$saved" "$conf")"
	fi
	expect_eq "$1: file mode kept" 600 "$(stat -c %a "$conf")"
}

# ---------------------------------------------------------------- the lab
lab_topology 1500 1500 1380
lab_black_hole
# No TCP black hole detection: an MSS that does not fit must stall.
lab_sysctl "$LAB_NS_C" net.ipv4.tcp_mtu_probing=0
lab_sysctl "$LAB_NS_S" net.ipv4.tcp_mtu_probing=0

lab_wg_keys
wg_server_conf

# The server's end stays up throughout, with wg-quick's default MTU.
wg_up "$LAB_NS_S" "$CONF_S"
expect_eq "server: wg-quick's default MTU" 1420 \
	"$(ip netns exec "$LAB_NS_S" cat "/sys/class/net/$WG_S/mtu")"
[ -S "/var/run/wireguard/$WG_S.sock" ] ||
	lab_die "no /var/run/wireguard/$WG_S.sock: is this wireguard-go?"
xfer_server_start

# ------------------------------------- A. the MTU mtuprobe writes (IPv4)
wg_client_conf "$LAB_S4"
cp -p "$CONF_C" "$WG_DIR/saved.conf"

lab_run --wg-config "$CONF_C"
expect_rc "ipv4 endpoint, no --write" 0
expect_match "ipv4 endpoint, no --write: shows MTU = 1320" 'MTU = 1320' "$LAB_FULL_OUT"
if cmp -s "$WG_DIR/saved.conf" "$CONF_C"; then
	lab_ok "ipv4 endpoint, no --write: the file is unchanged"
else
	lab_fail "ipv4 endpoint, no --write: the file is unchanged" "no change" \
		"$(diff -u "$WG_DIR/saved.conf" "$CONF_C")"
fi

lab_run --wg-config "$CONF_C" --write
expect_written "ipv4 endpoint, --write" 1320

wg_up "$LAB_NS_C" "$CONF_C"
expect_eq "A: the client's tunnel MTU" 1320 "$(wg_if_mtu)"
wg_ping "A"
ptb_before=$(lab_nft_counter "$LAB_NS_R2" ptb4)
wg_upload "$BOUND_OK"
expect_eq "A: with MTU = 1320 the 1 MB upload completes within $BOUND_OK s (exit code)" 0 "$XFER_RC"
expect_match "A: with MTU = 1320 the 1 MB upload completes" "^complete: $XFER_BYTES bytes up in " "$XFER_OUT"
expect_eq "A: every outer packet fitted (r2's 'too big' counter unchanged)" \
	"$ptb_before" "$(lab_nft_counter "$LAB_NS_R2" ptb4)"
wg_down "$LAB_NS_C" "$CONF_C"

# ------------------------------------- B. wg-quick's default, 1420 (IPv4)
cp -p "$WG_DIR/saved.conf" "$CONF_C"
wg_up "$LAB_NS_C" "$CONF_C"
expect_eq "B: the client's tunnel MTU (wg-quick's default)" 1420 "$(wg_if_mtu)"
wg_ping "B"
ptb_before=$(lab_nft_counter "$LAB_NS_R2" ptb4)
wg_upload "$BOUND_STALL"
expect_eq "B: with MTU 1420 the 1 MB upload does not complete within $BOUND_STALL s (exit code)" 1 "$XFER_RC"
expect_match "B: with MTU 1420 the 1 MB upload stalls" \
	"^incomplete: [0-9]+ of $XFER_BYTES bytes up after [0-9.]+ s \\(timed out (sending|waiting for the server's count)\\)\$" \
	"$XFER_OUT"
expect_counter_gt "B: r2 found the outer packets too big (and dropped its errors)" \
	"$LAB_NS_R2" ptb4 "$ptb_before"
wg_down "$LAB_NS_C" "$CONF_C"

# ------------------------------------------------- C. an IPv6 endpoint
wg_client_conf "[$LAB_S6]"
cp -p "$CONF_C" "$WG_DIR/saved.conf"
lab_run --wg-config "$CONF_C" --write
expect_written "ipv6 endpoint, --write" 1300

wg_up "$LAB_NS_C" "$CONF_C"
expect_eq "C: the client's tunnel MTU" 1300 "$(wg_if_mtu)"
wg_ping "C"
ptb_before=$(lab_nft_counter "$LAB_NS_R2" ptb6)
wg_upload "$BOUND_OK"
expect_eq "C: over IPv6 with MTU = 1300 the 1 MB upload completes within $BOUND_OK s (exit code)" 0 "$XFER_RC"
expect_match "C: over IPv6 with MTU = 1300 the 1 MB upload completes" \
	"^complete: $XFER_BYTES bytes up in " "$XFER_OUT"
expect_eq "C: every outer packet fitted (r2's 'too big' counter unchanged)" \
	"$ptb_before" "$(lab_nft_counter "$LAB_NS_R2" ptb6)"
expect_match "C: the server saw the client over IPv6" "[[:space:]]\\[$(lab_re "$LAB_C6")\\]:[0-9]+\$" \
	"$(ip netns exec "$LAB_NS_S" wg show "$WG_S" endpoints)"
wg_down "$LAB_NS_C" "$CONF_C"

xfer_server_stop

# --------------------- D. a bottleneck in the middle: both ends need it
# c -[1500]- r1 -[1380]- r2 -[1500]- s, and both routers drop their own
# "too big" errors: r1 those for c's packets, r2 those for s's.  Neither
# end's kernel knows the bottleneck, so nothing fragments the outer
# packets of either direction.
wg_stop_all
lab_rebuild 1500 1380 1500
ptb_rules_r1 drop
lab_black_hole
lab_sysctl "$LAB_NS_C" net.ipv4.tcp_mtu_probing=0
lab_sysctl "$LAB_NS_S" net.ipv4.tcp_mtu_probing=0

# Each end has an Endpoint for the other, so mtuprobe can size both.
wg_client_conf "$LAB_S4" "$WG_PORT"
wg_server_conf "$LAB_C4"
cp -p "$CONF_C" "$WG_DIR/saved.conf"
cp -p "$CONF_S" "$WG_DIR/saved-s.conf"

lab_run --wg-config "$CONF_C" --write
expect_written "D: the client's config, --write" 1320
lab_run_s --wg-config "$CONF_S" --write
expect_written "D: the server's config (probed from s), --write" 1320 \
	"$CONF_S" "$WG_DIR/saved-s.conf"

# wg_both_up: the server's tunnel, then the client's, then xfer.py's
# server; wg_both_down: the reverse.
wg_both_up() {
	wg_up "$LAB_NS_S" "$CONF_S"
	wg_up "$LAB_NS_C" "$CONF_C"
	xfer_server_start
}
wg_both_down() {
	xfer_server_stop
	wg_down "$LAB_NS_C" "$CONF_C"
	wg_down "$LAB_NS_S" "$CONF_S"
}

# D1: MTU = 1320 on both ends: both directions work.
wg_both_up
expect_eq "D1: the client's tunnel MTU" 1320 "$(wg_if_mtu)"
expect_eq "D1: the server's tunnel MTU" 1320 "$(wg_if_mtu "$LAB_NS_S" "$WG_S")"
wg_ping "D1"
r1_before=$(lab_nft_counter "$LAB_NS_R1" ptb4)
r2_before=$(lab_nft_counter "$LAB_NS_R2" ptb4)
wg_xfer up "$BOUND_OK"
expect_eq "D1: with MTU = 1320 on both ends the 1 MB upload completes within $BOUND_OK s (exit code)" 0 "$XFER_RC"
expect_match "D1: with MTU = 1320 on both ends the 1 MB upload completes" \
	"^complete: $XFER_BYTES bytes up in " "$XFER_OUT"
wg_xfer down "$BOUND_OK"
expect_eq "D1: with MTU = 1320 on both ends the 1 MB download completes within $BOUND_OK s (exit code)" 0 "$XFER_RC"
expect_match "D1: with MTU = 1320 on both ends the 1 MB download completes" \
	"^complete: $XFER_BYTES bytes down in " "$XFER_OUT"
expect_eq "D1: the client's outer packets fitted (r1's 'too big' counter unchanged)" \
	"$r1_before" "$(lab_nft_counter "$LAB_NS_R1" ptb4)"
expect_eq "D1: the server's outer packets fitted (r2's 'too big' counter unchanged)" \
	"$r2_before" "$(lab_nft_counter "$LAB_NS_R2" ptb4)"
wg_both_down

# D2: the server at wg-quick's default (1420), the client still at 1320.
# The client's MSS keeps the server's TCP packets at 1320 bytes, but the
# server pads each to a multiple of 16 up to its own MTU: 1328, outer
# packets of 1328 + 60 = 1388 bytes, which r2 cannot forward.
cp -p "$WG_DIR/saved-s.conf" "$CONF_S"
wg_both_up
expect_eq "D2: the client's tunnel MTU" 1320 "$(wg_if_mtu)"
expect_eq "D2: the server's tunnel MTU (wg-quick's default)" 1420 "$(wg_if_mtu "$LAB_NS_S" "$WG_S")"
wg_ping "D2"
r1_before=$(lab_nft_counter "$LAB_NS_R1" ptb4)
wg_xfer up "$BOUND_OK"
expect_eq "D2: with MTU = 1320 on the client only the 1 MB upload completes within $BOUND_OK s (exit code)" 0 "$XFER_RC"
expect_match "D2: with MTU = 1320 on the client only the 1 MB upload completes" \
	"^complete: $XFER_BYTES bytes up in " "$XFER_OUT"
r2_before=$(lab_nft_counter "$LAB_NS_R2" ptb4)
# The outer packets the server sends that are above the path MTU.
capture=0
lab_capture "$LAB_NS_S" s-r2 1 "udp and src port $WG_PORT and ip[2:2] > 1380" && capture=1
wg_xfer down "$BOUND_STALL"
expect_eq "D2: with MTU = 1320 on the client only the 1 MB download does not complete within $BOUND_STALL s (exit code)" 1 "$XFER_RC"
expect_match "D2: with MTU = 1320 on the client only the 1 MB download stalls" \
	"^incomplete: [0-9]+ of $XFER_BYTES bytes down after [0-9.]+ s \\(timed out receiving\\)\$" \
	"$XFER_OUT"
expect_counter_gt "D2: r2 found the server's outer packets too big (and dropped its errors)" \
	"$LAB_NS_R2" ptb4 "$r2_before"
expect_eq "D2: the client's outer packets fitted (r1's 'too big' counter unchanged)" \
	"$r1_before" "$(lab_nft_counter "$LAB_NS_R1" ptb4)"
if [ "$capture" = 1 ]; then
	lab_capture_wait
	bg_forget "$LAB_CAPTURE_PID"
	printf '\n$ tcpdump -n -v -i s-r2 -c 1 %s (in s)\n%s\n' \
		"'udp and src port $WG_PORT and ip[2:2] > 1380'" "$(printf '%s\n' "$LAB_CAPTURE" | sed 's/^/  /')"
	expect_match "D2: the server's outer packets are 1388 bytes (1320 padded to 1328, + 60)" \
		"(^|[[:space:]])IP \\(.*flags \\[DF\\], proto UDP \\(17\\), length 1388\\)\$" "$LAB_CAPTURE"
else
	lab_note "no tcpdump: the size of the server's outer packets is not checked"
fi
wg_both_down

lab_done
