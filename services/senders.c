#include "senders.h"

#include <string.h>

#include "log.h"
#include "phone.h"
#include "util.h"

/* Hours capped in a row that make a robot, and how long it is held. */
#define ROBOT_HOURS	3
#define ROBOT_HOLD_S	(24 * 3600)

/* One notice to each admin who runs the gateway (not an office's). */
static int
tell_admins(struct svc *ctx)
{
	size_t i;

	for (i = 0; i < ctx->cfg->n_admins; i++) {
		const struct admin_conf *a = &ctx->cfg->admins[i];

		if (strcmp(a->role, "office") == 0)
			continue;
		if (svc_notice(ctx, a->phone, R_ROBOT_MUTED,
		    (const char *const[]){ "phone", ctx->phone, NULL }) < 0)
			return -1;
	}
	return 0;
}

int
sender_answerable(struct svc *ctx)
{
	int cap = ctx->cfg->replies_per_sender_per_hour, n, tell;
	char day[11], masked[PHONE_MAX];

	if (ctx->admin != NULL || cap <= 0)
		return 0;
	if ((n = db_sender_muted(ctx->db, ctx->phone, ctx->now)) != 0)
		return n < 0 ? -1 : SENDER_MUTED;
	n = db_outbox_count_to(ctx->db, ctx->phone, ctx->now - 3600);
	if (n < 0)
		return -1;
	if (n < cap)
		return 0;
	if ((n = db_sender_capped(ctx->db, ctx->phone, ctx->now)) < 0)
		return -1;
	if (n < ROBOT_HOURS)
		return SENDER_CAPPED;
	db_day(ctx->now, day);
	tell = db_sender_mute(ctx->db, ctx->phone, ctx->now + ROBOT_HOLD_S,
	    day);
	if (tell < 0)
		return -1;
	phone_mask(ctx->phone, masked, sizeof(masked));
	log_warnx("%s reached the reply cap %d hours in a row; no replies to "
	    "it for a day.", masked, ROBOT_HOURS);
	if (tell && tell_admins(ctx) != 0)
		return -1;
	return SENDER_MUTED;
}
