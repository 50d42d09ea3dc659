#!/usr/bin/env bash
# ptb4: IPv4, bottleneck on the r2-s link (MTU 1380), r2's "fragmentation
# needed" errors reach the client.  mtuprobe must report path MTU 1380,
# learnt from a PTB sent by r2 (10.99.2.2, its address towards the client).
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1380
lab_r2_ptb_rules accept # count r2's own PTBs, let them through

ifmtu=$(lab_if_mtu)
header_tail=", IPv4 ICMP echo, via $LAB_IF_C \\(MTU $ifmtu\\), source $(lab_re "$LAB_C4")\$"
evidence="^evidence: \"fragmentation needed\" from $(lab_re "$LAB_PTB_FROM4") \\(next-hop MTU 1380\\)\$"

# 1. the server's address
lab_run "$LAB_S4"
expect_report "address" "^mtuprobe to .*$(lab_re "$LAB_S4").*$header_tail" 1380 "$evidence"

# 2. the server's name (-4: server.lab also has an IPv6 address, which
#    glibc's getaddrinfo lists first in this lab)
lab_run -4 "$LAB_SERVER_NAME"
expect_report "-4 name" \
	"^mtuprobe to $(lab_re "$LAB_SERVER_NAME") \\($(lab_re "$LAB_S4")\\)$header_tail" 1380 "$evidence"

# 3. an IPv4-only name, no family option
lab_run "$LAB_SERVER4_NAME"
expect_report "v4-only name" \
	"^mtuprobe to $(lab_re "$LAB_SERVER4_NAME") \\($(lab_re "$LAB_S4")\\)$header_tail" 1380 "$evidence"

# 4. JSON
lab_run --json -4 "$LAB_SERVER_NAME"
expect_rc "json" 0
expect_stderr_empty "json"
expect_json_shape "json"
expect_json_fields "json" \
	host="\"$LAB_SERVER_NAME\"" address="\"$LAB_S4\"" family='"ipv4"' \
	method='"icmp"' interface="\"$LAB_IF_C\"" interface_mtu="$ifmtu" \
	source="\"$LAB_C4\"" min=68 max="$ifmtu" status='"ok"' path_mtu=1380 \
	evidence='"ptb"' ptb_from="\"$LAB_PTB_FROM4\"" ptb_mtu=1380 ptbs_ignored=0
expect_json_true "json" 'o["probes"] >= 1 and o["rounds"] >= 1 and o["probes"] >= o["rounds"]'

# 5. explicit bounds around the bottleneck
lab_run --json --min 1300 --max 1450 "$LAB_S4"
expect_rc "json bounds" 0
expect_json_shape "json bounds"
expect_json_fields "json bounds" host="\"$LAB_S4\"" address="\"$LAB_S4\"" \
	min=1300 max=1450 status='"ok"' path_mtu=1380 evidence='"ptb"' \
	ptb_from="\"$LAB_PTB_FROM4\"" ptb_mtu=1380

# The lab itself: r2 really generated "fragmentation needed" errors, they
# reached the client (its kernel now caches PMTU 1380 for the server), and
# a 1380-byte DF packet crosses.
expect_counter_gt "lab: r2 sent frag-needed errors" "$LAB_NS_R2" ptb4 0
expect_match "lab: client kernel learnt PMTU 1380" ' mtu 1380 ' \
	"$(ip -n "$LAB_NS_C" route get "$LAB_S4")"
lab_ns "$LAB_NS_C" ping -n -q -c1 -W1 -M 'do' -s $((1380 - 28)) "$LAB_S4" >/dev/null
expect_eq "lab: 1380-byte DF ping passes" 0 $?

lab_done
