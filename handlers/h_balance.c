/*
 * SALDO PIN (BALANCE, PULSA, CREDIT): an admin asks for the SIM credit
 * of every modem that has a balance_ussd code. The modems check by USSD
 * and each answers the admin in its own SMS; with one modem that answer
 * is all the admin gets (an SMS more would only say it is coming).
 */
#include "handlers.h"

#include <stdio.h>

#include "words.h"

int
h_balance(struct svc *ctx, const char *args, struct reply *out)
{
	const char *p = args;
	char pin[16], count[12];
	size_t i;
	int n = 0, rc;

	if (next_word(&p, pin, sizeof(pin)) != 0)
		pin[0] = '\0';
	rc = admin_auth(ctx, pin, "SALDO");
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	for (i = 0; i < ctx->cfg->n_modems; i++) {
		if (ctx->cfg->modems[i].balance_ussd[0] == '\0')
			continue;
		if (db_balance_ask(ctx->db, ctx->cfg->modems[i].name,
		    ctx->phone) != 0)
			return -1;
		n++;
	}
	if (n == 0) {
		reply_set(ctx, out, R_BALANCE_NONE, NULL);
		return 0;
	}
	if (n == 1)
		return 0;
	snprintf(count, sizeof(count), "%d", n);
	reply_set(ctx, out, R_BALANCE_CHECKING, "count", count, NULL);
	return 0;
}
