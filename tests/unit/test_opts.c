// SPDX-License-Identifier: GPL-2.0-or-later
/* The command line: what is accepted, and the one-line reason for what is
 * not, and the tables (opts_table.h) every refusal is written from. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "opts.h"
#include "opts_table.h"

#define N(a) (sizeof(a) / sizeof(*(a)))

static char err[256];

static int parse(struct opts *o, ...)
{
	char *argv[32] = { (char *)"mtuprobe" };
	int argc = 1;
	va_list ap;
	char *a;

	va_start(ap, o);
	while ((a = va_arg(ap, char *)) && argc < 31)
		argv[argc++] = a;
	va_end(ap);
	err[0] = '\0';
	return opts_parse(argc, argv, o, err, sizeof(err));
}

static void rejects(const char *want, int ret)
{
	assert_int_equal(ret, -EINVAL);
	assert_non_null(strstr(err, want));
	assert_null(strchr(err, '\n'));
}

static void host_alone_is_enough(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "server.lab", NULL), 0);
	assert_string_equal(o.host, "server.lab");
	assert_int_equal(o.family, 0);
	assert_int_equal(o.min, 0);
	assert_int_equal(o.max, 0);
	assert_false(o.json);
}

static void every_option_is_read(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "-6", "--min", "1300", "--max=1400",
			       "--trace", "--json", "fd00:99:3::2", NULL), 0);
	assert_true(o.trace);
	assert_int_equal(o.family, AF_INET6);
	assert_int_equal(o.min, 1300);
	assert_int_equal(o.max, 1400);
	assert_true(o.json);
	assert_string_equal(o.host, "fd00:99:3::2");
}

static void options_may_follow_the_host(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "10.99.3.2", "-4", "--json", NULL), 0);
	assert_int_equal(o.family, AF_INET);
	assert_true(o.json);
}

static void help_and_version_need_no_host(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "--help", NULL), 0);
	assert_true(o.help);
	assert_int_equal(parse(&o, "-V", NULL), 0);
	assert_true(o.version);
}

/* what the tool does comes first, before the forms of the command */
static void help_says_what_it_does_in_its_first_line(void **state)
{
	const char *nl = strchr(opts_usage, '\n');

	(void)state;
	assert_non_null(nl);
	assert_true(nl - opts_usage <= 80);
	assert_true(!strncmp(opts_usage, "mtuprobe finds the exact path MTU",
			     strlen("mtuprobe finds the exact path MTU")));
	assert_non_null(strstr(nl, "\nUsage: mtuprobe "));
}

static void missing_host_is_refused(void **state)
{
	struct opts o;

	(void)state;
	rejects("no HOST", parse(&o, "-4", NULL));
}

static void second_host_is_refused(void **state)
{
	struct opts o;

	(void)state;
	rejects("'b.lab' is one too many", parse(&o, "a.lab", "b.lab", NULL));
}

static void unknown_option_is_named(void **state)
{
	struct opts o;

	(void)state;
	rejects("unknown option '--bogus'", parse(&o, "--bogus", "h", NULL));
	rejects("unknown option '-x'", parse(&o, "-x", "h", NULL));
}

static void a_flag_given_a_value_is_named(void **state)
{
	struct opts o;

	(void)state;
	rejects("--json takes no value", parse(&o, "--json=x", "h", NULL));
	rejects("--remove takes no value", parse(&o, "--remove=1", NULL));
}

static void option_without_its_value_is_named(void **state)
{
	struct opts o;

	(void)state;
	rejects("--min needs a value", parse(&o, "h", "--min", NULL));
}

static void sizes_must_be_plain_numbers(void **state)
{
	struct opts o;

	(void)state;
	rejects("--min 'abc': not a size", parse(&o, "--min", "abc", "h", NULL));
	rejects("--max '15x': not a size", parse(&o, "--max", "15x", "h", NULL));
	rejects("--max '-1': not a size", parse(&o, "--max", "-1", "h", NULL));
	rejects("--max '+1400': not a size", parse(&o, "--max", "+1400", "h", NULL));
	rejects("--min '': not a size", parse(&o, "--min", "", "h", NULL));
	rejects("--min '0': not a size", parse(&o, "--min", "0", "h", NULL));
	rejects("--max 65536: too large", parse(&o, "--max", "65536", "h", NULL));
	rejects("too large", parse(&o, "--max", "99999999999999999999", "h", NULL));
}

static void waits_default_to_20_and_1000_ms(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "h", NULL), 0);
	assert_int_equal(o.min_wait, 20);
	assert_int_equal(o.max_wait, 1000);
}

static void waits_are_read_in_milliseconds(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "--min-wait", "5", "--max-wait", "300", "h", NULL), 0);
	assert_int_equal(o.min_wait, 5);
	assert_int_equal(o.max_wait, 300);
}

static void one_wait_bound_moves_the_other_default_out_of_its_way(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "--max-wait", "10", "h", NULL), 0);
	assert_int_equal(o.min_wait, 10);
	assert_int_equal(parse(&o, "--min-wait", "2000", "h", NULL), 0);
	assert_int_equal(o.max_wait, 2000);
}

static void bad_waits_are_refused(void **state)
{
	struct opts o;

	(void)state;
	rejects("--min-wait 'x': not a time in milliseconds",
		parse(&o, "--min-wait", "x", "h", NULL));
	rejects("--max-wait 60001: too large (at most 60000)",
		parse(&o, "--max-wait", "60001", "h", NULL));
	rejects("--min-wait 500 is above --max-wait 100",
		parse(&o, "--min-wait", "500", "--max-wait", "100", "h", NULL));
}

