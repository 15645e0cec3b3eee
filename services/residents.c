/*
 * The rules of a resident list, shared by the CLI and the console: a
 * mobile number, a name of 1 to 40 characters, a configured group or
 * none. An import is all or nothing; the callers hold the transaction.
 */
#include "residents.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "privacy.h"
#include "phone.h"
#include "smstext.h"

#define NAME_MAX_CHARS 40

int
residents_is_header(const struct csv_record *r)
{
	return r->n >= 1 && strcasecmp(r->field[0], "phone") == 0;
}

int
residents_check(const struct gw_config *cfg, const struct csv_record *r,
    char *e164, char *grp, size_t grpsz, char *why, size_t whysz)
{
	size_t i;

	if (r->n < 2 || r->n > 3) {
		snprintf(why, whysz, "expected phone,name[,group]");
		return -1;
	}
	if (phone_normalise(r->field[0], cfg->country_code, e164,
	    PHONE_MAX) != PHONE_MOBILE) {
		snprintf(why, whysz, "'%.40s' is not a mobile number",
		    r->field[0]);
		return -1;
	}
	if (!utf8_valid(r->field[1], strlen(r->field[1])) ||
	    r->field[1][0] == '\0' || utf8_chars(r->field[1]) >
	    NAME_MAX_CHARS) {
		snprintf(why, whysz, "the name must be 1 to %d characters of "
		    "UTF-8", NAME_MAX_CHARS);
		return -1;
	}
	strlcpy_k(grp, r->n == 3 ? r->field[2] : "", grpsz);
	for (i = 0; grp[i] != '\0'; i++)
		grp[i] = (char)toupper((unsigned char)grp[i]);
	if (grp[0] != '\0' && !config_group_known(cfg, grp)) {
		snprintf(why, whysz, "group '%.32s' is not in the "
		    "configuration", grp);
		return -1;
	}
	return 0;
}

int
residents_put(struct db *db, const struct gw_config *cfg, const char *e164,
    const char *name, const char *grp, int64_t now)
{
	struct svc ctx = { 0 };

	if (db_resident_put(db, e164, name, grp[0] ? grp : NULL, now) != 0)
		return -1;
	ctx.db = db;
	ctx.cfg = cfg;
	ctx.phone = e164;
	ctx.now = now;
	/* What the district may know of the resident is privacy's rule. */
	return privacy_registration(&ctx, name, grp[0] ? grp : NULL,
	    "import");
}
