/*
 * Requests are small and few: one thread of ours runs the daemon's event
 * loop and answers them in turn, so the module needs no locks of its own.
 * The loop is ours rather than libmicrohttpd's so that it can also cut a
 * connection that has held a request too long. USSD sessions and
 * per-phone rate counts live in small tables here; a retried request
 * (same session, same text) gets the screen it got before, and an action
 * never runs twice.
 */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <openssl/crypto.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/poll.h>	/* not <poll.h>: services/poll.h is the polls' */
#include <sys/socket.h>
#include <unistd.h>

#include "db.h"
#include "form.h"
#include "handlers.h"
#include "log.h"
#include "phone.h"
#include "smstext.h"
#include "upload.h"
#include "ussd_menu.h"
#include "util.h"
#include "web.h"

#define SESSIONS 512
/*
 * A lapsed session is remembered this long past session_seconds, so that
 * its next input is told the session ended. No network keeps a USSD
 * dialogue open longer: an id that comes back later is a new dial (some
 * aggregators reuse ids), and its text is walked like a shortcut.
 */
#define SESSION_LAPSED_KEEP 600
#define RATES 512

/*
 * Connections: a slow client must not hold a slot for long, nor one
 * address take every slot.
 */
#define CONN_MAX 256		/* at once */
#define CONN_PER_IP 64		/* from one address; the rest stay for others */
#define CONN_IDLE_SECONDS 10	/* silent this long, a connection is closed */
#define REQUEST_MS 10000	/* to send a whole request, headers and body */
static const double lat_bounds[] = { 0.001, 0.002, 0.005, 0.01, 0.05, 0.1,
    0.5 };
#define N_BOUNDS (sizeof(lat_bounds) / sizeof(lat_bounds[0]))

/* A session is one id from one phone. */
struct session {
	char	 id[65];
	char	 phone[PHONE_MAX];
	char	*text;
	char	*screen;	/* with its CON/END */
	int64_t	 seen;
	int	 lapsed;	/* silent past the TTL; text and screen gone */
};

/* Where a request's session stands. */
enum session_state {
	SESSION_NEW,		/* never seen, or forgotten: a fresh dial */
	SESSION_LIVE,
	SESSION_LAPSED		/* seen, then silent past session_seconds */
};

/*
 * An open connection and when its current request began: at accept, then
 * again each time a request is answered (keep-alive). start 0: slot free.
 */
struct conn {
	int64_t	 start;		/* monotonic ms */
	int	 fd;
	int	 cut;		/* shut down; the daemon closes it */
};

struct rate {
	char	 phone[PHONE_MAX];
	int64_t	 window;
	int	 count;
};

struct http {
	struct gateway		*gw;
	struct MHD_Daemon	*d;
	struct db		*db;
	struct web		*web;		/* the console */
	char			*tls_cert, *tls_key;	/* PEM, or NULL */
	pthread_t		 loop;
	int			 wake[2];	/* closing [1] ends the loop */
	struct conn		 conns[CONN_MAX];
	struct session		 sess[SESSIONS];
	struct rate		 rates[RATES];
	unsigned long		 requests, refused, cut;
	unsigned long		 lat_count[N_BOUNDS + 1];
	double			 lat_sum;
};

static enum MHD_Result
respond(struct MHD_Connection *c, unsigned int code, const char *type,
    const char *text)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text),
	    (void *)text, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;

	if (type != NULL)
		MHD_add_response_header(r, "Content-Type", type);
	ret = MHD_queue_response(c, code, r);
	MHD_destroy_response(r);
	return ret;
}

static int
key_ok(struct http *h, struct MHD_Connection *c)
{
	const struct gw_config *cfg = gw_config_get(h->gw);
	const char *got = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "X-Kabar-Key");
	char a[257] = { 0 }, b[257] = { 0 };
	int ok;

	if (got == NULL)
		got = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
		    "key");
	/* Fixed-size buffers: the time taken does not tell the key. */
	strlcpy_k(a, got ? got : "", sizeof(a));
	strlcpy_k(b, cfg->ussd_key, sizeof(b));
	ok = cfg->ussd_key[0] != '\0' && got != NULL &&
	    CRYPTO_memcmp(a, b, sizeof(a)) == 0;
	gw_config_put(h->gw);
	return ok;
}

