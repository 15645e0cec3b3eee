/*
 * What goes on the wire to the district: the batch body, built as text
 * straight from the journal (each record's data is already JSON) and
 * gzip-compressed at the highest level, since every byte crosses 2G; the
 * signature; and the reading of the district's answers.
 */
#include "sync.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

void
sync_batch_id(const char *gateway, const struct journal_rec *r, int n,
    char *out, size_t outsz)
{
	snprintf(out, outsz, "%s-%lld-%lld-%d", gateway,
	    n > 0 ? (long long)r[0].seq : 0LL,
	    n > 0 ? (long long)r[n - 1].seq : 0LL, n);
}

static int
gzip_into(const struct strbuf *plain, struct strbuf *out)
{
	z_stream z;
	uLong bound;
	int rc;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 9,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	bound = deflateBound(&z, (uLong)plain->len) + 32;
	sb_reset(out);
	out->buf = xrealloc(out->buf, bound);
	out->cap = bound;
	z.next_in = (unsigned char *)plain->buf;
	z.avail_in = (uInt)plain->len;
	z.next_out = (unsigned char *)out->buf;
	z.avail_out = (uInt)bound;
	rc = deflate(&z, Z_FINISH);
	out->len = bound - z.avail_out;
	out->buf[out->len < bound ? out->len : bound - 1] = '\0';
	deflateEnd(&z);
	return rc == Z_STREAM_END ? 0 : -1;
}

int
sync_batch_body(const char *gateway, const struct journal_rec *r, int n,
    struct strbuf *out)
{
	struct strbuf plain = STRBUF_INIT;
	char batch[128], at[21];
	int i, rc;

	sync_batch_id(gateway, r, n, batch, sizeof(batch));
	sb_adds(&plain, "{\"gateway\":");
	sb_add_json(&plain, gateway);
	sb_adds(&plain, ",\"batch\":");
	sb_add_json(&plain, batch);
	sb_adds(&plain, ",\"records\":[");
	for (i = 0; i < n; i++) {
		iso_time(r[i].at, at);
		sb_adds(&plain, i ? ",{\"id\":\"" : "{\"id\":\"");
		/* The gateway id is a plain name (checked in the config). */
		sb_addf(&plain, "%s:%lld\",\"type\":", gateway,
		    (long long)r[i].seq);
		sb_add_json(&plain, r[i].type);
		sb_addf(&plain, ",\"at\":\"%s\",\"data\":", at);
		sb_adds(&plain, r[i].data);
		sb_addc(&plain, '}');
	}
	sb_adds(&plain, "]}");
	rc = gzip_into(&plain, out);
	sb_free(&plain);
	return rc;
}

/* The seq in "GATEWAY:SEQ" when the prefix is ours, else -1. */
static int64_t
id_seq(const char *gateway, const char *id)
{
	size_t gl = strlen(gateway);
	long v;

	if (strncmp(id, gateway, gl) != 0 || id[gl] != ':' ||
	    parse_long(id + gl + 1, 1, 1L << 62, &v) != 0)
		return -1;
	return v;
}

int
sync_parse_accepted(const char *gateway, const char *body, size_t len,
    const struct journal_rec *r, int n, char *done)
{
	json_t *root = json_loadb(body, len, 0, NULL), *acc, *v;
	size_t i;
	int count = 0, lo, hi, mid;
	int64_t seq;

	acc = json_object_get(root, "accepted");
	if (!json_is_array(acc)) {
		json_decref(root);
		return -1;
	}
	memset(done, 0, (size_t)n);
	json_array_foreach(acc, i, v) {
		if (!json_is_string(v)) {
			json_decref(root);
			return -1;
		}
		/* Ids we did not send are passed over: only what we sent
		 * and the district names is done. r is in seq order. */
		if ((seq = id_seq(gateway, json_string_value(v))) < 0)
			continue;
		for (lo = 0, hi = n; lo < hi;) {
			mid = lo + (hi - lo) / 2;
			if (r[mid].seq < seq)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < n && r[lo].seq == seq && !done[lo]) {
			done[lo] = 1;
			count++;
		}
	}
	json_decref(root);
	return count;
}

int
sync_retry_after(const char *value, int64_t now)
{
	long v;
	time_t t;

	while (*value == ' ')
		value++;
	if (parse_long(value, 0, 86400L * 7, &v) == 0)
		return (int)v;
	if ((t = curl_getdate(value, NULL)) > 0)
		return t > now ? (int)(t - now) : 0;
	return -1;
}
