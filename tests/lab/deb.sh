#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# deb: the Debian package as a user gets it. make deb builds it, and
# lintian finds no error or warning; dpkg -i installs it, its postinst
# grants cap_net_raw+p (not setuid), mtuprobe --version runs, and nobody
# sizes the lab's black hole (1380 behind r2) with raw sockets through
# that capability, where without it the same run has none. It makes the
# system user mtuprobe (sysusers.d), which a root run probes as (its
# /proc/PID/status read while it probes). Its units are
# installed, pass systemd-analyze verify, and none is enabled; the ExecStart and ExecStop of two
# instances of mtuprobe-clamp@.service, read from the installed file,
# load a table each side by side, and stopping one leaves the other's.
# dpkg --purge leaves none of the package's files, nor its file list;
# the user stays, as Debian's system users do (this test removes it if
# it made it).
#
# As root, on this system: it installs and removes the package (it stops
# if mtuprobe is installed already), so make check-deb runs it, not make
# check.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
for c in dpkg-buildpackage lintian setpriv setcap getcap systemd-analyze; do
	command -v "$c" >/dev/null 2>&1 || lab_skip "needs $c"
done
: "${top_builddir:=$LAB_DIR/../..}" "${MAKE:=make}"
if dpkg-query -W -f '${Status}' mtuprobe 2>/dev/null | grep -q installed; then
	lab_die "mtuprobe is installed already: this test installs and purges its own"
fi
MTUPROBE=/usr/bin/mtuprobe
lab_init
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
purged=false
# the package makes a system user that purging leaves, as Debian does:
# one this test made goes with it
had_user=false
getent passwd mtuprobe >/dev/null && had_user=true
purge() {
	$purged || dpkg --purge mtuprobe >/dev/null 2>&1
	$had_user || ! getent passwd mtuprobe >/dev/null ||
		userdel mtuprobe 2>/dev/null
}
trap 'purge; lab_cleanup' EXIT

# --- make deb, and lintian
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL "$MAKE" -C "$top_builddir" deb \
	>"$LAB_TMP/deb.log" 2>&1
rc=$?
sed -n '/^lintian /,$p' "$LAB_TMP/deb.log" | sed 's/^/  make deb| /'
expect_eq "make deb: exit code" 0 "$rc"
[ "$rc" -eq 0 ] || { tail -n 40 "$LAB_TMP/deb.log" | sed "s/^/  make deb| /"; lab_done; }
expect_eq "lintian: no error or warning" "" \
	"$(sed -n '/^lintian /,$p' "$LAB_TMP/deb.log" | grep -E '^[EW]: ')"
version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$top_builddir/config.h")
deb=$(ls "$top_builddir"/deb/mtuprobe_"$version"-*_*.deb 2>/dev/null)
[ -f "$deb" ] || lab_die "no package for $version in $top_builddir/deb"

# --- dpkg -i
out=$(dpkg -i "$deb" 2>&1)
rc=$?
printf '%s\n' "$out" | sed 's/^/  dpkg -i| /'
expect_eq "dpkg -i: exit code" 0 "$rc"
expect_no_match "dpkg -i: the postinst granted the capability" 'could not grant' "$out"
files=$(dpkg -L mtuprobe)
expect_eq "mtuprobe --version" "mtuprobe $version" "$(/usr/bin/mtuprobe --version 2>&1)"
expect_eq "the capability: cap_net_raw+p" "/usr/bin/mtuprobe cap_net_raw=p" \
	"$(getcap /usr/bin/mtuprobe)"
expect_eq "not setuid" "755 root" "$(stat -c '%a %U' /usr/bin/mtuprobe)"
for f in /usr/share/man/man8/mtuprobe.8.gz /usr/libexec/mtuprobe/wg-mtu-hook \
	/usr/libexec/mtuprobe/mtuprobe-watch /usr/share/zsh/vendor-completions/_mtuprobe \
	/usr/share/fish/vendor_completions.d/mtuprobe.fish; do
	printf '%s\n' "$files" | grep -qx "$f" && lab_ok "installed: $f" ||
		lab_fail "installed: $f" "$f in dpkg -L" "$files"
done
comp=$(printf '%s\n' "$files" | grep '/bash-completion/completions/mtuprobe$')
expect_eq "installed: the bash completion" "$(pkg-config --variable=completionsdir bash-completion)/mtuprobe" "$comp"
unit=$(printf '%s\n' "$files" | grep '/systemd/system/mtuprobe-clamp@\.service$')
units=$(printf '%s\n' "$files" | grep -c '/systemd/system/mtuprobe-.*\.\(service\|timer\)$')
expect_eq "installed: three units" 3 "$units"
expect_eq "no unit is enabled" "" \
	"$(find /etc/systemd/system -name 'mtuprobe*' 2>/dev/null)"
