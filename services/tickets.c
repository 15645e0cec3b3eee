/*
 * A ticket's status changes the same way whoever changes it (staff by
 * SMS, the operator's tool, the district): the store, the journal, the
 * office's follow-up and the resident's SMS, once.
 */
#include "tickets.h"

#include <jansson.h>
#include <string.h>

#include "office.h"
#include "smstext.h"

#define NOTE_MAX_CHARS 60

const char *
ticket_status_known(const char *kind, const char *s)
{
	const char *const *st = office_statuses(kind);

	for (; st != NULL && *st != NULL; st++)
		if (strcasecmp(s, *st) == 0)
			return *st;
	return NULL;
}

/*
 * Change a ticket and tell its resident; shared by SMS, the CLI and the
 * district. 1 when the ticket does not exist or already has that status.
 */
int
ticket_change(struct svc *ctx, const char *number, const char *status,
    const char *note, const char *by)
{
	struct ticket t = { 0 };
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
		rc = office_after_change(ctx, &t, status, cut, &told);
	if (rc == 0 && !told)
		rc = svc_notice(ctx, t.phone, R_STATUS_CHANGED,
		    (const char *const[]){ "ticket", number, "status",
		    status_label(ctx->cfg->language, status), "note", cut,
		    NULL }) < 0 ? -1 : 0;
	ticket_clear(&t);
	return rc;
}

int
ticket_move(struct svc *ctx, const struct ticket *t,
    const struct category_conf *cat, const char *by)
{
	if (db_ticket_category(ctx->db, t->number, cat->code, ctx->now) != 0 ||
	    journal_record(ctx, "complaint_status", json_pack("{s:s, s:s, "
	    "s:s, s:s}", "ticket", t->number, "status", t->status, "category",
	    cat->code, "by", by)) != 0 ||
	    office_forward(ctx, t->number, cat, t->text) != 0)
		return -1;
	return 0;
}
