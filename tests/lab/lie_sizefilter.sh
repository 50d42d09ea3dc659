#!/usr/bin/env bash
# lie_sizefilter: the server drops echo requests above 1000 bytes, on a
# clean 1500-byte path (lab_server_filter_echo_above).  ICMP echo alone
# would see a black hole at 1000; mtuprobe must notice that another
# method carries more, report the path's 1500 and name the filter, over
# IPv4:
#  1. TCP 443 listens on the server: SYNs of 1500 bytes arrive;
#  2. no TCP answers at all (s drops it): UDP datagrams of 1500 bytes draw
#     the host's "port unreachable";
#  3. nor does UDP: 1000 is all echo says, no "too big" reply backs it,
#     and it is below 1280: unconfirmed, no advice, no MTU line, exit 1.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1500
lab_server_filter_echo_above 1000
lab_server_listen 443

hdr4="^mtuprobe to $(lab_re "$LAB_SERVER_NAME") \\($(lab_re "$LAB_S4")\\), IPv4 "
ev_if="^evidence: interface limit: the path carries the full MTU of $LAB_IF_C\$"
filter='^filter: ICMP echo requests above 1000 bytes go unanswered at the host, while'
icmp_witness=$(lab_re_witness 'ICMP echo up to 1000 (both ways)')

# 1. TCP 443 listens
lab_run -4 "$LAB_SERVER_NAME"
expect_report "tcp" "$hdr4" 1500 "$ev_if"
expect_match "tcp: the filter" "$filter TCP SYNs of 1500 bytes arrive\$" "$LAB_OUT"
expect_match "tcp: the ICMP witness" "$icmp_witness" "$LAB_OUT"
expect_match "tcp: the TCP witness" \
	"$(lab_re_witness 'TCP SYNs to port 443 up to 1500 (toward the host)')" "$LAB_OUT"

lab_run --json -4 "$LAB_SERVER_NAME"
expect_rc "tcp json" 0
expect_json_fields "tcp json" status='"ok"' path_mtu=1500 confirmed=true \
	policed=false replies_cut=false
expect_json_true "tcp json" 'o["filter"] == {"method": "icmp", "above": 1000, "while": "tcp"}'
expect_json_witness "tcp json" icmp null 1000 both
expect_json_witness "tcp json" tcp 443 1500 toward

lab_run --wg -4 "$LAB_SERVER_NAME"
expect_rc "tcp --wg" 0
expect_eq "tcp --wg: the line alone" "MTU = 1440" "$LAB_FULL_OUT"

# The lab: 1000 bytes of echo are answered, 1001 are not, and a TCP
# connection to 443 is.
lab_ns "$LAB_NS_C" ping -n -q -c1 -W1 -M 'do' -s $((1000 - 28)) "$LAB_S4" >/dev/null
expect_eq "lab: a 1000-byte echo is answered" 0 $?
out=$(lab_ns "$LAB_NS_C" ping -n -c1 -W0.5 -M 'do' -s $((1001 - 28)) "$LAB_S4" 2>&1)
expect_match "lab: a 1001-byte echo is not" '^1 packets transmitted, 0 received' "$out"
expect_counter_gt "lab: s dropped large echo requests" "$LAB_NS_S" big4 0

# 2. no TCP: only UDP draws an answer
lab_rebuild 1500 1500 1500
lab_server_filter_echo_above 1000
lab_server_drop_tcp 443 80

lab_run -4 "$LAB_SERVER_NAME"
expect_report "udp" "$hdr4" 1500 "$ev_if"
expect_match "udp: the filter" "$filter UDP datagrams of 1500 bytes arrive\$" "$LAB_OUT"
expect_match "udp: the ICMP witness" "$icmp_witness" "$LAB_OUT"
expect_match "udp: the UDP witness" \
	"$(lab_re_witness 'UDP up to 1500 (toward the host)')" "$LAB_OUT"

lab_run --json -4 "$LAB_SERVER_NAME"
expect_rc "udp json" 0
expect_json_fields "udp json" status='"ok"' path_mtu=1500 confirmed=true
expect_json_true "udp json" 'o["filter"] == {"method": "icmp", "above": 1000, "while": "udp"}'
expect_json_witness "udp json" udp any 1500 toward

expect_counter_gt "lab: s dropped large echo requests" "$LAB_NS_S" big4 0

# 3. nothing else answers: a limit of 1000 bytes that echo alone saw, with
# no "too big" reply, is more likely a filter than a link; unconfirmed
lab_server_drop_udp
lab_run -4 "$LAB_SERVER_NAME"
expect_rc "unconfirmed" 1
expect_match "unconfirmed: the path MTU line" '^path MTU: 1000 \(unconfirmed\)$' "$LAB_OUT"
expect_match "unconfirmed: the evidence" '^evidence: unconfirmed: ' "$LAB_OUT"
expect_no_match "unconfirmed: no advice" 'wg-quick|^advice' "$LAB_OUT"
expect_one_error_line "unconfirmed"
expect_match "unconfirmed: says why" 'path MTU 1000 unconfirmed' "$LAB_ERR"
# TTL-limited probes of 1001 bytes reach r2, the last router: a filter at
# the host and a limit on the last link look alike
expect_match "unconfirmed: the TTL-limited probes' note" \
	'^note: TTL-limited probes of 1001 bytes reach hop 2, the last router, and vanish after it: ' "$LAB_OUT"

lab_run --wg -4 "$LAB_SERVER_NAME"
expect_rc "unconfirmed --wg" 1
expect_stdout_empty "unconfirmed --wg"

lab_run --json -4 "$LAB_SERVER_NAME"
expect_rc "unconfirmed json" 1
expect_json_fields "unconfirmed json" status='"unconfirmed"' path_mtu=1000 \
	confirmed=false filter=null
expect_json_true "unconfirmed json" '"advice" not in o'

lab_done
