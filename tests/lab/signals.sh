#!/usr/bin/env bash
# signals: SIGINT or SIGTERM ends mtuprobe at once, wherever it is, with
# the status the shell reports for them (130, 143), and leaves nothing
# half done: no report, no temporary file, the wg-quick file either as
# it was or wholly rewritten, the nftables clamp either as it was or
# wholly replaced.  Probes are slowed down with --min-wait on a black hole
# so that the signal comes mid-probe; to come mid-write, strace holds each
# fsync for a second.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
command -v strace >/dev/null 2>&1 || lab_skip "needs strace (to hold mtuprobe in a write)"
lab_init
lab_topology 1500 1500 1380
lab_black_hole
SLOW=(--min-wait 700 --max-wait 1000)

# killed DESC SIGNAL WHEN ARGS...: runs ARGS in the client namespace,
# sends SIGNAL to mtuprobe once WHEN (a command) succeeds, and waits (at
# most KILLED_WAIT s) for it to end.  Sets LAB_RC, LAB_OUT, LAB_ERR.
# (A background job of a script starts with SIGINT ignored: env gives it
# back its default action, as a terminal's Ctrl-C would find it.)
KILLED_WAIT=3
killed() {
	local desc=$1 sig=$2 when=$3 i
	shift 3
	ip netns exec "$LAB_NS_C" env --default-signal=INT "$@" \
		>"$LAB_TMP/out" 2>"$LAB_TMP/err" &
	local pid=$!
	lab_wait_until 200 eval "$when" || lab_fail "$desc: the moment to send $sig came" "it" "never"
	target=$pid
	# under strace, the signal goes to mtuprobe, strace's child
	for i in $(pgrep -P "$pid" 2>/dev/null); do target=$i; done
	kill "-$sig" "$target"
	for i in $(seq $((KILLED_WAIT * 20))); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$pid" 2>/dev/null; then
		lab_fail "$desc: ended within $KILLED_WAIT s of $sig" "ended" "still running"
		kill -KILL "$pid"
	else
		lab_ok "$desc: ended within $KILLED_WAIT s of $sig"
	fi
	wait "$pid"
	LAB_RC=$?
	LAB_OUT=$(cat "$LAB_TMP/out")
	LAB_ERR=$(cat "$LAB_TMP/err")
	printf '\n$ %s  (SIG%s)\n  (exit %s)\n' "$*" "$sig" "$LAB_RC"
	printf '%s\n' "$LAB_OUT" | sed 's/^/  stdout| /'
	printf '%s\n' "$LAB_ERR" | sed 's/^/  stderr| /'
}

probing() { sleep 0.5; }
no_tmp() {
	local left
	left=$(find "$LAB_TMP/wg" -name '.*mtuprobe-*')
	expect_eq "$1: no temporary file is left" "" "$left"
}

# 1, 2. mid-probe: nothing printed
killed "SIGINT mid-probe" INT probing "$MTUPROBE" "${SLOW[@]}" "$LAB_S4"
expect_eq "SIGINT mid-probe: status" 130 "$LAB_RC"
expect_eq "SIGINT mid-probe: no report" "" "$LAB_OUT"
killed "SIGTERM mid-probe" TERM probing "$MTUPROBE" "${SLOW[@]}" --trace "$LAB_S4"
expect_eq "SIGTERM mid-probe: status" 143 "$LAB_RC"
expect_eq "SIGTERM mid-probe: no report" "" "$LAB_OUT"

# 3. mid-probe of --apply: the clamp installed before stays as it was
lab_run --apply --mss 1300 -i "$LAB_IF_C"
before=$(lab_nft_json "$LAB_NS_C" ours)
killed "SIGTERM mid --apply" TERM probing "$MTUPROBE" "${SLOW[@]}" --apply -i "$LAB_IF_C" "$LAB_S4"
expect_eq "SIGTERM mid --apply: status" 143 "$LAB_RC"
expect_eq "SIGTERM mid --apply: the clamp is as it was" "$before" \
	"$(lab_nft_json "$LAB_NS_C" ours)"

# 4. mid-probe of --wg-config --write: the file as it was
mkdir -p "$LAB_TMP/wg"
printf '[Interface]\nPrivateKey = x\n\n[Peer]\nEndpoint = %s:51820\n' "$LAB_S4" >"$LAB_TMP/wg/wg0.conf"
cp "$LAB_TMP/wg/wg0.conf" "$LAB_TMP/wg0.orig"
killed "SIGTERM mid --write probe" TERM probing "$MTUPROBE" "${SLOW[@]}" \
	--wg-config "$LAB_TMP/wg/wg0.conf" --write
expect_eq "SIGTERM mid --write probe: status" 143 "$LAB_RC"
if cmp -s "$LAB_TMP/wg/wg0.conf" "$LAB_TMP/wg0.orig"; then
	lab_ok "SIGTERM mid --write probe: the file is as it was"
else
	lab_fail "SIGTERM mid --write probe: the file is as it was" "$(cat "$LAB_TMP/wg0.orig")" "$(cat "$LAB_TMP/wg/wg0.conf")"
fi
no_tmp "SIGTERM mid --write probe"

# 5. mid-write (strace holds the fsync of the temporary file): the
# signal waits for the rename, so the file is wholly the new one
tmp_exists() { [ -n "$(find "$LAB_TMP/wg" -name '.*mtuprobe-*')" ]; }
KILLED_WAIT=5
killed "SIGTERM mid-write" TERM tmp_exists strace -f -o /dev/null -e trace=fsync \
	-e inject=fsync:delay_enter=1s "$MTUPROBE" --wg-config "$LAB_TMP/wg/wg0.conf" --write
expect_eq "SIGTERM mid-write: status" 143 "$LAB_RC"
expect_eq "SIGTERM mid-write: the file is wholly the new one" \
	"$(cat "$LAB_TMP/wg0.orig" | sed '1a MTU = 1320')" "$(cat "$LAB_TMP/wg/wg0.conf")"
no_tmp "SIGTERM mid-write"

lab_done
