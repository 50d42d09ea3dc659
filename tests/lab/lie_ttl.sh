#!/usr/bin/env bash
# lie_ttl: the server answers echo and nothing else (TCP and UDP dropped),
# and the link r1-r2 carries 1000 bytes with r1's "too big" replies
# dropped: a black hole below 1280 that echo alone sees.  That is what a
# filter at the host looks like too; TTL-limited probes tell them apart:
# r2 answers small ones while 1001-byte ones never reach it, so the path
# itself drops them.  mtuprobe must report 1000, confirmed, with the
# TTL-limited witness naming hop 2, and give the MTU line.  (The filter at
# the host, which they cannot confirm, is lie_sizefilter's third case.)
# IPv4 only: no IPv6 link is below 1280.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1500
# below IPv6's minimum, set once the lab is up: IPv4 alone crosses r1-r2
lab_set_link_mtu "$LAB_NS_R1" r1-r2 "$LAB_NS_R2" r2-r1 1000
lab_black_hole "$LAB_NS_R1"
lab_server_drop_tcp 443 80
lab_server_drop_udp

hdr4="^mtuprobe to $(lab_re "$LAB_SERVER_NAME") \\($(lab_re "$LAB_S4")\\), IPv4 "
ev_bh='^evidence: black hole: probes above 1000 bytes vanish with no "too big" reply$'
ttl="TTL-limited ICMP echo: 1001 bytes vanish before hop 2 ($LAB_R2_R14), which answers small ones"

lab_run -4 "$LAB_SERVER_NAME"
expect_report "text" "$hdr4" 1000 "$ev_bh"
expect_match "text: the echo witness" \
	"$(lab_re_witness 'ICMP echo up to 1000 (both ways)')" "$LAB_OUT"
expect_match "text: the TTL-limited witness" "$(lab_re_witness "$ttl")" \
	"$LAB_OUT"
expect_no_match "text: not unconfirmed" 'unconfirmed' "$LAB_OUT"
expect_no_match "text: no 'echo only' note" 'seen by ICMP echo only' "$LAB_OUT"

lab_run --json -4 "$LAB_SERVER_NAME"
expect_rc "json" 0
expect_json_fields "json" status='"ok"' path_mtu=1000 confirmed=true filter=null
expect_json_witness "json" icmp null 1000 both
expect_json_true "json: the TTL-limited witness" \
	'any(w["method"] == "icmp" and w["hop"] == 2 and w["largest"] == 1000 and w["direction"] == "toward" for w in o["witnesses"])'
expect_json_true "json: arrivals name no hop" \
	'all(w["hop"] is None for w in o["witnesses"] if w["direction"] == "both")'

lab_run --wg -4 "$LAB_SERVER_NAME"
expect_rc "--wg" 0
expect_eq "--wg: the line alone" "MTU = 940" "$LAB_FULL_OUT"

# --icmp keeps to ICMP: TTL-limited echo is ICMP, and is asked too
lab_run --icmp -4 "$LAB_SERVER_NAME"
expect_rc "--icmp" 0
expect_match "--icmp: the TTL-limited witness" "$(lab_re_witness "$ttl")" \
	"$LAB_OUT"

# on a terminal, the status line says what goes out while the black hole
# is checked
lab_run_tty -4 "$LAB_SERVER_NAME"
expect_match "terminal: the check on the status line" \
	"~ESC\\[K$LAB_SERVER_NAME, checking 1000 with TTL-limited ICMP probes: 1001~" "$TTY"

# The lab: 1000 bytes of echo cross, 1001 do not and draw nothing, and
# the server drops what TCP and UDP send it.
out=$(lab_ns "$LAB_NS_C" ping -n -c1 -W0.5 -M 'do' -s $((1001 - 28)) "$LAB_S4" 2>&1)
expect_match "lab: a 1001-byte echo is not answered" '^1 packets transmitted, 0 received' "$out"
expect_counter_gt "lab: r1 dropped its \"too big\" replies" "$LAB_NS_R1" ptb4 0
expect_counter_gt "lab: s dropped UDP" "$LAB_NS_S" udpdrop 0 mtpudp
expect_counter_gt "lab: s dropped TCP" "$LAB_NS_S" tcpdrop 0 mtptcp

lab_done
