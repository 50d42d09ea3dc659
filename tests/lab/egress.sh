#!/usr/bin/env bash
# egress: two uplinks from the client to r1, c-r1 (MTU 1500) and c-r1b
# (MTU 1400), the second chosen by policy: packets with firewall mark 7
# and packets from c's address on it take table 7, which reaches the
# server by c-r1b; the main table has it too, at a worse metric.  The
# way out chosen by hand must be the one probed, both families:
#   default        via c-r1,  1500
#   --fwmark 7     via c-r1b, 1400 (the mark rule)
#   -I c-r1b       via c-r1b, 1400 (the interface)
#   -I ADDRESS     via c-r1b, 1400 (the source rule)
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1500
lab_link "$LAB_NS_C" c-r1b "$LAB_NS_R1" r1-cb 1400 6
lab_route "$LAB_NS_R2" 10.99.6.0/24 "$LAB_R1_R24"
lab_route "$LAB_NS_R2" fd00:99:6::/64 "$LAB_R1_R26"
lab_route "$LAB_NS_S" 10.99.6.0/24 "$LAB_R2_S4"
lab_route "$LAB_NS_S" fd00:99:6::/64 "$LAB_R2_S6"
for fam in 4 6; do
	if [ "$fam" = 4 ]; then
		net=10.99.3.0/24 gw=10.99.6.2 src=10.99.6.1
	else
		net=fd00:99:3::/64 gw=fd00:99:6::2 src=fd00:99:6::1
	fi
	ip -"$fam" -n "$LAB_NS_C" route add "$net" via "$gw" dev c-r1b metric 4000 ||
		lab_die "route $net metric 4000"
	ip -"$fam" -n "$LAB_NS_C" route add "$net" via "$gw" dev c-r1b table 7 ||
		lab_die "route $net table 7"
	ip -"$fam" -n "$LAB_NS_C" rule add fwmark 7 table 7 || lab_die "rule fwmark"
	ip -"$fam" -n "$LAB_NS_C" rule add from "$src" table 7 || lab_die "rule from"
done
lab_wait_ready

for fam in 4 6; do
	dst=$LAB_S4 src=10.99.6.1
	[ "$fam" = 6 ] && dst=$LAB_S6 src=fd00:99:6::1
	ev='^evidence: interface limit: the path carries the full MTU of '
	lab_run "$dst"
	expect_rc "ipv$fam default" 0
	expect_match "ipv$fam default: via c-r1" ', via c-r1 \(MTU 1500\), ' "$LAB_OUT"
	expect_match "ipv$fam default: path MTU" '^path MTU: 1500$' "$LAB_OUT"
	for way in "--fwmark 7" "-I c-r1b" "-I $src"; do
		# shellcheck disable=SC2086  # (two words)
		lab_run $way "$dst"
		expect_rc "ipv$fam $way" 0
		expect_match "ipv$fam $way: via c-r1b" ', via c-r1b \(MTU 1400\), ' "$LAB_OUT"
		expect_match "ipv$fam $way: path MTU" '^path MTU: 1400$' "$LAB_OUT"
		expect_match "ipv$fam $way: evidence" "${ev}c-r1b\$" "$LAB_OUT"
	done
	lab_run --json --fwmark 7 "$dst"
	expect_json_fields "ipv$fam --fwmark json" fwmark=7 interface='"c-r1b"' \
		outside_tunnel=null path_mtu=1400
done

lab_run -I nosuch0 "$LAB_S4"
expect_rc "-I nosuch0" 2
expect_one_error_line "-I nosuch0"
expect_match "-I nosuch0: says so" '-I nosuch0: no such interface' "$LAB_ERR"

lab_done
