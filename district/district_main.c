/*
 * kabar-district: the reference district receiver.
 *
 *   kabar-district -c FILE [serve]           receive batches, serve updates
 *   kabar-district -c FILE update TYPE JSON [--gateway ID]
 *   kabar-district -c FILE report            records per gateway and type
 *   kabar-district -c FILE gateway add|list|revoke ...
 *   kabar-district -c FILE campaign ... | results CODE   (district_cli_camp.c)
 *
 * Serving, it tells systemd (Type=notify) READY=1 once it listens, feeds
 * the watchdog from the signal loop and says STOPPING=1 on SIGTERM.
 */
#include <arpa/inet.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "version.h"
#include "district_gateways.h"
#include "district_campaigns.h"
#include "district_store.h"
#include "district.h"
#include "district_web.h"
#include "dsql.h"
#include "log.h"
#include "notify.h"
#include "upload.h"
#include "util.h"

#define UPDATES_PER_CALL 100
/* Seconds a gateway is asked to wait when the store is busy. */
#define RETRY_AFTER 1
/* How long the signal loop waits before it looks at the watchdog. */
#define SIGNAL_WAIT_MS 1000

static const char *const record_types[] = { "complaint", "complaint_status",
    "letter_request", "letter_status", "feedback", "vote", "registration",
    "optout", "survey_response", "broadcast", "delivery", "erasure", NULL };
static const char *const update_types[] = { "complaint_status", "broadcast",
    "poll", "survey", NULL };

/*
 * Receivers hold nothing another receiver needs: each request is answered
 * from the store alone, so any number of them may serve one PostgreSQL
 * database behind a load balancer. Requests are served by a few threads,
 * each with a connection of its own (opened when first needed, made again
 * when lost, never shared); SQLite takes one writer at a time, so with it
 * one thread. More requests than MAX_IN_FLIGHT at once are answered 503
 * with Retry-After at once rather than left waiting past the gateways'
 * timeout.
 */
#define THREADS_PG	4
#define MAX_IN_FLIGHT	64
/*
 * Connections a receiver keeps open before it sends gateways away. A
 * request waits unread in its socket while the threads store others'
 * batches, where MAX_IN_FLIGHT cannot see it; counting connections from
 * their accept bounds that wait (a few seconds at most here), and those
 * over the bound are answered 503 at once when their turn comes, which
 * empties the queue quickly. Retry-After grows with the crowd, a second
 * for each MAX_OPEN, so that thousands of villages coming back together
 * spread out while the receiver stays busy (docs/DISTRICT.md).
 */
#define MAX_OPEN	512

struct server {
	struct district_conf	*conf;
	struct ddb		*db;		/* commands; serve's migration */
	pthread_key_t		 thread_db;	/* each thread's struct ddb */
	atomic_int		 in_flight;
	atomic_int		 open;		/* connections, MAX_OPEN */
	struct dweb		*web;		/* the console, or NULL */
};

static int
in_list(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

static enum MHD_Result
answer(struct MHD_Connection *c, unsigned int code, const char *json)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(json),
	    (void *)json, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;

	MHD_add_response_header(r, "Content-Type", "application/json");
	ret = MHD_queue_response(c, code, r);
	MHD_destroy_response(r);
	return ret;
}

/* {"error": why}; a 429 or 503 says when to come back (retry_after > 0). */
static enum MHD_Result
refused(struct MHD_Connection *c, unsigned int code, const char *why,
    int retry_after)
{
	json_t *o = json_pack("{s:s}", "error", why);
	char *s = json_dumps(o, JSON_COMPACT), ra[16];
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(s),
	    s, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;

	MHD_add_response_header(r, "Content-Type", "application/json");
	if (retry_after > 0) {
		snprintf(ra, sizeof(ra), "%d", retry_after);
		MHD_add_response_header(r, "Retry-After", ra);
	}
	ret = MHD_queue_response(c, code, r);
	MHD_destroy_response(r);
	free(s);
	json_decref(o);
	return ret;
}

