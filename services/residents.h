/*
 * Residents put in by a list (kabar residents import, the console's CSV
 * import): each line checked the same way whoever imports, and each
 * resident stored with the district's registration record.
 */
#ifndef KABAR_RESIDENTS_H
#define KABAR_RESIDENTS_H

#include "csv.h"
#include "service.h"

/*
 * Check one CSV record (phone,name[,group]): 0 with the number in e164
 * (PHONE_MAX) and the group in grp (upper case, "" for none), or -1 with
 * why (a sentence without the line number).
 */
int	residents_check(const struct gw_config *cfg,
	    const struct csv_record *r, char *e164, char *grp, size_t grpsz,
	    char *why, size_t whysz);
/* 1 when r is the header row ("phone,..."). */
int	residents_is_header(const struct csv_record *r);
/* Store the resident and its registration record; inside a transaction. */
int	residents_put(struct db *db, const struct gw_config *cfg,
	    const char *e164, const char *name, const char *grp, int64_t now);

#endif
