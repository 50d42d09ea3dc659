#!/usr/bin/env bash
# tcptrace: the trace works over TCP too. The server drops echo and
# listens on 443; link 3 is 1380 and r2 drops its "too big" replies. A
# plain --trace falls back to TCP SYNs, finds 1380, and places the black
# hole between hop 2 and hop 3 with TTL-limited SYNs; --tcp --trace does
# the same without the fallback, over IPv6 as well.
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
ifmtu=$(lab_if_mtu)

lab_run --trace -4 "$LAB_SERVER_NAME"
expect_rc "fallback trace" 0
expect_match "fallback trace: over TCP" \
	'^mtuprobe to .*, IPv4 TCP SYN to port 443, via ' "$LAB_OUT"
expect_match "fallback trace: says so" \
	'^note: ICMP echo got no answer; probed with TCP SYNs to port 443 instead$' "$LAB_OUT"
expect_match "fallback trace: path MTU" '^path MTU: 1380$' "$LAB_OUT"
expect_trace "fallback trace" \
	"$(lab_re_hop 1 "$LAB_R1_C4" "$ifmtu")" \
	"$(lab_re_hop 2 "$LAB_R2_R14" "$ifmtu")" \
	"$(lab_re_hop 3 "$LAB_S4" 1380 'black hole')" \
	-- "$(lab_re_limit_bh 2 "$LAB_R2_R14" 3 "$LAB_S4" 1380)"

lab_run --tcp 443 --trace -6 "$LAB_SERVER_NAME"
expect_rc "tcp trace ipv6" 0
expect_match "tcp trace ipv6: over TCP" \
	'^mtuprobe to .*, IPv6 TCP SYN to port 443, via ' "$LAB_OUT"
expect_no_match "tcp trace ipv6: no fallback note" '^note:' "$LAB_OUT"
expect_trace "tcp trace ipv6" \
	"$(lab_re_hop 1 "$LAB_R1_C6" "$ifmtu")" \
	"$(lab_re_hop 2 "$LAB_R2_R16" "$ifmtu")" \
	"$(lab_re_hop 3 "$LAB_S6" 1380 'black hole')" \
	-- "$(lab_re_limit_bh 2 "$LAB_R2_R16" 3 "$LAB_S6" 1380)"

lab_done
