/*
 * Officers logging in and out, and the session check in front of every
 * other endpoint, as the village console does it (lib/session.c) but
 * kept in the district store: a session is its cookie's random id, the
 * store holds the id's hash, the officer's number, the CSRF token and two
 * times, so any receiver serves any request. An officer removed from the
 * configuration is out at the next request, whatever the session says.
 */
#include "district_web_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "district_store.h"
#include "dsql.h"
#include "log.h"
#include "phone.h"
#include "session.h"
#include "util.h"

/* Use of a session is written down at most this often. */
#define TOUCH_EVERY_SECONDS 15
/* A password check holds the console's thread for about 0.1 s: past
 * this many wrong ones in the window, from any numbers, logins wait. */
#define FAILS_WINDOW_SECONDS 10
#define FAILS_PER_WINDOW 10
#define LOCK_WINDOW_SECONDS 3600	/* the 5 wrong passwords counted */

static const struct dsql_query q_session_get = {
	"SELECT phone, csrf, created_at, seen_at FROM console_sessions "
	"WHERE id_hash = $1", NULL };
static const struct dsql_query q_session_add = {
	"INSERT INTO console_sessions (id_hash, phone, csrf, created_at, "
	"seen_at) VALUES ($1, $2, $3, $4::bigint, $4::bigint)", NULL };
static const struct dsql_query q_session_end = {
	"DELETE FROM console_sessions WHERE id_hash = $1", NULL };
static const struct dsql_query q_session_touch = {
	"UPDATE console_sessions SET seen_at = $2::bigint WHERE id_hash = $1",
	NULL };
static const struct dsql_query q_session_prune = {
	"DELETE FROM console_sessions WHERE seen_at < $1::bigint OR "
	"created_at < $2::bigint", NULL };
static const struct dsql_query q_lock_get = {
	"SELECT locked_until FROM console_locks WHERE phone = $1", NULL };
/*
 * One wrong password, counted in its hour: the fifth within the hour
 * locks the number until $3. Every SET sees the row as it was.
 */
static const struct dsql_query q_lock_fail = {
	"INSERT INTO console_locks (phone, failures, window_start) VALUES "
	"($1, 1, CAST($2 AS bigint)) ON CONFLICT (phone) DO UPDATE SET "
	"failures = CASE WHEN console_locks.window_start <= CAST($2 AS bigint) "
	"- CAST($4 AS bigint) THEN 1 ELSE console_locks.failures + 1 END, "
	"window_start = CASE WHEN console_locks.window_start <= CAST($2 AS "
	"bigint) - CAST($4 AS bigint) THEN CAST($2 AS bigint) ELSE "
	"console_locks.window_start END, "
	"locked_until = CASE WHEN console_locks.window_start > CAST($2 AS "
	"bigint) - CAST($4 AS bigint) AND console_locks.failures + 1 >= "
	"CAST($5 AS bigint) THEN CAST($3 AS bigint) ELSE "
	"console_locks.locked_until END RETURNING failures", NULL };
static const struct dsql_query q_lock_clear = {
	"DELETE FROM console_locks WHERE phone = $1", NULL };

static struct dsql *
sql(struct dreq *r)
{
	return ddb_sql(r->w->db);
}

static const struct district_officer *
officer_find(const struct district_conf *c, const char *e164)
{
	size_t i;

	for (i = 0; c->console != NULL && i < c->console->n_officers; i++)
		if (strcmp(c->console->officers[i].phone, e164) == 0)
			return &c->console->officers[i];
	return NULL;
}

/* Who is logged in, as the pages show it. */
static json_t *
whoami(struct dreq *r)
{
	char at[21];

	iso_time(r->created_at + SESSION_MAX_SECONDS, at);
	return json_pack("{s:s, s:s, s:s, s:s, s:s}", "phone",
	    r->officer->phone, "name", r->officer->name, "csrf", r->csrf,
	    "language", r->w->conf->console->language, "expires_at", at);
}

/* A JSON answer that sets (id) or ends (NULL) the session's cookie. */
static enum MHD_Result
answer_cookie(struct dreq *r, json_t *v, const char *id)
{
	const char *secure = r->w->tls_cert != NULL ? "; Secure" : "";
	char c[256];

	if (id != NULL)
		snprintf(c, sizeof(c), SESSION_COOKIE "=%s; HttpOnly; "
		    "SameSite=Strict; Path=/%s", id, secure);
	else
		snprintf(c, sizeof(c), SESSION_COOKIE "=; Max-Age=0; HttpOnly; "
		    "SameSite=Strict; Path=/%s", secure);
	return dweb_json_cookie(r, MHD_HTTP_OK, v, c);
}

static enum MHD_Result
too_many(struct dreq *r, const char *why, int64_t retry)
{
	return dweb_json(r, MHD_HTTP_TOO_MANY_REQUESTS, json_pack("{s:s, s:I}",
	    "error", why, "retry_after", (json_int_t)retry));
}

