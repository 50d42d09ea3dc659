#!/usr/bin/env bash
# clamp: the MSS clamp on a router, as nft sees it.  mtuprobe runs on r1
# and probes the server through r2, whose 1380-byte link to s is a black
# hole (r2 drops its own "too big" errors): MSS 1340 for IPv4, 1320 for
# IPv6.  --clamp prints a ruleset that nft -f loads, twice, into a scratch
# namespace; --apply installs exactly those rules on r1 (nft -j list table
# inet mtuprobe is the same); a second --apply leaves one table with the
# same rules; a new value replaces the old; --remove leaves no table; a
# clamp with --table keeps to its own table, beside the other.  A table
# of r1's own is the same after every step.  Without CAP_NET_ADMIN,
# --apply and --remove fail with one sentence before anything is sent or
# changed.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
command -v setpriv >/dev/null 2>&1 || lab_skip "needs setpriv (util-linux)"
lab_init
lab_topology 1500 1500 1380
lab_black_hole
R1=$LAB_NS_R1
SCRATCH=${LAB_ID}x
lab_add_ns "$SCRATCH"

# r1's own tables, which mtuprobe must never touch
lab_nft "$R1" <<EOF
table inet filter {
	counter seen { }
	chain pass {
		type filter hook forward priority 0; policy accept;
		counter name "seen"
	}
}
table ip nat {
	chain post {
		type nat hook postrouting priority 100; policy accept;
	}
}
EOF
OTHERS=$(lab_nft_json "$R1" others)
expect_others_untouched() {
	expect_eq "$1: r1's other tables are untouched" "$OTHERS" \
		"$(lab_nft_json "$R1" others)"
}

# rules MSS4 IFACE: the four rules of -i IFACE, as nft lists them.
rules() {
	local m4=$1 m6=$(($1 - 20)) tail
	tail='tcp flags syn / syn,rst tcp option maxseg size > %s tcp option maxseg size set %s'
	printf "iifname \"%s\" meta nfproto ipv4 $tail\n" "$2" "$m4" "$m4"
	printf "iifname \"%s\" meta nfproto ipv6 $tail\n" "$2" "$m6" "$m6"
	printf "oifname \"%s\" meta nfproto ipv4 $tail\n" "$2" "$m4" "$m4"
	printf "oifname \"%s\" meta nfproto ipv6 $tail" "$2" "$m6" "$m6"
}

r1_tx() { ip netns exec "$R1" cat /sys/class/net/r1-r2/statistics/tx_packets; }

# --- 1. --clamp prints the ruleset; nft -f loads it again and again
LAB_RUN_NS=$R1 lab_run --clamp -i r1-r2 "$LAB_S4"
expect_rc "clamp" 0
expect_stderr_empty "clamp"
expect_line "clamp: the first comment says where the MSS comes from" 1 \
	'^# mtuprobe MSS clamp: MSS 1340 for IPv4, 1320 for IPv6, from the path MTU 1380 to 10\.99\.3\.2 \(10\.99\.3\.2\): black hole above it$' \
	"$LAB_OUT"
expect_line "clamp: the second which SYNs" 2 \
	'^# for TCP SYNs forwarded through r1-r2 \(in or out\)$' "$LAB_OUT"
cp "$LAB_OUT_FILE" "$LAB_TMP/clamp.nft"
for i in 1 2; do
	if ip netns exec "$SCRATCH" nft -f "$LAB_TMP/clamp.nft" 2>"$LAB_TMP/nft.err"; then
		lab_ok "clamp: nft -f loads the ruleset (time $i)"
	else
		lab_fail "clamp: nft -f loads the ruleset (time $i)" "exit 0" "$(cat "$LAB_TMP/nft.err")"
	fi
done
expect_eq "clamp: loaded twice, one table with the four rules" "$(rules 1340 r1-r2)" \
	"$(lab_nft_rules "$SCRATCH")"
REF=$(lab_nft_json "$SCRATCH" ours)
expect_match "clamp: the chain is a forward hook at mangle priority" \
	'"hook": "forward".*"prio": -150' "$REF"
expect_eq "clamp: nothing on r1 changed" "[]" "$(lab_nft_json "$R1" ours)"

# --- 2. --apply installs exactly those rules, and reads them back
LAB_RUN_NS=$R1 lab_run --apply -i r1-r2 "$LAB_S4"
expect_rc "apply" 0
expect_stderr_empty "apply"
expect_match "apply: the probe's report" '^path MTU: 1380$' "$LAB_OUT"
expect_match "apply: the clamp line" \
	'^clamp: MSS 1340 for IPv4, 1320 for IPv6, from the path MTU 1380 to 10\.99\.3\.2 \(10\.99\.3\.2\): black hole above it$' "$LAB_OUT"
