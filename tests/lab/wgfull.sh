#!/usr/bin/env bash
# wgfull: a full WireGuard tunnel in the way.  The client runs wg-quick
# with AllowedIPs = 0.0.0.0/0, ::/0 (wireguard-go), which sends every
# unmarked packet into the tunnel and lets only those with its fwmark
# (51820) out by the main table; the underlay has a 1380-byte black hole
# (r2 drops its "too big").  Probing the tunnel's own endpoint must
# measure the path under the tunnel, not the tunnel: mtuprobe finds 1380
# via c-r1, says it probed outside the tunnel with its fwmark, and
# --wg-config --write writes MTU = 1320 three times running with the
# tunnel up, and again with it down; contrib/mtuprobe-watch logs the
# path MTU once, and no change after, up or down; contrib/wg-mtu-hook
# keeps 1320, up or down (both as make builds them, in $CONTRIB, which
# make check gives).  A host beyond the tunnel is probed
# through it, and the heading says so.  As nobody, --fwmark is refused
# with exit status 3.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
command -v setpriv >/dev/null 2>&1 || lab_skip "needs setpriv (util-linux)"
command -v jq >/dev/null 2>&1 || lab_skip "needs jq (wg-mtu-hook reads mtuprobe's JSON with it)"
: "${CONTRIB:=$LAB_DIR/../../contrib}"
[ -f "$CONTRIB/wg-mtu-hook" ] || lab_die "no $CONTRIB/wg-mtu-hook: run make, or set CONTRIB"
lab_init
lab_wg_init
lab_topology 1500 1500 1380
lab_black_hole
lab_wg_keys

wg_server_conf
cat >"$CONF_C" <<EOF2
# a full tunnel: every packet but the tunnel's own goes into it
[Interface]
PrivateKey = $KEY_C
Address = $WG_C_IN/24

[Peer]
PublicKey = $PUB_S
Endpoint = $LAB_S4:$WG_PORT
AllowedIPs = 0.0.0.0/0, ::/0
EOF2
# the client reaches the world by a default route, as most do (the
# lab's routes to the server's networks would keep them out of the
# tunnel: wg-quick leaves routes more specific than a default alone)
for net in 10.99.2.0/24 10.99.3.0/24; do
	ip -n "$LAB_NS_C" route del "$net" || lab_die "route del $net"
done
ip -n "$LAB_NS_C" route add default via "$LAB_R1_C4" || lab_die "default route"
wg_up "$LAB_NS_S" "$CONF_S"
wg_up "$LAB_NS_C" "$CONF_C"

# The lab: the endpoint's route goes into the tunnel, and out by c-r1
# with the tunnel's mark.
expect_match "lab: the route to the endpoint goes into the tunnel" \
	"dev $WG_C " "$(ip -n "$LAB_NS_C" route get "$LAB_S4")"
expect_match "lab: with mark 51820 it goes out by c-r1" \
	"dev $LAB_IF_C " "$(ip -n "$LAB_NS_C" route get "$LAB_S4" mark 51820)"

hdr="^mtuprobe to $(lab_re "$LAB_S4") \\($(lab_re "$LAB_S4")\\), IPv4 ICMP echo, via $LAB_IF_C \\(MTU 1500\\), "
note="^note: probed outside the tunnel $WG_C, with its fwmark 51820\$"
ev='^evidence: black hole: probes above 1380 bytes vanish with no "too big" reply$'

lab_run "$LAB_S4"
expect_rc "endpoint, tunnel up" 0
expect_match "endpoint, tunnel up: the heading" "$hdr" "$LAB_OUT"
expect_match "endpoint, tunnel up: the note" "$note" "$LAB_OUT"
expect_match "endpoint, tunnel up: path MTU" '^path MTU: 1380$' "$LAB_OUT"
expect_match "endpoint, tunnel up: evidence" "$ev" "$LAB_OUT"

lab_run --json "$LAB_S4"
expect_rc "endpoint json" 0
expect_json_fields "endpoint json" path_mtu=1380 evidence='"black_hole"' \
	interface="\"$LAB_IF_C\"" fwmark=51820 outside_tunnel="\"$WG_C\"" \
	into_wireguard=false

