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

# sampled DESC BINARY WRAPPER ARGS...: runs BINARY ARGS in the client
# namespace behind WRAPPER, and 0.5 s into the run keeps the lines of
# /proc/PID/status that say what it may do in STATUS.  Sets LAB_RC,
# LAB_OUT, LAB_ERR.
sampled() {
	local desc=$1 bin=$2 wrapper=$3 pid= i p
	shift 3
	local -a pre=()
	read -r -a pre <<<"$wrapper"
	ip netns exec "$LAB_NS_C" "${pre[@]}" "$bin" "$@" \
		>"$LAB_TMP/out" 2>"$LAB_TMP/err" &
	local job=$!
	for i in $(seq 100); do
		for p in $(ip netns pids "$LAB_NS_C"); do
			[ "$(readlink "/proc/$p/exe" 2>/dev/null)" = "$bin" ] && pid=$p
		done
		[ -n "$pid" ] && break
		sleep 0.02
	done
	sleep 0.5
	STATUS=
	[ -n "$pid" ] && STATUS=$(grep -E '^(Uid|Gid|Cap(Inh|Prm|Eff|Amb)|NoNewPrivs):' "/proc/$pid/status" 2>/dev/null)
	wait "$job"
	LAB_RC=$?
	LAB_OUT=$(cat "$LAB_TMP/out")
	LAB_ERR=$(cat "$LAB_TMP/err")
	printf '\n$ %s%s %s\n  (exit %s)\n' "${wrapper:+$wrapper }" "$bin" "$*" "$LAB_RC"
	printf '%s\n' "$LAB_OUT" | sed 's/^/  stdout| /'
	printf '%s\n' "$LAB_ERR" | sed 's/^/  stderr| /'
	printf '%s\n' "$STATUS" | sed 's/^/  status| /'
	if [ -n "$STATUS" ]; then
		lab_ok "$desc: /proc/PID/status read while it probed"
	else
		lab_fail "$desc: /proc/PID/status read while it probed" "a running mtuprobe" "none found"
	fi
}

# status_is DESC FIELD VALUE: the field of the sampled status (tabs and
# blanks folded to one blank).
status_is() {
	expect_eq "$1: $2" "$3" \
		"$(printf '%s\n' "$STATUS" | sed -n "s/^$2:[[:space:]]*//p" | tr -s '\t ' ' ')"
}

probed_1380() {
	expect_eq "$1: exit code" 0 "$LAB_RC"
	expect_match "$1: path MTU 1380" '^path MTU: 1380$' "$LAB_OUT"
	status_is "$1" NoNewPrivs 1
	status_is "$1" CapInh 0000000000000000
	status_is "$1" CapAmb 0000000000000000
}

# 1. root: every capability gone while it probes
sampled "root" "$MTUPROBE" "" "${SLOW[@]}" "$LAB_S4"
probed_1380 "root"
status_is "root" CapEff 0000000000000000
status_is "root" CapPrm 0000000000000000

# 2. a user lent CAP_NET_RAW as an ambient capability
sampled "ambient" "$MTUPROBE" "$NOBODY --inh-caps=+net_raw --ambient-caps=+net_raw" \
	"${SLOW[@]}" "$LAB_S4"
probed_1380 "ambient"
status_is "ambient" CapEff 0000000000000000
status_is "ambient" CapPrm 0000000000000000
status_is "ambient" Uid "65534 65534 65534 65534"

# 3. a user running a copy with setcap cap_net_raw+p
sampled "setcap" "$LAB_TMP/mtuprobe-cap" "$NOBODY" "${SLOW[@]}" "$LAB_S4"
probed_1380 "setcap"
status_is "setcap" CapEff 0000000000000000
status_is "setcap" CapPrm 0000000000000000

# 4. a user running a setuid-root copy: back to the user's uid and gid
sampled "setuid" "$LAB_TMP/mtuprobe-suid" "$NOBODY" "${SLOW[@]}" "$LAB_S4"
probed_1380 "setuid"
status_is "setuid" Uid "65534 65534 65534 65534"
status_is "setuid" Gid "65534 65534 65534 65534"
status_is "setuid" CapEff 0000000000000000
status_is "setuid" CapPrm 0000000000000000

# 5. --apply keeps CAP_NET_ADMIN (bit 12) alone, for the batch after the
# probe
sampled "apply" "$MTUPROBE" "" --apply -i "$LAB_IF_C" "${SLOW[@]}" "$LAB_S4"
probed_1380 "apply"
status_is "apply" CapEff 0000000000001000
status_is "apply" CapPrm 0000000000001000
expect_match "apply: applied after the drop" '^applied: ' "$LAB_OUT"
lab_run --remove

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
expect_eq "no table inet mtuprobe was left" "[]" "$(lab_nft_json "$LAB_NS_C" ours)"
expect_eq "the refused runs sent nothing" "$tx" "$(lab_tx_packets)"

lab_done
