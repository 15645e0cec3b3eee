/*
 * Broadcast logic shared by SIAR/YA, the CLI and the district's updates.
 * The rows are queued whatever the budget: the head saw the estimate, and
 * the modems hold what the day's budget or quiet hours do not allow.
 */
#include "broadcast.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "outbox.h"
#include "smstext.h"

struct bc_arg {
	struct svc	*ctx;
	const char	*text;
	int64_t		 id;
	int		 parts;
	int		 n;
};

static int
count_one(void *arg, const char *phone)
{
	(void)phone;
	((struct bc_arg *)arg)->n++;
	return 0;
}

int
broadcast_estimate(struct svc *ctx, const char *text, const char *grp,
    int *recipients, int *parts)
{
	struct bc_arg a = { ctx, text, 0, 0, 0 };
	struct sms_size sz;

	if (db_audience(ctx->db, grp, count_one, &a) != 0)
		return -1;
	sms_size(text, &sz);
	*recipients = a.n;
	*parts = sz.parts;
	return 0;
}

static int
queue_one(void *arg, const char *phone)
{
	struct bc_arg *a = arg;
	struct outbox_msg m = { 0 };

	m.to = phone;
	m.text = a->text;
	m.kind = "broadcast";
	m.broadcast_id = a->id;
	if (outbox_queue(a->ctx->db, a->ctx->cfg, &m, a->ctx->now, NULL) != 0)
		return -1;
	a->n++;
	return 0;
}

int
broadcast_queue(struct svc *ctx, int64_t id, const char *text,
    const char *grp)
{
	struct bc_arg a = { ctx, text, id, 1, 0 };
	struct sms_size sz;

	sms_size(text, &sz);
	a.parts = sz.parts;
	if (db_audience(ctx->db, grp, queue_one, &a) != 0 ||
	    db_bc_queued(ctx->db, id, a.n, ctx->now) != 0 ||
	    journal_record(ctx, "broadcast", json_pack("{s:I, s:s, s:s?, s:i}",
	    "broadcast", (json_int_t)id, "text", text, "group", grp,
	    "recipients", a.n)) != 0)
		return -1;
	return a.n;
}

int
broadcast_finish(struct db *db, const struct gw_config *cfg, int64_t now)
{
	struct svc ctx = { 0 };
	int n = 0;

	ctx.db = db;
	ctx.cfg = cfg;
	ctx.now = now;
	for (;;) {
		char *by = NULL, ids[24], s[16], f[16], c[16];
		struct strbuf msg = STRBUF_INIT;
		int64_t id;
		int sent, failed, cancelled, rc;

		if (db_begin(db) != 0)
			return -1;
		rc = db_bc_finish_one(db, now, &id, &by, &sent, &failed,
		    &cancelled);
		if (rc != 0) {
			db_rollback(db);
			return rc < 0 ? -1 : n;
		}
		log_info("Broadcast %lld is done: %d sent, %d failed, %d opted "
		    "out.", (long long)id, sent, failed, cancelled);
		snprintf(ids, sizeof(ids), "%lld", (long long)id);
		snprintf(s, sizeof(s), "%d", sent);
		snprintf(f, sizeof(f), "%d", failed);
		snprintf(c, sizeof(c), "%d", cancelled);
		reply_render(&msg, cfg->replies.text[R_BC_DONE],
		    (const char *const[]){ "id", ids, "sent", s, "failed", f,
		    "cancelled", c, NULL });
		rc = by[0] == '+' ? svc_send(&ctx, by, sb_str(&msg), "notice",
		    0) : 0;
		sb_free(&msg);
		free(by);
		if (rc < 0 || db_commit(db) != 0) {
			db_rollback(db);
			return -1;
		}
		n++;
	}
}