static void tcp_takes_a_port_in_either_form_or_443(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "--tcp", "8443", "h", NULL), 0);
	assert_true(o.tcp);
	assert_int_equal(o.port, 8443);
	assert_string_equal(o.host, "h");
	assert_int_equal(parse(&o, "--tcp=80", "h", NULL), 0);
	assert_int_equal(o.port, 80);
	assert_int_equal(parse(&o, "--tcp", "h", NULL), 0);
	assert_int_equal(o.port, 443);
	assert_string_equal(o.host, "h");
	assert_int_equal(parse(&o, "h", "--tcp", NULL), 0);
	assert_int_equal(o.port, 443);
}

static void a_bare_number_after_tcp_is_the_host_when_nothing_follows(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "--tcp", "3232235777", NULL), 0);
	assert_int_equal(o.port, 443);
	assert_string_equal(o.host, "3232235777");
}

/* An optional PORT is taken only when a HOST still follows: "--tcp 8080"
 * alone is missing its HOST, and the refusal says how to write both. */
static void a_port_after_tcp_is_no_host(void **state)
{
	struct opts o;

	(void)state;
	rejects("no HOST given: 8080 is the PORT of --tcp; write --tcp 8080 HOST",
		parse(&o, "--tcp", "8080", NULL));
	rejects("write --tcp 8080 HOST", parse(&o, "--tcp", "8080", "--json", NULL));
	rejects("write --tcp 8080 HOST", parse(&o, "-4", "--tcp", "8080", NULL));
	rejects("no HOST given: 22 is the PORT of --rst-check; write --rst-check 22 HOST",
		parse(&o, "--rst-check", "22", NULL));
	rejects("--clamp needs a HOST to probe, or --mss N: 8080 is the PORT of --tcp; write --tcp 8080 HOST",
		parse(&o, "--clamp", "--tcp", "8080", NULL));
	rejects("no HOST given (see --help)", parse(&o, "--tcp=8080", NULL));
	assert_int_equal(parse(&o, "h", "--tcp", "8080", NULL), 0);
	assert_int_equal(o.port, 8080);
	assert_string_equal(o.host, "h");
	assert_int_equal(parse(&o, "-f", "list", "--tcp", "8080", NULL), 0);
	assert_int_equal(o.port, 8080);
}

static void bad_ports_are_refused(void **state)
{
	struct opts o;

	(void)state;
	rejects("--tcp 'x': not a port", parse(&o, "--tcp=x", "h", NULL));
	rejects("--tcp 65536: too large", parse(&o, "--tcp", "65536", "h", NULL));
	rejects("--rst-check '0': not a port", parse(&o, "--rst-check=0", "h", NULL));
}

/* --icmp alone keeps to echo; with --tcp, echo runs beside SYNs. */
static void icmp_alone_keeps_to_echo(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "--icmp", "h", NULL), 0);
	assert_true(o.icmp);
	assert_false(o.tcp);
	assert_int_equal(o.mode, MODE_PROBE);
	assert_int_equal(parse(&o, "--tcp", "--icmp", "h", NULL), 0);
	assert_true(o.icmp);
	assert_true(o.tcp);
}

static void rst_check_goes_alone(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "--rst-check", "22", "h", NULL), 0);
	assert_true(o.rst_check);
	assert_int_equal(o.port, 22);
	rejects("--rst-check goes alone", parse(&o, "--rst-check", "--tcp", "h", NULL));
	rejects("--rst-check goes alone", parse(&o, "--rst-check", "--trace", "h", NULL));
}

static void rst_check_with_a_tcp_port_says_how_to_write_it(void **state)
{
	struct opts o;

	(void)state;
	rejects("--rst-check takes the port itself: use --rst-check 22",
		parse(&o, "--rst-check", "--tcp", "22", NULL));
	rejects("--rst-check takes the port itself: use --rst-check 22",
		parse(&o, "--rst-check", "--tcp", "22", "h", NULL));
	rejects("--rst-check takes the port itself: use --rst-check 8022",
		parse(&o, "--tcp=8022", "--rst-check", "h", NULL));
	rejects("--rst-check goes alone: it sizes nothing (drop --tcp and --trace); use --rst-check 22",
		parse(&o, "--rst-check", "--trace", "--tcp", "22", "h", NULL));
	/* two ports: which one was meant is not guessed */
	rejects("--rst-check goes alone: it sizes nothing (drop --tcp)",
		parse(&o, "--rst-check=80", "--tcp", "22", "h", NULL));
	assert_null(strstr(err, "use --rst-check"));
	rejects("--rst-check goes alone: it sizes nothing (drop --tcp)",
		parse(&o, "--rst-check", "--tcp", "h", NULL));
	assert_null(strstr(err, "use --rst-check"));
}

static void tunnel_takes_a_list_of_known_names(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "--tunnel", "wireguard,gre-key", "h", NULL), 0);
	assert_string_equal(o.tunnels, "wireguard,gre-key");
	rejects("--tunnel 'l2tp': no such tunnel", parse(&o, "--tunnel", "gre,l2tp", "h", NULL));
}

/* as wg(8) and wg-quick(8) are called; the reports name it in full */
static void tunnel_takes_wg_for_wireguard(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "--tunnel", "none,wg", "h", NULL), 0);
	assert_int_equal(o.ntunnels, 2);
	assert_string_equal(o.tunnel[1].name, "wireguard");
	assert_string_equal(o.tunnel[1].label, "WireGuard");
	assert_int_equal(o.tunnel[1].overhead6, 80);
	assert_int_equal(parse(&o, "--apply", "--tunnel", "wg", "h", NULL), 0);
	assert_string_equal(o.tunnel[0].name, "wireguard");
	assert_int_equal(parse(&o, "--path-mtu", "1380", "--tunnel", "wg", NULL),
			 0);
	assert_string_equal(o.tunnel[0].name, "wireguard");
	rejects("--tunnel 'wg0': no such tunnel",
		parse(&o, "--tunnel", "wg0", "h", NULL));
}

