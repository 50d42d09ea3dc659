#!/usr/bin/env bash
# linklocal: a link-local host is on one link only, and the same address
# can be another host on another link. The client has two links, and the
# neighbour at the end of each has the link-local address fe80::99:1:
#   c-r1, MTU 1400 both ends: r1
#   c-s,  MTU 1500 both ends: s (a second, direct link to the server)
# fe80::99:1%c-r1 and -I c-r1 fe80::99:1 must measure r1's link (1400),
# %c-s and -I c-s the other (1500), every packet to the neighbour named
# and none to the other; the report names the link of the address and
# of the source. Raw sockets, TCP, UDP (as nobody), -f and --wg-config
# all carry the link. Without a link, or with two, it is an error said
# in one sentence before any packet leaves.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
command -v setpriv >/dev/null 2>&1 || lab_skip "needs setpriv (util-linux)"
lab_init
lab_topology 1400 1500 1500
lab_link "$LAB_NS_C" c-s "$LAB_NS_S" s-c 1500 7
lab_wait_ready

LL=fe80::99:1
# the link-local addresses of the client on each link
ll_of() {
	ip -n "$LAB_NS_C" -6 -o addr show dev "$1" scope link |
		awk '{ sub("/.*", "", $4); print $4 }'
}
LL_C1=$(ll_of c-r1)
LL_C7=$(ll_of c-s)
if [ -z "$LL_C1" ] || [ -z "$LL_C7" ]; then
	lab_die "no link-local address on c-r1 or c-s"
fi
# neighbour NS DEV CLIENT CDEV NET: the neighbour NS has $LL on DEV, the
# link NET to the client's CDEV, whose address there is CLIENT; both know
# the other (no ND traffic), and NS counts every packet it takes for $LL.
neighbour() {
	local ns=$1 dev=$2 client=$3 cdev=$4 net=$5
	ip -n "$ns" addr add "$LL/64" dev "$dev" nodad || lab_die "$LL on $dev"
	ip -n "$LAB_NS_C" neigh replace "$LL" dev "$cdev" nud permanent \
		lladdr "$(printf '02:99:%02x:00:00:02' "$net")" ||
		lab_die "neighbour $LL on $cdev"
	ip -n "$ns" neigh replace "$client" dev "$dev" nud permanent \
		lladdr "$(printf '02:99:%02x:00:00:01' "$net")" ||
		lab_die "neighbour $client on $dev"
	lab_nft "$ns" <<EOF
table inet mtplab {
	counter ll { }
	chain in {
		type filter hook input priority 0; policy accept;
		ip6 daddr $LL counter name "ll"
	}
}
EOF
}
neighbour "$LAB_NS_R1" r1-c "$LL_C1" c-r1 1
neighbour "$LAB_NS_S" s-c "$LL_C7" c-s 7

COUNT_R1=0 COUNT_S=0
# expect_link DESC LINK: the last run probed $LL on LINK (c-r1 or c-s):
# packets reached that link's neighbour since the last check, none the
# other's.
expect_link() {
	local r1 s
	r1=$(lab_nft_counter "$LAB_NS_R1" ll)
	s=$(lab_nft_counter "$LAB_NS_S" ll)
	if [ "$2" = c-r1 ]; then
		expect_lt "$1: packets to r1 on c-r1" "$r1" "$COUNT_R1"
		expect_eq "$1: no packet to s on c-s" "$COUNT_S" "$s"
	else
		expect_lt "$1: packets to s on c-s" "$s" "$COUNT_S"
		expect_eq "$1: no packet to r1 on c-r1" "$COUNT_R1" "$r1"
	fi
	COUNT_R1=$r1 COUNT_S=$s
}

# expect_nothing_sent DESC
expect_nothing_sent() {
	expect_eq "$1: no packet to r1" "$COUNT_R1" "$(lab_nft_counter "$LAB_NS_R1" ll)"
	expect_eq "$1: no packet to s" "$COUNT_S" "$(lab_nft_counter "$LAB_NS_S" ll)"
}

# expect_ll_report DESC LINK HOST METHOD: the text report of the last run
# probed $LL (written HOST) over LINK, with its MTU, from the client's
# address there.
expect_ll_report() {
	local desc=$1 link=$2 host=$3 mtu=1400 src=$LL_C1
	[ "$link" = c-s ] && mtu=1500 src=$LL_C7
	expect_report "$desc" \
		"^mtuprobe to $(lab_re "$host") \\($(lab_re "$LL%$link")\\), IPv6 $4, via $link \\(MTU $mtu\\), source $(lab_re "$src%$link")\$" \
		"$mtu" "^evidence: interface limit: the path carries the full MTU of $link\$"
	expect_link "$desc" "$link"
}

# ------------------------------------------- the zone, and -I, name the link
for link in c-r1 c-s; do
	lab_run "$LL%$link"
	expect_ll_report "$LL%$link" "$link" "$LL%$link" "ICMP echo"
	lab_run -I "$link" "$LL"
	expect_ll_report "-I $link $LL" "$link" "$LL" "ICMP echo"
done
lab_run -I c-r1 "$LL%c-r1"
expect_ll_report "-I c-r1 and its zone" c-r1 "$LL%c-r1" "ICMP echo"
# the zone may be the interface's index
idx=$(ip netns exec "$LAB_NS_C" cat /sys/class/net/c-s/ifindex) ||
	lab_die "index of c-s"
lab_run "$LL%$idx"
expect_ll_report "$LL%$idx" c-s "$LL%$idx" "ICMP echo"

lab_run --json "$LL%c-r1"
expect_rc "json" 0
expect_json_shape "json"
expect_json_fields "json" host="\"$LL%c-r1\"" address="\"$LL%c-r1\"" \
	family='"ipv6"' interface='"c-r1"' interface_mtu=1400 \
	source="\"$LL_C1%c-r1\"" path_mtu=1400 evidence='"interface"'
