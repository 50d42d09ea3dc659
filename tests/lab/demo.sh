#!/usr/bin/env bash
# make demo: builds the lab path client - r1 - r2 - server in network
# namespaces, with a 1380-byte link behind r2 and r2 dropping its "too big"
# replies (a PMTUD black hole), runs mtuprobe on it over IPv4 and IPv6,
# then --trace to find where the limit sits, then the line a WireGuard
# configuration needs, and removes the lab again.
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "${LAB_LIB:-$(dirname "$0")/lib.sh}"

if [ "$(id -u)" -ne 0 ]; then
	echo "make demo builds network namespaces: run it as root (sudo make demo)" >&2
	exit 1
fi
lab_require_root
lab_require_binary
lab_init >/dev/null
lab_topology 1500 1500 1380 >/dev/null
lab_black_hole

show() {
	printf '\n$ mtuprobe %s\n' "$*"
	ip netns exec "$LAB_NS_C" "$MTUPROBE" "$@"
}

cat <<EOT
The demo path, all in network namespaces on this machine:

  client ---- r1 ---- r2 ==== server.lab
         1500    1500    1380   (MTU of each link)

r2 cannot forward packets above 1380 bytes, and its "too big" replies are
dropped by nftables: large packets vanish with no error, while ping works.
EOT
show -4 server.lab
show -6 server.lab
cat <<EOT

Where on the path does the limit sit?
EOT
show -4 --trace server.lab
cat <<EOT

The line for the [Interface] section of a WireGuard tunnel to server.lab
(an IPv6 endpoint: the path MTU less 80):
EOT
show --wg server.lab
