#!/usr/bin/env bash
# contrib: the examples of contrib/ do their jobs on the lab's black hole
# (1380 behind r2, its "too big" errors dropped).
# The scripts and units are those make builds from contrib/*.in, in
# $CONTRIB (make check says where), with the binary under test.
#  - wg-mtu-hook: "probe" keeps the MTU mtuprobe proposes for a wg-quick
#    file (1320), read from its JSON, "set" gives it to the interface; an
#    endpoint that cannot be sized leaves the MTU alone.
#  - mtuprobe-watch: the first run logs each host's path MTU, a second
#    logs nothing, and after the bottleneck shrinks to 1300 a third logs
#    the change; the textfile copy follows. Run as its unit runs it, it
#    keeps its state in $STATE_DIRECTORY and its textfile in
#    $MTUPROBE_TEXTFILE.
#  - mtuprobe-clamp@.service: its ExecStart, as the unit file has it,
#    loads a clamp for an interface that does not exist yet (MSS 1280
#    inside WireGuard) into a table of the instance's own; a second
#    instance loads its own beside it; the ExecStop of one removes its
#    table and leaves the other's.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
command -v jq >/dev/null 2>&1 || lab_skip "needs jq (wg-mtu-hook reads mtuprobe's JSON with it)"
: "${CONTRIB:=$LAB_DIR/../../contrib}"
[ -f "$CONTRIB/wg-mtu-hook" ] || lab_die "no $CONTRIB/wg-mtu-hook: run make, or set CONTRIB"
lab_init
lab_topology 1500 1500 1380
lab_black_hole

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
# as the unit runs it: the list alone, the state directory systemd made
mkdir "$LAB_TMP/state-dir"
in_c env STATE_DIRECTORY="$LAB_TMP/state-dir" \
	MTUPROBE_TEXTFILE="$LAB_TMP/exporter.prom" sh "${W[0]}" "${W[1]}"
expect_eq "watch, as the unit runs it: exit code" 0 "$RC"
expect_eq "watch, as the unit runs it: logged" \
"$LAB_S4: path MTU 1380
$LAB_S6: path MTU 1380" "$OUT"
expect_eq "watch, as the unit runs it: its state in \$STATE_DIRECTORY" \
	"last.prom" "$(ls "$LAB_TMP/state-dir")"
expect_match "watch, as the unit runs it: the textfile of \$MTUPROBE_TEXTFILE" \
	"^mtuprobe_path_mtu_bytes\\{host=\"$LAB_S4\".*\\} 1380\$" "$(cat "$LAB_TMP/exporter.prom")"

# --- mtuprobe-clamp@.service, its commands as the unit has them
unit=$CONTRIB/mtuprobe-clamp@.service
# cmd KEY IFACE: the command line of KEY for the instance IFACE, the
# binary under test for the one the unit names
cmd() {
	sed -n "s/^$1=//p" "$unit" | sed "s/%i/$2/g; s|[^ ']*/mtuprobe |$MTUPROBE |g"
}
# rules4 IFACE: the four rules of the clamp through IFACE, MSS 1280 (1380
# less 60 less 40) and 1260
rules4() {
	local t='tcp flags syn / syn,rst tcp option maxseg size >'
	printf 'iifname "%s" meta nfproto ipv4 %s 1280 tcp option maxseg size set 1280\n' "$1" "$t"
	printf 'iifname "%s" meta nfproto ipv6 %s 1260 tcp option maxseg size set 1260\n' "$1" "$t"
	printf 'oifname "%s" meta nfproto ipv4 %s 1280 tcp option maxseg size set 1280\n' "$1" "$t"
	printf 'oifname "%s" meta nfproto ipv6 %s 1260 tcp option maxseg size set 1260' "$1" "$t"
}
for i in wg9 wg10; do
	start=$(cmd ExecStart $i)
	[ -n "$start" ] && [ -n "$(cmd ExecStop $i)" ] ||
		lab_die "no ExecStart or ExecStop in $unit"
	start=${start#/bin/bash -c \'}
	start=${start%\'}
	in_c env ENDPOINT="$LAB_SERVER4_NAME" bash -c "$start"
	expect_eq "clamp unit $i, start: exit code" 0 "$RC"
	expect_eq "clamp unit $i, start: its table, MSS 1280 through $i" \
		"$(rules4 $i)" "$(lab_nft_rules "$LAB_NS_C" mtuprobe-$i)"
done
expect_eq "clamp units wg9 and wg10: side by side" \
	"inet mtuprobe-wg10
inet mtuprobe-wg9" "$(lab_nft_tables "$LAB_NS_C")"
in_c $(cmd ExecStop wg9)
expect_eq "clamp unit wg9, stop: exit code" 0 "$RC"
expect_eq "clamp unit wg9, stop: only wg10's table is left" \
	"inet mtuprobe-wg10" "$(lab_nft_tables "$LAB_NS_C")"
expect_eq "clamp unit wg9, stop: wg10's rules are as they were" \
	"$(rules4 wg10)" "$(lab_nft_rules "$LAB_NS_C" mtuprobe-wg10)"
in_c $(cmd ExecStop wg10)
expect_eq "clamp unit wg10, stop: no table left" "" "$(lab_nft_tables "$LAB_NS_C")"
# and with no path to size, the unit fails rather than load nothing
in_c env ENDPOINT="$LAB_NOROUTE4" bash -c "$start"
expect_eq "clamp unit, no route: fails" 1 "$RC"
expect_eq "clamp unit, no route: no table" "" "$(lab_nft_tables "$LAB_NS_C")"

lab_done
