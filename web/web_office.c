/*
 * The office at a glance: the settings the forms offer, Beranda's
 * summary, today's queue and calling the next number (queue_next(), as
 * LANJUT), the modems, the district link, and the satisfaction report.
 */
#include "web_int.h"

#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "office.h"
#include "queue.h"

static const char *const modem_ints[] = { "signal", "balance", NULL };
static const char *const sync_ints[] = { "backlog", "set_aside", "seq",
    "status", NULL };
static const char *const queue_ints[] = { "waiting", "called", "current",
    "number", NULL };
static const char *const sat_ints[] = { "count", "average", "m1", "m2",
    "m3", "m4", "m5", NULL };

static json_t *
strings(char **v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *
statuses(const char *kind)
{
	const char *const *st = office_statuses(kind);
	json_t *a = json_array();

	for (; *st != NULL; st++)
		json_array_append_new(a, json_string(*st));
	return a;
}

enum MHD_Result
api_settings(struct req *r)
{
	const struct gw_config *cfg = r->ctx.cfg;
	json_t *cats = json_array(), *letters = json_array(),
	    *counters = json_array();
	size_t i;

	for (i = 0; i < cfg->n_categories; i++)
		json_array_append_new(cats, json_string(cfg->categories[i].code));
	for (i = 0; i < cfg->n_letters; i++)
		json_array_append_new(letters, json_pack("{s:s, s:s, s:i}",
		    "code", cfg->letters[i].code, "name", cfg->letters[i].name,
		    "days", cfg->letters[i].days));
	for (i = 0; i < cfg->n_counters; i++)
		json_array_append_new(counters, json_pack("{s:s, s:s, s:s}",
		    "code", cfg->counters[i].code, "name",
		    cfg->counters[i].name, "hours", cfg->counters[i].hours));
	return web_json(r, MHD_HTTP_OK, json_pack("{s:s, s:s, s:o, s:o, s:o, "
	    "s:o, s:{s:o, s:o}, s:i, s:s}", "gateway", cfg->id, "language",
	    cfg->language, "groups", strings(cfg->groups, cfg->n_groups),
	    "categories", cats, "letters", letters, "counters", counters,
	    "statuses", "complaint", statuses("complaint"), "letter",
	    statuses("letter"), "price_per_sms", cfg->price_per_sms,
	    "quiet_hours", cfg->quiet_hours));
}

/* The first row of a listing as an object (new), or NULL. */
static json_t *
first_row(json_t *arr)
{
	json_t *o = json_incref(json_array_get(arr, 0));

	json_decref(arr);
	return o;
}

/* Each modem with what it sent today. */
static json_t *
modems(struct req *r)
{
	struct rows rs = { json_array(), modem_ints };
	char day[11];
	size_t i;
	json_t *m;

	db_day(r->ctx.now, day);
	if (db_report(r->ctx.db, REP_MODEMS, -1, web_rows, &rs) != 0) {
		json_decref(rs.arr);
		return NULL;
	}
	json_array_foreach(rs.arr, i, m) {
		const char *name = json_string_value(json_object_get(m,
		    "name"));
		int sent = db_modem_sent_since(r->ctx.db, name,
		    web_day_start(day));

		json_object_set_new(m, "sent_today", json_integer(sent < 0 ?
		    0 : sent));
	}
	return rs.arr;
}

/* Today's queue per configured counter; with entries when wanted. */
static json_t *
queue_today(struct req *r, const char *day, int entries)
{
	const struct gw_config *cfg = r->ctx.cfg;
	struct con_query q;
	struct rows counts = { json_array(), queue_ints };
	json_t *out = json_array(), *c, *e;
	size_t i, j;

	memset(&q, 0, sizeof(q));
	q.day = day;
	if (db_console_list(r->ctx.db, CL_QUEUE_COUNTERS, &q, web_rows,
	    &counts) != 0)
		goto fail;
	for (i = 0; i < cfg->n_counters; i++) {
		const struct counter_conf *cc = &cfg->counters[i];
		json_t *row = NULL;

		json_array_foreach(counts.arr, j, e)
			if (strcmp(json_string_value(json_object_get(e,
			    "counter")), cc->code) == 0)
				row = e;
		c = json_pack("{s:s, s:s, s:s, s:b, s:I, s:I, s:O?}", "code",
		    cc->code, "name", cc->name, "hours", cc->hours, "open",
		    hours_contain(cc->hours, r->ctx.now), "waiting",
		    json_integer_value(json_object_get(row, "waiting")),
		    "called", json_integer_value(json_object_get(row,
		    "called")), "current", json_object_get(row, "current"));
		json_array_append_new(out, c);
	}
	if (entries) {
		struct rows rs = { json_array(), queue_ints };

		if (db_report_filtered(r->ctx.db, REP_QUEUE, day, -1, web_rows,
		    &rs) != 0) {
			json_decref(rs.arr);
			goto fail;
		}
		json_array_foreach(out, i, c) {
			json_t *list = json_array();
			const char *code = json_string_value(json_object_get(c,
			    "code"));

			json_array_foreach(rs.arr, j, e)
				if (strcmp(json_string_value(json_object_get(e,
				    "counter")), code) == 0)
					json_array_append(list, e);
			json_object_set_new(c, "entries", list);
		}
		json_array_foreach(rs.arr, j, e)
			json_object_del(e, "counter");
		json_decref(rs.arr);
	}
	json_decref(counts.arr);
	return out;
fail:
	json_decref(counts.arr);
	json_decref(out);
	return NULL;
}

/* One-row listing which as an object (new), or NULL. */
static json_t *
one_row(struct req *r, enum con_list which, const struct con_query *q,
    const char *const *ints)
{
	struct rows rs = { json_array(), ints };

	if (db_console_list(r->ctx.db, which, q, web_rows, &rs) != 0) {
		json_decref(rs.arr);
		return NULL;
	}
	return first_row(rs.arr);
}

static const char *const count_ints[] = { "baru", "diproses", "today",
    "waiting", "ready", NULL };

enum MHD_Result
api_summary(struct req *r)
{
	struct con_query q;
	struct rows sync = { json_array(), sync_ints };
	char day[11], now[21];
	json_t *out = NULL, *complaints, *letters = NULL, *queue = NULL,
	    *mods = NULL, *sy = NULL;
	int used;

	db_day(r->ctx.now, day);
	iso_time(r->ctx.now, now);
	memset(&q, 0, sizeof(q));
	q.from = web_day_start(day);
	if (strcmp(r->admin->role, "office") == 0)
		q.category = r->admin->category;
	complaints = one_row(r, CL_SUMMARY_COMPLAINTS, &q, count_ints);
	if (complaints == NULL)
		goto fail;
	if (strcmp(r->admin->role, "office") == 0) {
		json_decref(sync.arr);
		return web_json(r, MHD_HTTP_OK, json_pack("{s:s, s:s, s:o}",
		    "now", now, "day", day, "complaints", complaints));
	}
	letters = one_row(r, CL_SUMMARY_LETTERS, &q, count_ints);
	queue = queue_today(r, day, 0);
	mods = modems(r);
	used = db_budget_used(r->ctx.db, r->ctx.now);
	if (letters == NULL || queue == NULL || mods == NULL || used < 0 ||
	    db_report(r->ctx.db, REP_BACKLOG, 1, web_rows, &sync) != 0)
		goto fail;
	sy = first_row(sync.arr);
	sync.arr = NULL;
	json_object_del(sy, "oldest");
	out = json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:{s:i, s:i}, s:o}",
	    "now", now, "day", day, "complaints", complaints, "letters",
	    letters, "queue", queue, "modems", mods, "budget", "used", used,
	    "limit", r->ctx.cfg->daily_sms_budget, "sync", sy);
	return web_json(r, MHD_HTTP_OK, out);