static void tunnel_list_needs_nothing_else(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "--tunnel", "list", NULL), 0);
	assert_true(o.tunnel_list);
}

static void path_mtu_advises_without_a_host(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "--path-mtu", "1380", "--wg", NULL), 0);
	assert_int_equal(o.path_mtu, 1380);
	assert_true(o.wg);
	rejects("'h' is one HOST too many", parse(&o, "--path-mtu", "1380", "h", NULL));
	rejects("goes without --tcp", parse(&o, "--path-mtu", "1380", "--tcp", NULL));
	rejects("--path-mtu 60 is below the IPv4 minimum MTU 68",
		parse(&o, "--path-mtu", "60", NULL));
	rejects("--path-mtu 1000 is below the IPv6 minimum MTU 1280",
		parse(&o, "-6", "--path-mtu", "1000", NULL));
}

static void wg_prints_one_line_so_goes_alone(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "--wg", "h", NULL), 0);
	rejects("--wg prints one line", parse(&o, "--wg", "--json", "h", NULL));
	rejects("--wg prints one line", parse(&o, "--wg", "--trace", "h", NULL));
	rejects("--wg prints one line", parse(&o, "--wg", "--json", "--path-mtu", "1400", NULL));
}

static void wg_config_takes_a_file_instead_of_a_host(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "--wg-config", "/etc/wireguard/wg0.conf", NULL), 0);
	assert_string_equal(o.wg_config, "/etc/wireguard/wg0.conf");
	assert_null(o.host);
	assert_false(o.write);
	/* waits default as for a host */
	assert_int_equal(o.min_wait, 20);
	assert_int_equal(o.max_wait, 1000);
	assert_int_equal(parse(&o, "--write", "--tcp", "--json", "--max", "1500",
			       "--wg-config=wg0.conf", NULL), 0);
	assert_true(o.write);
	assert_true(o.tcp);
	assert_int_equal(o.port, 443);
	assert_true(o.json);
	assert_int_equal(o.max, 1500);
	rejects("--wg-config needs a value", parse(&o, "--wg-config", NULL));
	rejects("--wg-config needs a file name", parse(&o, "--wg-config", "", NULL));
}

static void wg_config_probes_the_file_s_endpoints_only(void **state)
{
	struct opts o;

	(void)state;
	rejects("'h' is one HOST too many",
		parse(&o, "--wg-config", "wg0.conf", "h", NULL));
	rejects("it goes without -4 and -6",
		parse(&o, "-4", "--wg-config", "wg0.conf", NULL));
	rejects("it goes without -4 and -6",
		parse(&o, "--wg-config", "wg0.conf", "-6", NULL));
	rejects("--wg-config goes without --trace",
		parse(&o, "--wg-config", "wg0.conf", "--trace", NULL));
	rejects("--wg-config goes without --trace, --rst-check",
		parse(&o, "--wg-config", "wg0.conf", "--rst-check", NULL));
	rejects("--wg-config goes without --trace, --rst-check, --wg",
		parse(&o, "--wg-config", "wg0.conf", "--wg", NULL));
	rejects("--wg-config goes without --trace, --rst-check, --wg and --tunnel",
		parse(&o, "--wg-config", "wg0.conf", "--tunnel", "gre", NULL));
	rejects("--path-mtu probes nothing",
		parse(&o, "--wg-config", "wg0.conf", "--path-mtu", "1400", NULL));
	assert_int_equal(parse(&o, "--wg-config", "wg0.conf", "--icmp", NULL),
			 0);
}

static void write_goes_with_wg_config(void **state)
{
	struct opts o;

	(void)state;
	rejects("--write goes with --wg-config FILE", parse(&o, "--write", "h", NULL));
	rejects("--write goes with --wg-config FILE", parse(&o, "--write", NULL));
	rejects("--path-mtu probes nothing",
		parse(&o, "--write", "--path-mtu", "1400", NULL));
}

static void min_above_max_is_refused(void **state)
{
	struct opts o;

	(void)state;
	rejects("--min 1400 is above --max 1300",
		parse(&o, "--min", "1400", "--max", "1300", "h", NULL));
}

static void both_families_at_once_are_refused(void **state)
{
	struct opts o;

	(void)state;
	rejects("exclude each other", parse(&o, "-4", "-6", "h", NULL));
}

static void literal_of_the_other_family_is_refused(void **state)
{
	struct opts o;

	(void)state;
	rejects("-4 given, but fd00:99:3::2 is an IPv6 address",
		parse(&o, "-4", "fd00:99:3::2", NULL));
	rejects("-6 given, but 10.99.3.2 is an IPv4 address",
		parse(&o, "-6", "10.99.3.2", NULL));
}

static void bounds_default_to_the_minimum_and_the_interface(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "h", NULL), 0);
	assert_int_equal(opts_bounds(&o, AF_INET, 1500, "eth0", err, sizeof(err)), 0);
	assert_int_equal(o.min, 68);
	assert_int_equal(o.max, 1500);
	assert_int_equal(parse(&o, "h", NULL), 0);
	assert_int_equal(opts_bounds(&o, AF_INET6, 9000, "eth0", err, sizeof(err)), 0);
	assert_int_equal(o.min, 1280);
	assert_int_equal(o.max, 9000);
}

