#!/usr/bin/env bash
# rstinject: r1 answers every SYN to port 22 it would forward with a TCP
# reset in the server's name (nftables on r1, forward hook: "reject with
# tcp reset"), while the server listens on port 22 and answers echo.
# mtuprobe --rst-check 22 must name hop 1 (r1: 10.99.1.2 /
# fd00:99:1::2) as the sender of the RSTs, over IPv4 and IPv6, in text and
# JSON.  Without the rule the verdict is that port 22 answers with a
# SYN-ACK.  A closed port (23) on the server draws the server's own RST:
# "RST comes from the server".
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1500
lab_server_listen 22
lab_nft "$LAB_NS_R1" <<EOF
table inet mtplab {
	counter reset22 { }
	chain forward {
		type filter hook forward priority 0; policy accept;
		tcp dport 22 counter name "reset22" reject with tcp reset
	}
}
EOF

server_line='^server: echo reply TTL 62, so 3 hops away \(initial 64\)'
path_line='^path: TTL-limited echo reaches the server at hop 3$'

# expect_injected DESC 4|6 R1_ADDRESS: the text report of the last run
# names hop 1 as the sender of the RSTs to port 22.
expect_injected() {
	local desc=$1 fam=$2 r1=$3 rst_line syns_line verdict header
	header=$(lab_re_rst_header "$fam" 22)
	rst_line='^RST: TTL 64, so 1 hop away \(initial 64\)'
	syns_line="^TTL-limited SYNs: the first to draw the RST had TTL 2; TTL 1 expired at hop 1 \\($(lab_re "$r1")\\)\$"
	verdict="^verdict: RST injected by a device at hop 1 \\($(lab_re "$r1")\\); the server is 3 hops away\$"
	expect_rc "$desc" 0
	expect_stderr_empty "$desc"
	expect_line "$desc: header line first" 1 "$header" "$LAB_OUT"
	expect_match "$desc: RST line" "$rst_line" "$LAB_OUT"
	expect_match "$desc: server line" "$server_line" "$LAB_OUT"
	expect_match "$desc: path line" "$path_line" "$LAB_OUT"
	expect_match "$desc: TTL-limited SYNs line" "$syns_line" "$LAB_OUT"
	expect_match "$desc: verdict" "$verdict" "$LAB_OUT"
	expect_lines_in_order "$desc" "$header" "$rst_line" "$server_line" \
		"$path_line" "$syns_line" "$verdict"
	expect_no_match "$desc: no payload line" '^RST payload' "$LAB_OUT"
	expect_eq "$desc: 6 lines on stdout" 6 "$(lab_lines "$LAB_OUT_FILE")"
}

# 1. r1 resets SYNs to port 22
lab_run -4 --rst-check 22 "$LAB_SERVER_NAME"
expect_injected "injected ipv4" 4 "$LAB_R1_C4"
expect_match "injected ipv4: IP IDs shown" \
	'^RST: TTL 64, so 1 hop away \(initial 64\), IP ID [0-9]+$' "$LAB_OUT"

lab_run -6 --rst-check 22 "$LAB_SERVER_NAME"
expect_injected "injected ipv6" 6 "$LAB_R1_C6"
expect_no_match "injected ipv6: no IP ID (IPv6 has none)" 'IP ID' "$LAB_OUT"

lab_run -4 --rst-check 22 --json "$LAB_SERVER_NAME"
expect_rc "injected json ipv4" 0
expect_stderr_empty "injected json ipv4"
expect_json_shape_rst "injected json ipv4"
expect_json_fields "injected json ipv4" host="\"$LAB_SERVER_NAME\"" \
	address="\"$LAB_S4\"" family='"ipv4"' port=22 verdict='"injected"' \
	injector_hop=1 injector="\"$LAB_R1_C4\"" server_hops=3 rst_hops=1 \
	rst_ttl=64 server_ttl=62 first_rst_ttl=2 payload=null payload_bytes=0 \
	signature=false
expect_json_true "injected json ipv4" 'type(o["rst_ipid"]) is int and type(o["server_ipid"]) is int'

lab_run -6 --rst-check 22 --json "$LAB_SERVER_NAME"
expect_rc "injected json ipv6" 0
expect_stderr_empty "injected json ipv6"
expect_json_shape_rst "injected json ipv6"
expect_json_fields "injected json ipv6" address="\"$LAB_S6\"" \
	family='"ipv6"' port=22 verdict='"injected"' injector_hop=1 \
	injector="\"$LAB_R1_C6\"" server_hops=3 rst_hops=1 rst_ttl=64 \
	rst_ipid=null server_ttl=62 server_ipid=null first_rst_ttl=2 \
	payload=null payload_bytes=0 signature=false

expect_counter_gt "lab: r1 reset SYNs to port 22" "$LAB_NS_R1" reset22 0

# 2. without the rule: the server's SYN-ACK
ip netns exec "$LAB_NS_R1" nft delete table inet mtplab || lab_die "nft delete on r1"
lab_run -4 --rst-check 22 "$LAB_SERVER_NAME"
expect_rc "no rule ipv4" 0
expect_stderr_empty "no rule ipv4"
expect_line "no rule ipv4: header line first" 1 "$(lab_re_rst_header 4 22)" "$LAB_OUT"
expect_match "no rule ipv4: verdict" \
	'^verdict: no RST: port 22 answers SYNs with SYN-ACK$' "$LAB_OUT"
expect_no_match "no rule ipv4: no RST line" '^RST' "$LAB_OUT"

lab_run -6 --rst-check 22 --json "$LAB_SERVER_NAME"
expect_rc "no rule json ipv6" 0
expect_stderr_empty "no rule json ipv6"
expect_json_shape_rst "no rule json ipv6"
expect_json_fields "no rule json ipv6" family='"ipv6"' port=22 \
	verdict='"synack"' injector_hop=null injector=null rst_hops=null \
	rst_ttl=null first_rst_ttl=null payload=null payload_bytes=0 signature=false

# 3. a closed port: the server's own RST
lab_run -4 --rst-check 23 "$LAB_SERVER_NAME"
expect_rc "closed port ipv4" 0
expect_stderr_empty "closed port ipv4"
expect_line "closed port ipv4: header line first" 1 "$(lab_re_rst_header 4 23)" "$LAB_OUT"
expect_match "closed port ipv4: RST line" \
	'^RST: TTL 62, so 3 hops away \(initial 64\)' "$LAB_OUT"
expect_match "closed port ipv4: verdict" '^verdict: RST comes from the server$' "$LAB_OUT"

lab_run -6 --rst-check 23 --json "$LAB_SERVER_NAME"
expect_rc "closed port json ipv6" 0
expect_stderr_empty "closed port json ipv6"
expect_json_shape_rst "closed port json ipv6"
expect_json_fields "closed port json ipv6" family='"ipv6"' port=23 \
	verdict='"server"' injector_hop=null injector=null server_hops=3 \
	rst_hops=3 rst_ttl=62 first_rst_ttl=3 payload=null payload_bytes=0 \
	signature=false

lab_done
