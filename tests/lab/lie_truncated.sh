#!/usr/bin/env bash
# lie_truncated: the server's echo replies reach the client cut short to
# their first 76 bytes of ICMP message, as some large public resolvers
# answer a large echo request (r2 cuts them: lab_truncate_echo_replies).
# A cut reply says that its request arrived, not that as large a packet
# comes back: mtuprobe must count it as a witness of the way toward the
# host only ("replies cut short"), say so in a "cut short" note, and still
# find what the path carries, over IPv4 and IPv6:
#  1. a clean path: 1500, the interface limit;
#  2. r2's link to the server is 1380 and r2 says so: 1380, by its "too big";
#  3. the same link behind a black hole: 1380, the black hole, and the
#     wg-quick line for 1380; confirmed by SYNs to port 443 (the server
#     resets them), and, once the server drops TCP to 443 and 80 as a
#     resolver might, with a note that only ICMP echo saw it.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1500
lab_truncate_echo_replies 76

hdr4="^mtuprobe to $(lab_re "$LAB_SERVER_NAME") \\($(lab_re "$LAB_S4")\\), IPv4 "
hdr6="^mtuprobe to $(lab_re "$LAB_SERVER_NAME") \\($(lab_re "$LAB_S6")\\), IPv6 "
ev_if="^evidence: interface limit: the path carries the full MTU of $LAB_IF_C\$"
ev_ptb4="^evidence: \"fragmentation needed\" from $(lab_re "$LAB_PTB_FROM4") \\(next-hop MTU 1380\\)\$"
ev_ptb6="^evidence: \"packet too big\" from $(lab_re "$LAB_PTB_FROM6") \\(MTU 1380\\)\$"
ev_bh='^evidence: black hole: probes above 1380 bytes vanish with no "too big" reply$'
cut_note='^note: .*cut short'

# expect_cut DESC 4|6 ADDR: the lab cuts the replies: a 1028-byte echo
# comes back as 76 bytes of ICMP (the client's kernel and ping accept
# both checksums), a small one whole.
expect_cut() {
	local out
	out=$(lab_ns "$LAB_NS_C" ping -"$2" -n -c1 -W1 -M 'do' -s 1000 "$3" 2>&1)
	expect_match "$1: a large echo comes back cut to 76 bytes" \
		"^76 bytes from $(lab_re "$3"): .*\\(truncated\\)" "$out"
	expect_no_match "$1: ... with checksums that hold" 'BAD CHECKSUM' "$out"
	out=$(lab_ns "$LAB_NS_C" ping -"$2" -n -c1 -W1 -s 56 "$3" 2>&1)
	expect_match "$1: a small echo comes back whole" \
		"^64 bytes from $(lab_re "$3"): icmp_seq=1 ttl=[0-9]+ time=" "$out"
}

# 1. a clean path
lab_run -4 "$LAB_SERVER_NAME"
expect_report "clean ipv4" "$hdr4" 1500 "$ev_if"
expect_match "clean ipv4: note" "$cut_note" "$LAB_OUT"
expect_match "clean ipv4: witness" \
	"$(lab_re_witness 'ICMP echo up to 1500 (toward the host: replies cut short)')" "$LAB_OUT"
expect_advice "clean ipv4" 1500 4

lab_run --json -4 "$LAB_SERVER_NAME"
expect_rc "clean json" 0
expect_json_fields "clean json" status='"ok"' path_mtu=1500 \
	evidence='"interface"' replies_cut=true confirmed=true policed=false \
	filter=null
expect_json_witness "clean json" icmp null 1500 toward

lab_run -6 "$LAB_SERVER_NAME"
expect_report "clean ipv6" "$hdr6" 1500 "$ev_if"
expect_match "clean ipv6: note" "$cut_note" "$LAB_OUT"
expect_match "clean ipv6: witness" \
	"$(lab_re_witness 'ICMP echo up to 1500 (toward the host: replies cut short)')" "$LAB_OUT"

expect_cut "lab clean ipv4" 4 "$LAB_S4"
expect_cut "lab clean ipv6" 6 "$LAB_S6"

# 2. a 1380-byte link, and r2 says so
lab_rebuild 1500 1500 1380
lab_truncate_echo_replies 76

lab_run -4 "$LAB_SERVER_NAME"
expect_report "ptb ipv4" "$hdr4" 1380 "$ev_ptb4"
expect_match "ptb ipv4: note" "$cut_note" "$LAB_OUT"

lab_run -6 "$LAB_SERVER_NAME"
expect_report "ptb ipv6" "$hdr6" 1380 "$ev_ptb6"
expect_match "ptb ipv6: note" "$cut_note" "$LAB_OUT"

expect_cut "lab ptb ipv4" 4 "$LAB_S4"

# 3. the same link behind a black hole
lab_rebuild 1500 1500 1380
lab_black_hole
lab_truncate_echo_replies 76

lab_run -4 "$LAB_SERVER_NAME"
expect_report "black hole ipv4" "$hdr4" 1380 "$ev_bh"
expect_match "black hole ipv4: note, cut short" "$cut_note" "$LAB_OUT"
expect_match "black hole ipv4: SYNs confirm it" \
	'^witnesses: .*, TCP SYNs to port 443 up to 1380 \(toward the host\)$' "$LAB_OUT"
expect_no_match "black hole ipv4: not ICMP alone" 'seen by ICMP echo only' "$LAB_OUT"
expect_advice "black hole ipv4" 1380 4

lab_run --json -4 "$LAB_SERVER_NAME"
expect_rc "black hole json" 0
expect_json_fields "black hole json" status='"ok"' path_mtu=1380 \
	evidence='"black_hole"' replies_cut=true confirmed=true

# a host that answers echo and nothing else
lab_server_drop_tcp 443 80
lab_run -6 "$LAB_SERVER_NAME"
expect_report "black hole ipv6" "$hdr6" 1380 "$ev_bh"
expect_match "black hole ipv6: note, ICMP alone" '^note: .*seen by ICMP echo only' "$LAB_OUT"
expect_advice "black hole ipv6" 1380 6

lab_run --json -6 "$LAB_SERVER_NAME"
expect_rc "black hole ipv6 json" 0
expect_json_fields "black hole ipv6 json" status='"ok"' path_mtu=1380 \
	evidence='"black_hole"' replies_cut=true confirmed=false

expect_cut "lab black hole ipv6" 6 "$LAB_S6"
expect_counter_gt "lab: r2 generated and dropped frag-needed errors" "$LAB_NS_R2" ptb4 0

lab_done
