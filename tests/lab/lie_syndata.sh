#!/usr/bin/env bash
# lie_syndata: the server drops every echo request, r1 drops the SYNs that
# carry data (lab_drop_syn_data) while plain SYNs to 443 are answered, and
# r2's link to the server is a 1380-byte black hole.  Neither ICMP echo
# nor TCP can size this path; UDP datagrams can, as a size that stays
# silent while a smaller one draws the host's "port unreachable" (rationed
# by the host's ICMP rate limit).  mtuprobe must give 1380 with a UDP
# witness and a word on the SYNs that carry data; and when the server
# drops UDP too, exit 1 with one honest line on stderr ("cannot size"),
# never a path MTU below 1280.  IPv4.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1380
lab_black_hole
lab_server_drop_echo
lab_drop_syn_data
lab_server_listen 443

below_1280='^path MTU: ([0-9]{1,3}|1[01][0-9]{2}|12[0-7][0-9])([^0-9]|$)'

# 1. UDP gets there
lab_run -4 "$LAB_SERVER_NAME"
expect_rc "text" 0
expect_match "text: path MTU" '^path MTU: 1380$' "$LAB_OUT"
expect_match "text: black hole" '^evidence: black hole: probes above 1380 bytes' "$LAB_OUT"
expect_match "text: the UDP witness" "$(lab_re_witness 'UDP up to 1380 (toward the host)')" "$LAB_OUT"
expect_match "text: says SYNs with data are dropped" \
	'^note: plain SYNs are answered, but a firewall drops SYNs that carry data' "$LAB_OUT"
expect_match "text: the MTU line" '^wg-quick: MTU = 1320$' "$LAB_FULL_OUT"

lab_run --json -4 "$LAB_SERVER_NAME"
expect_rc "json" 0
expect_json_fields "json" path_mtu=1380 method='"udp"' evidence='"black_hole"'
expect_json_witness "json" udp any 1380 toward

lab_run_tty -4 "$LAB_SERVER_NAME"
expect_match "terminal: the UDP stage on the status line" \
	"~ESC\\[K$LAB_SERVER_NAME, UDP datagram [0-9]+: path MTU [0-9]+ to [0-9]+, (probing|rationed, probing slowly) [0-9]+" "$TTY"

# 2. nor does UDP: nothing to size it with, and no number made up
lab_server_drop_udp
lab_run -4 "$LAB_SERVER_NAME"
expect_no_match "no UDP: no path MTU below 1280" "$below_1280" "$LAB_OUT"
expect_rc "no UDP" 1
expect_one_error_line "no UDP"
expect_match "no UDP: cannot size" 'cannot size' "$LAB_ERR"
expect_match "no UDP: says SYNs with data are refused" 'answered only without data' "$LAB_ERR"
# and only after UDP, which needs neither echo nor SYN data, tried
expect_match "no UDP: UDP was tried" 'nor could UDP datagrams$' "$LAB_ERR"
lab_run --json -4 "$LAB_SERVER_NAME"
expect_json_fields "no UDP json" path_mtu=null
expect_json_true "no UDP json: says which witnesses back it" '"witnesses" in o'

# The lab: r1 dropped SYNs with data and s echo requests, while a plain
# connection to 443 (a SYN with every option Linux sets) gets through.
expect_counter_gt "lab: r1 dropped SYNs with data" "$LAB_NS_R1" syndata4 0
expect_counter_gt "lab: s dropped echo requests" "$LAB_NS_S" echo4 0
lab_ns "$LAB_NS_C" python3 -c 'import socket, sys
socket.create_connection((sys.argv[1], 443), timeout=2).close()' "$LAB_S4"
expect_eq "lab: a plain connection to 443 is answered" 0 $?

lab_done
