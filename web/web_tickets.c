/*
 * Complaints and letter requests: listed with filters and pages, one
 * complaint with its history, and status changes through ticket_change()
 * (services/tickets.c), the very function behind TIKET, the CLI and the
 * district, so the resident gets the same SMS once. An office admin sees
 * and changes only the complaints of its own category: any other is
 * "no such complaint" to it.
 */
#include "web_int.h"

#include <string.h>

#include "office.h"
#include "ticket.h"
#include "tickets.h"

#define NOTE_MAX_BYTES 300
#define Q_MAX_BYTES 100

static const char *const ticket_ints[] = { NULL };

/* 1 when the admin is an office, whose view is its category alone. */
static int
office_only(const struct req *r)
{
	return strcmp(r->admin->role, "office") == 0;
}

/*
 * The filters of a ticket listing into q; 0, or answered (400).
 */
static int
ticket_filters(struct req *r, const char *kind, struct con_query *q,
    enum MHD_Result *ret)
{
	const char *from = web_arg(r, "from"), *to = web_arg(r, "to");
	const char *status = web_arg(r, "status");

	memset(q, 0, sizeof(*q));
	if (status != NULL) {
		q->status = ticket_status_known(kind, status);
		if (q->status == NULL) {
			*ret = web_error(r, MHD_HTTP_BAD_REQUEST, "status '%.20s' "
			    "is not one a %s takes", status, kind);
			return -1;
		}
	}
	q->category = web_arg(r, "category");
	if (office_only(r))
		q->category = r->admin->category;
	q->q = web_arg(r, "q");
	if (q->q != NULL && strlen(q->q) > Q_MAX_BYTES) {
		*ret = web_error(r, MHD_HTTP_BAD_REQUEST, "q is too long");
		return -1;
	}
	if (from != NULL && (q->from = web_day_start(from)) < 0) {
		*ret = web_error(r, MHD_HTTP_BAD_REQUEST, "from must be a day "
		    "YYYY-MM-DD");
		return -1;
	}
	/* to is inclusive: up to the start of the next day. */
	if (to != NULL && (q->to = web_day_start(to)) < 0) {
		*ret = web_error(r, MHD_HTTP_BAD_REQUEST, "to must be a day "
		    "YYYY-MM-DD");
		return -1;
	}
	if (q->to > 0)
		q->to += 24 * 3600;	/* Indonesia keeps no summer time */
	q->type = web_arg(r, "type");
	return 0;
}

static enum MHD_Result
ticket_list(struct req *r, const char *kind, enum con_list rows,
    enum con_list count)
{
	struct con_query q;
	struct rows rs = { json_array(), ticket_ints };
	enum MHD_Result ret;
	int page, per, total;

	if (ticket_filters(r, kind, &q, &ret) != 0) {
		json_decref(rs.arr);
		return ret;
	}
	if (web_paging(r, &q, &page, &per) != 0) {
		json_decref(rs.arr);
		return web_error(r, MHD_HTTP_BAD_REQUEST, "page and per_page "
		    "must be whole numbers (per_page at most 200)");
	}
	total = db_console_count(r->ctx.db, count, &q);
	if (total < 0 || db_console_list(r->ctx.db, rows, &q, web_rows,
	    &rs) != 0) {
		json_decref(rs.arr);
		return web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed");
	}
	return web_json(r, MHD_HTTP_OK, json_pack("{s:i, s:i, s:i, s:o}",
	    "total", total, "page", page, "per_page", per, "items", rs.arr));
}

enum MHD_Result
api_complaints(struct req *r)
{
	return ticket_list(r, "complaint", CL_COMPLAINTS, CL_COMPLAINTS_COUNT);
}

/* Add each letter's type name from the configuration. */
static void
letter_names(struct req *r, json_t *items)
{
	size_t i;
	json_t *o;

	json_array_foreach(items, i, o) {
		const char *code = json_string_value(json_object_get(o,
		    "type"));
		const struct letter_conf *l = code ? config_letter(r->ctx.cfg,
		    code) : NULL;

		json_object_set_new(o, "type_name", l ? json_string(l->name) :
		    json_null());
	}
}

enum MHD_Result
api_letters(struct req *r)
{
	struct con_query q;
	struct rows rs = { json_array(), ticket_ints };
	enum MHD_Result ret;
	int page, per, total;

	if (ticket_filters(r, "letter", &q, &ret) != 0) {
		json_decref(rs.arr);
		return ret;
	}
	q.category = NULL;
	if (web_paging(r, &q, &page, &per) != 0) {
		json_decref(rs.arr);
		return web_error(r, MHD_HTTP_BAD_REQUEST, "page and per_page "
		    "must be whole numbers (per_page at most 200)");
	}
	total = db_console_count(r->ctx.db, CL_LETTERS_COUNT, &q);
	if (total < 0 || db_console_list(r->ctx.db, CL_LETTERS, &q, web_rows,
	    &rs) != 0) {
		json_decref(rs.arr);
		return web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed");
	}
	letter_names(r, rs.arr);
	return web_json(r, MHD_HTTP_OK, json_pack("{s:i, s:i, s:i, s:o}",
	    "total", total, "page", page, "per_page", per, "items", rs.arr));
}

/*
 * The ticket of the path as the admin may see it: a JSON object, or NULL
 * when it is malformed, unknown, of the other kind, or another office's.
 */
