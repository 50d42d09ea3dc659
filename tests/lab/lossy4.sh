#!/usr/bin/env bash
# lossy4: the IPv4 black hole of blackhole4 (link r2-s MTU 1380, r2 drops
# its "fragmentation needed" errors) on a lossy path: r1 drops 10 % of the
# packets it forwards, at random, in both directions.  Lost probes and
# lost replies must not be taken for the black hole: three runs must each
# report exactly 1380 with evidence black hole (their cost is printed, not
# judged).  --trace must name the place of the black hole, between hop 2
# and hop 3, and never another one.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1380
lab_black_hole
lab_r1_loss 10

ifmtu=$(lab_if_mtu)
hdr="^mtuprobe to .*$(lab_re "$LAB_S4").*, IPv4 ICMP echo, via $LAB_IF_C \\(MTU $ifmtu\\), source $(lab_re "$LAB_C4")\$"
evidence='^evidence: black hole: probes above 1380 bytes vanish with no "too big" reply$'
limit_bh=$(lab_re_limit_bh 2 "$LAB_R2_R14" 3 "$LAB_S4" 1380)

# 1. three searches, each exact
summary=()
for i in 1 2 3; do
	lab_run "$LAB_S4"
	expect_report "run $i" "$hdr" 1380 "$evidence"
	summary+=("run $i: $(grep -E '^path MTU: ' "$LAB_OUT_FILE"), $(grep -E '^probes: ' "$LAB_OUT_FILE") (wall $LAB_MS ms)")
done

# 2. --trace: the hop pair around the black hole, and no other place
lab_run --trace "$LAB_S4"
expect_report "trace" "$hdr" 1380 "$evidence"
# (A hop that never answered would print as "hop 2 (no answer)": not a
# wrong place either.)
place_bh="^limit: large packets vanish between hop 2 \\(($(lab_re "$LAB_R2_R14")|no answer)\\) and hop 3 \\($(lab_re "$LAB_S4")\\): nothing above 1380 bytes gets through, and no \"too big\" reply comes back\$"
wrong=$(grep -E '^limit: ' "$LAB_OUT_FILE" | grep -Ev -- "$place_bh")
expect_eq "trace: no limit line names another place" "" "$wrong"
expect_trace "trace" \
	"$(lab_re_hop 1 "$LAB_R1_C4" "$ifmtu")" \
	"$(lab_re_hop 2 "$LAB_R2_R14" "$ifmtu")" \
	"$(lab_re_hop 3 "$LAB_S4" 1380 'black hole')" \
	-- "$limit_bh"
line=$(grep -E '^trace: ' "$LAB_OUT_FILE")
summary+=("trace: ${line#trace: } (wall $LAB_MS ms)")

# 3. --trace --json
lab_run --trace --json "$LAB_S4"
expect_rc "json trace" 0
expect_stderr_empty "json trace"
expect_json_shape "json trace"
expect_json_fields "json trace" family='"ipv4"' address="\"$LAB_S4\"" \
	status='"ok"' path_mtu=1380 evidence='"black_hole"' ptb_from=null \
	ptb_mtu=null ptbs_ignored=0
expect_json_eq "json trace: no limit at another hop" \
	'[h["hop"] for h in o["trace"]["hops"] if h["limit"] is not None]' '[3]'
expect_json_trace "json trace" true "[
	{\"hop\": 1, \"address\": \"$LAB_R1_C4\", \"path_mtu\": $ifmtu, \"limit\": null, \"ptb_from\": null},
	{\"hop\": 2, \"address\": \"$LAB_R2_R14\", \"path_mtu\": $ifmtu, \"limit\": null, \"ptb_from\": null},
	{\"hop\": 3, \"address\": \"$LAB_S4\", \"path_mtu\": 1380, \"limit\": \"black_hole\", \"ptb_from\": null}]"
summary+=("json trace: $(lab_json '"%d probes in %d rounds, %.0f ms" % (o["trace"]["probes"], o["trace"]["rounds"], o["trace"]["elapsed_ms"])' | tr -d '"') (wall $LAB_MS ms)")

# The lab itself: r1 really lost packets, and r2 generated and dropped
# frag-needed errors.
expect_counter_gt "lab: r1 dropped forwarded packets" "$LAB_NS_R1" lost 0
expect_counter_gt "lab: r2 generated and dropped frag-needed errors" "$LAB_NS_R2" ptb4 0

printf '\n'
lab_note "cost on the lossy path (reported, not judged):"
for s in "${summary[@]}"; do
	lab_note "  $s"
done
lab_note "  r1 dropped $(lab_nft_counter "$LAB_NS_R1" lost) forwarded packets in all"

lab_done
