#!/usr/bin/env bash
# badinput: invalid invocations in the client namespace.  Each must print
# exactly one line on stderr starting "mtuprobe: ", nothing on stdout, exit
# with code 2 -- and send no packet: the tx counter of the client's only
# interface must not move across all of them.  --help exits 0 with the
# usage on stdout.  Running without privileges exits 3, also silently.
# Finally a valid run must move the counter (the check can see packets).
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1500

# bad_case DESC ARGS...: exit code 2, one error line, empty stdout.
bad_case() {
	local desc=$1
	shift
	lab_run "$@"
	expect_rc "$desc" 2
	expect_one_error_line "$desc"
	expect_stdout_empty "$desc"
}

lab_wait_tx_quiet
tx_before=$(lab_tx_packets)
lab_note "tx_packets of $LAB_IF_C before the invalid runs: $tx_before"

# Name resolution as the isolated namespace has it: /etc/hosts, then DNS
# servers it has no route to (typically "Temporary failure in name
# resolution").
bad_case "unknown host" nosuch.invalid
# The same name with /etc/hosts as the only source ("Name or service not
# known").
printf 'hosts: files\n' >"/etc/netns/$LAB_NS_C/nsswitch.conf"
bad_case "unknown host, files only" nosuch.invalid
rm -f "/etc/netns/$LAB_NS_C/nsswitch.conf"
bad_case "min above max" --min 1400 --max 1300 "$LAB_S4"
bad_case "-4 with an IPv6 address" -4 "$LAB_S6"
bad_case "-6 with an IPv4 address" -6 "$LAB_S4"
bad_case "--min not a number" --min abc "$LAB_S4"
bad_case "--max trailing garbage" --max 15x "$LAB_S4"
bad_case "--min below the IPv4 minimum 68" --min 20 "$LAB_S4"
bad_case "--max below the IPv6 minimum 1280" -6 --max 1000 "$LAB_S6"
bad_case "no HOST"
bad_case "two HOSTs" "$LAB_S4" "$LAB_SERVER4_NAME"
bad_case "unknown option" --bogus "$LAB_S4"

# --help: usage on stdout, exit 0
lab_run --help
expect_rc "--help" 0
expect_match "--help: usage on stdout" '[Uu]sage' "$LAB_OUT"
expect_match "--help: mentions --min" '--min' "$LAB_OUT"
expect_match "--help: mentions --max" '--max' "$LAB_OUT"
expect_match "--help: mentions --json" '--json' "$LAB_OUT"
expect_stderr_empty "--help"

# No privileges (exit 3): an unprivileged user without capabilities; the
# lab disables unprivileged ICMP sockets (ping_group_range "1 0").
nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
if ! command -v setpriv >/dev/null 2>&1; then
	lab_note "no setpriv: privilege check skipped"
elif ! lab_ns "$LAB_NS_C" "${nobody[@]}" test -x "$MTUPROBE"; then
	lab_note "uid 65534 cannot execute $MTUPROBE: privilege check skipped"
else
	lab_run_as "${nobody[*]}" "$LAB_S4"
	expect_rc "unprivileged" 3
	expect_one_error_line "unprivileged"
	expect_stdout_empty "unprivileged"
fi

tx_after=$(lab_tx_packets)
expect_eq "no packet sent by the invalid runs (tx_packets of $LAB_IF_C)" \
	"$tx_before" "$tx_after"

# Control: a valid run does move the counter.
lab_run --json "$LAB_S4"
expect_rc "valid run" 0
tx_valid=$(lab_tx_packets)
if [ "$tx_valid" -gt "$tx_after" ]; then
	lab_ok "control: a valid run sends packets (tx_packets $tx_after -> $tx_valid)"
else
	lab_fail "control: a valid run sends packets" "tx_packets above $tx_after" "$tx_valid"
fi

lab_done