static enum MHD_Result
error(struct MHD_Connection *c, unsigned int code, const char *why)
{
	return refused(c, code, why, 0);
}

/* The request's checks (district_auth) against db, the store's
 * connection this request uses; the headers read here. */
static int
auth(struct server *s, struct ddb *db, struct MHD_Connection *c,
    const char *gw, const unsigned char *body, size_t len, int *retry_after,
    char *why, size_t whysz)
{
	return district_auth(db, s->conf, gw, MHD_lookup_connection_value(c,
	    MHD_HEADER_KIND, "Authorization"), MHD_lookup_connection_value(c,
	    MHD_HEADER_KIND, "X-Kabar-Release"), MHD_lookup_connection_value(c,
	    MHD_HEADER_KIND, "X-Kabar-Timestamp"),
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "X-Kabar-Signature"), body, len, now_wall(), retry_after, why,
	    whysz);
}

static int
digits(const char *s, size_t max)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return i > 0 && i <= max;
}

/*
 * A record's id is "GATEWAY:STORE-SEQ": this gateway, the identity of
 * the database that wrote it (8 to 16 lowercase hex digits) and its
 * sequence there. Gateways of the previous release send "GATEWAY:SEQ".
 */
static int
id_ok(const char *id, const char *gw)
{
	size_t n = strlen(gw), i;
	const char *p;

	if (strncmp(id, gw, n) != 0 || id[n] != ':')
		return 0;
	p = id + n + 1;
	for (i = 0; (p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' &&
	    p[i] <= 'f'); i++)
		;
	if (p[i] == '-')
		return i >= 8 && i <= 16 && digits(p + i + 1, 18);
	return digits(p, 18);
}

/* "2026-11-22T10:00:00Z", a real moment. */
static int
at_ok(const char *at)
{
	return strlen(at) == 20 && at[19] == 'Z' && parse_iso_time(at) >= 0;
}

/*
 * An erasure record (CONTRACT section 6): the resident's personal data
 * goes from every record of this gateway that names them (the keyed
 * hash, the number where the village may send it, their tickets); what
 * is counted stays. In the batch's transaction, so it is stored and
 * applied together or not at all.
 */
static int
erase(struct ddb *db, const char *gateway, json_t *rec)
{
	json_t *data = json_object_get(rec, "data");
	json_t *list = json_object_get(data, "tickets");
	const char *hash = json_string_value(json_object_get(data,
	    "resident"));
	const char *phone = json_string_value(json_object_get(data, "phone"));
	char *tickets = json_is_array(list) ? json_dumps(list, JSON_COMPACT) :
	    NULL;
	int n;

	n = ddb_erase(db, gateway, json_string_value(json_object_get(rec,
	    "id")), hash, phone, tickets);
	free(tickets);
	if (n >= 0)
		log_info("Gateway '%s': a resident's personal data was erased "
		    "from %d records.", gateway, n);
	return n < 0 ? -1 : 0;
}

/*
 * A batch's records into the store, in its transaction: in runs that end
 * at an erasure, which is applied before the records after it are stored
 * (a resident may register again after being erased). An erasure held
 * with other content is not applied.
 */
static int
store(struct ddb *db, const char *gateway, json_t *recs, struct ddb_rec *rr,
    size_t n, long *added)
{
	size_t start, end;
	long more;
	int rc;

	for (start = 0; start < n; start = end) {
		for (end = start; end < n && strcmp(rr[end].type,
		    "erasure") != 0; end++)
			;
		if (end < n)
			end++;
		rc = ddb_store_batch(db, gateway, rr + start, end - start,
		    now_wall(), &more);
		if (rc != 0)
			return rc;
		*added += more;
		if (strcmp(rr[end - 1].type, "erasure") == 0 &&
		    !rr[end - 1].conflict && erase(db, gateway,
		    json_array_get(recs, end - 1)) != 0)
			return -1;
	}
	return 0;
}

/*
 * "Try again soon": the gateway's sync client waits Retry-After seconds
 * and sends the same records again (CONTRACT section 6).
 */