/* An interface whose MTU no IP packet can fill (a loopback set to
 * 70000) bounds the search at the largest packet the family has. */
static void bounds_stop_at_the_largest_packet(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "h", NULL), 0);
	assert_int_equal(opts_bounds(&o, AF_INET, 70000, "lo", err, sizeof(err)), 0);
	assert_int_equal(o.max, 65535);
	assert_int_equal(parse(&o, "h", NULL), 0);
	assert_int_equal(opts_bounds(&o, AF_INET6, 70000, "lo", err, sizeof(err)), 0);
	assert_int_equal(o.max, 65575);
}

static void max_may_exceed_the_interface(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "--max", "9000", "h", NULL), 0);
	assert_int_equal(opts_bounds(&o, AF_INET, 1500, "eth0", err, sizeof(err)), 0);
	assert_int_equal(o.max, 9000);
}

static void bounds_below_the_protocol_minimum_are_refused(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "--min", "20", "h", NULL), 0);
	rejects("--min 20 is below the IPv4 minimum MTU 68",
		opts_bounds(&o, AF_INET, 1500, "eth0", err, sizeof(err)));
	assert_int_equal(parse(&o, "--max", "1000", "h", NULL), 0);
	rejects("--max 1000 is below the IPv6 minimum MTU 1280",
		opts_bounds(&o, AF_INET6, 1500, "eth0", err, sizeof(err)));
}

static void min_above_the_interface_mtu_is_refused(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "--min", "1600", "h", NULL), 0);
	rejects("--min 1600 is above the MTU 1500 of eth0",
		opts_bounds(&o, AF_INET, 1500, "eth0", err, sizeof(err)));
}

static void a_refusal_quoting_control_bytes_stays_one_line(void **state)
{
	struct opts o;

	(void)state;
	rejects("one HOST at a time: 'x?y' is one too many",
		parse(&o, "h", "x\ny", NULL));
	rejects("--min 'a?b': not a size", parse(&o, "--min", "a\tb", "h", NULL));
}

static void a_hosts_file_replaces_the_host(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "-f", "fleet.txt", "--tcp", "--prom",
			       "/var/lib/node/mtu.prom", NULL), 0);
	assert_string_equal(o.hosts_file, "fleet.txt");
	assert_string_equal(o.prom, "/var/lib/node/mtu.prom");
	assert_int_equal(o.parallel, OPTS_PARALLEL);
	assert_null(o.host);
	assert_int_equal(parse(&o, "--file=-", "--parallel", "64", NULL), 0);
	assert_string_equal(o.hosts_file, "-");
	assert_int_equal(o.parallel, 64);
}

static void a_hosts_file_goes_without_single_host_reports(void **state)
{
	struct opts o;

	(void)state;
	rejects("one HOST too many", parse(&o, "-f", "x", "server.lab", NULL));
	rejects("-f prints JSON lines: it goes without --json",
		parse(&o, "-f", "x", "--json", NULL));
	rejects("goes without", parse(&o, "-f", "x", "--trace", NULL));
	rejects("goes without", parse(&o, "-f", "x", "--apply", "--mss", "1300", NULL));
	rejects("--parallel and --prom go with -f FILE",
		parse(&o, "--prom", "p", "server.lab", NULL));
	rejects("--parallel and --prom go with -f FILE",
		parse(&o, "--parallel", "4", "server.lab", NULL));
	rejects("too large (at most 64)", parse(&o, "-f", "x", "--parallel", "65", NULL));
	rejects("not a number of hosts", parse(&o, "-f", "x", "--parallel", "0", NULL));
	rejects("-f needs a file name", parse(&o, "-f", "", NULL));
}

static void clamp_probes_a_host_with_selectors(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "--clamp", "-i", "wg0", "--src",
			       "10.1.0.0/16", "--dst", "fd00::/64", "--ipsec",
			       "--hook", "postrouting", "server.lab", NULL), 0);
	assert_int_equal(o.clamp, CLAMP_PRINT);
	assert_string_equal(o.host, "server.lab");
	assert_int_equal(o.nsel, 4);
	assert_int_equal(o.sel[0].match, CLAMP_IIF);
	assert_int_equal(o.sel[1].match, CLAMP_SADDR);
	assert_int_equal(o.sel[2].match, CLAMP_DADDR);
	assert_int_equal(o.sel[3].match, CLAMP_IPSEC_IN);
	assert_int_equal(o.hook, CLAMP_HOOK_POSTROUTING);
	assert_int_equal(o.mss, 0);
}

static void apply_takes_a_tunnel_and_probe_options(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "--apply", "--interface=wg0", "-4", "--tcp",
			       "--tunnel", "wireguard", "vpn.lab", NULL), 0);
	assert_int_equal(o.clamp, CLAMP_APPLY);
	assert_true(o.tcp);
	assert_string_equal(o.tunnels, "wireguard");
	assert_int_equal(o.hook, CLAMP_HOOK_FORWARD);
}

static void mss_clamps_without_probing(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "--apply", "--mss", "1340", "-i", "wg0",
			       NULL), 0);
	assert_int_equal(o.mss, 1340);
	assert_null(o.host);
	rejects("one HOST too many", parse(&o, "--clamp", "--mss", "1340",
					   "server.lab", NULL));
	rejects("goes without -4, -6, --tcp", parse(&o, "--clamp", "--mss",
						    "1340", "--tcp", NULL));
	rejects("--mss 535: the MSS must be 536 to 65495",
		parse(&o, "--clamp", "--mss", "535", NULL));
	rejects("too large", parse(&o, "--clamp", "--mss", "65496", NULL));
	rejects("not an MSS in bytes", parse(&o, "--clamp", "--mss", "x", NULL));
}

