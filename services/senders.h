/*
 * Who gets an answer. Each sender gets at most the configured replies an
 * hour (admins are not capped); one capped three hours in a row looks
 * like a robot answering every SMS, and gets none for a day. Its
 * messages are handled all the same: only the replies are held.
 */
#ifndef KABAR_SENDERS_H
#define KABAR_SENDERS_H

#include "service.h"

#define SENDER_CAPPED	1	/* past the hour's replies */
#define SENDER_MUTED	2	/* a robot, held for a day */

/* Whether the actor may be answered now: 0, SENDER_CAPPED, SENDER_MUTED
 * (the admins told once a day), or -1. */
int	sender_answerable(struct svc *ctx);

#endif
