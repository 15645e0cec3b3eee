/*
 * One sync attempt over libcurl: upload every pending journal record in
 * batches, then fetch updates. The district's answer decides what happens
 * to each record: named in "accepted" is done; a batch it calls malformed
 * is split until the one record it refuses is found and set aside; any
 * other failure ends the attempt with nothing marked, for the worker to
 * try again later.
 */
#include "sync.h"

#include <curl/curl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "log.h"
#include "sign.h"
#include "version.h"

/* Answers longer than this are not what the contract describes. */
#define MAX_ANSWER	(4L << 20)
/* Pages of updates fetched in one attempt. */
#define MAX_PAGES	50

struct sync {
	struct db	*db;
	CURL		*curl;
	atomic_int	*stopping;
	/* Settings, copied from the configuration at each attempt. */
	char		*url, *token, *key, *id, *ca_file, *pinned;
	int		 batch_size;
	int		 connect_timeout, timeout, low_time, low_limit;
	/* The last answer. */
	struct strbuf	 answer;
	long		 status;
	int64_t		 date;		/* its Date header, 0 if none */
	int		 retry_after;	/* its Retry-After, -1 if none */
	char		 curl_err[CURL_ERROR_SIZE];
	int64_t		 offset;	/* the district's clock minus ours */
	long		 bytes_up, bytes_down;	/* this attempt's */
	int		 answer_too_big;
};

struct sync *
sync_new(struct db *db)
{
	struct sync *s = xcalloc(1, sizeof(*s));

	s->db = db;
	s->curl = curl_easy_init();
	if (s->curl == NULL) {
		free(s);
		return NULL;
	}
	return s;
}

static void
settings_free(struct sync *s)
{
	free(s->url);
	free(s->token);
	free(s->key);
	free(s->id);
	free(s->ca_file);
	free(s->pinned);
	s->url = s->token = s->key = s->id = s->ca_file = s->pinned = NULL;
}

void
sync_free(struct sync *s)
{
	if (s == NULL)
		return;
	curl_easy_cleanup(s->curl);
	settings_free(s);
	sb_free(&s->answer);
	free(s);
}

static void
settings_load(struct sync *s, struct gateway *gw)
{
	const struct gw_config *cfg = gw_config_get(gw);
	size_t n;

	settings_free(s);
	s->url = xstrdup(cfg->sync_url);
	/* "https://district/" and "https://district" mean the same. */
	n = strlen(s->url);
	while (n > 0 && s->url[n - 1] == '/')
		s->url[--n] = '\0';
	s->token = xstrdup(cfg->sync_token);
	s->key = xstrdup(cfg->sync_hmac_key);
	s->id = xstrdup(cfg->id);
	s->ca_file = xstrdup(cfg->sync_ca_file);
	s->pinned = xstrdup(cfg->sync_pinned_key);
	s->batch_size = cfg->sync_batch_size;
	s->connect_timeout = cfg->sync_connect_timeout;
	s->timeout = cfg->sync_timeout;
	s->low_time = cfg->sync_low_speed_time;
	s->low_limit = cfg->sync_low_speed_limit;
	gw_config_put(gw);
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct sync *s = arg;

	if ((long)(s->answer.len + size * n) > MAX_ANSWER) {
		s->answer_too_big = 1;
		return 0;
	}
	sb_add(&s->answer, p, size * n);
	return size * n;
}

/* "Name: value\r\n" when name matches, else NULL; value is trimmed. */
static const char *
header_value(const char *line, size_t len, const char *name, char *buf,
    size_t bufsz)
{
	size_t nl = strlen(name), vl;

	if (len <= nl || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
		return NULL;
	line += nl + 1;
	len -= nl + 1;
	while (len > 0 && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == '\n' ||
	    line[len - 1] == ' '))
		len--;
	vl = len < bufsz - 1 ? len : bufsz - 1;
	memcpy(buf, line, vl);
	buf[vl] = '\0';
	return buf;
}

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct sync *s = arg;
	char v[128];
	time_t t;

	if (header_value(p, size * n, "Date", v, sizeof(v)) != NULL &&
	    (t = curl_getdate(v, NULL)) > 0)
		s->date = t;
	if (header_value(p, size * n, "Retry-After", v, sizeof(v)) != NULL)
		s->retry_after = sync_retry_after(v, now_wall() + s->offset);
	return size * n;
}

/* A stopping daemon does not wait for a slow link. */
static int
on_progress(void *arg, curl_off_t a, curl_off_t b, curl_off_t c,
    curl_off_t d)
{
	struct sync *s = arg;

	(void)a, (void)b, (void)c, (void)d;
	return s->stopping != NULL && atomic_load(s->stopping);
}