static void clamp_needs_a_host_or_an_mss(void **state)
{
	struct opts o;

	(void)state;
	rejects("--clamp needs a HOST to probe, or --mss N",
		parse(&o, "--clamp", NULL));
	rejects("--apply needs a HOST", parse(&o, "--apply", "-i", "wg0", NULL));
}

static void remove_takes_a_table_alone(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "--remove", NULL), 0);
	assert_int_equal(o.clamp, CLAMP_REMOVE);
	assert_string_equal(o.table, "mtuprobe");
	assert_int_equal(parse(&o, "--remove", "--table", "mtuprobe-wg0", NULL), 0);
	assert_string_equal(o.table, "mtuprobe-wg0");
	rejects("--remove deletes the clamp's table: it takes --table alone (drop -i)",
		parse(&o, "--remove", "-i", "wg0", NULL));
	rejects("it takes --table alone (drop --mss)",
		parse(&o, "--remove", "--mss", "1300", NULL));
	rejects("one HOST too many", parse(&o, "--remove", "server.lab", NULL));
}

static void the_table_is_mtuprobe_unless_named(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "--clamp", "--mss", "1340", NULL), 0);
	assert_string_equal(o.table, "mtuprobe");
	assert_int_equal(parse(&o, "--apply", "--table", "mtuprobe-wg1", "-i",
			       "wg1", "server.lab", NULL), 0);
	assert_string_equal(o.table, "mtuprobe-wg1");
	assert_int_equal(parse(&o, "--clamp", "--mss", "1340", "--table=_a.b/c-1",
			       NULL), 0);
	assert_string_equal(o.table, "_a.b/c-1");
}

static void a_table_name_is_one_nft_reads(void **state)
{
	struct opts o;

	(void)state;
	rejects("--table '1wg': a table's name begins with a letter, '_' or '.'",
		parse(&o, "--remove", "--table", "1wg", NULL));
	rejects("--table 'wg 0': ' ' cannot stand in a table's name",
		parse(&o, "--clamp", "--mss", "1340", "--table", "wg 0", NULL));
	rejects("--table 'wg@0': '@' cannot stand",
		parse(&o, "--apply", "--table", "wg@0", "h", NULL));
	rejects("--table '': a table's name has 1 to 63 characters",
		parse(&o, "--remove", "--table", "", NULL));
	rejects("a table's name has 1 to 63 characters",
		parse(&o, "--remove", "--table",
		      "t123456789012345678901234567890123456789012345678901234567890123",
		      NULL));
	rejects("--table needs a value", parse(&o, "--remove", "--table", NULL));
	rejects("goes without --table", parse(&o, "--table", "t", "h", NULL));
	rejects("goes without --table",
		parse(&o, "--path-mtu", "1400", "--table", "t", NULL));
}

static void clamp_actions_exclude_each_other(void **state)
{
	struct opts o;

	(void)state;
	rejects("--clamp, --apply and --remove exclude each other",
		parse(&o, "--clamp", "--apply", "h", NULL));
	rejects("exclude each other", parse(&o, "--remove", "--apply", NULL));
}

static void selectors_need_a_clamp(void **state)
{
	struct opts o;

	(void)state;
	rejects("go with --clamp or --apply", parse(&o, "-i", "wg0", "h", NULL));
	rejects("go with --clamp or --apply", parse(&o, "--hook", "output", "h", NULL));
	rejects("go with --clamp or --apply", parse(&o, "--mss", "1300", NULL));
}

static void clamp_refuses_other_reports(void **state)
{
	struct opts o;

	(void)state;
	rejects("--clamp goes without --trace", parse(&o, "--clamp", "--json", "h", NULL));
	rejects("--apply goes without --trace", parse(&o, "--apply", "--trace", "h", NULL));
	rejects("goes without", parse(&o, "--clamp", "--wg", "h", NULL));
	rejects("one tunnel", parse(&o, "--clamp", "--tunnel", "wireguard,gre", "h", NULL));
}

static void bad_selectors_are_named(void **state)
{
	struct opts o;

	(void)state;
	rejects("-i 'a/b'", parse(&o, "--clamp", "-i", "a/b", "h", NULL));
	rejects("--src '10.0.0.1/8': host bits are set",
		parse(&o, "--clamp", "--src", "10.0.0.1/8", "h", NULL));
	rejects("--dst 'nowhere'", parse(&o, "--clamp", "--dst", "nowhere", "h", NULL));
	rejects("--hook 'input'", parse(&o, "--clamp", "--hook", "input", "h", NULL));
	rejects("-i needs a value", parse(&o, "--clamp", "-i", NULL));
}

static void at_most_eight_selectors(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "--clamp", "-i", "a", "-i", "b", "-i", "c",
			       "-i", "d", "-i", "e", "-i", "f", "-i", "g",
			       "--ipsec", "--ipsec", "h", NULL), 0);
	assert_int_equal(o.nsel, 8);
	rejects("at most 8", parse(&o, "--clamp", "-i", "a", "-i", "b", "-i",
				   "c", "-i", "d", "-i", "e", "-i", "f", "-i",
				   "g", "-i", "x", "-i", "y", NULL));
}

