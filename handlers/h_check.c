/*
 * CEK tiket (STATUS): the status and date of a ticket. Never the text or
 * who filed it: anyone may ask about any number.
 */
#include "handlers.h"

#include "parse.h"
#include "ticket.h"

int
h_check(struct hctx *ctx, const char *args, struct reply *out)
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
	hctx_date(t.updated_at, date);
	reply_set(ctx, out, R_TICKET_STATUS, "ticket", number, "status",
	    status_label(ctx->cfg->language, t.status), "date", date, NULL);
	ticket_clear(&t);
	return 0;
}
