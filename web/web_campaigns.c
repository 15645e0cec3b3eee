/*
 * Polls and surveys from the console: created from the same JSON as the
 * CLI and the district (poll_create, survey_create), sent and closed
 * through services/, and their results per option and per group, as
 * JSON for the charts and as CSV with the options by their names.
 */
#include "web_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "poll.h"
#include "survey.h"


static const char *const poll_ints[] = { "votes", "public_results",
    "option", "count", "responses", NULL };

/* The code of the path, or NULL when it cannot be one. */
static const char *
path_code(struct req *r)
{
	size_t i;

	if (r->arg == NULL || strlen(r->arg) > 12)
		return NULL;
	for (i = 0; r->arg[i] != '\0'; i++)
		if (!((r->arg[i] >= 'A' && r->arg[i] <= 'Z') ||
		    (r->arg[i] >= '0' && r->arg[i] <= '9')))
			return NULL;
	return r->arg;
}

/* A poll row made presentable: options parsed, the flag a boolean. */
static void
poll_fix(json_t *o)
{
	const char *opts = json_string_value(json_object_get(o, "options"));

	json_object_set_new(o, "options", opts ? json_loads(opts, 0, NULL) :
	    json_array());
	json_object_set_new(o, "public_results", json_boolean(
	    json_integer_value(json_object_get(o, "public_results"))));
}

/* Polls (all, or the one code) as an array; NULL on error. */
static json_t *
polls(struct req *r, const char *code)
{
	struct rows rs = { json_array(), poll_ints };
	size_t i;
	json_t *o;

	if (db_report_filtered(r->ctx.db, REP_POLLS, code, -1, web_rows,
	    &rs) != 0) {
		json_decref(rs.arr);
		return NULL;
	}
	json_array_foreach(rs.arr, i, o)
		poll_fix(o);
	return rs.arr;
}

enum MHD_Result
api_polls(struct req *r)
{
	json_t *p = polls(r, NULL);

	if (p == NULL)
		return web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed");
	return web_json(r, MHD_HTTP_OK, json_pack("{s:o}", "items", p));
}

/*
 * Create a poll or a survey from the body: 201, 400 with what is wrong,
 * 409 when the code is taken.
 */
static enum MHD_Result
create(struct req *r, int is_poll)
{
	enum MHD_Result ret = MHD_NO;
	json_t *body = web_body(r, &ret);
	const char *code = NULL;
	char out[16], err[256] = "", *title = NULL, *qs = NULL;
	struct poll p = { 0 };
	int rc, taken;

	if (body == NULL)
		return ret;
	web_str(body, "code", &code);
	taken = code == NULL ? 0 : is_poll ? db_poll_get(r->ctx.db, code,
	    &p) == 0 : db_survey_get(r->ctx.db, code, &title, &qs) == 0;
	poll_clear(&p);
	free(title);
	free(qs);
	if (taken)
		ret = web_error(r, MHD_HTTP_CONFLICT, "there is already a %s "
		    "%.12s", is_poll ? "poll" : "survey", code);
	json_decref(body);
	if (taken)
		return ret;
	rc = web_tx_begin(r);
	if (rc == 0)
		rc = is_poll ? poll_create(&r->ctx, sb_str(&r->up->body), out,
		    sizeof(out), err, sizeof(err)) : survey_create(&r->ctx,
		    sb_str(&r->up->body), out, sizeof(out), err, sizeof(err));
	if (rc == 0)
		rc = web_audit(r, is_poll ? "poll create" : "survey create",
		    out);
	if (web_tx_end(r, rc) != 0) {
		if (rc == -1)
			return web_error(r, MHD_HTTP_BAD_REQUEST, "%s", err);
		return web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed; nothing changed");
	}
	return web_json(r, MHD_HTTP_CREATED, json_pack("{s:s}", "code", out));
}

enum MHD_Result
api_poll_create(struct req *r)
{
	return create(r, 1);
}

enum MHD_Result
api_survey_create(struct req *r)
{
	return create(r, 0);
}

/* The poll of the path: 0 and *p, or answered (404). */
static int
poll_of_path(struct req *r, struct poll *p, enum MHD_Result *ret)
{
	const char *code = path_code(r);
	int rc = code ? db_poll_get(r->ctx.db, code, p) : 1;

	if (rc == 0)
		return 0;
	*ret = rc < 0 ? web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
	    "the database failed") : web_error(r, MHD_HTTP_NOT_FOUND,
	    "no such poll");
	return -1;
}

enum MHD_Result
api_poll_send(struct req *r)
{
	struct poll p = { 0 };
	enum MHD_Result ret;
	int n = -1, rc;

	if (poll_of_path(r, &p, &ret) != 0)
		return ret;
	if (!poll_is_open(&r->ctx, &p)) {
		poll_clear(&p);
		return web_error(r, MHD_HTTP_CONFLICT, "poll %s is closed",
		    r->arg);
	}
	poll_clear(&p);
	rc = web_tx_begin(r);
	if (rc == 0)
		rc = n = poll_send(&r->ctx, r->arg);
	if (rc >= 0)
		rc = web_audit(r, "poll send", r->arg);
	if (web_tx_end(r, rc) != 0)
		return web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed; nothing changed");
	return web_json(r, MHD_HTTP_OK, json_pack("{s:s, s:i}", "code", r->arg,
	    "queued", n));
}

