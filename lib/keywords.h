/*
 * The words residents and staff type: each built-in keyword with its
 * aliases, and those a deployment adds under `keywords`. The handlers
 * give each keyword its function; the configuration's checks and the
 * services that name things (a poll code) need the words alone, so they
 * live here, below both.
 */
#ifndef KABAR_KEYWORDS_H
#define KABAR_KEYWORDS_H

#include <stddef.h>

struct gw_config;

struct keyword {
	const char	*keyword;	/* Indonesian first */
	const char	*aliases;	/* '|'-separated */
};

extern const struct keyword keywords[];
extern const size_t keywords_count;

/*
 * The built-in keyword that word selects (typos forgiven as for
 * residents: exact first, else the one name within one edit), or NULL.
 * cfg may be NULL: the built-in names only.
 */
const char *keyword_resolve(const struct gw_config *cfg, const char *word);

#endif
