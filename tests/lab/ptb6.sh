#!/usr/bin/env bash
# ptb6: IPv6, bottleneck on the r2-s link (MTU 1380), r2's ICMPv6 "packet
# too big" errors reach the client.  mtuprobe must report path MTU 1380,
# learnt from a PTB sent by r2 (fd00:99:2::2, its address towards the
# client).
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1380
lab_r2_ptb_rules accept # count r2's own PTBs, let them through

ifmtu=$(lab_if_mtu)
header_tail=", IPv6 ICMP(v6)? echo, via $LAB_IF_C \\(MTU $ifmtu\\), source $(lab_re "$LAB_C6")\$"
evidence="^evidence: \"packet too big\" from $(lab_re "$LAB_PTB_FROM6") \\(MTU 1380\\)\$"

# 1. the server's address (the family follows from it)
lab_run "$LAB_S6"
expect_report "address" "^mtuprobe to .*$(lab_re "$LAB_S6").*$header_tail" 1380 "$evidence"

# 2. -6 and the address
lab_run -6 "$LAB_S6"
expect_report "-6 address" "^mtuprobe to .*$(lab_re "$LAB_S6").*$header_tail" 1380 "$evidence"
expect_advice "-6 address" 1380 6

# 3. -6 and the dual-stack name
lab_run -6 "$LAB_SERVER_NAME"
expect_report "-6 name" \
	"^mtuprobe to $(lab_re "$LAB_SERVER_NAME") \\($(lab_re "$LAB_S6")\\)$header_tail" 1380 "$evidence"

# 4. an IPv6-only name, no family option
lab_run "$LAB_SERVER6_NAME"
expect_report "v6-only name" \
	"^mtuprobe to $(lab_re "$LAB_SERVER6_NAME") \\($(lab_re "$LAB_S6")\\)$header_tail" 1380 "$evidence"

# 5. JSON
lab_run --json -6 "$LAB_SERVER_NAME"
expect_rc "json" 0
expect_stderr_empty "json"
expect_json_shape "json"
expect_json_fields "json" \
	host="\"$LAB_SERVER_NAME\"" address="\"$LAB_S6\"" family='"ipv6"' \
	method='"icmp"' interface="\"$LAB_IF_C\"" interface_mtu="$ifmtu" \
	source="\"$LAB_C6\"" min=1280 max="$ifmtu" status='"ok"' path_mtu=1380 \
	evidence='"ptb"' ptb_from="\"$LAB_PTB_FROM6\"" ptb_mtu=1380 ptbs_ignored=0
expect_json_true "json" 'o["probes"] >= 1 and o["rounds"] >= 1 and o["probes"] >= o["rounds"]'

# 6. explicit bounds around the bottleneck
lab_run -6 --json --min 1300 --max 1450 "$LAB_S6"
expect_rc "json bounds" 0
expect_json_shape "json bounds"
expect_json_fields "json bounds" host="\"$LAB_S6\"" address="\"$LAB_S6\"" \
	min=1300 max=1450 status='"ok"' path_mtu=1380 evidence='"ptb"' \
	ptb_from="\"$LAB_PTB_FROM6\"" ptb_mtu=1380

# The lab itself: r2 really generated "packet too big" errors, they
# reached the client (its kernel now caches PMTU 1380 for the server), and
# a 1380-byte packet crosses.
expect_counter_gt "lab: r2 sent packet-too-big errors" "$LAB_NS_R2" ptb6 0
expect_match "lab: client kernel learnt PMTU 1380" ' mtu 1380 ' \
	"$(ip -n "$LAB_NS_C" -6 route get "$LAB_S6")"
lab_ns "$LAB_NS_C" ping -6 -n -q -c1 -W1 -M 'do' -s $((1380 - 48)) "$LAB_S6" >/dev/null
expect_eq "lab: 1380-byte ping passes" 0 $?

lab_done
