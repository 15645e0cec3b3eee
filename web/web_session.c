/*
 * Logging in and out, and the session check in front of every other
 * endpoint. A session is its cookie's random id; the store keeps only the
 * id's hash, the admin's number, the CSRF token and two times. An admin
 * removed from the configuration (or whose password_hash went) is out at
 * the next request, whatever the session says.
 */
#include "web_int.h"

#include <stdio.h>
#include <string.h>

#include "log.h"
#include "password.h"
#include "phone.h"
#include "session.h"
#include "static.h"

/* Use of a session is written down at most this often (a page polling
 * every few seconds needs no write on each). */
#define TOUCH_EVERY_SECONDS 15
/*
 * A password check holds the HTTP thread for about 0.1 s (a second on a
 * small board), and USSD waits behind it: a flood of wrong passwords,
 * from any numbers, must not take the aggregator's time. Past this many
 * in the window, logins wait for the window's end.
 */
#define FAILS_WINDOW_SECONDS 10
#define FAILS_PER_WINDOW 10

static void
set_cookie(struct req *r, struct MHD_Response *resp, const char *id)
{
	char c[256];

	if (id != NULL)
		snprintf(c, sizeof(c), SESSION_COOKIE "=%s; HttpOnly; "
		    "SameSite=Strict; Path=/%s", id, r->w->tls ? "; Secure" :
		    "");
	else
		snprintf(c, sizeof(c), SESSION_COOKIE "=; Max-Age=0; HttpOnly; "
		    "SameSite=Strict; Path=/%s", r->w->tls ? "; Secure" : "");
	MHD_add_response_header(resp, "Set-Cookie", c);
}

/* Who is logged in, as the pages show it. */
static json_t *
whoami(struct req *r)
{
	const struct admin_conf *a = r->admin;
	char at[21];

	iso_time(r->created_at + SESSION_MAX_SECONDS, at);
	return json_pack("{s:s, s:s, s:s, s:s?, s:s, s:s, s:s, s:s}",
	    "phone", a->phone, "name", a->name, "role", a->role,
	    "category", a->category[0] != '\0' ? a->category : NULL,
	    "csrf", r->csrf, "language", r->ctx.cfg->language,
	    "gateway", r->ctx.cfg->id, "expires_at", at);
}

/* The JSON answer with a Set-Cookie header. */
static enum MHD_Result
json_cookie(struct req *r, json_t *v, const char *id)
{
	char *text = json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII);
	struct MHD_Response *resp;

	json_decref(v);
	if ((resp = static_json(text)) == NULL)
		return MHD_NO;
	set_cookie(r, resp, id);
	return web_queue(r, MHD_HTTP_OK, resp);
}

/*
 * A wrong password: counted, audited, and at the fifth the number is
 * locked out for an hour. 401, or 429 once locked.
 */
static enum MHD_Result
login_refused(struct req *r, const char *e164)
{
	int n, rc;

	rc = web_tx_begin(r);
	if (rc == 0) {
		n = db_console_lock_fail(r->ctx.db, e164, LOGIN_MAX_FAILURES,
		    r->ctx.now + LOGIN_LOCK_SECONDS);
		rc = n < 0 ? -1 : db_audit(r->ctx.db, e164, "console login", 0,
		    n >= LOGIN_MAX_FAILURES ? "wrong password; locked out" :
		    "wrong password", r->ctx.now);
		rc = web_tx_end(r, rc);
		if (rc == 0 && n >= LOGIN_MAX_FAILURES) {
			log_warnx("Console: a number is locked out for an hour "
			    "after %d wrong passwords.", n);
			return web_json(r, MHD_HTTP_TOO_MANY_REQUESTS, json_pack(
			    "{s:s, s:I}", "error", "too many wrong passwords; "
			    "try again later", "retry_after",
			    (json_int_t)LOGIN_LOCK_SECONDS));
		}
	}
	if (rc != 0)
		return web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed");
	return web_error(r, MHD_HTTP_UNAUTHORIZED,
	    "wrong phone number or password");
}

/* A new session for r->admin: the cookie's id into id. */
static int
login_start(struct req *r, char *id)
{
	int rc = web_tx_begin(r);

	if (rc != 0)
		return -1;
	if (session_new(id, r->id_hash, r->csrf) != 0) {
		log_errorx("Console: no randomness for a session id.");
		rc = -1;
	}
	if (rc == 0)
		rc = db_console_lock_clear(r->ctx.db, r->admin->phone);
	if (rc == 0)
		rc = db_console_session_prune(r->ctx.db,
		    r->ctx.now - SESSION_IDLE_SECONDS,
		    r->ctx.now - SESSION_MAX_SECONDS);
	if (rc == 0)
		rc = db_console_session_add(r->ctx.db, r->id_hash,
		    r->admin->phone, r->csrf, r->ctx.now);
	if (rc == 0)
		rc = web_audit(r, "login", NULL);
	r->created_at = r->seen_at = r->ctx.now;
	return web_tx_end(r, rc);
}

