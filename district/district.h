/*
 * kabar-district: the reference district receiver (CONTRACT §6). It takes
 * signed, gzip-compressed batches of records from village gateways, stores
 * each record id once, and serves updates back down.
 */
#ifndef KABAR_DISTRICT_H
#define KABAR_DISTRICT_H

#include <stddef.h>
#include <stdint.h>

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
	struct district_gateway *gw;
	size_t	 n_gw;
};

/* NULL with "FILE:LINE: why" in err. */
struct district_conf *district_conf_load(const char *file, char *err,
	    size_t errsz);
void	district_conf_free(struct district_conf *c);

/*
 * Check a batch request: 0 and the gateway, or an HTTP status (401) with
 * why. sig is the hex signature over "TIMESTAMP.BODY".
 */
int	district_auth(const struct district_conf *c, const char *gateway,
	    const char *authorization, const char *timestamp, const char *sig,
	    const unsigned char *body, size_t len, int64_t now,
	    const struct district_gateway **out, char *why, size_t whysz);
/* gunzip into a new buffer, at most cap bytes: 0, or -1 (bad or too big). */
int	district_gunzip(const unsigned char *in, size_t len, long cap,
	    unsigned char **out, size_t *outlen, int *too_big);

#endif