/* Forget a session: a slot not in use is all zeroes. */
static void
session_clear(struct session *s)
{
	free(s->text);
	free(s->screen);
	memset(s, 0, sizeof(*s));
}

/* Silent past ttl, a session lapses; SESSION_LAPSED_KEEP later it goes. */
static void
session_age(struct session *s, int64_t now, int ttl)
{
	if (s->id[0] == '\0' || now - s->seen <= ttl)
		return;
	if (now - s->seen > ttl + SESSION_LAPSED_KEEP) {
		session_clear(s);
		return;
	}
	free(s->text);
	free(s->screen);
	s->text = s->screen = NULL;
	s->lapsed = 1;
}

/* The session of id and phone, found or made new; *state says which. */
static struct session *
session_find(struct http *h, const char *id, const char *phone, int64_t now,
    int ttl, enum session_state *state)
{
	struct session *free_slot = NULL, *oldest = &h->sess[0];
	int i;

	for (i = 0; i < SESSIONS; i++) {
		struct session *s = &h->sess[i];

		session_age(s, now, ttl);
		if (s->id[0] != '\0' && strcmp(s->id, id) == 0 &&
		    strcmp(s->phone, phone) == 0) {
			*state = s->lapsed ? SESSION_LAPSED : SESSION_LIVE;
			return s;
		}
		if (s->id[0] == '\0' && free_slot == NULL)
			free_slot = s;
		if (s->seen < oldest->seen)
			oldest = s;
	}
	if (free_slot == NULL) {
		free_slot = oldest;
		session_clear(free_slot);
	}
	strlcpy_k(free_slot->id, id, sizeof(free_slot->id));
	strlcpy_k(free_slot->phone, phone, sizeof(free_slot->phone));
	free_slot->seen = now;
	*state = SESSION_NEW;
	return free_slot;
}

/* Remember the answer to text, so that a retry gets it again. */
static void
session_keep(struct session *s, const char *text, struct strbuf *answer,
    int64_t now)
{
	free(s->text);
	free(s->screen);
	s->text = xstrdup(text);
	s->screen = sb_detach(answer);
	s->seen = now;
	s->lapsed = 0;
}

/* 1 when phone is over its requests this minute. */
static int
rate_over(struct http *h, const char *phone, int64_t now, int limit)
{
	struct rate *slot = &h->rates[0];
	int i;

	for (i = 0; i < RATES; i++) {
		if (strcmp(h->rates[i].phone, phone) == 0) {
			slot = &h->rates[i];
			break;
		}
		if (h->rates[i].window < slot->window)
			slot = &h->rates[i];
	}
	if (strcmp(slot->phone, phone) != 0 || now - slot->window >= 60) {
		strlcpy_k(slot->phone, phone, sizeof(slot->phone));
		slot->window = now;
		slot->count = 0;
	}
	return ++slot->count > limit;
}

/* A USSD request's fields, borrowed from its form. */
struct ussd_req {
	struct form	 form;
	const char	*session;
	const char	*text;		/* all typed, '*' between */
	char		 phone[PHONE_MAX];	/* E.164 */
};

/*
 * Read the aggregator's form into rq; form_free(&rq->form) is needed
 * after, whatever this returns. 0 when the request can be answered, else
 * the HTTP status to refuse it with and, in *why, the body saying why.
 */
