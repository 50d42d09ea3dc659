#!/usr/bin/env bash
# blackhole4: IPv4, bottleneck on the r2-s link (MTU 1380), and r2 drops
# the "fragmentation needed" errors it generates (nftables, output hook):
# a PMTU black hole.  mtuprobe must still report 1380, inferred from
# silence above 1380 bytes.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1380
lab_black_hole

ifmtu=$(lab_if_mtu)
header_tail=", IPv4 ICMP echo, via $LAB_IF_C \\(MTU $ifmtu\\), source $(lab_re "$LAB_C4")\$"
evidence='^evidence: black hole: probes above 1380 bytes vanish with no "too big" reply$'

# 1. the server's address
lab_run "$LAB_S4"
expect_report "address" "^mtuprobe to .*$(lab_re "$LAB_S4").*$header_tail" 1380 "$evidence"
expect_no_match "address: no PTB evidence" 'fragmentation needed' "$LAB_OUT"
expect_advice "address" 1380 4
lab_note "black hole run took $LAB_MS ms"

# 2. the server's name
lab_run -4 "$LAB_SERVER_NAME"
expect_report "-4 name" \
	"^mtuprobe to $(lab_re "$LAB_SERVER_NAME") \\($(lab_re "$LAB_S4")\\)$header_tail" 1380 "$evidence"

# 3. JSON
lab_run --json "$LAB_SERVER4_NAME"
expect_rc "json" 0
expect_stderr_empty "json"
expect_json_shape "json"
expect_json_fields "json" \
	host="\"$LAB_SERVER4_NAME\"" address="\"$LAB_S4\"" family='"ipv4"' \
	method='"icmp"' interface="\"$LAB_IF_C\"" interface_mtu="$ifmtu" \
	source="\"$LAB_C4\"" min=68 max="$ifmtu" status='"ok"' path_mtu=1380 \
	evidence='"black_hole"' ptb_from=null ptb_mtu=null ptbs_ignored=0
expect_json_true "json" 'o["probes"] >= 1 and o["rounds"] >= 1 and o["probes"] >= o["rounds"]'

# The lab itself: r2 generated errors and dropped them; nothing reached
# the client (its kernel caches no PMTU for the server), and the path
# carries 1380 but not 1381 bytes.
expect_counter_gt "lab: r2 generated and dropped frag-needed errors" "$LAB_NS_R2" ptb4 0
expect_no_match "lab: client kernel learnt no PMTU" ' mtu [0-9]+' \
	"$(ip -n "$LAB_NS_C" route get "$LAB_S4")"
lab_ns "$LAB_NS_C" ping -n -q -c1 -W1 -M 'do' -s $((1380 - 28)) "$LAB_S4" >/dev/null
expect_eq "lab: 1380-byte DF ping passes" 0 $?
out=$(lab_ns "$LAB_NS_C" ping -n -c1 -W0.5 -M 'do' -s $((1381 - 28)) "$LAB_S4" 2>&1)
expect_match "lab: 1381-byte DF ping vanishes without a reply" \
	'^1 packets transmitted, 0 received, 100% packet loss' "$out"
expect_no_match "lab: ... and without frag-needed" 'Frag needed' "$out"

lab_done
