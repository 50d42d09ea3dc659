#!/usr/bin/env bash
# lie_policed: the server answers echo requests at 5 a second and drops
# the rest (lab_police_echo), and r2's link to it is a 1380-byte black
# hole.  A probe lost to the policer looks like one lost to the black
# hole: mtuprobe must tell them apart, report 1380 by the black hole with
# a note that the host rations its replies (on the status line too, on a
# terminal), and end within 20 s (a bound
# the program promises, not a performance test: lab_run measures the wall
# time).  IPv4.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

BOUND_MS=20000

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1380
lab_black_hole
lab_police_echo 5

hdr4="^mtuprobe to $(lab_re "$LAB_SERVER_NAME") \\($(lab_re "$LAB_S4")\\), IPv4 "
ev_bh='^evidence: black hole: probes above 1380 bytes vanish with no "too big" reply$'

lab_run -4 "$LAB_SERVER_NAME"
expect_report "policed" "$hdr4" 1380 "$ev_bh"
expect_match "policed: note" '^note: .*rations' "$LAB_OUT"
expect_lt "policed: ends within the bound (ms)" "$BOUND_MS" "$LAB_MS"

lab_run --json -4 "$LAB_SERVER_NAME"
expect_rc "policed json" 0
expect_json_fields "policed json" status='"ok"' path_mtu=1380 \
	evidence='"black_hole"' policed=true confirmed=true
expect_lt "policed json: ends within the bound (ms)" "$BOUND_MS" "$LAB_MS"

lab_run_tty -4 "$LAB_SERVER_NAME"
expect_match "terminal: the status line says it slows down" \
	"~ESC\\[K$LAB_SERVER_NAME, ICMP round [0-9]+: path MTU [0-9]+ to [0-9]+, rationed, probing slowly" "$TTY"

# The lab: the policer dropped some of mtuprobe's requests, and of 20
# small echo requests in 0.2 s only a few are answered.
expect_counter_gt "lab: s dropped echo requests over the rate" "$LAB_NS_S" policed4 0
sleep 1
out=$(lab_ns "$LAB_NS_C" ping -n -q -c 20 -i 0.01 -W 1 "$LAB_S4" 2>&1)
got=$(printf '%s\n' "$out" | sed -n 's/^20 packets transmitted, \([0-9]*\) received.*/\1/p')
lab_note "20 echo requests in 0.2 s: ${got:-?} answered"
expect_match "lab: the policer answers a burst in part (1 to 7 of 20)" '^[1-7]$' "$got"

lab_done
