# SPDX-License-Identifier: GPL-2.0-or-later
# testlib.sh: what the tests outside tests/lab/ (which has lib.sh) share:
# one line a check, and the count at the end.  Sourced, not run.
fails=0 checks=0

ok() { checks=$((checks + 1)); printf 'ok   - %s\n' "$1"; }
fail() {
	checks=$((checks + 1)) fails=$((fails + 1))
	printf 'FAIL - %s\n       expected: %s\n       seen:     %s\n' "$1" "$2" "$3"
}

# checks_done NAME: the count; the status is the verdict
checks_done() {
	printf '\n%s: %d checks, %d failed\n' "$1" "$checks" "$fails"
	[ "$fails" -eq 0 ]
}
