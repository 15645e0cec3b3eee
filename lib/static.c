/*
 * Serving embedded files. They change only with a new build, so each has
 * a strong ETag made from its content at build time; "no-cache" makes
 * the browser ask again each load, and an unchanged file costs a 304 of
 * no bytes: a new kabard never shows yesterday's script beside today's
 * API.
 */
#include "static.h"

#include <stdlib.h>
#include <string.h>

#define CSP "default-src 'self'; script-src 'self'; style-src 'self'; " \
	"img-src 'self' data:; object-src 'none'; base-uri 'none'; " \
	"frame-ancestors 'none'; form-action 'self'"

static const struct {
	const char	*ext;
	const char	*type;
} types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".mjs", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".json", "application/json" },
	{ ".webmanifest", "application/manifest+json" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".woff2", "font/woff2" },
};

const struct static_file *
static_find(const struct static_file *table, const char *url)
{
	const struct static_file *f;

	if (strcmp(url, "/") == 0)
		url = "/index.html";
	for (f = table; f->path != NULL; f++)
		if (strcmp(f->path, url) == 0)
			return f;
	return NULL;
}

const char *
static_type(const char *path)
{
	size_t n = strlen(path), i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		size_t e = strlen(types[i].ext);

		if (n > e && strcmp(path + n - e, types[i].ext) == 0)
			return types[i].type;
	}
	return "application/octet-stream";
}

void
static_security_headers(struct MHD_Response *r)
{
	MHD_add_response_header(r, "Content-Security-Policy", CSP);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
}

/* 1 when the If-None-Match header names etag (or is "*"). */
static int
etag_matches(const char *inm, const char *etag)
{
	size_t n = strlen(etag);
	const char *p;

	if (inm == NULL)
		return 0;
	if (strcmp(inm, "*") == 0)
		return 1;
	for (p = strstr(inm, etag); p != NULL; p = strstr(p + 1, etag))
		if ((p == inm || p[-1] == ' ' || p[-1] == ',' || p[-1] == '/') &&
		    (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
			return 1;
	return 0;
}

enum MHD_Result
static_serve(struct MHD_Connection *c, const struct static_file *f)
{
	const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "If-None-Match");
	int fresh = etag_matches(inm, f->etag);
	struct MHD_Response *r;
	enum MHD_Result ret;

	/* The data lives as long as the program: no copy. */
	r = MHD_create_response_from_buffer(fresh ? 0 : f->len,
	    (void *)f->data, MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", static_type(f->path));
	MHD_add_response_header(r, "ETag", f->etag);
	MHD_add_response_header(r, "Cache-Control", "no-cache");
	static_security_headers(r);
	ret = MHD_queue_response(c, fresh ? MHD_HTTP_NOT_MODIFIED :
	    MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

struct MHD_Response *
static_json(char *text)
{
	struct MHD_Response *r;

	if (text == NULL)
		return NULL;
	r = MHD_create_response_from_buffer(strlen(text), text,
	    MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		free(text);
		return NULL;
	}
	MHD_add_response_header(r, "Content-Type",
	    "application/json; charset=utf-8");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	return r;
}
