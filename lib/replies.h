/*
 * Reply texts. Every text a resident or an admin can receive has a name,
 * a default in Bahasa Indonesia and in English, and may be overridden in
 * the configuration (`replies = { name = "..."; }`). Texts carry named
 * placeholders such as {name} rather than printf formats, so an override
 * can never make the daemon read memory it should not.
 */
#ifndef KABAR_REPLIES_H
#define KABAR_REPLIES_H

#include <stddef.h>

#include "util.h"

enum reply_id {
	R_UNKNOWN,
	R_INFO,
	R_REGISTERED,
	R_REGISTERED_GROUP,
	R_REGISTER_UPDATED,
	R_REGISTER_USAGE,
	R_UNKNOWN_GROUP,
	R_STOPPED,
	R_COMPLAINT_OK,
	R_COMPLAINT_USAGE,
	R_CHECK_USAGE,
	R_TICKET_STATUS,
	R_TICKET_MISTYPED,
	R_TICKET_UNKNOWN,
	R_STATUS_CHANGED,
	R_TICKET_SET,
	R_TICKET_USAGE,
	R_VOTE_OK,
	R_VOTE_CHANGED,
	R_VOTE_INVALID,
	R_VOTE_USAGE,
	R_POLL_CLOSED,
	R_POLL_UNKNOWN,
	R_POLL_RESULT,
	R_POLL_PRIVATE,
	R_POLL_CLOSED_OK,
	R_POLL_INVITE,
	R_BC_ESTIMATE,
	R_BC_QUEUED,
	R_BC_EXPIRED,
	R_BC_USAGE,
	R_BC_DONE,
	R_SURVEY_UNKNOWN,
	R_SURVEY_QUESTION,
	R_SURVEY_INVALID,
	R_SURVEY_DONE,
	R_SURVEY_CANCELLED,
	R_SURVEY_INVITE,
	R_LETTER_OK,
	R_LETTER_TYPES,
	R_LETTER_READY,
	R_FEEDBACK_ASK,
	R_FEEDBACK_THANKS,
	R_COMPLAINT_FORWARD,
	R_TICKET_RECAT,
	R_QUEUE_OK,
	R_QUEUE_CLOSED,
	R_QUEUE_COUNTERS,
	R_QUEUE_SOON,
	R_QUEUE_CALLED,
	R_QUEUE_EMPTY,
	R_QUEUE_PLACE,
	R_QUEUE_GONE,
	R_MODEM_DOWN,
	R_MODEM_UP,
	R_BALANCE_CHECKING,
	R_BALANCE_NONE,
	R_BALANCE_IS,
	R_BALANCE_LOW,
	R_BALANCE_UNREAD,
	R_MENU_NONE,
	R_MENU_WRONG,
	R_MENU_BACK,
	R_MENU_MORE,
	R_MENU_POLLS,
	R_MENU_NO_POLL,
	R_MENU_GROUPS,
	R_MENU_TICKET,
	R_MENU_COMPLAINT,
	R_MENU_NAME,
	R_USSD_EXPIRED,
	R_USSD_TOO_MANY,
	R_USSD_FAULT,
	R_ROBOT_MUTED,
	R_COUNT
};

struct reply_def {
	const char	*name;		/* key under `replies` */
	const char	*vars;		/* placeholders it may use, comma-separated */
	const char	*text_id;
	const char	*text_en;
};

/* The texts in force; owned by the config that built them. */
struct replies {
	const char	*text[R_COUNT];	/* points at a default or into owned */
	char		*owned[R_COUNT];	/* overrides, freed with the config */
};

const struct reply_def *reply_def(enum reply_id id);
int	reply_lookup(const char *name);	/* enum value, or -1 */

/* Set every text to the language's default ("id" or "en"). */
void	replies_defaults(struct replies *r, const char *language);
void	replies_release(struct replies *r);

/*
 * 0 if every {placeholder} in text is one that reply id provides; else -1
 * with the offending name in bad.
 */
int	reply_check_vars(enum reply_id id, const char *text, char *bad,
	    size_t badsz);

/*
 * Append tmpl to out with each {key} replaced by its value from kv, a
 * NULL-terminated list of key, value pairs. Unknown keys stay as typed.
 */
void	reply_render(struct strbuf *out, const char *tmpl,
	    const char *const *kv);

/* A ticket status as residents read it in the language ("diproses"). */
const char *status_label(const char *language, const char *status);

#endif
