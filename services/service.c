/*
 * What every service shares: the answer, the journal, a notice to someone
 * else within the budget, dates as residents read them.
 */
#include "service.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "outbox.h"
#include "words.h"

int
svc_send(struct svc *ctx, const char *to, const char *text,
    const char *kind, int64_t broadcast_id)
{
	struct outbox_msg m = { 0 };
	int rc;

	m.to = to;
	m.text = text;
	m.kind = kind;
	m.broadcast_id = broadcast_id;
	rc = outbox_queue(ctx->db, ctx->cfg, &m, ctx->now, NULL);
	if (rc == OUTBOX_ERASED)
		return 0;	/* no number kept to tell: nothing to do */
	if (rc == OUTBOX_OVER_BUDGET)
		log_warnx("The daily SMS budget is spent; a %s SMS was not "
		    "queued.", kind);
	return rc;
}

int
svc_notice(struct svc *ctx, const char *to, enum reply_id id,
    const char *const *vars)
{
	struct strbuf msg = STRBUF_INIT;
	int rc;

	reply_render(&msg, ctx->cfg->replies.text[id], vars);
	if (msg.buf != NULL)
		squeeze_spaces(msg.buf);
	rc = svc_send(ctx, to, sb_str(&msg), "notice", 0);
	sb_free(&msg);
	return rc;
}

void
svc_date(int64_t t, char out[16])
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	strftime(out, 16, "%d-%m-%Y", &tm);
}

/* The district counts votes and answers, not the people behind them. */
int
svc_phone_hash(struct svc *ctx, char *out)
{
	unsigned char key[32], mac[32];
	unsigned int len = sizeof(mac);
	char hexkey[65];
	int i, rc = db_meta_get(ctx->db, "vote_key", hexkey, sizeof(hexkey));

	if (rc < 0)
		return -1;
	if (rc == 1) {
		if (RAND_bytes(key, sizeof(key)) != 1)
			return -1;
		for (i = 0; i < 32; i++)
			snprintf(hexkey + 2 * i, 3, "%02x", key[i]);
		if (db_meta_put(ctx->db, "vote_key", hexkey) != 0)
			return -1;
	}
	HMAC(EVP_sha256(), hexkey, 64, (const unsigned char *)ctx->phone,
	    strlen(ctx->phone), mac, &len);
	for (i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", mac[i]);
	return 0;
}

void
reply_set(struct svc *ctx, struct reply *out, enum reply_id id, ...)
{
	const char *kv[16];
	size_t n = 0;
	va_list ap;

	va_start(ap, id);
	while (n < ARRAY_LEN(kv) - 2) {
		const char *k = va_arg(ap, const char *);

		if (k == NULL)
			break;
		kv[n++] = k;
		kv[n++] = va_arg(ap, const char *);
	}
	va_end(ap);
	kv[n] = NULL;
	sb_reset(&out->text);
	reply_render(&out->text, ctx->cfg->replies.text[id], kv);
}

int
journal_record(struct svc *ctx, const char *type, void *data)
{
	json_t *obj = data;
	char *s;
	int rc;

	if (obj == NULL)
		return -1;
	s = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(obj);
	if (s == NULL)
		return -1;
	rc = db_journal_add(ctx->db, type, ctx->now, s);
	free(s);
	return rc;
}

int
svc_json_keys(struct svc *ctx, const void *object, const char *const *keys,
    const char *where, char *err, size_t errsz)
{
	const json_t *o = object;
	const char *key;
	json_t *v;
	size_t n = 0, i;
	int k;

	if (!json_is_object(o)) {
		snprintf(err, errsz, SVC_L(ctx, "%s must be a JSON object "
		    "{...}", "%s harus berupa objek JSON {...}"), where);
		return -1;
	}
	while (keys[n] != NULL)
		n++;
	json_object_foreach((json_t *)o, key, v) {
		struct strbuf list = STRBUF_INIT;

		for (i = 0; i < n; i++)
			if (strcmp(key, keys[i]) == 0)
				break;
		if (i < n)
			continue;
		for (i = 0; i < n; i++)
			sb_addf(&list, "%s%s", i ? ", " : "", keys[i]);
		k = kw_lookup(key, keys, n);
		if (k >= 0)
			snprintf(err, errsz, SVC_L(ctx, "%s: unknown key \"%s\"; "
			    "did you mean \"%s\"? (the keys are: %s)", "%s: kunci "
			    "\"%s\" tidak dikenal; maksudnya \"%s\"? (kuncinya: "
			    "%s)"), where, key, keys[k], sb_str(&list));
		else
			snprintf(err, errsz, SVC_L(ctx, "%s: unknown key \"%s\" "
			    "(the keys are: %s)", "%s: kunci \"%s\" tidak dikenal "
			    "(kuncinya: %s)"), where, key, sb_str(&list));
		sb_free(&list);
		return -1;
	}
	return 0;
}

int
svc_json_need(struct svc *ctx, const void *object, const char *const *keys,
    const char *where, char *err, size_t errsz)
{
	for (; *keys != NULL; keys++)
		if (json_object_get(object, *keys) == NULL) {
			snprintf(err, errsz, SVC_L(ctx, "%s: \"%s\" is missing",
			    "%s: \"%s\" tidak ada"), where, *keys);
			return -1;
		}
	return 0;
}
