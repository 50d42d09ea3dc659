#!/usr/bin/env bash
# tcpfallback: the server drops every echo request (nftables on s), the
# r2-s link has MTU 1380 and r2 drops its own "too big" errors (a black
# hole), and a TCP listener runs on port 443 of the server.  Without
# --tcp, mtuprobe gets no echo reply, while the plain SYNs to 443 sent
# beside echo's first round are answered, and sizes the path with SYNs at
# the cost of that one round: it must report 1380 (black hole
# evidence), say that it fell back (the note line; "method":"tcp",
# "fallback":true in JSON), for IPv4 and IPv6.  With --tcp 443 the same
# result, without the note ("fallback":false).
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1380
lab_black_hole
lab_server_drop_echo
lab_server_listen 443

evidence='^evidence: black hole: probes above 1380 bytes vanish with no "too big" reply$'
note='^note: ICMP echo got no answer; probed with TCP SYNs to port 443 instead$'
witness='^witnesses: TCP SYNs to port 443 up to 1380 \(toward the host\)$'
# The server's MSS: its link MTU less the IP and TCP headers.
server4='^server: SYN-ACK from port 443, MSS 1340, TTL 62$'
server6='^server: SYN-ACK from port 443, MSS 1320, TTL 62$'

# expect_tcp_report DESC FAMILY SERVER_RE [NOTE_RE]: the TCP report of the
# last run: header, path MTU 1380, black hole, the witness (TCP alone),
# (note,) server line, probes, ignored replies, in that order, and nothing
# else on stdout.
expect_tcp_report() {
	local desc=$1 fam=$2 server=$3 note=${4:-} header
	local -a lines
	header=$(lab_re_tcp_header "$fam" 443)
	expect_report "$desc" "$header" 1380 "$evidence"
	expect_match "$desc: server line" "$server" "$LAB_OUT"
	if [ -n "$note" ]; then
		expect_match "$desc: note line (fell back to TCP)" "$note" "$LAB_OUT"
		lines=("$header" '^path MTU: 1380$' "$evidence" "$witness"
			"$note" "$server" "$LAB_RE_PROBES" "$LAB_RE_IGNORED0")
	else
		expect_no_match "$desc: no note line (TCP was asked for)" '^note:' "$LAB_OUT"
		lines=("$header" '^path MTU: 1380$' "$evidence" "$witness"
			"$server" "$LAB_RE_PROBES" "$LAB_RE_IGNORED0")
	fi
	expect_lines_in_order "$desc: with the server line" "${lines[@]}"
	expect_eq "$desc: ${#lines[@]} lines on stdout" "${#lines[@]}" "$(lab_lines "$LAB_OUT_FILE")"
	expect_no_match "$desc: no ICMP echo result" 'ICMP echo:|^paths:' "$LAB_OUT"
}

# 1. the default run falls back to TCP, IPv4
lab_run -4 "$LAB_SERVER_NAME"
expect_tcp_report "fallback ipv4" 4 "$server4" "$note"
expect_advice "fallback ipv4" 1380 4
lab_note "fallback ipv4 took $LAB_MS ms"

# 2. ... and IPv6
lab_run -6 "$LAB_SERVER_NAME"
expect_tcp_report "fallback ipv6" 6 "$server6" "$note"
lab_note "fallback ipv6 took $LAB_MS ms"

# 3. JSON, IPv4
lab_run --json -4 "$LAB_SERVER_NAME"
expect_rc "fallback json ipv4" 0
expect_stderr_empty "fallback json ipv4"
expect_json_shape_tcp "fallback json ipv4"
expect_json_fields "fallback json ipv4" \
	host="\"$LAB_SERVER_NAME\"" address="\"$LAB_S4\"" family='"ipv4"' \
	method='"tcp"' port=443 fallback=true status='"ok"' path_mtu=1380 \
	evidence='"black_hole"' ptb_from=null ptb_mtu=null ptbs_ignored=0 \
	server_mss=1340 server_ttl=62 rsts=0
expect_json_true "fallback json ipv4" 'o["synacks"] >= 1'
expect_json_true "fallback json ipv4" '"icmp" not in o'
fallback_rounds=$(lab_json 'o["rounds"]')

# 4. --tcp 443: the same path MTU, no note
lab_run --tcp 443 -4 "$LAB_SERVER_NAME"
expect_tcp_report "--tcp 443 ipv4" 4 "$server4"

lab_run --tcp=443 -6 "$LAB_SERVER_NAME"
expect_tcp_report "--tcp=443 ipv6" 6 "$server6"

lab_run --tcp 443 --json -4 "$LAB_SERVER_NAME"
expect_rc "--tcp 443 json" 0
expect_stderr_empty "--tcp 443 json"
expect_json_shape_tcp "--tcp 443 json"
# plain SYNs to 443 and 80 went out beside echo's first round: the
# fallback costs that one round more than SYNs alone
tcp_rounds=$(lab_json 'o["rounds"]')
expect_lt "fallback: at most one round more than --tcp 443 ($tcp_rounds)" \
	$((tcp_rounds + 2)) "$fallback_rounds"
expect_json_fields "--tcp 443 json" method='"tcp"' port=443 fallback=false \
	status='"ok"' path_mtu=1380 evidence='"black_hole"' server_mss=1340

# The lab: s dropped echo requests of both families, r2 generated and
# dropped "too big" errors of both families.
expect_counter_gt "lab: s dropped IPv4 echo requests" "$LAB_NS_S" echo4 0
expect_counter_gt "lab: s dropped IPv6 echo requests" "$LAB_NS_S" echo6 0
expect_counter_gt "lab: r2 generated and dropped frag-needed errors" "$LAB_NS_R2" ptb4 0
expect_counter_gt "lab: r2 generated and dropped packet-too-big errors" "$LAB_NS_R2" ptb6 0
out=$(lab_ns "$LAB_NS_C" ping -n -c1 -W0.5 "$LAB_S4" 2>&1)
expect_match "lab: echo to the server gets no answer" \
	'^1 packets transmitted, 0 received' "$out"

lab_done
