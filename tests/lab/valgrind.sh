#!/usr/bin/env bash
# valgrind: the program under valgrind's memcheck on the lab's black-hole
# path: ICMP echo with --trace, TCP SYNs, a wg-quick file with two peers
# (a thread each) and --write, and the nftables clamp applied and
# removed.  Each run gives its usual answer, and memcheck finds no error
# and no leak (definite, indirect or possible).
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
command -v valgrind >/dev/null 2>&1 || lab_skip "needs valgrind"
lab_init
lab_topology 1500 1500 1380
lab_black_hole
lab_server_listen 443
# valgrind is some fifty times slower
LAB_RUN_TIMEOUT=120

VG="valgrind --quiet --vgdb=no --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --track-fds=no --log-file=$LAB_TMP/vg.%p"

# memcheck DESC EXIT ARGS...: mtuprobe ARGS under memcheck exits with
# EXIT, and memcheck said nothing.
memcheck() {
	local desc=$1 code=$2 log
	shift 2
	rm -f "$LAB_TMP"/vg.*
	lab_run_as "$VG" "$@"
	expect_rc "$desc" "$code"
	log=$(cat "$LAB_TMP"/vg.* 2>/dev/null)
	printf '%s\n' "$log" | sed 's/^/  valgrind| /'
	expect_eq "$desc: memcheck found no error and no leak" "" "$log"
}

memcheck "icmp --trace" 0 --trace "$LAB_SERVER4_NAME"
expect_match "icmp --trace: path MTU" '^path MTU: 1380$' "$LAB_OUT"
memcheck "tcp ipv6" 0 -6 --tcp --json "$LAB_SERVER6_NAME"
expect_json_fields "tcp ipv6" path_mtu=1380 evidence='"black_hole"'

mkdir -p "$LAB_TMP/wg"
printf '[Interface]\nPrivateKey = x\n\n[Peer]\nEndpoint = %s:51820\n\n[Peer]\nEndpoint = [%s]:51820\n' \
	"$LAB_S4" "$LAB_S6" >"$LAB_TMP/wg/wg0.conf"
memcheck "wg-config --write" 0 --wg-config "$LAB_TMP/wg/wg0.conf" --write
expect_match "wg-config --write: written" '^MTU = 1300$' "$(cat "$LAB_TMP/wg/wg0.conf")"

memcheck "apply" 0 --apply -i "$LAB_IF_C" "$LAB_SERVER4_NAME"
expect_match "apply: in place" '^applied: ' "$LAB_OUT"
memcheck "remove" 0 --remove
memcheck "a refusal" 2 --apply -i nosuch0 --mss 1300

lab_done
