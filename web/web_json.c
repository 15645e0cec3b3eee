/*
 * The console's answers: JSON with the headers every console answer
 * carries (the CSP among them), {"error": ...} refusals, CSV downloads;
 * and reading what came in: the JSON body, paging, days.
 */
#include "web_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "static.h"

#define PER_PAGE_DEFAULT 50
#define PER_PAGE_MAX 200

enum MHD_Result
web_queue(struct req *r, unsigned int status, struct MHD_Response *resp)
{
	enum MHD_Result ret;

	if (resp == NULL)
		return MHD_NO;
	static_security_headers(resp);
	ret = MHD_queue_response(r->c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

enum MHD_Result
web_json(struct req *r, unsigned int status, json_t *v)
{
	char *text = json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII);

	json_decref(v);
	return web_queue(r, status, static_json(text));
}

enum MHD_Result
web_error(struct req *r, unsigned int status, const char *fmt, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return web_json(r, status, json_pack("{s:s}", "error", why));
}

enum MHD_Result
web_csv(struct req *r, const char *filename, const struct strbuf *body)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(body->len,
	    (void *)sb_str(body), MHD_RESPMEM_MUST_COPY);
	char disp[160];

	if (resp == NULL)
		return MHD_NO;
	snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"", filename);
	MHD_add_response_header(resp, "Content-Type",
	    "text/csv; charset=utf-8");
	MHD_add_response_header(resp, "Content-Disposition", disp);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	return web_queue(r, MHD_HTTP_OK, resp);
}

const char *
web_arg(struct req *r, const char *name)
{
	const char *v = MHD_lookup_connection_value(r->c,
	    MHD_GET_ARGUMENT_KIND, name);

	return v != NULL && v[0] != '\0' ? v : NULL;
}

json_t *
web_body(struct req *r, enum MHD_Result *answered)
{
	const char *type = MHD_lookup_connection_value(r->c, MHD_HEADER_KIND,
	    "Content-Type");
	json_error_t je;
	json_t *v;

	if (r->up->too_big) {
		*answered = web_error(r, MHD_HTTP_CONTENT_TOO_LARGE,
		    "request body over %d KiB", WEB_JSON_MAX / 1024);
		return NULL;
	}
	if (type == NULL || strncasecmp(type, "application/json", 16) != 0) {
		*answered = web_error(r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
		    "send Content-Type: application/json");
		return NULL;
	}
	v = json_loadb(sb_str(&r->up->body), r->up->body.len,
	    JSON_REJECT_DUPLICATES, &je);
	if (v == NULL || !json_is_object(v)) {
		json_decref(v);
		*answered = web_error(r, MHD_HTTP_BAD_REQUEST,
		    "the body is not a JSON object");
		return NULL;
	}
	return v;
}

int
web_str(json_t *o, const char *key, const char **out)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return -1;
	*out = json_string_value(v);
	return 0;
}

int
web_paging(struct req *r, struct con_query *q, int *page, int *per)
{
	const char *p = web_arg(r, "page"), *pp = web_arg(r, "per_page");
	long a = 1, b = PER_PAGE_DEFAULT;

	if ((p != NULL && parse_long(p, 1, 1000000, &a) != 0) ||
	    (pp != NULL && parse_long(pp, 1, PER_PAGE_MAX, &b) != 0))
		return -1;
	*page = (int)a;
	*per = (int)b;
	q->limit = (int)b;
	q->offset = (int)((a - 1) * b);
	return 0;
}

/* 1 when name is in the NULL-ended list. */
static int
listed(const char *const *list, const char *name)
{
	for (; list != NULL && *list != NULL; list++)
		if (strcmp(*list, name) == 0)
			return 1;
	return 0;
}

int
web_rows(void *arg, int n, const char *const *names,
    const char *const *vals)
{
	struct rows *rs = arg;
	json_t *o = json_object();
	int i;

	for (i = 0; i < n; i++) {
		json_t *v;

		if (vals[i] == NULL)
			v = json_null();
		else if (listed(rs->ints, names[i]))
			v = strchr(vals[i], '.') != NULL ?
			    json_real(strtod(vals[i], NULL)) :
			    json_integer(strtoll(vals[i], NULL, 10));
		else
			v = json_string(vals[i]);
		/* Text that is not UTF-8 (an old row) still shows. */
		if (v == NULL)
			v = json_stringn_nocheck(vals[i], strlen(vals[i]));
		json_object_set_new(o, names[i], v);
	}
	json_array_append_new(rs->arr, o);
	return 0;
}

int64_t
web_day_start(const char *day)
{
	struct tm tm;
	int y, m, d;
	char end;

	if (day == NULL || strlen(day) != 10 ||
	    sscanf(day, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 ||
	    m < 1 || m > 12 || d < 1 || d > 31 || y < 2000 || y > 2200)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

int
web_audit(struct req *r, const char *what, const char *detail)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "console %s", what);
	return db_audit(r->ctx.db, r->admin != NULL ? r->admin->phone :
	    r->ctx.phone, cmd, 1, detail, r->ctx.now);
}

int
web_tx_begin(struct req *r)
{
	return db_begin(r->ctx.db);
}

int
web_tx_end(struct req *r, int rc)
{
	if (rc >= 0 && db_commit(r->ctx.db) == 0)
		return 0;
	db_rollback(r->ctx.db);
	return -1;
}
