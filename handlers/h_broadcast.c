/*
 * SIAR PIN [#GRUP] teks (BC): the head asks; the gateway answers with the
 * number of recipients, SMS and cost, and a code. YA kode (YES) within
 * confirm_minutes queues it.
 */
#include "handlers.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "broadcast.h"
#include "words.h"

int
h_broadcast(struct svc *ctx, const char *args, struct reply *out)
{
	char pin[16], grp[33] = "", code[8], nr[16], np[16], cost[24];
	const char *p = args;
	int rc, recipients, parts;
	unsigned r;
	int64_t id;
	size_t i;

	if (next_word(&p, pin, sizeof(pin)) != 0)
		pin[0] = '\0';
	rc = admin_auth(ctx, pin, "SIAR");
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	while (*p == ' ')
		p++;
	if (*p == '#') {
		next_word(&p, grp, sizeof(grp));
		for (i = 0; grp[i] != '\0'; i++)
			grp[i] = (char)toupper((unsigned char)grp[i]);
		while (*p == ' ')
			p++;
	}
	if (*p == '\0' || (grp[0] && !config_group_known(ctx->cfg, grp))) {
		reply_set(ctx, out, R_BC_USAGE, NULL);
		return 0;
	}
	if (broadcast_estimate(ctx, p, grp[0] ? grp : NULL, &recipients,
	    &parts) != 0)
		return -1;
	if (getrandom(&r, sizeof(r), 0) != sizeof(r))
		r = (unsigned)rand();
	snprintf(code, sizeof(code), "%04u", r % 10000);
	if (db_bc_add(ctx->db, p, grp[0] ? grp : NULL, ctx->phone, code,
	    recipients, parts, ctx->now, &id) != 0)
		return -1;
	snprintf(nr, sizeof(nr), "%d", recipients);
	snprintf(np, sizeof(np), "%d", parts);
	rupiah((long long)recipients * parts * ctx->cfg->price_per_sms, cost,
	    sizeof(cost));
	reply_set(ctx, out, R_BC_ESTIMATE, "recipients", nr, "parts", np,
	    "cost", cost, "code", code, NULL);
	return 0;
}

int
h_confirm(struct svc *ctx, const char *args, struct reply *out)
{
	char code[16], nr[16];
	const char *p = args;
	char *text = NULL, *grp = NULL;
	int64_t id;
	int rc;

	if (next_word(&p, code, sizeof(code)) != 0)
		code[0] = '\0';
	if (ctx->admin == NULL) {
		/* "YA" from a resident is just a word: the usual hint. */
		reply_set(ctx, out, R_UNKNOWN, NULL);
		return 0;
	}
	rc = db_bc_pending(ctx->db, ctx->phone, code, ctx->now -
	    (int64_t)ctx->cfg->confirm_minutes * 60, &id, &text, &grp);
	if (rc < 0)
		return -1;
	if (db_audit(ctx->db, ctx->phone, "YA", rc == 0, rc == 0 ? NULL :
	    "no such pending broadcast", ctx->now) != 0) {
		free(text);
		free(grp);
		return -1;
	}
	if (rc == 1) {
		reply_set(ctx, out, R_BC_EXPIRED, "code", code, NULL);
		return 0;
	}
	rc = broadcast_queue(ctx, id, text, grp);
	free(text);
	free(grp);
	if (rc < 0)
		return -1;
	snprintf(nr, sizeof(nr), "%d", rc);
	reply_set(ctx, out, R_BC_QUEUED, "recipients", nr, NULL);
	return 0;
}
