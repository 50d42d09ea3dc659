#!/usr/bin/env bash
# tty: on a terminal (a pseudo-terminal from script(1)), a status line
# says where the search stands as each round goes out, and is erased
# before the report, whose answer and line to paste are in colour; with
# NO_COLOR set there is no colour, with -q no status line; in a pipe,
# neither: stdout holds the plain report and stderr nothing.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1380
lab_black_hole

ESC=$(printf '\033')
# on_tty DESC ENV ARGS...: runs mtuprobe ARGS on a pseudo-terminal, with
# the environment ENV (VAR=value, or ""), into TTY (lab_run_tty).
on_tty() {
	local desc=$1
	LAB_TTY_ENV=$2
	shift 2
	lab_run_tty "$@"
	expect_match "$desc: the report" '^path MTU: (ESC\[1m)?1380(ESC\[0m)?~?$' "$TTY"
}
on_tty "terminal" "" -4 "$LAB_SERVER_NAME"
expect_match "terminal: a status line with the bracket and the sizes in flight" \
	'~ESC\[K'"$LAB_SERVER_NAME"', ICMP round 1: path MTU 68 to 1500, probing( [0-9]+)+' "$TTY"
expect_match "terminal: later rounds narrow the bracket" \
	'ICMP round [2-9]: path MTU 1380 to 1[3-5][0-9][0-9], probing' "$TTY"
expect_match "terminal: the status line is erased before the report" \
	'~ESC\[Kmtuprobe to '"$LAB_SERVER_NAME" "$TTY"
expect_match "terminal: the answer in bold" '^path MTU: ESC\[1m1380ESC\[0m' "$TTY"
expect_match "terminal: the line to paste in colour" \
	'^wg-quick: ESC\[1;32mMTU = 1320ESC\[0m' "$TTY"

on_tty "NO_COLOR" "NO_COLOR=1" -4 "$LAB_SERVER_NAME"
expect_no_match "NO_COLOR: no colour" 'ESC\[[0-9;]*m' "$TTY"
expect_match "NO_COLOR: still the status line" 'ICMP round 1: ' "$TTY"

on_tty "-q" "" -q -4 "$LAB_SERVER_NAME"
expect_no_match "-q: no status line" 'round [0-9]' "$TTY"
expect_no_match "-q: nothing to erase" 'ESC\[K' "$TTY"
expect_match "-q: the colour stays" '^path MTU: ESC\[1m1380' "$TTY"

lab_run -4 "$LAB_SERVER_NAME"
expect_rc "pipe" 0
expect_stderr_empty "pipe"
expect_no_match "pipe: no escape on stdout" "$ESC" "$LAB_FULL_OUT"
expect_match "pipe: the plain report" '^path MTU: 1380$' "$LAB_OUT"

lab_done
