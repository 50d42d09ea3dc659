#!/usr/bin/env bash
# multi: -f FILE with 50 destinations, 8 at a time.
#
#   c -- r1 -- r2 ==1380== s      30 addresses, r2 drops its "too big"
#         \                         errors: a black hole at 1380
#          ==1420== s2            20 addresses, r1 says "too big"
#
# Every JSON line is checked against the lab: one per host, each with the
# path MTU and evidence of its path, none taking another's "too big"
# reply for its own; a host that does not resolve, and one with no
# route, get a line of their own and exit status 1.  --prom writes the
# textfile: a sample of each metric for every host, through a rename,
# readable by a collector (0644).
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1380
lab_black_hole
S2=${LAB_ID}s2
lab_add_ns "$S2"
lab_link "$LAB_NS_R1" r1-s2 "$S2" s2-r1 1420 4
lab_route "$LAB_NS_C" 10.99.4.0/24 "$LAB_R1_C4"
lab_route "$S2" 10.99.1.0/24 10.99.4.1
lab_route "$LAB_NS_C" fd00:99:4::/64 "$LAB_R1_C6"
lab_route "$S2" fd00:99:1::/64 fd00:99:4::1
lab_wait_ready

: >"$LAB_TMP/hosts"
declare -A WANT
for i in $(seq 10 29); do
	ip -n "$LAB_NS_S" addr add "10.99.3.$i/24" dev s-r2 || lab_die "addr"
	ip -n "$S2" addr add "10.99.4.$i/24" dev s2-r1 || lab_die "addr"
	WANT[10.99.3.$i]="1380 black_hole"
	WANT[10.99.4.$i]="1420 ptb"
	printf '10.99.3.%s\n10.99.4.%s   # behind r1\n' "$i" "$i" >>"$LAB_TMP/hosts"
done
for i in $(seq 10 19); do
	ip -n "$LAB_NS_S" addr add "fd00:99:3::$i/64" dev s-r2 nodad || lab_die "addr6"
	WANT[fd00:99:3::$i]="1380 black_hole"
	printf 'fd00:99:3::%s\n' "$i" >>"$LAB_TMP/hosts"
done
lab_wait_ping 10.99.3.29 || lab_die "c cannot ping 10.99.3.29"
lab_wait_ping 10.99.4.29 || lab_die "c cannot ping 10.99.4.29"
lab_wait_ping fd00:99:3::19 || lab_die "c cannot ping fd00:99:3::19"
expect_eq "the lab has 50 destinations" 50 "$(grep -c . "$LAB_TMP/hosts")"

# check_lines DESC: one JSON line per destination of WANT, each right.
check_lines() {
	python3 - "$LAB_OUT_FILE" "$LAB_TMP/want" <<'EOF' >"$LAB_TMP/verdict"
import json, sys
want = {}
for line in open(sys.argv[2]):
    host, mtu, ev = line.split()
    want[host] = (int(mtu), ev)
seen = set()
for n, line in enumerate(open(sys.argv[1]), 1):
    o = json.loads(line)
    h = o["host"]
    if h in seen:
        print("BAD line %d: %s twice" % (n, h)); continue
    seen.add(h)
    if h not in want:
        print("BAD line %d: %s was not asked for" % (n, h)); continue
    got = (o["path_mtu"], o["evidence"])
    ok = (got == want[h] and o["status"] == "ok" and o["address"] == h and
          o["ptbs_not_ours"] == 0 and
          (o["ptb_from"] == "10.99.1.2") == (got[1] == "ptb"))
    print("%s %s: path MTU %s by %s, ptb_from %s, not ours %s" %
          ("OK" if ok else "BAD", h, got[0], got[1], o["ptb_from"], o["ptbs_not_ours"]))
for h in sorted(set(want) - seen):
    print("BAD %s: no line" % h)
EOF
	local bad
	bad=$(grep -c '^BAD' "$LAB_TMP/verdict")
	grep '^BAD' "$LAB_TMP/verdict" | head -n 10 | sed 's/^/  /'
	expect_eq "$1: every destination has its one right line" 0 "$bad"
	expect_eq "$1: lines checked" 50 "$(grep -c '^OK' "$LAB_TMP/verdict")"
}

