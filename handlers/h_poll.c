/*
 * PILIH kode opsi (VOTE), HASIL kode (RESULT), POLL PIN TUTUP kode.
 * A vote also comes as "kode opsi" or a bare option; handlers.c routes
 * those here through poll_vote.
 */
#include "handlers.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "words.h"
#include "poll.h"

static void
upper(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)toupper((unsigned char)*s);
}

int
h_vote(struct svc *ctx, const char *args, struct reply *out)
{
	char code[16], choice[16], codes[128];
	const char *p = args;

	if (next_word(&p, code, sizeof(code)) != 0 ||
	    next_word(&p, choice, sizeof(choice)) != 0) {
		if (db_poll_codes(ctx->db, ctx->now, 8, codes, sizeof(codes)) != 0)
			return -1;
		reply_set(ctx, out, R_VOTE_USAGE, "codes", codes, NULL);
		return 0;
	}
	upper(code);
	return poll_vote(ctx, code, choice, out);
}

int
h_result(struct svc *ctx, const char *args, struct reply *out)
{
	struct poll p = { 0 };
	struct strbuf tally = STRBUF_INIT;
	char code[16], total[16];
	const char *a = args;
	int rc, n;

	if (next_word(&a, code, sizeof(code)) != 0)
		code[0] = '\0';
	upper(code);
	rc = db_poll_get(ctx->db, code, &p);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return poll_reply_unknown(ctx, code, out);
	if (!p.public_results && ctx->admin == NULL) {
		reply_set(ctx, out, R_POLL_PRIVATE, "code", p.code, NULL);
		poll_clear(&p);
		return 0;
	}
	rc = poll_tally(ctx, &p, &tally, &n);
	if (rc == 0) {
		snprintf(total, sizeof(total), "%d", n);
		reply_set(ctx, out, R_POLL_RESULT, "code", p.code, "total",
		    total, "tally", sb_str(&tally), NULL);
	}
	sb_free(&tally);
	poll_clear(&p);
	return rc;
}

/* POLL PIN TUTUP kode: an admin closes a poll early. */
int
h_poll_admin(struct svc *ctx, const char *args, struct reply *out)
{
	char pin[16], verb[16], code[16];
	const char *p = args;
	struct poll poll = { 0 };
	int rc;

	if (next_word(&p, pin, sizeof(pin)) != 0)
		pin[0] = '\0';
	rc = admin_auth(ctx, pin, "POLL");
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (next_word(&p, verb, sizeof(verb)) != 0 ||
	    next_word(&p, code, sizeof(code)) != 0 ||
	    (strcasecmp(verb, "TUTUP") != 0 && strcasecmp(verb, "CLOSE") != 0))
		return 0;
	upper(code);
	rc = db_poll_get(ctx->db, code, &poll);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	poll_clear(&poll);
	if (db_poll_close(ctx->db, code, ctx->now) != 0)
		return -1;
	reply_set(ctx, out, R_POLL_CLOSED_OK, "code", code, NULL);
	return 0;
}
