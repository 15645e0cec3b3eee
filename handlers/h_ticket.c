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
#include "parse.h"
#include "smstext.h"
#include "ticket.h"

#define NOTE_MAX_CHARS 60

static const char *
known_status(const char *kind, const char *s)
{
	const char *const *st = office_statuses(kind);

	for (; st != NULL && *st != NULL; st++)
		if (strcasecmp(s, *st) == 0)
			return *st;
	return NULL;
}

/* TIKET PIN tiket #KATEGORI: staff move a complaint to another office. */
static int
recategorise(struct hctx *ctx, const struct ticket *t, const char *code,
    struct reply *out)
{
	const struct category_conf *cat = config_category(ctx->cfg, code);

	if (cat == NULL || strcmp(t->kind, "complaint") != 0) {
		reply_set(ctx, out, R_TICKET_USAGE, NULL);
		return 0;
	}
	if (db_ticket_category(ctx->db, t->number, cat->code, ctx->now) != 0 ||
	    journal_record(ctx, "complaint_status", json_pack("{s:s, s:s, "
	    "s:s, s:s}", "ticket", t->number, "status", t->status, "category",
	    cat->code, "by", ctx->phone)) != 0 ||
	    office_forward(ctx, t->number, cat, t->text) != 0)
		return -1;
	reply_set(ctx, out, R_TICKET_RECAT, "ticket", t->number, "category",
	    cat->code, NULL);
	return 0;
}

/*
 * Change a ticket and tell its resident; shared by SMS, the CLI and the
 * district. 1 when the ticket does not exist or already has that status.
 */
int
ticket_change(struct hctx *ctx, const char *number, const char *status,
    const char *note, const char *by)
{
	struct ticket t = { 0 };
	struct strbuf msg = STRBUF_INIT;
	char cut[NOTE_MAX_CHARS * 4 + 1];
	int rc = db_ticket_get(ctx->db, number, &t), told = 0;

	if (rc != 0)
		return rc;
	if (strcmp(t.status, status) == 0 && note == NULL) {
		ticket_clear(&t);
		return 1;
	}
	strlcpy_k(cut, note ? note : "", sizeof(cut));
	utf8_truncate(cut, NOTE_MAX_CHARS);
	rc = db_ticket_set(ctx->db, number, status, note, by, ctx->now);
	if (rc == 0)
		rc = journal_record(ctx, strcmp(t.kind, "letter") == 0 ?
		    "letter_status" : "complaint_status", json_pack(
		    "{s:s, s:s, s:s?, s:s}", "ticket", number, "status", status,
		    "note", note, "by", by));
	if (rc == 0)
		rc = office_after_change(ctx, &t, status, &told);
	if (rc == 0 && !told) {
		reply_render(&msg, ctx->cfg->replies.text[R_STATUS_CHANGED],
		    (const char *const[]){ "ticket", number, "status",
		    status_label(ctx->cfg->language, status), "note", cut,
		    NULL });
		while (msg.len > 0 && msg.buf[msg.len - 1] == ' ')
			msg.buf[--msg.len] = '\0';
		rc = hctx_send(ctx, t.phone, sb_str(&msg), "notice", 0) < 0 ?
		    -1 : 0;
	}
	sb_free(&msg);
	ticket_clear(&t);
	return rc;
}

int
h_ticket(struct hctx *ctx, const char *args, struct reply *out)
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
	    (st = known_status(t.kind, status)) == NULL) {
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
