/*
 * The gateway's side of the district link (CONTRACT §6): journal records
 * go up in signed, gzip-compressed batches; updates come back down. A
 * record is done only when the district names it in "accepted", so a
 * crash or a dropped link at any moment means at worst sending it again,
 * which the district stores once.
 *
 * sync_round is one attempt (upload everything pending, then fetch
 * updates); the daemon's worker (sync_worker.c) decides when to make the
 * next one, and `kabar sync now` makes one on the spot.
 */
#ifndef KABAR_SYNC_H
#define KABAR_SYNC_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "runtime.h"
#include "util.h"

enum sync_outcome {
	SYNC_OK,	/* everything pending went up; updates came down */
	SYNC_OFF,	/* no sync.url: records stay in the village */
	SYNC_AUTH,	/* 401/403: token, key or clock; retry slowly */
	SYNC_RETRY,	/* 5xx, 408, 429, an answer that makes no sense */
	SYNC_LINK,	/* no connection at all (refused, no route, DNS) */
	SYNC_STOPPED,	/* the daemon is stopping */
	SYNC_ERROR	/* our own database failed */
};

struct sync_result {
	enum sync_outcome outcome;
	int	 accepted;	/* records accepted this round */
	int	 set_aside;	/* records the district refused */
	int	 renumbered;	/* sent again under new ids (clashes) */
	int	 updates;	/* updates applied */
	int	 retry_after;	/* seconds the district asked us to wait */
	int	 http_status;	/* of the last request, 0 if none */
	long	 bytes_up;	/* on the wire, headers included */
	long	 bytes_down;
	char	 error[256];	/* why, when outcome is not SYNC_OK */
};

struct sync;

/* One client, its own curl handle; db is borrowed and used by one thread. */
struct sync *sync_new(struct db *db);
void	sync_free(struct sync *s);		/* NULL is a no-op */
/* One attempt; the settings are read from gw's configuration. */
void	sync_round(struct sync *s, struct gateway *gw, struct sync_result *r);

/* --- the daemon's worker (sync_worker.c) --- */

struct sync_worker;
/* NULL with err when the thread cannot start. */
struct sync_worker *sync_worker_start(struct gateway *gw, char *err,
	    size_t errsz);
/* Call after gw->stopping is set: aborts a transfer in flight, joins. */
void	sync_worker_stop(struct sync_worker *w);
/* Seconds to wait after `fails` failures in a row, with jitter. */
int	sync_backoff(int fails, int min, int max, unsigned int *seed);

/* --- the bytes on the wire (sync_batch.c) --- */

/* The batch body, gzip-compressed, for records r[0..n). */
int	sync_batch_body(const char *gateway, const struct journal_rec *r,
	    int n, struct strbuf *out);
/* The batch id: stable for the same records, so retries keep it. */
void	sync_batch_id(const char *gateway, const struct journal_rec *r, int n,
	    char *out, size_t outsz);
/* A record's id at the district: "GATEWAY:STORE-SEQ", or "GATEWAY:SEQ"
 * for a record from before the database had an identity. */
#define SYNC_ID_MAX 128
void	sync_record_id(const char *gateway, const struct journal_rec *r,
	    char *out, size_t outsz);
/*
 * Read a batch's answer against the records r[0..n) sent: done[i] is
 * SYNC_ACCEPTED for those named in "accepted", SYNC_CONFLICT for those
 * in "conflicts" (held at the district with other content), else 0.
 * Returns how many were accepted (*conflicts how many clash), or -1 when
 * the answer is not {"accepted": [string, ...], "conflicts"?: [...]}.
 */
#define SYNC_ACCEPTED 1
#define SYNC_CONFLICT 2
int	sync_parse_accepted(const char *gateway, const char *body, size_t len,
	    const struct journal_rec *r, int n, char *done, int *conflicts);
/*
 * After an answer: the accepted records are done, and those that clash
 * go again under new ids (a new identity for this database). 0 or -1.
 */
int	sync_mark(struct db *db, const char *gateway,
	    const struct journal_rec *rec, int n, const char *done);
/* Retry-After as seconds (delta or HTTP date), or -1. */
int	sync_retry_after(const char *value, int64_t now);

/* --- updates from the district (sync_apply.c) --- */

/*
 * Apply one page of updates ({"cursor", "updates"}) and store the new
 * cursor, in one transaction; `since` must still be the stored cursor
 * (else another process applied them first and nothing is done).
 * Returns the number applied (bad updates are logged and passed over),
 * 0 when there were none, -1 when the page is not what the contract
 * says (why in err), -2 on a database error.
 */
int	sync_apply_updates(struct db *db, const struct gw_config *cfg,
	    const char *since, const char *body, size_t len, int64_t now,
	    int *more, char *err, size_t errsz);

#endif
