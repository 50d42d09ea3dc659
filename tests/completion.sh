#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# completion: contrib/completions/bash/mtuprobe loads without error in a
# plain bash (no bash-completion package needed), and bash-completion's
# loader finds it by its name where it is installed; it completes: every
# long option of --help (so the two cannot drift apart), the hooks, the
# tunnel names the binary lists (also after a comma) and interfaces.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
: "${MTUPROBE:=$top/src/mtuprobe}"
comp=$top/contrib/completions/bash/mtuprobe
# shellcheck source=testlib.sh
. "$top/tests/testlib.sh"

[ -x "$MTUPROBE" ] || { echo "ERROR: no binary $MTUPROBE"; exit 1; }

# complete WORD...: what the completion offers for the last word, in a
# fresh bash that sources only the completion file.
complete_words() {
	bash --norc --noprofile -c '
		set -u
		source "$1" || exit 3
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_mtuprobe
		printf "%s\n" "${COMPREPLY[@]}"
	' bash "$comp" "$MTUPROBE" "$@"
}

if err=$(bash --norc --noprofile -c "source '$comp' && complete -p mtuprobe" 2>&1) &&
	[ "$err" = "complete -F _mtuprobe mtuprobe" ]; then
	ok "it loads without error and registers _mtuprobe"
else
	fail "it loads without error and registers _mtuprobe" "complete -F _mtuprobe mtuprobe" "$err"
fi

# bash-completion loads a command's completion on demand, from the file
# of the command's name in a completions directory of $XDG_DATA_DIRS
loader=/usr/share/bash-completion/bash_completion
if [ -r "$loader" ]; then
	share=$(mktemp -d)
	mkdir -p "$share/bash-completion/completions"
	cp "$comp" "$share/bash-completion/completions/mtuprobe"
	got=$(XDG_DATA_DIRS=$share bash --norc --noprofile -c '
		source "$1" && __load_completion mtuprobe && complete -p mtuprobe' \
		bash "$loader" 2>&1)
	rm -rf "$share"
	[ "$got" = "complete -F _mtuprobe mtuprobe" ] &&
		ok "bash-completion's loader finds it by its name" ||
		fail "bash-completion's loader finds it by its name" \
			"complete -F _mtuprobe mtuprobe" "$got"
else
	echo "# no bash-completion here: its loader is not tried"
fi

got=$(complete_words --cl)
[ "$got" = "--clamp" ] && ok "--cl completes to --clamp" || fail "--cl completes to --clamp" "--clamp" "$got"

all=$(complete_words -- | sort)
missing=
for opt in $("$MTUPROBE" --help | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u); do
	printf '%s\n' "$all" | grep -qx -- "$opt" || missing="$missing $opt"
done
[ -z "$missing" ] && ok "every long option of --help is completed" ||
	fail "every long option of --help is completed" "none missing" "missing:$missing"

got=$(complete_words --hook o | sort | tr '\n' ' ')
[ "$got" = "output " ] && ok "--hook o completes to output" || fail "--hook o" "output" "$got"

got=$(complete_words --tunnel wire)
[ "$got" = "wireguard" ] && ok "--tunnel wire completes from the binary's list" ||
	fail "--tunnel wire completes from the binary's list" "wireguard" "$got"

got=$(complete_words --tunnel wireguard,gr | sort | tr '\n' ' ')
case $got in
"wireguard,gre "*) ok "after a comma, the next name ($got)" ;;
*) fail "after a comma, the next name" "wireguard,gre ..." "$got" ;;
esac

names=$(complete_words --tunnel '')
bad=
for n in $names; do
	[ "$n" = list ] && continue
	"$MTUPROBE" --path-mtu 1400 --tunnel "$n" >/dev/null 2>&1 || bad="$bad $n"
done
[ -n "$names" ] && [ -z "$bad" ] &&
	ok "the binary takes each of the $(printf '%s
' "$names" | wc -l) tunnel names completed" ||
	fail "the binary takes each tunnel name completed" "all" "refused:$bad"
printf '%s
' "$names" | grep -qx esp-cbc-sha256-transport-natt &&
	printf '%s
' "$names" | grep -qx gre-key-seq &&
	ok "the ESP and GRE templates are spelt out" ||
	fail "the ESP and GRE templates are spelt out" "esp-cbc-sha256-transport-natt, gre-key-seq" "$names"

got=$(complete_words -i l)
printf '%s\n' "$got" | grep -qx lo && ok "-i l completes to an interface (lo)" ||
	fail "-i l completes to an interface" "lo" "$got"

checks_done completion
