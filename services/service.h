/*
 * The context a service call runs in, and what every service shares: the
 * answer to whoever acted, the journal the district reads, a notice to
 * someone else, and the admin check. The SMS handlers, the USSD walk, the
 * operator's tool, the district's updates and the console all call the
 * services through this, so one change is made one way whoever asks.
 */
#ifndef KABAR_SERVICE_H
#define KABAR_SERVICE_H

#include <stdint.h>
#include <string.h>

#include "config.h"
#include "db.h"
#include "replies.h"
#include "util.h"

struct svc {
	struct db			*db;
	const struct gw_config		*cfg;
	const char			*phone;		/* E.164 of who acts */
	const struct admin_conf		*admin;		/* NULL unless admin */
	int64_t				 now;
	int64_t				 inbox_id;	/* 0 if not from an SMS */
};

/* The answer to whoever acted; an empty text means no answer. */
struct reply {
	struct strbuf	 text;
};

/* Set the reply to a configured text with {key} values (NULL-ended). */
void	reply_set(struct svc *ctx, struct reply *out, enum reply_id id, ...);
/*
 * A text for the operator in the gateway's language (gateway.language):
 * SVC_L(ctx, "English", "Bahasa"). Both literals, so formats are checked.
 */
#define SVC_L(ctx, en, id) \
	(strcmp((ctx)->cfg->language, "en") == 0 ? (en) : (id))

/*
 * A definition's JSON object (jansson) holds only the named keys
 * (NULL-terminated): else -1 with "WHERE: unknown key "x"; did you
 * mean ...? (the keys are: ...)" in err. A misspelt key must not pass
 * as an absent one ("public_result" would leave results private).
 */
int	svc_json_keys(struct svc *ctx, const void *object,
	    const char *const *keys, const char *where, char *err,
	    size_t errsz);
/* Each of the required keys (NULL-terminated) is there: else -1 with
 * "WHERE: "key" is missing" in err. */
int	svc_json_need(struct svc *ctx, const void *object,
	    const char *const *keys, const char *where, char *err,
	    size_t errsz);
/* Append a journal record: data is a jansson object, stolen. */
int	journal_record(struct svc *ctx, const char *type, void *data);
/*
 * Queue an SMS to someone other than the sender (a resident told of a
 * change, an office contact), within the daily budget; kind is "notice",
 * "poll" or "survey". OUTBOX_OVER_BUDGET (logged) when the budget said no.
 */
int	svc_send(struct svc *ctx, const char *to, const char *text,
	    const char *kind, int64_t broadcast_id);
/*
 * A configured text with its {key} values (vars NULL-ended), sent to
 * someone as a notice like svc_send. A value left empty leaves no gap:
 * runs of spaces become one, and the ends are trimmed.
 */
int	svc_notice(struct svc *ctx, const char *to, enum reply_id id,
	    const char *const *vars);
/* A keyed hash of the actor's phone (33 bytes of hex), for records
 * that the district counts but must not link to a person. */
int	svc_phone_hash(struct svc *ctx, char *out);
/* "dd-mm-yyyy" in local time. */
void	svc_date(int64_t t, char out[16]);

/*
 * Check an admin command: the actor must be in admins, not locked out,
 * and pin must match; every try is audited. 0: allowed, ADMIN_REFUSED
 * (say nothing), -1: error. Five wrong PINs lock the number out for an
 * hour.
 */
#define ADMIN_REFUSED 1
#define ADMIN_MAX_FAILURES 5
#define ADMIN_LOCK_SECONDS 3600
int	admin_auth(struct svc *ctx, const char *pin, const char *command);

#endif
