/*
 * ADUAN [#KATEGORI] teks (LAPOR, COMPLAINT): a complaint gets a ticket.
 */
#include "handlers.h"

#include <ctype.h>
#include <jansson.h>
#include <string.h>

#include "office.h"
#include "words.h"
#include "smstext.h"

#define CATEGORY_MAX 24

int
h_complaint(struct svc *ctx, const char *args, struct reply *out)
{
	char ticket[8], category[CATEGORY_MAX] = "";
	const struct category_conf *cat;
	const char *text = args;
	size_t i;

	if (*text == '#') {
		const char *p = text;

		next_word(&p, category, sizeof(category));
		for (i = 0; category[i] != '\0'; i++)
			category[i] = (char)toupper((unsigned char)category[i]);
		while (*p == ' ')
			p++;
		text = p;
	}
	if (*text == '\0') {
		reply_set(ctx, out, R_COMPLAINT_USAGE, NULL);
		return 0;
	}
	cat = category[0] ? config_category(ctx->cfg, category) :
	    office_guess(ctx->cfg, text);
	if (cat != NULL)
		strlcpy_k(category, cat->code, sizeof(category));
	if (db_ticket_new(ctx->db, "complaint", ctx->phone,
	    category[0] ? category : NULL, text, "baru", ctx->now,
	    ticket) != 0)
		return -1;
	if (cat != NULL && office_forward(ctx, ticket, cat, text) != 0)
		return -1;
	if (journal_record(ctx, "complaint", json_pack("{s:s, s:s, s:s?, s:s}",
	    "ticket", ticket, "text", text, "category",
	    category[0] ? category : NULL, "status", "baru")) != 0)
		return -1;
	reply_set(ctx, out, R_COMPLAINT_OK, "ticket", ticket, NULL);
	return 0;
}
