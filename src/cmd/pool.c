// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include "cmd.h"

struct pool {
	pthread_mutex_t lock;
	size_t next;
	size_t n;
	void (*fn)(void *arg, size_t i);
	void *arg;
};

static void *worker(void *arg)
{
	struct pool *p = arg;
	size_t i;

	for (;;) {
		pthread_mutex_lock(&p->lock);
		i = p->next++;
		pthread_mutex_unlock(&p->lock);
		if (i >= p->n)
			return NULL;
		p->fn(p->arg, i);
	}
}

int pool_run(size_t n, unsigned int nthreads,
	     void (*fn)(void *arg, size_t i), void *arg)
{
	struct pool p = {
		.lock = PTHREAD_MUTEX_INITIALIZER,
		.n = n,
		.fn = fn,
		.arg = arg,
	};
	pthread_t *th = calloc(nthreads ? nthreads : 1, sizeof(*th));
	unsigned int started = 0;
	int ret = th ? 0 : -ENOMEM;

	while (started < nthreads && started < n && !ret) {
		ret = -pthread_create(&th[started], NULL, worker, &p);
		if (!ret)
			started++;
	}
	for (unsigned int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	free(th);
	return ret;
}
