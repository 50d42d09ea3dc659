#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# completion-zsh: contrib/completions/zsh/_mtuprobe, found in $fpath by
# compinit as zsh finds it once installed, completes in an interactive
# zsh (on a pseudo-terminal, zsh/zpty): every long option of --help (so
# the two cannot drift apart), the hooks, the tunnel names the binary
# lists (also after a comma) and interfaces. Skipped (77) without zsh.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
: "${MTUPROBE:=$top/src/mtuprobe}"
compdir=$top/contrib/completions/zsh
# shellcheck source=testlib.sh
. "$top/tests/testlib.sh"

command -v zsh >/dev/null 2>&1 || { echo "SKIP: zsh is not installed"; exit 77; }
[ -x "$MTUPROBE" ] || { echo "ERROR: no binary $MTUPROBE"; exit 1; }
bindir=$(cd "$(dirname "$MTUPROBE")" && pwd)

# complete WORDS...: the matches zsh offers for the last word, typed after
# the others with a Tab, in a fresh interactive zsh whose compadd prints
# each match it is given (one a line) and whose completion then ends.
complete_words() {
	timeout 20 zsh -f -c '
		zmodload zsh/zpty || exit 3
		compdir=$1 bindir=$2
		shift 2
		zpty z zsh -f -i || exit 3
		zpty -w z "PS1=; PROMPT=; RPROMPT=; path=(${(q)bindir} \$path); fpath=(${(q)compdir} \$fpath)"
		# the markers are put together in the child, so that its echo
		# of what is typed never matches them
		zpty -w z "autoload -Uz compinit && compinit -u -D && print IN\"\"IT"
		zpty -r z out "*INIT*" || exit 3
		zpty -w z "compadd() {
			if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then
				builtin compadd \"\$@\"; return
			fi
			local -a m; local p=MAT; p+=CH:
			builtin compadd -A m \"\$@\"
			(( \$#m )) && print -r -l -- \"\" \${m/#/\$p}
			builtin compadd \"\$@\"
		}"
		zpty -w z "comppostfuncs=(_end); _end() { print -r -- \"\" DO\"\"NE }"
		zpty -w z "$*"$'"'"'\t'"'"'
		zpty -r z out "*DONE*" || exit 3
		print -r -- "$out" | tr "\r" "\n" | sed -n "s/.*MATCH://p"
		zpty -d z
	' zsh "$compdir" "$bindir" "$@"
}

loaded=$(zsh -f -c 'fpath=($1 $fpath); autoload -Uz compinit && compinit -u -D &&
	print -r -- $_comps[mtuprobe]' zsh "$compdir" 2>&1)
[ "$loaded" = _mtuprobe ] && ok "compinit finds _mtuprobe in \$fpath for mtuprobe" ||
	fail "compinit finds _mtuprobe in \$fpath for mtuprobe" "_mtuprobe" "$loaded"

got=$(complete_words mtuprobe --cl)
[ "$got" = "--clamp" ] && ok "--cl completes to --clamp" || fail "--cl completes to --clamp" "--clamp" "$got"

all=$(complete_words mtuprobe -- | sort -u)
missing=
for opt in $("$MTUPROBE" --help | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u); do
	printf '%s\n' "$all" | grep -qx -- "$opt" || missing="$missing $opt"
done
[ -n "$all" ] && [ -z "$missing" ] &&
	ok "every long option of --help is completed ($(printf '%s\n' "$all" | wc -l) offered)" ||
	fail "every long option of --help is completed" "none missing" "missing:$missing"

got=$(complete_words mtuprobe --hook o | sort | tr '\n' ' ')
[ "$got" = "output " ] && ok "--hook o completes to output" || fail "--hook o" "output" "$got"

got=$(complete_words mtuprobe --tunnel wire)
[ "$got" = "wireguard" ] && ok "--tunnel wire completes from the binary's list" ||
	fail "--tunnel wire completes from the binary's list" "wireguard" "$got"

got=$(complete_words mtuprobe --tunnel wireguard,gre-k | sort | tr '\n' ' ')
[ "$got" = "gre-key gre-key-seq " ] && ok "after a comma, the next name ($got)" ||
	fail "after a comma, the next name" "gre-key gre-key-seq" "$got"

got=$(complete_words mtuprobe --tunnel esp-cbc-sha256-tr | sort | tr '\n' ' ')
[ "$got" = "esp-cbc-sha256-transport esp-cbc-sha256-transport-natt " ] &&
	ok "the ESP templates are spelt out" ||
	fail "the ESP templates are spelt out" "esp-cbc-sha256-transport esp-cbc-sha256-transport-natt" "$got"

got=$(complete_words mtuprobe -i l)
printf '%s\n' "$got" | grep -qx lo && ok "-i l completes to an interface (lo)" ||
	fail "-i l completes to an interface" "lo" "$got"

checks_done completion-zsh
