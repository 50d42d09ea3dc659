#!/usr/bin/env bash
# demorun: what make demo runs (tests/lab/demo.sh, the README's first
# command) works: it shows the black hole at 1380 over IPv4 and IPv6, the
# trace that places it between r2 and the server, and the wg-quick line;
# and it leaves no namespace behind.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init

# The demo's namespaces are named apart from those of other lab tests
# that may run at the same time (make check -j).
prefix=mtpdemo$$x
MTUPROBE=$MTUPROBE LAB_LIB=$LAB_DIR/lib.sh LAB_PREFIX=$prefix \
	timeout -k 2 120 bash "$LAB_DIR/demo.sh" >"$LAB_TMP/demo.out" 2>&1 &
demo=$!
seen=0
while kill -0 "$demo" 2>/dev/null; do
	ip netns list | grep -q "^$prefix" && seen=1
	sleep 0.1
done
wait "$demo"
rc=$?
out=$(cat "$LAB_TMP/demo.out")
printf '%s\n' "$out" | sed 's/^/  demo| /'
expect_eq "demo: exit code" 0 "$rc"
expect_eq "demo: the path MTU, IPv4 and IPv6, and in the trace" 3 \
	"$(printf '%s\n' "$out" | grep -c '^path MTU: 1380$')"
expect_match "demo: a black hole" '^evidence: black hole: probes above 1380 bytes' "$out"
expect_match "demo: the trace places it" \
	'^limit: large packets vanish between hop 2 \(10\.99\.2\.2\) and hop 3 \(10\.99\.3\.2\)' "$out"
expect_match "demo: the wg-quick line, alone" '^MTU = 1300$' "$out"
expect_eq "demo: it ran in namespaces of its own" 1 "$seen"
expect_eq "demo: no namespace left" "" "$(ip netns list | grep "^$prefix")"

lab_done
