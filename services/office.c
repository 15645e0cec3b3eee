/*
 * Letters, categories and feedback: the parts of the office's work that
 * more than one keyword needs.
 */
#include "office.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "smstext.h"

#define FORWARD_TEXT_CHARS 100

static const char *const complaint_statuses[] = { "baru", "diproses",
    "selesai", "ditolak", NULL };
static const char *const letter_statuses[] = { "diterima", "diproses",
    "siap", "selesai", "ditolak", NULL };

const char *const *
office_statuses(const char *kind)
{
	if (strcmp(kind, "letter") == 0)
		return letter_statuses;
	if (strcmp(kind, "complaint") == 0)
		return complaint_statuses;
	return NULL;
}

/* Province codes in use, for the first two digits of a NIK. */
static int
province_ok(int p)
{
	return (p >= 11 && p <= 19) || p == 21 || (p >= 31 && p <= 36) ||
	    (p >= 51 && p <= 53) || (p >= 61 && p <= 65) ||
	    (p >= 71 && p <= 76) || (p >= 81 && p <= 82) ||
	    (p >= 91 && p <= 96);
}

static int
nik_shape(const char *d)
{
	int prov = (d[0] - '0') * 10 + d[1] - '0';
	int day = (d[6] - '0') * 10 + d[7] - '0';
	int month = (d[8] - '0') * 10 + d[9] - '0';

	/* Women's day of birth is written plus 40. */
	if (day > 40)
		day -= 40;
	return province_ok(prov) && day >= 1 && day <= 31 && month >= 1 &&
	    month <= 12;
}

int
nik_find(const char *text, char *nik, size_t *at)
{
	size_t i = 0, n = strlen(text);

	while (i < n) {
		size_t j = i;

		while (j < n && isdigit((unsigned char)text[j]))
			j++;
		if (j - i == NIK_LEN && nik_shape(text + i)) {
			memcpy(nik, text + i, NIK_LEN);
			nik[NIK_LEN] = '\0';
			*at = i;
			return 1;
		}
		i = j > i ? j : i + 1;
	}
	return 0;
}

const struct category_conf *
office_guess(const struct gw_config *cfg, const char *text)
{
	size_t i, j, n;

	for (i = 0; i < cfg->n_categories; i++) {
		const struct category_conf *c = &cfg->categories[i];

		for (j = 0; j < c->n_words; j++) {
			const char *p = text;

			n = strlen(c->words[j]);
			/* A whole word, any case: "air" not in "pairing". */
			while ((p = strcasestr(p, c->words[j])) != NULL) {
				if ((p == text || !isalpha((unsigned char)p[-1]))
				    && !isalpha((unsigned char)p[n]))
					return c;
				p += n;
			}
		}
	}
	return NULL;
}

int
office_forward(struct svc *ctx, const char *ticket,
    const struct category_conf *cat, const char *text)
{
	struct strbuf msg = STRBUF_INIT;
	char cut[FORWARD_TEXT_CHARS * 4 + 1];
	size_t i;
	int rc = 0;

	strlcpy_k(cut, text, sizeof(cut));
	utf8_truncate(cut, FORWARD_TEXT_CHARS);
	reply_render(&msg, ctx->cfg->replies.text[R_COMPLAINT_FORWARD],
	    (const char *const[]){ "ticket", ticket, "category", cat->code,
	    "text", cut, NULL });
	for (i = 0; i < cat->n_contacts && rc >= 0; i++)
		rc = svc_send(ctx, cat->contacts[i], sb_str(&msg), "notice", 0);
	sb_free(&msg);
	return rc < 0 ? -1 : 0;
}

int
office_after_change(struct svc *ctx, const struct ticket *t,
    const char *status, const char *note, int *told)
{
	char code[24] = "";
	const struct letter_conf *l;
	int rc;

	*told = 0;
	if (strcmp(t->kind, "letter") == 0 && db_ticket_letter(ctx->db,
	    t->number, code, sizeof(code)) != 0)
		return -1;
	if (strcmp(t->kind, "letter") == 0 && strcmp(status, "siap") == 0) {
		l = config_letter(ctx->cfg, code);
		*told = 1;
		return svc_notice(ctx, t->phone, R_LETTER_READY,
		    (const char *const[]){ "ticket", t->number, "name",
		    l ? l->name : code, "bring", l ? l->bring : "", "note",
		    note, NULL }) < 0 ? -1 : 0;
	}
	if (strcmp(status, "selesai") != 0)
		return 0;
	rc = db_feedback_ask(ctx->db, t->number, t->phone, t->kind,
	    code[0] ? code : t->category, ctx->now);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	*told = 1;
	return svc_notice(ctx, t->phone, R_FEEDBACK_ASK, (const char *const[]){
	    "ticket", t->number, "note", note, NULL }) < 0 ? -1 : 0;
}

int
office_feedback(struct svc *ctx, const char *kw, struct reply *out)
{
	char ticket[8], kind[16], category[24];
	int rc;

	if (strlen(kw) != 1 || kw[0] < '1' || kw[0] > '5' ||
	    ctx->phone == NULL)
		return 1;
	rc = db_feedback_open(ctx->db, ctx->phone, ctx->now -
	    (int64_t)ctx->cfg->feedback_days * 86400, ticket, kind, category);
	if (rc != 0)
		return rc;
	if (db_feedback_mark(ctx->db, ticket, kw[0] - '0', ctx->now) != 0 ||
	    journal_record(ctx, "feedback", json_pack("{s:s, s:i, s:s, s:s?}",
	    "ticket", ticket, "mark", kw[0] - '0', "service", kind,
	    "category", category[0] ? category : NULL)) != 0)
		return -1;
	reply_set(ctx, out, R_FEEDBACK_THANKS, NULL);
	return 0;
}