/* Whether msg names option name as a word: "--wg" is not in "--wg-config". */
static bool names(const char *msg, const char *name)
{
	size_t n = strlen(name);
	const char *p;
	char next;

	for (p = msg; (p = strstr(p, name)); p++) {
		next = p[n];
		if (p != msg && p[-1] != ' ' && p[-1] != '(')
			continue;
		if ((next >= 'a' && next <= 'z') || (next >= '0' && next <= '9') ||
		    next == '-' || (!strcmp(name, "--tunnel") &&
				    !strncmp(p + n, " list", 5)))
			continue;
		return true;
	}
	return false;
}

/* Each option as a command line may give it. */
static const char *const sample[O_COUNT][2] = {
	[O_IPV4] = { "-4" }, [O_IPV6] = { "-6" }, [O_TCP] = { "--tcp" },
	[O_ICMP] = { "--icmp" }, [O_TRACE] = { "--trace" },
	[O_RST_CHECK] = { "--rst-check" }, [O_MIN] = { "--min", "1300" },
	[O_MAX] = { "--max", "1400" }, [O_MIN_WAIT] = { "--min-wait", "5" },
	[O_MAX_WAIT] = { "--max-wait", "300" }, [O_JSON] = { "--json" },
	[O_WG] = { "--wg" }, [O_TUNNEL] = { "--tunnel", "gre" },
	[O_TUNNEL_LIST] = { "--tunnel", "list" },
	[O_WG_CONFIG] = { "--wg-config", "wg0.conf" },
	[O_WRITE] = { "--write" }, [O_PATH_MTU] = { "--path-mtu", "1400" },
	[O_FILE] = { "-f", "fleet.txt" }, [O_PARALLEL] = { "--parallel", "4" },
	[O_PROM] = { "--prom", "mtu.prom" }, [O_CLAMP] = { "--clamp" },
	[O_APPLY] = { "--apply" }, [O_REMOVE] = { "--remove" },
	[O_IFACE] = { "-i", "wg0" }, [O_SRC] = { "--src", "10.1.0.0/16" },
	[O_DST] = { "--dst", "fd00::/64" }, [O_IPSEC] = { "--ipsec" },
	[O_HOOK] = { "--hook", "output" }, [O_MSS] = { "--mss", "1300" },
	[O_TABLE] = { "--table", "mtuprobe-wg0" },
	[O_FWMARK] = { "--fwmark", "51820" }, [O_EGRESS] = { "-I", "eth0" },
	[O_QUIET] = { "-q" }, [O_HELP] = { "--help" },
	[O_VERSION] = { "--version" },
};

struct words {
	char *v[32];
	int n;
	uint64_t set;
	char line[256];
};

static void add_word(struct words *w, const char *s)
{
	size_t at = strlen(w->line);

	w->v[w->n++] = (char *)s;
	snprintf(w->line + at, sizeof(w->line) - at, " %s", s);
}

static void add_option(struct words *w, int id)
{
	add_word(w, sample[id][0]);
	if (sample[id][1])
		add_word(w, sample[id][1]);
	w->set |= OPT_BIT(id);
}

/* The options that pick form f: the first that selects it, and those it
 * needs with it. */
static uint64_t picking(const struct form *f)
{
	uint64_t m = f->with;

	for (int id = 0; id < O_COUNT; id++)
		if (f->when & OPT_BIT(id))
			return m | OPT_BIT(id);
	return m;
}

static void add_form(struct words *w, const struct form *f)
{
	for (int id = 0; id < O_COUNT; id++)
		if (picking(f) & OPT_BIT(id))
			add_option(w, id);
}

static int parse_words(struct words *w, struct opts *o)
{
	w->v[w->n] = NULL;
	err[0] = '\0';
	return opts_parse(w->n, w->v, o, err, sizeof(err));
}

static void every_option_has_a_name_and_a_sample(void **state)
{
	(void)state;
	for (int id = 0; id < O_COUNT; id++) {
		assert_non_null(opts_optdef[id].name);
		assert_non_null(sample[id][0]);
	}
}

static void every_form_takes_its_own_options(void **state)
{
	struct words w;
	struct opts o;

	(void)state;
	for (const struct form *f = opts_forms; f < opts_forms + opts_nforms; f++) {
		memset(&w, 0, sizeof(w));
		w.v[w.n++] = (char *)"mtuprobe";
		add_form(&w, f);
		if (f->host == HOST_ONE)
			add_word(&w, "h");
		assert_true(opts_form_of(w.set) == f);
		if (parse_words(&w, &o))
			fail_msg("mtuprobe%s: %s", w.line, err);
		assert_int_equal(o.mode, f->mode);
	}
}

/* The walk of the table: each form refuses each option it does not take,
 * and the refusal names that option. */
static void every_form_refuses_each_option_it_does_not_take(void **state)
{
	struct words w;
	struct opts o;

	(void)state;
	for (const struct form *f = opts_forms; f < opts_forms + opts_nforms; f++) {
		for (int id = 0; id < O_COUNT; id++) {
			if (f->takes & OPT_BIT(id))
				continue;
			memset(&w, 0, sizeof(w));
			w.v[w.n++] = (char *)"mtuprobe";
			add_form(&w, f);
			add_option(&w, id);
			/* an option that picks another form is another command */
			if (opts_form_of(w.set) != f)
				continue;
			if (f->host == HOST_ONE)
				add_word(&w, "h");
			if (parse_words(&w, &o) != -EINVAL ||
			    !names(err, opts_optdef[id].name) || strchr(err, '\n'))
				fail_msg("mtuprobe%s: '%s' does not name %s",
					 w.line, err, opts_optdef[id].name);
		}
	}
}

