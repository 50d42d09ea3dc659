#!/usr/bin/env bash
# wgconfig: --wg-config on a wg-quick file whose peers sit behind a
# 1380-byte black hole. Every Endpoint is probed; the MTU proposed is the
# smallest over the peers (1300: the IPv6 one); the diff shows it with no
# key in it; --write puts it in the file and changes no other byte, keeps
# mode, owner and a symbolic link, leaves no temporary file, and does
# nothing when nothing is to change. A peer that cannot be sized means
# nothing is written; a file that cannot be used is refused with its line
# number before any probe leaves. An interface's name with no file of that
# name is its file under /etc/wireguard, as wg-quick reads it.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1380
lab_black_hole

KEY=ME2xY2VRBz7ndC6Ua0ARmRKaQa1vyESK2y4cp4mTmmE=
dir=$LAB_TMP/wireguard
mkdir "$dir" || lab_die "mkdir $dir"
conf=$dir/wg0.conf

# The file as people write them: CRLF line ends, comments, blank lines,
# one peer by IPv4 address and one by name (server6.lab: IPv6 only).
printf '%s\r\n' \
	'# office tunnel' \
	'[Interface]' \
	"PrivateKey = $KEY" \
	'Address = 10.98.0.1/24  # inner' \
	'' \
	'[Peer]' \
	'PublicKey = VmRs1Fy9ZDoTkfxLTwlVXxoEgs6SbkjhUCg/ElqrbGM=' \
	'Endpoint = 10.99.3.2:51820' \
	'AllowedIPs = 10.98.0.2/32' \
	'' \
	'[Peer]' \
	'PublicKey = 7W5SFu0Jxd6p0t2/vfVvK3HXpzSY5bb0GKlx0ZGlwmc=' \
	'endpoint = server6.lab:51820' \
	'AllowedIPs = 10.98.0.3/32' >"$conf"
cp -p "$conf" "$LAB_TMP/orig.conf"
# what --write must make of it: one line more, after the header
sed '2a MTU = 1300\r' "$LAB_TMP/orig.conf" >"$LAB_TMP/want.conf"
chown 1234:5678 "$conf"
chmod 0640 "$conf"

# ------------------------------------------------------------ the proposal
lab_run --wg-config "$conf"
expect_rc "proposal" 0
expect_stderr_empty "proposal"
expect_line "proposal: header" 1 "^mtuprobe for $(lab_re "$conf"): 2 peers with an endpoint\$" "$LAB_OUT"
expect_line "proposal: the IPv4 peer" 2 \
	'^peer 1, line 8: 10\.99\.3\.2:51820: path MTU 1380 \(black hole above it\), WireGuard MTU 1320$' "$LAB_OUT"
expect_line "proposal: the IPv6 peer, by name" 3 \
	'^peer 2, line 13: server6\.lab:51820 \(fd00:99:3::2\): path MTU 1380 \(black hole above it\), WireGuard MTU 1300$' "$LAB_OUT"
expect_line "proposal: the smallest" 4 \
	'^MTU = 1300: the smallest, from peer 2; the file has no MTU' "$LAB_OUT"
expect_line "proposal: the same MTU at the other ends" 5 \
	'^note: set MTU = 1300 at the other ends too: WireGuard pads packets up to its own MTU' "$LAB_OUT"
expect_line "proposal: diff header" 6 "^--- $(lab_re "$conf")\$" "$LAB_OUT"
expect_line "proposal: diff hunk" 8 '^@@ -1,5 \+1,6 @@$' "$LAB_OUT"
expect_match "proposal: the added line, CRLF kept" $'^\\+MTU = 1300\r$' "$LAB_OUT"
expect_match "proposal: the key hidden" $'^ PrivateKey = \\(hidden\\)\r$' "$LAB_OUT"
expect_no_match "proposal: the key nowhere" "$KEY" "$LAB_OUT"
expect_eq "proposal: the file untouched" same \
	"$(cmp -s "$conf" "$LAB_TMP/orig.conf" && echo same)"

lab_run --json --wg-config "$conf"
expect_rc "json" 0
expect_json_eq "json: per peer" '[(p["peer"], p["line"], p["endpoint"], p["wireguard_mtu"], p["probe"]["path_mtu"], p["probe"]["family"]) for p in o["peers"]]' \
	'[[1, 8, "10.99.3.2:51820", 1320, 1380, "ipv4"], [2, 13, "server6.lab:51820", 1300, 1380, "ipv6"]]'
expect_json_eq "json: the proposal" '[o["mtu"], o["current_mtu"], o["changed"], o["written"]]' \
	'[1300, null, true, false]'

