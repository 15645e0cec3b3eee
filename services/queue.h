/*
 * The office's counters: today's queue, called in order.
 */
#ifndef KABAR_QUEUE_H
#define KABAR_QUEUE_H

#include "service.h"

/* Call the next number at counter c (or skip the one called); the
 * answer for the staff member goes into out. */
int	queue_next(struct svc *ctx, const struct counter_conf *c, int skip,
	    struct reply *out);

#endif
