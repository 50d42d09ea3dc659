#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# completion-fish: contrib/completions/fish/mtuprobe.fish, loaded by fish
# from its completion path as once installed, completes (complete -C):
# every long option of --help (so the two cannot drift apart), the
# hooks, the tunnel names the binary lists (also after a comma) and
# interfaces. Skipped (77) without fish.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
: "${MTUPROBE:=$top/src/mtuprobe}"
compdir=$top/contrib/completions/fish
# shellcheck source=testlib.sh
. "$top/tests/testlib.sh"

command -v fish >/dev/null 2>&1 || { echo "SKIP: fish is not installed"; exit 77; }
[ -x "$MTUPROBE" ] || { echo "ERROR: no binary $MTUPROBE"; exit 1; }
bindir=$(cd "$(dirname "$MTUPROBE")" && pwd)

# complete LINE: the candidates fish offers at the end of LINE, without
# their descriptions, in a fresh fish that finds the completion by name.
complete_line() {
	PATH=$bindir:$PATH timeout 20 fish --no-config -c '
		set -p fish_complete_path $argv[1]
		complete -C $argv[2]' "$compdir" "$1" | cut -f1
}

if err=$(fish --no-config -c "source '$compdir/mtuprobe.fish'" 2>&1) && [ -z "$err" ]; then
	ok "it loads without error"
else
	fail "it loads without error" "no output" "$err"
fi

got=$(complete_line 'mtuprobe --cl')
[ "$got" = "--clamp" ] && ok "--cl completes to --clamp" || fail "--cl completes to --clamp" "--clamp" "$got"

all=$(complete_line 'mtuprobe --' | sort -u)
missing=
for opt in $("$MTUPROBE" --help | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u); do
	printf '%s\n' "$all" | grep -qx -- "$opt" || missing="$missing $opt"
done
[ -n "$all" ] && [ -z "$missing" ] &&
	ok "every long option of --help is completed ($(printf '%s\n' "$all" | wc -l) offered)" ||
	fail "every long option of --help is completed" "none missing" "missing:$missing"

got=$(complete_line 'mtuprobe --hook o' | tr '\n' ' ')
[ "$got" = "output " ] && ok "--hook o completes to output" || fail "--hook o" "output" "$got"

got=$(complete_line 'mtuprobe --tunnel wire')
[ "$got" = "wireguard" ] && ok "--tunnel wire completes from the binary's list" ||
	fail "--tunnel wire completes from the binary's list" "wireguard" "$got"

got=$(complete_line 'mtuprobe --tunnel wireguard,gre-k' | sort | tr '\n' ' ')
[ "$got" = "wireguard,gre-key wireguard,gre-key-seq " ] &&
	ok "after a comma, the next name ($got)" ||
	fail "after a comma, the next name" "wireguard,gre-key wireguard,gre-key-seq" "$got"

got=$(complete_line 'mtuprobe --tunnel esp-cbc-sha256-tr' | sort | tr '\n' ' ')
[ "$got" = "esp-cbc-sha256-transport esp-cbc-sha256-transport-natt " ] &&
	ok "the ESP templates are spelt out" ||
	fail "the ESP templates are spelt out" "esp-cbc-sha256-transport esp-cbc-sha256-transport-natt" "$got"

got=$(complete_line 'mtuprobe -i l')
printf '%s\n' "$got" | grep -qx lo && ok "-i l completes to an interface (lo)" ||
	fail "-i l completes to an interface" "lo" "$got"

checks_done completion-fish