fail:
	json_decref(complaints);
	json_decref(letters);
	json_decref(queue);
	json_decref(mods);
	json_decref(sync.arr);
	return web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
	    "the database failed");
}

enum MHD_Result
api_queue(struct req *r)
{
	char day[11];
	json_t *q;

	db_day(r->ctx.now, day);
	q = queue_today(r, day, 1);
	if (q == NULL)
		return web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed");
	return web_json(r, MHD_HTTP_OK, json_pack("{s:s, s:o}", "day", day,
	    "counters", q));
}

enum MHD_Result
api_queue_next(struct req *r)
{
	const struct counter_conf *cc = config_counter(r->ctx.cfg, r->arg);
	struct reply out = { STRBUF_INIT };
	struct queue_entry e;
	enum MHD_Result ret = MHD_NO;
	json_t *body = NULL, *skip;
	char day[11];
	int rc, waiting, before;

	if (cc == NULL)
		return web_error(r, MHD_HTTP_NOT_FOUND, "no such counter");
	/* The body is optional: none, or {"skip": true}. */
	if (r->up->body.len > 0) {
		body = web_body(r, &ret);
		if (body == NULL)
			return ret;
	}
	skip = json_object_get(body, "skip");
	if (skip != NULL && !json_is_boolean(skip)) {
		json_decref(body);
		return web_error(r, MHD_HTTP_BAD_REQUEST, "skip must be true "
		    "or false");
	}
	db_day(r->ctx.now, day);
	before = db_queue_ahead(r->ctx.db, day, cc->code, 0);
	rc = web_tx_begin(r);
	if (rc == 0)
		rc = queue_next(&r->ctx, cc, json_is_true(skip), &out);
	if (rc == 0)
		rc = web_audit(r, "queue next", cc->code);
	if (web_tx_end(r, rc) != 0) {
		ret = web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed; nothing changed");
		goto out;
	}
	rc = db_queue_last_called(r->ctx.db, day, cc->code, &e);
	waiting = db_queue_ahead(r->ctx.db, day, cc->code, 0);
	ret = web_json(r, MHD_HTTP_OK, json_pack("{s:s, s:o, s:i, s:s}",
	    "counter", cc->code, "called", rc == 0 && before > 0 ?
	    json_integer(e.number) : json_null(), "waiting", waiting < 0 ?
	    0 : waiting, "message", sb_str(&out.text)));
out:
	sb_free(&out.text);
	json_decref(body);
	return ret;
}

