/*
 * Keyword handlers. A handler takes what the resident typed after the
 * keyword and answers into a reply; its database effects run inside the
 * pipeline's transaction, so they and the "handled" mark land together or
 * not at all. A handler does no modem or HTTP I/O.
 */
#ifndef KABAR_HANDLERS_H
#define KABAR_HANDLERS_H

#include "service.h"

typedef int (*handler_fn)(struct svc *ctx, const char *args,
    struct reply *out);

struct handler {
	const char	*keyword;	/* as in lib/keywords.c */
	handler_fn	 fn;
};

/*
 * Handle one SMS text: find its keyword (typos forgiven, aliases from the
 * table and the configuration), run the handler, or answer the hint.
 * Returns 0, or -1 when the handler failed (nothing it did should stay).
 */
int	handlers_dispatch(struct svc *ctx, const char *text,
	    struct reply *out);
/* The handler a keyword resolves to, or NULL (for tests and tools). */
const struct handler *handlers_find(const struct gw_config *cfg,
	    const char *word);

int	h_register(struct svc *, const char *, struct reply *);
int	h_stop(struct svc *, const char *, struct reply *);
int	h_info(struct svc *, const char *, struct reply *);
int	h_complaint(struct svc *, const char *, struct reply *);
int	h_check(struct svc *, const char *, struct reply *);
int	h_ticket(struct svc *, const char *, struct reply *);
int	h_vote(struct svc *, const char *, struct reply *);
int	h_result(struct svc *, const char *, struct reply *);
int	h_poll_admin(struct svc *, const char *, struct reply *);
int	h_broadcast(struct svc *, const char *, struct reply *);
int	h_confirm(struct svc *, const char *, struct reply *);
int	h_survey(struct svc *, const char *, struct reply *);
int	h_letter(struct svc *, const char *, struct reply *);
int	h_menu(struct svc *, const char *, struct reply *);
int	h_balance(struct svc *, const char *, struct reply *);
/* Digits from a phone in the SMS menu walk it on; 1 when not in it. */
int	menu_continue(struct svc *ctx, const char *text, struct reply *out);
int	h_queue(struct svc *, const char *, struct reply *);
int	h_next(struct svc *, const char *, struct reply *);
int	h_cancel(struct svc *, const char *, struct reply *);

#endif
