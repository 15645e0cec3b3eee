/*
 * CEK tiket (STATUS): the status and date of a ticket. Never the text or
 * who filed it: anyone may ask about any number.
 */
#include "handlers.h"

#include <stdio.h>
#include <string.h>

#include "words.h"
#include "ticket.h"

/* A queue number: the place in today's queue, or that it was called. */
static int
queue_place(struct svc *ctx, const char *ticket, struct reply *out)
{
	struct queue_entry e;
	char num[12], ahead_s[12];
	int ahead, rc = db_queue_by_ticket(ctx->db, ticket, &e);

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	snprintf(num, sizeof(num), "%d", e.number);
	if (strcmp(e.status, "waiting") != 0) {
		reply_set(ctx, out, R_QUEUE_GONE, "number", num, "counter",
		    e.counter, NULL);
		return 0;
	}
	{
		char day[11];

		db_day(ctx->now, day);
		ahead = db_queue_ahead(ctx->db, day, e.counter, e.position);
	}
	if (ahead < 0)
		return -1;
	snprintf(ahead_s, sizeof(ahead_s), "%d", ahead);
	reply_set(ctx, out, R_QUEUE_PLACE, "number", num, "counter", e.counter,
	    "ahead", ahead_s, NULL);
	return 0;
}

int
h_check(struct svc *ctx, const char *args, struct reply *out)
{
	struct ticket t = { 0 };
	const char *p = args;
	char number[16], date[16];
	int rc;

	if (next_word(&p, number, sizeof(number)) != 0 ||
	    !ticket_shaped(number)) {
		reply_set(ctx, out, R_CHECK_USAGE, NULL);
		return 0;
	}
	if (!ticket_valid(number)) {
		reply_set(ctx, out, R_TICKET_MISTYPED, "ticket", number, NULL);
		return 0;
	}
	rc = db_ticket_get(ctx->db, number, &t);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		reply_set(ctx, out, R_TICKET_UNKNOWN, "ticket", number, NULL);
		return 0;
	}
	if (strcmp(t.kind, "queue") == 0) {
		rc = queue_place(ctx, number, out);
		ticket_clear(&t);
		return rc;
	}
	svc_date(t.updated_at, date);
	reply_set(ctx, out, R_TICKET_STATUS, "ticket", number, "status",
	    status_label(ctx->cfg->language, t.status), "date", date, NULL);
	ticket_clear(&t);
	return 0;
}