for h in "${!WANT[@]}"; do echo "$h ${WANT[$h]}"; done >"$LAB_TMP/want"

lab_run -f "$LAB_TMP/hosts" --parallel 8
expect_rc "50 hosts" 0
expect_stderr_empty "50 hosts"
expect_eq "50 hosts: 50 lines" 50 "$(lab_lines "$LAB_OUT_FILE")"
check_lines "50 hosts"

# from standard input, one at a time, with two that cannot be probed
{ cat "$LAB_TMP/hosts"; printf 'nosuch.invalid\n%s\n' "$LAB_NOROUTE4"; } >"$LAB_TMP/hosts2"
LAB_OUT_FILE=$LAB_TMP/out
timeout -k 2 60 ip netns exec "$LAB_NS_C" "$MTUPROBE" -f - --parallel 1 \
	<"$LAB_TMP/hosts2" >"$LAB_OUT_FILE" 2>"$LAB_TMP/err"
LAB_RC=$?
expect_rc "52 hosts from stdin" 1
expect_eq "52 hosts from stdin: 52 lines" 52 "$(lab_lines "$LAB_OUT_FILE")"
expect_json_schema "52 hosts from stdin" "$LAB_OUT_FILE"
expect_match "52 hosts from stdin: the unknown host's line" \
	'^\{"type":"failure","version":1,"host":"nosuch\.invalid","status":"unknown_host","error":"cannot resolve' "$(cat "$LAB_OUT_FILE")"
expect_match "52 hosts from stdin: the one with no route" \
	"^\\{\"type\":\"failure\",\"version\":1,\"host\":\"$LAB_NOROUTE4\",\"status\":\"no_route\",\"error\":\"" "$(cat "$LAB_OUT_FILE")"
grep -v -e nosuch.invalid -e "$LAB_NOROUTE4" "$LAB_OUT_FILE" >"$LAB_TMP/out50"
LAB_OUT_FILE=$LAB_TMP/out50 check_lines "52 hosts from stdin"

# the Prometheus textfile
mkdir -p "$LAB_TMP/textfile"
lab_run -f "$LAB_TMP/hosts" --prom "$LAB_TMP/textfile/mtu.prom"
expect_rc "prom" 0
expect_stdout_empty "prom"
expect_stderr_empty "prom"
P=$LAB_TMP/textfile/mtu.prom
expect_eq "prom: one file, no temporary left" "mtu.prom" "$(ls -A "$LAB_TMP/textfile")"
expect_eq "prom: readable by a collector" 644 "$(stat -c %a "$P")"
python3 - "$P" "$LAB_TMP/want" <<'EOF' >"$LAB_TMP/verdict"
import re, sys
want = {}
for line in open(sys.argv[2]):
    host, mtu, ev = line.split()
    want[host] = (int(mtu), ev)
samples = {}
for line in open(sys.argv[1]):
    if line.startswith("#"):
        continue
    m = re.fullmatch(r'(\w+)\{host="([^"]*)",address="([^"]*)",family="(ipv[46])"\} (\S+)\n', line)
    if not m:
        print("BAD line: %r" % line); continue
    samples[(m.group(1), m.group(2))] = float(m.group(5))
for h, (mtu, ev) in want.items():
    ok = (samples.get(("mtuprobe_success", h)) == 1 and
          samples.get(("mtuprobe_path_mtu_bytes", h)) == mtu and
          samples.get(("mtuprobe_black_hole", h)) == (1 if ev == "black_hole" else 0) and
          0 < samples.get(("mtuprobe_probe_duration_seconds", h), 0) < 10)
    print("%s %s" % ("OK" if ok else "BAD", h))
print("SAMPLES %d" % len(samples))
EOF
expect_eq "prom: every host has its four samples, right" 0 "$(grep -c '^BAD' "$LAB_TMP/verdict")"
expect_eq "prom: 200 samples" "SAMPLES 200" "$(tail -n 1 "$LAB_TMP/verdict")"
expect_match "prom: HELP and TYPE" '^# TYPE mtuprobe_path_mtu_bytes gauge$' "$(cat "$P")"

lab_done