expect_match "apply: the selection line" \
	'^selects: TCP SYNs forwarded through r1-r2 \(in or out\)$' "$LAB_OUT"
expect_match "apply: read back" \
	'^applied: table inet mtuprobe, chain forward \(hook forward, priority mangle\), 4 rules, read back from the kernel$' "$LAB_OUT"
expect_eq "apply: nft -j list table inet mtuprobe is what --clamp printed" \
	"$REF" "$(lab_nft_json "$R1" ours)"
expect_others_untouched "apply"

# --- 3. again: one table, the same rules
LAB_RUN_NS=$R1 lab_run --apply -i r1-r2 "$LAB_S4"
expect_rc "apply again" 0
expect_eq "apply again: the same rules, not twice" "$REF" "$(lab_nft_json "$R1" ours)"
expect_eq "apply again: one table inet mtuprobe" 1 \
	"$(ip netns exec "$R1" nft list tables | grep -c '^table inet mtuprobe$')"
expect_others_untouched "apply again"

# --- 4. a new value replaces the old one
LAB_RUN_NS=$R1 lab_run --apply --mss 1300 -i r1-r2
expect_rc "apply --mss" 0
expect_stderr_empty "apply --mss"
expect_line "apply --mss: no probe, the clamp line first" 1 \
	'^clamp: MSS 1300 for IPv4, 1280 for IPv6, from --mss$' "$LAB_OUT"
expect_eq "apply --mss: the four rules at 1300 / 1280, the old ones gone" \
	"$(rules 1300 r1-r2)" "$(lab_nft_rules "$R1")"
expect_others_untouched "apply --mss"

# --- 5. another hook and selection replace the chain as a whole
LAB_RUN_NS=$R1 lab_run --apply --mss 1300 --hook output --src 10.99.1.0/24 --ipsec
expect_rc "apply output" 0
expect_match "apply output: read back" \
	'^applied: table inet mtuprobe, chain output \(hook output, priority mangle\), 3 rules, read back from the kernel$' "$LAB_OUT"
expect_eq "apply output: only chain output is left" "output" \
	"$(ip netns exec "$R1" nft -j list chains inet | python3 -c '
import json, sys
print(" ".join(c["chain"]["name"] for c in json.load(sys.stdin)["nftables"]
               if "chain" in c and c["chain"]["table"] == "mtuprobe"))')"
expect_eq "apply output: its rules" \
"ip saddr 10.99.1.0/24 tcp flags syn / syn,rst tcp option maxseg size > 1300 tcp option maxseg size set 1300
rt ipsec exists meta nfproto ipv4 tcp flags syn / syn,rst tcp option maxseg size > 1300 tcp option maxseg size set 1300
rt ipsec exists meta nfproto ipv6 tcp flags syn / syn,rst tcp option maxseg size > 1280 tcp option maxseg size set 1280" \
	"$(lab_nft_rules "$R1")"

# --- 6. without CAP_NET_ADMIN: one sentence, nothing sent, nothing changed
LAB_RUN_NS=$R1 lab_run --apply -i r1-r2 "$LAB_S4"
BEFORE=$(lab_nft_json "$R1" ours)
for who in "setpriv --reuid=65534 --regid=65534 --clear-groups" \
	"setpriv --bounding-set=-net_admin"; do
	tx=$(r1_tx)
	LAB_RUN_NS=$R1 lab_run_as "$who" --apply -i r1-r2 "$LAB_S4"
	expect_rc "$who apply" 3
	expect_stdout_empty "$who apply"
	expect_one_error_line "$who apply"
	expect_match "$who apply: names the capability" \
		'^mtuprobe: --apply changes nftables and needs CAP_NET_ADMIN: run it as root$' "$LAB_ERR"
	expect_eq "$who apply: no probe was sent" "$tx" "$(r1_tx)"
	expect_eq "$who apply: the table is as it was" "$BEFORE" "$(lab_nft_json "$R1" ours)"
	LAB_RUN_NS=$R1 lab_run_as "$who" --apply --mss 1200
	expect_rc "$who apply --mss" 3
	expect_eq "$who apply --mss: the table is as it was" "$BEFORE" "$(lab_nft_json "$R1" ours)"
	LAB_RUN_NS=$R1 lab_run_as "$who" --remove
	expect_rc "$who remove" 3
	expect_one_error_line "$who remove"
	expect_match "$who remove: names the capability" 'CAP_NET_ADMIN' "$LAB_ERR"
	expect_eq "$who remove: the table is still there" "$BEFORE" "$(lab_nft_json "$R1" ours)"
