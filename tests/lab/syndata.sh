#!/usr/bin/env bash
# syndata: r1 drops every SYN that carries data (nftables, forward hook:
# SYNs from the client longer than a plain SYN with an MSS option, i.e. IP
# total length above 44 / IPv6 payload length above 24), while plain SYNs
# pass and the server listens on port 443.  mtuprobe --tcp cannot size the
# path with SYNs then, and must say why: exit code 1 and one line on
# stderr, "SYNs to port 443 are answered only without data ..."; with
# --json the JSON status "syn_data_refused".  The same when it falls back
# to TCP because the server drops echo, and UDP too.  Before the rule,
# --tcp works.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1500
lab_server_listen 443

# stderr of a refused run, for ADDR [and what UDP found]
refused() {
	printf '^mtuprobe: %s \\(%s\\): SYNs to port 443 are answered only without data: this server or the path refuses SYN data, and the TCP method cannot size the path%s$' \
		"$(lab_re "$LAB_SERVER_NAME")" "$(lab_re "$1")" "${2:-}"
}

# 0. without the rule, --tcp sizes the path
lab_run -4 --tcp "$LAB_SERVER_NAME"
expect_rc "before the rule" 0
expect_match "before the rule: path MTU" '^path MTU: 1500$' "$LAB_OUT"

# r1: plain SYNs (counted) pass, SYNs with data (counted) are dropped.
# "ip6 length" is the IPv6 payload length (nft: network header + 4).
lab_nft "$LAB_NS_R1" <<EOF
table inet mtplab {
	counter data4 { }
	counter data6 { }
	counter plain4 { }
	counter plain6 { }
	chain forward {
		type filter hook forward priority 0; policy accept;
		iifname "r1-c" tcp flags & (syn | ack) == syn ip length > 44 counter name "data4" drop
		iifname "r1-c" tcp flags & (syn | ack) == syn ip length 44 counter name "plain4"
		iifname "r1-c" tcp flags & (syn | ack) == syn ip6 length > 24 counter name "data6" drop
		iifname "r1-c" tcp flags & (syn | ack) == syn ip6 length 24 counter name "plain6"
	}
}
EOF

# 1. --tcp, IPv4 and IPv6
lab_run -4 --tcp "$LAB_SERVER_NAME"
expect_rc "refused ipv4" 1
expect_stdout_empty "refused ipv4"
expect_one_error_line "refused ipv4"
expect_match "refused ipv4: says why" "$(refused "$LAB_S4")" "$LAB_ERR"

lab_run -6 --tcp "$LAB_SERVER_NAME"
expect_rc "refused ipv6" 1
expect_stdout_empty "refused ipv6"
expect_one_error_line "refused ipv6"
expect_match "refused ipv6: says why" "$(refused "$LAB_S6")" "$LAB_ERR"

# 2. JSON
lab_run -4 --tcp --json "$LAB_SERVER_NAME"
expect_rc "refused json" 1
expect_one_error_line "refused json"
expect_match "refused json: says why on stderr" "$(refused "$LAB_S4")" "$LAB_ERR"
expect_json_shape_tcp "refused json"
expect_json_fields "refused json" address="\"$LAB_S4\"" family='"ipv4"' \
	method='"tcp"' port=443 fallback=false status='"syn_data_refused"' \
	path_mtu=null evidence=null ptb_from=null ptb_mtu=null synacks=0 \
	server_mss=null

expect_counter_gt "lab: r1 dropped IPv4 SYNs with data" "$LAB_NS_R1" data4 0
expect_counter_gt "lab: r1 let plain IPv4 SYNs pass" "$LAB_NS_R1" plain4 0
expect_counter_gt "lab: r1 dropped IPv6 SYNs with data" "$LAB_NS_R1" data6 0
expect_counter_gt "lab: r1 let plain IPv6 SYNs pass" "$LAB_NS_R1" plain6 0

# 3. the fallback from echo meets the same refusal, where UDP (which sizes
# such a path otherwise: lie_syndata.sh) is dropped too
lab_server_drop_echo
lab_nft "$LAB_NS_S" <<EOF
table inet mtpudp {
	chain in {
		type filter hook input priority 0; policy accept;
		meta l4proto udp drop
	}
}
EOF
lab_run -4 --json "$LAB_SERVER_NAME"
expect_rc "fallback refused json" 1
expect_one_error_line "fallback refused json"
expect_match "fallback refused json: says why on stderr" \
	"$(refused "$LAB_S4" "; nor could UDP datagrams")" "$LAB_ERR"
expect_json_shape_tcp "fallback refused json"
expect_json_fields "fallback refused json" method='"tcp"' port=443 \
	fallback=true status='"syn_data_refused"' path_mtu=null
expect_counter_gt "lab: s dropped echo requests" "$LAB_NS_S" echo4 0

lab_done
