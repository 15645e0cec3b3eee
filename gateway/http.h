/*
 * The HTTP endpoint inside kabard (libmicrohttpd): POST /ussd for the USSD
 * aggregator, GET /health and GET /metrics for whoever watches the board,
 * and every other path for the village console (web/: the pages and
 * /api/v1/), over HTTPS when http.tls_cert and tls_key are set.
 * One thread serves it, with its own database connection. A request must
 * arrive whole within 10 s of its connection opening (or of the previous
 * answer on it), and one address holds at most 64 of 256 connections, so
 * slow clients cannot keep the aggregator out.
 */
#ifndef KABAR_HTTP_H
#define KABAR_HTTP_H

#include <stddef.h>

#include "runtime.h"

#define HTTP_BODY_MAX 4096

struct http *http_start(struct gateway *gw, char *err, size_t errsz);
void	http_stop(struct http *h);	/* NULL is a no-op */

#endif
