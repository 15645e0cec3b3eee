/*
 * Broadcasts and residents from the console. A broadcast is estimated
 * first and sent only with "confirm": true, through broadcast_queue() as
 * SIAR/YA and the CLI do; its progress is read from its outbox rows. The
 * residents' CSV import checks every line with the CLI's rules and is
 * all or nothing.
 */
#include "web_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broadcast.h"
#include "csv.h"
#include "phone.h"
#include "residents.h"

#define BC_TEXT_MAX_BYTES 1000
#define BC_LISTED 50

static const char *const bc_ints[] = { "id", "recipients", "parts", "sent",
    "waiting", "failed", "cancelled", NULL };

/* The text and group of a broadcast body: 0, or answered (400). */
static int
bc_read(struct req *r, json_t *body, const char **text, const char **grp,
    enum MHD_Result *ret)
{
	if (web_str(body, "text", text) != 0 || *text == NULL ||
	    (*text)[0] == '\0' || strlen(*text) > BC_TEXT_MAX_BYTES) {
		*ret = web_error(r, MHD_HTTP_BAD_REQUEST, "text must be a "
		    "string of 1 to %d bytes", BC_TEXT_MAX_BYTES);
		return -1;
	}
	if (web_str(body, "group", grp) != 0 || (*grp != NULL &&
	    !config_group_known(r->ctx.cfg, *grp))) {
		*ret = web_error(r, MHD_HTTP_BAD_REQUEST, "group must be one of "
		    "the configured groups, or null");
		return -1;
	}
	return 0;
}

enum MHD_Result
api_bc_estimate(struct req *r)
{
	enum MHD_Result ret = MHD_NO;
	json_t *body = web_body(r, &ret);
	const char *text, *grp;
	char cost[32], label[40];
	int recipients, parts;
	long long total;

	if (body == NULL)
		return ret;
	if (bc_read(r, body, &text, &grp, &ret) != 0)
		goto out;
	if (broadcast_estimate(&r->ctx, text, grp, &recipients, &parts) != 0) {
		ret = web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed");
		goto out;
	}
	total = (long long)recipients * parts * r->ctx.cfg->price_per_sms;
	rupiah(total, cost, sizeof(cost));
	snprintf(label, sizeof(label), "Rp%s", cost);
	ret = web_json(r, MHD_HTTP_OK, json_pack("{s:i, s:i, s:I, s:I, s:s, "
	    "s:b}", "recipients", recipients, "parts", parts, "sms",
	    (json_int_t)recipients * parts, "cost", (json_int_t)total,
	    "cost_text", label, "quiet_now", config_quiet_now(r->ctx.cfg,
	    r->ctx.now)));
out:
	json_decref(body);
	return ret;
}

enum MHD_Result
api_bc_send(struct req *r)
{
	enum MHD_Result ret = MHD_NO;
	json_t *body = web_body(r, &ret);
	const char *text, *grp;
	int recipients = 0, parts = 0, rc;
	int64_t id = 0;

	if (body == NULL)
		return ret;
	if (bc_read(r, body, &text, &grp, &ret) != 0)
		goto out;
	if (!json_is_true(json_object_get(body, "confirm"))) {
		ret = web_error(r, MHD_HTTP_BAD_REQUEST, "confirm must be true");
		goto out;
	}
	rc = web_tx_begin(r);
	if (rc == 0)
		rc = broadcast_estimate(&r->ctx, text, grp, &recipients, &parts);
	if (rc == 0)
		rc = db_bc_add(r->ctx.db, text, grp, r->admin->phone, NULL,
		    recipients, parts, r->ctx.now, &id);
	if (rc == 0)
		rc = broadcast_queue(&r->ctx, id, text, grp) < 0 ? -1 : 0;
	if (rc == 0)
		rc = web_audit(r, "broadcast", grp ? grp : "everyone");
	if (web_tx_end(r, rc) != 0) {
		ret = web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed; nothing was sent");
		goto out;
	}
	ret = web_json(r, MHD_HTTP_CREATED, json_pack("{s:I, s:i, s:i}", "id",
	    (json_int_t)id, "recipients", recipients, "parts", parts));
out:
	json_decref(body);
	return ret;
}