# ------------------------------------------------------------- --write
ino=$(stat -c %i "$conf")
lab_run --wg-config "$conf" --write
expect_rc "write" 0
expect_stderr_empty "write"
expect_eq "write: last line" "wrote $conf" "$(tail -n 1 "$LAB_OUT_FILE")"
expect_eq "write: one line added, every other byte kept" same \
	"$(cmp "$conf" "$LAB_TMP/want.conf" >&2 && echo same)"
expect_eq "write: mode and owner kept" "640 1234:5678" "$(stat -c '%a %u:%g' "$conf")"
expect_eq "write: a new file renamed in place" changed \
	"$([ "$(stat -c %i "$conf")" != "$ino" ] && echo changed)"
expect_eq "write: no temporary file left" "wg0.conf" "$(ls -A "$dir")"

ino=$(stat -c %i "$conf")
lab_run --wg-config "$conf" --write
expect_rc "write again" 0
expect_match "write again: nothing to change" \
	'^MTU = 1300: the smallest, from peer 2; the file has it already, nothing to change$' "$LAB_OUT"
expect_no_match "write again: no diff" '^(---|\+\+\+|@@) ' "$LAB_OUT"
expect_no_match "write again: nothing written" '^wrote ' "$LAB_OUT"
expect_eq "write again: the same file, not rewritten" "$ino" "$(stat -c %i "$conf")"

# An MTU line of the wrong value is replaced in place, through a link.
printf '[Interface]\nPrivateKey = %s\nMTU = 1420 # wg-quick default\n\n[Peer]\nPublicKey = x\nEndpoint = 10.99.3.2:51820\n' \
	"$KEY" >"$dir/real.conf"
ln -s real.conf "$dir/wg1.conf"
lab_run --wg-config "$dir/wg1.conf" --write
expect_rc "replace" 0
expect_match "replace: the change" '^MTU = 1320: the smallest; the file has MTU = 1420$' "$LAB_OUT"
expect_match "replace: removed" '^-MTU = 1420 # wg-quick default$' "$LAB_OUT"
expect_match "replace: added" '^\+MTU = 1320 # wg-quick default$' "$LAB_OUT"
expect_eq "replace: the value alone changed" 'MTU = 1320 # wg-quick default' \
	"$(sed -n 3p "$dir/real.conf")"
expect_eq "replace: the link is still a link" real.conf "$(readlink "$dir/wg1.conf")"
expect_eq "replace: no temporary file left" "real.conf wg0.conf wg1.conf" "$(ls -A "$dir" | xargs)"

# ------------------------------------------ a name, as wg-quick takes one
# The runs see this test's directory as /etc/wireguard, in a mount
# namespace of their own, from a directory of their own: the real
# /etc/wireguard is neither read nor changed.
if [ ! -d /etc/wireguard ]; then
	mkdir -m 700 /etc/wireguard || lab_die "mkdir /etc/wireguard"
	trap 'rmdir /etc/wireguard; lab_cleanup' EXIT
fi
etc_before=$(find /etc/wireguard -printf '%p %m %s %T@\n' | sort)
cwd=$LAB_TMP/cwd
mkdir "$cwd" || lab_die "mkdir $cwd"
printf '#!/bin/sh\nmount --bind %s /etc/wireguard && cd %s && exec "$@"\n' \
	"$dir" "$cwd" >"$LAB_TMP/etc-wireguard"
chmod 755 "$LAB_TMP/etc-wireguard"
ETCWG="unshare --mount --propagation private $LAB_TMP/etc-wireguard"

lab_run_as "$ETCWG" --json --wg-config wg0
expect_rc "by name" 0
expect_json_eq "by name: the file under /etc/wireguard" \
	'[o["config"], o["mtu"], o["current_mtu"]]' '["/etc/wireguard/wg0.conf", 1300, 1300]'

printf '[Interface]\nPrivateKey = %s\nMTU = 1420\n[Peer]\nPublicKey = x\nEndpoint = 10.99.3.2:51820\n' \
	"$KEY" >"$dir/wgname.conf"
lab_run_as "$ETCWG" --wg-config wgname --write
expect_rc "by name, --write" 0
expect_match "by name, --write: the diff names the file" '^--- /etc/wireguard/wgname\.conf$' "$LAB_OUT"
expect_eq "by name, --write: last line" "wrote /etc/wireguard/wgname.conf" \
	"$(tail -n 1 "$LAB_OUT_FILE")"
expect_eq "by name, --write: written" "MTU = 1320" "$(sed -n 3p "$dir/wgname.conf")"

# a file of the name where the command runs comes first
printf '[Interface]\nPrivateKey = %s\n[Peer]\nPublicKey = x\nEndpoint = 10.99.3.2:51820\n' \
	"$KEY" >"$cwd/wg0"
lab_run_as "$ETCWG" --json --wg-config wg0
expect_rc "a file of the name" 0
expect_json_eq "a file of the name: read as it is" \
	'[o["config"], o["mtu"], o["current_mtu"]]' '["wg0", 1320, null]'

