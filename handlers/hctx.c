/*
 * What handlers share beyond the reply: sending to someone else within
 * the budget, dates as residents read them, and the admin check.
 */
#include "handlers.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "phone.h"
#include "pin.h"
#include "smstext.h"

int
hctx_send(struct hctx *ctx, const char *to, const char *text,
    const char *kind, int64_t broadcast_id)
{
	struct outbox_new m = { 0 };
	struct sms_size sz;
	int64_t id;

	sms_size(text, &sz);
	if (ctx->cfg->daily_sms_budget > 0) {
		int committed = db_budget_committed(ctx->db, ctx->now);

		if (committed < 0)
			return -1;
		if (committed + sz.parts > ctx->cfg->daily_sms_budget) {
			log_warnx("The daily SMS budget is spent; a %s SMS was "
			    "not queued.", kind);
			return 1;
		}
	}
	m.to = to;
	m.text = text;
	m.kind = kind;
	m.parts = sz.parts;
	m.priority = strcmp(kind, "notice") == 0 ? 8 : 0;
	m.broadcast_id = broadcast_id;
	if (db_outbox_add(ctx->db, &m, ctx->now, &id) != 0)
		return -1;
	return 0;
}

void
hctx_date(int64_t t, char out[16])
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	strftime(out, 16, "%d-%m-%Y", &tm);
}

/* The district counts votes and answers, not the people behind them. */
int
hctx_phone_hash(struct hctx *ctx, char *out)
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

int
admin_auth(struct hctx *ctx, const char *pin, const char *command)
{
	char masked[PHONE_MAX];
	int64_t left;
	int n;

	phone_mask(ctx->phone, masked, sizeof(masked));
	if (ctx->admin == NULL) {
		log_warnx("Admin command %s from %s, who is not an admin: "
		    "ignored.", command, masked);
		return db_audit(ctx->db, ctx->phone, command, 0, "not an admin",
		    ctx->now) == 0 ? 1 : -1;
	}
	left = db_lock_remaining(ctx->db, ctx->phone, ctx->now);
	if (left < 0)
		return -1;
	if (left > 0) {
		log_warnx("Admin command %s from %s: locked out for %lld more "
		    "seconds after wrong PINs.", command, masked,
		    (long long)left);
		return db_audit(ctx->db, ctx->phone, command, 0, "locked out",
		    ctx->now) == 0 ? 1 : -1;
	}
	if (!pin_verify(pin, ctx->admin->pin, ctx->admin->pin_hash)) {
		n = db_lock_fail(ctx->db, ctx->phone, ADMIN_MAX_FAILURES,
		    ctx->now + ADMIN_LOCK_SECONDS);
		if (n < 0)
			return -1;
		log_warnx("Admin command %s from %s: wrong PIN (%d of %d).",
		    command, masked, n, ADMIN_MAX_FAILURES);
		if (n >= ADMIN_MAX_FAILURES)
			log_warnx("%s is locked out of admin commands for an "
			    "hour.", masked);
		return db_audit(ctx->db, ctx->phone, command, 0,
		    n >= ADMIN_MAX_FAILURES ? "wrong PIN; locked out" :
		    "wrong PIN", ctx->now) == 0 ? 1 : -1;
	}
	if (db_lock_clear(ctx->db, ctx->phone) != 0)
		return -1;
	return db_audit(ctx->db, ctx->phone, command, 1, NULL, ctx->now);
}
