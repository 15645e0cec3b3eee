/*
 * Files embedded in a program at build time (the console's pages), and
 * the headers every answer of a console carries. The table is generated
 * by make (build/static_gen.c from web/static/) and ends with a NULL
 * path; nothing here is read from the disk at run time.
 */
#ifndef KABAR_STATIC_H
#define KABAR_STATIC_H

#include <microhttpd.h>
#include <stddef.h>

struct static_file {
	const char		*path;	/* "/app.js" */
	const unsigned char	*data;
	size_t			 len;
	const char		*etag;	/* "\"hash\"", quotes included */
};

/* The village console's files (build/static_gen.c). */
extern const struct static_file web_static_files[];

/* The file for a request path ("/" is "/index.html"), or NULL. */
const struct static_file *static_find(const struct static_file *table,
	    const char *url);
/* The Content-Type of a path, by its extension. */
const char *static_type(const char *path);
/* The headers of every console answer: the Content-Security-Policy
 * (nothing inline, nothing from another origin) and its friends. */
void	static_security_headers(struct MHD_Response *r);
/* A console's JSON answer: text (malloc'd; taken, also on failure) as
 * application/json, never cached; NULL when text is NULL or memory ran
 * out. The caller adds its headers and queues it. */
struct MHD_Response *static_json(char *text);
/* Answer with f: 200, or 304 when the browser holds this version. */
enum MHD_Result static_serve(struct MHD_Connection *c,
	    const struct static_file *f);

#endif
