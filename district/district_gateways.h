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

struct district_conf;
struct district_gateway;

/* Named results. */
#define DGW_EXISTS	3	/* gateway add: the id is taken */
#define DGW_UNKNOWN	4	/* no such gateway */
#define DGW_BAD_ID	5	/* not what a gateway's id may be */
#define DGW_REVOKED	6	/* revoked already */
#define DGW_LIMITED	7	/* over its requests a minute */

/* A token or an HMAC key made here: 32 random bytes as hex, and a NUL. */
#define DGW_SECRET_HEX	65

/* Requests a gateway may make a minute when the district says nothing. */
#define DGW_RATE_DEFAULT 600

/* 1 when id follows the rule of a gateway's own gateway.id: 1 to 64
 * letters, digits, - and _ (lib/config_schema.c). */
int	dgw_id_ok(const char *id);

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

/*
 * `gateway add`: a new gateway with a fresh token and HMAC key (into
 * token and key, for the operator to copy once; the store keeps the
 * token's SHA-256 only). Updates queued before it joined are not its.
 * 0, DGW_BAD_ID, DGW_EXISTS, or -1.
 */
int	dgw_add(struct ddb *d, const char *id, const char *name,
	    const char *region, int64_t now, char token[DGW_SECRET_HEX],
	    char key[DGW_SECRET_HEX]);
/*
 * The configuration's `gateways` (n of them), each one the store does not
 * hold yet (or holds without credentials, as a gateway seen before the
 * store kept them) imported with source 'config'; the others are left
 * alone, so a gateway revoked in the store stays revoked. Says in the
 * log what it imported. The number imported, or -1.
 */
int	dgw_import(struct ddb *d, const struct district_gateway *gw,
	    size_t n, const char *file, int64_t now);
/* How many gateways may send (not revoked), or -1. */
long	dgw_active(struct ddb *d);
/* `gateway revoke`: 0, DGW_UNKNOWN, DGW_REVOKED, or -1. Its HMAC key
 * goes from the store. */
int	dgw_revoke(struct ddb *d, const char *id, int64_t now);

/*
 * What a request is checked against: the SHA-256 of the gateway's token
 * (hex) and its HMAC key, and whether it is revoked (its key is then
 * gone). 0, DGW_UNKNOWN, DSQL_BUSY, or -1.
 */
int	dgw_credentials(struct ddb *d, const char *id, char *token_hash,
	    size_t hashsz, char *key, size_t keysz, int *revoked);
/*
 * A request that passed the checks: counted in the gateway's minute,
 * and its contact and release (NULL: a gateway of a release that does
 * not name itself) noted. Over per_minute: DGW_LIMITED with the seconds
 * to wait in *retry_after. 0, DGW_LIMITED, DSQL_BUSY, or -1.
 */
int	dgw_admit(struct ddb *d, const char *id, const char *release,
	    long per_minute, int64_t now, int *retry_after);
/*
 * In the batch's transaction, after its records: added more records
 * (ddb_store_batch counts them), newest_at (ISO, or NULL) the latest
 * `at` among them. 0, DSQL_BUSY, -1.
 */
int	dgw_batch(struct ddb *d, const char *id, long added,
	    const char *newest_at, int64_t now);

/* `kabar-district gateway add|list|revoke` (argv[0] is "gateway"):
 * the exit status, 2 for a usage mistake. */
int	dgw_command(struct ddb *d, const struct district_conf *c, int argc,
	    char **argv);

#endif
