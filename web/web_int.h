/*
 * Inside the console: one request as the endpoints see it, the route
 * table's shape, and the answers (JSON, errors, CSV) they build.
 */
#ifndef KABAR_WEB_INT_H
#define KABAR_WEB_INT_H

#include <jansson.h>
#include <stdarg.h>

#include "config.h"
#include "service.h"
#include "web.h"

struct web {
	struct gateway	*gw;
	struct db	*db;
	int		 tls;
	char		 dummy_hash[160];	/* verified for unknown numbers */
	int64_t		 fails_since;		/* wrong passwords of late */
	int		 fails;
};

/* Who may call an endpoint. */
enum web_role { WR_ANY = 0, WR_OFFICE_OK, WR_STAFF };

struct req {
	struct web		*w;
	struct MHD_Connection	*c;
	const char		*method;
	const struct upload	*up;
	const char		*arg;		/* the path's * segment, or NULL */
	char			 argbuf[64];
	struct svc		 ctx;		/* db, cfg, now, the admin */
	const struct admin_conf	*admin;		/* NULL before login */
	char			 id_hash[65];	/* the session's, or "" */
	char			 csrf[65];
	int64_t			 created_at;
	int64_t			 seen_at;
};

typedef enum MHD_Result (*web_fn)(struct req *);

/* --- answers (web_json.c) --- */

/* Answer with a JSON value (stolen) and status. */
enum MHD_Result web_json(struct req *r, unsigned int status, json_t *v);
/* {"error": "..."} with status. */
enum MHD_Result web_error(struct req *r, unsigned int status,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A CSV download (body is copied) named filename. */
enum MHD_Result web_csv(struct req *r, const char *filename,
	    const struct strbuf *body);
/* Answer with a ready response (headers of every answer added). */
enum MHD_Result web_queue(struct req *r, unsigned int status,
	    struct MHD_Response *resp);
/* The query argument name, or NULL. */
const char *web_arg(struct req *r, const char *name);
/* The request's JSON object body: NULL after answering (415, 413, 400). */
json_t	*web_body(struct req *r, enum MHD_Result *answered);
/* An optional string member: 0 with *out (NULL when absent or null),
 * -1 when it is another type. */
int	web_str(json_t *o, const char *key, const char **out);
/* page, per_page into q (limit, offset): 0, or -1 (bad) */
int	web_paging(struct req *r, struct con_query *q, int *page, int *per);
/* Rows into a JSON array: columns named in ints become numbers. */
struct rows {
	json_t			*arr;
	const char *const	*ints;
};
int	web_rows(void *arg, int n, const char *const *names,
	    const char *const *vals);
/* A local day "YYYY-MM-DD" as unix seconds at its start; -1 if bad. */
int64_t	web_day_start(const char *day);
/* An audit row for an action by the logged-in admin. */
int	web_audit(struct req *r, const char *what, const char *detail);
/* Run fn(r, arg) in one transaction, with its audit row; 0, else the
 * rollback is done and -1 is returned. */
int	web_tx_begin(struct req *r);
int	web_tx_end(struct req *r, int rc);

/* --- the endpoints, by file --- */

/* web_session.c */
enum MHD_Result api_login(struct req *);
enum MHD_Result api_logout(struct req *);
enum MHD_Result api_me(struct req *);
/* 0 when the request has a live session (r->admin set); else answered. */
int	web_session_check(struct req *r, int change, enum MHD_Result *ret);

/* web_tickets.c */
enum MHD_Result api_complaints(struct req *);
enum MHD_Result api_complaint(struct req *);
enum MHD_Result api_complaint_status(struct req *);
enum MHD_Result api_complaint_category(struct req *);
enum MHD_Result api_letters(struct req *);
enum MHD_Result api_letter_status(struct req *);

/* web_office.c */
enum MHD_Result api_settings(struct req *);
enum MHD_Result api_summary(struct req *);
enum MHD_Result api_queue(struct req *);
enum MHD_Result api_queue_next(struct req *);
enum MHD_Result api_modems(struct req *);
enum MHD_Result api_sync(struct req *);
enum MHD_Result api_sync_retry(struct req *);
enum MHD_Result api_satisfaction(struct req *);
enum MHD_Result api_satisfaction_csv(struct req *);

/* web_campaigns.c */
enum MHD_Result api_polls(struct req *);
enum MHD_Result api_poll_create(struct req *);
enum MHD_Result api_poll(struct req *);
enum MHD_Result api_poll_send(struct req *);
enum MHD_Result api_poll_close(struct req *);
enum MHD_Result api_poll_csv(struct req *);
enum MHD_Result api_surveys(struct req *);
enum MHD_Result api_survey_create(struct req *);
enum MHD_Result api_survey(struct req *);
enum MHD_Result api_survey_send(struct req *);
enum MHD_Result api_survey_csv(struct req *);

/* web_people.c */
enum MHD_Result api_bc_estimate(struct req *);
enum MHD_Result api_bc_send(struct req *);
enum MHD_Result api_broadcasts(struct req *);
enum MHD_Result api_broadcast(struct req *);
enum MHD_Result api_residents(struct req *);
enum MHD_Result api_residents_import(struct req *);
enum MHD_Result api_residents_csv(struct req *);

#endif
