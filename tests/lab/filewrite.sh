#!/usr/bin/env bash
# filewrite: the files mtuprobe replaces after probing (--wg-config
# --write, --prom) are held from before the first probe, and only those
# are replaced.  A symbolic link pointed elsewhere mid-run, or a FIFO put
# in the file's place, means nothing is written and no other file is
# touched, and never a hang; a file in a setgid directory keeps its own
# group; a FIFO given at the start is refused at once.  --prom finds out
# before probing that its directory takes no file, and on a full
# filesystem leaves the old textfile whole and no temporary file.  Probes
# are slowed down with --min-wait on a black hole so that the change
# comes mid-run.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
lab_init
lab_topology 1500 1500 1380
lab_black_hole
SLOW=(--min-wait 700 --max-wait 1000)
LAB_RUN_TIMEOUT=30

W=$LAB_TMP/w
mkdir "$W" || lab_die "mkdir $W"
conf() {
	printf '[Interface]\nPrivateKey = x\n\n[Peer]\nEndpoint = %s:51820\n' "$LAB_S4"
}

# meanwhile DELAY CMD -- ARGS...: runs mtuprobe ARGS (lab_run), and DELAY
# seconds into it runs CMD (one string, through eval).
meanwhile() {
	local delay=$1 cmd=$2
	shift 3
	(sleep "$delay" && eval "$cmd") &
	local job=$!
	lab_run "$@"
	wait "$job"
}

no_tmp() {
	expect_eq "$1: no temporary file is left" "" "$(find "$W" -name '.*mtuprobe-*')"
}

same_file() {
	if cmp -s "$2" "$3"; then
		lab_ok "$1"
	else
		lab_fail "$1" "$(cat "$3")" "$(cat "$2")"
	fi
}

# 1. a link repointed mid-run, to a file of the same bytes owned by
# someone else: neither file is written
conf >"$W/a.conf"
conf >"$W/b.conf"
chown 4321:4321 "$W/b.conf"
chmod 600 "$W/b.conf"
cp "$W/a.conf" "$W/orig.conf"
ln -s a.conf "$W/wg0.conf"
meanwhile 0.5 'ln -sfn b.conf "$W/wg0.conf"' -- "${SLOW[@]}" --wg-config "$W/wg0.conf" --write
expect_rc "link repointed" 4
expect_one_error_line "link repointed"
expect_match "link repointed: says why" 'names another file than the one read; not written' "$LAB_ERR"
same_file "link repointed: the file read is as it was" "$W/a.conf" "$W/orig.conf"
same_file "link repointed: the file it names now is as it was" "$W/b.conf" "$W/orig.conf"
expect_eq "link repointed: its owner and mode too" "4321:4321 600" "$(stat -c '%u:%g %a' "$W/b.conf")"
no_tmp "link repointed"

# 2. a FIFO put in the file's place mid-run: not written, no hang
rm -f "$W/wg0.conf"
conf >"$W/wg0.conf"
meanwhile 0.5 'rm -f "$W/wg0.conf" && mkfifo "$W/wg0.conf"' -- "${SLOW[@]}" --wg-config "$W/wg0.conf" --write
expect_rc "FIFO swapped in" 4
expect_match "FIFO swapped in: says why" 'names another file than the one read; not written' "$LAB_ERR"
expect_eq "FIFO swapped in: the FIFO is still there" fifo "$(stat -c %F "$W/wg0.conf")"
no_tmp "FIFO swapped in"

# 3. a FIFO given from the start: refused at once, with or without
# --write, with nothing probed
lab_wait_tx_quiet
tx=$(lab_tx_packets)
lab_run --wg-config "$W/wg0.conf" --write
expect_rc "FIFO --write" 2
expect_one_error_line "FIFO --write"
expect_match "FIFO --write: not a regular file" 'not a regular file' "$LAB_ERR"
lab_run --wg-config "$W/wg0.conf"
expect_rc "FIFO" 2
expect_match "FIFO: not a regular file" 'not a regular file' "$LAB_ERR"
expect_eq "FIFO: nothing probed" "$tx" "$(lab_tx_packets)"
rm -f "$W/wg0.conf"

# 4. a setgid directory: the file keeps its own group, not the
# directory's (root's own file, the writer's group: a new file there
# gets the directory's)
mkdir "$W/sg"
chgrp 4322 "$W/sg"
chmod 2775 "$W/sg"
conf >"$W/sg/wg0.conf"
chown 0:0 "$W/sg/wg0.conf"
chmod 640 "$W/sg/wg0.conf"
lab_run --wg-config "$W/sg/wg0.conf" --write
expect_rc "setgid directory" 0
expect_eq "setgid directory: MTU = 1320 written" 1 "$(grep -c '^MTU = 1320$' "$W/sg/wg0.conf")"
expect_eq "setgid directory: owner, group and mode kept" "0:0 640" \
	"$(stat -c '%u:%g %a' "$W/sg/wg0.conf")"

# 5. --prom into a directory that is not there: said before any probe
printf '%s\n' "$LAB_S4" >"$LAB_TMP/hosts"
lab_wait_tx_quiet
tx=$(lab_tx_packets)
lab_run -f "$LAB_TMP/hosts" --prom "$W/nosuch/mtu.prom"
expect_rc "--prom, no directory" 2
expect_one_error_line "--prom, no directory"
expect_match "--prom, no directory: nothing probed" '; nothing probed$' "$LAB_ERR"
expect_eq "--prom, no directory: nothing sent" "$tx" "$(lab_tx_packets)"

# 6. --prom on a full filesystem: the old textfile stays whole
mkdir "$W/full"
mount -t tmpfs -o size=64k tmpfs "$W/full" || lab_die "mount tmpfs"
trap 'umount "$W/full" 2>/dev/null; lab_cleanup' EXIT
printf 'mtuprobe_path_mtu_bytes{host="old"} 1\n' >"$W/full/mtu.prom"
cp "$W/full/mtu.prom" "$LAB_TMP/old.prom"
dd if=/dev/zero of="$W/full/filler" bs=4k count=64 2>/dev/null
lab_run -f "$LAB_TMP/hosts" --prom "$W/full/mtu.prom"
expect_rc "--prom, full filesystem" 4
expect_match "--prom, full filesystem: says why" 'No space left on device' "$LAB_ERR"
same_file "--prom, full filesystem: the old textfile is whole" "$W/full/mtu.prom" "$LAB_TMP/old.prom"
no_tmp "--prom, full filesystem"
# and with room again, the new one, whole
rm -f "$W/full/filler"
lab_run -f "$LAB_TMP/hosts" --prom "$W/full/mtu.prom"
expect_rc "--prom, room again" 0
expect_match "--prom, room again: the new textfile" \
	"mtuprobe_path_mtu_bytes\\{host=\"$(lab_re "$LAB_S4")\".*\\} 1380" "$(cat "$W/full/mtu.prom")"
umount "$W/full"

lab_done
