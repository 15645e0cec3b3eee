/*
 * loadgen: many village gateways sending batches to a district at once,
 * the way kabard's sync client does (CONTRACT section 6): POST
 * {url}/v1/batches, a gzip'd JSON body, the bearer token, the gateway's
 * id, a timestamp and the HMAC signature, plus X-Kabar-Release. Each
 * gateway has one batch on the wire at a time and sends its records in
 * order, lowest pending first; with --resend-on-error a batch that is not
 * answered 200, or whose "accepted" list leaves some out, is sent again
 * after a backoff (Retry-After when the district gives one) under the
 * same ids, as a gateway's journal does.
 *
 * Gateways are g001..gNNN; each one's token, HMAC key and database
 * identity come from --secret, so a test can register them:
 *   token = hex(HMAC-SHA256(secret, "token." ID)), key likewise with
 *   "key.", the store identity the first 12 digits of "store.".
 * --print-credentials prints "ID TOKEN KEY" lines and exits;
 * --print-conf prints them as kabar-district's `gateways` list entries.
 *
 * A record's data is a function of its gateway and sequence number, so a
 * record sent again (or by a later run with --start-seq) is the same.
 *
 * The body is built by the sync client's own code (sync_batch_body), so
 * it is byte for byte what a gateway sends.
 *
 * At the end: `name: value unit` lines. Exit 1 when, with
 * --resend-on-error, some record was never accepted; 2 on bad usage.
 */
#include <curl/curl.h>
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sign.h"
#include "sync.h"
#include "util.h"
#include "version.h"

/* A record's state, bits. */
#define R_SENT		1	/* sent at least once */
#define R_DONE		2	/* accepted */
#define R_LOST		4	/* given up: not resent, or a conflict */

#define MAX_ANSWER	(4L << 20)
#define BACKOFF_MIN_MS	100
#define BACKOFF_MAX_MS	5000

struct gw {
	int		 index;
	char		 id[16], token[65], key[65], store[13];
	unsigned char	*state;		/* per record from --start-seq */
	long		 cap, lo, hi;	/* lo: all below are settled; hi: sent */
	long		*batch;		/* the records on the wire */
	int		 nbatch, busy, finished, backoff_ms, retry_after;
	int64_t		 wake_ms, started_ms;
	struct strbuf	 body, answer;
	CURL		*curl;
	struct curl_slist *hdr;
};

static struct opts {
	const char	*url, *secret, *release;
	int		 gateways, batch, concurrency, resend, timeout;
	long		 records, start_seq, seconds, max_seconds;
} o = { NULL, "kabar-load", KABAR_VERSION, 4, 500, 0, 0, 30, 2000, 1, 0,
	600 };

static struct stats {
	long		 answers_503, other_errors, timeouts, conn_failures;
	long		 accepted, sent, resent, conflicts, requests;
	double		*lat;
	long		 nlat, caplat;
} st;

static int64_t deadline_ms;	/* --seconds: no new records after it */

static void
usage(void)
{
	fprintf(stderr, "usage: loadgen --url URL [--gateways N] [--secret S] "
	    "[--batch N]\n  [--records-per-gateway M | --seconds S] "
	    "[--concurrency C] [--resend-on-error]\n  [--start-seq K] "
	    "[--timeout S] [--max-seconds S] [--release V]\n"
	    "  loadgen --print-credentials | --print-conf [--gateways N] "
	    "[--secret S]\n");
	exit(2);
}

static long
num(const char *s, long min, long max, const char *what)
{
	long v;

	if (parse_long(s, min, max, &v) != 0) {
		fprintf(stderr, "loadgen: %s: not a number from %ld to %ld: "
		    "%s\n", what, min, max, s);
		exit(2);
	}
	return v;
}

/* hex(HMAC(secret, what "." id)) into out (65 bytes). */
static void
derive(const char *what, const char *id, char out[65])
{
	if (batch_sign(o.secret, what, id, strlen(id), out) != 0) {
		fprintf(stderr, "loadgen: cannot compute an HMAC\n");
		exit(1);
	}
}

static uint64_t
mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static const char *const complaints[][2] = {
	{ "jalan", "Jalan di RT0%d rusak parah, banyak lubang sejak hujan "
	    "minggu lalu" },
	{ "listrik", "Lampu jalan dekat masjid mati sudah %d hari" },
	{ "air", "Air PDAM tidak mengalir ke dusun kami sejak %d hari, "
	    "mohon dicek" },
	{ "sampah", "Sampah di pinggir sungai RT0%d menumpuk dan bau" },
};

/* One record's data, as kabard journals a vote, a complaint or a
 * registration; its type. */
