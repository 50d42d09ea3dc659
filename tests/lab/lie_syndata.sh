#!/usr/bin/env bash
# lie_syndata: the server drops every echo request, r1 drops the SYNs that
# carry data (lab_drop_syn_data) while plain SYNs to 443 are answered, and
# r2's link to the server is a 1380-byte black hole.  Neither ICMP echo
# nor TCP can size this path.  mtuprobe must not make a number up: either
# exit 1 with one honest line on stderr ("cannot size"), or, when UDP
# gets there, the path's 1380 with a UDP witness; never a path MTU below
# 1280, and in both cases a word on the SYNs that carry data.  IPv4.
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

lab_run -4 "$LAB_SERVER_NAME"
expect_no_match "text: no path MTU below 1280" "$below_1280" "$LAB_OUT"
expect_match "text: says SYNs with data are dropped" \
	'SYNs that carry data|answered only without data' \
	"$LAB_OUT$LAB_ERR"
if [ "$LAB_RC" = 0 ]; then
	lab_note "sized by UDP"
	expect_match "text: path MTU" '^path MTU: 1380$' "$LAB_OUT"
	expect_match "text: the UDP witness" '^witnesses: (.*, )?UDP up to 1380 ' "$LAB_OUT"
else
	expect_rc "text" 1
	expect_one_error_line "text"
	expect_match "text: cannot size" 'cannot size' "$LAB_ERR"
	# and only after UDP, which needs neither echo nor SYN data, tried
	expect_match "text: UDP was tried" 'nor could UDP datagrams$' "$LAB_ERR"
fi

lab_run --json -4 "$LAB_SERVER_NAME"
expect_json_true "json: exit 0 and 1380, or exit 1 and none" \
	"($LAB_RC, o[\"path_mtu\"]) in ((0, 1380), (1, None))"
expect_json_true "json: says which witnesses back it" '"witnesses" in o'
expect_json_true "json: a UDP witness when sized" \
	"o[\"path_mtu\"] is None or any(w[\"method\"] == \"udp\" for w in o[\"witnesses\"])"

# The lab: r1 dropped SYNs with data and s echo requests, while a plain
# connection to 443 (a SYN with every option Linux sets) gets through.
expect_counter_gt "lab: r1 dropped SYNs with data" "$LAB_NS_R1" syndata4 0
expect_counter_gt "lab: s dropped echo requests" "$LAB_NS_S" echo4 0
lab_ns "$LAB_NS_C" python3 -c 'import socket, sys
socket.create_connection((sys.argv[1], 443), timeout=2).close()' "$LAB_S4"
expect_eq "lab: a plain connection to 443 is answered" 0 $?

lab_done
