/*
 * BERHENTI (STOP, UNREG): the sender receives no more broadcasts, polls or
 * surveys, from now on, including ones already queued. Confirmed once;
 * saying it again costs the village nothing.
 */
#include "handlers.h"

#include "privacy.h"

int
h_stop(struct svc *ctx, const char *args, struct reply *out)
{
	int rc;

	(void)args;
	rc = db_resident_optout(ctx->db, ctx->phone, ctx->now);
	if (rc < 0)
		return -1;
	/* Honoured at once, also for what is already queued. */
	if (db_outbox_cancel_bulk(ctx->db, ctx->phone) != 0)
		return -1;
	if (rc == 1)
		return 0;
	if (privacy_optout(ctx) != 0)
		return -1;
	reply_set(ctx, out, R_STOPPED, NULL);
	return 0;
}
