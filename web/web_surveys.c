/*
 * Surveys from the console: listed, created (in web_campaigns.c, with
 * polls), sent through survey_send(), and their results: counts per
 * option for choices, the spread of numbers, the newest texts; as CSV,
 * one row a response with the choices by their names.
 */
#include "web_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "survey.h"

#define TEXT_ANSWERS_SHOWN 20

static const char *const survey_ints[] = { "responses", "id", NULL };

/* Surveys (all, or code) with their questions parsed; NULL on error. */
static json_t *
surveys(struct req *r, const char *code)
{
	struct con_query q;
	struct rows rs = { json_array(), survey_ints };
	size_t i;
	json_t *o;

	memset(&q, 0, sizeof(q));
	q.code = code;
	q.limit = -1;
	if (db_console_list(r->ctx.db, CL_SURVEYS, &q, web_rows, &rs) != 0) {
		json_decref(rs.arr);
		return NULL;
	}
	json_array_foreach(rs.arr, i, o) {
		const char *qs = json_string_value(json_object_get(o,
		    "questions"));

		json_object_set_new(o, "questions", qs ? json_loads(qs, 0,
		    NULL) : json_array());
	}
	return rs.arr;
}

enum MHD_Result
api_surveys(struct req *r)
{
	json_t *s = surveys(r, NULL);

	if (s == NULL)
		return web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed");
	return web_json(r, MHD_HTTP_OK, json_pack("{s:o}", "items", s));
}

/* The survey of the path (new), or NULL after answering. */
static json_t *
survey_of_path(struct req *r, enum MHD_Result *ret)
{
	json_t *all = r->arg != NULL && strlen(r->arg) <= 12 ?
	    surveys(r, r->arg) : json_array(), *s;

	if (all == NULL) {
		*ret = web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed");
		return NULL;
	}
	if (json_array_size(all) != 1) {
		json_decref(all);
		*ret = web_error(r, MHD_HTTP_NOT_FOUND, "no such survey");
		return NULL;
	}
	s = json_incref(json_array_get(all, 0));
	json_decref(all);
	return s;
}

enum MHD_Result
api_survey_send(struct req *r)
{
	enum MHD_Result ret = MHD_NO;
	json_t *s = survey_of_path(r, &ret), *body = NULL;
	const char *grp = NULL;
	int n = -1, rc;

	if (s == NULL)
		return ret;
	json_decref(s);
	if (r->up->body.len > 0) {
		body = web_body(r, &ret);
		if (body == NULL)
			return ret;
		if (web_str(body, "group", &grp) != 0 || (grp != NULL &&
		    !config_group_known(r->ctx.cfg, grp))) {
			json_decref(body);
			return web_error(r, MHD_HTTP_BAD_REQUEST, "group must be "
			    "one of the configured groups, or null");
		}
	}
	rc = web_tx_begin(r);
	if (rc == 0)
		rc = n = survey_send(&r->ctx, r->arg, grp);
	if (rc >= 0)
		rc = web_audit(r, "survey send", r->arg);
	json_decref(body);
	if (web_tx_end(r, rc) != 0)
		return web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed; nothing changed");
	return web_json(r, MHD_HTTP_OK, json_pack("{s:s, s:i}", "code", r->arg,
	    "queued", n));
}

/* Every response of the path's survey, oldest first; NULL on error. */
static json_t *
responses(struct req *r)
{
	struct rows rs = { json_array(), survey_ints };
	size_t i;
	json_t *o;

	if (db_report_filtered(r->ctx.db, REP_SURVEY_RESPONSES, r->arg, -1,
	    web_rows, &rs) != 0) {
		json_decref(rs.arr);
		return NULL;
	}
	json_array_foreach(rs.arr, i, o) {
		const char *a = json_string_value(json_object_get(o,
		    "answers"));

		json_object_set_new(o, "answers", a ? json_loads(a, 0, NULL) :
		    json_array());
	}
	return rs.arr;
}