static unsigned int
ussd_read(const struct gw_config *cfg, struct MHD_Connection *c,
    struct upload *up, struct ussd_req *rq, const char **why)
{
	const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "Content-Type");
	const char *phone, *svc;

	memset(rq, 0, sizeof(*rq));
	if (up->too_big) {
		*why = "request body over 4 KiB\n";
		return MHD_HTTP_CONTENT_TOO_LARGE;
	}
	if (type == NULL || strncasecmp(type,
	    "application/x-www-form-urlencoded", 33) != 0) {
		*why = "send application/x-www-form-urlencoded\n";
		return MHD_HTTP_UNSUPPORTED_MEDIA_TYPE;
	}
	if (form_parse(sb_str(&up->body), up->body.len, &rq->form) != 0) {
		*why = "malformed form body\n";
		return MHD_HTTP_BAD_REQUEST;
	}
	rq->session = form_get(&rq->form, "sessionId");
	rq->text = form_get(&rq->form, "text");
	phone = form_get(&rq->form, "phoneNumber");
	svc = form_get(&rq->form, "serviceCode");
	if (rq->session == NULL || phone == NULL || rq->text == NULL ||
	    svc == NULL || rq->session[0] == '\0' ||
	    strlen(rq->session) > 64 || strlen(rq->text) > 512) {
		*why = "sessionId, serviceCode, phoneNumber and text are "
		    "needed\n";
		return MHD_HTTP_BAD_REQUEST;
	}
	/* USSD comes from mobiles only: a fixed line is PHONE_LANDLINE. */
	if (phone_normalise(phone, cfg->country_code, rq->phone,
	    sizeof(rq->phone)) != PHONE_MOBILE) {
		*why = "phoneNumber is not a mobile number\n";
		return MHD_HTTP_BAD_REQUEST;
	}
	return 0;
}

/* "CON " or "END " and the screen, cut to what a phone shows. */
static void
ussd_answer(struct strbuf *out, int end, const char *screen)
{
	sb_adds(out, end ? "END " : "CON ");
	sb_adds(out, screen);
	/* A screen never exceeds what a phone shows, whatever fed it. */
	utf8_truncate(out->buf, USSD_SCREEN_MAX);
	out->len = strlen(out->buf);
}

/*
 * The answer this request already has, or NULL when the menu must be
 * walked. A retry (same session, same text) gets its answer again and
 * nothing runs twice. Text in a session that lapsed is not walked: what
 * it chose from may have changed since (a poll closed and the numbers
 * moved), so the resident must dial again. A session never seen is a new
 * dial, its text a shortcut (*123*1*512279#) walked from the top; so is
 * one forgotten (kabard restarted), as its text holds the whole path.
 */
static const char *
session_replay(struct session *s, enum session_state state,
    const char *text, const struct gw_config *cfg, int64_t now)
{
	struct strbuf answer = STRBUF_INIT;

	if (state == SESSION_LAPSED && text[0] != '\0') {
		ussd_answer(&answer, 1, cfg->replies.text[R_USSD_EXPIRED]);
		session_keep(s, text, &answer, now);
		return s->screen;
	}
	if (s->text != NULL && strcmp(s->text, text) == 0) {
		s->seen = now;
		return s->screen;
	}
	return NULL;
}

/*
 * Walk the menu in one transaction. When it fails, it is rolled back and
 * the resident is told so; the session ends.
 */
static void
ussd_run(struct svc *ctx, const char *text, struct strbuf *screen,
    int *end)
{
	int rc;

	rc = db_begin(ctx->db);
	if (rc == 0)
		rc = ussd_walk(ctx, text, screen, end);
	if (rc == 0)
		rc = db_commit(ctx->db);
	else
		db_rollback(ctx->db);
	if (rc != 0) {
		sb_reset(screen);
		sb_adds(screen, ctx->cfg->replies.text[R_USSD_FAULT]);
		*end = 1;
	}
}