static enum MHD_Result
busy(struct MHD_Connection *c, const char *why)
{
	return refused(c, MHD_HTTP_SERVICE_UNAVAILABLE, why, RETRY_AFTER);
}

static void
thread_db_close(void *db)
{
	ddb_close(db);
}

/* This thread's connection to the store, or NULL (logged) when the store
 * cannot be reached now. */
static struct ddb *
thread_db(struct server *s)
{
	struct ddb *db = pthread_getspecific(s->thread_db);
	char err[512];

	if (db != NULL)
		return db;
	db = ddb_open(s->conf->database, err, sizeof(err));
	if (db == NULL) {
		log_warnx("kabar-district: %s", err);
		return NULL;
	}
	pthread_setspecific(s->thread_db, db);
	return db;
}

/* The answer to a stored batch; acc and con are stolen. */
static enum MHD_Result
batch_answer(struct MHD_Connection *c, json_t *acc, json_t *con)
{
	json_t *o = json_pack("{s:o, s:o}", "accepted", acc, "conflicts", con);
	char *out = json_dumps(o, JSON_COMPACT);
	enum MHD_Result ret = answer(c, MHD_HTTP_OK, out);

	free(out);
	json_decref(o);
	return ret;
}

static enum MHD_Result
batches(struct server *s, struct MHD_Connection *c, struct upload *up)
{
	const char *gw = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "X-Kabar-Gateway");
	struct ddb_rec *rr;
	struct ddb *db;
	unsigned char *plain = NULL;
	size_t plen, i, n;
	json_t *root, *recs, *r, *acc, *con;
	json_error_t je;
	char why[160];
	const char *newest = NULL;
	long added = 0;
	int rc, too_big, wait;

	if (up->too_big)
		return error(c, MHD_HTTP_CONTENT_TOO_LARGE, "body too large");
	/* A store that cannot be reached now is busy: the gateway waits and
	 * sends again, perhaps to another receiver. */
	if ((db = thread_db(s)) == NULL)
		return busy(c, "the store cannot be reached");
	rc = auth(s, db, c, gw, (const unsigned char *)sb_str(&up->body),
	    up->body.len, &wait, why, sizeof(why));
	if (rc != 0) {
		log_warnx("Batch refused from '%s': %s.", gw ? gw : "?", why);
		return refused(c, rc, why, wait);
	}
	if (district_gunzip((const unsigned char *)sb_str(&up->body),
	    up->body.len, s->conf->max_unzipped, &plain, &plen,
	    &too_big) != 0)
		return error(c, too_big ? MHD_HTTP_CONTENT_TOO_LARGE :
		    MHD_HTTP_BAD_REQUEST, too_big ? "unzipped body too large" :
		    "body is not gzip");
	root = json_loadb((const char *)plain, plen, 0, &je);
	free(plain);
	if (root == NULL || !json_is_array(recs = json_object_get(root,
	    "records")) || json_object_get(root, "batch") == NULL ||
	    !json_is_string(json_object_get(root, "gateway")) ||
	    strcmp(json_string_value(json_object_get(root, "gateway")),
	    gw) != 0) {
		json_decref(root);
		return error(c, MHD_HTTP_BAD_REQUEST, "expected {gateway, batch, "
		    "records}");
	}
	/* Every record is checked before any is stored. */
	json_array_foreach(recs, i, r) {
		const char *id = json_string_value(json_object_get(r, "id"));
		const char *type = json_string_value(json_object_get(r, "type"));
		const char *at = json_string_value(json_object_get(r, "at"));

		if (id == NULL || type == NULL || at == NULL || !at_ok(at) ||
		    !id_ok(id, gw) || !in_list(type, record_types) ||
		    !json_is_object(json_object_get(r, "data"))) {
			snprintf(why, sizeof(why), "record %zu (%s) is malformed",
			    i, id ? id : "no id");
			json_decref(root);
			return error(c, MHD_HTTP_UNPROCESSABLE_CONTENT, why);
		}
	}
	n = json_array_size(recs);
	rr = xcalloc(n > 0 ? n : 1, sizeof(*rr));
	json_array_foreach(recs, i, r) {
		rr[i].id = json_string_value(json_object_get(r, "id"));
		rr[i].type = json_string_value(json_object_get(r, "type"));
		rr[i].at = json_string_value(json_object_get(r, "at"));
		rr[i].data = json_dumps(json_object_get(r, "data"),
		    JSON_COMPACT | JSON_SORT_KEYS);
	}
	rc = ddb_begin(db);
	if (rc == 0)
		rc = store(db, gw, recs, rr, n, &added);
	for (i = 0; rc == 0 && i < n; i++)
		if (!rr[i].conflict && (newest == NULL || strcmp(rr[i].at,
		    newest) > 0))
			newest = rr[i].at;
	if (rc == 0)
		rc = dgw_batch(db, gw, added, newest, now_wall());
	if (rc == 0)
		rc = ddb_commit(db);
	else
		ddb_rollback(db);
	acc = json_array();
	con = json_array();
	for (i = 0; i < n; i++) {
		json_array_append_new(rr[i].conflict ? con : acc,
		    json_string(rr[i].id));
		free((char *)rr[i].data);
	}
	free(rr);
	json_decref(root);
	if (rc != 0) {
		json_decref(acc);
		json_decref(con);
		if (rc == DSQL_BUSY)
			return busy(c, "the store is busy");
		return error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot store");
	}
	if (json_array_size(con) > 0)
		log_warnx("Batch from '%s': %zu records reuse ids held with "
		    "other content; answered as conflicts.", gw,
		    json_array_size(con));
	log_info("Batch from '%s': %zu records.", gw, n);
	return batch_answer(c, acc, con);
}

