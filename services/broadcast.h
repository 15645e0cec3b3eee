/*
 * Broadcasts from the village head (SIAR, then YA code) or the operator
 * (kabar broadcast): an estimate first, then one queued SMS per resident
 * who has not opted out, and one summary to the head when it is done.
 */
#ifndef KABAR_BROADCAST_H
#define KABAR_BROADCAST_H

#include "service.h"

/* Recipients and SMS parts each, for the estimate. */
int	broadcast_estimate(struct svc *ctx, const char *text, const char *grp,
	    int *recipients, int *parts);
/* Queue broadcast id to its audience; returns how many, or -1. */
int	broadcast_queue(struct svc *ctx, int64_t id, const char *text,
	    const char *grp);
/* Send the summaries of finished broadcasts; returns how many, or -1. */
int	broadcast_finish(struct db *db, const struct gw_config *cfg,
	    int64_t now);

#endif