static json_t *
ticket_find(struct req *r, enum con_list which)
{
	struct con_query q;
	struct rows rs = { json_array(), ticket_ints };
	json_t *t = NULL;

	memset(&q, 0, sizeof(q));
	q.code = r->arg;
	if (r->arg == NULL || !ticket_valid(r->arg) ||
	    db_console_list(r->ctx.db, which, &q, web_rows, &rs) != 0 ||
	    json_array_size(rs.arr) != 1)
		goto out;
	t = json_incref(json_array_get(rs.arr, 0));
	if (which == CL_COMPLAINT && office_only(r)) {
		const char *cat = json_string_value(json_object_get(t,
		    "category"));

		if (cat == NULL || strcmp(cat, r->admin->category) != 0) {
			json_decref(t);
			t = NULL;
		}
	}
out:
	json_decref(rs.arr);
	return t;
}

enum MHD_Result
api_complaint(struct req *r)
{
	json_t *t = ticket_find(r, CL_COMPLAINT);
	struct con_query q;
	struct rows rs = { json_array(), ticket_ints };

	if (t == NULL) {
		json_decref(rs.arr);
		return web_error(r, MHD_HTTP_NOT_FOUND, "no such complaint");
	}
	memset(&q, 0, sizeof(q));
	q.code = r->arg;
	if (db_console_list(r->ctx.db, CL_HISTORY, &q, web_rows, &rs) != 0) {
		json_decref(rs.arr);
		json_decref(t);
		return web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed");
	}
	json_object_set_new(t, "history", rs.arr);
	return web_json(r, MHD_HTTP_OK, t);
}

/*
 * Set the status of the path's ticket of kind, as TIKET does: one
 * transaction with the audit row.
 */
static enum MHD_Result
ticket_status(struct req *r, const char *kind, enum con_list which)
{
	enum MHD_Result ret = MHD_NO;
	json_t *body = web_body(r, &ret), *t = NULL;
	const char *status, *note, *st;
	char detail[128];
	int rc;

	if (body == NULL)
		return ret;
	t = ticket_find(r, which);
	if (t == NULL) {
		ret = web_error(r, MHD_HTTP_NOT_FOUND, "no such %s", kind);
		goto out;
	}
	if (web_str(body, "status", &status) != 0 || status == NULL) {
		ret = web_error(r, MHD_HTTP_BAD_REQUEST, "status must be a "
		    "string");
		goto out;
	}
	if (web_str(body, "note", &note) != 0 ||
	    (note != NULL && strlen(note) > NOTE_MAX_BYTES)) {
		ret = web_error(r, MHD_HTTP_BAD_REQUEST, "note must be a string "
		    "of at most %d bytes", NOTE_MAX_BYTES);
		goto out;
	}
	if (note != NULL && note[0] == '\0')
		note = NULL;
	st = ticket_status_known(kind, status);
	if (st == NULL) {
		ret = web_error(r, MHD_HTTP_BAD_REQUEST, "status must be one "
		    "of %s", strcmp(kind, "letter") == 0 ? "diterima, diproses, "
		    "siap, selesai, ditolak" : "baru, diproses, selesai, "
		    "ditolak");
		goto out;
	}
	snprintf(detail, sizeof(detail), "%s %s", r->arg, st);
	rc = web_tx_begin(r);
	if (rc == 0)
		rc = ticket_change(&r->ctx, r->arg, st, note, r->admin->phone);
	if (rc >= 0)
		rc = web_audit(r, strcmp(kind, "letter") == 0 ?
		    "letter status" : "complaint status", detail) == 0 ? rc : -1;
	if (web_tx_end(r, rc) != 0) {
		ret = web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed; nothing changed");
		goto out;
	}
	ret = web_json(r, MHD_HTTP_OK, json_pack("{s:s, s:s, s:b}", "ticket",
	    r->arg, "status", st, "changed", rc == 0));
out:
	json_decref(t);
	json_decref(body);
	return ret;
}

enum MHD_Result
api_complaint_status(struct req *r)
{
	return ticket_status(r, "complaint", CL_COMPLAINT);
}

enum MHD_Result
api_letter_status(struct req *r)
{
	return ticket_status(r, "letter", CL_LETTER);
}

/*
 * Move a complaint to another office's category, as TIKET PIN tiket
 * #KATEGORI does (ticket_move): the new office's contacts are told.
 */
enum MHD_Result
api_complaint_category(struct req *r)
{
	enum MHD_Result ret = MHD_NO;
	json_t *body = web_body(r, &ret), *t = NULL;
	const struct category_conf *cat = NULL;
	struct ticket tk = { 0 };
	const char *code;
	int rc, same;

	if (body == NULL)
		return ret;
	t = ticket_find(r, CL_COMPLAINT);
	if (t == NULL) {
		ret = web_error(r, MHD_HTTP_NOT_FOUND, "no such complaint");
		goto out;
	}
	if (web_str(body, "category", &code) != 0 || code == NULL ||
	    (cat = config_category(r->ctx.cfg, code)) == NULL) {
		ret = web_error(r, MHD_HTTP_BAD_REQUEST, "category must be one "
		    "of the configured categories");
		goto out;
	}
	rc = web_tx_begin(r);
	if (rc == 0)
		rc = db_ticket_get(r->ctx.db, r->arg, &tk);
	same = rc == 0 && tk.category != NULL &&
	    strcmp(tk.category, cat->code) == 0;
	if (rc == 0 && !same)
		rc = ticket_move(&r->ctx, &tk, cat, r->admin->phone);
	if (rc == 0 && !same)
		rc = web_audit(r, "complaint category", cat->code);
	ticket_clear(&tk);
	if (web_tx_end(r, rc == 0 ? 0 : -1) != 0) {
		ret = web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed; nothing changed");
		goto out;
	}
	ret = web_json(r, MHD_HTTP_OK, json_pack("{s:s, s:s, s:b}", "ticket",
	    r->arg, "category", cat->code, "changed", !same));
out:
	json_decref(t);
	json_decref(body);
	return ret;
}