/* Who we are, when, and the signature; a body is gzip'd JSON. */
static struct curl_slist *
signed_headers(const struct sync *s, const char *ts, const char *sig,
    int has_body)
{
	struct curl_slist *h = NULL;
	char line[700];

	snprintf(line, sizeof(line), "Authorization: Bearer %s", s->token);
	h = curl_slist_append(h, line);
	snprintf(line, sizeof(line), "X-Kabar-Gateway: %s", s->id);
	h = curl_slist_append(h, line);
	snprintf(line, sizeof(line), "X-Kabar-Timestamp: %s", ts);
	h = curl_slist_append(h, line);
	snprintf(line, sizeof(line), "X-Kabar-Signature: %s", sig);
	h = curl_slist_append(h, line);
	/* The district shows each village's release, and reads the shapes
	 * of the one before as well (a request without it). */
	h = curl_slist_append(h, "X-Kabar-Release: " KABAR_VERSION);
	if (has_body) {
		h = curl_slist_append(h, "Content-Type: application/json");
		h = curl_slist_append(h, "Content-Encoding: gzip");
		h = curl_slist_append(h, "Expect:");
	}
	return h;
}

/* A fresh handle, nothing of the last answer left; a POST when there is
 * a body, else a GET. h is borrowed until perform. */
static void
handle_setup(struct sync *s, const char *url, struct curl_slist *h,
    const void *body, size_t len)
{
	CURL *c = s->curl;

	curl_easy_reset(c);
	sb_reset(&s->answer);
	s->status = 0;
	s->date = 0;
	s->retry_after = -1;
	s->answer_too_big = 0;
	s->curl_err[0] = '\0';
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)len);
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "kabar");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	/* No redirects: one could lead off https or to another host. */
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (s->ca_file[0] != '\0')
		curl_easy_setopt(c, CURLOPT_CAINFO, s->ca_file);
	if (s->pinned[0] != '\0')
		curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, s->pinned);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)s->connect_timeout);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)s->timeout);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, (long)s->low_time);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, (long)s->low_limit);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, s);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, s);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, s->curl_err);
}

/*
 * After perform: the bytes it took, the district's clock, and 0 when an
 * HTTP answer came (s->status), else the outcome, why in s->curl_err.
 */
static int
answer_read(struct sync *s, CURLcode rc, int64_t before)
{
	curl_off_t up = 0, down = 0;
	long req = 0, head = 0;
	int64_t off;

	curl_easy_getinfo(s->curl, CURLINFO_SIZE_UPLOAD_T, &up);
	curl_easy_getinfo(s->curl, CURLINFO_SIZE_DOWNLOAD_T, &down);
	curl_easy_getinfo(s->curl, CURLINFO_REQUEST_SIZE, &req);
	curl_easy_getinfo(s->curl, CURLINFO_HEADER_SIZE, &head);
	s->bytes_up += (long)up + req;
	s->bytes_down += (long)down + head;
	/* Date has whole seconds: a drift of 2 s or less is left alone. */
	off = s->date - (before + now_wall()) / 2;
	if (s->date > 0 && (off - s->offset > 2 || s->offset - off > 2)) {
		if (off > 60 || off < -60)
			log_warnx("Our clock is %" PRId64 " s off the "
			    "district's; signing with the district's time.",
			    off);
		s->offset = off;
	}
	if (rc == CURLE_OK) {
		curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &s->status);
		return 0;
	}
	if (s->curl_err[0] == '\0')
		snprintf(s->curl_err, sizeof(s->curl_err), "%s",
		    curl_easy_strerror(rc));
	if (s->answer_too_big)
		snprintf(s->curl_err, sizeof(s->curl_err), "the district's "
		    "answer is over %ld bytes", MAX_ANSWER);
	if (rc == CURLE_ABORTED_BY_CALLBACK)
		return SYNC_STOPPED;
	if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST ||
	    rc == CURLE_COULDNT_RESOLVE_PROXY)
		return SYNC_LINK;
	return SYNC_RETRY;
}

/*
 * One signed request. 0: an HTTP answer came (s->status, s->answer);
 * else SYNC_LINK, SYNC_RETRY or SYNC_STOPPED, why in s->curl_err.
 */
static int
request(struct sync *s, const char *url, const void *body, size_t len)
{
	struct curl_slist *h;
	char ts[32], sig[65];
	int64_t before, offset = s->offset;
	CURLcode rc;
	int ret, retried = 0;

again:
	before = now_wall();
	snprintf(ts, sizeof(ts), "%" PRId64, before + s->offset);
	if (batch_sign(s->key, ts, body != NULL ? body : "", len, sig) != 0) {
		snprintf(s->curl_err, sizeof(s->curl_err), "cannot sign");
		return SYNC_RETRY;
	}
	h = signed_headers(s, ts, sig, body != NULL);
	handle_setup(s, url, h, body, len);
	rc = curl_easy_perform(s->curl);
	curl_slist_free_all(h);
	ret = answer_read(s, rc, before);
	/* Our clock was the trouble: sign again, once, with the district's. */
	if (ret == 0 && s->status == 401 && !retried && s->offset != offset) {
		retried = 1;
		goto again;
	}
	return ret;
}

