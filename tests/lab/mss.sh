#!/usr/bin/env bash
# mss: the server's MSS as mtuprobe --tcp reports it.  The server's link
# (r2-s) has MTU 1380, a listener runs on port 443 of the server: the
# kernel there advertises its link MTU less the IP and TCP headers, MSS
# 1340 over IPv4 and 1320 over IPv6, which the report ("server:" line)
# and the JSON ("server_mss") must show.  Then r1 clamps the MSS option of
# every SYN and SYN-ACK it forwards to 1200 (nftables, forward hook), and
# the reported MSS must be 1200.  With tcpdump, the lab checks on the
# client's link what the SYN-ACKs really carried.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1380
lab_server_listen 443

# pcap filters: SYN-ACKs to the client (IPv6: no extension headers).
synack4='ip and tcp and tcp[13] & 0x12 == 0x12'
synack6='ip6 and ip6[6] == 6 and ip6[53] & 0x12 == 0x12'
have_tcpdump=
command -v tcpdump >/dev/null 2>&1 && have_tcpdump=1
[ -z "$have_tcpdump" ] && lab_note "no tcpdump: the lab's own MSS checks are skipped"

# check_mss DESC 4|6 MSS: mtuprobe --tcp reports MSS (text and JSON), and
# (with tcpdump) the first SYN-ACK of the text run carried MSS.
check_mss() {
	local desc=$1 fam=$2 mss=$3 filter=$synack4
	[ "$fam" = 6 ] && filter=$synack6
	[ -n "$have_tcpdump" ] && lab_capture "$LAB_NS_C" "$LAB_IF_C" 1 "$filter"
	lab_run "-$fam" --tcp "$LAB_SERVER_NAME"
	expect_rc "$desc" 0
	expect_stderr_empty "$desc"
	expect_line "$desc: TCP header line" 1 "$(lab_re_tcp_header "$fam" 443)" "$LAB_OUT"
	expect_match "$desc: path MTU" '^path MTU: 1380$' "$LAB_OUT"
	expect_match "$desc: server line" \
		"^server: SYN-ACK from port 443, MSS $mss, TTL 62\$" "$LAB_OUT"
	if [ -n "$have_tcpdump" ]; then
		lab_capture_wait
		expect_match "$desc: lab: the SYN-ACK on the client's link carried MSS $mss" \
			"options \\[mss $mss\\]" "$LAB_CAPTURE"
	fi
	lab_run "-$fam" --tcp --json "$LAB_SERVER_NAME"
	expect_rc "$desc json" 0
	expect_stderr_empty "$desc json"
	expect_json_shape_tcp "$desc json"
	expect_json_fields "$desc json" family="\"ipv$fam\"" method='"tcp"' \
		port=443 status='"ok"' path_mtu=1380 server_mss="$mss" server_ttl=62
}

# 1. the server's own MSS: its link MTU less 40 (IPv4) or 60 (IPv6)
check_mss "ipv4" 4 $((1380 - 40))
check_mss "ipv6" 6 $((1380 - 60))

# 2. r1 clamps the MSS to 1200
lab_nft "$LAB_NS_R1" <<EOF
table inet mtplab {
	counter clamp { }
	chain forward {
		type filter hook forward priority 0; policy accept;
		tcp flags syn counter name "clamp" tcp option maxseg size set 1200
	}
}
EOF
check_mss "clamped ipv4" 4 1200
check_mss "clamped ipv6" 6 1200
expect_counter_gt "lab: r1 clamped SYNs" "$LAB_NS_R1" clamp 0

lab_done
