#!/usr/bin/env bash
# twobottlenecks: two limits on one path.  Link r1-r2 has MTU 1400 and
# r1's "too big" errors reach the client; link r2-s has MTU 1372 and r2
# drops the "too big" errors it generates (a black hole behind a PTB).
# IPv4 and IPv6: mtuprobe must report path MTU 1372 inferred from silence
# (evidence black hole), and --trace must name both limits: hop 1 (r1)
# says "too big" for packets above 1400, and large packets vanish between
# hop 2 (r2) and hop 3 (the server).  Text and --json.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1400 1372
lab_r2_ptb_rules drop

ifmtu=$(lab_if_mtu)
hdr4="^mtuprobe to .*$(lab_re "$LAB_S4").*, IPv4 ICMP echo, via $LAB_IF_C \\(MTU $ifmtu\\), source $(lab_re "$LAB_C4")\$"
hdr6="^mtuprobe to .*$(lab_re "$LAB_S6").*, IPv6 ICMP(v6)? echo, via $LAB_IF_C \\(MTU $ifmtu\\), source $(lab_re "$LAB_C6")\$"
evidence='^evidence: black hole: probes above 1372 bytes vanish with no "too big" reply$'

# The expected hop table and limit lines, per family.
hops4=(
	"$(lab_re_hop 1 "$LAB_R1_C4" "$ifmtu")"
	"$(lab_re_hop 2 "$LAB_R2_R14" 1400 "ptb 4 $LAB_R1_C4")"
	"$(lab_re_hop 3 "$LAB_S4" 1372 'black hole')"
)
limits4=(
	"$(lab_re_limit_ptb 4 1 "$LAB_R1_C4" 1400)"
	"$(lab_re_limit_bh 2 "$LAB_R2_R14" 3 "$LAB_S4" 1372)"
)
hops6=(
	"$(lab_re_hop 1 "$LAB_R1_C6" "$ifmtu")"
	"$(lab_re_hop 2 "$LAB_R2_R16" 1400 "ptb 6 $LAB_R1_C6")"
	"$(lab_re_hop 3 "$LAB_S6" 1372 'black hole')"
)
limits6=(
	"$(lab_re_limit_ptb 6 1 "$LAB_R1_C6" 1400)"
	"$(lab_re_limit_bh 2 "$LAB_R2_R16" 3 "$LAB_S6" 1372)"
)

# (The IPv4 and IPv6 --trace runs alternate: every trace draws Time
# Exceeded errors from r1 and r2, which rate-limit them per family.)

# 1. IPv4 without --trace: the report alone
lab_run "$LAB_S4"
expect_report "ipv4" "$hdr4" 1372 "$evidence"
expect_no_match "ipv4: no hop table without --trace" "$LAB_RE_TRACE_HEADER" "$LAB_OUT"
expect_no_match "ipv4: no limit lines without --trace" '^limit:' "$LAB_OUT"

# 2. IPv4 --trace
lab_run --trace "$LAB_S4"
expect_report "ipv4 trace" "$hdr4" 1372 "$evidence"
expect_trace "ipv4 trace" "${hops4[@]}" -- "${limits4[@]}"

# 3. IPv6 without --trace
lab_run -6 "$LAB_SERVER_NAME"
expect_report "ipv6" "$hdr6" 1372 "$evidence"
expect_no_match "ipv6: no hop table without --trace" "$LAB_RE_TRACE_HEADER" "$LAB_OUT"

# 4. IPv6 --trace
lab_run --trace -6 "$LAB_SERVER_NAME"
expect_report "ipv6 trace" "$hdr6" 1372 "$evidence"
expect_trace "ipv6 trace" "${hops6[@]}" -- "${limits6[@]}"

# 5. IPv4 --trace --json
lab_run --trace --json "$LAB_S4"
expect_rc "ipv4 json trace" 0
expect_stderr_empty "ipv4 json trace"
expect_json_shape "ipv4 json trace"
expect_json_fields "ipv4 json trace" family='"ipv4"' address="\"$LAB_S4\"" \
	status='"ok"' path_mtu=1372 evidence='"black_hole"' ptbs_ignored=0
expect_json_trace "ipv4 json trace" true "[
	{\"hop\": 1, \"address\": \"$LAB_R1_C4\", \"path_mtu\": $ifmtu, \"limit\": null, \"ptb_from\": null},
	{\"hop\": 2, \"address\": \"$LAB_R2_R14\", \"path_mtu\": 1400, \"limit\": \"ptb\", \"ptb_from\": \"$LAB_R1_C4\"},
	{\"hop\": 3, \"address\": \"$LAB_S4\", \"path_mtu\": 1372, \"limit\": \"black_hole\", \"ptb_from\": null}]"

# 6. IPv6 --trace --json
lab_run --trace --json "$LAB_SERVER6_NAME"
expect_rc "ipv6 json trace" 0
expect_stderr_empty "ipv6 json trace"
expect_json_shape "ipv6 json trace"
expect_json_fields "ipv6 json trace" family='"ipv6"' address="\"$LAB_S6\"" \
	status='"ok"' path_mtu=1372 evidence='"black_hole"' ptbs_ignored=0
expect_json_trace "ipv6 json trace" true "[
	{\"hop\": 1, \"address\": \"$LAB_R1_C6\", \"path_mtu\": $ifmtu, \"limit\": null, \"ptb_from\": null},
	{\"hop\": 2, \"address\": \"$LAB_R2_R16\", \"path_mtu\": 1400, \"limit\": \"ptb\", \"ptb_from\": \"$LAB_R1_C6\"},
	{\"hop\": 3, \"address\": \"$LAB_S6\", \"path_mtu\": 1372, \"limit\": \"black_hole\", \"ptb_from\": null}]"

# The lab itself: r1's "too big" errors reached the client (its kernel
# caches PMTU 1400 for the server), r2 generated and dropped its own, and
# the path carries 1372 but not 1373 bytes.
expect_match "lab: client kernel learnt PMTU 1400 (IPv4)" ' mtu 1400 ' \
	"$(ip -n "$LAB_NS_C" route get "$LAB_S4")"
expect_match "lab: client kernel learnt PMTU 1400 (IPv6)" ' mtu 1400 ' \
	"$(ip -n "$LAB_NS_C" -6 route get "$LAB_S6")"
expect_counter_gt "lab: r2 generated and dropped frag-needed errors" "$LAB_NS_R2" ptb4 0
expect_counter_gt "lab: r2 generated and dropped packet-too-big errors" "$LAB_NS_R2" ptb6 0
lab_ns "$LAB_NS_C" ping -n -q -c1 -W1 -M 'do' -s $((1372 - 28)) "$LAB_S4" >/dev/null
expect_eq "lab: 1372-byte DF ping passes" 0 $?
out=$(lab_ns "$LAB_NS_C" ping -n -c1 -W0.5 -M 'do' -s $((1373 - 28)) "$LAB_S4" 2>&1)
expect_match "lab: 1373-byte DF ping vanishes without a reply" \
	'^1 packets transmitted, 0 received, 100% packet loss' "$out"
lab_ns "$LAB_NS_C" ping -6 -n -q -c1 -W1 -M 'do' -s $((1372 - 48)) "$LAB_S6" >/dev/null
expect_eq "lab: 1372-byte IPv6 ping passes" 0 $?
out=$(lab_ns "$LAB_NS_C" ping -6 -n -c1 -W0.5 -M 'do' -s $((1373 - 48)) "$LAB_S6" 2>&1)
expect_match "lab: 1373-byte IPv6 ping vanishes without a reply" \
	'^1 packets transmitted, 0 received, 100% packet loss' "$out"

lab_done
