#!/usr/bin/env bash
# ptbration: two routers in a row, each letting out at most one "too big"
# a second (lab_ration_ptbs): r1's link to r2 carries 1400 bytes, r2's to
# the server 1380.  A silence above the MTU a router named is that
# router's word, rationed: mtuprobe must find 1380 by r2's "too big",
# exact, in at most 3 rounds (no pause of a second), both families.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1400 1380
lab_ration_ptbs "$LAB_NS_R1"
lab_ration_ptbs "$LAB_NS_R2"

for fam in 4 6; do
	from=$LAB_PTB_FROM4
	[ "$fam" = 6 ] && from=$LAB_PTB_FROM6
	# a second apart: each router has its token back
	sleep 1
	lab_run --json "-$fam" "$LAB_SERVER_NAME"
	expect_rc "ipv$fam" 0
	expect_json_fields "ipv$fam" status='"ok"' path_mtu=1380 \
		evidence='"ptb"' ptb_mtu=1380 ptb_from="\"$from\""
	# at most 5 rounds, as asked; in fact 3, with no round spent
	# waiting out a router's rate limit (before: 4 and 5, and 1.1 s)
	expect_json_true "ipv$fam: at most 3 rounds, none to wait out a rate limit" \
		'o["rounds"] <= 3'
	held=$(($(lab_nft_counter "$LAB_NS_R1" "rationed$fam" mtpration) +
		$(lab_nft_counter "$LAB_NS_R2" "rationed$fam" mtpration)))
	expect_lt "ipv$fam: the routers held back some \"too big\"" "$held" 0
done

lab_done
