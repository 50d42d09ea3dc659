#!/bin/sh
# Regenerates the golden files of test_clamp from the cases file: for each
# case, the ruleset mtuprobe --clamp prints (NAME.nft) and the expressions
# nft itself puts into the netlink messages for that ruleset (NAME.netlink),
# as nft --debug=netlink shows them. nft checks the ruleset against the
# kernel (-c) in a network namespace of its own, so nothing is changed.
# Needs root, nft and unshare.
#
#   tests/unit/clamp/regen.sh [MTUPROBE]     (default: src/mtuprobe)
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
mtuprobe=${1:-$dir/../../../src/mtuprobe}

grep -v '^#' "$dir/cases" | while IFS=: read -r name args; do
	[ -n "$name" ] || continue
	# shellcheck disable=SC2086 # the arguments are words
	"$mtuprobe" --clamp $args | grep -v '^#' >"$dir/$name.nft"
	# only the rules ("inet TABLE CHAIN" and their expressions): the
	# chain line nft prints before them names no table
	unshare --net nft --debug=netlink -c -f "$dir/$name.nft" |
		sed -n '/^inet [^ (][^ ]* [a-z]*$/,$p' >"$dir/$name.netlink"
	echo "$name: $(grep -c '^inet [^ (][^ ]* [a-z]*$' "$dir/$name.netlink") rules"
done
