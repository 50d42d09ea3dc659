// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "advice.h"

enum {
	IP4_HDR = 20,
	IP6_HDR = 40,
	IPV6_MIN_MTU = 1280,
	TCP_HDR = 20,
};

/* Tunnels with a fixed overhead: over an IPv4 endpoint, over IPv6 (0
 * where the tunnel does not run over that family). reference.md. */
static const struct fixed {
	const char *name;
	const char *label;
	unsigned int over4, over6;
	const char *note;
} fixed[] = {
	/* 20 IP + 8 UDP + 16 header + 16 Poly1305 tag; 40 IPv6 */
	{ "wireguard", "WireGuard", 60, 80, "also: wg" },
	{ "ipip", "IPIP", 20, 0, "IPv4 in IPv4" },
	{ "sit", "6in4 (SIT)", 20, 0, "IPv6 in IPv4" },
	{ "ip6tnl", "ip6tnl", 0, 48, "with the encapsulation limit option, on by default" },
	{ "ip6tnl-noencap", "ip6tnl, no encapsulation limit", 0, 40, NULL },
	{ "vxlan", "VXLAN", 50, 70, "inner Ethernet header included" },
	{ "geneve", "GENEVE", 50, 70, "without options; each option adds its length" },
	{ "pppoe", "PPPoE", 8, 8, NULL },
	/* 20 IP + 8 UDP + 4 opcode and peer-id (DATA_V2) + 4 packet id + 16
	 * GCM tag; 40 IPv6.  Compression framing (comp-lzo, compress with
	 * lzo, lz4 or stub) puts one byte before every packet. */
	{ "openvpn", "OpenVPN UDP, AES-256-GCM", 52, 72, "also ChaCha20-Poly1305" },
	{ "openvpn-comp", "OpenVPN UDP, AES-256-GCM, compression framing", 53, 73,
	  "comp-lzo, or compress lzo, lz4 or stub" },
};

/* ESP suites: IV, cipher block, ICV (RFC 4106, 7634, 3602, 2404, 4868). */
static const struct suite {
	const char *name;
	const char *label;
	unsigned int iv, block, icv;
} suites[] = {
	{ "gcm", "AES-GCM-16", 8, 1, 16 },
	{ "chacha", "ChaCha20-Poly1305", 8, 1, 16 },
	{ "cbc-sha1", "AES-CBC, HMAC-SHA1-96", 16, 16, 12 },
	{ "cbc-sha256", "AES-CBC, HMAC-SHA256-128", 16, 16, 16 },
	{ "cbc-sha384", "AES-CBC, HMAC-SHA384-192", 16, 16, 24 },
	{ "cbc-sha512", "AES-CBC, HMAC-SHA512-256", 16, 16, 32 },
};

/* Other names of a tunnel: what its tools are called. */
static const struct alias {
	const char *alias;
	const char *name;
} aliases[] = {
	{ "wg", "wireguard" },	/* wg(8), wg-quick(8) */
};

#define N(a) (sizeof(a) / sizeof(*(a)))

static bool take(const char **s, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(*s, word, n))
		return false;
	*s += n;
	return true;
}

/* "esp-SUITE-tunnel|transport[-natt]" */
static int lookup_esp(const char *name, struct tunnel *t)
{
	const char *s = name;

	if (!take(&s, "esp-"))
		return -EINVAL;
	for (size_t i = 0; i < N(suites); i++) {
		const char *r = s;

		if (!take(&r, suites[i].name) || !take(&r, "-"))
			continue;
		if (take(&r, "transport"))
			t->transport = true;
		else if (!take(&r, "tunnel"))
			return -EINVAL;
		if (take(&r, "-natt"))
			t->natt = true;
		if (*r)
			return -EINVAL;
		t->kind = TUNNEL_ESP;
		t->iv = suites[i].iv;
		t->block = suites[i].block;
		t->icv = suites[i].icv;
		snprintf(t->label, sizeof(t->label), "IPsec ESP %s, %s mode%s",
			 suites[i].label, t->transport ? "transport" : "tunnel",
			 t->natt ? ", NAT-T" : "");
		return 0;
	}
	return -EINVAL;
}

/* "gre" with "-csum", "-key", "-seq" in any order, each once: 4 bytes
 * each on the GRE header (include/net/gre.h). */
static int lookup_gre(const char *name, struct tunnel *t)
{
	static const char *const opts[] = { "-csum", "-key", "-seq" };
	static const char *const words[] = { "checksum", "key", "sequence" };
	const char *s = name;
	bool seen[3] = { false };
	unsigned int n = 0;

	if (!take(&s, "gre"))
		return -EINVAL;
	while (*s) {
		size_t i;

		for (i = 0; i < N(opts); i++)
			if (!seen[i] && take(&s, opts[i]))
				break;
		if (i == N(opts))
			return -EINVAL;
		seen[i] = true;
		n++;
	}
	t->kind = TUNNEL_FIXED;
	t->overhead4 = IP4_HDR + 4 + 4 * n;
	t->overhead6 = IP6_HDR + 4 + 4 * n;
	strcpy(t->label, "GRE");
	for (size_t i = 0, k = 0; i < N(opts); i++) {
		if (!seen[i])
			continue;
		strcat(t->label, k++ ? ", " : " with ");
		strcat(t->label, words[i]);
	}
	return 0;
}