done
# --clamp only prints: it needs no privilege at all beyond the probe's
LAB_RUN_NS=$R1 lab_run_as "setpriv --reuid=65534 --regid=65534 --clear-groups" --clamp --mss 1300
expect_rc "unprivileged clamp --mss" 0
expect_match "unprivileged clamp --mss: prints the ruleset" '^table inet mtuprobe \{$' "$LAB_OUT"
expect_others_untouched "without CAP_NET_ADMIN"

# --- 7. a probe that fails clamps nothing
LAB_RUN_NS=$R1 lab_run --remove
LAB_RUN_NS=$R1 lab_run --apply -i r1-r2 "$LAB_NOROUTE4"
expect_rc "apply, no route" 1
expect_one_error_line "apply, no route"
expect_eq "apply, no route: no table" "[]" "$(lab_nft_json "$R1" ours)"

# --- 8. an interface that is not there: refused before the probe
LAB_RUN_NS=$R1 lab_run --apply --mss 1300 -i r1-r2
tx=$(r1_tx)
LAB_RUN_NS=$R1 lab_run --apply -i wg7 "$LAB_S4"
expect_rc "apply -i wg7" 2
expect_eq "apply -i wg7: says so" \
	"mtuprobe: -i wg7: no such interface here (for one made later, load the ruleset of --clamp with nft -f)" "$LAB_ERR"
expect_eq "apply -i wg7: no probe was sent" "$tx" "$(r1_tx)"
expect_eq "apply -i wg7: the rules are as they were" "$(rules 1300 r1-r2)" \
	"$(lab_nft_rules "$R1")"

# --- 9. --remove leaves no table, and nothing else changes
LAB_RUN_NS=$R1 lab_run --remove
expect_rc "remove" 0
expect_stderr_empty "remove"
expect_eq "remove: says so" "removed: table inet mtuprobe" "$LAB_OUT"
expect_eq "remove: no table inet mtuprobe" "[]" "$(lab_nft_json "$R1" ours)"
expect_others_untouched "remove"
LAB_RUN_NS=$R1 lab_run --remove
expect_rc "remove again" 0
expect_eq "remove again: nothing to remove" \
	"nothing to remove: there is no table inet mtuprobe" "$LAB_OUT"
expect_others_untouched "remove again"

# --- 10. --table: a clamp in a table of its own leaves the others alone
LAB_RUN_NS=$R1 lab_run --clamp --mss 1300 --table mtuprobe-b -i r1-c
expect_rc "clamp --table" 0
expect_match "clamp --table: the ruleset replaces its own table" \
	'^# load it with nft -f; loading it again replaces table inet mtuprobe-b$' "$LAB_OUT"
printf '%s\n' "$LAB_OUT" | ip netns exec "$SCRATCH" nft -f -
expect_eq "clamp --table: nft -f loads it" 0 "$?"
expect_eq "clamp --table: nft lists it by its name" "$(rules 1300 r1-c)" \
	"$(lab_nft_rules "$SCRATCH" mtuprobe-b)"
LAB_RUN_NS=$R1 lab_run --apply -i r1-r2 "$LAB_S4"
expect_rc "apply, table mtuprobe" 0
LAB_RUN_NS=$R1 lab_run --apply --mss 1300 --table mtuprobe-b -i r1-c
expect_rc "apply --table" 0
expect_match "apply --table: says which table" \
	'^applied: table inet mtuprobe-b, chain forward \(hook forward, priority mangle\), 4 rules, read back from the kernel$' "$LAB_OUT"
expect_eq "apply --table: its rules" "$(rules 1300 r1-c)" \
	"$(lab_nft_rules "$R1" mtuprobe-b)"
expect_eq "apply --table: table mtuprobe is as it was" "$(rules 1340 r1-r2)" \
	"$(lab_nft_rules "$R1")"
LAB_RUN_NS=$R1 lab_run --remove --table mtuprobe-b
expect_rc "remove --table" 0
expect_eq "remove --table: says so" "removed: table inet mtuprobe-b" "$LAB_OUT"
expect_eq "remove --table: the table is gone" "" \
	"$(ip netns exec "$R1" nft list tables | grep -x 'table inet mtuprobe-b')"
expect_eq "remove --table: table mtuprobe stays" "$(rules 1340 r1-r2)" \
	"$(lab_nft_rules "$R1")"
LAB_RUN_NS=$R1 lab_run --remove --table mtuprobe-b
expect_eq "remove --table again: nothing to remove" \
	"nothing to remove: there is no table inet mtuprobe-b" "$LAB_OUT"
LAB_RUN_NS=$R1 lab_run --remove
expect_eq "remove: no table inet mtuprobe" "[]" "$(lab_nft_json "$R1" ours)"
expect_others_untouched "--table"

lab_done