static enum MHD_Result
ussd(struct http *h, struct MHD_Connection *c, struct upload *up)
{
	const struct gw_config *cfg;
	struct ussd_req rq;
	struct svc ctx = { 0 };
	struct session *s;
	struct strbuf screen = STRBUF_INIT, answer = STRBUF_INIT;
	const char *why, *again;
	unsigned int refusal;
	enum session_state state;
	int end = 0;
	enum MHD_Result ret;

	if (!key_ok(h, c)) {
		h->refused++;
		return respond(c, MHD_HTTP_FORBIDDEN, NULL, "");
	}
	cfg = gw_config_get(h->gw);
	refusal = ussd_read(cfg, c, up, &rq, &why);
	if (refusal != 0) {
		ret = respond(c, refusal, "text/plain", why);
		goto out;
	}
	ctx.db = h->db;
	ctx.cfg = cfg;
	ctx.now = now_wall();
	ctx.phone = rq.phone;
	ctx.admin = config_admin(cfg, rq.phone);
	s = session_find(h, rq.session, rq.phone, ctx.now,
	    cfg->ussd_session_seconds, &state);
	again = session_replay(s, state, rq.text, cfg, ctx.now);
	if (again != NULL) {
		ret = respond(c, MHD_HTTP_OK, "text/plain", again);
		goto out;
	}
	if (rate_over(h, rq.phone, ctx.now, cfg->ussd_per_minute)) {
		ussd_answer(&answer, 1, cfg->replies.text[R_USSD_TOO_MANY]);
		ret = respond(c, MHD_HTTP_OK, "text/plain", sb_str(&answer));
		goto out;
	}
	ussd_run(&ctx, rq.text, &screen, &end);
	ussd_answer(&answer, end, sb_str(&screen));
	session_keep(s, rq.text, &answer, ctx.now);
	ret = respond(c, MHD_HTTP_OK, "text/plain", s->screen);
out:
	sb_free(&answer);
	sb_free(&screen);
	form_free(&rq.form);
	gw_config_put(h->gw);
	return ret;
}

static int
health_row(void *arg, int n, const char *const *names,
    const char *const *vals)
{
	struct strbuf *sb = arg;

	(void)n;
	(void)names;
	sb_addf(sb, "%s{\"name\":\"%s\",\"state\":\"%s\",\"signal\":%s,"
	    "\"registration\":\"%s\",\"operator\":\"%s\",\"balance\":%s,"
	    "\"last_error\":", sb->len > 12 ? "," : "", vals[0] ? vals[0] : "",
	    vals[1] ? vals[1] : "", vals[5] ? vals[5] : "null",
	    vals[6] ? vals[6] : "-", vals[7] ? vals[7] : "-",
	    vals[8] ? vals[8] : "null");
	sb_add_json(sb, vals[2]);
	sb_addc(sb, '}');
	if (vals[1] != NULL && strcmp(vals[1], "up") == 0)
		sb->buf[0] = '{';	/* marks that one modem is up */
	return 0;
}

static enum MHD_Result
health(struct http *h, struct MHD_Connection *c)
{
	struct strbuf sb = STRBUF_INIT;
	int up;
	enum MHD_Result ret;

	sb_adds(&sb, "x\"modems\":[");
	db_report(h->db, REP_MODEMS, -1, health_row, &sb);
	up = sb.buf[0] == '{';
	sb.buf[0] = '{';
	sb_addf(&sb, "],\"status\":\"%s\"}\n", up ? "ok" : "no modem is up");
	ret = respond(c, up ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE,
	    "application/json", sb_str(&sb));
	sb_free(&sb);
	return ret;
}

static int
metric_row(void *arg, int n, const char *const *names,
    const char *const *vals)
{
	struct strbuf *sb = arg;

	(void)n;
	(void)names;
	sb_addf(sb, "kabar_%s_messages{state=\"%s\"} %s\n", vals[0], vals[1],
	    vals[2]);
	return 0;
}

static int
modem_row(void *arg, int n, const char *const *names,
    const char *const *vals)
{
	struct strbuf *sb = arg;

	(void)n;
	(void)names;
	sb_addf(sb, "kabar_modem_up{modem=\"%s\"} %d\n", vals[0],
	    vals[1] && strcmp(vals[1], "up") == 0);
	if (vals[5] != NULL)
		sb_addf(sb, "kabar_modem_signal_percent{modem=\"%s\"} %s\n",
		    vals[0], vals[5]);
	if (vals[8] != NULL)
		sb_addf(sb, "kabar_modem_balance_rupiah{modem=\"%s\"} %s\n",
		    vals[0], vals[8]);
	sb_addf(sb, "kabar_modem_registered{modem=\"%s\"} %d\n", vals[0],
	    vals[6] != NULL && (strcmp(vals[6], "home") == 0 ||
	    strcmp(vals[6], "roaming") == 0));
	return 0;
}

