#!/usr/bin/env bash
# flood: a flood of unrelated ICMP, ICMPv6 and TCP at the client (from r1,
# tests/lab/flood.py: echo requests and replies, unreachables and "too
# big" errors about other packets, SYNs and ACKs to random ports) neither
# misleads the probe nor makes it work harder or grow.  Each probe (ICMP
# IPv4 and IPv6, TCP IPv4) runs once quiet and once flooded, on a black
# hole at 1380; flooded, it finds the same answer, in at most one more
# round and 8 more probes, and its peak memory grows by at most 1 MiB.
# The times are shown, not judged: bench/ measures speed.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1380
lab_black_hole
lab_server_listen 443

rx() { ip netns exec "$LAB_NS_C" cat "/sys/class/net/$LAB_IF_C/statistics/rx_packets"; }

# measured ARGS...: lab_run --json ARGS under a parent that reports the
# peak memory of its child (kB) in MAXRSS.
measured() {
	local wrapped
	wrapped=$(printf '%q ' "$MTUPROBE" --json "$@")
	LAB_OUT_FILE=$LAB_TMP/out
	timeout -k 2 "$LAB_RUN_TIMEOUT" ip netns exec "$LAB_NS_C" python3 -c '
import resource, subprocess, sys
r = subprocess.run(sys.argv[1:])
sys.stderr.write("maxrss %d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(r.returncode)' "$MTUPROBE" --json "$@" >"$LAB_OUT_FILE" 2>"$LAB_TMP/err"
	LAB_RC=$?
	MAXRSS=$(sed -n 's/^maxrss //p' "$LAB_TMP/err")
	LAB_OUT=$(cat "$LAB_OUT_FILE")
	printf '\n$ %s\n  (exit %s, peak memory %s kB)\n  %s\n' "$wrapped" "$LAB_RC" \
		"$MAXRSS" "$(printf '%s' "$LAB_OUT" | cut -c1-400)"
	expect_json_schema "its JSON" "$LAB_OUT_FILE"
}

for args in "-4" "-6" "-4 --tcp"; do
	read -r -a a <<<"$args"
	measured "${a[@]}" "$LAB_SERVER_NAME"
	expect_rc "quiet $args" 0
	expect_json_fields "quiet $args" path_mtu=1380 evidence='"black_hole"'
	q_rounds=$(lab_json 'o["rounds"]') q_probes=$(lab_json 'o["probes"]')
	q_rss=$MAXRSS q_ms=$(lab_json 'o["elapsed_ms"]')

	log=$LAB_TMP/flood.log
	# niced: what is tested is the traffic arriving, not a fight for the
	# CPU with the prober when other tests run beside this one
	ip netns exec "$LAB_NS_R1" nice -n 19 python3 "$LAB_DIR/flood.py" "$LAB_C4" "$LAB_C6" 30 \
		>"$log" 2>&1 &
	pid=$!
	LAB_BG_PIDS+=("$pid")
	lab_bg_ready "$pid" "$log" ready
	sleep 0.3
	rx0=$(rx)
	measured "${a[@]}" "$LAB_SERVER_NAME"
	rx1=$(rx)
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	lab_note "flood.py: $(tail -n 1 "$log"); the client received $((rx1 - rx0)) packets during the flooded probe"
	expect_rc "flooded $args" 0
	expect_json_fields "flooded $args" path_mtu=1380 evidence='"black_hole"'
	if [ $((rx1 - rx0)) -ge 1000 ]; then
		lab_ok "flooded $args: the flood was on ($((rx1 - rx0)) packets in)"
	else
		lab_fail "flooded $args: the flood was on" ">= 1000 packets in" "$((rx1 - rx0))"
	fi
	expect_json_true "flooded $args: at most one round more than quiet ($q_rounds)" \
		"o[\"rounds\"] <= $q_rounds + 1"
	expect_json_true "flooded $args: at most 8 probes more than quiet ($q_probes)" \
		"o[\"probes\"] <= $q_probes + 8"
	expect_lt "flooded $args: peak memory within 1 MiB of quiet ($q_rss kB)" \
		$((q_rss + 1024 + 1)) "$MAXRSS"
	lab_note "$args: quiet $q_ms ms, flooded $(lab_json 'o["elapsed_ms"]') ms (not judged)"
done

lab_done
