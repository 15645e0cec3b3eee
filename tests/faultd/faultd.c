/*
 * faultd: a district that misbehaves on purpose, for the sync tests. It
 * listens on 127.0.0.1:PORT, answers GET /v1/updates with no updates, and
 * answers each POST /v1/batches with the next line of a plan file:
 *
 *   ok               200, every id accepted
 *   status N [S]     answer N (with Retry-After: S when given)
 *   hang             read the request and never answer
 *   drip             200 headers, then the body a byte a second
 *   reset            half the headers, then a TCP reset
 *   garbage          200 with a body that is not JSON
 *   omit K           200, all but the first K ids accepted
 *   unknown          200, every id plus ids that were never sent
 *   dup              200, every id twice
 *   skew S           from now on its clock is S seconds off; a timestamp
 *                    more than 300 s from it gets 401 (and a Date header)
 *
 * When the plan runs out every batch is "ok". Each request is logged to
 * LOG as "UNIX_MS ACTION N_RECORDS", and each accepted id to LOG.ids, so
 * the test can check what the gateway was told.
 *
 * usage: faultd PORT PLAN LOG
 */
#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <sys/poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define MAX_REQ (16 << 20)

static FILE *plan, *logf, *idsf;
static long skew;

static long long
now_ms(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (long long)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

static void
say(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void
answer(int fd, int status, const char *extra, const char *body)
{
	char head[512], date[64];
	time_t t = time(NULL) + skew;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm);
	snprintf(head, sizeof(head), "HTTP/1.1 %d X\r\nDate: %s\r\n"
	    "Content-Type: application/json\r\nContent-Length: %zu\r\n"
	    "Connection: close\r\n%s\r\n", status, date, strlen(body), extra);
	say(fd, head, strlen(head));
	say(fd, body, strlen(body));
}

/* The request's headers and body; 0, or -1 when the client went away. */
static int
read_request(int fd, char **buf, size_t *hlen, size_t *total)
{
	size_t have = 0, room = 65536, need = 0;
	char *b = malloc(room + 1), *end, *cl;
	ssize_t r;

	for (;;) {
		if (have == room) {
			if (room >= MAX_REQ)
				break;
			room *= 2;
			b = realloc(b, room + 1);
		}
		r = read(fd, b + have, room - have);
		if (r <= 0)
			break;
		have += (size_t)r;
		b[have] = '\0';
		if (need == 0 && (end = strstr(b, "\r\n\r\n")) != NULL) {
			*hlen = (size_t)(end - b) + 4;
			cl = strcasestr(b, "\r\nContent-Length:");
			need = *hlen + (cl != NULL && cl < end ?
			    strtoul(cl + 17, NULL, 10) : 0);
		}
		if (need > 0 && have >= need) {
			*buf = b;
			*total = have;
			return 0;
		}
	}
	free(b);
	return -1;
}

static const char *
header(const char *req, const char *name, char *out, size_t outsz)
{
	char pat[64];
	const char *p;
	size_t n;

	snprintf(pat, sizeof(pat), "\r\n%s:", name);
	if ((p = strcasestr(req, pat)) == NULL)
		return NULL;
	p += strlen(pat);
	while (*p == ' ')
		p++;
	n = strcspn(p, "\r\n");
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, p, n);
	out[n] = '\0';
	return out;
}

static json_t *
records(const char *body, size_t len)
{
	unsigned char *out = malloc(MAX_REQ);
	uLongf outlen;
	z_stream z;
	json_t *root = NULL;

	memset(&z, 0, sizeof(z));
	inflateInit2(&z, 16 + MAX_WBITS);
	z.next_in = (unsigned char *)body;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = MAX_REQ;
	if (inflate(&z, Z_FINISH) == Z_STREAM_END) {
		outlen = z.total_out;
		root = json_loadb((char *)out, outlen, 0, NULL);
	}
	inflateEnd(&z);
	free(out);
	return root;
}

static void
accepted(int fd, json_t *recs, int omit, int unknown, int dup)
{
	json_t *acc = json_array(), *r;
	size_t i;
	char *s;
	int k;

	json_array_foreach(recs, i, r) {
		const char *id = json_string_value(json_object_get(r, "id"));

		if (id == NULL || (int)i < omit)
			continue;
		for (k = 0; k < 1 + dup; k++)
			json_array_append_new(acc, json_string(id));
		fprintf(idsf, "%s\n", id);
	}
	if (unknown) {
		json_array_append_new(acc, json_string("test:999999999"));
		json_array_append_new(acc, json_string("other:1"));
	}
	fflush(idsf);
	s = json_dumps(json_pack("{s:o}", "accepted", acc), JSON_COMPACT);
	answer(fd, 200, "", s);
	free(s);
}