static enum MHD_Result
metrics(struct http *h, struct MHD_Connection *c)
{
	struct strbuf sb = STRBUF_INIT;
	const struct gw_config *cfg = gw_config_get(h->gw);
	unsigned long cum = 0;
	size_t i;
	enum MHD_Result ret;

	sb_adds(&sb, "# TYPE kabar_inbox_messages gauge\n"
	    "# TYPE kabar_outbox_messages gauge\n");
	db_report(h->db, REP_COUNTS, -1, metric_row, &sb);
	sb_adds(&sb, "# TYPE kabar_modem_up gauge\n");
	db_report(h->db, REP_MODEMS, -1, modem_row, &sb);
	sb_addf(&sb, "# TYPE kabar_budget_used gauge\nkabar_budget_used %d\n"
	    "kabar_budget_limit %d\n", db_budget_used(h->db, now_wall()),
	    cfg->daily_sms_budget);
	gw_config_put(h->gw);
	sb_addf(&sb, "# TYPE kabar_clock_known gauge\nkabar_clock_known{source="
	    "\"%s\"} %d\nkabar_clock_correction_seconds %lld\n",
	    clock_source_name(clock_source()), clock_known(),
	    (long long)clock_correction());
	sb_addf(&sb, "# TYPE kabar_ussd_requests_total counter\n"
	    "kabar_ussd_requests_total %lu\n"
	    "kabar_ussd_refused_total %lu\n"
	    "# TYPE kabar_http_deadline_closed_total counter\n"
	    "kabar_http_deadline_closed_total %lu\n"
	    "# TYPE kabar_ussd_seconds histogram\n", h->requests, h->refused,
	    h->cut);
	for (i = 0; i < N_BOUNDS; i++) {
		cum += h->lat_count[i];
		sb_addf(&sb, "kabar_ussd_seconds_bucket{le=\"%g\"} %lu\n",
		    lat_bounds[i], cum);
	}
	cum += h->lat_count[N_BOUNDS];
	sb_addf(&sb, "kabar_ussd_seconds_bucket{le=\"+Inf\"} %lu\n"
	    "kabar_ussd_seconds_sum %.6f\nkabar_ussd_seconds_count %lu\n", cum,
	    h->lat_sum, cum);
	ret = respond(c, MHD_HTTP_OK, "text/plain; version=0.0.4",
	    sb_str(&sb));
	sb_free(&sb);
	return ret;
}

static enum MHD_Result
handler(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *data,
    size_t *data_size, void **con_cls)
{
	struct http *h = cls;
	struct upload *up;
	enum MHD_Result ret;
	int64_t t0;
	double dt;
	size_t i;

	(void)version;
	if (upload_step(con_cls, data, data_size, strcmp(url, "/ussd") == 0 ?
	    HTTP_BODY_MAX : web_body_cap(url)))
		return MHD_YES;
	up = *con_cls;
	if (strcmp(url, "/ussd") == 0 && strcmp(method, "POST") == 0) {
		t0 = now_mono_ms();
		ret = ussd(h, c, up);
		dt = (double)(now_mono_ms() - t0) / 1000.0;
		h->requests++;
		h->lat_sum += dt;
		for (i = 0; i < N_BOUNDS && dt > lat_bounds[i]; i++)
			;
		h->lat_count[i]++;
		return ret;
	}
	if (strcmp(url, "/health") == 0 && strcmp(method, "GET") == 0)
		return health(h, c);
	if (strcmp(url, "/metrics") == 0 && strcmp(method, "GET") == 0)
		return metrics(h, c);
	if (strcmp(url, "/ussd") == 0 || strcmp(url, "/health") == 0 ||
	    strcmp(url, "/metrics") == 0)
		return respond(c, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain",
		    "method not allowed\n");
	/* Everything else is the village console: its pages and API. */
	return web_handle(h->web, c, url, method, up);
}

