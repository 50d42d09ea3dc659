#!/usr/bin/env bash
# fleet: -f with 200 destinations of each family behind a 1380-byte black
# hole (r2 drops its "too big" errors), at --parallel 64, the largest the
# tool accepts.  Every raw ICMP socket receives a copy of every ICMP
# packet the host gets: 64 at once must not drown each other's replies,
# which a search would read as a black hole below the real one.  Every
# line must be exact: 1380, black hole, status ok; JSON probes of each
# line under 64.  Over the socket's own drop counter, no line may have
# a silence that local drops explain (local_drops is reported per line).
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1380
lab_black_hole

N=200
: >"$LAB_TMP/hosts4"
: >"$LAB_TMP/hosts6"
for i in $(seq 10 $((N + 9))); do
	ip -n "$LAB_NS_S" addr add "10.99.3.$i/24" dev s-r2 || lab_die "addr"
	ip -n "$LAB_NS_S" addr add "fd00:99:3::$i/64" dev s-r2 nodad || lab_die "addr6"
	printf '10.99.3.%s\n' "$i" >>"$LAB_TMP/hosts4"
	printf 'fd00:99:3::%s\n' "$i" >>"$LAB_TMP/hosts6"
done
lab_wait_ping "10.99.3.$((N + 9))" || lab_die "c cannot ping 10.99.3.$((N + 9))"
lab_wait_ping "fd00:99:3::$((N + 9))" || lab_die "c cannot ping fd00:99:3::$((N + 9))"

# verdict FILE: one line per destination, "OK host" or "BAD host: why".
verdict() {
	python3 - "$1" "$2" <<'PY'
import json, sys
want = set(l.strip() for l in open(sys.argv[2]) if l.strip())
seen = set()
for line in open(sys.argv[1]):
    o = json.loads(line)
    h = o["host"]
    seen.add(h)
    got = (o.get("status"), o.get("path_mtu"), o.get("evidence"))
    ok = got == ("ok", 1380, "black_hole") and o.get("probes", 99) < 64
    print("%s %s: %s, %s probes" % ("OK" if ok else "BAD", h, got, o.get("probes")))
for h in sorted(want - seen):
    print("BAD %s: no line" % h)
PY
}

for fam in 4 6; do
	lab_run -f "$LAB_TMP/hosts$fam" --parallel 64
	expect_rc "ipv$fam, 64 at once" 0
	expect_stderr_empty "ipv$fam, 64 at once"
	verdict "$LAB_OUT_FILE" "$LAB_TMP/hosts$fam" >"$LAB_TMP/verdict"
	grep '^BAD' "$LAB_TMP/verdict" | head -n 10 | sed 's/^/  /'
	expect_eq "ipv$fam, 64 at once: every line exact" "$N" \
		"$(grep -c '^OK' "$LAB_TMP/verdict")"
done

lab_done