/* Broadcast rows with their progress grouped; quiet hours hold what
 * waits. */
static void
bc_progress(struct req *r, json_t *items)
{
	int quiet = config_quiet_now(r->ctx.cfg, r->ctx.now);
	size_t i;
	json_t *o;

	json_array_foreach(items, i, o) {
		json_int_t waiting = json_integer_value(json_object_get(o,
		    "waiting"));

		json_object_set_new(o, "progress", json_pack("{s:O, s:I, s:I, "
		    "s:O, s:O, s:b}", "sent", json_object_get(o, "sent"),
		    "waiting", quiet ? 0 : waiting, "held", quiet ? waiting : 0,
		    "failed", json_object_get(o, "failed"), "cancelled",
		    json_object_get(o, "cancelled"), "done", waiting == 0));
		json_object_del(o, "sent");
		json_object_del(o, "waiting");
		json_object_del(o, "failed");
		json_object_del(o, "cancelled");
	}
}

/* Broadcasts (all, or id) into an array; NULL on error. */
static json_t *
broadcasts(struct req *r, int64_t id)
{
	struct con_query q;
	struct rows rs = { json_array(), bc_ints };

	memset(&q, 0, sizeof(q));
	q.id = id;
	q.limit = BC_LISTED;
	if (db_console_list(r->ctx.db, CL_BROADCASTS, &q, web_rows, &rs) != 0) {
		json_decref(rs.arr);
		return NULL;
	}
	bc_progress(r, rs.arr);
	return rs.arr;
}

enum MHD_Result
api_broadcasts(struct req *r)
{
	json_t *b = broadcasts(r, 0);

	if (b == NULL)
		return web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed");
	return web_json(r, MHD_HTTP_OK, json_pack("{s:o}", "items", b));
}

enum MHD_Result
api_broadcast(struct req *r)
{
	long id;
	json_t *b, *one;

	if (r->arg == NULL || parse_long(r->arg, 1, 2000000000L, &id) != 0)
		return web_error(r, MHD_HTTP_NOT_FOUND, "no such broadcast");
	b = broadcasts(r, id);
	if (b == NULL)
		return web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed");
	if (json_array_size(b) != 1) {
		json_decref(b);
		return web_error(r, MHD_HTTP_NOT_FOUND, "no such broadcast");
	}
	one = json_incref(json_array_get(b, 0));
	json_decref(b);
	return web_json(r, MHD_HTTP_OK, one);
}

/* The residents' filters into q. */
static void
resident_filters(struct req *r, struct con_query *q)
{
	memset(q, 0, sizeof(*q));
	q->q = web_arg(r, "q");
	q->grp = web_arg(r, "group");
}

enum MHD_Result
api_residents(struct req *r)
{
	struct con_query q;
	struct rows rs = { json_array(), NULL };
	int page, per, total;

	resident_filters(r, &q);
	if ((q.q != NULL && strlen(q.q) > 100) ||
	    web_paging(r, &q, &page, &per) != 0) {
		json_decref(rs.arr);
		return web_error(r, MHD_HTTP_BAD_REQUEST, "q is at most 100 "
		    "bytes; page and per_page whole numbers (per_page at most "
		    "200)");
	}
	total = db_console_count(r->ctx.db, CL_RESIDENTS_COUNT, &q);
	if (total < 0 || db_console_list(r->ctx.db, CL_RESIDENTS, &q,
	    web_rows, &rs) != 0) {
		json_decref(rs.arr);
		return web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed");
	}
	return web_json(r, MHD_HTTP_OK, json_pack("{s:i, s:i, s:i, s:o}",
	    "total", total, "page", page, "per_page", per, "items", rs.arr));
}