static void
fail(struct sync_result *r, enum sync_outcome o, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail(struct sync_result *r, enum sync_outcome o, const char *fmt, ...)
{
	va_list ap;

	r->outcome = o;
	va_start(ap, fmt);
	vsnprintf(r->error, sizeof(r->error), fmt, ap);
	va_end(ap);
}

/* The first line of the district's answer, for a log or a reason. */
static void
answer_line(const struct sync *s, char *out, size_t outsz)
{
	size_t n = strcspn(sb_str(&s->answer), "\r\n"), i;

	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, sb_str(&s->answer), n);
	out[n] = '\0';
	for (i = 0; i < n; i++)
		if ((unsigned char)out[i] < 0x20)
			out[i] = ' ';
}

/* An answer that is not 200: the outcome it means. */
static void
classify(struct sync *s, struct sync_result *r, const char *what)
{
	char line[160];

	answer_line(s, line, sizeof(line));
	r->http_status = (int)s->status;
	if (s->status == 401 || s->status == 403)
		fail(r, SYNC_AUTH, "the district refused our credentials "
		    "(%ld %s): check sync.token, sync.hmac_key and "
		    "gateway.id", s->status, line);
	else {
		if (s->status == 429 && s->retry_after >= 0)
			r->retry_after = s->retry_after;
		fail(r, SYNC_RETRY, "%s: the district answered %ld %s", what,
		    s->status, line);
	}
}

static int
set_aside(struct sync *s, const struct journal_rec *rec, int status,
    const char *why)
{
	char id[SYNC_ID_MAX];

	sync_record_id(s->id, rec, id, sizeof(id));
	log_errorx("The district refuses record %s (%s, %d: %s); it is set "
	    "aside, see `kabar sync rejected`.", id, rec->type, status, why);
	if (db_begin(s->db) != 0)
		return -1;
	if (db_sync_reject(s->db, rec->seq, status, why, now_wall()) != 0) {
		db_rollback(s->db);
		return -1;
	}
	return db_commit(s->db);
}

/*
 * Send rec[0..n). 0 to go on (progress added to r), -1 when the attempt
 * ends (r says why). A batch the district calls malformed is halved until
 * the record it refuses stands alone.
 */
static int
send_batch(struct sync *s, const struct journal_rec *rec, int n,
    struct sync_result *r, struct strbuf *body, const char *url)
{
	char *done, line[160];
	int rc, k, clash, half;

	if (sync_batch_body(s->id, rec, n, body) != 0) {
		fail(r, SYNC_ERROR, "cannot compress a batch");
		return -1;
	}
	if ((rc = request(s, url, body->buf, body->len)) != 0) {
		fail(r, (enum sync_outcome)rc, "%s", s->curl_err);
		return -1;
	}
	if (s->status == 200) {
		done = xmalloc((size_t)n);
		k = sync_parse_accepted(s->id, s->answer.buf, s->answer.len,
		    rec, n, done, &clash);
		if (k < 0) {
			answer_line(s, line, sizeof(line));
			free(done);
			r->http_status = 200;
			fail(r, SYNC_RETRY, "the district answered 200 without "
			    "an \"accepted\" list: %.80s", line);
			return -1;
		}
		rc = k + clash > 0 ? sync_mark(s->db, s->id, rec, n, done) : 0;
		free(done);
		if (rc != 0) {
			fail(r, SYNC_ERROR, "cannot mark records accepted");
			return -1;
		}
		r->accepted += k;
		r->renumbered += clash;
		return 0;
	}
	if (s->status >= 400 && s->status < 500 && s->status != 401 &&
	    s->status != 403 && s->status != 408 && s->status != 429) {
		if (n == 1) {
			answer_line(s, line, sizeof(line));
			if (set_aside(s, rec, (int)s->status, line) != 0) {
				fail(r, SYNC_ERROR, "cannot set a record aside");
				return -1;
			}
			r->set_aside++;
			return 0;
		}
		half = n / 2;
		if (send_batch(s, rec, half, r, body, url) != 0)
			return -1;
		return send_batch(s, rec + half, n - half, r, body, url);
	}
	classify(s, r, "sending records");
	return -1;
}

