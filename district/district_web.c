/*
 * The district console's front door: its daemon (one thread, its own
 * store connection: password checks never hold up the batches), the
 * route table of the API, the session check every route but login
 * passes, and the embedded pages for everything else. Every answer,
 * refusals included, carries the Content-Security-Policy.
 */
#include "district_web_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "district_store.h"
#include "log.h"
#include "static.h"
#include "util.h"

#define API_PREFIX "/api/"
#define CONN_IDLE_SECONDS 30
#define CONN_MAX 64

struct droute {
	const char	*method;
	const char	*path;		/* "*" stands for one segment */
	dweb_fn		 fn;
};

/* Read-only: login and logout are the only changes. */
static const struct droute routes[] = {
	{ "POST", "/api/v1/login", dapi_login },
	{ "POST", "/api/v1/logout", dapi_logout },
	{ "GET", "/api/v1/me", dapi_me },
	{ "GET", "/api/v1/villages", dapi_villages },
	{ "GET", "/api/v1/complaints", dapi_complaints },
	{ "GET", "/api/v1/complaints/summary", dapi_complaints_summary },
	{ "GET", "/api/v1/campaigns", dapi_campaigns },
	{ "GET", "/api/v1/campaigns/*", dapi_campaign },
	{ "GET", "/api/v1/campaigns/*/results.csv", dapi_campaign_csv },
	{ NULL, NULL, NULL }
};