d=${unit%/*}
out=$(systemd-analyze verify "$d/mtuprobe-watch.service" "$d/mtuprobe-watch.timer" \
	"$d/mtuprobe-clamp@wg0.service" 2>&1)
rc=$?
expect_eq "systemd-analyze verify: the units, the binary and scripts they run" \
	"0 " "$rc $out"

# --- the system user a root run probes as
IFS=: read -r _ _ uid _ _ home shell <<<"$(getent passwd mtuprobe)"
expect_match "the package made the user mtuprobe, a system one" \
	'^[1-9][0-9]?[0-9]?$' "$uid"
expect_eq "mtuprobe: no home, no shell" "/nonexistent /usr/sbin/nologin" \
	"$home $shell"

# --- nobody sizes the lab's black hole through the capability
lab_topology 1500 1500 1380
lab_black_hole

# and root probes it as mtuprobe
lab_run_sampled "root" "$MTUPROBE" "" --min-wait 700 --max-wait 1000 \
	"$LAB_SERVER4_NAME"
expect_eq "root: exit code" 0 "$LAB_RC"
expect_status "root" Uid "$uid $uid $uid $uid"
expect_status "root" CapEff 0000000000000000
lab_run_as "$NOBODY" -q --json "$LAB_SERVER4_NAME"
expect_rc "nobody, with the capability" 0
expect_json_true "nobody, with the capability: raw sockets" 'o["socket"] == "raw"'
expect_json_true "nobody, with the capability" 'o["path_mtu"] == 1380 and o["evidence"] == "black_hole"'
setcap -r /usr/bin/mtuprobe
lab_run_as "$NOBODY" -q --json "$LAB_SERVER4_NAME"
expect_json_true "nobody, the capability taken away: no raw sockets" 'o["socket"] != "raw"'

# --- two instances of the clamp unit, as the installed file has them
[ -n "$unit" ] && [ -f "$unit" ] || lab_die "no mtuprobe-clamp@.service in the package"
ip -n "$LAB_NS_C" link add wg0 type veth peer name wg0p &&
	ip -n "$LAB_NS_C" link add wg1 type veth peer name wg1p ||
	lab_die "two interfaces"
# in_unit KEY IFACE: the command line KEY of instance IFACE, run in the
# client's namespace as systemd would split it, with the endpoint its
# EnvironmentFile would give
in_unit() {
	local line
	line=$(sed -n "s/^$1=//p" "$unit" | sed "s/%i/$2/g")
	[ -n "$line" ] || lab_die "no $1 in $unit"
	printf '\n$ [%s of mtuprobe-clamp@%s] %s\n' "$1" "$2" "$line"
	OUT=$(ip netns exec "$LAB_NS_C" env ENDPOINT="$LAB_SERVER4_NAME" \
		bash -c "$line" 2>&1)
	RC=$?
	printf '%s\n' "$OUT" | sed 's/^/  | /'
}
in_unit ExecStart wg0
expect_eq "clamp@wg0 start: exit code" 0 "$RC"
in_unit ExecStart wg1
expect_eq "clamp@wg1 start: exit code" 0 "$RC"
expect_eq "clamp@wg0 and clamp@wg1: a table each" \
	"inet mtuprobe-wg0
inet mtuprobe-wg1" "$(lab_nft_tables "$LAB_NS_C")"
wg1=$(lab_nft_rules "$LAB_NS_C" mtuprobe-wg1)
expect_match "clamp@wg1: its rules, MSS 1280 through wg1" \
	'^iifname "wg1" meta nfproto ipv4 .* maxseg size set 1280$' "$wg1"
in_unit ExecStop wg0
expect_eq "clamp@wg0 stop: exit code" 0 "$RC"
expect_eq "clamp@wg0 stop: wg1's table is left" "inet mtuprobe-wg1" \
	"$(lab_nft_tables "$LAB_NS_C")"
expect_eq "clamp@wg0 stop: wg1's rules are as they were" "$wg1" \
	"$(lab_nft_rules "$LAB_NS_C" mtuprobe-wg1)"
in_unit ExecStop wg1
expect_eq "clamp@wg1 stop: no table left" "" "$(lab_nft_tables "$LAB_NS_C")"

# --- dpkg --purge
# what is the package's alone: its files, and the directories no other
# package has (/usr/libexec/mtuprobe, /usr/share/doc/mtuprobe)
own=
for f in $files; do
	if [ -d "$f" ]; then
		[ "$(dpkg -S "$f" 2>/dev/null)" = "mtuprobe: $f" ] || continue
	fi
	own="$own $f"
done
out=$(dpkg --purge mtuprobe 2>&1)
rc=$?
purged=true
printf '%s\n' "$out" | sed 's/^/  dpkg --purge| /'
expect_eq "dpkg --purge: exit code" 0 "$rc"
left=
for f in $own; do
	[ -e "$f" ] || [ -L "$f" ] && left="$left $f"
done
expect_match "dpkg --purge: its own directories were known" ' /usr/libexec/mtuprobe( |$)' "$own"
expect_eq "dpkg --purge: none of the package's files and directories is left" "" "$left"
expect_eq "dpkg --purge: its file list is gone" "" \
	"$(ls /var/lib/dpkg/info/mtuprobe.* 2>/dev/null)"
expect_eq "dpkg --purge: dpkg knows no mtuprobe" "" \
	"$(dpkg-query -W -f '${Status}' mtuprobe 2>/dev/null | grep installed)"

lab_done
