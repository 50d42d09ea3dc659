#!/usr/bin/env bash
# tracerepeat: several --trace runs in quick succession on one path.  The
# routers rate-limit their Time Exceeded errors (Linux: a burst of 6, then
# one a second per destination for IPv4, four a second for IPv6 /64s), so
# after the first runs many TTL-limited probes draw no answer.  That may
# make a trace slower, but never wrong: every run must name the same
# limits as a single one.  Path as in twobottlenecks: link r1-r2 MTU 1400
# with r1's "too big" errors delivered, link r2-s MTU 1372 with r2 dropping
# its own (a black hole behind a PTB).
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

: "${TRACE_RUNS:=6}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1400 1372
lab_r2_ptb_rules drop

ifmtu=$(lab_if_mtu)
evidence='^evidence: black hole: probes above 1372 bytes vanish with no "too big" reply$'

summary=()
for fam in 4 6; do
	if [ "$fam" = 4 ]; then
		dst=$LAB_S4 r1=$LAB_R1_C4 r2=$LAB_R2_R14
	else
		dst=$LAB_S6 r1=$LAB_R1_C6 r2=$LAB_R2_R16
	fi
	hdr="^mtuprobe to .*$(lab_re "$dst").*, IPv$fam ICMP(v6)? echo, via $LAB_IF_C \\(MTU $ifmtu\\), source .*\$"
	for i in $(seq "$TRACE_RUNS"); do
		lab_run --trace "-$fam" "$dst"
		expect_report "ipv$fam run $i" "$hdr" 1372 "$evidence"
		expect_trace "ipv$fam run $i" \
			"$(lab_re_hop 1 "$r1" "$ifmtu")" \
			"$(lab_re_hop 2 "$r2" 1400 "ptb $fam $r1")" \
			"$(lab_re_hop 3 "$dst" 1372 'black hole')" \
			-- "$(lab_re_limit_ptb "$fam" 1 "$r1" 1400)" \
			"$(lab_re_limit_bh 2 "$r2" 3 "$dst" 1372)"
		summary+=("ipv$fam run $i: $(grep -E '^trace: ' "$LAB_OUT_FILE"); $(grep -cE '^limit: ' "$LAB_OUT_FILE") limit line(s)")
	done
done

printf '\n'
for s in "${summary[@]}"; do
	lab_note "$s"
done

lab_done
