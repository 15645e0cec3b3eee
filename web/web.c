/*
 * The console's front door: the route table of the API (method, path
 * with at most one * segment, who may call it), the session and CSRF
 * checks every route but login passes, and the embedded pages for
 * everything else. Every answer, refusals included, carries the CSP.
 */
#include "web_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "password.h"
#include "static.h"

#define API_PREFIX "/api/"
#define IMPORT_PATH "/api/v1/residents/import"
#define OTHER_BODY_MAX 4096	/* the pages take no bodies */

struct route {
	const char	*method;
	const char	*path;		/* "*" stands for one segment */
	web_fn		 fn;
	enum web_role	 role;
};

static const struct route routes[] = {
	{ "POST", "/api/v1/login", api_login, WR_ANY },
	{ "POST", "/api/v1/logout", api_logout, WR_OFFICE_OK },
	{ "GET", "/api/v1/me", api_me, WR_OFFICE_OK },
	{ "GET", "/api/v1/settings", api_settings, WR_OFFICE_OK },
	{ "GET", "/api/v1/summary", api_summary, WR_OFFICE_OK },
	{ "GET", "/api/v1/complaints", api_complaints, WR_OFFICE_OK },
	{ "GET", "/api/v1/complaints/*", api_complaint, WR_OFFICE_OK },
	{ "POST", "/api/v1/complaints/*/status", api_complaint_status,
	    WR_OFFICE_OK },
	{ "POST", "/api/v1/complaints/*/category", api_complaint_category,
	    WR_OFFICE_OK },
	{ "GET", "/api/v1/letters", api_letters, WR_STAFF },
	{ "POST", "/api/v1/letters/*/status", api_letter_status, WR_STAFF },
	{ "GET", "/api/v1/queue", api_queue, WR_STAFF },
	{ "POST", "/api/v1/queue/*/next", api_queue_next, WR_STAFF },
	{ "GET", "/api/v1/polls", api_polls, WR_STAFF },
	{ "POST", "/api/v1/polls", api_poll_create, WR_STAFF },
	{ "GET", "/api/v1/polls/*", api_poll, WR_STAFF },
	{ "POST", "/api/v1/polls/*/send", api_poll_send, WR_STAFF },
	{ "POST", "/api/v1/polls/*/close", api_poll_close, WR_STAFF },
	{ "GET", "/api/v1/polls/*/results.csv", api_poll_csv, WR_STAFF },
	{ "GET", "/api/v1/surveys", api_surveys, WR_STAFF },
	{ "POST", "/api/v1/surveys", api_survey_create, WR_STAFF },
	{ "GET", "/api/v1/surveys/*", api_survey, WR_STAFF },
	{ "POST", "/api/v1/surveys/*/send", api_survey_send, WR_STAFF },
	{ "GET", "/api/v1/surveys/*/results.csv", api_survey_csv, WR_STAFF },
	{ "POST", "/api/v1/broadcasts/estimate", api_bc_estimate, WR_STAFF },
	{ "POST", "/api/v1/broadcasts", api_bc_send, WR_STAFF },
	{ "GET", "/api/v1/broadcasts", api_broadcasts, WR_STAFF },
	{ "GET", "/api/v1/broadcasts/*", api_broadcast, WR_STAFF },
	{ "GET", "/api/v1/residents", api_residents, WR_STAFF },
	{ "GET", "/api/v1/residents.csv", api_residents_csv, WR_STAFF },
	{ "POST", "/api/v1/residents/import", api_residents_import, WR_STAFF },
	{ "GET", "/api/v1/modems", api_modems, WR_STAFF },
	{ "GET", "/api/v1/sync", api_sync, WR_STAFF },
	{ "POST", "/api/v1/sync/retry", api_sync_retry, WR_STAFF },
	{ "GET", "/api/v1/satisfaction", api_satisfaction, WR_STAFF },
	{ "GET", "/api/v1/satisfaction.csv", api_satisfaction_csv, WR_STAFF },
	{ NULL, NULL, NULL, WR_ANY }
};

/*
 * 1 when url matches pattern segment by segment; the * segment (not
 * empty, no '/', under argsz bytes) is copied into arg.
 */
