#!/usr/bin/env bash
# tcp6: IPv6, bottleneck on the r2-s link (MTU 1380), r2 sends its
# "packet too big" errors (counted on r2), a TCP listener on port 443 of
# the server.  mtuprobe -6 --tcp must find the same path MTU as ICMP echo
# (1380), from the same evidence (r2's "packet too big", MTU 1380), and
# name the server's SYN-ACK; --tcp --icmp reports both methods, in text
# and JSON.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1380
lab_r2_ptb_rules accept
lab_server_listen 443

ptb_from=$(lab_re "$LAB_PTB_FROM6")
evidence="^evidence: \"packet too big\" from $ptb_from \\(MTU 1380\\)\$"
server='^server: SYN-ACK from port 443, MSS 1320, TTL 62$'
tcp_header=$(lab_re_tcp_header 6 443)
ifmtu=$(lab_if_mtu)

# 1. ICMP echo, for reference
lab_run -6 "$LAB_SERVER_NAME"
expect_report "icmp" "^mtuprobe to $(lab_re "$LAB_SERVER_NAME") \\($(lab_re "$LAB_S6")\\), IPv6 ICMP echo, " \
	1380 "$evidence"

# 2. TCP SYNs: the same answer
lab_run -6 --tcp "$LAB_SERVER_NAME"
expect_report "tcp" "$tcp_header" 1380 "$evidence"
expect_match "tcp: server line" "$server" "$LAB_OUT"
witness='^witnesses: TCP SYNs to port 443 up to 1380 \(toward the host\)$'
expect_lines_in_order "tcp: with the server line" "$tcp_header" '^path MTU: 1380$' \
	"$evidence" "$witness" "$server" "$LAB_RE_PROBES" "$LAB_RE_IGNORED0"
expect_eq "tcp: 7 lines on stdout" 7 "$(lab_lines "$LAB_OUT_FILE")"
expect_no_match "tcp: no note line" '^note:' "$LAB_OUT"

lab_run -6 --tcp --json "$LAB_SERVER_NAME"
expect_rc "tcp json" 0
expect_stderr_empty "tcp json"
expect_json_shape_tcp "tcp json"
expect_json_fields "tcp json" address="\"$LAB_S6\"" family='"ipv6"' \
	method='"tcp"' port=443 fallback=false interface="\"$LAB_IF_C\"" \
	interface_mtu="$ifmtu" source="\"$LAB_C6\"" min=1280 max="$ifmtu" \
	status='"ok"' path_mtu=1380 evidence='"ptb"' \
	ptb_from="\"$LAB_PTB_FROM6\"" ptb_mtu=1380 ptbs_ignored=0 \
	server_mss=1320 server_ttl=62
expect_json_true "tcp json" 'o["synacks"] >= 1 and o["ptbs"] >= 1'
expect_json_true "tcp json" '"icmp" not in o'

# 3. --tcp --icmp: both
icmp_line='^path MTU by ICMP echo: 1380$'
paths_line='^paths: TCP SYNs measure the path towards the host only; echo, the smaller of the two directions$'
lab_run -6 --tcp --icmp "$LAB_SERVER_NAME"
expect_report "tcp+icmp" "$tcp_header" 1380 "$evidence"
expect_match "tcp+icmp: ICMP echo line" "$icmp_line" "$LAB_OUT"
expect_match "tcp+icmp: paths line" "$paths_line" "$LAB_OUT"
witnesses='^witnesses: TCP SYNs to port 443 up to 1380 \(toward the host\), ICMP echo up to 1380 \(both ways\)$'
expect_lines_in_order "tcp+icmp: all lines" "$tcp_header" '^path MTU: 1380$' \
	"$evidence" "$witnesses" "$server" "$icmp_line" "$paths_line" \
	"$LAB_RE_PROBES" "$LAB_RE_IGNORED0"
expect_eq "tcp+icmp: 9 lines on stdout" 9 "$(lab_lines "$LAB_OUT_FILE")"

lab_run -6 --tcp --icmp --json "$LAB_SERVER_NAME"
expect_rc "tcp+icmp json" 0
expect_stderr_empty "tcp+icmp json"
expect_json_shape_tcp "tcp+icmp json"
expect_json_fields "tcp+icmp json" family='"ipv6"' method='"tcp"' port=443 \
	fallback=false status='"ok"' path_mtu=1380 evidence='"ptb"' \
	ptb_from="\"$LAB_PTB_FROM6\"" ptb_mtu=1380 server_mss=1320
expect_json_eq "tcp+icmp json" 'sorted(o["icmp"])' '["path_mtu", "probes", "status"]'
expect_json_eq "tcp+icmp json" '[o["icmp"]["status"], o["icmp"]["path_mtu"]]' '["ok", 1380]'
expect_json_true "tcp+icmp json" 'type(o["icmp"]["probes"]) is int and o["icmp"]["probes"] >= 1'

# The lab: r2 sent packet-too-big errors.
expect_counter_gt "lab: r2 sent packet-too-big errors" "$LAB_NS_R2" ptb6 0

lab_done
