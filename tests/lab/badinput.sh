#!/usr/bin/env bash
# badinput: a table of invalid invocations, run in the client namespace.
# Each must exit with its documented code (2 bad usage, 3 missing
# privileges), print exactly one line on stderr starting "mtuprobe: " and
# nothing on stdout, not crash, and change nothing: no packet leaves the
# client (the tx counter of its only interface stays put across all of
# them), no file in the test's directory changes (contents, modes), and
# the client's nftables ruleset, which holds a clamp installed before,
# stays as it was.  --help exits 0 with the usage; a valid run at the end
# does move the counter (the check can see packets).
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
command -v setpriv >/dev/null 2>&1 || lab_skip "needs setpriv (util-linux)"
lab_init
lab_topology 1500 1500 1500

# The files the wg-quick cases read.
W=$LAB_TMP/work
mkdir -p "$W/adir" "$W/ro" || lab_die "mkdir $W"
chmod 755 "$LAB_TMP" "$W" "$W/ro"
good="[Interface]
PrivateKey = x
[Peer]
Endpoint = $LAB_SERVER4_NAME:51820"
printf '%s\n' "$good" >"$W/secret.conf"
printf '%s\n' "$good" >"$W/ro/ro.conf"
chmod 600 "$W/secret.conf"
chmod 644 "$W/ro/ro.conf"
printf 'hello, world\n' >"$W/notwg.conf"
: >"$W/empty.conf"
printf '[Interface]\nPrivateKey = x\n' >"$W/nopeer.conf"
chmod 644 "$W/notwg.conf" "$W/empty.conf" "$W/nopeer.conf"

# A clamp on the client that no refused run may touch.
lab_run --apply --mss 1300 -i "$LAB_IF_C"
[ "$LAB_RC" = 0 ] || lab_die "installing the clamp the cases must leave alone"

files() { (cd "$W" && find . -printf '%p %m %s\n' | sort && find . -type f -exec sha256sum {} + | sort); }
FILES=$(files)
RULESET=$(ip netns exec "$LAB_NS_C" nft -j list ruleset)

NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
RAW="$NOBODY --inh-caps=+net_raw --ambient-caps=+net_raw"

# EXIT | WHO | WHAT | ARGUMENTS (words; @W@ is the directory of files)
# WHO: root, raw (a user lent CAP_NET_RAW), nobody (a user, no privilege)
CASES=$(cat <<'EOF'
2 | root | unknown host | nosuch.invalid
2 | root | --min not a number | --min abc server4.lab
2 | root | --max with trailing garbage | --max 15x server4.lab
2 | root | --max too large | --max 70000 server4.lab
2 | root | --min below the IPv4 minimum | --min 20 server4.lab
2 | root | --max below the IPv6 minimum | -6 --max 1000 server6.lab
2 | root | --min above --max | --min 1400 --max 1300 server4.lab
2 | root | --min-wait of zero | --min-wait 0 server4.lab
2 | root | --max-wait too long | --max-wait 70000 server4.lab
2 | root | --min-wait above --max-wait | --min-wait 900 --max-wait 100 server4.lab
2 | root | a port out of range | --tcp=70000 server4.lab
2 | root | a port that is not a number | --tcp=https server4.lab
2 | root | a PORT with no HOST after it | --tcp 8080
2 | root | a PORT of --rst-check with no HOST after it | -4 --rst-check 22
2 | root | the port of --rst-check given to --tcp | --rst-check --tcp 22 server4.lab
2 | root | both families | -4 -6 server4.lab
2 | root | -4 with an IPv6 address | -4 fd00:99:3::2
2 | root | -6 with an IPv4 address | -6 10.99.3.2
2 | root | an unknown tunnel | --tunnel nosuch server4.lab
2 | root | --path-mtu below the minimum | --path-mtu 50
2 | root | --path-mtu with a HOST | --path-mtu 1400 server4.lab
2 | root | --wg with --json | --wg --json server4.lab
2 | root | --icmp with --rst-check | --rst-check --icmp server4.lab
2 | root | --rst-check with --trace | --rst-check --trace server4.lab
2 | root | --write without --wg-config | --write server4.lab
2 | root | no HOST |
2 | root | two HOSTs | server4.lab server6.lab
2 | root | an unknown option | --bogus server4.lab
2 | root | a config that is missing | --wg-config @W@/missing.conf
2 | root | an interface's name with no file | --wg-config mtpnosuch0
2 | root | a config that is a directory | --wg-config @W@/adir
2 | root | a config that is not wg-quick | --wg-config @W@/notwg.conf
2 | root | a config that is empty | --wg-config @W@/empty.conf
2 | root | a config without a peer | --wg-config @W@/nopeer.conf
2 | raw | a config that is unreadable | --wg-config @W@/secret.conf
2 | raw | a config that is unwritable | --wg-config @W@/ro/ro.conf --write
2 | root | --apply on an interface that does not exist | --apply -i nosuch0 --mss 1300
2 | root | --src with host bits | --clamp --src 10.99.1.1/24 --mss 1300
2 | root | an unknown hook | --clamp --hook input --mss 1300
2 | root | an MSS too small | --apply --mss 100
2 | root | --clamp with --apply | --clamp --apply --mss 1300
2 | root | --remove with a HOST | --remove server4.lab
2 | root | a selector without --clamp | -i c-r1 server4.lab
3 | nobody | a trace without CAP_NET_RAW or ICMP sockets | --trace server4.lab
3 | nobody | TCP without CAP_NET_RAW | --tcp server4.lab
3 | nobody | --apply without CAP_NET_ADMIN | --apply --mss 1300
3 | nobody | --remove without CAP_NET_ADMIN | --remove
EOF
)