lab_run_as "$ETCWG" --wg-config wg9
expect_rc "a name with no file" 2
expect_one_error_line "a name with no file"
expect_match "a name with no file: both places named" \
	'^mtuprobe: wg9: no such file; /etc/wireguard/wg9\.conf: No such file or directory$' "$LAB_ERR"
lab_run_as "$ETCWG" --wg-config ./wg9
expect_match "a path is no name" '^mtuprobe: \./wg9: No such file or directory$' "$LAB_ERR"
expect_eq "the real /etc/wireguard untouched" "$etc_before" \
	"$(find /etc/wireguard -printf '%p %m %s %T@\n' | sort)"

# ------------------------------------------------- a peer not sized
printf '[Interface]\nPrivateKey = %s\n[Peer]\nPublicKey = x\nEndpoint = 10.99.3.2:51820\n[Peer]\nPublicKey = y\nEndpoint = 10.99.200.1:51820\n' \
	"$KEY" >"$dir/part.conf"
cp "$dir/part.conf" "$LAB_TMP/part.orig"
lab_run --wg-config "$dir/part.conf" --write
expect_rc "unsized peer" 1
expect_one_error_line "unsized peer"
expect_match "unsized peer: says which" '^peer 2, line 8: 10\.99\.200\.1:51820: not sized: .*no route' "$LAB_OUT"
expect_match "unsized peer: nothing proposed" '^no MTU proposed: 1 of 2 peers not sized; the file is left as it is$' "$LAB_OUT"
expect_eq "unsized peer: file untouched" same "$(cmp -s "$dir/part.conf" "$LAB_TMP/part.orig" && echo same)"

# ------------------------------------------ refused before any probe
# expect_refused DESC FILE REGEX [ARGS...]: exit 2, one line on stderr
# matching REGEX, no packet sent, FILE (if any) unchanged.
expect_refused() {
	local desc=$1 file=$2 re=$3 before sum=
	shift 3
	[ -f "$file" ] && sum=$(md5sum <"$file")
	lab_wait_tx_quiet
	before=$(lab_tx_packets)
	lab_run --wg-config "$file" "$@"
	expect_rc "$desc" 2
	expect_one_error_line "$desc"
	expect_match "$desc: the reason" "$re" "$LAB_ERR"
	expect_eq "$desc: no packet sent" "$before" "$(lab_tx_packets)"
	[ -n "$sum" ] && expect_eq "$desc: file untouched" "$sum" "$(md5sum <"$file")"
}

printf '[Interface]\nPrivateKey = %s\nListenPort 51820\n[Peer]\nEndpoint = 10.99.3.2:51820\n' "$KEY" >"$dir/bad.conf"
expect_refused "garbage" "$dir/bad.conf" \
	"^mtuprobe: $(lab_re "$dir/bad.conf"): line 3: no '=' in 'ListenPort 51820'\$" --write
printf '[Interface]\nPrivateKey = %s\nListenPort = 51820\n\n[Peer]\nPublicKey = x\nAllowedIPs = 10.98.0.0/24\n' "$KEY" >"$dir/server.conf"
expect_refused "no endpoint" "$dir/server.conf" \
	"^mtuprobe: $(lab_re "$dir/server.conf"): line 5: \\[Peer\\] without Endpoint, and no peer has one: nothing to probe\$" --write
printf '[Interface]\nPrivateKey = %s\n[Peer]\nEndpoint = 10.99.3.2\n' "$KEY" >"$dir/noport.conf"
expect_refused "endpoint without port" "$dir/noport.conf" \
	"line 4: Endpoint '10\\.99\\.3\\.2': no port"
# /etc/hosts the only source of names, so that no DNS query is tried
printf '[Interface]\nPrivateKey = %s\n[Peer]\nEndpoint = nosuch.invalid:51820\n' "$KEY" >"$dir/unknown.conf"
printf 'hosts: files\n' >"/etc/netns/$LAB_NS_C/nsswitch.conf"
expect_refused "unknown host" "$dir/unknown.conf" \
	"^mtuprobe: $(lab_re "$dir/unknown.conf"): line 4: Endpoint: unknown host 'nosuch\\.invalid'"
rm -f "/etc/netns/$LAB_NS_C/nsswitch.conf"
expect_refused "missing file" "$dir/none.conf" \
	"^mtuprobe: $(lab_re "$dir/none.conf"): No such file or directory\$"
expect_refused "a directory" "$dir" \
	"^mtuprobe: $(lab_re "$dir"): a directory, not a wg-quick file\$"
head -c 300 /dev/urandom >"$dir/binary.conf"
expect_refused "not text" "$dir/binary.conf" "^mtuprobe: $(lab_re "$dir/binary.conf"): "

lab_done
