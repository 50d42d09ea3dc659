#!/usr/bin/env bash
# trace4: where on an IPv4 path the limit sits (--trace), in three labs:
#  1. bottleneck on the r2-s link (MTU 1380), r2 drops its "fragmentation
#     needed" errors (as blackhole4): the trace must say large packets
#     vanish between hop 2 (r2, 10.99.2.2) and hop 3 (the server,
#     10.99.3.2), nothing above 1380 bytes;
#  2. the same bottleneck, r2's errors reach the client (as ptb4): the
#     trace must name hop 2 (10.99.2.2) as the router that says
#     "fragmentation needed" for packets above 1380 bytes;
#  3. every link 1500: three hops, path MTU 1500 up to each, and no limit
#     ("limit: none found: 1500 bytes reach every hop").
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
hdr="^mtuprobe to .*$(lab_re "$LAB_S4").*, IPv4 ICMP echo, via $LAB_IF_C \\(MTU $ifmtu\\), source $(lab_re "$LAB_C4")\$"
ev_bh='^evidence: black hole: probes above 1380 bytes vanish with no "too big" reply$'

lab_run --trace "$LAB_S4"
expect_report "black hole" "$hdr" 1380 "$ev_bh"
expect_trace "black hole" \
	"$(lab_re_hop 1 "$LAB_R1_C4" "$ifmtu")" \
	"$(lab_re_hop 2 "$LAB_R2_R14" "$ifmtu")" \
	"$(lab_re_hop 3 "$LAB_S4" 1380 'black hole')" \
	-- "$(lab_re_limit_bh 2 "$LAB_R2_R14" 3 "$LAB_S4" 1380)"
expect_no_match "black hole: no \"too big\" named" 'fragmentation needed' "$LAB_OUT"

lab_run --trace --json -4 "$LAB_SERVER_NAME"
expect_rc "black hole json" 0
expect_stderr_empty "black hole json"
expect_json_shape "black hole json"
expect_json_fields "black hole json" family='"ipv4"' address="\"$LAB_S4\"" \
	status='"ok"' path_mtu=1380 evidence='"black_hole"' ptb_from=null \
	ptb_mtu=null ptbs_ignored=0
expect_json_trace "black hole json" true "[
	{\"hop\": 1, \"address\": \"$LAB_R1_C4\", \"path_mtu\": $ifmtu, \"limit\": null, \"ptb_from\": null},
	{\"hop\": 2, \"address\": \"$LAB_R2_R14\", \"path_mtu\": $ifmtu, \"limit\": null, \"ptb_from\": null},
	{\"hop\": 3, \"address\": \"$LAB_S4\", \"path_mtu\": 1380, \"limit\": \"black_hole\", \"ptb_from\": null}]"

expect_counter_gt "lab: r2 generated and dropped frag-needed errors" "$LAB_NS_R2" ptb4 0

# ------------------------------------ 2. "fragmentation needed" arrives
lab_rebuild 1500 1500 1380
lab_r2_ptb_rules accept

ifmtu=$(lab_if_mtu)
ev_ptb="^evidence: \"fragmentation needed\" from $(lab_re "$LAB_PTB_FROM4") \\(next-hop MTU 1380\\)\$"

lab_run --trace "$LAB_S4"
expect_report "ptb" "$hdr" 1380 "$ev_ptb"
expect_trace "ptb" \
	"$(lab_re_hop 1 "$LAB_R1_C4" "$ifmtu")" \
	"$(lab_re_hop 2 "$LAB_R2_R14" "$ifmtu")" \
	"$(lab_re_hop 3 "$LAB_S4" 1380 "ptb 4 $LAB_PTB_FROM4")" \
	-- "$(lab_re_limit_ptb 4 2 "$LAB_PTB_FROM4" 1380)"
expect_no_match "ptb: no black hole named" 'black hole|vanish' \
	"$(sed -n '/^hop /,$p' "$LAB_OUT_FILE")"

lab_run --trace --json "$LAB_SERVER4_NAME"
expect_rc "ptb json" 0
expect_stderr_empty "ptb json"
expect_json_shape "ptb json"
expect_json_fields "ptb json" family='"ipv4"' address="\"$LAB_S4\"" \
	status='"ok"' path_mtu=1380 evidence='"ptb"' \
	ptb_from="\"$LAB_PTB_FROM4\"" ptb_mtu=1380 ptbs_ignored=0
expect_json_trace "ptb json" true "[
	{\"hop\": 1, \"address\": \"$LAB_R1_C4\", \"path_mtu\": $ifmtu, \"limit\": null, \"ptb_from\": null},
	{\"hop\": 2, \"address\": \"$LAB_R2_R14\", \"path_mtu\": $ifmtu, \"limit\": null, \"ptb_from\": null},
	{\"hop\": 3, \"address\": \"$LAB_S4\", \"path_mtu\": 1380, \"limit\": \"ptb\", \"ptb_from\": \"$LAB_PTB_FROM4\"}]"

expect_counter_gt "lab: r2 sent frag-needed errors" "$LAB_NS_R2" ptb4 0

# ------------------------------------------------------ 3. a clean path
lab_rebuild 1500 1500 1500

ifmtu=$(lab_if_mtu)
expect_eq "lab: client interface MTU" 1500 "$ifmtu"
ev_if="^evidence: interface limit: the path carries the full MTU of $LAB_IF_C\$"

lab_run --trace "$LAB_S4"
expect_report "clean" "$hdr" 1500 "$ev_if"
expect_trace "clean" \
	"$(lab_re_hop 1 "$LAB_R1_C4" 1500)" \
	"$(lab_re_hop 2 "$LAB_R2_R14" 1500)" \
	"$(lab_re_hop 3 "$LAB_S4" 1500)" \
	-- "$(lab_re_limit_none 1500)"

lab_run --trace --json "$LAB_S4"
expect_rc "clean json" 0
expect_stderr_empty "clean json"
expect_json_shape "clean json"
expect_json_fields "clean json" family='"ipv4"' address="\"$LAB_S4\"" \
	status='"ok"' path_mtu=1500 evidence='"interface"' ptb_from=null \
	ptb_mtu=null ptbs_ignored=0
expect_json_trace "clean json" true "[
	{\"hop\": 1, \"address\": \"$LAB_R1_C4\", \"path_mtu\": 1500, \"limit\": null, \"ptb_from\": null},
	{\"hop\": 2, \"address\": \"$LAB_R2_R14\", \"path_mtu\": 1500, \"limit\": null, \"ptb_from\": null},
	{\"hop\": 3, \"address\": \"$LAB_S4\", \"path_mtu\": 1500, \"limit\": null, \"ptb_from\": null}]"

lab_done