static const char *
record_data(struct strbuf *b, const struct gw *g, long seq)
{
	uint64_t h = mix((uint64_t)g->index << 40 ^ (uint64_t)seq);
	char text[160];
	int k = (int)(seq % 10), c;

	if (k < 2) {
		c = (int)(h % 4);
		snprintf(text, sizeof(text), complaints[c][1],
		    (int)(h >> 8) % 9 + 1);
		sb_addf(b, "{\"category\":\"%s\",\"status\":\"baru\","
		    "\"text\":", complaints[c][0]);
		sb_add_json(b, text);
		sb_addf(b, ",\"ticket\":\"%06d\"}",
		    (int)((h >> 16) % 900000) + 100000);
		return "complaint";
	}
	if (k == 2) {
		sb_addf(b, "{\"group\":\"RT0%d\",\"resident\":\"%016" PRIx64
		    "%016" PRIx64 "\",\"source\":\"sms\"}", (int)(h % 5) + 1,
		    h, mix(h));
		return "registration";
	}
	sb_addf(b, "{\"option\":%d,\"poll\":\"AIR\",\"voter\":\"%016" PRIx64
	    "%016" PRIx64 "\"}", (int)(h % 3) + 1, mix(h ^ 1), mix(h ^ 2));
	return "vote";
}

/* How far a gateway's records go: all M, or while --seconds lasts. */
static long
limit(const struct gw *g)
{
	if (o.seconds == 0)
		return o.records;
	return now_mono_ms() < deadline_ms ? (1L << 40) : g->hi;
}

static unsigned char *
state(struct gw *g, long i)
{
	if (i >= g->cap) {
		long n = g->cap ? g->cap : 1024;

		while (n <= i)
			n *= 2;
		g->state = xrealloc(g->state, (size_t)n);
		memset(g->state + g->cap, 0, (size_t)(n - g->cap));
		g->cap = n;
	}
	return &g->state[i];
}

/* The next batch: the lowest records neither accepted nor given up. */
static int
build(struct gw *g)
{
	struct strbuf data = STRBUF_INIT;
	struct journal_rec *rec;
	long i, end = limit(g);
	int n = 0;

	while (g->lo < end && (*state(g, g->lo) & (R_DONE | R_LOST)))
		g->lo++;
	for (i = g->lo; i < end && n < o.batch; i++)
		if (!(*state(g, i) & (R_DONE | R_LOST)))
			g->batch[n++] = i;
	if ((g->nbatch = n) == 0)
		return 0;
	rec = xcalloc((size_t)n, sizeof(*rec));
	for (i = 0; i < n; i++) {
		rec[i].seq = g->batch[i] + o.start_seq;
		rec[i].type = (char *)record_data(&data, g, rec[i].seq);
		rec[i].data = sb_detach(&data);
		rec[i].at = 1795400000 + (int64_t)g->index * 3600 +
		    rec[i].seq * 7;
		strlcpy_k(rec[i].store, g->store, sizeof(rec[i].store));
		if (!(*state(g, g->batch[i]) & R_SENT))
			st.sent++;
		else
			st.resent++;
		*state(g, g->batch[i]) |= R_SENT;
		if (g->batch[i] >= g->hi)
			g->hi = g->batch[i] + 1;
	}
	/* The body kabard's own sync client would send for these. */
	if (sync_batch_body(g->id, rec, n, &g->body) != 0) {
		fprintf(stderr, "loadgen: cannot compress a batch\n");
		exit(1);
	}
	for (i = 0; i < n; i++)
		free(rec[i].data);
	free(rec);
	return n;
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct gw *g = arg;

	if ((long)(g->answer.len + size * n) > MAX_ANSWER)
		return 0;
	sb_add(&g->answer, p, size * n);
	return size * n;
}

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct gw *g = arg;
	char v[32];
	long s;

	if (size * n > 12 && size * n < 40 && strncasecmp(p, "Retry-After:",
	    12) == 0) {
		memcpy(v, p + 12, size * n - 12);
		v[size * n - 12] = '\0';
		v[strcspn(v, "\r\n")] = '\0';
		if (parse_long(v + strspn(v, " \t"), 0, 3600, &s) == 0)
			g->retry_after = (int)s;
	}
	return size * n;
}