/* Two commands on one line: refused, naming an option of either. */
static void two_commands_at_once_are_refused(void **state)
{
	const struct form *f, *g;
	struct words w;
	struct opts o;
	bool named;

	(void)state;
	for (f = opts_forms; f < opts_forms + opts_nforms; f++) {
		for (g = opts_forms; g < opts_forms + opts_nforms; g++) {
			if (f == g || !f->when || !g->when ||
			    f->takes == OPT_ALL || g->takes == OPT_ALL)
				continue;
			memset(&w, 0, sizeof(w));
			w.v[w.n++] = (char *)"mtuprobe";
			add_form(&w, f);
			add_form(&w, g);
			if (f->host == HOST_ONE || g->host == HOST_ONE)
				add_word(&w, "h");
			if (parse_words(&w, &o) != -EINVAL)
				fail_msg("mtuprobe%s: accepted", w.line);
			named = false;
			for (int id = 0; id < O_COUNT; id++)
				if ((picking(f) | picking(g)) & OPT_BIT(id) &&
				    names(err, opts_optdef[id].name))
					named = true;
			if (!named)
				fail_msg("mtuprobe%s: '%s' names neither", w.line,
					 err);
		}
	}
}

static void each_command_has_its_mode(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "h", NULL), 0);
	assert_int_equal(o.mode, MODE_PROBE);
	assert_int_equal(parse(&o, "--rst-check", "h", NULL), 0);
	assert_int_equal(o.mode, MODE_RST_CHECK);
	assert_int_equal(parse(&o, "--path-mtu", "1400", NULL), 0);
	assert_int_equal(o.mode, MODE_PATH_MTU);
	assert_int_equal(parse(&o, "--wg-config", "wg0.conf", NULL), 0);
	assert_int_equal(o.mode, MODE_WG_CONFIG);
	assert_int_equal(parse(&o, "-f", "fleet.txt", NULL), 0);
	assert_int_equal(o.mode, MODE_HOSTS);
	assert_int_equal(parse(&o, "--tunnel", "list", NULL), 0);
	assert_int_equal(o.mode, MODE_TUNNEL_LIST);
	assert_int_equal(parse(&o, "--help", NULL), 0);
	assert_int_equal(o.mode, MODE_HELP);
	assert_int_equal(parse(&o, "-V", NULL), 0);
	assert_int_equal(o.mode, MODE_VERSION);
}

static void the_clamp_mode_keeps_its_action(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "--clamp", "h", NULL), 0);
	assert_int_equal(o.mode, MODE_CLAMP);
	assert_int_equal(o.clamp, CLAMP_PRINT);
	assert_int_equal(parse(&o, "--apply", "--mss", "1300", NULL), 0);
	assert_int_equal(o.mode, MODE_CLAMP);
	assert_int_equal(o.clamp, CLAMP_APPLY);
	assert_int_equal(parse(&o, "--remove", NULL), 0);
	assert_int_equal(o.mode, MODE_CLAMP);
	assert_int_equal(o.clamp, CLAMP_REMOVE);
}

static void tunnels_are_parsed_once_into_the_command(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "--tunnel", "wireguard,gre-key", "h", NULL), 0);
	assert_int_equal(o.ntunnels, 2);
	assert_string_equal(o.tunnel[0].name, "wireguard");
	assert_string_equal(o.tunnel[1].name, "gre-key");
	assert_int_equal(parse(&o, "--tunnel", "gre", "--tunnel", "ipsec", "h",
			       NULL), 0);
	assert_string_equal(o.tunnels, "ipsec");
	assert_int_equal(o.ntunnels, 1);
	assert_string_equal(o.tunnel[0].name, "ipsec");
}

static void without_tunnel_the_defaults_are_in_the_command(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "h", NULL), 0);
	assert_null(o.tunnels);
	assert_int_equal(o.ntunnels, 3);
	assert_string_equal(o.tunnel[0].name, "none");
	assert_string_equal(o.tunnel[1].name, "wireguard");
	assert_string_equal(o.tunnel[2].name, "ipsec");
}

static void tunnel_list_reads_the_whole_line(void **state)
{
	struct opts o;

	(void)state;
	rejects("unknown option '--bogus'",
		parse(&o, "--tunnel", "list", "--bogus", "--apply", "--write", NULL));
	rejects("--min 'x': not a size",
		parse(&o, "--tunnel", "list", "--min", "x", NULL));
}

static void tunnel_list_goes_alone(void **state)
{
	struct opts o;

	(void)state;
	rejects("--tunnel list goes alone (drop --apply)",
		parse(&o, "--tunnel", "list", "--apply", NULL));
	rejects("--tunnel list goes alone (drop --json and --tunnel)",
		parse(&o, "--tunnel", "gre", "--json", "--tunnel", "list", NULL));
	rejects("'h' is one HOST too many",
		parse(&o, "--tunnel", "list", "h", NULL));
	assert_int_equal(parse(&o, "-q", "--tunnel", "list", NULL), 0);
	assert_true(o.tunnel_list);
	assert_null(o.host);
}

/* -I reads as ping -I: an address is the source, anything else the name
 * of the interface to leave by. */