/* A wrong password, counted in the store: 401, or 429 at the fifth. */
static enum MHD_Result
login_refused(struct dreq *r, const char *e164)
{
	char now[24], until[24], win[24], max[24], n[24];
	const char *p[5] = { e164, dsql_int(now, r->now), dsql_int(until,
	    r->now + LOGIN_LOCK_SECONDS), dsql_int(win, LOCK_WINDOW_SECONDS),
	    dsql_int(max, LOGIN_MAX_FAILURES) };

	if (dsql_one(sql(r), &q_lock_fail, 5, p, n, sizeof(n)) != 0)
		return dweb_error(r, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "the store failed; try again");
	if (atoi(n) >= LOGIN_MAX_FAILURES) {
		log_warnx("District console: a number is locked out for an "
		    "hour after %d wrong passwords.", atoi(n));
		return too_many(r, "too many wrong passwords; try again later",
		    LOGIN_LOCK_SECONDS);
	}
	log_info("District console: a wrong password (%s of %d).", n,
	    LOGIN_MAX_FAILURES);
	return dweb_error(r, MHD_HTTP_UNAUTHORIZED,
	    "wrong phone number or password");
}

/* A new session for r->officer: the cookie's id into id. 0 or -1. */
static int
login_start(struct dreq *r, char *id)
{
	char now[24], idle[24], old[24];
	const char *prune[2] = { dsql_int(idle, r->now - SESSION_IDLE_SECONDS),
	    dsql_int(old, r->now - SESSION_MAX_SECONDS) };
	const char *add[4] = { r->id_hash, r->officer->phone, r->csrf,
	    dsql_int(now, r->now) };
	int rc;

	if (session_new(id, r->id_hash, r->csrf) != 0) {
		log_errorx("District console: no randomness for a session.");
		return -1;
	}
	if (dsql_begin(sql(r)) != 0)
		return -1;
	rc = dsql_run(sql(r), &q_lock_clear, 1, (const char *[]){
	    r->officer->phone }, NULL, NULL);
	if (rc == 0)
		rc = dsql_run(sql(r), &q_session_prune, 2, prune, NULL, NULL);
	if (rc == 0)
		rc = dsql_run(sql(r), &q_session_add, 4, add, NULL, NULL);
	if (rc == 0)
		rc = dsql_commit(sql(r));
	if (rc != 0) {
		dsql_rollback(sql(r));
		return -1;
	}
	r->created_at = r->seen_at = r->now;
	log_info("District console: %s logged in.", r->officer->name);
	return 0;
}

/* The login body's phone and password, or NULL after answering. */
static json_t *
login_body(struct dreq *r, const char **phone, const char **password,
    enum MHD_Result *ret)
{
	const char *type = MHD_lookup_connection_value(r->c, MHD_HEADER_KIND,
	    "Content-Type");
	json_error_t je;
	json_t *v;

	if (r->up->too_big) {
		*ret = dweb_error(r, MHD_HTTP_CONTENT_TOO_LARGE,
		    "request body too large");
		return NULL;
	}
	if (type == NULL || strncasecmp(type, "application/json", 16) != 0) {
		*ret = dweb_error(r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
		    "send Content-Type: application/json");
		return NULL;
	}
	v = json_loadb(sb_str(&r->up->body), r->up->body.len,
	    JSON_REJECT_DUPLICATES, &je);
	*phone = json_string_value(json_object_get(v, "phone"));
	*password = json_string_value(json_object_get(v, "password"));
	if (*phone == NULL || *password == NULL) {
		json_decref(v);
		*ret = dweb_error(r, MHD_HTTP_BAD_REQUEST, "expected a JSON "
		    "object with phone and password as strings");
		return NULL;
	}
	return v;
}

