/*
 * Walking the menu tree from everything typed in a session ("1*2*123455"):
 * the same walk gives the same screen, and the actions at its leaves reuse
 * the SMS handlers, so a ticket filed by USSD is the same ticket.
 */
#ifndef KABAR_USSD_MENU_H
#define KABAR_USSD_MENU_H

#include "handlers.h"

/*
 * Run the walk for the inputs in text ('*' between them; "" at the start)
 * and put the screen in out; *end is 1 when the session ends. Returns 0,
 * or -1 when an action failed (roll back).
 */
int	ussd_walk(struct svc *ctx, const char *text, struct strbuf *out,
	    int *end);

#endif
