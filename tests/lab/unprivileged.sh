#!/usr/bin/env bash
# unprivileged: a user without CAP_NET_RAW, whose group may have ICMP
# datagram ("ping") sockets (net.ipv4.ping_group_range), still gets the
# path MTU: over IPv4 and IPv6, from r2's "too big" replies and through
# the black hole when r2 drops them, and the hops of --trace; the report
# says which socket ran and what it cannot do.  TCP needs raw sockets:
# --tcp is refused, with what to grant.  When the group may not have ICMP
# sockets either, UDP as tracepath does still sizes the path: from the
# routers' "too big", or through the black hole, by a smaller size that
# draws the host's "port unreachable"; a host that keeps quiet to UDP is
# said to, and a trace is refused.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

lab_require_root
lab_require_binary
command -v setpriv >/dev/null 2>&1 || lab_skip "needs setpriv (util-linux)"
lab_init
lab_topology 1500 1500 1380
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
NOTE='^note: without raw sockets \(no CAP_NET_RAW\), probed with an ICMP datagram socket: echo and "too big" replies tell the same, but TCP SYNs \(--tcp, and the fallback when echo is not answered\) need raw sockets$'

# the lab keeps ICMP sockets from everyone: let gid 65534 have them
lab_sysctl "$LAB_NS_C" "net.ipv4.ping_group_range=65534 65534"

# 1. r2 answers "too big"
lab_r2_ptb_rules accept
for fam in 4 6; do
	lab_run_as "$NOBODY" "-$fam" "$LAB_SERVER_NAME"
	expect_rc "ptb ipv$fam" 0
	expect_stderr_empty "ptb ipv$fam"
	expect_match "ptb ipv$fam: path MTU" '^path MTU: 1380$' "$LAB_OUT"
	from=$LAB_PTB_FROM4
	[ "$fam" = 6 ] && from=$LAB_PTB_FROM6
	expect_match "ptb ipv$fam: the router said so" "^evidence: \"(fragmentation needed|packet too big)\" from $(lab_re "$from") " "$LAB_OUT"
	expect_match "ptb ipv$fam: the note" "$NOTE" "$LAB_OUT"
	lab_run_as "$NOBODY" "-$fam" --json "$LAB_SERVER_NAME"
	expect_json_fields "ptb ipv$fam json" path_mtu=1380 evidence='"ptb"' socket='"datagram"'
done

# 2. r2 drops them: echo replies still say what gets through
lab_nft "$LAB_NS_R2" <<EOF
flush table inet mtplab
EOF
lab_black_hole
for fam in 4 6; do
	lab_run_as "$NOBODY" "-$fam" --json "$LAB_SERVER_NAME"
	expect_rc "black hole ipv$fam" 0
	expect_json_fields "black hole ipv$fam" path_mtu=1380 evidence='"black_hole"' socket='"datagram"'
done

# 3. the trace: time exceeded comes through the socket's error queue
lab_run_as "$NOBODY" -4 --trace "$LAB_SERVER_NAME"
expect_rc "trace" 0
expect_match "trace: the limit" \
	'^limit: large packets vanish between hop 2 \(10\.99\.2\.2\) and hop 3 \(10\.99\.3\.2\)' "$LAB_OUT"

# 4. TCP needs raw sockets
lab_run_as "$NOBODY" --tcp "$LAB_SERVER_NAME"
expect_rc "--tcp" 3
expect_one_error_line "--tcp"
expect_match "--tcp: names what is missing" 'needs CAP_NET_RAW' "$LAB_ERR"

# 5. no ICMP sockets for the group either: UDP, as tracepath does; the
# black hole is a size that stays silent while a smaller one draws the
# host's "port unreachable", and a host that drops UDP is said to keep
# quiet, with no number
lab_sysctl "$LAB_NS_C" "net.ipv4.ping_group_range=1 0"
lab_run_as "$NOBODY" -4 --json "$LAB_SERVER_NAME"
expect_rc "udp, black hole" 0
expect_json_fields "udp, black hole" path_mtu=1380 evidence='"black_hole"' \
	method='"udp"' socket='"datagram"'
lab_server_drop_udp
lab_run_as "$NOBODY" -4 "$LAB_SERVER_NAME"
expect_rc "udp dropped" 1
expect_one_error_line "udp dropped"
expect_match "udp dropped: says so" \
	'no UDP datagram, of 1500 bytes nor smaller, drew "too big" or "port unreachable" in 2 tries: the host keeps quiet to UDP' "$LAB_ERR"
lab_nft "$LAB_NS_S" <<EOF
delete table inet mtpudp
EOF
lab_run_as "$NOBODY" --trace "$LAB_SERVER_NAME"
expect_rc "udp, --trace" 3
expect_match "udp, --trace: says what would do" \
	'no raw socket \(no CAP_NET_RAW\) and no ICMP datagram socket: .*net\.ipv4\.ping_group_range' "$LAB_ERR"
lab_nft "$LAB_NS_R2" <<EOF
flush table inet mtplab
EOF
lab_r2_ptb_rules accept
UDPNOTE='^note: without raw sockets \(no CAP_NET_RAW\) or an ICMP datagram socket, probed with UDP as tracepath does: only "too big" errors and the host.s "port unreachable" are seen, and a black hole is a size that stays silent while a smaller one arrives; --trace needs ICMP echo$'
for fam in 4 6; do
	lab_run_as "$NOBODY" "-$fam" "$LAB_SERVER_NAME"
	expect_rc "udp ipv$fam" 0
	expect_match "udp ipv$fam: the method" "^mtuprobe to $LAB_SERVER_NAME .*, IPv$fam UDP to ports [0-9]+ and up, via " "$LAB_OUT"
	expect_match "udp ipv$fam: path MTU" '^path MTU: 1380$' "$LAB_OUT"
	expect_match "udp ipv$fam: the note" "$UDPNOTE" "$LAB_OUT"
	lab_run_as "$NOBODY" "-$fam" --json "$LAB_SERVER_NAME"
	expect_json_fields "udp ipv$fam json" path_mtu=1380 evidence='"ptb"' \
		method='"udp"' socket='"datagram"'
	expect_json_true "udp ipv$fam json: the run's own first port" \
		'33434 <= o["port"] <= 61433'
done

# 6. root still uses raw sockets
lab_run --json "$LAB_SERVER4_NAME"
expect_json_fields "root" path_mtu=1380 socket='"raw"'

lab_done