enum MHD_Result
api_poll_close(struct req *r)
{
	struct poll p = { 0 };
	enum MHD_Result ret;
	int rc;

	if (poll_of_path(r, &p, &ret) != 0)
		return ret;
	poll_clear(&p);
	rc = web_tx_begin(r);
	if (rc == 0)
		rc = db_poll_close(r->ctx.db, r->arg, r->ctx.now);
	if (rc == 0)
		rc = web_audit(r, "poll close", r->arg);
	if (web_tx_end(r, rc) != 0)
		return web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed; nothing changed");
	return web_json(r, MHD_HTTP_OK, json_pack("{s:s, s:s}", "code", r->arg,
	    "status", "closed"));
}

/* Every option of opts with its votes in rows (option, count). */
static json_t *
tally(json_t *opts, json_t *rows, const char *group)
{
	json_t *out = json_array(), *row, *name;
	size_t i, j;

	json_array_foreach(opts, i, name) {
		json_int_t votes = 0;

		json_array_foreach(rows, j, row) {
			const char *g = json_string_value(json_object_get(row,
			    "group"));

			if (json_integer_value(json_object_get(row, "option")) ==
			    (json_int_t)(i + 1) && (group == NULL ||
			    (g != NULL && strcmp(g, group) == 0)))
				votes += json_integer_value(json_object_get(row,
				    "count"));
		}
		json_array_append_new(out, json_pack("{s:I, s:O, s:I}",
		    "option", (json_int_t)(i + 1), "name", name, "votes",
		    votes));
	}
	return out;
}

/* The groups' rows of a poll (REP_POLL_GROUPS); NULL on error. */
static json_t *
group_rows(struct req *r)
{
	/* The whole village and the voters of no group, as the pages
	 * name them. */
	static const char *const words[] = { "(all)", "(none)", NULL };
	struct rows rs = { json_array(), poll_ints };

	if (db_report_words(r->ctx.db, REP_POLL_GROUPS, r->arg, words, -1,
	    web_rows, &rs) != 0) {
		json_decref(rs.arr);
		return NULL;
	}
	return rs.arr;
}

enum MHD_Result
api_poll(struct req *r)
{
	json_t *all = path_code(r) ? polls(r, r->arg) : NULL, *p, *rows,
	    *groups, *g;
	const char *name;
	size_t i;

	if (all == NULL || json_array_size(all) != 1) {
		json_decref(all);
		return web_error(r, MHD_HTTP_NOT_FOUND, "no such poll");
	}
	p = json_incref(json_array_get(all, 0));
	json_decref(all);
	rows = group_rows(r);
	if (rows == NULL) {
		json_decref(p);
		return web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed");
	}
	json_object_set_new(p, "total", json_object_get(p, "votes") ?
	    json_incref(json_object_get(p, "votes")) : json_integer(0));
	json_object_set_new(p, "results", tally(json_object_get(p, "options"),
	    rows, "(all)"));
	groups = json_array();
	json_array_foreach(rows, i, g) {
		size_t j;
		json_t *seen;
		int dup = 0;

		name = json_string_value(json_object_get(g, "group"));
		if (name == NULL || strcmp(name, "(all)") == 0)
			continue;
		json_array_foreach(groups, j, seen)
			if (strcmp(json_string_value(json_object_get(seen,
			    "group")), name) == 0)
				dup = 1;
		if (!dup)
			json_array_append_new(groups, json_pack("{s:s, s:o}",
			    "group", name, "results", tally(json_object_get(p,
			    "options"), rows, name)));
	}
	json_object_set_new(p, "groups", groups);
	json_decref(rows);
	return web_json(r, MHD_HTTP_OK, p);
}

enum MHD_Result
api_poll_csv(struct req *r)
{
	struct poll p = { 0 };
	struct strbuf sb = STRBUF_INIT;
	enum MHD_Result ret;
	json_t *opts, *rows, *row;
	char name[64], num[32];
	size_t i;

	if (poll_of_path(r, &p, &ret) != 0)
		return ret;
	opts = json_loads(p.options, 0, NULL);
	poll_clear(&p);
	rows = group_rows(r);
	if (rows == NULL) {
		json_decref(opts);
		return web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed");
	}
	/* Every option of the whole poll, voted for or not; then the
	 * groups' rows as they are. */
	sb_adds(&sb, "group,option,name,votes\r\n");
	for (i = 0; i < json_array_size(opts); i++) {
		json_t *t = tally(opts, rows, "(all)");

		snprintf(num, sizeof(num), "%zu", i + 1);
		csv_sb_field(&sb, "(all)", 0);
		csv_sb_field(&sb, num, 0);
		csv_sb_field(&sb, json_string_value(json_array_get(opts, i)), 0);
		snprintf(num, sizeof(num), "%lld", (long long)
		    json_integer_value(json_object_get(json_array_get(t, i),
		    "votes")));
		csv_sb_field(&sb, num, 1);
		json_decref(t);
	}
	json_array_foreach(rows, i, row) {
		const char *g = json_string_value(json_object_get(row, "group"));
		json_int_t o = json_integer_value(json_object_get(row,
		    "option"));

		if (g == NULL || strcmp(g, "(all)") == 0)
			continue;
		csv_sb_field(&sb, g, 0);
		snprintf(num, sizeof(num), "%lld", (long long)o);
		csv_sb_field(&sb, num, 0);
		csv_sb_field(&sb, json_string_value(json_array_get(opts,
		    (size_t)(o - 1))), 0);
		snprintf(num, sizeof(num), "%lld", (long long)
		    json_integer_value(json_object_get(row, "count")));
		csv_sb_field(&sb, num, 1);
	}
	snprintf(name, sizeof(name), "poll-%s.csv", r->arg);
	ret = web_csv(r, name, &sb);
	sb_free(&sb);
	json_decref(opts);
	json_decref(rows);
	return ret;
}