/* Stamp each connection as it opens, to hold it to REQUEST_MS. */
static void
conn_notify(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode code)
{
	struct http *h = cls;
	struct conn *k = *socket_context;
	const union MHD_ConnectionInfo *ci;
	int i;

	if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
		if (k != NULL)
			memset(k, 0, sizeof(*k));
		*socket_context = NULL;
		return;
	}
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	for (i = 0; i < CONN_MAX && h->conns[i].start != 0; i++)
		;
	/* The daemon holds no more than CONN_MAX, so one is free. */
	if (ci == NULL || i == CONN_MAX)
		return;
	h->conns[i].start = now_mono_ms();
	h->conns[i].fd = ci->connect_fd;
	*socket_context = &h->conns[i];
}

/* A request is over: free its body, and start the clock for the next. */
static void
request_done(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c,
	    MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct conn *k = ci != NULL ? ci->socket_context : NULL;

	upload_completed(cls, c, con_cls, toe);
	if (k != NULL && !k->cut)
		k->start = now_mono_ms();
}

/*
 * Cut the connections that have held a request past REQUEST_MS: a client
 * dripping a byte at a time keeps the daemon's idle timeout from ever
 * firing. shutdown() leaves the descriptor to the daemon, which reads the
 * end of the stream on its next run and closes the connection as usual.
 * Returns the milliseconds to the next deadline, -1 when there is none.
 */
static int
conns_cut(struct http *h, int64_t now)
{
	int next = -1, i;

	for (i = 0; i < CONN_MAX; i++) {
		struct conn *k = &h->conns[i];
		int64_t left = k->start + REQUEST_MS - now;

		if (k->start == 0 || k->cut)
			continue;
		if (left <= 0) {
			shutdown(k->fd, SHUT_RDWR);
			k->cut = 1;
			h->cut++;
		} else if (next < 0 || left < next)
			next = (int)left;
	}
	return next;
}

/* How long the loop may sleep: to a deadline or the daemon's timeout. */
static int
loop_wait(struct http *h, int due)
{
	MHD_UNSIGNED_LONG_LONG t;

	if (MHD_get_timeout(h->d, &t) == MHD_YES &&
	    (due < 0 || t < (MHD_UNSIGNED_LONG_LONG)due))
		due = t < INT_MAX ? (int)t : INT_MAX;
	return due;
}

/* The daemon's event loop; closing wake[1] ends it. */
static void *
http_loop(void *arg)
{
	struct http *h = arg;
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(h->d,
	    MHD_DAEMON_INFO_EPOLL_FD);
	struct pollfd pfd[2];

	pfd[0].fd = di->epoll_fd;
	pfd[0].events = POLLIN;
	pfd[1].fd = h->wake[0];
	pfd[1].events = POLLIN;
	for (;;) {
		int wait = loop_wait(h, conns_cut(h, now_mono_ms()));

		if (poll(pfd, 2, wait) == -1) {
			if (errno == EINTR)
				continue;
			log_warn("The HTTP endpoint stops: poll failed");
			break;
		}
		if (pfd[1].revents != 0)
			break;
		MHD_run(h->d);
	}
	return NULL;
}

/* What http_start() built, in reverse; the loop is not running. */
static void
http_free(struct http *h)
{
	int i;

	if (h->d != NULL)
		MHD_stop_daemon(h->d);
	for (i = 0; i < 2; i++)
		if (h->wake[i] != -1)
			close(h->wake[i]);
	web_destroy(h->web);
	db_close(h->db);
	free(h->tls_cert);
	free(h->tls_key);
	for (i = 0; i < SESSIONS; i++)
		session_clear(&h->sess[i]);
	free(h);
}

/* A whole PEM file (new), or NULL with err. */
static char *
pem_read(const char *path, const char *what, char *err, size_t errsz)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		snprintf(err, errsz, "cannot read http.%s '%s': %s", what, path,
		    strerror(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0 && sb.len < 1 << 20)
		sb_add(&sb, buf, n);
	fclose(f);
	if (strstr(sb_str(&sb), "-----BEGIN") == NULL) {
		snprintf(err, errsz, "http.%s '%s' is not a PEM file", what,
		    path);
		sb_free(&sb);
		return NULL;
	}
	return sb_detach(&sb);
}