static int
upload(struct sync *s, struct gateway *gw, struct sync_result *r)
{
	struct journal_rec *rec;
	struct strbuf body = STRBUF_INIT, url = STRBUF_INIT;
	int n, before, ret = 0;

	sb_addf(&url, "%s/v1/batches", s->url);
	for (;;) {
		if (atomic_load(&gw->stopping)) {
			fail(r, SYNC_STOPPED, "stopping");
			ret = -1;
			break;
		}
		n = db_sync_pending(s->db, s->batch_size, &rec);
		if (n <= 0) {
			if (n < 0) {
				fail(r, SYNC_ERROR, "cannot read the journal");
				ret = -1;
			}
			break;
		}
		/* The pipeline commits lazily (db.h): what the district is
		 * told must not vanish here in a power cut, or a record
		 * made again could reach it under the same id. */
		if (db_flush(s->db) != 0) {
			journal_recs_free(rec, n);
			fail(r, SYNC_ERROR, "cannot flush the journal");
			ret = -1;
			break;
		}
		before = r->accepted + r->set_aside + r->renumbered;
		ret = send_batch(s, rec, n, r, &body, sb_str(&url));
		journal_recs_free(rec, n);
		if (ret != 0)
			break;
		if (r->accepted + r->set_aside + r->renumbered == before) {
			fail(r, SYNC_RETRY, "the district accepted none of the "
			    "%d records sent", n);
			ret = -1;
			break;
		}
	}
	sb_free(&body);
	sb_free(&url);
	return ret;
}

static int
download(struct sync *s, struct gateway *gw, struct sync_result *r)
{
	const struct gw_config *cfg;
	struct strbuf url = STRBUF_INIT;
	char since[64], err[200], *eid, *esince;
	int page, n, more = 0;

	for (page = 0; page < MAX_PAGES; page++) {
		n = db_meta_get(s->db, "sync.cursor", since, sizeof(since));
		if (n < 0) {
			fail(r, SYNC_ERROR, "cannot read the cursor");
			break;
		}
		if (n == 1)
			since[0] = '\0';
		eid = curl_easy_escape(s->curl, s->id, 0);
		esince = curl_easy_escape(s->curl, since, 0);
		sb_reset(&url);
		sb_addf(&url, "%s/v1/updates?gateway=%s&since=%s", s->url,
		    eid ? eid : "", esince ? esince : "");
		curl_free(eid);
		curl_free(esince);
		if ((n = request(s, sb_str(&url), NULL, 0)) != 0) {
			fail(r, (enum sync_outcome)n, "%s", s->curl_err);
			break;
		}
		if (s->status != 200) {
			classify(s, r, "fetching updates");
			break;
		}
		cfg = gw_config_get(gw);
		n = sync_apply_updates(s->db, cfg, since, s->answer.buf,
		    s->answer.len, now_wall(), &more, err, sizeof(err));
		gw_config_put(gw);
		if (n < 0) {
			r->http_status = 200;
			fail(r, n == -1 ? SYNC_RETRY : SYNC_ERROR, "updates: %s",
			    err);
			break;
		}
		r->updates += n;
		if (!more)
			break;
	}
	sb_free(&url);
	return r->outcome == SYNC_OK ? 0 : -1;
}

/* What the operator sees in `kabar status`. */
static void
save_state(struct sync *s, const struct sync_result *r)
{
	char v[400], at[21];
	int64_t now = now_wall();

	snprintf(v, sizeof(v), "%" PRId64, s->offset);
	db_meta_put(s->db, "sync.clock_offset", v);
	if (r->outcome == SYNC_OK) {
		snprintf(v, sizeof(v), "%" PRId64, now);
		db_meta_put(s->db, "sync.last_ok", v);
		/* Mended: the last failure is no longer the state of things. */
		db_meta_put(s->db, "sync.last_error", "");
	} else if (r->outcome != SYNC_STOPPED && r->outcome != SYNC_OFF) {
		iso_time(now, at);
		snprintf(v, sizeof(v), "%s %s", at, r->error);
		db_meta_put(s->db, "sync.last_error", v);
	}
}

void
sync_round(struct sync *s, struct gateway *gw, struct sync_result *r)
{
	char v[32];
	long off;

	memset(r, 0, sizeof(*r));
	settings_load(s, gw);
	if (s->url[0] == '\0') {
		fail(r, SYNC_OFF, "no sync.url: records stay in the village");
		return;
	}
	s->stopping = &gw->stopping;
	/* The clock offset learnt before (by us or by another process). */
	if (db_meta_get(s->db, "sync.clock_offset", v, sizeof(v)) == 0 &&
	    parse_long(v, -(1L << 40), 1L << 40, &off) == 0)
		s->offset = off;
	r->outcome = SYNC_OK;
	s->bytes_up = s->bytes_down = 0;
	if (upload(s, gw, r) == 0)
		download(s, gw, r);
	r->bytes_up = s->bytes_up;
	r->bytes_down = s->bytes_down;
	save_state(s, r);
}
