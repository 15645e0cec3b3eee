/*
 * kabar-district: the reference district receiver (CONTRACT §6). It takes
 * signed, gzip-compressed batches of records from village gateways, stores
 * each record id once, and serves updates back down.
 */
#ifndef KABAR_DISTRICT_H
#define KABAR_DISTRICT_H

#include <stddef.h>
#include <stdint.h>

struct ddb;

/* A gateway of the configuration's `gateways` list, imported into the
 * store on start (district_gateways.h). */
struct district_gateway {
	char	*id;
	char	*token;
	char	*hmac_key;
};

struct district_conf {
	char	*listen;
	char	*database;
	int	 clock_window;		/* seconds a timestamp may be off */
	long	 max_body;		/* compressed bytes */
	long	 max_unzipped;		/* bytes after gunzip */
	long	 rate_per_minute;	/* requests a gateway may make */
	struct district_gateway *gw;
	size_t	 n_gw;
	struct district_console	*console;	/* NULL: no http block */
};

/* The district console (district_web.h): `http` and `officers`. */
struct district_officer {
	char	*phone;			/* E.164 */
	char	*name;
	char	*password_hash;		/* of `kabar password-hash` */
};
struct district_console {
	char	*listen;		/* IPv4:PORT */
	char	*tls_cert;		/* PEM file paths, or NULL */
	char	*tls_key;
	char	*language;		/* "id" or "en" */
	struct district_officer *officers;
	size_t	 n_officers;
};

/* NULL with "FILE:LINE: why" in err. */
struct district_conf *district_conf_load(const char *file, char *err,
	    size_t errsz);
void	district_conf_free(struct district_conf *c);

/*
 * Check a request against the store (the gateway, its token and
 * signature, a timestamp within the window), then count it in the
 * gateway's minute and note its contact and release (the X-Kabar-Release
 * header, NULL for a gateway of a release that sends none). 0, or an
 * HTTP status with why: 401 (credentials), 403 (revoked), 429 (over its
 * requests a minute) or 503 (store busy) with the seconds to wait in
 * retry_after, 500.
 */
int	district_auth(struct ddb *db, const struct district_conf *c,
	    const char *gateway, const char *authorization,
	    const char *release, const char *timestamp, const char *sig,
	    const unsigned char *body, size_t len, int64_t now,
	    int *retry_after, char *why, size_t whysz);
/* gunzip into a new buffer, at most cap bytes: 0, or -1 (bad or too big). */
int	district_gunzip(const unsigned char *in, size_t len, long cap,
	    unsigned char **out, size_t *outlen, int *too_big);

#endif