static int
csv_row(void *arg, int n, const char *const *names, const char *const *vals)
{
	int i;

	(void)names;
	for (i = 0; i < n; i++)
		csv_sb_field(arg, vals[i], i == n - 1);
	return 0;
}

enum MHD_Result
api_residents_csv(struct req *r)
{
	struct con_query q;
	struct strbuf sb = STRBUF_INIT;
	enum MHD_Result ret;

	resident_filters(r, &q);
	q.limit = -1;
	sb_adds(&sb, "phone,name,group,registered_at,opted_out_at\r\n");
	if (db_console_list(r->ctx.db, CL_RESIDENTS, &q, csv_row, &sb) != 0)
		ret = web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed");
	else
		ret = web_csv(r, "residents.csv", &sb);
	sb_free(&sb);
	return ret;
}

/*
 * Every line of the CSV body, checked and stored in one transaction:
 * the first bad line refuses the file. 0 with *n, or -1 with *bad_line
 * and why (a bad line) or *bad_line 0 (the database).
 */
static int
import(struct req *r, FILE *f, int *n, int *bad_line, char *why,
    size_t whysz)
{
	struct csv_record *rec = xmalloc(sizeof(*rec));
	char e164[PHONE_MAX], grp[33];
	int line = 0, rc;

	*n = 0;
	*bad_line = 0;
	while ((rc = csv_read(f, rec, &line)) != 1) {
		if (rc < 0) {
			*bad_line = rec->line;
			snprintf(why, whysz, "malformed CSV");
			break;
		}
		if ((rec->line == 1 && residents_is_header(rec)) ||
		    (rec->n == 1 && rec->field[0][0] == '\0'))
			continue;
		if (residents_check(r->ctx.cfg, rec, e164, grp, sizeof(grp),
		    why, whysz) != 0) {
			*bad_line = rec->line;
			break;
		}
		if (residents_put(r->ctx.db, r->ctx.cfg, e164, rec->field[1], grp,
		    r->ctx.now) != 0)
			break;
		(*n)++;
	}
	free(rec);
	return rc == 1 ? 0 : -1;
}

enum MHD_Result
api_residents_import(struct req *r)
{
	const char *type = MHD_lookup_connection_value(r->c, MHD_HEADER_KIND,
	    "Content-Type");
	char why[160] = "", detail[200];
	int n = 0, bad = 0, rc;
	size_t skip = 0;
	FILE *f;

	if (r->up->too_big)
		return web_error(r, MHD_HTTP_CONTENT_TOO_LARGE, "a CSV of at "
		    "most %d KiB", WEB_IMPORT_MAX / 1024);
	if (type == NULL || strncasecmp(type, "text/csv", 8) != 0)
		return web_error(r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
		    "send Content-Type: text/csv");
	/* A spreadsheet's "CSV UTF-8" starts with a byte order mark. */
	if (r->up->body.len >= 3 && memcmp(r->up->body.buf, "\xef\xbb\xbf",
	    3) == 0)
		skip = 3;
	f = fmemopen((void *)(sb_str(&r->up->body) + skip),
	    r->up->body.len - skip, "r");
	if (f == NULL)
		return web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "cannot read the body");
	rc = web_tx_begin(r);
	if (rc == 0)
		rc = import(r, f, &n, &bad, why, sizeof(why));
	fclose(f);
	snprintf(detail, sizeof(detail), "%d residents", n);
	if (rc == 0)
		rc = web_audit(r, "residents import", detail);
	if (web_tx_end(r, rc) != 0) {
		if (bad > 0) {
			snprintf(detail, sizeof(detail), "line %d: %s", bad,
			    why);
			return web_json(r, MHD_HTTP_BAD_REQUEST, json_pack(
			    "{s:s, s:i}", "error", detail, "line", bad));
		}
		return web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed; nothing was imported");
	}
	return web_json(r, MHD_HTTP_OK, json_pack("{s:i}", "imported", n));
}