lab_wait_tx_quiet
tx_before=$(lab_tx_packets)
lab_note "tx_packets of $LAB_IF_C before the invalid runs: $tx_before"
n=0
while IFS='|' read -r code who what args; do
	code=${code// /} who=${who// /}
	what=$(printf '%s' "$what" | sed 's/^ *//; s/ *$//')
	args=${args//@W@/$W}
	read -r -a argv <<<"$args"
	case $who in
	root) wrapper= ;;
	raw) wrapper=$RAW ;;
	nobody) wrapper=$NOBODY ;;
	*) lab_die "case '$what': who is '$who'" ;;
	esac
	lab_run_as "$wrapper" "${argv[@]}"
	expect_rc "$what" "$code"
	expect_one_error_line "$what"
	expect_stdout_empty "$what"
	expect_eq "$what: no file changed" "$FILES" "$(files)"
	expect_eq "$what: the ruleset is as it was" "$RULESET" \
		"$(ip netns exec "$LAB_NS_C" nft -j list ruleset)"
	n=$((n + 1))
done <<<"$CASES"
if [ "$n" -ge 30 ]; then
	lab_ok "$n invalid invocations"
else
	lab_fail "at least 30 invalid invocations" ">= 30" "$n"
fi
expect_match "the unreadable config: says so" \
	'secret.conf' "$(lab_run_as "$RAW" --wg-config "$W/secret.conf" >/dev/null; echo "$LAB_ERR")"

lab_run --wg-config mtpnosuch0
expect_match "a name with no file: both places named" \
	'^mtuprobe: mtpnosuch0: no such file; /etc/wireguard/mtpnosuch0\.conf: ' "$LAB_ERR"

# With --json, a host not probed gets on stdout the object -f gives it,
# beside the line on stderr and with the same exit code.
lab_run --json nosuch.invalid
expect_rc "unknown host, --json" 2
expect_one_error_line "unknown host, --json"
expect_json_fields "unknown host, --json: the failure object" type='"failure"' \
	version=1 host='"nosuch.invalid"' status='"unknown_host"'
expect_json_true "unknown host, --json: the error is stderr's" \
	"o['error'] + '\\n' == open('$LAB_ERR_FILE').read()[len('mtuprobe: '):]"
lab_run --json 10.99.3
expect_rc "a loose address, --json" 2
expect_json_fields "a loose address, --json" type='"failure"' status='"refused"'

# The refusals that say what to type instead.
lab_run --tcp 8080
expect_match "--tcp 8080: the fix named" \
	'^mtuprobe: no HOST given: 8080 is the PORT of --tcp; write --tcp 8080 HOST$' "$LAB_ERR"
lab_run -4 --rst-check 22
expect_match "--rst-check 22: the fix named" \
	'write --rst-check 22 HOST$' "$LAB_ERR"
lab_run --rst-check --tcp 22 server4.lab
expect_match "--rst-check --tcp 22: the fix named" \
	'^mtuprobe: --rst-check takes the port itself: use --rst-check 22$' "$LAB_ERR"

tx_after=$(lab_tx_packets)
expect_eq "no packet sent by the invalid runs (tx_packets of $LAB_IF_C)" \
	"$tx_before" "$tx_after"

# --help: usage on stdout, exit 0
lab_run --help
expect_rc "--help" 0
expect_line "--help: what it does, first" 1 \
	'^mtuprobe finds the exact path MTU to a host' "$LAB_OUT"
expect_match "--help: usage on stdout" '[Uu]sage' "$LAB_OUT"
expect_match "--help: mentions --apply" '--apply' "$LAB_OUT"
expect_stderr_empty "--help"

# Control: a valid run does move the counter.
lab_run --json "$LAB_S4"
expect_rc "valid run" 0
tx_valid=$(lab_tx_packets)
if [ "$tx_valid" -gt "$tx_after" ]; then
	lab_ok "a valid run moves the counter ($tx_after -> $tx_valid)"
else
	lab_fail "a valid run moves the counter" "more than $tx_after" "$tx_valid"
fi

lab_done
