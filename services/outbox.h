/*
 * The one way an SMS enters the outbox. Each kind keeps its own rules:
 * its place in the queue, and whether the day's budget is checked when it
 * is queued. Broadcasts, polls and surveys are queued whatever the budget
 * (the head saw the estimate); the modem worker holds what the day cannot
 * afford when it comes to send them.
 */
#ifndef KABAR_OUTBOX_H
#define KABAR_OUTBOX_H

#include <stdint.h>

#include "config.h"
#include "db.h"

#define OUTBOX_OVER_BUDGET 1	/* not queued: the day's budget is spent */
#define OUTBOX_ERASED 2		/* not queued: the number was erased */

struct outbox_msg {
	const char	*to;		/* E.164 */
	const char	*text;		/* UTF-8 */
	const char	*kind;		/* reply, send, notice, broadcast,
					 * poll, survey */
	int64_t		 inbox_id;	/* the SMS answered; 0 if none */
	int64_t		 broadcast_id;	/* 0 if none */
};

/*
 * Queue m; *id (may be NULL) gets its outbox id. 0, OUTBOX_OVER_BUDGET,
 * OUTBOX_ERASED (a ticket or queue entry whose resident asked to be
 * erased keeps no number to tell: nothing is queued, nothing fails), or -1 (an unknown kind is a programming error and -1). Copies what it
 * keeps.
 */
int	outbox_queue(struct db *db, const struct gw_config *cfg,
	    const struct outbox_msg *m, int64_t now, int64_t *id);

#endif