struct upd {
	json_t	*list;
	int64_t	 last;
};

static int
upd_row(void *arg, int64_t id, const char *type, const char *payload)
{
	struct upd *u = arg;
	json_t *o = json_loads(payload, 0, NULL);

	if (o == NULL)
		o = json_object();
	json_object_set_new(o, "type", json_string(type));
	json_object_set_new(o, "id", json_integer(id));
	json_array_append_new(u->list, o);
	u->last = id;
	return 0;
}

static enum MHD_Result
updates(struct server *s, struct MHD_Connection *c)
{
	const char *gw = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
	    "gateway");
	const char *since = MHD_lookup_connection_value(c,
	    MHD_GET_ARGUMENT_KIND, "since");
	const char *who = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "X-Kabar-Gateway");
	struct ddb *db;
	struct upd u;
	json_t *o;
	char why[160], cur[32], *out;
	long sv = 0;
	int rc, wait;
	enum MHD_Result ret;

	if ((db = thread_db(s)) == NULL)
		return busy(c, "the store cannot be reached");
	rc = auth(s, db, c, who, (const unsigned char *)"", 0, &wait, why,
	    sizeof(why));
	if (rc != 0) {
		log_warnx("Updates refused to '%s': %s.", who ? who : "?", why);
		return refused(c, rc, why, wait);
	}
	if (gw == NULL || strcmp(gw, who) != 0 || (since != NULL &&
	    since[0] != '\0' && parse_long(since, 0, 1L << 62, &sv) != 0))
		return error(c, MHD_HTTP_BAD_REQUEST, "gateway must be yours, "
		    "since a number");
	u.list = json_array();
	u.last = sv;
	rc = ddb_updates(db, gw, sv, UPDATES_PER_CALL, upd_row, &u);
	if (rc != 0) {
		json_decref(u.list);
		return rc == DSQL_BUSY ? busy(c, "the store is busy") :
		    error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot read");
	}
	snprintf(cur, sizeof(cur), "%lld", (long long)u.last);
	o = json_pack("{s:s, s:o}", "cursor", cur, "updates", u.list);
	out = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	ret = answer(c, MHD_HTTP_OK, out);
	free(out);
	return ret;
}