enum MHD_Result
api_login(struct req *r)
{
	enum MHD_Result ret = MHD_NO;
	json_t *body = web_body(r, &ret);
	const char *phone, *password;
	char e164[PHONE_MAX], id[SESSION_HEX];
	const struct admin_conf *a;
	int64_t locked;
	int ok;

	if (body == NULL)
		return ret;
	if (r->ctx.now - r->w->fails_since >= FAILS_WINDOW_SECONDS ||
	    r->ctx.now < r->w->fails_since) {
		r->w->fails_since = r->ctx.now;
		r->w->fails = 0;
	}
	if (r->w->fails >= FAILS_PER_WINDOW) {
		ret = web_json(r, MHD_HTTP_TOO_MANY_REQUESTS, json_pack(
		    "{s:s, s:I}", "error", "too many wrong passwords just now; "
		    "try again in a moment", "retry_after", (json_int_t)
		    (r->w->fails_since + FAILS_WINDOW_SECONDS - r->ctx.now)));
		goto out;
	}
	if (web_str(body, "phone", &phone) != 0 || phone == NULL ||
	    web_str(body, "password", &password) != 0 || password == NULL) {
		ret = web_error(r, MHD_HTTP_BAD_REQUEST, "phone and password "
		    "must be strings");
		goto out;
	}
	if (phone_normalise(phone, r->ctx.cfg->country_code, e164,
	    sizeof(e164)) != PHONE_MOBILE) {
		ret = web_error(r, MHD_HTTP_UNAUTHORIZED,
		    "wrong phone number or password");
		goto out;
	}
	locked = db_console_lock_remaining(r->ctx.db, e164, r->ctx.now);
	if (locked != 0) {
		if (locked > 0)
			db_audit(r->ctx.db, e164, "console login", 0,
			    "locked out", r->ctx.now);
		ret = locked < 0 ? web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed") : web_json(r,
		    MHD_HTTP_TOO_MANY_REQUESTS, json_pack("{s:s, s:I}",
		    "error", "too many wrong passwords; try again later",
		    "retry_after", (json_int_t)locked));
		goto out;
	}
	a = config_admin(r->ctx.cfg, e164);
	/* An unknown number costs the same time as a known one. */
	ok = password_verify(password, a != NULL && a->password_hash[0] ?
	    a->password_hash : r->w->dummy_hash);
	if (!ok || a == NULL || a->password_hash[0] == '\0') {
		r->w->fails++;
		ret = login_refused(r, e164);
		goto out;
	}
	r->admin = a;
	if (login_start(r, id) != 0) {
		ret = web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed");
		goto out;
	}
	ret = json_cookie(r, whoami(r), id);
	explicit_bzero(id, sizeof(id));
out:
	json_decref(body);
	return ret;
}

enum MHD_Result
api_logout(struct req *r)
{
	int rc = web_tx_begin(r);

	if (rc == 0)
		rc = db_console_session_end(r->ctx.db, r->id_hash);
	if (rc == 0)
		rc = web_audit(r, "logout", NULL);
	if (web_tx_end(r, rc) != 0)
		return web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed");
	return json_cookie(r, json_pack("{s:b}", "ok", 1), NULL);
}

enum MHD_Result
api_me(struct req *r)
{
	return web_json(r, MHD_HTTP_OK, whoami(r));
}

/* The session of the request's cookie into r: 0, 1 none, -1. */
static int
session_load(struct req *r)
{
	const char *cookies = MHD_lookup_connection_value(r->c,
	    MHD_HEADER_KIND, "Cookie");
	struct console_session s;
	char id[SESSION_HEX];
	int rc;

	if (cookies == NULL || cookie_find(cookies, SESSION_COOKIE, id,
	    sizeof(id)) != 0 || strlen(id) != SESSION_HEX - 1)
		return 1;
	session_hash(id, r->id_hash);
	rc = db_console_session_get(r->ctx.db, r->id_hash, &s);
	if (rc != 0)
		return rc;
	strlcpy_k(r->csrf, s.csrf, sizeof(r->csrf));
	r->created_at = s.created_at;
	r->seen_at = s.seen_at;
	r->admin = config_admin(r->ctx.cfg, s.phone);
	if (r->admin == NULL || r->admin->password_hash[0] == '\0') {
		r->admin = NULL;
		db_console_session_end(r->ctx.db, r->id_hash);
		return 1;
	}
	return 0;
}

int
web_session_check(struct req *r, int change, enum MHD_Result *ret)
{
	const char *token, *bg;
	int rc = session_load(r);

	if (rc != 0) {
		*ret = rc < 0 ? web_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "the database failed") : web_error(r,
		    MHD_HTTP_UNAUTHORIZED, "not logged in");
		return -1;
	}
	if (session_state(r->created_at, r->seen_at, r->ctx.now) !=
	    SESSION_VALID) {
		db_console_session_end(r->ctx.db, r->id_hash);
		r->admin = NULL;
		*ret = web_error(r, MHD_HTTP_UNAUTHORIZED, "session expired");
		return -1;
	}
	if (change) {
		token = MHD_lookup_connection_value(r->c, MHD_HEADER_KIND,
		    "X-CSRF-Token");
		if (!token_equal(token, r->csrf)) {
			db_audit(r->ctx.db, r->admin->phone, "console", 0,
			    "missing or stale CSRF token", r->ctx.now);
			*ret = web_error(r, MHD_HTTP_FORBIDDEN,
			    "missing or stale CSRF token");
			return -1;
		}
	}
	bg = MHD_lookup_connection_value(r->c, MHD_HEADER_KIND,
	    "X-Kabar-Background");
	if ((bg == NULL || strcmp(bg, "1") != 0) &&
	    r->ctx.now - r->seen_at >= TOUCH_EVERY_SECONDS)
		db_console_session_touch(r->ctx.db, r->id_hash, r->ctx.now);
	r->ctx.phone = r->admin->phone;
	r->ctx.admin = r->admin;
	return 0;
}
