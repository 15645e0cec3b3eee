/*
 * The village console's server side (CONTRACT §7, docs/API.md): the JSON
 * API under /api/v1/ and the embedded pages. gateway/http.c hands it every
 * request that is not /ussd, /health or /metrics, on its one HTTP thread,
 * with the HTTP front's own database connection; nothing here blocks on
 * anything but that database (and the password hash at login).
 */
#ifndef KABAR_WEB_H
#define KABAR_WEB_H

#include <microhttpd.h>
#include <stddef.h>

#include "db.h"
#include "runtime.h"
#include "upload.h"

#define WEB_JSON_MAX (64 * 1024)	/* a JSON request body */
#define WEB_IMPORT_MAX (1024 * 1024)	/* a CSV of residents */

struct web;

/* tls: answers go over HTTPS (cookies get Secure). db is borrowed. */
struct web *web_create(struct gateway *gw, struct db *db, int tls);
void	web_destroy(struct web *w);	/* NULL is a no-op */
/* The largest request body url may send. */
size_t	web_body_cap(const char *url);
/* Answer a console request (the pages or the API). */
enum MHD_Result web_handle(struct web *w, struct MHD_Connection *c,
	    const char *url, const char *method, const struct upload *up);

#endif
