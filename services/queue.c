/*
 * Calling the next number at an office counter, for LANJUT and the
 * operator's tool. The resident a few places from the front gets one
 * "come now" SMS.
 */
#include "queue.h"

#include <stdio.h>

/* The resident this many places from the front is told to come. */
#define QUEUE_WARN_PLACES 3

/* Call the next number at counter; fills out for the staff member. */
int
queue_next(struct svc *ctx, const struct counter_conf *c, int skip,
    struct reply *out)
{
	struct queue_entry e, w;
	char day[11], num[12], waiting[12];
	int rc, left;

	db_day(ctx->now, day);
	if (skip) {
		rc = db_queue_last_called(ctx->db, day, c->code, &e);
		if (rc < 0 || (rc == 0 && db_queue_skip(ctx->db, &e,
		    !e.rejoined) != 0))
			return -1;
	}
	rc = db_queue_peek(ctx->db, day, c->code, 0, &e);
	if (rc != 0) {
		if (rc == 1)
			reply_set(ctx, out, R_QUEUE_EMPTY, "counter", c->code,
			    NULL);
		return rc < 0 ? -1 : 0;
	}
	if (db_queue_call(ctx->db, e.id, ctx->now) != 0)
		return -1;
	/* Whoever is now a few places from the front: come now, once. */
	rc = db_queue_peek(ctx->db, day, c->code, QUEUE_WARN_PLACES - 1, &w);
	if (rc < 0)
		return -1;
	if (rc == 0 && db_queue_warned(ctx->db, w.id) == 0) {
		snprintf(num, sizeof(num), "%d", w.number);
		rc = svc_notice(ctx, w.phone, R_QUEUE_SOON,
		    (const char *const[]){ "number", num, "counter", c->code,
		    NULL });
		if (rc < 0)
			return -1;
	}
	left = db_queue_ahead(ctx->db, day, c->code, 0);
	if (left < 0)
		return -1;
	snprintf(num, sizeof(num), "%d", e.number);
	snprintf(waiting, sizeof(waiting), "%d", left);
	reply_set(ctx, out, R_QUEUE_CALLED, "number", num, "waiting", waiting,
	    NULL);
	return 0;
}
