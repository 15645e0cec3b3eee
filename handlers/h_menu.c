/*
 * MENU: the USSD menu over SMS, for villages without a USSD short code.
 * MENU answers the top screen; the next SMS holding only digits walks on
 * (a session per phone, forgotten after ten minutes); anything else leaves
 * the menu and is handled as usual.
 */
#include "handlers.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ussd_menu.h"

#define MENU_SMS_SECONDS 600

static int
show(struct svc *ctx, const char *inputs, struct reply *out)
{
	int end = 0;

	sb_reset(&out->text);
	if (ussd_walk(ctx, inputs, &out->text, &end) != 0)
		return -1;
	return end ? db_menu_end(ctx->db, ctx->phone) :
	    db_menu_put(ctx->db, ctx->phone, inputs, ctx->now);
}

int
h_menu(struct svc *ctx, const char *args, struct reply *out)
{
	(void)args;
	return show(ctx, "", out);
}

int
menu_continue(struct svc *ctx, const char *text, struct reply *out)
{
	struct strbuf inputs = STRBUF_INIT;
	char *old = NULL;
	const char *p;
	int rc;

	for (p = text; *p == ' '; p++)
		;
	if (*p == '\0' || ctx->phone == NULL)
		return 1;
	for (; *p != '\0'; p++)
		if (!isdigit((unsigned char)*p) && *p != ' ')
			break;
	rc = db_menu_get(ctx->db, ctx->phone, ctx->now - MENU_SMS_SECONDS,
	    &old);
	if (rc != 0)
		return rc;
	if (*p != '\0') {
		/* Not digits: the menu ends, the SMS is handled as usual. */
		free(old);
		return db_menu_end(ctx->db, ctx->phone) == 0 ? 1 : -1;
	}
	sb_adds(&inputs, old);
	if (old[0] != '\0')
		sb_addc(&inputs, '*');
	for (p = text; *p != '\0'; p++)
		if (isdigit((unsigned char)*p))
			sb_addc(&inputs, *p);
	free(old);
	rc = show(ctx, sb_str(&inputs), out);
	sb_free(&inputs);
	return rc;
}