enum MHD_Result
dweb_queue(struct dreq *r, unsigned int status, struct MHD_Response *resp)
{
	enum MHD_Result ret;

	if (resp == NULL)
		return MHD_NO;
	static_security_headers(resp);
	/* static_json() has set it on a JSON answer already. */
	if (MHD_get_response_header(resp, "Cache-Control") == NULL)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	ret = MHD_queue_response(r->c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

enum MHD_Result
dweb_json_cookie(struct dreq *r, unsigned int status, json_t *v,
    const char *cookie)
{
	char *text = v != NULL ? json_dumps(v, JSON_COMPACT |
	    JSON_ENSURE_ASCII) : NULL;
	struct MHD_Response *resp;

	json_decref(v);
	if ((resp = static_json(text)) == NULL)
		return MHD_NO;
	if (cookie != NULL)
		MHD_add_response_header(resp, "Set-Cookie", cookie);
	return dweb_queue(r, status, resp);
}

enum MHD_Result
dweb_json(struct dreq *r, unsigned int status, json_t *v)
{
	return dweb_json_cookie(r, status, v, NULL);
}

enum MHD_Result
dweb_error(struct dreq *r, unsigned int status, const char *why)
{
	return dweb_json(r, status, json_pack("{s:s}", "error", why));
}

const char *
dweb_arg(struct dreq *r, const char *name)
{
	const char *v = MHD_lookup_connection_value(r->c,
	    MHD_GET_ARGUMENT_KIND, name);

	return v != NULL && v[0] != '\0' ? v : NULL;
}

int
dweb_arg_long(struct dreq *r, const char *name, long min, long max,
    long def, long *out)
{
	const char *v = dweb_arg(r, name);

	*out = def;
	return v == NULL ? 0 : parse_long(v, min, max, out);
}

/* 1 when url is pattern, its one * standing for a segment (not empty,
 * no '/', shorter than argsz) that is copied into arg. */
static int
route_match(const char *pattern, const char *url, char *arg, size_t argsz)
{
	const char *star = strchr(pattern, '*');
	size_t head, seg;

	if (star == NULL)
		return strcmp(pattern, url) == 0;
	head = (size_t)(star - pattern);
	if (strncmp(pattern, url, head) != 0)
		return 0;
	seg = strcspn(url + head, "/");
	if (seg == 0 || seg >= argsz || strcmp(star + 1, url + head + seg) != 0)
		return 0;
	memcpy(arg, url + head, seg);
	arg[seg] = '\0';
	return 1;
}

static enum MHD_Result
api(struct dreq *r, const char *url)
{
	const struct droute *rt, *found = NULL;
	enum MHD_Result ret;
	int known = 0;

	for (rt = routes; rt->path != NULL && found == NULL; rt++) {
		if (!route_match(rt->path, url, r->argbuf, sizeof(r->argbuf)))
			continue;
		if (strcmp(rt->method, r->method) == 0)
			found = rt;
		else
			known = 1;
	}
	r->arg = r->argbuf[0] != '\0' ? r->argbuf : NULL;
	if (found == NULL)
		return known ? dweb_error(r, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "method not allowed") : dweb_error(r, MHD_HTTP_NOT_FOUND,
		    "no such endpoint");
	if (found->fn == dapi_login)
		return dapi_login(r);
	if (dweb_session_check(r, strcmp(found->method, "GET") != 0,
	    &ret) != 0)
		return ret;
	return found->fn(r);
}

/* An embedded file ("/" is index.html), else 404: the pages route by
 * the URL's #fragment, so no other path stands for them. */
static enum MHD_Result
page(struct dreq *r, const char *url)
{
	const struct static_file *f = static_find(district_static_files, url);
	const char *why = "not found\n";
	unsigned int status = MHD_HTTP_NOT_FOUND;
	struct MHD_Response *resp;

	if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0) {
		why = "method not allowed\n";
		status = MHD_HTTP_METHOD_NOT_ALLOWED;
	} else if (f != NULL)
		return static_serve(r->c, f);
	resp = MHD_create_response_from_buffer(strlen(why), (void *)why,
	    MHD_RESPMEM_PERSISTENT);
	if (resp != NULL)
		MHD_add_response_header(resp, "Content-Type", "text/plain");
	return dweb_queue(r, status, resp);
}

static enum MHD_Result
handler(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *data,
    size_t *data_size, void **con_cls)
{
	struct dweb *w = cls;
	struct dreq r;

	(void)version;
	if (upload_step(con_cls, data, data_size, DWEB_BODY_MAX))
		return MHD_YES;
	memset(&r, 0, sizeof(r));
	r.w = w;
	r.c = c;
	r.method = method;
	r.up = *con_cls;
	r.now = now_wall();
	if (strncmp(url, API_PREFIX, strlen(API_PREFIX)) != 0)
		return page(&r, url);
	return api(&r, url);
}

/* A PEM file, whole (a certificate chain is small), or NULL. */
static char *
pem_load(const char *path, char *err, size_t errsz)
{
	struct strbuf sb = STRBUF_INIT;
	FILE *f = fopen(path, "r");
	int ch;

	if (f == NULL) {
		snprintf(err, errsz, "cannot read '%s': %s", path,
		    strerror(errno));
		return NULL;
	}
	while ((ch = getc(f)) != EOF && sb.len < 1 << 20)
		sb_addc(&sb, (char)ch);
	fclose(f);
	if (strstr(sb_str(&sb), "-----BEGIN") != NULL)
		return sb_detach(&sb);
	snprintf(err, errsz, "'%s' is not a PEM file", path);
	sb_free(&sb);
	return NULL;
}

static int
listen_addr(const char *listen, struct sockaddr_in *sin)
{
	const char *colon = strrchr(listen, ':');
	char host[64];
	long port;

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	if (colon == NULL || parse_long(colon + 1, 1, 65535, &port) != 0 ||
	    (size_t)(colon - listen) >= sizeof(host))
		return -1;
	snprintf(host, sizeof(host), "%.*s", (int)(colon - listen), listen);
	if (strcmp(host, "localhost") == 0)
		strlcpy_k(host, "127.0.0.1", sizeof(host));
	if (inet_pton(AF_INET, host, &sin->sin_addr) != 1)
		return -1;
	sin->sin_port = htons((uint16_t)port);
	return 0;
}

struct dweb *
dweb_start(const struct district_conf *c, char *err, size_t errsz)
{
	const struct district_console *k = c->console;
	struct sockaddr_in sin;
	struct dweb *w;

	if (listen_addr(k->listen, &sin) != 0) {
		snprintf(err, errsz, "http.listen \"%s\" is not IPv4:PORT",
		    k->listen);
		return NULL;
	}
	w = xcalloc(1, sizeof(*w));
	w->conf = c;
	if (k->tls_cert != NULL && ((w->tls_cert = pem_load(k->tls_cert, err,
	    errsz)) == NULL || (w->tls_key = pem_load(k->tls_key, err,
	    errsz)) == NULL))
		goto fail;
	w->db = ddb_open(c->database, err, errsz);
	if (w->db == NULL)
		goto fail;
	/* What an unknown number's password is checked against, so that
	 * the answer takes as long as for an officer. */
	if (password_hash("no officer has this password", w->dummy_hash,
	    sizeof(w->dummy_hash)) != 0)
		w->dummy_hash[0] = '\0';
	w->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_AUTO | (w->tls_cert != NULL ? MHD_USE_TLS : 0),
	    ntohs(sin.sin_port), NULL, NULL, handler, w,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
	    MHD_OPTION_NOTIFY_COMPLETED, upload_completed, w,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)CONN_IDLE_SECONDS,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)CONN_MAX,
	    /* Without TLS the list ends here. */
	    w->tls_cert != NULL ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END,
	    w->tls_cert, MHD_OPTION_HTTPS_MEM_KEY, w->tls_key, MHD_OPTION_END);
	if (w->d == NULL) {
		snprintf(err, errsz, "cannot listen on %s (in use?)", k->listen);
		goto fail;
	}
	log_info("District console on http%s://%s/ for %zu officers.",
	    w->tls_cert != NULL ? "s" : "", k->listen, k->n_officers);
	return w;
fail:
	dweb_stop(w);
	return NULL;
}

void
dweb_stop(struct dweb *w)
{
	if (w == NULL)
		return;
	if (w->d != NULL)
		MHD_stop_daemon(w->d);
	ddb_close(w->db);
	free(w->tls_cert);
	free(w->tls_key);
	free(w);
}
