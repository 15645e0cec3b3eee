/*
 * The district console (CONTRACT section 8): read-only pages for the
 * district's officers, on its own http.listen, with the JSON API under
 * /api/v1/ that the pages use and nothing else. Login, sessions and
 * CSRF as in the village console (section 7), kept in the store, so
 * any receiver serves any request. It runs its own daemon with one
 * thread and its own connection to the store.
 */
#ifndef KABAR_DISTRICT_WEB_H
#define KABAR_DISTRICT_WEB_H

#include <stddef.h>

#include "static.h"

struct district_conf;
struct dweb;

/* The console's pages (build/district_static_gen.c, from district/static/). */
extern const struct static_file district_static_files[];

/* Start the console of c (c->console set; c outlives it). NULL with why
 * in err. */
struct dweb *dweb_start(const struct district_conf *c, char *err,
	    size_t errsz);
void	dweb_stop(struct dweb *w);	/* NULL is a no-op */

#endif
