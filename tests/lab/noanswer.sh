#!/usr/bin/env bash
# noanswer: the server drops every echo request, every TCP segment to
# ports 443 and 80, whose plain SYNs go out beside echo's rounds, and
# every UDP datagram, one of which goes out beside echo's first round
# (nftables on s, input hook, both families); the same host answering
# UDP is sized by it, after one round of echo that its "port unreachable"
# ends.  mtuprobe must give up after echo's
# three rounds, with no rounds of SYNs after them, with one clear line on
# stderr and exit code 1 within a sane bound (10 s; a sanity check, not a
# performance test).  A destination without any route must fail the same
# way, quickly.  A destination a router declares unreachable (r2 has an
# "unreachable" route for 10.99.9.0/24 and fd00:99:9::/64 and answers with
# ICMP destination unreachable) must also end with exit code 1.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

BOUND_MS=10000       # no answer at all
NOROUTE_BOUND_MS=3000 # nothing to wait for

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1500
lab_server_drop_echo
lab_server_drop_tcp 443 80
lab_server_drop_udp

# The client and r1 route 10.99.9.0/24 and fd00:99:9::/64 to r2, where
# they end in "unreachable" routes.
lab_route "$LAB_NS_C" 10.99.9.0/24 "$LAB_R1_C4"
lab_route "$LAB_NS_C" fd00:99:9::/64 "$LAB_R1_C6"
lab_route "$LAB_NS_R1" 10.99.9.0/24 "$LAB_R2_R14"
lab_route "$LAB_NS_R1" fd00:99:9::/64 "$LAB_R2_R16"
ip -n "$LAB_NS_R2" route add unreachable 10.99.9.0/24 || lab_die "unreachable route"
ip -n "$LAB_NS_R2" route add unreachable fd00:99:9::/64 || lab_die "unreachable route6"

# 1. no answer, IPv4
lab_run "$LAB_S4"
expect_rc "no answer ipv4" 1
expect_one_error_line "no answer ipv4"
expect_lt "no answer ipv4: finished within the bound (ms)" "$BOUND_MS" "$LAB_MS"
expect_match "no answer ipv4: names what was tried" \
	'no reply to ICMP echo, to TCP SYNs to ports 443 and 80, nor to a UDP datagram' "$LAB_ERR"
lab_note "no answer ipv4: $LAB_MS ms; stderr: $LAB_ERR"

# 2. no answer, IPv6, by name
lab_run -6 "$LAB_SERVER_NAME"
expect_rc "no answer ipv6" 1
expect_one_error_line "no answer ipv6"
expect_lt "no answer ipv6: finished within the bound (ms)" "$BOUND_MS" "$LAB_MS"
lab_note "no answer ipv6: $LAB_MS ms; stderr: $LAB_ERR"

# 3. no answer, JSON: still one JSON object saying so
lab_run --json "$LAB_S4"
expect_rc "no answer json" 1
expect_one_error_line "no answer json"
expect_json_shape "no answer json"
expect_json_fields "no answer json" address="\"$LAB_S4\"" family='"ipv4"' \
	status='"no_answer"' path_mtu=null evidence=null ptb_from=null ptb_mtu=null
# the SYNs to 443 and 80 went out beside echo's rounds: one wait in all,
# no rounds of SYNs after it
expect_json_fields "no answer json: echo's three rounds, no more" rounds=3
expect_lt "no answer json: finished within the bound (ms)" "$BOUND_MS" "$LAB_MS"

# The lab: the server really received and dropped the probes.
expect_counter_gt "lab: s dropped IPv4 echo requests" "$LAB_NS_S" echo4 0
expect_counter_gt "lab: s dropped IPv6 echo requests" "$LAB_NS_S" echo6 0

# 3b. the same host answering UDP: the datagram sent beside echo's first
# round drew a "port unreachable", which ended that round, and UDP sizes
# the path: two rounds in all, echo's first and UDP's one
lab_nft "$LAB_NS_S" <<EOF
delete table inet mtpudp
EOF
lab_run --json "$LAB_S4"
expect_rc "answers UDP only" 0
expect_json_fields "answers UDP only" status='"ok"' path_mtu=1500 method='"udp"' \
	rounds=2
expect_json_witness "answers UDP only" udp any 1500 toward
lab_run --json -6 "$LAB_S6"
expect_rc "answers UDP only ipv6" 0
expect_json_fields "answers UDP only ipv6" status='"ok"' path_mtu=1500 \
	method='"udp"' rounds=2
lab_server_drop_udp

# 4. no route at all (nothing can leave the client)
lab_run "$LAB_NOROUTE4"
expect_rc "no route ipv4" 1
expect_one_error_line "no route ipv4"
expect_lt "no route ipv4: quick (ms)" "$NOROUTE_BOUND_MS" "$LAB_MS"

lab_run -6 "$LAB_NOROUTE6"
expect_rc "no route ipv6" 1
expect_one_error_line "no route ipv6"
expect_lt "no route ipv6: quick (ms)" "$NOROUTE_BOUND_MS" "$LAB_MS"

# with --json, the failure object -f gives, and the same line on stderr
lab_run --json "$LAB_NOROUTE4"
expect_rc "no route json" 1
expect_one_error_line "no route json"
expect_json_fields "no route json" type='"failure"' version=1 \
	host="\"$LAB_NOROUTE4\"" status='"no_route"'
expect_json_true "no route json: the error is stderr's" \
	"o['error'] + '\\n' == open('$LAB_ERR_FILE').read()[len('mtuprobe: '):]"
lab_run --json --rst-check -6 "$LAB_NOROUTE6"
expect_rc "no route, RST check json" 1
expect_one_error_line "no route, RST check json"
expect_json_fields "no route, RST check json" type='"failure"' status='"no_route"'

# 5. a router answers "destination unreachable"
lab_run 10.99.9.1
expect_rc "unreachable ipv4" 1
expect_one_error_line "unreachable ipv4"
expect_lt "unreachable ipv4: finished within the bound (ms)" "$BOUND_MS" "$LAB_MS"

lab_run --json -6 fd00:99:9::1
expect_rc "unreachable ipv6 json" 1
expect_one_error_line "unreachable ipv6 json"
expect_json_shape "unreachable ipv6 json"
expect_json_fields "unreachable ipv6 json" address='"fd00:99:9::1"' \
	family='"ipv6"' status='"unreachable"' path_mtu=null evidence=null
expect_lt "unreachable ipv6 json: finished within the bound (ms)" "$BOUND_MS" "$LAB_MS"

lab_done