int tunnel_lookup(const char *name, struct tunnel *t)
{
	for (size_t i = 0; i < N(aliases); i++)
		if (!strcmp(name, aliases[i].alias))
			name = aliases[i].name;
	memset(t, 0, sizeof(*t));
	if (strlen(name) >= sizeof(t->name))
		return -EINVAL;
	strcpy(t->name, name);
	if (!strcmp(name, "none")) {
		t->kind = TUNNEL_NONE;
		strcpy(t->label, "none: TCP on the path itself");
		return 0;
	}
	if (!strcmp(name, "ipsec")) {
		/* the common road-warrior setup */
		lookup_esp("esp-gcm-tunnel-natt", t);
		return 0;
	}
	if (!strcmp(name, "tailscale")) {
		t->kind = TUNNEL_INNER;
		t->inner = IPV6_MIN_MTU;	/* tstun/mtu.go */
		strcpy(t->label, "Tailscale");
		return 0;
	}
	for (size_t i = 0; i < N(fixed); i++) {
		if (strcmp(name, fixed[i].name))
			continue;
		t->kind = TUNNEL_FIXED;
		t->overhead4 = fixed[i].over4;
		t->overhead6 = fixed[i].over6;
		strcpy(t->label, fixed[i].label);
		return 0;
	}
	if (!lookup_esp(name, t) || !lookup_gre(name, t))
		return 0;
	return -EINVAL;
}

int tunnel_list_parse(const char *names, struct tunnel *ts, size_t cap,
		      char *err, size_t errlen)
{
	size_t n = 0;
	const char *s = names;

	for (;;) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		char name[ADVICE_NAME_MAX];

		if (n == cap)
			return -E2BIG;
		if (!len || len >= sizeof(name)) {
			snprintf(err, errlen, "--tunnel '%s': an empty or overlong name",
				 names);
			return -EINVAL;
		}
		memcpy(name, s, len);
		name[len] = '\0';
		if (tunnel_lookup(name, &ts[n])) {
			snprintf(err, errlen, "--tunnel '%s': no such tunnel (see --tunnel list)",
				 name);
			return -EINVAL;
		}
		n++;
		if (!end)
			return (int)n;
		s = end + 1;
	}
}

size_t tunnel_defaults(struct tunnel *ts, size_t cap)
{
	static const char *const names[] = { "none", "wireguard", "ipsec" };
	size_t n = 0;

	for (; n < N(names) && n < cap; n++)
		tunnel_lookup(names[n], &ts[n]);
	return n;
}

const char *tunnel_catalogue(size_t i, unsigned int *over4,
			     unsigned int *over6, const char **note)
{
	static const struct {
		const char *name;
		const char *note;
	} patterns[] = {
		{ "none", "TCP on the path itself: the MSS only" },
		{ "ipsec", "esp-gcm-tunnel-natt, the usual road-warrior setup" },
		{ "esp-SUITE-tunnel[-natt]", "SUITE: gcm, chacha, cbc-sha1, cbc-sha256, cbc-sha384, cbc-sha512; the kernel's own formula" },
		{ "esp-SUITE-transport[-natt]", "likewise, transport mode" },
		{ "gre[-csum][-key][-seq]", "24 over IPv4, 44 over IPv6, 4 more for each option" },
		{ "tailscale", "its inner MTU is fixed at 1280" },
	};

	*over4 = *over6 = 0;
	*note = NULL;
	if (i < N(fixed)) {
		*over4 = fixed[i].over4;
		*over6 = fixed[i].over6;
		*note = fixed[i].note;
		return fixed[i].name;
	}
	i -= N(fixed);
	if (i < N(patterns)) {
		*note = patterns[i].note;
		return patterns[i].name;
	}
	return NULL;
}

static unsigned int ip_hdr(int family)
{
	return family == AF_INET6 ? IP6_HDR : IP4_HDR;
}

unsigned int esp_inner_mtu(const struct tunnel *t, unsigned int pmtu,
			   int family)
{
	/* net/xfrm/xfrm_state.c xfrm_state_mtu(): ((P - hdr - icv - adj)
	 * & ~(blk - 1)) + adj - 2, the 2 being ESP's pad length and next
	 * header bytes */
	unsigned int hdr = 8 + t->iv, adj = 0;
	unsigned int blk = (t->block + 3) & ~3U;
	unsigned int room;

	if (t->transport)
		adj = ip_hdr(family);
	else
		hdr += ip_hdr(family);
	if (t->natt)
		hdr += 8;
	if (pmtu < hdr + t->icv + adj + blk)
		return 0;
	room = (pmtu - hdr - t->icv - adj) & ~(blk - 1);
	return room + adj - 2;
}

void advise(const struct tunnel *t, unsigned int pmtu, int family,
	    struct advice *a)
{
	unsigned int over;

	memset(a, 0, sizeof(*a));
	a->name = t->name;
	a->label = t->label;
	a->possible = true;
	switch (t->kind) {
	case TUNNEL_NONE:
		a->mtu = pmtu;
		break;
	case TUNNEL_FIXED:
		over = family == AF_INET6 ? t->overhead6 : t->overhead4;
		a->possible = over != 0;
		a->mtu = a->possible && pmtu > over ? pmtu - over : 0;
		break;
	case TUNNEL_ESP:
		a->mtu = esp_inner_mtu(t, pmtu, family);
		break;
	case TUNNEL_INNER:
		/* Tailscale's packets are WireGuard's */
		a->mtu = t->inner;
		over = t->inner + (family == AF_INET6 ? 80 : 60);
		if (pmtu < over)
			a->needs = over;
		break;
	}
	if (a->mtu > IP4_HDR + TCP_HDR)
		a->mss4 = a->mtu - IP4_HDR - TCP_HDR;
	a->no_ipv6 = a->possible && a->mtu < IPV6_MIN_MTU;
	if (!a->no_ipv6 && a->mtu)
		a->mss6 = a->mtu - IP6_HDR - TCP_HDR;
}

unsigned int wireguard_mtu(unsigned int pmtu, int family)
{
	struct tunnel t;
	struct advice a;

	tunnel_lookup("wireguard", &t);
	advise(&t, pmtu, family, &a);
	return a.mtu;
}