static enum MHD_Result
handler(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *data,
    size_t *data_size, void **con_cls)
{
	struct server *s = cls;
	struct upload *up;

	(void)version;
	if (*con_cls == NULL && atomic_load(&s->open) > MAX_OPEN)
		return refused(c, MHD_HTTP_SERVICE_UNAVAILABLE, "too many "
		    "gateways at once", 1 + atomic_load(&s->open) / MAX_OPEN);
	/* A request counts from its headers until it is answered
	 * (completed() takes it off). */
	if (*con_cls == NULL && atomic_fetch_add(&s->in_flight, 1) >=
	    MAX_IN_FLIGHT) {
		atomic_fetch_sub(&s->in_flight, 1);
		return busy(c, "too many requests at once");
	}
	if (upload_step(con_cls, data, data_size, (size_t)s->conf->max_body))
		return MHD_YES;
	up = *con_cls;
	if (strcmp(url, "/v1/batches") == 0 && strcmp(method, "POST") == 0)
		return batches(s, c, up);
	if (strcmp(url, "/v1/updates") == 0 && strcmp(method, "GET") == 0)
		return updates(s, c);
	return error(c, MHD_HTTP_NOT_FOUND, "not found");
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct server *s = cls;

	if (*con_cls != NULL)
		atomic_fetch_sub(&s->in_flight, 1);
	upload_completed(cls, c, con_cls, toe);
}

static void
connection(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode toe)
{
	struct server *s = cls;

	(void)c;
	(void)socket_context;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED)
		atomic_fetch_add(&s->open, 1);
	else if (toe == MHD_CONNECTION_NOTIFY_CLOSED)
		atomic_fetch_sub(&s->open, 1);
}

/*
 * Waits for SIGTERM or SIGINT, feeding the watchdog meanwhile. SIGPIPE is
 * taken and dropped; SIGHUP too, with a word: there is nothing to reload.
 */
static void
serve_wait(const sigset_t *set, const char *path)
{
	int64_t every = notify_watchdog_interval_ms(), next = 0, ms;
	struct timespec ts;
	int sig;

	for (;;) {
		ms = SIGNAL_WAIT_MS;
		if (every > 0 && next - now_mono_ms() < ms)
			ms = next - now_mono_ms() > 0 ? next - now_mono_ms() : 0;
		ts.tv_sec = ms / 1000;
		ts.tv_nsec = (ms % 1000) * 1000000;
		sig = sigtimedwait(set, NULL, &ts);
		if (sig == SIGTERM || sig == SIGINT)
			return;
		if (every > 0 && now_mono_ms() >= next) {
			notify_watchdog();
			next = now_mono_ms() + every;
		}
		if (sig == SIGHUP)
			log_warnx("SIGHUP: kabar-district reads '%s' only when "
			    "it starts; restart it to apply a change.", path);
	}
}

static int
serve(struct server *s, const char *path)
{
	struct sockaddr_in sin;
	struct MHD_Daemon *d;
	const char *colon = strrchr(s->conf->listen, ':');
	char host[64], err[256];
	long port;
	sigset_t set;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	if (colon == NULL || parse_long(colon + 1, 1, 65535, &port) != 0) {
		log_plain_error("kabar-district: listen must be IPv4:PORT");
		return 2;
	}
	snprintf(host, sizeof(host), "%.*s", (int)(colon - s->conf->listen),
	    s->conf->listen);
	if (inet_pton(AF_INET, host, &sin.sin_addr) != 1) {
		log_plain_error("kabar-district: listen must be IPv4:PORT");
		return 2;
	}
	sin.sin_port = htons((uint16_t)port);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGPIPE);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (pthread_key_create(&s->thread_db, thread_db_close) != 0) {
		log_plain_error("kabar-district: out of thread keys");
		return 1;
	}
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO,
	    (uint16_t)port, NULL, NULL, handler, s, MHD_OPTION_SOCK_ADDR,
	    (struct sockaddr *)&sin, MHD_OPTION_NOTIFY_COMPLETED, completed, s,
	    MHD_OPTION_NOTIFY_CONNECTION, connection, s,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)(dsql_kind(ddb_sql(
	    s->db)) == DSQL_PG ? THREADS_PG : 1),
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30, MHD_OPTION_END);
	if (d == NULL) {
		log_plain_error("kabar-district: cannot listen on %s",
		    s->conf->listen);
		return 1;
	}
	if (dgw_active(s->db) == 0)
		log_warnx("No gateway may send yet: every request is refused "
		    "until one is added (kabar-district -c %s gateway add ID).",
		    path);
	log_info("kabar-district listening on %s.", s->conf->listen);
	/* The officers' console, on its own address and thread. */
	if (s->conf->console != NULL && (s->web = dweb_start(s->conf, err,
	    sizeof(err))) == NULL) {
		log_plain_error("kabar-district: the console: %s", err);
		MHD_stop_daemon(d);
		return 1;
	}
	notify_ready("Listening on %s.", s->conf->listen);
	serve_wait(&set, path);
	notify_stopping("Stopping: finishing the requests in hand.");
	dweb_stop(s->web);
	MHD_stop_daemon(d);
	pthread_key_delete(s->thread_db);
	log_info("kabar-district stopped.");
	return 0;
}