/* The results of question k over every response. */
static json_t *
question_result(json_t *q, size_t k, json_t *resp)
{
	const char *type = json_string_value(json_object_get(q, "type"));
	json_t *opts = json_object_get(q, "options"), *o, *out, *list;
	json_int_t count = 0, min = 0, max = 0, sum = 0;
	size_t i, j;

	out = json_pack("{s:O?, s:s?}", "question", json_object_get(q, "text"),
	    "type", type);
	if (type != NULL && strcmp(type, "choice") == 0) {
		list = json_array();
		json_array_foreach(opts, j, o) {
			json_int_t c = 0;
			size_t m;
			json_t *rr;

			json_array_foreach(resp, m, rr)
				if (json_integer_value(json_array_get(
				    json_object_get(rr, "answers"), k)) ==
				    (json_int_t)(j + 1))
					c++;
			json_array_append_new(list, json_pack("{s:I, s:O, s:I}",
			    "option", (json_int_t)(j + 1), "name", o, "count",
			    c));
		}
		json_object_set_new(out, "counts", list);
		return out;
	}
	list = json_array();
	json_array_foreach(resp, i, o) {
		json_t *a = json_array_get(json_object_get(o, "answers"), k);

		if (json_is_integer(a)) {
			json_int_t v = json_integer_value(a);

			min = count == 0 || v < min ? v : min;
			max = count == 0 || v > max ? v : max;
			sum += v;
			count++;
		} else if (json_is_string(a)) {
			count++;
			json_array_insert(list, 0, a);	/* newest first */
			if (json_array_size(list) > TEXT_ANSWERS_SHOWN)
				json_array_remove(list, TEXT_ANSWERS_SHOWN);
		}
	}
	json_object_set_new(out, "count", json_integer(count));
	if (type != NULL && strcmp(type, "number") == 0) {
		json_object_set_new(out, "min", count ? json_integer(min) :
		    json_null());
		json_object_set_new(out, "max", count ? json_integer(max) :
		    json_null());
		json_object_set_new(out, "average", count ? json_real(
		    (double)sum / (double)count) : json_null());
		json_decref(list);
	} else
		json_object_set_new(out, "latest", list);
	return out;
}

enum MHD_Result
api_survey(struct req *r)
{
	enum MHD_Result ret = MHD_NO;
	json_t *s = survey_of_path(r, &ret), *resp, *res, *q;
	size_t k;

	if (s == NULL)
		return ret;
	resp = responses(r);
	if (resp == NULL) {
		json_decref(s);
		return web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed");
	}
	res = json_array();
	json_array_foreach(json_object_get(s, "questions"), k, q)
		json_array_append_new(res, question_result(q, k, resp));
	json_object_set_new(s, "results", res);
	json_decref(resp);
	return web_json(r, MHD_HTTP_OK, s);
}

/* One answer as CSV text: a choice by its option's name. */
static void
answer_field(struct strbuf *sb, json_t *q, json_t *a, int last)
{
	char num[32];

	if (json_is_integer(a)) {
		const char *type = json_string_value(json_object_get(q,
		    "type"));
		json_int_t v = json_integer_value(a);

		if (type != NULL && strcmp(type, "choice") == 0 && v >= 1) {
			csv_sb_field(sb, json_string_value(json_array_get(
			    json_object_get(q, "options"), (size_t)(v - 1))),
			    last);
			return;
		}
		snprintf(num, sizeof(num), "%lld", (long long)v);
		csv_sb_field(sb, num, last);
		return;
	}
	csv_sb_field(sb, json_string_value(a), last);
}

enum MHD_Result
api_survey_csv(struct req *r)
{
	enum MHD_Result ret = MHD_NO;
	json_t *s = survey_of_path(r, &ret), *resp, *qs, *q, *o;
	struct strbuf sb = STRBUF_INIT;
	char name[64], num[32];
	size_t i, k, n;

	if (s == NULL)
		return ret;
	resp = responses(r);
	if (resp == NULL) {
		json_decref(s);
		return web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed");
	}
	qs = json_object_get(s, "questions");
	n = json_array_size(qs);
	sb_adds(&sb, n > 0 ? "id,at," : "id,at\r\n");
	json_array_foreach(qs, k, q)
		csv_sb_field(&sb, json_string_value(json_object_get(q, "text")),
		    k + 1 == n);
	json_array_foreach(resp, i, o) {
		snprintf(num, sizeof(num), "%lld", (long long)
		    json_integer_value(json_object_get(o, "id")));
		csv_sb_field(&sb, num, 0);
		csv_sb_field(&sb, json_string_value(json_object_get(o, "at")),
		    n == 0);
		json_array_foreach(qs, k, q)
			answer_field(&sb, q, json_array_get(json_object_get(o,
			    "answers"), k), k + 1 == n);
	}
	snprintf(name, sizeof(name), "survey-%s.csv", r->arg);
	ret = web_csv(r, name, &sb);
	sb_free(&sb);
	json_decref(resp);
	json_decref(s);
	return ret;
}
