#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# install: make install DESTDIR=D puts exactly the files of the golden
# list tests/install.list under D, with their modes; the scripts and units
# name the directories configure chose (nothing of the form @dir@ left);
# the binary runs. make install-setcap grants cap_net_raw+p as root, and
# says what to do as another user. make uninstall leaves no file, and
# not the directory of mtuprobe's own scripts.
#
# Run by make check, which gives the build tree (top_builddir) and the
# directories (dir_bindir, ...) in the environment.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
: "${top_builddir:=$top}" "${MAKE:=make}"
# shellcheck source=testlib.sh
. "$top/tests/testlib.sh"
expect_eq() { if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "$2" "$3"; fi; }

for v in bindir mandir pkglibexecdir pkgdatadir sysconfdir bashcompletiondir \
	zshcompletiondir fishcompletiondir systemdsystemunitdir; do
	[ -n "${!v+set}" ] || eval "$v=\${dir_$v-}"
	[ -n "${!v+set}" ] || { echo "ERROR: no dir_$v (run by make check)"; exit 1; }
done
man8dir=$mandir/man8

dest=$(mktemp -d "${TMPDIR:-/tmp}/mtuprobe-install.XXXXXX") || exit 1
trap 'rm -rf "$dest"' EXIT
# a make of its own, not a job of the make that runs the tests
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL "$MAKE" -C "$top_builddir" "$@"; }

# --- make install
if ! mk install DESTDIR="$dest/root" >"$dest/install.log" 2>&1; then
	cat "$dest/install.log"
	fail "make install DESTDIR=..." "exit 0" "exit $?"
fi
want=$(grep -v '^#' "$top/tests/install.list" | while read -r dir name mode; do
	[ -n "${!dir}" ] && printf '%s %s\n' "${!dir}/$name" "$mode"
done | sort)
got=$(cd "$dest/root" && find . \( -type f -o -type l \) -printf '/%P %m\n' | sort)
expect_eq "make install puts exactly the files of tests/install.list" "$want" "$got"

text=$(cd "$dest/root" && find . -type f ! -path "./${bindir#/}/mtuprobe" -printf '%P\n')
left=$(cd "$dest/root" && grep -l '@[a-z_][a-z_]*@' $text 2>/dev/null)
expect_eq "no @dir@ left in what is installed" "" "$left"

r=$dest/root
if [ -n "$systemdsystemunitdir" ]; then
	unit=$r$systemdsystemunitdir
	expect_eq "the clamp unit runs the binary installed" 2 \
		"$(grep -c "^Exec[A-Za-z]*=.*$bindir/mtuprobe " "$unit/mtuprobe-clamp@.service")"
	expect_eq "the watcher unit runs the script installed" \
		"ExecStart=$pkglibexecdir/mtuprobe-watch $sysconfdir/mtuprobe/endpoints" \
		"$(grep '^ExecStart=' "$unit/mtuprobe-watch.service")"
fi
expect_eq "wg-mtu-hook runs the binary installed" \
	"MTUPROBE=\${MTUPROBE:-$bindir/mtuprobe}" \
	"$(grep '^MTUPROBE=' "$r$pkglibexecdir/wg-mtu-hook")"
expect_eq "mtuprobe-watch runs the binary installed" \
	"MTUPROBE=\${MTUPROBE:-$bindir/mtuprobe}" \
	"$(grep '^MTUPROBE=' "$r$pkglibexecdir/mtuprobe-watch")"
expect_eq "the binary installed runs" "mtuprobe $(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$top_builddir/config.h")" \
	"$("$r$bindir/mtuprobe" --version 2>&1)"

# --- make install-setcap
if [ "$(id -u)" -eq 0 ] && command -v getcap >/dev/null 2>&1; then
	out=$(mk -s install-setcap DESTDIR="$dest/root" 2>&1)
	expect_eq "install-setcap as root: exit code" 0 "$?"
	expect_eq "install-setcap as root: the binary has cap_net_raw+p" \
		"$r$bindir/mtuprobe cap_net_raw=p" "$(getcap "$r$bindir/mtuprobe")"
	setcap -r "$r$bindir/mtuprobe"
	chmod -R go+rX "$dest"
	who=(setpriv --reuid=65534 --regid=65534 --clear-groups)
else
	who=()
fi
if [ "$(id -u)" -ne 0 ] || command -v setpriv >/dev/null 2>&1; then
	out=$("${who[@]}" env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL "$MAKE" -s \
		-C "$top_builddir" install-setcap DESTDIR="$dest/root" 2>&1)
	rc=$?
	expect_eq "install-setcap as a user: exit code" 0 "$rc"
	case $out in
	*"as root: setcap cap_net_raw+p $bindir/mtuprobe"*)
		ok "install-setcap as a user: says what to do" ;;
	*) fail "install-setcap as a user: says what to do" \
		"... as root: setcap cap_net_raw+p $bindir/mtuprobe ..." "$out" ;;
	esac
fi

# --- make uninstall
if ! mk uninstall DESTDIR="$dest/root" >"$dest/uninstall.log" 2>&1; then
	cat "$dest/uninstall.log"
	fail "make uninstall DESTDIR=..." "exit 0" "exit $?"
fi
expect_eq "make uninstall leaves no file" "" \
	"$(cd "$dest/root" && find . \( -type f -o -type l \) -printf '/%P\n')"
[ -e "$r$pkglibexecdir" ] && fail "make uninstall removes $pkglibexecdir" "gone" "still there" ||
	ok "make uninstall removes $pkglibexecdir"

checks_done install
