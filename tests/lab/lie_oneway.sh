#!/usr/bin/env bash
# lie_oneway: r2 silently drops what the server sends toward the client
# above 1380 bytes (lab_return_limit), while the way toward the server
# carries 1500; TCP 443 listens on the server.  Echo replies are as large
# as their requests, so ICMP echo alone sees a black hole at 1380; SYNs of
# 1500 bytes draw small SYN-ACKs.  mtuprobe must report both directions,
# advise from the smaller (a tunnel's packets go both ways), and give
# JSON path_mtu 1380, path_mtu_toward 1500, path_mtu_back 1380.  IPv4 and
# IPv6.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1500
lab_return_limit 1380
lab_server_listen 443

pmtu='^path MTU: 1500 toward the host, 1380 back$'
note="^note: .*a tunnel's packets go both ways"

# expect_oneway DESC WG: the text report of the last run.
expect_oneway() {
	expect_rc "$1" 0
	expect_stderr_empty "$1"
	expect_match "$1: both directions" "$pmtu" "$LAB_OUT"
	expect_match "$1: advice from the smaller" "$note" "$LAB_OUT"
	expect_match "$1: the wg-quick line" "^wg-quick: MTU = $2\$" "$LAB_FULL_OUT"
}

lab_run -4 "$LAB_SERVER_NAME"
expect_oneway "ipv4" 1320

lab_run -6 "$LAB_SERVER_NAME"
expect_oneway "ipv6" 1300

lab_run -6 --wg "$LAB_SERVER_NAME"
expect_rc "ipv6 --wg" 0
expect_eq "ipv6 --wg: the line alone" "MTU = 1300" "$LAB_FULL_OUT"

for fam in 4 6; do
	lab_run --json -"$fam" "$LAB_SERVER_NAME"
	expect_rc "json ipv$fam" 0
	expect_json_fields "json ipv$fam" status='"ok"' path_mtu=1380 \
		path_mtu_toward=1500 path_mtu_back=1380 confirmed=true
done

# The lab: an echo of 1380 bytes comes back, one of 1381 does not (r2
# drops its reply), both families.
lab_ns "$LAB_NS_C" ping -n -q -c1 -W1 -M 'do' -s $((1380 - 28)) "$LAB_S4" >/dev/null
expect_eq "lab: a 1380-byte echo is answered" 0 $?
out=$(lab_ns "$LAB_NS_C" ping -n -c1 -W0.5 -M 'do' -s $((1381 - 28)) "$LAB_S4" 2>&1)
expect_match "lab: a 1381-byte echo is not" '^1 packets transmitted, 0 received' "$out"
lab_ns "$LAB_NS_C" ping -6 -n -q -c1 -W1 -M 'do' -s $((1380 - 48)) "$LAB_S6" >/dev/null
expect_eq "lab: a 1380-byte echo is answered (IPv6)" 0 $?
out=$(lab_ns "$LAB_NS_C" ping -6 -n -c1 -W0.5 -M 'do' -s $((1381 - 48)) "$LAB_S6" 2>&1)
expect_match "lab: a 1381-byte echo is not (IPv6)" '^1 packets transmitted, 0 received' "$out"
expect_counter_gt "lab: r2 dropped large packets toward the client" "$LAB_NS_R2" back4 0
expect_counter_gt "lab: ... and IPv6 ones" "$LAB_NS_R2" back6 0

lab_done