static int
report_row(void *arg, const char *gateway, const char *type, long count,
    const char *last)
{
	(void)arg;
	printf("%s  %s  %ld  last sync %s\n", gateway, type, count,
	    last ? last : "-");
	return 0;
}

int
main(int argc, char **argv)
{
	struct server s = { 0 };
	const char *path = NULL, *gw = NULL;
	char err[512];
	int rc = 0, i;

	log_init("kabar-district", 0, LOG_LVL_INFO);
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		printf("kabar-district %s\n", KABAR_VERSION);
		return 0;
	}
	if (argc >= 3 && strcmp(argv[1], "-c") == 0) {
		path = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (path == NULL) {
		fprintf(stderr, "usage: kabar-district -c FILE [serve | update "
		    "TYPE JSON [--gateway ID] | report | gateway add|list|"
		    "revoke ...]\n");
		return 2;
	}
	s.conf = district_conf_load(path, err, sizeof(err));
	if (s.conf == NULL) {
		log_plain_error("%s", err);
		return 2;
	}
	s.db = ddb_open(s.conf->database, err, sizeof(err));
	if (s.db == NULL) {
		log_plain_error("kabar-district: %s", err);
		district_conf_free(s.conf);
		return 1;
	}
	/* The configuration's gateways, of before the store kept them. */
	if (dgw_import(s.db, s.conf->gw, s.conf->n_gw, path, now_wall()) < 0)
		rc = 1;
	else if (argc < 2 || strcmp(argv[1], "serve") == 0)
		rc = serve(&s, path);
	else if (strcmp(argv[1], "gateway") == 0)
		rc = dgw_command(s.db, s.conf, argc - 1, argv + 1);
	else if (strcmp(argv[1], "campaign") == 0 || strcmp(argv[1],
	    "results") == 0)
		rc = dcamp_cli(s.db, s.conf, argc - 1, argv + 1);
	else if (strcmp(argv[1], "report") == 0)
		rc = ddb_report(s.db, report_row, NULL) == 0 ? 0 : 1;
	else if (strcmp(argv[1], "update") == 0 && argc >= 4) {
		json_t *j = json_loads(argv[3], 0, NULL);
		int64_t id;

		for (i = 4; i + 1 < argc; i += 2)
			if (strcmp(argv[i], "--gateway") == 0)
				gw = argv[i + 1];
		if (!in_list(argv[2], update_types) || !json_is_object(j)) {
			fprintf(stderr, "kabar-district: TYPE is complaint_status, "
			    "broadcast, poll or survey; JSON an object\n");
			rc = 2;
		} else if (ddb_update_add(s.db, gw, argv[2], argv[3],
		    now_wall(), &id) != 0)
			rc = 1;
		else
			printf("update %lld queued for %s\n", (long long)id,
			    gw ? gw : "every gateway");
		json_decref(j);
	} else {
		fprintf(stderr, "kabar-district: unknown command\n");
		rc = 2;
	}
	ddb_close(s.db);
	district_conf_free(s.conf);
	return rc;
}
