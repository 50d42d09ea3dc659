#!/usr/bin/env bash
# vxlan: the "vxlan" row of the advice is the MTU the kernel gives a VXLAN
# device itself, and inner packets of that size cross a real VXLAN over a
# PMTUD black hole, one byte more does not.
#
# c -[9000]- r1 -[9000]- r2 -[M]- s, r2 drops its own "too big" errors,
# for M = 1500, 1454, 1400 and 1280, over an IPv4 and an IPv6 underlay.
# For each:
#  1. mtuprobe --tunnel vxlan, run in c toward s's underlay address,
#     finds M and advises M - 50 (IPv4) or M - 70 (IPv6);
#     mtuprobe --path-mtu M --tunnel vxlan says the same without probing.
#  2. A VXLAN device that s makes over s-r2 (MTU M) gets exactly that MTU
#     from the kernel (vxlan_config_apply: the lower device's MTU less
#     VXLAN_HEADROOM or VXLAN6_HEADROOM).
#  3. Between a VXLAN device in c and one in s, both at that MTU, a ping
#     with DF of exactly that size crosses (the outer packet is M bytes);
#     with c's device one byte larger, the ping of one byte more
#     vanishes (its outer packet, M + 1 bytes, meets the black hole at
#     r2, which found it too big).
# The links before the bottleneck are 9000 bytes so that c never knows
# the bottleneck: every packet that does not fit goes into the black hole.
#
# Over IPv4 the devices are made with "df set": by default (df unset) the
# kernel sends the outer packets without DF, and r2 fragments the one
# byte too many instead of dropping it (checked once, at M = 1454).
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init

VX=vx$$         # the VXLAN device, in c and in s
VX_ID=42
VX_PORT=4789
VX_C_IN=10.96.0.1 # inner addresses and MACs
VX_S_IN=10.96.0.2
VX_C_MAC=02:96:00:00:00:01
VX_S_MAC=02:96:00:00:00:02

# vx_add NS ADDR REMOTE LOCAL DEV MAC PEER_ADDR PEER_MAC [DF]: a VXLAN
# device in NS over DEV toward REMOTE, with inner address ADDR and a
# permanent neighbour entry for the other end (no ARP through the tunnel:
# the only packets on the underlay are the test's).
vx_add() {
	ip -n "$1" link add "$VX" address "$6" type vxlan id "$VX_ID" \
		remote "$3" local "$4" dev "$5" dstport "$VX_PORT" ${9:+df "$9"} ||
		lab_die "vxlan device in $1"
	ip -n "$1" addr add "$2/24" dev "$VX" || lab_die "address on $VX in $1"
	ip -n "$1" neigh replace "$7" lladdr "$8" dev "$VX" nud permanent ||
		lab_die "neighbour on $VX in $1"
	ip -n "$1" link set "$VX" up || lab_die "$VX up in $1"
}

vx_mtu() {
	ip netns exec "$1" cat "/sys/class/net/$VX/mtu"
}

vx_set_mtu() {
	ip -n "$1" link set "$VX" mtu "$2" || lab_die "mtu $2 on $VX in $1"
}

# vx_ping SIZE: one ping with DF from c to s through the tunnel, of an IP
# packet of SIZE bytes; its exit code.
vx_ping() {
	ip netns exec "$LAB_NS_C" ping -n -q -M "do" -c 1 -W 2 -s $(($1 - 28)) "$VX_S_IN" \
		>"$LAB_TMP/ping" 2>&1
	local rc=$?
	printf '\n$ ping -M do -c 1 -W 2 -s %s %s (in c)\n  (exit %s)\n' \
		$(($1 - 28)) "$VX_S_IN" "$rc"
	sed 's/^/  /' "$LAB_TMP/ping"
	return "$rc"
}