enum MHD_Result
dapi_login(struct dreq *r)
{
	struct dweb *w = r->w;
	const char *phone, *password;
	char e164[PHONE_MAX], id[SESSION_HEX], until[24];
	const struct district_officer *o;
	enum MHD_Result ret = MHD_NO;
	json_t *body;
	int64_t left;
	int rc, ok;

	if ((body = login_body(r, &phone, &password, &ret)) == NULL)
		return ret;
	if (r->now - w->fails_since >= FAILS_WINDOW_SECONDS ||
	    r->now < w->fails_since) {
		w->fails_since = r->now;
		w->fails = 0;
	}
	if (w->fails >= FAILS_PER_WINDOW) {
		ret = too_many(r, "too many wrong passwords just now; try "
		    "again in a moment", w->fails_since + FAILS_WINDOW_SECONDS -
		    r->now);
		goto out;
	}
	if (phone_normalise(phone, "62", e164, sizeof(e164)) != PHONE_MOBILE) {
		ret = dweb_error(r, MHD_HTTP_UNAUTHORIZED,
		    "wrong phone number or password");
		goto out;
	}
	rc = dsql_one(sql(r), &q_lock_get, 1, (const char *[]){ e164 }, until,
	    sizeof(until));
	if (rc != 0 && rc != DSQL_NONE) {
		ret = dweb_error(r, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "the store failed; try again");
		goto out;
	}
	left = rc == 0 ? atoll(until) - r->now : 0;
	if (left > 0) {
		ret = too_many(r, "too many wrong passwords; try again later",
		    left);
		goto out;
	}
	o = officer_find(w->conf, e164);
	/* An unknown number costs the same time as a known one. */
	ok = password_verify(password, o != NULL ? o->password_hash :
	    w->dummy_hash);
	if (!ok || o == NULL) {
		w->fails++;
		ret = login_refused(r, e164);
		goto out;
	}
	r->officer = o;
	if (login_start(r, id) != 0) {
		ret = dweb_error(r, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "the store failed; try again");
		goto out;
	}
	ret = answer_cookie(r, whoami(r), id);
	explicit_bzero(id, sizeof(id));
out:
	json_decref(body);
	return ret;
}

enum MHD_Result
dapi_logout(struct dreq *r)
{
	if (dsql_run(sql(r), &q_session_end, 1, (const char *[]){
	    r->id_hash }, NULL, NULL) != 0)
		return dweb_error(r, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "the store failed; try again");
	log_info("District console: %s logged out.", r->officer->name);
	return answer_cookie(r, json_pack("{s:b}", "ok", 1), NULL);
}

enum MHD_Result
dapi_me(struct dreq *r)
{
	return dweb_json(r, MHD_HTTP_OK, whoami(r));
}

struct loaded {
	struct dreq	*r;
	char		 phone[PHONE_MAX];
};

static int
session_row(void *arg, int ncols, const char *const *v)
{
	struct loaded *l = arg;

	(void)ncols;
	strlcpy_k(l->phone, v[0], sizeof(l->phone));
	strlcpy_k(l->r->csrf, v[1], sizeof(l->r->csrf));
	l->r->created_at = atoll(v[2]);
	l->r->seen_at = atoll(v[3]);
	return 1;
}

/* The session of the request's cookie into r: 0, 1 none, -1. */
static int
session_load(struct dreq *r)
{
	const char *cookies = MHD_lookup_connection_value(r->c,
	    MHD_HEADER_KIND, "Cookie");
	struct loaded l = { r, "" };
	char id[SESSION_HEX];

	if (cookies == NULL || cookie_find(cookies, SESSION_COOKIE, id,
	    sizeof(id)) != 0 || strlen(id) != SESSION_HEX - 1)
		return 1;
	session_hash(id, r->id_hash);
	if (dsql_run(sql(r), &q_session_get, 1, (const char *[]){ r->id_hash },
	    session_row, &l) != 0)
		return -1;
	if (l.phone[0] == '\0')
		return 1;
	r->officer = officer_find(r->w->conf, l.phone);
	if (r->officer == NULL) {
		dsql_run(sql(r), &q_session_end, 1, (const char *[]){
		    r->id_hash }, NULL, NULL);
		return 1;
	}
	return 0;
}

int
dweb_session_check(struct dreq *r, int change, enum MHD_Result *ret)
{
	const char *token, *bg;
	char now[24];
	int rc = session_load(r);

	if (rc != 0) {
		*ret = rc < 0 ? dweb_error(r, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "the store failed; try again") : dweb_json(r,
		    MHD_HTTP_UNAUTHORIZED, json_pack("{s:s, s:s}", "error",
		    "not logged in", "language",
		    r->w->conf->console->language));
		return -1;
	}
	if (session_state(r->created_at, r->seen_at, r->now) !=
	    SESSION_VALID) {
		dsql_run(sql(r), &q_session_end, 1, (const char *[]){
		    r->id_hash }, NULL, NULL);
		r->officer = NULL;
		*ret = dweb_error(r, MHD_HTTP_UNAUTHORIZED, "session expired");
		return -1;
	}
	token = MHD_lookup_connection_value(r->c, MHD_HEADER_KIND,
	    "X-CSRF-Token");
	if (change && !token_equal(token, r->csrf)) {
		*ret = dweb_error(r, MHD_HTTP_FORBIDDEN,
		    "missing or stale CSRF token");
		return -1;
	}
	bg = MHD_lookup_connection_value(r->c, MHD_HEADER_KIND,
	    "X-Kabar-Background");
	if ((bg == NULL || strcmp(bg, "1") != 0) &&
	    r->now - r->seen_at >= TOUCH_EVERY_SECONDS)
		dsql_run(sql(r), &q_session_touch, 2, (const char *[]){
		    r->id_hash, dsql_int(now, r->now) }, NULL, NULL);
	return 0;
}