static int
path_match(const char *pattern, const char *url, char *arg, size_t argsz)
{
	while (*pattern != '\0' && *url != '\0') {
		if (*pattern == '*') {
			size_t n = strcspn(url, "/");

			if (n == 0 || n >= argsz)
				return 0;
			memcpy(arg, url, n);
			arg[n] = '\0';
			url += n;
			pattern++;
			continue;
		}
		if (*pattern != *url)
			return 0;
		pattern++;
		url++;
	}
	return *pattern == '\0' && *url == '\0';
}

/* The route of method and url; *path_known when another method has it. */
static const struct route *
route_find(const char *method, const char *url, char *arg, size_t argsz,
    int *path_known)
{
	const struct route *rt;

	*path_known = 0;
	for (rt = routes; rt->path != NULL; rt++) {
		if (!path_match(rt->path, url, arg, argsz))
			continue;
		if (strcmp(rt->method, method) == 0)
			return rt;
		*path_known = 1;
	}
	arg[0] = '\0';
	return NULL;
}

struct web *
web_create(struct gateway *gw, struct db *db, int tls)
{
	struct web *w = xcalloc(1, sizeof(*w));

	w->gw = gw;
	w->db = db;
	w->tls = tls;
	/* What an unknown number's password is checked against, so that
	 * the answer takes as long as for an admin. */
	if (password_hash("no admin has this password", w->dummy_hash,
	    sizeof(w->dummy_hash)) != 0)
		w->dummy_hash[0] = '\0';
	return w;
}

void
web_destroy(struct web *w)
{
	free(w);
}

size_t
web_body_cap(const char *url)
{
	if (strcmp(url, IMPORT_PATH) == 0)
		return WEB_IMPORT_MAX;
	if (strncmp(url, API_PREFIX, strlen(API_PREFIX)) == 0)
		return WEB_JSON_MAX;
	return OTHER_BODY_MAX;
}

static enum MHD_Result
api(struct req *r, const char *url)
{
	const struct route *rt;
	enum MHD_Result ret;
	char what[128];
	int known;

	rt = route_find(r->method, url, r->argbuf, sizeof(r->argbuf), &known);
	r->arg = r->argbuf[0] != '\0' ? r->argbuf : NULL;
	if (rt == NULL)
		return known ? web_error(r, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "method not allowed") : web_error(r, MHD_HTTP_NOT_FOUND,
		    "no such endpoint");
	if (rt->fn == api_login)
		return api_login(r);
	if (web_session_check(r, strcmp(rt->method, "POST") == 0, &ret) != 0)
		return ret;
	if (rt->role == WR_STAFF && strcmp(r->admin->role, "office") == 0) {
		snprintf(what, sizeof(what), "%s %s", r->method, url);
		db_audit(r->ctx.db, r->admin->phone, "console", 0, what,
		    r->ctx.now);
		return web_error(r, MHD_HTTP_FORBIDDEN, "not allowed for your "
		    "role");
	}
	return rt->fn(r);
}

/* A page: an embedded file ("/" is index.html), else 404. The pages
 * route by the URL's #fragment, so no other path stands for them. */
static enum MHD_Result
page(struct req *r, const char *url)
{
	const struct static_file *f = static_find(web_static_files, url);
	struct MHD_Response *resp;

	if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0) {
		resp = MHD_create_response_from_buffer(19,
		    (void *)"method not allowed\n", MHD_RESPMEM_PERSISTENT);
		MHD_add_response_header(resp, "Content-Type", "text/plain");
		return web_queue(r, MHD_HTTP_METHOD_NOT_ALLOWED, resp);
	}
	if (f != NULL)
		return static_serve(r->c, f);
	resp = MHD_create_response_from_buffer(10, (void *)"not found\n",
	    MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(resp, "Content-Type", "text/plain");
	return web_queue(r, MHD_HTTP_NOT_FOUND, resp);
}

enum MHD_Result
web_handle(struct web *w, struct MHD_Connection *c, const char *url,
    const char *method, const struct upload *up)
{
	struct req r;
	enum MHD_Result ret;

	memset(&r, 0, sizeof(r));
	r.w = w;
	r.c = c;
	r.method = method;
	r.up = up;
	if (strncmp(url, API_PREFIX, strlen(API_PREFIX)) != 0)
		return page(&r, url);
	r.ctx.db = w->db;
	r.ctx.cfg = gw_config_get(w->gw);
	r.ctx.now = now_wall();
	r.ctx.phone = "console";
	ret = api(&r, url);
	gw_config_put(w->gw);
	return ret;
}