# vx_case 4|6 M: the checks above for one family and bottleneck M.
vx_case() {
	local fam=$1 m=$2 over=50 c_addr=$LAB_C4 s_addr=$LAB_S4 df=set
	local advised kernel ptb=ptb4 before d="IPv$1 underlay, bottleneck $2"
	if [ "$fam" = 6 ]; then
		over=70 c_addr=$LAB_C6 s_addr=$LAB_S6 df="" ptb=ptb6
	fi
	lab_set_link_mtu "$LAB_NS_R2" r2-s "$LAB_NS_S" s-r2 "$m"

	# 1. the advice, probed and computed
	lab_run --tunnel vxlan "-$fam" "$s_addr"
	expect_rc "$d: mtuprobe --tunnel vxlan" 0
	expect_match "$d: the path MTU found" \
		"^advice for a path MTU of $m to an IPv$fam endpoint:\$" "$LAB_ADVICE"
	advised=$(printf '%s\n' "$LAB_ADVICE" | sed -n 's/^  VXLAN  *\([0-9][0-9]*\) .*/\1/p')
	expect_eq "$d: the vxlan row is $m - $over" $((m - over)) "$advised"
	lab_run --path-mtu "$m" --tunnel vxlan "-$fam"
	expect_match "$d: --path-mtu $m gives the same" "^  VXLAN +$((m - over)) " "$LAB_ADVICE"

	# 2. the kernel's own figure
	vx_add "$LAB_NS_S" "$VX_S_IN" "$c_addr" "$s_addr" s-r2 "$VX_S_MAC" \
		"$VX_C_IN" "$VX_C_MAC" "$df"
	kernel=$(vx_mtu "$LAB_NS_S")
	expect_eq "$d: the kernel gives a VXLAN device over s-r2 (MTU $m) the vxlan row" \
		"$advised" "$kernel"

	# 3. a real tunnel at that MTU
	vx_add "$LAB_NS_C" "$VX_C_IN" "$s_addr" "$c_addr" c-r1 "$VX_C_MAC" \
		"$VX_S_IN" "$VX_S_MAC" "$df"
	vx_set_mtu "$LAB_NS_C" "$advised"
	before=$(lab_nft_counter "$LAB_NS_R2" "$ptb")
	if vx_ping "$advised"; then
		lab_ok "$d: a ping of $advised bytes with DF crosses the tunnel"
	else
		lab_fail "$d: a ping of $advised bytes with DF crosses the tunnel" "an answer" "none"
	fi
	expect_eq "$d: its outer packet fitted (r2's 'too big' counter unchanged)" \
		"$before" "$(lab_nft_counter "$LAB_NS_R2" "$ptb")"
	vx_set_mtu "$LAB_NS_C" $((advised + 1))
	if vx_ping $((advised + 1)); then
		lab_fail "$d: a ping of $((advised + 1)) bytes with DF vanishes" "no answer" "an answer"
	else
		lab_ok "$d: a ping of $((advised + 1)) bytes with DF vanishes"
	fi
	expect_counter_gt "$d: r2 found its outer packet too big (and dropped its error)" \
		"$LAB_NS_R2" "$ptb" "$before"

	ip -n "$LAB_NS_C" link del "$VX"
	ip -n "$LAB_NS_S" link del "$VX"
}

lab_topology 9000 9000 1500
lab_black_hole

for m in 1500 1454 1400 1280; do
	vx_case 4 "$m"
	vx_case 6 "$m"
done

# Without "df set" r2 fragments the outer IPv4 packet that is one byte
# too big, and the ping crosses after all.
d="IPv4 underlay, bottleneck 1454, df unset (the default)"
lab_set_link_mtu "$LAB_NS_R2" r2-s "$LAB_NS_S" s-r2 1454
vx_add "$LAB_NS_S" "$VX_S_IN" "$LAB_C4" "$LAB_S4" s-r2 "$VX_S_MAC" "$VX_C_IN" "$VX_C_MAC"
vx_add "$LAB_NS_C" "$VX_C_IN" "$LAB_S4" "$LAB_C4" c-r1 "$VX_C_MAC" "$VX_S_IN" "$VX_S_MAC"
vx_set_mtu "$LAB_NS_C" 1405
before=$(lab_nft_counter "$LAB_NS_R2" ptb4)
if vx_ping 1405; then
	lab_ok "$d: a ping of 1405 bytes with DF crosses, fragmented by r2"
else
	lab_fail "$d: a ping of 1405 bytes with DF crosses, fragmented by r2" "an answer" "none"
fi
expect_eq "$d: r2 had nothing to say 'too big' about" \
	"$before" "$(lab_nft_counter "$LAB_NS_R2" ptb4)"

lab_done
