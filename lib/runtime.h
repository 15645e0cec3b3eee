/*
 * The daemon's root context, handed to every worker: the configuration in
 * force (swapped whole on SIGHUP under cfg_lock), the stop flag, and the
 * wake-ups that let one stage tell the next that work is waiting.
 */
#ifndef KABAR_GATEWAY_H
#define KABAR_GATEWAY_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

#include "config.h"

/* A counter with a condition variable: post bumps it, wait sleeps until
 * it moves past what the waiter last saw, or the timeout passes. */
struct wakeup {
	pthread_mutex_t	 mtx;
	pthread_cond_t	 cond;
	unsigned long	 gen;
};

void	wakeup_init(struct wakeup *w);
void	wakeup_destroy(struct wakeup *w);
void	wakeup_post(struct wakeup *w);
/* Returns the new generation; *seen is updated. */
void	wakeup_wait(struct wakeup *w, unsigned long *seen, int timeout_ms);
unsigned long wakeup_gen(struct wakeup *w);

struct pipeline;
struct modem;

struct gateway {
	pthread_rwlock_t cfg_lock;
	struct gw_config *cfg;		/* read under cfg_lock */
	atomic_int	 stopping;
	struct wakeup	 inbox_wake;	/* new rows in inbox */
	struct wakeup	 outbox_wake;	/* new rows in outbox */
	struct pipeline	*pipeline;
	struct modem	**modems;
	size_t		 n_modems;
	atomic_ulong	 reloads;	/* bumped by each SIGHUP reload */
	/* How to start a modem worker process: this program, its config
	 * and its logging flags. */
	const char	*exe;
	const char	*cfg_path;
	int		 verbose;
	int		 use_syslog;
};

/* Hold the configuration for reading; release with gw_config_put. */
const struct gw_config *gw_config_get(struct gateway *gw);
void	gw_config_put(struct gateway *gw);

#endif
