/*
 * The district's checks on what arrives: the gateway's token (its
 * SHA-256 as the store keeps it), a timestamp within the window, the
 * HMAC-SHA256 signature over "TIMESTAMP.BODY" (constant-time comparisons
 * throughout), the gateway's requests a minute; and a gunzip that stops
 * at a cap so a small body cannot become a huge one. Every answer comes
 * from the store, never from this process's memory: a gateway added or
 * revoked counts at once on every receiver.
 */
#include "district.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "district_gateways.h"
#include "dsql.h"
#include "log.h"
#include "session.h"
#include "sign.h"
#include "util.h"

/* Equal strings, in time that depends on neither. */
static int
same(const char *a, const char *b)
{
	char x[513] = { 0 }, y[513] = { 0 };

	strlcpy_k(x, a, sizeof(x));
	strlcpy_k(y, b, sizeof(y));
	return (CRYPTO_memcmp(x, y, sizeof(x)) == 0) & (strlen(a) < sizeof(x));
}

/* The release a gateway names, kept printable and short for the list. */
static const char *
release_of(const char *h, char *out, size_t outsz)
{
	size_t i;

	if (h == NULL || h[0] == '\0')
		return NULL;
	strlcpy_k(out, h, outsz);
	for (i = 0; out[i] != '\0'; i++)
		if ((unsigned char)out[i] < 0x21 || (unsigned char)out[i] > 0x7e)
			out[i] = '?';
	return out;
}

/* The store is busy: the gateway comes back in a second (503). */
static int
busy(int *retry_after, char *why, size_t whysz)
{
	snprintf(why, whysz, "the district's store is busy");
	*retry_after = 1;
	return 503;
}

int
district_auth(struct ddb *db, const struct district_conf *c,
    const char *gateway, const char *authorization, const char *release,
    const char *timestamp, const char *sig, const unsigned char *body,
    size_t len, int64_t now, int *retry_after, char *why, size_t whysz)
{
	char hash[SESSION_HEX], stored[SESSION_HEX], key[513], hex[65];
	char rel[65];
	long ts;
	int rc, revoked;

	*retry_after = 0;
	rc = gateway != NULL && dgw_id_ok(gateway) ? dgw_credentials(db,
	    gateway, stored, sizeof(stored), key, sizeof(key), &revoked) :
	    DGW_UNKNOWN;
	if (rc == DSQL_BUSY)
		return busy(retry_after, why, whysz);
	if (rc != 0 && rc != DGW_UNKNOWN) {
		snprintf(why, whysz, "cannot read the district's store");
		return 500;
	}
	/* The same work whether or not the gateway is known. */
	session_hash(authorization != NULL && strncmp(authorization,
	    "Bearer ", 7) == 0 ? authorization + 7 : "", hash);
	if (rc == DGW_UNKNOWN || authorization == NULL ||
	    strncmp(authorization, "Bearer ", 7) != 0 ||
	    !same(hash, stored)) {
		snprintf(why, whysz, "unknown gateway or wrong token");
		return 401;
	}
	if (revoked) {
		log_errorx("GATEWAY REVOKED: '%s' still sends with the "
		    "credentials the district revoked; refused.", gateway);
		snprintf(why, whysz, "this gateway was revoked by the district");
		return 403;
	}
	if (timestamp == NULL || parse_long(timestamp, 0, 4102444800L,
	    &ts) != 0 || ts < now - c->clock_window ||
	    ts > now + c->clock_window) {
		snprintf(why, whysz, "timestamp missing or more than %d s from "
		    "the district's clock", c->clock_window);
		return 401;
	}
	rc = batch_sign(key, timestamp, body, len, hex);
	OPENSSL_cleanse(key, sizeof(key));
	if (rc != 0) {
		snprintf(why, whysz, "cannot compute the signature");
		return 500;
	}
	if (sig == NULL || !same(sig, hex)) {
		snprintf(why, whysz, "bad signature");
		return 401;
	}
	rc = dgw_admit(db, gateway, release_of(release, rel, sizeof(rel)),
	    c->rate_per_minute, now, retry_after);
	if (rc == DGW_LIMITED) {
		snprintf(why, whysz, "more than %ld requests a minute",
		    c->rate_per_minute);
		return 429;
	}
	if (rc == DSQL_BUSY)
		return busy(retry_after, why, whysz);
	if (rc != 0) {
		snprintf(why, whysz, "cannot write the district's store");
		return 500;
	}
	return 0;
}

int
district_gunzip(const unsigned char *in, size_t len, long cap,
    unsigned char **out, size_t *outlen, int *too_big)
{
	z_stream z;
	size_t have = 0, room = 65536;
	unsigned char *buf = xmalloc(room);
	int rc;

	*too_big = 0;
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		free(buf);
		return -1;
	}
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)len;
	do {
		if (have == room) {
			if ((long)room >= cap) {
				*too_big = 1;
				break;
			}
			room *= 2;
			if ((long)room > cap)
				room = (size_t)cap;
			buf = xrealloc(buf, room);
		}
		z.next_out = buf + have;
		z.avail_out = (uInt)(room - have);
		rc = inflate(&z, Z_NO_FLUSH);
		have = room - z.avail_out;
		if (rc != Z_OK && rc != Z_STREAM_END) {
			inflateEnd(&z);
			free(buf);
			return -1;
		}
	} while (rc != Z_STREAM_END);
	inflateEnd(&z);
	if (*too_big) {
		free(buf);
		return -1;
	}
	*out = buf;
	*outlen = have;
	return 0;
}
