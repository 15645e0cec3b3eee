/*
 * Gateways registered in the district store (CONTRACT section 8):
 * `kabar-district gateway add|list|revoke`, the credentials each request
 * is checked against, and what every batch notes of its gateway (last
 * contact, release, records, newest record) so that `gateway list` and
 * the console never count the records table. Tokens are kept as their
 * SHA-256; HMAC keys in gateway_keys (readable by the service alone).
 */
#ifndef KABAR_DISTRICT_GATEWAYS_H
#define KABAR_DISTRICT_GATEWAYS_H

#include <stddef.h>
#include <stdint.h>

struct ddb;

/* Named results. */
#define DGW_EXISTS	3	/* gateway add: the id is taken */
#define DGW_UNKNOWN	4	/* no such gateway */

/* One gateway as `gateway list` and the console show it. Strings may be
 * NULL; times are Unix seconds, 0 for never. Valid during the call. */
struct dgw_row {
	const char	*id;
	const char	*name;
	const char	*region;
	const char	*release;	/* of its last request */
	const char	*newest_at;	/* ISO time of its newest record */
	int64_t		 created_at;
	int64_t		 last_contact;
	int64_t		 revoked_at;
	long		 records;
};
typedef int (*dgw_row_fn)(void *arg, const struct dgw_row *g);
/* Every gateway, by id (revoked ones too). 0 or -1. */
int	dgw_list(struct ddb *d, dgw_row_fn fn, void *arg);

#endif
