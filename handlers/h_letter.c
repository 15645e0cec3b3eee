/*
 * SURAT jenis [keterangan] (PERMOHONAN): a request for a letter of a
 * configured type, with a ticket and what to bring. A NIK in the text is
 * checked for shape and kept apart; it never goes out in any SMS.
 */
#include "handlers.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "office.h"
#include "words.h"

static void
letter_codes(const struct gw_config *cfg, char *out, size_t outsz)
{
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < cfg->n_letters && len + 20 < outsz; i++)
		len += (size_t)snprintf(out + len, outsz - len, "%s%s",
		    i ? ", " : "", cfg->letters[i].code);
}

int
h_letter(struct svc *ctx, const char *args, struct reply *out)
{
	char type[24], codes[128], ticket[8], nik[NIK_LEN + 1], days[8];
	const struct letter_conf *l;
	const char *p = args;
	struct strbuf text = STRBUF_INIT;
	size_t at;
	int has_nik, rc;

	if (next_word(&p, type, sizeof(type)) != 0 ||
	    (l = config_letter(ctx->cfg, type)) == NULL) {
		letter_codes(ctx->cfg, codes, sizeof(codes));
		reply_set(ctx, out, R_LETTER_TYPES, "codes", codes[0] ? codes :
		    "-", NULL);
		return 0;
	}
	while (*p == ' ')
		p++;
	has_nik = nik_find(p, nik, &at);
	if (has_nik) {
		sb_add(&text, p, at);
		sb_adds(&text, "[NIK]");
		sb_adds(&text, p + at + NIK_LEN);
	} else
		sb_adds(&text, p);
	rc = db_ticket_new(ctx->db, "letter", ctx->phone, NULL, sb_str(&text),
	    "diterima", ctx->now, ticket);
	if (rc == 0)
		rc = db_ticket_extra(ctx->db, ticket, l->code, has_nik ? nik :
		    NULL);
	if (rc == 0)
		rc = journal_record(ctx, "letter_request", json_pack("{s:s, s:s, "
		    "s:s, s:s, s:b}", "ticket", ticket, "letter", l->code,
		    "text", sb_str(&text), "status", "diterima", "nik_given",
		    has_nik));
	sb_free(&text);
	if (rc != 0)
		return -1;
	snprintf(days, sizeof(days), "%d", l->days);
	reply_set(ctx, out, R_LETTER_OK, "ticket", ticket, "name", l->name,
	    "bring", l->bring[0] ? l->bring : "-", "days", days, NULL);
	return 0;
}