/* Put the batch on the wire, signed now. */
static void
send_batch(struct gw *g, CURLM *multi)
{
	char line[200], ts[24], sig[65];

	snprintf(ts, sizeof(ts), "%" PRId64, now_wall());
	if (batch_sign(g->key, ts, g->body.buf, g->body.len, sig) != 0) {
		fprintf(stderr, "loadgen: cannot sign\n");
		exit(1);
	}
	curl_slist_free_all(g->hdr);
	snprintf(line, sizeof(line), "Authorization: Bearer %s", g->token);
	g->hdr = curl_slist_append(NULL, line);
	snprintf(line, sizeof(line), "X-Kabar-Gateway: %s", g->id);
	g->hdr = curl_slist_append(g->hdr, line);
	snprintf(line, sizeof(line), "X-Kabar-Timestamp: %s", ts);
	g->hdr = curl_slist_append(g->hdr, line);
	snprintf(line, sizeof(line), "X-Kabar-Signature: %s", sig);
	g->hdr = curl_slist_append(g->hdr, line);
	snprintf(line, sizeof(line), "X-Kabar-Release: %s", o.release);
	g->hdr = curl_slist_append(g->hdr, line);
	g->hdr = curl_slist_append(g->hdr, "Content-Type: application/json");
	g->hdr = curl_slist_append(g->hdr, "Content-Encoding: gzip");
	g->hdr = curl_slist_append(g->hdr, "Expect:");

	curl_easy_reset(g->curl);
	sb_reset(&g->answer);
	g->retry_after = -1;
	curl_easy_setopt(g->curl, CURLOPT_URL, o.url);
	curl_easy_setopt(g->curl, CURLOPT_POST, 1L);
	curl_easy_setopt(g->curl, CURLOPT_POSTFIELDS, g->body.buf);
	curl_easy_setopt(g->curl, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)g->body.len);
	curl_easy_setopt(g->curl, CURLOPT_HTTPHEADER, g->hdr);
	curl_easy_setopt(g->curl, CURLOPT_USERAGENT, "kabar");
	curl_easy_setopt(g->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(g->curl, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(g->curl, CURLOPT_TIMEOUT, (long)o.timeout);
	curl_easy_setopt(g->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(g->curl, CURLOPT_WRITEDATA, g);
	curl_easy_setopt(g->curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(g->curl, CURLOPT_HEADERDATA, g);
	curl_easy_setopt(g->curl, CURLOPT_PRIVATE, g);
	g->started_ms = now_mono_ms();
	g->busy = 1;
	st.requests++;
	curl_multi_add_handle(multi, g->curl);
}

/* Mark the batch's records named in the answer (the batch is in seq
 * order); how many were. Ids we did not send are passed over. */
static int
mark(struct gw *g, json_t *list, unsigned char bit)
{
	struct journal_rec r = { 0 };
	char want[SYNC_ID_MAX];
	const char *id, *dash;
	json_t *v;
	size_t i;
	int lo, hi, mid, count = 0;
	long seq;

	strlcpy_k(r.store, g->store, sizeof(r.store));
	json_array_foreach(list, i, v) {
		if ((id = json_string_value(v)) == NULL ||
		    (dash = strrchr(id, '-')) == NULL ||
		    parse_long(dash + 1, o.start_seq, 1L << 60, &seq) != 0)
			continue;
		for (lo = 0, hi = g->nbatch; lo < hi;) {
			mid = lo + (hi - lo) / 2;
			if (g->batch[mid] + o.start_seq < seq)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == g->nbatch || g->batch[lo] + o.start_seq != seq ||
		    (*state(g, g->batch[lo]) & (R_DONE | R_LOST)))
			continue;
		r.seq = seq;
		sync_record_id(g->id, &r, want, sizeof(want));
		if (strcmp(id, want) == 0) {
			*state(g, g->batch[lo]) |= bit;
			count++;
		}
	}
	return count;
}

/* The district's answer to a batch (or none): what happens next. */
static void
finish(struct gw *g, CURLcode rc)
{
	long status = 0, lat;
	json_t *root = NULL, *acc;
	int k, ok = 0, jitter;

	g->busy = 0;
	lat = (long)(now_mono_ms() - g->started_ms);
	if (st.nlat == st.caplat) {
		st.caplat = st.caplat ? st.caplat * 2 : 4096;
		st.lat = xrealloc(st.lat, (size_t)st.caplat * sizeof(*st.lat));
	}
	st.lat[st.nlat++] = (double)lat;
	if (rc == CURLE_OK)
		curl_easy_getinfo(g->curl, CURLINFO_RESPONSE_CODE, &status);
	if (rc == CURLE_OPERATION_TIMEDOUT)
		st.timeouts++;
	else if (rc != CURLE_OK)
		st.conn_failures++;
	else if (status == 503)
		st.answers_503++;
	else if (status != 200 || (root = json_loadb(g->answer.buf,
	    g->answer.len, 0, NULL)) == NULL || !json_is_array(acc =
	    json_object_get(root, "accepted")))
		st.other_errors++;
	else {
		st.accepted += mark(g, acc, R_DONE);
		if (json_is_array(json_object_get(root, "conflicts")))
			st.conflicts += mark(g, json_object_get(root,
			    "conflicts"), R_LOST);
		ok = 1;
		for (k = 0; k < g->nbatch; k++)
			if (!(*state(g, g->batch[k]) & (R_DONE | R_LOST)))
				ok = 0;
	}
	json_decref(root);
	if (ok) {
		g->backoff_ms = 0;
		g->wake_ms = 0;
		return;
	}
	if (!o.resend) {
		for (k = 0; k < g->nbatch; k++)
			*state(g, g->batch[k]) |= R_LOST;
		return;
	}
	g->backoff_ms = g->backoff_ms ? g->backoff_ms * 2 : BACKOFF_MIN_MS;
	if (g->backoff_ms > BACKOFF_MAX_MS)
		g->backoff_ms = BACKOFF_MAX_MS;
	/* Half to all of it, so gateways turned away together spread out. */
	jitter = g->backoff_ms / 2 + (int)(mix((uint64_t)g->started_ms ^
	    (uint64_t)g->index) % (uint64_t)(g->backoff_ms / 2 + 1));
	g->wake_ms = now_mono_ms() + (g->retry_after >= 0 ? g->retry_after *
	    1000L + jitter / 10 : jitter);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
pct(double p)
{
	return st.nlat ? st.lat[(long)(p * (double)(st.nlat - 1) + 0.5)] : 0;
}

static void
gw_init(struct gw *g, int i)
{
	char store[65];
	int width = o.gateways > 999 ? (o.gateways > 9999 ? 5 : 4) : 3;

	memset(g, 0, sizeof(*g));
	g->index = i + 1;
	snprintf(g->id, sizeof(g->id), "g%0*d", width, i + 1);
	derive("token", g->id, g->token);
	derive("key", g->id, g->key);
	derive("store", g->id, store);
	memcpy(g->store, store, 12);
	g->store[12] = '\0';
}

int
main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "url", required_argument, 0, 'u' },
		{ "gateways", required_argument, 0, 'g' },
		{ "secret", required_argument, 0, 'k' },
		{ "batch", required_argument, 0, 'b' },
		{ "records-per-gateway", required_argument, 0, 'r' },
		{ "seconds", required_argument, 0, 's' },
		{ "concurrency", required_argument, 0, 'c' },
		{ "resend-on-error", no_argument, 0, 'R' },
		{ "start-seq", required_argument, 0, 'q' },
		{ "timeout", required_argument, 0, 't' },
		{ "max-seconds", required_argument, 0, 'm' },
		{ "release", required_argument, 0, 'v' },
		{ "print-credentials", no_argument, 0, 'P' },
		{ "print-conf", no_argument, 0, 'C' },
		{ 0, 0, 0, 0 }
	};
	struct strbuf url = STRBUF_INIT;
	struct gw *gws;
	CURLM *multi;
	CURLMsg *msg;
	int c, i, running, busy, print = 0, next = 0, left, n;
	int64_t t0, now, end, wait;
	long never = 0, k, total;
	double secs;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1)
		switch (c) {
		case 'u': o.url = optarg; break;
		case 'g': o.gateways = (int)num(optarg, 1, 99999, "--gateways");
			break;
		case 'k': o.secret = optarg; break;
		case 'b': o.batch = (int)num(optarg, 1, 100000, "--batch"); break;
		case 'r': o.records = num(optarg, 0, 1L << 40, "--records");
			break;
		case 's': o.seconds = num(optarg, 1, 86400, "--seconds"); break;
		case 'c': o.concurrency = (int)num(optarg, 1, 99999,
			    "--concurrency"); break;
		case 'R': o.resend = 1; break;
		case 'q': o.start_seq = num(optarg, 1, 1L << 50, "--start-seq");
			break;
		case 't': o.timeout = (int)num(optarg, 1, 3600, "--timeout");
			break;
		case 'm': o.max_seconds = num(optarg, 1, 86400,
			    "--max-seconds"); break;
		case 'v': o.release = optarg; break;
		case 'P': print = 1; break;
		case 'C': print = 2; break;
		default: usage();
		}
	if (optind != argc || o.secret[0] == '\0')
		usage();
	gws = xcalloc((size_t)o.gateways, sizeof(*gws));
	for (i = 0; i < o.gateways; i++)
		gw_init(&gws[i], i);
	if (print) {
		for (i = 0; i < o.gateways; i++)
			printf(print == 1 ? "%s %s %s%s\n" : "{ id = \"%s\"; "
			    "token = \"%s\"; hmac_key = \"%s\"; }%s\n",
			    gws[i].id, gws[i].token, gws[i].key, print == 1 ||
			    i == o.gateways - 1 ? "" : ",");
		free(gws);
		return 0;
	}
	if (o.url == NULL)
		usage();
	/* "http://district/" and "http://district" mean the same. */
	sb_adds(&url, o.url);
	while (url.len > 0 && url.buf[url.len - 1] == '/')
		url.buf[--url.len] = '\0';
	sb_adds(&url, "/v1/batches");
	o.url = sb_str(&url);
	if (o.concurrency == 0 || o.concurrency > o.gateways)
		o.concurrency = o.gateways;
	signal(SIGPIPE, SIG_IGN);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	multi = curl_multi_init();
	curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, (long)o.gateways * 2);
	for (i = 0; i < o.gateways; i++) {
		gws[i].curl = curl_easy_init();
		gws[i].batch = xcalloc((size_t)o.batch, sizeof(long));
		if (gws[i].curl == NULL)
			return 1;
	}
	t0 = now_mono_ms();
	deadline_ms = t0 + o.seconds * 1000;
	end = t0 + o.max_seconds * 1000;
	for (;;) {
		now = now_mono_ms();
		if (now >= end)
			break;
		/* Start whoever is due, from a turning point, up to the
		 * concurrency; a gateway with nothing left is finished. */
		busy = 0;
		for (i = 0; i < o.gateways; i++)
			busy += gws[i].busy;
		left = 0;
		wait = 100;
		for (n = 0; n < o.gateways; n++) {
			struct gw *g = &gws[(next + n) % o.gateways];

			if (g->finished || g->busy) {
				left += !g->finished;
				continue;
			}
			if (g->wake_ms > now) {
				left++;
				if (g->wake_ms - now < wait)
					wait = g->wake_ms - now;
				continue;
			}
			if (busy >= o.concurrency) {
				left++;
				continue;
			}
			if (build(g) == 0) {
				g->finished = 1;
				continue;
			}
			send_batch(g, multi);
			busy++;
			left++;
		}
		next = (next + 1) % o.gateways;
		if (left == 0)
			break;
		curl_multi_perform(multi, &running);
		while ((msg = curl_multi_info_read(multi, &c)) != NULL) {
			struct gw *g;
			char *p = NULL;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &p);
			g = (struct gw *)(void *)p;
			curl_multi_remove_handle(multi, msg->easy_handle);
			finish(g, msg->data.result);
			if (!g->busy && g->wake_ms <= now_mono_ms())
				wait = 0;
		}
		if (wait > 0)
			curl_multi_poll(multi, NULL, 0, (int)wait, NULL);
	}
	secs = (double)(now_mono_ms() - t0) / 1000.0;
	for (i = 0; i < o.gateways; i++) {
		total = o.seconds ? gws[i].hi : o.records;
		for (k = 0; k < total; k++)
			if (!(*state(&gws[i], k) & R_DONE))
				never++;
		if (gws[i].busy)
			curl_multi_remove_handle(multi, gws[i].curl);
		curl_easy_cleanup(gws[i].curl);
		curl_slist_free_all(gws[i].hdr);
		sb_free(&gws[i].body);
		sb_free(&gws[i].answer);
		free(gws[i].state);
		free(gws[i].batch);
	}
	qsort(st.lat, (size_t)st.nlat, sizeof(*st.lat), cmp_double);
	printf("gateways: %d\n", o.gateways);
	printf("seconds: %.2f s\n", secs);
	printf("records_per_second: %.0f records/s\n",
	    secs > 0 ? (double)st.accepted / secs : 0.0);
	printf("batch_p50_ms: %.0f ms\n", pct(0.50));
	printf("batch_p99_ms: %.0f ms\n", pct(0.99));
	printf("batches_sent: %ld batches\n", st.requests);
	printf("answers_503: %ld answers\n", st.answers_503);
	printf("answers_other_errors: %ld answers\n", st.other_errors);
	printf("timeouts: %ld requests\n", st.timeouts);
	printf("connection_failures: %ld requests\n", st.conn_failures);
	printf("records_accepted: %ld records\n", st.accepted);
	printf("records_sent: %ld records\n", st.sent);
	printf("records_resent: %ld records\n", st.resent);
	printf("records_conflicting: %ld records\n", st.conflicts);
	printf("records_never_accepted: %ld records\n", never);
	curl_multi_cleanup(multi);
	curl_global_cleanup();
	free(st.lat);
	free(gws);
	sb_free(&url);
	return o.resend && never > 0 ? 1 : 0;
}