expect_link "json" c-r1
lab_run --json -I c-s "$LL"
expect_json_fields "json -I c-s" host="\"$LL\"" address="\"$LL%c-s\"" \
	interface='"c-s"' source="\"$LL_C7%c-s\"" path_mtu=1500
expect_link "json -I c-s" c-s

# TCP SYNs over the raw TCP socket: r1 answers with RSTs
lab_run --tcp 443 "$LL%c-r1"
expect_ll_report "--tcp" c-r1 "$LL%c-r1" "TCP SYN to port 443"

# without CAP_NET_RAW (and no ICMP datagram sockets in the lab): UDP
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
lab_run_as "$NOBODY" "$LL%c-s"
expect_ll_report "udp as nobody" c-s "$LL%c-s" "UDP to ports [0-9]+ and up"
# a socket bound to a link-local source is on its link already: -I
# must not bind it again, which would take CAP_NET_RAW
lab_run_as "$NOBODY" -I c-r1 "$LL"
expect_ll_report "udp as nobody, -I c-r1" c-r1 "$LL" "UDP to ports [0-9]+ and up"

# ----------------------------------------------------- -f and --wg-config
printf '%s\n' "$LL%c-r1" "$LL%c-s" "$LL" >"$LAB_TMP/hosts"
lab_run -f "$LAB_TMP/hosts"
expect_rc "-f" 1
expect_eq "-f: a line a host" 3 "$(lab_lines "$LAB_OUT_FILE")"
expect_eq "-f: each host on its link" \
	"$LL%c-r1 $LL%c-r1 1400|$LL%c-s $LL%c-s 1500|$LL refused" \
	"$(python3 -c '
import json, sys
r = {}
for line in open(sys.argv[1]):
    o = json.loads(line)
    r[o["host"]] = " ".join(str(o[k]) for k in ("host", "address", "path_mtu")) \
        if "path_mtu" in o else o["host"] + " " + o["status"]
print("|".join(r[h] for h in sys.argv[2:]))' "$LAB_OUT_FILE" "$LL%c-r1" "$LL%c-s" "$LL")"
expect_match "-f: the host without a link says why" \
	"\"error\":\"$LL is a link-local address, on every link at once" "$LAB_OUT"
COUNT_R1=$(lab_nft_counter "$LAB_NS_R1" ll) COUNT_S=$(lab_nft_counter "$LAB_NS_S" ll)

cat >"$LAB_TMP/wg0.conf" <<EOF
[Interface]
PrivateKey = ME2xY2VRBz7ndC6Ua0ARmRKaQa1vyESK2y4cp4mTmmE=

[Peer]
PublicKey = VmRs1Fy9ZDoTkfxLTwlVXxoEgs6SbkjhUCg/ElqrbGM=
Endpoint = [$LL%c-r1]:51820

[Peer]
PublicKey = 7W5SFu0Jxd6p0t2/vfVvK3HXpzSY5bb0GKlx0ZGlwmc=
Endpoint = $LL%c-s:51820
EOF
lab_run --wg-config "$LAB_TMP/wg0.conf"
expect_rc "--wg-config" 0
expect_line "--wg-config: the peer on c-r1" 2 \
	"^peer 1, line 6: \\[$(lab_re "$LL%c-r1")\\]:51820: path MTU 1400 \\(the full MTU of c-r1\\), WireGuard MTU 1320\$" "$LAB_OUT"
expect_line "--wg-config: the peer on c-s" 3 \
	"^peer 2, line 10: \\[$(lab_re "$LL%c-s")\\]:51820: path MTU 1500 \\(the full MTU of c-s\\), WireGuard MTU 1420\$" "$LAB_OUT"
expect_line "--wg-config: the smallest" 4 '^MTU = 1320: the smallest, from peer 1' "$LAB_OUT"
COUNT_R1=$(lab_nft_counter "$LAB_NS_R1" ll) COUNT_S=$(lab_nft_counter "$LAB_NS_S" ll)

# ------------------------------------------------ no link, two, or unknown
lab_run "$LL"
expect_rc "no link" 2
expect_one_error_line "no link"
expect_eq "no link: says how to name one" \
	"mtuprobe: $LL is a link-local address, on every link at once: name the link, as $LL%IFACE or with -I IFACE" "$LAB_ERR"
expect_stdout_empty "no link"
expect_nothing_sent "no link"

lab_run -I c-s "$LL%c-r1"
expect_rc "two links" 2
expect_one_error_line "two links"
expect_eq "two links: says so" "mtuprobe: $LL%c-r1 is on another link than -I c-s" "$LAB_ERR"
expect_nothing_sent "two links"

lab_run "$LL%nosuch0"
expect_rc "unknown interface" 2
expect_one_error_line "unknown interface"
expect_eq "unknown interface: says so" "mtuprobe: '$LL%nosuch0': no interface nosuch0" "$LAB_ERR"
# a number names an interface too, by its index: one the client lacks
lab_run "$LL%999"
expect_rc "unknown interface index" 2
expect_one_error_line "unknown interface index"
expect_eq "unknown interface index: says so" "mtuprobe: '$LL%999': no interface 999" "$LAB_ERR"

lab_run "$LAB_S6%c-r1"
expect_rc "zone on a global address" 2
expect_one_error_line "zone on a global address"
expect_match "zone on a global address: says so" \
	"^mtuprobe: '$(lab_re "$LAB_S6%c-r1")': a zone \\(%IFACE\\) names the link of a link-local address" "$LAB_ERR"
expect_nothing_sent "errors"

lab_done
