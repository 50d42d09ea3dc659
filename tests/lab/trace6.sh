#!/usr/bin/env bash
# trace6: where on an IPv6 path the limit sits (--trace -6), bottleneck on
# the r2-s link (MTU 1380) in two labs:
#  1. r2 drops its ICMPv6 "packet too big" errors (as blackhole6): the
#     trace must say large packets vanish between hop 2 (r2, fd00:99:2::2)
#     and hop 3 (the server, fd00:99:3::2), nothing above 1380 bytes;
#  2. r2's errors reach the client (as ptb6): the trace must name hop 2
#     (fd00:99:2::2) as the router that says "packet too big" for packets
#     above 1380 bytes.
# Text and --json each time.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init

# ---------------------------------------------------- 1. the black hole
lab_topology 1500 1500 1380
lab_black_hole

ifmtu=$(lab_if_mtu)
hdr="^mtuprobe to .*$(lab_re "$LAB_S6").*, IPv6 ICMP(v6)? echo, via $LAB_IF_C \\(MTU $ifmtu\\), source $(lab_re "$LAB_C6")\$"
ev_bh='^evidence: black hole: probes above 1380 bytes vanish with no "too big" reply$'

lab_run --trace -6 "$LAB_SERVER_NAME"
expect_report "black hole" "$hdr" 1380 "$ev_bh"
expect_trace "black hole" \
	"$(lab_re_hop 1 "$LAB_R1_C6" "$ifmtu")" \
	"$(lab_re_hop 2 "$LAB_R2_R16" "$ifmtu")" \
	"$(lab_re_hop 3 "$LAB_S6" 1380 'black hole')" \
	-- "$(lab_re_limit_bh 2 "$LAB_R2_R16" 3 "$LAB_S6" 1380)"
expect_no_match "black hole: no \"too big\" named" 'packet too big' "$LAB_OUT"

lab_run --trace --json -6 "$LAB_S6"
expect_rc "black hole json" 0
expect_stderr_empty "black hole json"
expect_json_shape "black hole json"
expect_json_fields "black hole json" family='"ipv6"' address="\"$LAB_S6\"" \
	status='"ok"' path_mtu=1380 evidence='"black_hole"' ptb_from=null \
	ptb_mtu=null ptbs_ignored=0
expect_json_trace "black hole json" true "[
	{\"hop\": 1, \"address\": \"$LAB_R1_C6\", \"path_mtu\": $ifmtu, \"limit\": null, \"ptb_from\": null},
	{\"hop\": 2, \"address\": \"$LAB_R2_R16\", \"path_mtu\": $ifmtu, \"limit\": null, \"ptb_from\": null},
	{\"hop\": 3, \"address\": \"$LAB_S6\", \"path_mtu\": 1380, \"limit\": \"black_hole\", \"ptb_from\": null}]"

expect_counter_gt "lab: r2 generated and dropped packet-too-big errors" "$LAB_NS_R2" ptb6 0

# ------------------------------------------- 2. "packet too big" arrives
lab_rebuild 1500 1500 1380
lab_r2_ptb_rules accept

ifmtu=$(lab_if_mtu)
ev_ptb="^evidence: \"packet too big\" from $(lab_re "$LAB_PTB_FROM6") \\(MTU 1380\\)\$"

lab_run --trace -6 "$LAB_S6"
expect_report "ptb" "$hdr" 1380 "$ev_ptb"
expect_trace "ptb" \
	"$(lab_re_hop 1 "$LAB_R1_C6" "$ifmtu")" \
	"$(lab_re_hop 2 "$LAB_R2_R16" "$ifmtu")" \
	"$(lab_re_hop 3 "$LAB_S6" 1380 "ptb 6 $LAB_PTB_FROM6")" \
	-- "$(lab_re_limit_ptb 6 2 "$LAB_PTB_FROM6" 1380)"
expect_no_match "ptb: no black hole named" 'black hole|vanish' \
	"$(sed -n '/^hop /,$p' "$LAB_OUT_FILE")"

lab_run --trace --json "$LAB_SERVER6_NAME"
expect_rc "ptb json" 0
expect_stderr_empty "ptb json"
expect_json_shape "ptb json"
expect_json_fields "ptb json" family='"ipv6"' address="\"$LAB_S6\"" \
	status='"ok"' path_mtu=1380 evidence='"ptb"' \
	ptb_from="\"$LAB_PTB_FROM6\"" ptb_mtu=1380 ptbs_ignored=0
expect_json_trace "ptb json" true "[
	{\"hop\": 1, \"address\": \"$LAB_R1_C6\", \"path_mtu\": $ifmtu, \"limit\": null, \"ptb_from\": null},
	{\"hop\": 2, \"address\": \"$LAB_R2_R16\", \"path_mtu\": $ifmtu, \"limit\": null, \"ptb_from\": null},
	{\"hop\": 3, \"address\": \"$LAB_S6\", \"path_mtu\": 1380, \"limit\": \"ptb\", \"ptb_from\": \"$LAB_PTB_FROM6\"}]"

expect_counter_gt "lab: r2 sent packet-too-big errors" "$LAB_NS_R2" ptb6 0

lab_done
