# SPDX-License-Identifier: GPL-2.0-or-later
# fish completion for mtuprobe(8). make install puts it where fish looks
# for the completions of packages (its pkg-config file names the
# directory).

# The tunnel names mtuprobe --tunnel list shows, its templates
# gre[-csum][-key][-seq] and esp-SUITE-MODE[-natt] spelt out; after a
# comma, the next name of a list.
function __mtuprobe_tunnels
    set -l cmd (commandline -opc)[1]
    set -l prefix (string replace -r '[^,]*$' '' -- (commandline -ct))
    for name in list ($cmd --tunnel list 2>/dev/null | awk '
        NR == 1 { next }
        $1 ~ /^[a-z0-9-]+$/ { print $1; next }
        $1 ~ /^gre\[/ {
            n = split("csum key seq", o, " ")
            for (m = 0; m < 2 ^ n; m++) {
                name = "gre"
                for (i = 1; i <= n; i++)
                    if (int(m / 2 ^ (i - 1)) % 2)
                        name = name "-" o[i]
                print name
            }
        }
        $1 ~ /^esp-SUITE-tunnel/ {
            sub(/.*SUITE: /, ""); sub(/;.*/, ""); gsub(/,/, "")
            for (i = 1; i <= NF; i++)
                for (j = 0; j < 4; j++)
                    print "esp-" $i "-" (j < 2 ? "tunnel" : "transport") \
                          (j % 2 ? "-natt" : "")
        }')
        echo $prefix$name
    end
end

complete -c mtuprobe -f -a '(__fish_print_hostnames)'
complete -c mtuprobe -s q -l quiet -d 'No status line while probing'
complete -c mtuprobe -s 4 -l ipv4 -d 'Probe over IPv4 only'
complete -c mtuprobe -s 6 -l ipv6 -d 'Probe over IPv6 only'
complete -c mtuprobe -l tcp -d 'Probe with TCP SYNs to PORT (default 443)'
complete -c mtuprobe -l icmp -d 'ICMP echo only'
complete -c mtuprobe -l rst-check -d 'Find who sends the RSTs to SYNs to PORT'
complete -c mtuprobe -l min -x -d 'Smallest packet size to assume crosses'
complete -c mtuprobe -l max -x -d 'Largest packet size to try'
complete -c mtuprobe -l min-wait -x -d 'Shortest wait for a round, in ms'
complete -c mtuprobe -l max-wait -x -d 'Longest wait for a round, in ms'
complete -c mtuprobe -l trace -d 'Find where on the path the limit sits'
complete -c mtuprobe -l tunnel -x -a '(__mtuprobe_tunnels)' -d 'The tunnels to advise on'
complete -c mtuprobe -l path-mtu -x -d 'Advise for a path MTU already known'
complete -c mtuprobe -l wg -d 'Print only the wg-quick line'
complete -c mtuprobe -l wg-config -r -F -d 'Probe every peer Endpoint of a wg-quick file'
complete -c mtuprobe -l write -d 'With --wg-config, write the MTU into the file'
complete -c mtuprobe -l json -d 'Print the report as one JSON object'
complete -c mtuprobe -s f -l file -r -F -d 'Probe every host of a file'
complete -c mtuprobe -s I -l egress -x -a '(__fish_print_interfaces)' -d 'Probes leave by this interface, or address'
complete -c mtuprobe -l fwmark -x -d 'Probes carry this firewall mark'
complete -c mtuprobe -l parallel -x -d 'With -f, how many hosts at once'
complete -c mtuprobe -l prom -r -F -d 'With -f, write a Prometheus textfile'
complete -c mtuprobe -l clamp -d 'Print the nftables ruleset of the MSS clamp'
complete -c mtuprobe -l apply -d 'Install the MSS clamp'
complete -c mtuprobe -l remove -d 'Delete the table of the MSS clamp'
complete -c mtuprobe -l mss -x -d 'Clamp to this MSS, without probing'
complete -c mtuprobe -l hook -x -a 'forward output postrouting' -d 'The hook of the clamp chain'
complete -c mtuprobe -l table -x -d 'The nftables table of the clamp'
complete -c mtuprobe -s i -l interface -x -a '(__fish_print_interfaces)' -d 'Clamp the SYNs through an interface'
complete -c mtuprobe -l src -x -d 'Clamp the SYNs from a network'
complete -c mtuprobe -l dst -x -d 'Clamp the SYNs to a network'
complete -c mtuprobe -l ipsec -d 'Clamp the SYNs through an IPsec policy'
complete -c mtuprobe -s h -l help -d 'Print the help and exit'
complete -c mtuprobe -s V -l version -d 'Print the version and exit'
