/*
 * Keyword handlers. A handler takes what the resident typed after the
 * keyword and answers into a reply; its database effects run inside the
 * pipeline's transaction, so they and the "handled" mark land together or
 * not at all. A handler does no modem or HTTP I/O.
 */
#ifndef KABAR_HANDLERS_H
#define KABAR_HANDLERS_H

#include <stdint.h>

#include "config.h"
#include "db.h"
#include "replies.h"
#include "util.h"

struct hctx {
	struct db			*db;
	const struct gw_config		*cfg;
	const char			*phone;		/* E.164 sender */
	const struct admin_conf		*admin;		/* NULL unless admin */
	int64_t				 now;
	int64_t				 inbox_id;
};

/* The answer to the sender; an empty text means no reply. */
struct reply {
	struct strbuf	 text;
};

typedef int (*handler_fn)(struct hctx *ctx, const char *args,
    struct reply *out);

struct handler {
	const char	*keyword;	/* Indonesian first */
	const char	*aliases;	/* '|'-separated */
	handler_fn	 fn;
};

/*
 * Handle one SMS text: find its keyword (typos forgiven, aliases from the
 * table and the configuration), run the handler, or answer the hint.
 * Returns 0, or -1 when the handler failed (nothing it did should stay).
 */
int	handlers_dispatch(struct hctx *ctx, const char *text,
	    struct reply *out);
/* The handler a keyword resolves to, or NULL (for tests and tools). */
const struct handler *handlers_find(const struct gw_config *cfg,
	    const char *word);

/* Set the reply to a configured text with {key} values (NULL-ended). */
void	reply_set(struct hctx *ctx, struct reply *out, enum reply_id id, ...);
/* Append a journal record: data is a jansson object, stolen. */
int	journal_record(struct hctx *ctx, const char *type, void *data);
/*
 * Queue an SMS to someone other than the sender (a resident told of a
 * change, an office contact), within the daily budget; kind is "notice",
 * "broadcast", "poll" or "survey". 1 when the budget said no.
 */
int	hctx_send(struct hctx *ctx, const char *to, const char *text,
	    const char *kind, int64_t broadcast_id);
/* A keyed hash of the sender's phone (33 bytes of hex), for records
 * that the district counts but must not link to a person. */
int	hctx_phone_hash(struct hctx *ctx, char *out);
/* "dd-mm-yyyy" in local time. */
void	hctx_date(int64_t t, char out[16]);

/*
 * Check an admin command: the sender must be in admins, not locked out,
 * and pin must match; every try is audited. 0: allowed, 1: refused (say
 * nothing), -1: error. Five wrong PINs lock the number out for an hour.
 */
#define ADMIN_MAX_FAILURES 5
#define ADMIN_LOCK_SECONDS 3600
int	admin_auth(struct hctx *ctx, const char *pin, const char *command);

/* Set a ticket's status and tell its resident (SMS, CLI, district). */
int	ticket_change(struct hctx *ctx, const char *number, const char *status,
	    const char *note, const char *by);

int	h_register(struct hctx *, const char *, struct reply *);
int	h_stop(struct hctx *, const char *, struct reply *);
int	h_info(struct hctx *, const char *, struct reply *);
int	h_complaint(struct hctx *, const char *, struct reply *);
int	h_check(struct hctx *, const char *, struct reply *);
int	h_ticket(struct hctx *, const char *, struct reply *);
int	h_vote(struct hctx *, const char *, struct reply *);
int	h_result(struct hctx *, const char *, struct reply *);
int	h_poll_admin(struct hctx *, const char *, struct reply *);
int	h_broadcast(struct hctx *, const char *, struct reply *);
int	h_confirm(struct hctx *, const char *, struct reply *);
int	h_survey(struct hctx *, const char *, struct reply *);
int	h_letter(struct hctx *, const char *, struct reply *);
int	h_menu(struct hctx *, const char *, struct reply *);
int	h_balance(struct hctx *, const char *, struct reply *);
/* Digits from a phone in the SMS menu walk it on; 1 when not in it. */
int	menu_continue(struct hctx *ctx, const char *text, struct reply *out);
int	h_queue(struct hctx *, const char *, struct reply *);
int	h_next(struct hctx *, const char *, struct reply *);
/* Call the next number at a counter (LANJUT and the CLI). */
int	queue_next(struct hctx *ctx, const struct counter_conf *c, int skip,
	    struct reply *out);
int	h_cancel(struct hctx *, const char *, struct reply *);

#endif
