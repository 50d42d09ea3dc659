#!/usr/bin/env bash
# privdrop: mtuprobe gives up its privileges once its sockets are open,
# and probes without them.  On a black-hole path slowed down by
# --min-wait (so that a probe lasts a few seconds), /proc/PID/status of the
# running mtuprobe is read while it probes: no capability left (but
# CAP_NET_ADMIN for --apply), no_new_privs set, and, installed setuid
# root and run by a user, the user's uid and gid throughout.  Each run
# still finds 1380.  The ways a user may be lent CAP_NET_RAW (ambient,
# setcap cap_net_raw+p, setuid root) all work; without any (and no ICMP
# datagram socket either), mtuprobe says which capability is missing and
# how to grant it, before it sends anything.  A setuid mtuprobe refuses
# --apply and --wg-config to a user.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
command -v setpriv >/dev/null 2>&1 || lab_skip "needs setpriv (util-linux)"
command -v setcap >/dev/null 2>&1 || lab_skip "needs setcap (libcap2-bin)"
lab_init
lab_topology 1500 1500 1380
lab_black_hole

NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
# copies of the binary that a user may run: one with a file capability,
# one setuid root
chmod 755 "$LAB_TMP"
cp "$MTUPROBE" "$LAB_TMP/mtuprobe-cap"
cp "$MTUPROBE" "$LAB_TMP/mtuprobe-suid"
chmod 755 "$LAB_TMP/mtuprobe-cap"
chmod 4755 "$LAB_TMP/mtuprobe-suid"
setcap cap_net_raw+p "$LAB_TMP/mtuprobe-cap" || lab_die "setcap"
SLOW=(--min-wait 700 --max-wait 1000)

# A root run probes as the system's mtuprobe user, or else nobody.
PROBER_UID=$(id -u mtuprobe 2>/dev/null || id -u nobody)
PROBER_GID=$(id -g mtuprobe 2>/dev/null || id -g nobody)
PROBER_IDS="$PROBER_UID $PROBER_UID $PROBER_UID $PROBER_UID"
PROBER_GIDS="$PROBER_GID $PROBER_GID $PROBER_GID $PROBER_GID"

probed_1380() {
	expect_eq "$1: exit code" 0 "$LAB_RC"
	expect_match "$1: path MTU 1380" '^path MTU: 1380$' "$LAB_OUT"
	expect_status "$1" NoNewPrivs 1
	expect_status "$1" CapInh 0000000000000000
	expect_status "$1" CapAmb 0000000000000000
}

# 1. root: every capability gone while it probes, and uid 0 too
lab_run_sampled "root" "$MTUPROBE" "" "${SLOW[@]}" "$LAB_S4"
probed_1380 "root"
expect_status "root" CapEff 0000000000000000
expect_status "root" CapPrm 0000000000000000
expect_status "root" Uid "$PROBER_IDS"
expect_status "root" Gid "$PROBER_GIDS"
expect_eq "root: no keeper without a file to write" "" "$KEEPER"

# 2. a user lent CAP_NET_RAW as an ambient capability
lab_run_sampled "ambient" "$MTUPROBE" "$NOBODY --inh-caps=+net_raw --ambient-caps=+net_raw" \
	"${SLOW[@]}" "$LAB_S4"
probed_1380 "ambient"
expect_status "ambient" CapEff 0000000000000000
expect_status "ambient" CapPrm 0000000000000000
expect_status "ambient" Uid "65534 65534 65534 65534"

# 3. a user running a copy with setcap cap_net_raw+p
lab_run_sampled "setcap" "$LAB_TMP/mtuprobe-cap" "$NOBODY" "${SLOW[@]}" "$LAB_S4"
probed_1380 "setcap"
expect_status "setcap" CapEff 0000000000000000
expect_status "setcap" CapPrm 0000000000000000

