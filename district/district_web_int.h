/*
 * Inside the district console: one request as the endpoints see it, and
 * the answers they build.
 */
#ifndef KABAR_DISTRICT_WEB_INT_H
#define KABAR_DISTRICT_WEB_INT_H

#include <jansson.h>
#include <microhttpd.h>
#include <stdint.h>

#include "district.h"
#include "district_web.h"
#include "password.h"
#include "upload.h"

#define DWEB_BODY_MAX 4096	/* a login is the largest body */

struct dweb {
	const struct district_conf	*conf;
	struct ddb			*db;	/* the console thread's own */
	struct MHD_Daemon		*d;
	char				*tls_cert, *tls_key;	/* PEM */
	char	 dummy_hash[PASSWORD_HASH_MAX];	/* for unknown numbers */
	int64_t	 fails_since;			/* wrong passwords of late */
	int	 fails;
};

struct dreq {
	struct dweb		*w;
	struct MHD_Connection	*c;
	const char		*method;
	const struct upload	*up;
	const char		*arg;		/* the path's * segment */
	char			 argbuf[64];
	int64_t			 now;
	const struct district_officer *officer;	/* NULL before login */
	char			 id_hash[65];
	char			 csrf[65];
	int64_t			 created_at;
	int64_t			 seen_at;
};

typedef enum MHD_Result (*dweb_fn)(struct dreq *);

/* --- answers (district_web.c) --- */
enum MHD_Result dweb_json(struct dreq *r, unsigned int status, json_t *v);
/* The same with a Set-Cookie header (when cookie is not NULL). */
enum MHD_Result dweb_json_cookie(struct dreq *r, unsigned int status,
	    json_t *v, const char *cookie);
enum MHD_Result dweb_error(struct dreq *r, unsigned int status,
	    const char *why);
/* Answer with a ready response (the console's headers added). */
enum MHD_Result dweb_queue(struct dreq *r, unsigned int status,
	    struct MHD_Response *resp);
/* The query argument name, or NULL when absent or empty. */
const char *dweb_arg(struct dreq *r, const char *name);
/* A whole-number query argument in [min, max], def when absent: 0, or
 * -1 when it is there but bad. */
int	dweb_arg_long(struct dreq *r, const char *name, long min, long max,
	    long def, long *out);

/* --- district_web_session.c --- */
enum MHD_Result dapi_login(struct dreq *);
enum MHD_Result dapi_logout(struct dreq *);
enum MHD_Result dapi_me(struct dreq *);
/* 0 when the request has a live session (r->officer set); else answered
 * (401, 403 for a change without the CSRF token). */
int	dweb_session_check(struct dreq *r, int change, enum MHD_Result *ret);

/* --- district_web_data.c --- */
enum MHD_Result dapi_villages(struct dreq *);
enum MHD_Result dapi_complaints(struct dreq *);
enum MHD_Result dapi_complaints_summary(struct dreq *);
enum MHD_Result dapi_campaigns(struct dreq *);
enum MHD_Result dapi_campaign(struct dreq *);
enum MHD_Result dapi_campaign_csv(struct dreq *);

#endif