/*
 * http.tls_cert and tls_key, read once at start: the daemon keeps
 * pointers to them for its life (a new certificate needs a restart).
 */
static int
tls_load(struct http *h, const struct gw_config *cfg, char *err,
    size_t errsz)
{
	if (cfg->http_tls_cert[0] == '\0')
		return 0;
	if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
		snprintf(err, errsz, "http.tls_cert is set, but this "
		    "libmicrohttpd has no TLS");
		return -1;
	}
	h->tls_cert = pem_read(cfg->http_tls_cert, "tls_cert", err, errsz);
	if (h->tls_cert == NULL)
		return -1;
	h->tls_key = pem_read(cfg->http_tls_key, "tls_key", err, errsz);
	return h->tls_key != NULL ? 0 : -1;
}

struct http *
http_start(struct gateway *gw, char *err, size_t errsz)
{
	struct http *h;
	const struct gw_config *cfg = gw_config_get(gw);
	struct sockaddr_in sin;
	char host[128];
	const char *colon = strrchr(cfg->http_listen, ':');
	long port = 0;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	snprintf(host, sizeof(host), "%.*s", (int)(colon - cfg->http_listen),
	    cfg->http_listen);
	if (strcmp(host, "localhost") == 0)
		strlcpy_k(host, "127.0.0.1", sizeof(host));
	if (parse_long(colon + 1, 1, 65535, &port) != 0 ||
	    inet_pton(AF_INET, host, &sin.sin_addr) != 1) {
		snprintf(err, errsz, "http.listen \"%s\" is not IPv4:PORT",
		    cfg->http_listen);
		gw_config_put(gw);
		return NULL;
	}
	sin.sin_port = htons((uint16_t)port);
	h = xcalloc(1, sizeof(*h));
	h->gw = gw;
	h->wake[0] = h->wake[1] = -1;
	h->db = db_open(cfg->database, err, errsz);
	if (h->db == NULL || tls_load(h, cfg, err, errsz) != 0) {
		gw_config_put(gw);
		goto fail;
	}
	gw_config_put(gw);
	h->web = web_create(gw, h->db, h->tls_cert != NULL);
	/* No thread of its own: http_loop() runs it (MHD_USE_EPOLL alone). */
	h->d = MHD_start_daemon(MHD_USE_EPOLL | (h->tls_cert != NULL ?
	    MHD_USE_TLS : 0), (uint16_t)port, NULL, NULL, handler, h,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
	    MHD_OPTION_NOTIFY_CONNECTION, conn_notify, h,
	    MHD_OPTION_NOTIFY_COMPLETED, request_done, h,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)CONN_IDLE_SECONDS,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)CONN_MAX,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)CONN_PER_IP,
	    /* Without TLS the list ends here. */
	    h->tls_cert != NULL ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END,
	    h->tls_cert, MHD_OPTION_HTTPS_MEM_KEY, h->tls_key,
	    MHD_OPTION_END);
	if (h->d == NULL) {
		snprintf(err, errsz, "cannot listen on %s:%ld (in use?)", host,
		    port);
		goto fail;
	}
	if (pipe2(h->wake, O_CLOEXEC) != 0 ||
	    pthread_create(&h->loop, NULL, http_loop, h) != 0) {
		snprintf(err, errsz, "cannot start the HTTP thread");
		goto fail;
	}
	log_info("HTTP%s endpoint on %s:%ld (/ussd, /health, /metrics; the "
	    "console at /).", h->tls_cert != NULL ? "S" : "", host, port);
	return h;
fail:
	http_free(h);
	return NULL;
}

void
http_stop(struct http *h)
{
	if (h == NULL)
		return;
	/* The loop sees the pipe hang up, and returns. */
	close(h->wake[1]);
	h->wake[1] = -1;
	pthread_join(h->loop, NULL);
	http_free(h);
}