# 4. a user running a setuid-root copy: back to the user's uid and gid
lab_run_sampled "setuid" "$LAB_TMP/mtuprobe-suid" "$NOBODY" "${SLOW[@]}" "$LAB_S4"
probed_1380 "setuid"
expect_status "setuid" Uid "65534 65534 65534 65534"
expect_status "setuid" Gid "65534 65534 65534 65534"
expect_status "setuid" CapEff 0000000000000000
expect_status "setuid" CapPrm 0000000000000000

# 5. --apply keeps CAP_NET_ADMIN (bit 12) alone, for the batch after the
# probe
lab_run_sampled "apply" "$MTUPROBE" "" --apply -i "$LAB_IF_C" "${SLOW[@]}" "$LAB_S4"
probed_1380 "apply"
expect_status "apply" CapEff 0000000000001000
expect_status "apply" CapPrm 0000000000001000
expect_status "apply" Uid "$PROBER_IDS"
expect_match "apply: applied after the drop" '^applied: ' "$LAB_OUT"
lab_run --remove

# 4b. the same setuid copy while it resolves a name: the caller's uid
# and nothing effective already (a resolver the lab's server never
# answers holds it in the lookup)
lab_server_drop_udp
printf 'nameserver %s\noptions timeout:3 attempts:1\n' "$LAB_S4" \
	>"/etc/netns/$LAB_NS_C/resolv.conf"
lab_run_sampled "setuid lookup" "$LAB_TMP/mtuprobe-suid" "$NOBODY" slow.lab.invalid
expect_status "setuid lookup" Uid "65534 65534 65534 65534"
expect_status "setuid lookup" Gid "65534 65534 65534 65534"
expect_status "setuid lookup" CapEff 0000000000000000
expect_status "setuid lookup" CapPrm 0000000000002000
expect_eq "setuid lookup: no such host" 2 "$LAB_RC"
rm -f "/etc/netns/$LAB_NS_C/resolv.conf"
lab_nft "$LAB_NS_S" <<<'delete table inet mtpudp'

# 5b. --write as root: the prober is another user with no capability;
# its keeper, uid 0 with only what a file owned by someone else needs
# (CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FOWNER, and CAP_KILL to pass a signal
# on), replaces the file, keeping its owner and mode
mkdir -p "$LAB_TMP/wgw"
printf '[Interface]\nPrivateKey = x\n[Peer]\nEndpoint = %s:51820\n' "$LAB_S4" >"$LAB_TMP/wgw/wg0.conf"
chown 4321:4322 "$LAB_TMP/wgw/wg0.conf"
chmod 640 "$LAB_TMP/wgw/wg0.conf"
lab_run_sampled "root --write" "$MTUPROBE" "" "${SLOW[@]}" --wg-config "$LAB_TMP/wgw/wg0.conf" --write
expect_eq "root --write: exit code" 0 "$LAB_RC"
expect_status "root --write" Uid "$PROBER_IDS"
expect_status "root --write" CapEff 0000000000000000
expect_status "root --write" CapPrm 0000000000000000
expect_status "root --write" NoNewPrivs 1
expect_keeper_status "root --write" Uid "0 0 0 0"
expect_keeper_status "root --write" CapEff 000000000000002b
expect_keeper_status "root --write" CapPrm 000000000000002b
expect_keeper_status "root --write" NoNewPrivs 1
expect_eq "root --write: MTU = 1320 written" 1 "$(grep -c '^MTU = 1320$' "$LAB_TMP/wgw/wg0.conf")"
expect_eq "root --write: owner, group and mode kept" "4321:4322 640" \
	"$(stat -c '%u:%g %a' "$LAB_TMP/wgw/wg0.conf")"

