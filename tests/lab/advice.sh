#!/usr/bin/env bash
# advice: what the measured path MTU means for tunnels. On a black hole
# behind a 1380-byte link, --wg prints only the wg-quick line (1320 for an
# IPv4 endpoint, 1300 for IPv6), --tunnel picks the tunnels shown, --json
# carries the advice, and --path-mtu gives it without probing: as a user
# with no privileges, and with no packet sent; --path-mtu --wg without -4
# or -6 gives the line safe for either family, and says so on a terminal.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1380
lab_black_hole

lab_run --wg -4 "$LAB_SERVER_NAME"
expect_rc "wg ipv4" 0
expect_stderr_empty "wg ipv4"
expect_eq "wg ipv4: the line alone" "MTU = 1320" "$LAB_FULL_OUT"

lab_run --wg -6 "$LAB_SERVER_NAME"
expect_rc "wg ipv6" 0
expect_eq "wg ipv6: the line alone" "MTU = 1300" "$LAB_FULL_OUT"

lab_run --tunnel gre-key,vxlan,ipip -4 "$LAB_SERVER_NAME"
expect_rc "tunnels" 0
expect_match "tunnels: GRE with key" '^  GRE with key +1352 +1312 +1292$' "$LAB_ADVICE"
expect_match "tunnels: VXLAN" '^  VXLAN +1330 +1290 +1270$' "$LAB_ADVICE"
expect_match "tunnels: IPIP" '^  IPIP +1360 +1320 +1300$' "$LAB_ADVICE"
expect_no_match "tunnels: only those asked for" 'WireGuard|wg-quick' "$LAB_ADVICE"

lab_run --tunnel ipip,wireguard -6 "$LAB_SERVER_NAME"
expect_match "ipip over ipv6: not possible" '^  IPIP +not over IPv6$' "$LAB_ADVICE"
expect_match "ipip over ipv6: wg line" '^wg-quick: MTU = 1300$' "$LAB_ADVICE"

lab_run --json -4 "$LAB_SERVER_NAME"
expect_rc "json" 0
expect_json_eq "json: advice has WireGuard at 1320" \
	'[a["mtu"] for a in o["advice"] if a["tunnel"] == "wireguard"]' '[1320]'
expect_json_eq "json: and the MSS inside" \
	'[(a["mss_ipv4"], a["mss_ipv6"]) for a in o["advice"] if a["tunnel"] == "wireguard"]' \
	'[[1280, 1260]]'

# --path-mtu: nothing probed, no privileges needed
before=$(lab_tx_packets)
lab_run_as "setpriv --reuid=65534 --regid=65534 --clear-groups" --path-mtu 1380 --wg -4
expect_rc "path-mtu as nobody" 0
expect_eq "path-mtu as nobody: the line" "MTU = 1320" "$LAB_FULL_OUT"
# without a family, the figure an endpoint of either family takes: IPv6's
lab_run --path-mtu 1380 --wg
expect_rc "path-mtu, no family" 0
expect_eq "path-mtu, no family: safe for both" "MTU = 1300" "$LAB_FULL_OUT"
expect_stderr_empty "path-mtu, no family, stderr not a terminal"
lab_run --path-mtu 1279 --wg
expect_eq "path-mtu below 1280, no family: IPv4's, no IPv6 endpoint" \
	"MTU = 1219" "$LAB_FULL_OUT"
expect_stderr_empty "path-mtu below 1280, no family"
lab_run_tty --path-mtu 1380 --wg
expect_eq "path-mtu, no family, on a terminal: the line, then the note" \
	"MTU = 1300~
mtuprobe: --wg without -4 or -6: MTU = 1300, an IPv6 endpoint's, fits either family (-4 for an IPv4 endpoint's, 1320)~" \
	"$TTY"
lab_run_tty --path-mtu 1380 --wg -6
expect_eq "path-mtu -6 on a terminal: no note" "MTU = 1300~" "$TTY"
lab_run_as "setpriv --reuid=65534 --regid=65534 --clear-groups" --path-mtu 1339 -4
expect_rc "path-mtu below 1340" 0
expect_match "path-mtu below 1340: IPv6 cannot run inside" \
	'^warning: WireGuard: an inner MTU of 1279 is below 1280: IPv6 cannot run inside$' "$LAB_ADVICE"
expect_eq "path-mtu: no packet sent" "$before" "$(lab_tx_packets)"

lab_run --tunnel l2tp "$LAB_SERVER_NAME"
expect_rc "unknown tunnel" 2
expect_one_error_line "unknown tunnel"

lab_done
