#!/usr/bin/env bash
# loopback: a 64 KiB link.  In a namespace of its own (nothing but lo, MTU
# 65536), mtuprobe 127.0.0.1 must say 65535, the largest IPv4 packet, and
# ::1 65536, the largest the link carries, both as the interface limit:
# replies of 64 KiB that the receiving socket had no room for are not
# silence on the path (local_drops counts what it dropped).
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_add_ns "$LAB_NS_C"
expect_eq "lab: lo carries 65536" 65536 \
	"$(ip netns exec "$LAB_NS_C" cat /sys/class/net/lo/mtu)"

ev='^evidence: interface limit: the path carries the full MTU of lo$'
lab_run 127.0.0.1
expect_rc "127.0.0.1" 0
expect_match "127.0.0.1: path MTU" '^path MTU: 65535$' "$LAB_OUT"
expect_match "127.0.0.1: evidence" "$ev" "$LAB_OUT"

lab_run ::1
expect_rc "::1" 0
expect_match "::1: path MTU" '^path MTU: 65536$' "$LAB_OUT"
expect_match "::1: evidence" "$ev" "$LAB_OUT"

for a in 127.0.0.1 ::1; do
	lab_run --json "$a"
	expect_json_fields "$a json" status='"ok"' evidence='"interface"'
	expect_json_true "$a json: local drops counted" \
		'type(o["local_drops"]) is int'
done

lab_done
