#!/usr/bin/env bash
# spoof: forged "too big" errors and RSTs change no result.  r2 drops its
# own "too big" errors (a black hole at 1380), and r1, on the path,
# answers every probe with forgeries that do not quote it exactly (another
# ICMP id, sequence number, cookie, destination, source port or TCP
# sequence number) reporting an MTU of 1300, and every SYN with a RST
# whose ack is wrong (tests/lab/forge.py).  Were one believed, the answer
# would be 1300 from r1, or a RST.  With ICMP echo and TCP SYNs, IPv4 and
# IPv6: the path MTU is 1380, a black hole, and the forgeries are counted
# as ignored "too big" replies not ours.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1380
lab_black_hole
lab_server_listen 443

FORGE_LOG=$LAB_TMP/forge.log
ip netns exec "$LAB_NS_R1" python3 "$LAB_DIR/forge.py" r1-c 1300 300 \
	>"$FORGE_LOG" 2>&1 &
FORGE_PID=$!
LAB_BG_PIDS+=("$FORGE_PID")
lab_bg_ready "$FORGE_PID" "$FORGE_LOG" ready

# check DESC ARGS...: the run finds 1380 by a black hole, with forgeries
# counted and nothing believed.
check() {
	local desc=$1
	shift
	lab_run --json "$@"
	expect_rc "$desc" 0
	expect_stderr_empty "$desc"
	expect_json_fields "$desc" status='"ok"' path_mtu=1380 \
		evidence='"black_hole"' ptb_from=null ptb_mtu=null
	expect_json_true "$desc: forged \"too big\" replies counted as not ours" \
		'o["ptbs_not_ours"] >= 10 and o["ptbs_ignored"] == o["ptbs_not_ours"]'
}

check "icmp ipv4" -4 "$LAB_SERVER_NAME"
check "icmp ipv6" -6 "$LAB_SERVER_NAME"
check "tcp ipv4" -4 --tcp "$LAB_SERVER_NAME"
expect_json_true "tcp ipv4: SYN-ACKs from the server, no forged RST believed" \
	'o["synacks"] > 0 and o["rsts"] == 0'
check "tcp ipv6" -6 --tcp "$LAB_SERVER_NAME"
expect_json_true "tcp ipv6: SYN-ACKs from the server, no forged RST believed" \
	'o["synacks"] > 0 and o["rsts"] == 0'

# the text report says the same
lab_run -4 "$LAB_SERVER_NAME"
expect_rc "text" 0
expect_match "text: black hole" '^evidence: black hole: probes above 1380 bytes' "$LAB_OUT"
expect_match "text: the forgeries ignored, as not ours" \
	'^ignored "too big" replies: ([0-9]+) \(\1 quoting a packet not ours, 0 below the minimum MTU, 0 contradicting an answer\)$' \
	"$LAB_OUT"

kill "$FORGE_PID" 2>/dev/null
wait "$FORGE_PID" 2>/dev/null
lab_note "forge.py: $(tail -n 1 "$FORGE_LOG")"
expect_match "the forger forged" '^forged [1-9][0-9]* packets for [1-9][0-9]* probes$' \
	"$(tail -n 1 "$FORGE_LOG")"

lab_done
