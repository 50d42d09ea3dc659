#!/usr/bin/env bash
# rstpayload: a middlebox on r1 answers SYNs to port 8022 with a RST that
# carries text, as some load balancers do: inject_rst.py (in r1's
# namespace) reads the SYNs arriving on r1-c and sends the client a RST+ACK
# in the server's name with the payload "BIG-IP: [0x2e1c] No flow found",
# while nftables on r1 drops those SYNs (forward hook), so the server never
# sees them.  mtuprobe --rst-check 8022 must show the payload, flag it as
# a middlebox signature and name hop 1 as the sender; in JSON "signature"
# is true and "payload" the text.  IPv4 and IPv6.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

TEXT='BIG-IP: [0x2e1c] No flow found'

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1500
lab_nft "$LAB_NS_R1" <<EOF
table inet mtplab {
	counter syn8022 { }
	chain forward {
		type filter hook forward priority 0; policy accept;
		tcp dport 8022 counter name "syn8022" drop
	}
}
EOF
ip netns exec "$LAB_NS_R1" python3 "$LAB_DIR/inject_rst.py" r1-c 8022 "$TEXT" 60 \
	>"$LAB_TMP/inject.log" 2>&1 &
inject_pid=$!
LAB_BG_PIDS+=("$inject_pid")
lab_bg_ready "$inject_pid" "$LAB_TMP/inject.log" ready

payload_line="^RST payload: ${#TEXT} bytes \"$(lab_re "$TEXT")\" \\(a middlebox signature: a server's RST carries no data\\)\$"

# expect_payload_report DESC 4|6 R1_ADDRESS
expect_payload_report() {
	local desc=$1 fam=$2 r1=$3 header verdict
	header=$(lab_re_rst_header "$fam" 8022)
	verdict="^verdict: RST injected by a device at hop 1 \\($(lab_re "$r1")\\); the server is 3 hops away\$"
	expect_rc "$desc" 0
	expect_stderr_empty "$desc"
	expect_line "$desc: header line first" 1 "$header" "$LAB_OUT"
	expect_match "$desc: RST line" '^RST: TTL 64, so 1 hop away \(initial 64\)' "$LAB_OUT"
	expect_match "$desc: payload line" "$payload_line" "$LAB_OUT"
	expect_match "$desc: verdict" "$verdict" "$LAB_OUT"
	expect_lines_in_order "$desc: payload before the verdict" "$header" \
		"$payload_line" "$verdict"
	expect_line "$desc: verdict last" "$(lab_lines "$LAB_OUT_FILE")" "$verdict" "$LAB_OUT"
}

# 1. IPv4
lab_run -4 --rst-check 8022 "$LAB_SERVER_NAME"
expect_payload_report "payload ipv4" 4 "$LAB_R1_C4"

lab_run -4 --rst-check 8022 --json "$LAB_SERVER_NAME"
expect_rc "payload json ipv4" 0
expect_stderr_empty "payload json ipv4"
expect_json_shape_rst "payload json ipv4"
payload_json=$(python3 -c 'import json, sys; print(json.dumps(sys.argv[1]))' "$TEXT")
expect_json_fields "payload json ipv4" address="\"$LAB_S4\"" family='"ipv4"' \
	port=8022 verdict='"injected"' injector_hop=1 injector="\"$LAB_R1_C4\"" \
	server_hops=3 rst_hops=1 rst_ttl=64 first_rst_ttl=2 \
	payload="$payload_json" payload_bytes="${#TEXT}" signature=true

# 2. IPv6
lab_run -6 --rst-check 8022 "$LAB_SERVER_NAME"
expect_payload_report "payload ipv6" 6 "$LAB_R1_C6"

lab_run -6 --rst-check 8022 --json "$LAB_SERVER_NAME"
expect_rc "payload json ipv6" 0
expect_stderr_empty "payload json ipv6"
expect_json_shape_rst "payload json ipv6"
expect_json_fields "payload json ipv6" address="\"$LAB_S6\"" family='"ipv6"' \
	port=8022 verdict='"injected"' injector_hop=1 injector="\"$LAB_R1_C6\"" \
	server_hops=3 rst_hops=1 rst_ttl=64 first_rst_ttl=2 \
	payload="$payload_json" payload_bytes="${#TEXT}" signature=true

# The lab: r1 dropped the SYNs, the helper answered them (and never a SYN
# that r1 would not forward).
expect_counter_gt "lab: r1 dropped SYNs to port 8022" "$LAB_NS_R1" syn8022 0
log=$(cat "$LAB_TMP/inject.log")
expect_match "lab: the helper sent IPv4 RSTs" "^RST $(lab_re "$LAB_S4"):8022 > " "$log"
expect_match "lab: the helper sent IPv6 RSTs" "^RST $(lab_re "$LAB_S6")\\.8022 > " "$log"
expect_no_match "lab: the helper ignored TTL 1" '\((ttl|hlim) 1\)$' "$log"
lab_note "helper log: $(printf '%s\n' "$log" | wc -l) lines"

lab_done
