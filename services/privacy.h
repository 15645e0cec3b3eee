/*
 * Residents' data rights (UU PDP 27/2022): what is kept about a number,
 * erasing it here and at the district, and the daily retention purge.
 */
#ifndef KABAR_PRIVACY_H
#define KABAR_PRIVACY_H

#include <stdint.h>

#include "config.h"
#include "db.h"
#include "service.h"

/*
 * The district's record of a registration (source "import" for the CLI,
 * NULL for an SMS) or an opt-out of ctx->phone: the group and the keyed
 * hash, and the name and number only with sync.share_personal.
 */
int	privacy_registration(struct svc *ctx, const char *name,
	    const char *grp, const char *source);
int	privacy_optout(struct svc *ctx);

/* phone's keyed hash (33 bytes: 32 hex and NUL), the one votes carry. */
int	privacy_hash(struct db *db, const struct gw_config *cfg,
	    const char *phone, int64_t now, char *hash);
/*
 * Erase phone (E.164) everywhere and queue an `erasure` record for the
 * district, in one transaction. *rows gets the rows changed, *tickets
 * the tickets whose texts went. 0 or -1 (logged, nothing changed).
 */
int	privacy_erase(struct db *db, const struct gw_config *cfg,
	    const char *phone, int64_t now, int *rows, int *tickets);
/*
 * Apply the retention settings once a local day (the first call on a new
 * day does the work, later ones return at once): the rows changed, 0
 * when there was nothing to do or it ran today already, -1 on error.
 */
int	privacy_retention(struct db *db, const struct gw_config *cfg,
	    int64_t now);

#endif