static void egress_is_an_address_or_an_interface(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "-I", "10.99.1.1", "h", NULL), 0);
	assert_int_equal(o.egress_src.family, AF_INET);
	assert_string_equal(o.egress_if, "");
	assert_int_equal(parse(&o, "-I", "fd00:99:1::1", "h", NULL), 0);
	assert_int_equal(o.egress_src.family, AF_INET6);
	assert_int_equal(parse(&o, "-I", "c-r1", "h", NULL), 0);
	assert_string_equal(o.egress_if, "c-r1");
	assert_int_equal(o.egress_src.family, 0);
	rejects("-I 'a/b': not an interface name or an address",
		parse(&o, "-I", "a/b", "h", NULL));
	rejects("-I 'abcdefghijklmnop': not an interface name or an address",
		parse(&o, "-I", "abcdefghijklmnop", "h", NULL));
	assert_int_equal(parse(&o, "--fwmark", "51820", "-I", "eth0", "-f",
			       "list", NULL), 0);
	assert_true(o.fwmark_set);
	assert_int_equal(o.fwmark, 51820);
	rejects("--fwmark '0': not a firewall mark",
		parse(&o, "--fwmark", "0", "h", NULL));
}

static void help_wins_and_what_follows_is_not_read(void **state)
{
	struct opts o;

	(void)state;
	assert_int_equal(parse(&o, "--apply", "--tunnel", "list", "--help",
			       "--bogus", NULL), 0);
	assert_true(o.help);
	assert_int_equal(o.mode, MODE_HELP);
	rejects("unknown option '--bogus'", parse(&o, "--bogus", "--help", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(host_alone_is_enough),
		cmocka_unit_test(every_option_is_read),
		cmocka_unit_test(options_may_follow_the_host),
		cmocka_unit_test(help_and_version_need_no_host),
		cmocka_unit_test(help_says_what_it_does_in_its_first_line),
		cmocka_unit_test(missing_host_is_refused),
		cmocka_unit_test(second_host_is_refused),
		cmocka_unit_test(unknown_option_is_named),
		cmocka_unit_test(a_flag_given_a_value_is_named),
		cmocka_unit_test(option_without_its_value_is_named),
		cmocka_unit_test(sizes_must_be_plain_numbers),
		cmocka_unit_test(waits_default_to_20_and_1000_ms),
		cmocka_unit_test(waits_are_read_in_milliseconds),
		cmocka_unit_test(one_wait_bound_moves_the_other_default_out_of_its_way),
		cmocka_unit_test(bad_waits_are_refused),
		cmocka_unit_test(tcp_takes_a_port_in_either_form_or_443),
		cmocka_unit_test(a_bare_number_after_tcp_is_the_host_when_nothing_follows),
		cmocka_unit_test(a_port_after_tcp_is_no_host),
		cmocka_unit_test(bad_ports_are_refused),
		cmocka_unit_test(icmp_alone_keeps_to_echo),
		cmocka_unit_test(rst_check_goes_alone),
		cmocka_unit_test(rst_check_with_a_tcp_port_says_how_to_write_it),
		cmocka_unit_test(tunnel_takes_a_list_of_known_names),
		cmocka_unit_test(tunnel_takes_wg_for_wireguard),
		cmocka_unit_test(tunnel_list_needs_nothing_else),
		cmocka_unit_test(path_mtu_advises_without_a_host),
		cmocka_unit_test(wg_prints_one_line_so_goes_alone),
		cmocka_unit_test(wg_config_takes_a_file_instead_of_a_host),
		cmocka_unit_test(wg_config_probes_the_file_s_endpoints_only),
		cmocka_unit_test(write_goes_with_wg_config),
		cmocka_unit_test(min_above_max_is_refused),
		cmocka_unit_test(both_families_at_once_are_refused),
		cmocka_unit_test(literal_of_the_other_family_is_refused),
		cmocka_unit_test(bounds_default_to_the_minimum_and_the_interface),
		cmocka_unit_test(max_may_exceed_the_interface),
		cmocka_unit_test(bounds_below_the_protocol_minimum_are_refused),
		cmocka_unit_test(min_above_the_interface_mtu_is_refused),
		cmocka_unit_test(a_refusal_quoting_control_bytes_stays_one_line),
		cmocka_unit_test(a_hosts_file_replaces_the_host),
		cmocka_unit_test(a_hosts_file_goes_without_single_host_reports),
		cmocka_unit_test(clamp_probes_a_host_with_selectors),
		cmocka_unit_test(apply_takes_a_tunnel_and_probe_options),
		cmocka_unit_test(mss_clamps_without_probing),
		cmocka_unit_test(clamp_needs_a_host_or_an_mss),
		cmocka_unit_test(remove_takes_a_table_alone),
		cmocka_unit_test(the_table_is_mtuprobe_unless_named),
		cmocka_unit_test(a_table_name_is_one_nft_reads),
		cmocka_unit_test(clamp_actions_exclude_each_other),
		cmocka_unit_test(selectors_need_a_clamp),
		cmocka_unit_test(clamp_refuses_other_reports),
		cmocka_unit_test(bad_selectors_are_named),
		cmocka_unit_test(at_most_eight_selectors),
		cmocka_unit_test(every_option_has_a_name_and_a_sample),
		cmocka_unit_test(every_form_takes_its_own_options),
		cmocka_unit_test(every_form_refuses_each_option_it_does_not_take),
		cmocka_unit_test(two_commands_at_once_are_refused),
		cmocka_unit_test(each_command_has_its_mode),
		cmocka_unit_test(the_clamp_mode_keeps_its_action),
		cmocka_unit_test(tunnels_are_parsed_once_into_the_command),
		cmocka_unit_test(without_tunnel_the_defaults_are_in_the_command),
		cmocka_unit_test(tunnel_list_reads_the_whole_line),
		cmocka_unit_test(tunnel_list_goes_alone),
		cmocka_unit_test(egress_is_an_address_or_an_interface),
		cmocka_unit_test(bounds_stop_at_the_largest_packet),
		cmocka_unit_test(help_wins_and_what_follows_is_not_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