# 5c. -f --prom as root: the same split, the textfile the keeper's
printf '%s\n' "$LAB_S4" >"$LAB_TMP/hosts"
lab_run_sampled "root --prom" "$MTUPROBE" "" "${SLOW[@]}" -f "$LAB_TMP/hosts" --prom "$LAB_TMP/wgw/mtu.prom"
expect_eq "root --prom: exit code" 0 "$LAB_RC"
expect_status "root --prom" Uid "$PROBER_IDS"
expect_status "root --prom" CapEff 0000000000003000
expect_keeper_status "root --prom" Uid "0 0 0 0"
expect_match "root --prom: the textfile written" 'mtuprobe_path_mtu_bytes\{.*\} 1380' \
	"$(cat "$LAB_TMP/wgw/mtu.prom" 2>/dev/null)"
expect_eq "root --prom: root's, readable by a collector" "0:0 644" \
	"$(stat -c '%u:%g %a' "$LAB_TMP/wgw/mtu.prom" 2>/dev/null)"

# 6. no privilege at all: which capability, how to grant it, no packet
lab_wait_tx_quiet
tx=$(lab_tx_packets)
# (a trace needs ICMP: without it, UDP would probe, as unprivileged.sh
# shows)
lab_run_as "$NOBODY" --trace "$LAB_S4"
expect_rc "unprivileged" 3
expect_one_error_line "unprivileged"
# (the lab's client lets no group have ICMP datagram sockets)
expect_eq "unprivileged: says what is missing and how to grant it" \
	"mtuprobe: no raw socket (no CAP_NET_RAW) and no ICMP datagram socket: Permission denied (run as root, grant CAP_NET_RAW with setcap cap_net_raw+p, or let your group have ICMP sockets with sysctl net.ipv4.ping_group_range)" \
	"$LAB_ERR"
lab_run_as "$NOBODY" --tcp "$LAB_S4"
expect_rc "unprivileged --tcp" 3
expect_eq "unprivileged --tcp: says what is missing and how to grant it" \
	"mtuprobe: probing needs CAP_NET_RAW for its raw sockets: run as root, or grant it once with: setcap cap_net_raw+p $MTUPROBE" \
	"$LAB_ERR"

# 7. a setuid mtuprobe lends a user probing, not the firewall or files
MTUPROBE_SAVED=$MTUPROBE
MTUPROBE=$LAB_TMP/mtuprobe-suid
printf '[Interface]\nPrivateKey = x\n[Peer]\nEndpoint = %s:51820\n' "$LAB_S4" >"$LAB_TMP/wg0.conf"
chmod 666 "$LAB_TMP/wg0.conf"
cp "$LAB_TMP/wg0.conf" "$LAB_TMP/wg0.orig"
lab_run_as "$NOBODY" --apply --mss 1300
expect_rc "setuid --apply" 3
expect_one_error_line "setuid --apply"
expect_match "setuid --apply: says why" 'not for a setuid mtuprobe run by a user' "$LAB_ERR"
lab_run_as "$NOBODY" --wg-config "$LAB_TMP/wg0.conf" --write
expect_rc "setuid --write" 3
expect_one_error_line "setuid --write"
if cmp -s "$LAB_TMP/wg0.conf" "$LAB_TMP/wg0.orig"; then
	lab_ok "setuid --write: the file is untouched"
else
	lab_fail "setuid --write: the file is untouched" "the same file" "$(cat "$LAB_TMP/wg0.conf")"
fi
MTUPROBE=$MTUPROBE_SAVED
# 8. a user lent CAP_NET_ADMIN (ambient) may remove the clamp: with no
# name to resolve, it keeps the capability effective
lab_run --apply --mss 1300
expect_rc "root --apply --mss" 0
lab_run_as "$NOBODY --inh-caps=+net_admin --ambient-caps=+net_admin" --remove
expect_rc "ambient CAP_NET_ADMIN --remove" 0
expect_match "ambient CAP_NET_ADMIN --remove: removed" '^removed: table inet mtuprobe$' "$LAB_OUT"
expect_eq "no table inet mtuprobe was left" "[]" "$(lab_nft_json "$LAB_NS_C" ours)"
expect_eq "the refused runs sent nothing" "$tx" "$(lab_tx_packets)"

lab_done
