/*
 * The district's checks on what arrives: the gateway's token, a timestamp
 * within the window, the HMAC-SHA256 signature over "TIMESTAMP.BODY"
 * (constant-time comparisons throughout), and a gunzip that stops at a
 * cap so a small body cannot become a huge one.
 */
#include "district.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

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

int
district_auth(const struct district_conf *c, const char *gateway,
    const char *authorization, const char *timestamp, const char *sig,
    const unsigned char *body, size_t len, int64_t now,
    const struct district_gateway **out, char *why, size_t whysz)
{
	const struct district_gateway *g = NULL;
	char hex[65];
	long ts;
	size_t i;

	for (i = 0; gateway != NULL && i < c->n_gw; i++)
		if (strcmp(c->gw[i].id, gateway) == 0)
			g = &c->gw[i];
	if (g == NULL || authorization == NULL ||
	    strncmp(authorization, "Bearer ", 7) != 0 ||
	    !same(authorization + 7, g->token)) {
		snprintf(why, whysz, "unknown gateway or wrong token");
		return 401;
	}
	if (timestamp == NULL || parse_long(timestamp, 0, 4102444800L,
	    &ts) != 0 || ts < now - c->clock_window ||
	    ts > now + c->clock_window) {
		snprintf(why, whysz, "timestamp missing or more than %d s from "
		    "the district's clock", c->clock_window);
		return 401;
	}
	if (batch_sign(g->hmac_key, timestamp, body, len, hex) != 0) {
		snprintf(why, whysz, "cannot compute the signature");
		return 500;
	}
	if (sig == NULL || !same(sig, hex)) {
		snprintf(why, whysz, "bad signature");
		return 401;
	}
	*out = g;
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
