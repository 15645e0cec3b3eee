/*
 * Ticket status changes, the same from every door.
 */
#ifndef KABAR_TICKETS_H
#define KABAR_TICKETS_H

#include "service.h"

/* The canonical spelling of status s for a ticket of kind, or NULL when
 * that kind does not take it (any case accepted). */
const char *ticket_status_known(const char *kind, const char *s);
/*
 * Set a ticket's status and tell its resident (SMS, CLI, district). 1
 * when the ticket does not exist or already has that status.
 */
int	ticket_change(struct svc *ctx, const char *number, const char *status,
	    const char *note, const char *by);

/*
 * Move complaint t to category cat (another office): the store, the
 * district's record, and the new office's contacts told (SMS, console).
 */
int	ticket_move(struct svc *ctx, const struct ticket *t,
	    const struct category_conf *cat, const char *by);

#endif