# --wg-config --write with the tunnel up, three times: no ratchet
cp -p "$CONF_C" "$WG_DIR/saved.conf"
for i in 1 2 3; do
	lab_run --wg-config "$CONF_C" --write
	expect_rc "--write $i, tunnel up" 0
	expect_eq "--write $i, tunnel up: MTU = 1320" 1 \
		"$(grep -c '^MTU = 1320$' "$CONF_C")"
done

# contrib/mtuprobe-watch (mtuprobe -f) with the tunnel up: the path's
# MTU, then no change
printf '%s\n' "$LAB_S4" >"$LAB_TMP/endpoints"
WATCH=("$CONTRIB/mtuprobe-watch" "$LAB_TMP/endpoints" "$LAB_TMP/watch")
watch_out=$(ip netns exec "$LAB_NS_C" env MTUPROBE="$MTUPROBE" sh "${WATCH[@]}" 2>&1)
expect_eq "watch, tunnel up: the path MTU logged" "$LAB_S4: path MTU 1380" "$watch_out"
watch_out=$(ip netns exec "$LAB_NS_C" env MTUPROBE="$MTUPROBE" sh "${WATCH[@]}" 2>&1)
expect_eq "watch, tunnel up again: no change" "" "$watch_out"

# contrib/wg-mtu-hook probe, run with the tunnel up: the same MTU
HOOK=$CONTRIB/wg-mtu-hook
ip netns exec "$LAB_NS_C" env MTUPROBE="$MTUPROBE" MTUPROBE_STATE="$LAB_TMP/state" \
	sh "$HOOK" probe "$WG_C" "$CONF_C" >/dev/null 2>&1
expect_eq "wg-mtu-hook probe, tunnel up: 1320 kept" 1320 \
	"$(cat "$LAB_TMP/state/$WG_C.mtu" 2>/dev/null)"

# a host beyond the tunnel: through it, on purpose, and said so
lab_run "$WG_S_IN"
expect_match "beyond the tunnel: the heading" \
	"^mtuprobe to $(lab_re "$WG_S_IN") .*, via $WG_C \\(a WireGuard tunnel\\) \\(MTU [0-9]+\\), " \
	"$LAB_OUT"
expect_no_match "beyond the tunnel: no mark" '^note: probed' "$LAB_OUT"

# --fwmark is for whoever may set a mark: CAP_NET_ADMIN
lab_run_as "setpriv --reuid=65534 --regid=65534 --clear-groups" \
	--fwmark 51820 "$LAB_S4"
expect_rc "--fwmark as nobody" 3
expect_one_error_line "--fwmark as nobody"
expect_match "--fwmark as nobody: says what it needs" \
	'--fwmark 51820 .*needs CAP_NET_ADMIN' "$LAB_ERR"

# the tunnel down: the same answer, the same file
wg_down "$LAB_NS_C" "$CONF_C"
lab_run "$LAB_S4"
expect_rc "endpoint, tunnel down" 0
expect_match "endpoint, tunnel down: path MTU" '^path MTU: 1380$' "$LAB_OUT"
expect_no_match "endpoint, tunnel down: no note" '^note: probed' "$LAB_OUT"
lab_run --wg-config "$CONF_C" --write
expect_rc "--write, tunnel down" 0
expect_eq "--write, tunnel down: MTU = 1320 still" 1 \
	"$(grep -c '^MTU = 1320$' "$CONF_C")"
watch_out=$(ip netns exec "$LAB_NS_C" env MTUPROBE="$MTUPROBE" sh "${WATCH[@]}" 2>&1)
expect_eq "watch, tunnel down: no change" "" "$watch_out"
ip netns exec "$LAB_NS_C" env MTUPROBE="$MTUPROBE" MTUPROBE_STATE="$LAB_TMP/state" \
	sh "$HOOK" probe "$WG_C" "$CONF_C" >/dev/null 2>&1
expect_eq "wg-mtu-hook probe, tunnel down: 1320 kept" 1320 \
	"$(cat "$LAB_TMP/state/$WG_C.mtu" 2>/dev/null)"

lab_done