enum MHD_Result
api_modems(struct req *r)
{
	json_t *m = modems(r);

	if (m == NULL)
		return web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed");
	return web_json(r, MHD_HTTP_OK, json_pack("{s:o}", "items", m));
}

enum MHD_Result
api_sync(struct req *r)
{
	struct rows b = { json_array(), sync_ints },
	    rej = { json_array(), sync_ints };
	json_t *out;

	if (db_report(r->ctx.db, REP_BACKLOG, 1, web_rows, &b) != 0 ||
	    db_report(r->ctx.db, REP_SYNC_REJECTED, 500, web_rows, &rej) != 0) {
		json_decref(b.arr);
		json_decref(rej.arr);
		return web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed");
	}
	out = first_row(b.arr);
	json_object_set_new(out, "configured", json_boolean(
	    r->ctx.cfg->sync_url[0] != '\0'));
	json_object_set_new(out, "rejected", rej.arr);
	return web_json(r, MHD_HTTP_OK, out);
}

enum MHD_Result
api_sync_retry(struct req *r)
{
	int n = -1, rc = web_tx_begin(r);

	if (rc == 0)
		rc = n = db_sync_retry_rejected(r->ctx.db);
	if (rc >= 0)
		rc = web_audit(r, "sync retry", NULL);
	if (web_tx_end(r, rc) != 0)
		return web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed; nothing changed");
	return web_json(r, MHD_HTTP_OK, json_pack("{s:i}", "requeued", n));
}

/* The month argument: 0 with *month (NULL: every month), or -1. */
static int
month_arg(struct req *r, const char **month)
{
	const char *m = web_arg(r, "month");
	int y, mo;
	char end;

	*month = m;
	if (m == NULL)
		return 0;
	if (strlen(m) != 7 || sscanf(m, "%4d-%2d%c", &y, &mo, &end) != 2 ||
	    mo < 1 || mo > 12 || m[4] != '-')
		return -1;
	return 0;
}

/* Satisfaction rows into rs; 0, or answered. */
static int
satisfaction(struct req *r, struct rows *rs, const char **month,
    enum MHD_Result *ret)
{
	if (month_arg(r, month) != 0) {
		*ret = web_error(r, MHD_HTTP_BAD_REQUEST, "month must be "
		    "YYYY-MM");
		return -1;
	}
	if (db_report_filtered(r->ctx.db, REP_SATISFACTION, *month, -1,
	    web_rows, rs) != 0) {
		*ret = web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed");
		return -1;
	}
	return 0;
}

enum MHD_Result
api_satisfaction(struct req *r)
{
	struct rows rs = { json_array(), sat_ints };
	enum MHD_Result ret;
	const char *month;
	size_t i;
	json_t *o;

	if (satisfaction(r, &rs, &month, &ret) != 0) {
		json_decref(rs.arr);
		return ret;
	}
	json_array_foreach(rs.arr, i, o) {
		json_t *marks = json_array();
		char k[3] = "m0";
		int m;

		for (m = 1; m <= 5; m++) {
			k[1] = (char)('0' + m);
			json_array_append(marks, json_object_get(o, k));
			json_object_del(o, k);
		}
		json_object_set_new(o, "marks", marks);
	}
	return web_json(r, MHD_HTTP_OK, json_pack("{s:s?, s:o}", "month",
	    month, "items", rs.arr));
}

enum MHD_Result
api_satisfaction_csv(struct req *r)
{
	static const char *const cols[] = { "service", "category", "count",
	    "average", "m1", "m2", "m3", "m4", "m5" };
	struct rows rs = { json_array(), NULL };
	struct strbuf sb = STRBUF_INIT;
	enum MHD_Result ret;
	const char *month;
	char name[64];
	size_t i, j;
	json_t *o;

	if (satisfaction(r, &rs, &month, &ret) != 0) {
		json_decref(rs.arr);
		return ret;
	}
	for (j = 0; j < ARRAY_LEN(cols); j++)
		csv_sb_field(&sb, cols[j], j + 1 == ARRAY_LEN(cols));
	json_array_foreach(rs.arr, i, o)
		for (j = 0; j < ARRAY_LEN(cols); j++)
			csv_sb_field(&sb, json_string_value(json_object_get(o,
			    cols[j])), j + 1 == ARRAY_LEN(cols));
	snprintf(name, sizeof(name), "satisfaction%s%s.csv", month ? "-" : "",
	    month ? month : "");
	ret = web_csv(r, name, &sb);
	sb_free(&sb);
	json_decref(rs.arr);
	return ret;
}
