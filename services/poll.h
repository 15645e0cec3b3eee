/*
 * Polls: opening one from its JSON definition (CONTRACT §6; the same for
 * the CLI and the district), sending it to its audience, counting votes.
 */
#ifndef KABAR_POLL_H
#define KABAR_POLL_H

#include "service.h"

#define POLL_MAX_OPTIONS 9

/*
 * Open a poll from JSON text; when it says "send", queue it to the
 * audience. 0 and the code in code_out; -1 with err (bad definition or a
 * code in use); -2 on a database error.
 */
int	poll_create(struct svc *ctx, const char *json, char *code_out,
	    size_t codesz, char *err, size_t errsz);
/* Queue the poll to its audience; returns how many, or -1. */
int	poll_send(struct svc *ctx, const char *code);
/* The tally as one short line ("1 Sumur: 3 (60%), ..."), total in *total. */
int	poll_tally(struct svc *ctx, const struct poll *p, struct strbuf *out,
	    int *total);
/* Option number from what a resident typed ("2", "b"); 0 if none. */
int	poll_option(const char *s, int n_options);
/* Number of options of a poll. */
int	poll_n_options(const struct poll *p);
/* 1 when the poll takes votes now (closes it if its time has come). */
int	poll_is_open(struct svc *ctx, const struct poll *p);
/* Vote by phone in poll code with what was typed; sets the reply. */
int	poll_vote(struct svc *ctx, const char *code, const char *choice,
	    struct reply *out);
/* Reply that there is no poll code, naming the open ones. */
int	poll_reply_unknown(struct svc *ctx, const char *code,
	    struct reply *out);

#endif
