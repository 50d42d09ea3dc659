#!/usr/bin/env bash
# contrib: the examples of contrib/ do their jobs on the lab's black hole
# (1380 behind r2, its "too big" errors dropped).
#  - wg-mtu-hook: "probe" keeps the MTU mtuprobe proposes for a wg-quick
#    file (1320), "set" gives it to the interface; an endpoint that
#    cannot be sized leaves the MTU alone.
#  - mtuprobe-watch: the first run logs each host's path MTU, a second
#    logs nothing, and after the bottleneck shrinks to 1300 a third logs
#    the change; the textfile copy follows.
#  - mtuprobe-clamp@.service: its ExecStart, as the unit file has it,
#    loads a clamp for an interface that does not exist yet (MSS 1280
#    inside WireGuard), and its ExecStop removes it.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1380
lab_black_hole
CONTRIB=$LAB_DIR/../../contrib

# in_c CMD...: CMD in the client namespace, with mtuprobe the binary under
# test; sets OUT (stdout and stderr) and RC.
in_c() {
	OUT=$(ip netns exec "$LAB_NS_C" env MTUPROBE="$MTUPROBE" \
		MTUPROBE_STATE="$LAB_TMP/state" "$@" 2>&1)
	RC=$?
	printf '\n$ %s\n  (exit %s)\n' "$*" "$RC"
	printf '%s\n' "$OUT" | sed 's/^/  | /'
}

# --- wg-mtu-hook
printf '[Interface]\nPrivateKey = x\n\n[Peer]\nEndpoint = %s:51820\n' "$LAB_S4" >"$LAB_TMP/wg7.conf"
in_c sh "$CONTRIB/wg-mtu-hook" probe wg7 "$LAB_TMP/wg7.conf"
expect_eq "wg-mtu-hook probe: exit code" 0 "$RC"
expect_eq "wg-mtu-hook probe: says what it measured" \
	"$CONTRIB/wg-mtu-hook: wg7: measured MTU 1320" "$OUT"
expect_eq "wg-mtu-hook probe: keeps it" 1320 "$(cat "$LAB_TMP/state/wg7.mtu")"
ip -n "$LAB_NS_C" link add wg7 type veth peer name wg7p || lab_die "veth wg7"
in_c sh "$CONTRIB/wg-mtu-hook" set wg7
expect_eq "wg-mtu-hook set: exit code" 0 "$RC"
expect_eq "wg-mtu-hook set: the interface has it" 1320 \
	"$(ip netns exec "$LAB_NS_C" cat /sys/class/net/wg7/mtu)"
printf '[Interface]\nPrivateKey = x\nMTU = 1400\n\n[Peer]\nEndpoint = %s:51820\n' "$LAB_NOROUTE4" >"$LAB_TMP/wg8.conf"
ip -n "$LAB_NS_C" link add wg8 mtu 1400 type veth peer name wg8p || lab_die "veth wg8"
in_c sh "$CONTRIB/wg-mtu-hook" probe wg8 "$LAB_TMP/wg8.conf"
expect_eq "wg-mtu-hook probe, no route: exit code" 0 "$RC"
expect_match "wg-mtu-hook probe, no route: says so" 'wg8: no MTU measured; keeping the configured one' "$OUT"
in_c sh "$CONTRIB/wg-mtu-hook" set wg8
expect_eq "wg-mtu-hook set, no route: the MTU is left" 1400 \
	"$(ip netns exec "$LAB_NS_C" cat /sys/class/net/wg8/mtu)"

# --- mtuprobe-watch
printf '# the lab\n%s\n%s\n' "$LAB_S4" "$LAB_S6" >"$LAB_TMP/endpoints"
W=("$CONTRIB/mtuprobe-watch" "$LAB_TMP/endpoints" "$LAB_TMP/watch" "$LAB_TMP/mtu.prom")
in_c sh "${W[@]}"
expect_eq "watch, first: exit code" 0 "$RC"
expect_eq "watch, first: each path MTU logged" \
"$LAB_S4: path MTU 1380
$LAB_S6: path MTU 1380" "$OUT"
expect_match "watch, first: the textfile" \
	"^mtuprobe_path_mtu_bytes\\{host=\"$LAB_S4\".*\\} 1380\$" "$(cat "$LAB_TMP/mtu.prom")"
in_c sh "${W[@]}"
expect_eq "watch, again: exit code" 0 "$RC"
expect_eq "watch, again: nothing changed, nothing logged" "" "$OUT"
lab_set_link_mtu "$LAB_NS_R2" r2-s "$LAB_NS_S" s-r2 1300
in_c sh "${W[@]}"
expect_eq "watch, after the change: exit code" 0 "$RC"
expect_eq "watch, after the change: logged" \
"$LAB_S4: path MTU changed from 1380 to 1300
$LAB_S6: path MTU changed from 1380 to 1300" "$OUT"
expect_match "watch, after the change: the textfile follows" \
	"^mtuprobe_path_mtu_bytes\\{host=\"$LAB_S6\".*\\} 1300\$" "$(cat "$LAB_TMP/mtu.prom")"
expect_eq "watch: only its state is kept" "last.prom" "$(ls "$LAB_TMP/watch")"
lab_set_link_mtu "$LAB_NS_R2" r2-s "$LAB_NS_S" s-r2 1380

# --- mtuprobe-clamp@.service, its commands as the unit has them
unit=$CONTRIB/mtuprobe-clamp@.service
cmd() {
	sed -n "s/^$1=//p" "$unit" | sed "s/%i/wg9/g; s|/usr/local/sbin/mtuprobe|$MTUPROBE|g"
}
start=$(cmd ExecStart) stop=$(cmd ExecStop)
[ -n "$start" ] && [ -n "$stop" ] || lab_die "no ExecStart or ExecStop in $unit"
start=${start#/bin/bash -c \'}
start=${start%\'}
in_c env ENDPOINT="$LAB_SERVER4_NAME" bash -c "$start"
expect_eq "clamp unit, start: exit code" 0 "$RC"
expect_eq "clamp unit, start: MSS 1280 (1380 less 60 less 40) through wg9" \
"iifname \"wg9\" meta nfproto ipv4 tcp flags syn / syn,rst tcp option maxseg size > 1280 tcp option maxseg size set 1280
iifname \"wg9\" meta nfproto ipv6 tcp flags syn / syn,rst tcp option maxseg size > 1260 tcp option maxseg size set 1260
oifname \"wg9\" meta nfproto ipv4 tcp flags syn / syn,rst tcp option maxseg size > 1280 tcp option maxseg size set 1280
oifname \"wg9\" meta nfproto ipv6 tcp flags syn / syn,rst tcp option maxseg size > 1260 tcp option maxseg size set 1260" \
	"$(lab_nft_rules "$LAB_NS_C")"
in_c $stop
expect_eq "clamp unit, stop: exit code" 0 "$RC"
expect_eq "clamp unit, stop: no table left" "[]" "$(lab_nft_json "$LAB_NS_C" ours)"
# and with no path to size, the unit fails rather than load nothing
in_c env ENDPOINT="$LAB_NOROUTE4" bash -c "$start"
expect_eq "clamp unit, no route: fails" 1 "$RC"
expect_eq "clamp unit, no route: no table" "[]" "$(lab_nft_json "$LAB_NS_C" ours)"

lab_done