static void
serve(int fd)
{
	char *req = NULL, line[128] = "ok", v[64];
	size_t hlen, total;
	json_t *root, *recs;
	long ts;
	int n, i;

	if (read_request(fd, &req, &hlen, &total) != 0)
		return;
	if (strncmp(req, "GET /v1/updates", 15) == 0) {
		answer(fd, 200, "", "{\"cursor\":\"0\",\"updates\":[]}");
		free(req);
		return;
	}
	if (fgets(line, sizeof(line), plan) == NULL)
		snprintf(line, sizeof(line), "ok");
	line[strcspn(line, "\r\n")] = '\0';
	if (strncmp(line, "skew ", 5) == 0) {
		skew = strtol(line + 5, NULL, 10);
		snprintf(line, sizeof(line), "ok");
	}
	root = records(req + hlen, total - hlen);
	recs = json_object_get(root, "records");
	n = json_is_array(recs) ? (int)json_array_size(recs) : -1;
	/* The clock check applies to every action, as at a district. */
	if (header(req, "X-Kabar-Timestamp", v, sizeof(v)) == NULL ||
	    (ts = strtol(v, NULL, 10), labs(ts - (long)(time(NULL) + skew)) >
	    300))
		snprintf(line, sizeof(line), "clock");
	fprintf(logf, "%lld %s %d\n", now_ms(), line, n);
	fflush(logf);
	if (strcmp(line, "clock") == 0)
		answer(fd, 401, "", "{\"error\":\"timestamp\"}");
	else if (n < 0)
		answer(fd, 400, "", "{\"error\":\"not a batch\"}");
	else if (strcmp(line, "ok") == 0)
		accepted(fd, recs, 0, 0, 0);
	else if (strncmp(line, "omit ", 5) == 0)
		accepted(fd, recs, atoi(line + 5), 0, 0);
	else if (strcmp(line, "unknown") == 0)
		accepted(fd, recs, 0, 1, 0);
	else if (strcmp(line, "dup") == 0)
		accepted(fd, recs, 0, 0, 1);
	else if (strncmp(line, "status ", 7) == 0) {
		char extra[64] = "", *sp = strchr(line + 7, ' ');

		if (sp != NULL)
			snprintf(extra, sizeof(extra), "Retry-After: %s\r\n",
			    sp + 1);
		answer(fd, atoi(line + 7), extra, "{\"error\":\"planned\"}");
	} else if (strcmp(line, "garbage") == 0)
		answer(fd, 200, "", "<html>Gateway Timeout</html>");
	else if (strcmp(line, "hang") == 0 || strcmp(line, "drip") == 0) {
		struct pollfd p = { fd, POLLIN, 0 };
		const char *h = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n";

		if (line[0] == 'd')
			say(fd, h, strlen(h));
		/* Until the client gives up (or a minute passes). */
		for (i = 0; i < 60; i++) {
			if (poll(&p, 1, 1000) > 0)
				break;
			if (line[0] == 'd')
				say(fd, "{", 1);
		}
	} else if (strcmp(line, "reset") == 0) {
		struct linger l = { 1, 0 };

		say(fd, "HTTP/1.1 200 OK\r\nContent-Len", 29);
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	} else
		answer(fd, 500, "", "{\"error\":\"unknown plan line\"}");
	json_decref(root);
	free(req);
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sin;
	char path[4096];
	int s, c, one = 1;

	if (argc != 4) {
		fprintf(stderr, "usage: faultd PORT PLAN LOG\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	plan = fopen(argv[2], "r");
	logf = fopen(argv[3], "a");
	snprintf(path, sizeof(path), "%s.ids", argv[3]);
	idsf = fopen(path, "a");
	if (plan == NULL || logf == NULL || idsf == NULL) {
		perror("faultd");
		return 1;
	}
	s = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)atoi(argv[1]));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    listen(s, 16) != 0) {
		perror("faultd: bind");
		return 1;
	}
	for (;;) {
		if ((c = accept(s, NULL, NULL)) < 0) {
			if (errno == EINTR)
				continue;
			return 1;
		}
		serve(c);
		close(c);
	}
}
