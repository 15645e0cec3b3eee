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

#include "log.h"

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
	char batch[128], at[21], id[SYNC_ID_MAX];
	int i, rc;

	sync_batch_id(gateway, r, n, batch, sizeof(batch));
	sb_adds(&plain, "{\"gateway\":");
	sb_add_json(&plain, gateway);
	sb_adds(&plain, ",\"batch\":");
	sb_add_json(&plain, batch);
	sb_adds(&plain, ",\"records\":[");
	for (i = 0; i < n; i++) {
		iso_time(r[i].at, at);
		sync_record_id(gateway, &r[i], id, sizeof(id));
		sb_adds(&plain, i ? ",{\"id\":\"" : "{\"id\":\"");
		/* The gateway id is a plain name (checked in the config). */
		sb_addf(&plain, "%s\",\"type\":", id);
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

void
sync_record_id(const char *gateway, const struct journal_rec *r, char *out,
    size_t outsz)
{
	if (r->store[0] != '\0')
		snprintf(out, outsz, "%s:%s-%lld", gateway, r->store,
		    (long long)r->seq);
	else
		snprintf(out, outsz, "%s:%lld", gateway, (long long)r->seq);
}

/* The seq at the end of an id ("GW:STORE-SEQ" or "GW:SEQ"), or -1. */
static int64_t
id_seq(const char *id)
{
	const char *p = strrchr(id, '-'), *colon = strrchr(id, ':');
	long v;

	if (p == NULL || (colon != NULL && colon > p))
		p = colon;
	if (p == NULL || parse_long(p + 1, 1, 1L << 62, &v) != 0)
		return -1;
	return v;
}

/*
 * Mark in done[] the records named in list with mark; ids we did not
 * send (another gateway's, an identity not theirs) are passed over.
 * Returns how many were newly marked, or -1 when list is no list of
 * strings. r is in seq order.
 */
static int
mark_named(const char *gateway, json_t *list, const struct journal_rec *r,
    int n, char *done, char mark)
{
	char id[SYNC_ID_MAX];
	json_t *v;
	size_t i;
	int count = 0, lo, hi, mid;
	int64_t seq;

	if (!json_is_array(list))
		return -1;
	json_array_foreach(list, i, v) {
		if (!json_is_string(v))
			return -1;
		if ((seq = id_seq(json_string_value(v))) < 0)
			continue;
		for (lo = 0, hi = n; lo < hi;) {
			mid = lo + (hi - lo) / 2;
			if (r[mid].seq < seq)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo >= n || r[lo].seq != seq || done[lo])
			continue;
		sync_record_id(gateway, &r[lo], id, sizeof(id));
		if (strcmp(id, json_string_value(v)) != 0)
			continue;
		done[lo] = mark;
		count++;
	}
	return count;
}

int
sync_parse_accepted(const char *gateway, const char *body, size_t len,
    const struct journal_rec *r, int n, char *done, int *conflicts)
{
	json_t *root = json_loadb(body, len, 0, NULL), *con;
	int k, c = 0;

	memset(done, 0, (size_t)n);
	k = mark_named(gateway, json_object_get(root, "accepted"), r, n, done,
	    SYNC_ACCEPTED);
	/* A district of the previous release answers no conflicts. */
	con = json_object_get(root, "conflicts");
	if (k >= 0 && con != NULL)
		c = mark_named(gateway, con, r, n, done, SYNC_CONFLICT);
	json_decref(root);
	if (k < 0 || c < 0)
		return -1;
	*conflicts = c;
	return k;
}

int
sync_mark(struct db *db, const char *gateway, const struct journal_rec *rec,
    int n, const char *done)
{
	int64_t now = now_wall(), *clash = xcalloc((size_t)n, sizeof(*clash));
	char id[SYNC_ID_MAX];
	int i, k = 0, rc = -1;

	if (db_begin(db) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		if (done[i] == SYNC_CONFLICT) {
			clash[k++] = rec[i].seq;
			sync_record_id(gateway, &rec[i], id, sizeof(id));
			log_warnx("The district holds record %s with other "
			    "content (this database shares its identity with "
			    "another copy, a restored backup?); it goes again "
			    "under a new id.", id);
		} else if (done[i] == SYNC_ACCEPTED &&
		    db_sync_done(db, rec[i].seq, now) != 0) {
			db_rollback(db);
			goto out;
		}
	}
	if (db_commit(db) != 0)
		goto out;
	rc = k > 0 ? db_sync_renumber(db, clash, k) : 0;
out:
	free(clash);
	return rc;
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
