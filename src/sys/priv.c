// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/capability.h>

#include "priv.h"

/* The three sets, 64 bits each (_LINUX_CAPABILITY_VERSION_3). */
struct caps {
	uint64_t effective, permitted, inheritable;
};

/* glibc has no wrapper, and libcap is not worth a dependency. */
static int caps_get(struct caps *c)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	memset(d, 0, sizeof(d));
	if (syscall(SYS_capget, &hdr, d))
		return -errno;
	c->effective = (uint64_t)d[1].effective << 32 | d[0].effective;
	c->permitted = (uint64_t)d[1].permitted << 32 | d[0].permitted;
	c->inheritable = (uint64_t)d[1].inheritable << 32 | d[0].inheritable;
	return 0;
}

static int caps_set(const struct caps *c)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3] = {
		{
			.effective = (uint32_t)c->effective,
			.permitted = (uint32_t)c->permitted,
			.inheritable = (uint32_t)c->inheritable,
		},
		{
			.effective = (uint32_t)(c->effective >> 32),
			.permitted = (uint32_t)(c->permitted >> 32),
			.inheritable = (uint32_t)(c->inheritable >> 32),
		},
	};

	return syscall(SYS_capset, &hdr, d) ? -errno : 0;
}

uint64_t priv_raise(uint64_t want)
{
	struct caps c;

	if (caps_get(&c))
		return want;
	if ((c.effective & want) != (c.permitted & want)) {
		c.effective |= c.permitted & want;
		if (caps_set(&c) || caps_get(&c))
			return want;
	}
	return want & ~c.effective;
}

uint64_t priv_effective(void)
{
	struct caps c;

	return caps_get(&c) ? 0 : c.effective;
}

void priv_lower(uint64_t keep)
{
	struct caps c;

	if (caps_get(&c) || (c.effective & ~keep) == 0)
		return;
	c.effective &= keep;
	caps_set(&c);
}

bool priv_setid(void)
{
	uid_t ruid, euid, suid;
	gid_t rgid, egid, sgid;

	if (getresuid(&ruid, &euid, &suid) || getresgid(&rgid, &egid, &sgid))
		return true;
	return ruid != euid || ruid != suid || rgid != egid || rgid != sgid;
}

/* Becomes uid and gid (with no supplementary groups when groups is set),
 * keeping the permitted capabilities, none of them effective. */
static int become(uid_t uid, gid_t gid, bool groups)
{
	int ret = 0;

	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0))
		return -errno;
	/* the gid first: once the uid is given up, setresgid is refused */
	if ((groups && setgroups(0, NULL)) || setresgid(gid, gid, gid) ||
	    setresuid(uid, uid, uid))
		ret = -errno;
	prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
	return ret;
}

int priv_become_caller(uint64_t keep, char *err, size_t errlen)
{
	struct caps c;
	int ret;

	if (!priv_setid())
		return 0;
	ret = become(getuid(), getgid(), false);
	if (!ret)
		ret = caps_get(&c);
	if (!ret) {
		c.permitted &= keep;
		c.effective = 0;
		c.inheritable = 0;
		ret = caps_set(&c);
	}
	if (ret)
		snprintf(err, errlen, "giving up the setuid identity: %s",
			 strerror(-ret));
	return ret;
}

/* The user a root run probes as: its own where the system has one, else
 * nobody. */
static void probing_user(uid_t *uid, gid_t *gid)
{
	struct passwd *pw = getpwnam(PRIV_USER);

	if (!pw || !pw->pw_uid)
		pw = getpwnam("nobody");
	*uid = pw && pw->pw_uid ? pw->pw_uid : PRIV_NOBODY;
	*gid = pw && pw->pw_uid ? pw->pw_gid : PRIV_NOBODY;
}

int priv_drop(uint64_t keep, bool leave_root, char *err, size_t errlen)
{
	uid_t ruid, euid, suid, uid = getuid();
	gid_t rgid, egid, sgid, gid = getgid();
	struct caps c;
	int ret = 0;

	/* a setuid or setgid run returns to its caller; a root run, able
	 * to, leaves uid 0 for the probing user */
	if (priv_setid()) {
		ret = become(uid, gid, false);
	} else if (leave_root && uid == 0 && !caps_get(&c) &&
		   (c.permitted & PRIV_CAP(CAP_SETUID)) &&
		   (c.permitted & PRIV_CAP(CAP_SETGID))) {
		probing_user(&uid, &gid);
		ret = become(uid, gid, true);
	}
	if (ret) {
		snprintf(err, errlen, "giving up uid 0: %s", strerror(-ret));
		return ret;
	}
	ret = caps_get(&c);
	if (!ret) {
		c.permitted &= keep;
		c.effective = c.permitted;
		c.inheritable = 0;
		ret = caps_set(&c);
	}
	/* nor may an exec, were there one, give any of it back */
	if (!ret && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		ret = -errno;
	if (!ret)
		ret = caps_get(&c);
	if (ret) {
		snprintf(err, errlen, "giving up capabilities: %s", strerror(-ret));
		return ret;
	}
	if (getresuid(&ruid, &euid, &suid) || getresgid(&rgid, &egid, &sgid) ||
	    ruid != uid || euid != uid || suid != uid || rgid != gid ||
	    egid != gid || sgid != gid || (c.permitted & ~keep) ||
	    (c.effective & ~keep) || c.inheritable ||
	    (uid != 0 && (setresuid(0, 0, 0) == 0 || setresgid(0, 0, 0) == 0))) {
		snprintf(err, errlen, "giving up privileges: some are left (uid %u/%u/%u, capabilities %#llx)",
			 (unsigned int)ruid, (unsigned int)euid,
			 (unsigned int)suid, (unsigned long long)c.permitted);
		return -EPERM;
	}
	return 0;
}
