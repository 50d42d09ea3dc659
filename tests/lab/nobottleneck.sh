#!/usr/bin/env bash
# nobottleneck: every link 1500.  The path carries the client interface's
# full MTU: mtuprobe must report it with evidence "interface limit" naming
# the client's interface.  --max caps the search ("upper bound" evidence)
# and --min/--max show up in the JSON.  Finally the client link is lowered
# to 1450 to show the default upper bound follows the interface MTU.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1500

ifmtu=$(lab_if_mtu)
lab_note "client interface $LAB_IF_C has MTU $ifmtu"
hdr4="^mtuprobe to .*$(lab_re "$LAB_S4").*, IPv4 ICMP echo, via $LAB_IF_C \\(MTU $ifmtu\\), source $(lab_re "$LAB_C4")\$"
hdr6="^mtuprobe to $(lab_re "$LAB_SERVER_NAME") \\($(lab_re "$LAB_S6")\\), IPv6 ICMP(v6)? echo, via $LAB_IF_C \\(MTU $ifmtu\\), source $(lab_re "$LAB_C6")\$"
ev_if="^evidence: interface limit: the path carries the full MTU of $LAB_IF_C\$"

# 1. IPv4, default bounds
lab_run "$LAB_S4"
expect_report "ipv4" "$hdr4" "$ifmtu" "$ev_if"

lab_run --json "$LAB_S4"
expect_rc "ipv4 json" 0
expect_json_shape "ipv4 json"
expect_json_fields "ipv4 json" family='"ipv4"' address="\"$LAB_S4\"" \
	interface="\"$LAB_IF_C\"" interface_mtu="$ifmtu" source="\"$LAB_C4\"" \
	min=68 max="$ifmtu" status='"ok"' path_mtu="$ifmtu" \
	evidence='"interface"' ptb_from=null ptb_mtu=null ptbs_ignored=0

# 2. IPv6, default bounds
lab_run -6 "$LAB_SERVER_NAME"
expect_report "ipv6" "$hdr6" "$ifmtu" "$ev_if"

lab_run --json "$LAB_SERVER6_NAME"
expect_rc "ipv6 json" 0
expect_json_shape "ipv6 json"
expect_json_fields "ipv6 json" family='"ipv6"' address="\"$LAB_S6\"" \
	interface="\"$LAB_IF_C\"" interface_mtu="$ifmtu" source="\"$LAB_C6\"" \
	min=1280 max="$ifmtu" status='"ok"' path_mtu="$ifmtu" \
	evidence='"interface"' ptb_from=null ptb_mtu=null ptbs_ignored=0

# 3. --max below the path MTU: the upper bound is the answer
ev_max='^evidence: upper bound: --max 1400 was answered$'
lab_run --max 1400 "$LAB_S4"
expect_report "ipv4 --max 1400" "$hdr4" 1400 "$ev_max"

lab_run --json --max 1400 "$LAB_S4"
expect_rc "ipv4 json --max 1400" 0
expect_json_fields "ipv4 json --max 1400" min=68 max=1400 status='"ok"' \
	path_mtu=1400 evidence='"max"' ptb_from=null ptb_mtu=null \
	interface_mtu="$ifmtu"

lab_run -6 --max 1400 "$LAB_SERVER_NAME"
expect_report "ipv6 --max 1400" "$hdr6" 1400 "$ev_max"

# 4. --min and --max together
lab_run --json --min 1000 --max 1200 "$LAB_SERVER4_NAME"
expect_rc "ipv4 json --min 1000 --max 1200" 0
expect_json_fields "ipv4 json --min 1000 --max 1200" min=1000 max=1200 \
	status='"ok"' path_mtu=1200 evidence='"max"'

lab_run --json -6 --min 1300 --max 1350 "$LAB_S6"
expect_rc "ipv6 json --min 1300 --max 1350" 0
expect_json_fields "ipv6 json --min 1300 --max 1350" min=1300 max=1350 \
	status='"ok"' path_mtu=1350 evidence='"max"'

# 5. --min equal to the interface MTU: a single size to try
lab_run --json --min "$ifmtu" "$LAB_S4"
expect_rc "ipv4 json --min $ifmtu" 0
expect_json_fields "ipv4 json --min $ifmtu" min="$ifmtu" max="$ifmtu" \
	status='"ok"' path_mtu="$ifmtu" evidence='"interface"'

# 6. a smaller client link: the default upper bound is the interface MTU
lab_set_link_mtu "$LAB_NS_C" "$LAB_IF_C" "$LAB_NS_R1" r1-c 1450
ifmtu=$(lab_if_mtu)
expect_eq "lab: client interface MTU lowered" 1450 "$ifmtu"
lab_run "$LAB_S4"
expect_report "ipv4 link 1450" \
	"^mtuprobe to .*$(lab_re "$LAB_S4").*, IPv4 ICMP echo, via $LAB_IF_C \\(MTU 1450\\), source $(lab_re "$LAB_C4")\$" \
	1450 "$ev_if"
lab_run --json -6 "$LAB_S6"
expect_rc "ipv6 json link 1450" 0
expect_json_fields "ipv6 json link 1450" interface="\"$LAB_IF_C\"" \
	interface_mtu=1450 min=1280 max=1450 status='"ok"' path_mtu=1450 \
	evidence='"interface"'

lab_done
