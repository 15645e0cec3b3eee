/*
 * TIKET PIN tiket status [catatan]: staff set a complaint's status; the
 * resident who filed it is told by SMS, once per change.
 */
#include "handlers.h"

#include <ctype.h>
#include <jansson.h>
#include <string.h>

#include "log.h"
#include "office.h"
#include "tickets.h"
#include "words.h"
#include "smstext.h"
#include "ticket.h"

/* TIKET PIN tiket #KATEGORI: staff move a complaint to another office. */
static int
recategorise(struct svc *ctx, const struct ticket *t, const char *code,
    struct reply *out)
{
	const struct category_conf *cat = config_category(ctx->cfg, code);

	if (cat == NULL || strcmp(t->kind, "complaint") != 0) {
		reply_set(ctx, out, R_TICKET_USAGE, NULL);
		return 0;
	}
	if (ticket_move(ctx, t, cat, ctx->phone) != 0)
		return -1;
	reply_set(ctx, out, R_TICKET_RECAT, "ticket", t->number, "category",
	    cat->code, NULL);
	return 0;
}

int
h_ticket(struct svc *ctx, const char *args, struct reply *out)
{
	char pin[16], number[16], status[24];
	const char *p = args, *st;
	struct ticket t = { 0 };
	int rc;

	if (next_word(&p, pin, sizeof(pin)) != 0) {
		/* Not even a PIN: nothing to audit, nothing to say. */
		return admin_auth(ctx, "", "TIKET") < 0 ? -1 : 0;
	}
	rc = admin_auth(ctx, pin, "TIKET");
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	while (*p == ' ')
		p++;
	if (next_word(&p, number, sizeof(number)) != 0) {
		reply_set(ctx, out, R_TICKET_USAGE, NULL);
		return 0;
	}
	if (!ticket_valid(number)) {
		reply_set(ctx, out, R_TICKET_MISTYPED, "ticket", number, NULL);
		return 0;
	}
	rc = db_ticket_get(ctx->db, number, &t);
	if (rc != 0) {
		if (rc == 1)
			reply_set(ctx, out, R_TICKET_UNKNOWN, "ticket", number,
			    NULL);
		return rc < 0 ? -1 : 0;
	}
	/* An office answers for its own category only. */
	if (strcmp(ctx->admin->role, "office") == 0 &&
	    (t.category == NULL || strcmp(t.category,
	    ctx->admin->category) != 0)) {
		log_warnx("Office admin tried to change ticket %s of another "
		    "category: refused.", number);
		rc = db_audit(ctx->db, ctx->phone, "TIKET", 0,
		    "another office's ticket", ctx->now);
		ticket_clear(&t);
		return rc;
	}
	while (*p == ' ')
		p++;
	if (*p == '#') {
		next_word(&p, status, sizeof(status));
		rc = recategorise(ctx, &t, status, out);
		ticket_clear(&t);
		return rc;
	}
	if (next_word(&p, status, sizeof(status)) != 0 ||
	    (st = ticket_status_known(t.kind, status)) == NULL) {
		ticket_clear(&t);
		reply_set(ctx, out, R_TICKET_USAGE, NULL);
		return 0;
	}
	ticket_clear(&t);
	while (*p == ' ')
		p++;
	rc = ticket_change(ctx, number, st, *p ? p : NULL, ctx->phone);
	if (rc < 0)
		return -1;
	reply_set(ctx, out, R_TICKET_SET, "ticket", number, "status",
	    status_label(ctx->cfg->language, st), NULL);
	return 0;
}
