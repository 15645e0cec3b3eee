#include "keywords.h"

#include <string.h>

#include "config.h"
#include "util.h"
#include "words.h"

const struct keyword keywords[] = {
	{ "DAFTAR",	"REG" },
	{ "BERHENTI",	"STOP|UNREG" },
	{ "INFO",	"BANTUAN|HELP" },
	{ "ADUAN",	"LAPOR|COMPLAINT" },
	{ "CEK",	"STATUS" },
	{ "TIKET",	"TICKET" },
	{ "PILIH",	"VOTE" },
	{ "HASIL",	"RESULT" },
	{ "POLL",	"POLLING" },
	{ "SIAR",	"BC" },
	{ "YA",		"YES" },
	{ "SURVEI",	"SURVEY" },
	{ "BATAL",	"CANCEL" },
	{ "SURAT",	"PERMOHONAN|LETTER" },
	{ "ANTRI",	"QUEUE|ANTRE" },
	{ "LANJUT",	"NEXT" },
	{ "MENU",	"" },
	{ "SALDO",	"BALANCE|PULSA|CREDIT" },
};
const size_t keywords_count = ARRAY_LEN(keywords);

#define MAX_NAMES 128

struct names {
	const char	*name[MAX_NAMES];
	char		 buf[MAX_NAMES][KW_MAX];
	size_t		 owner[MAX_NAMES];	/* index into keywords */
	size_t		 n;
};

static void
names_add(struct names *nm, const char *s, size_t len, size_t owner)
{
	size_t i;

	if (nm->n >= MAX_NAMES || len == 0 || len >= KW_MAX)
		return;
	for (i = 0; i < len; i++)
		nm->buf[nm->n][i] = s[i] >= 'a' && s[i] <= 'z' ?
		    (char)(s[i] - 'a' + 'A') : s[i];
	nm->buf[nm->n][len] = '\0';
	nm->name[nm->n] = nm->buf[nm->n];
	nm->owner[nm->n] = owner;
	nm->n++;
}

/* Every word that selects a keyword: itself, its aliases, configured ones. */
static void
names_build(const struct gw_config *cfg, struct names *nm)
{
	size_t h, k, a;

	nm->n = 0;
	for (h = 0; h < keywords_count; h++) {
		const char *p = keywords[h].aliases;

		names_add(nm, keywords[h].keyword,
		    strlen(keywords[h].keyword), h);
		while (*p != '\0') {
			size_t len = strcspn(p, "|");

			names_add(nm, p, len, h);
			p += len;
			if (*p == '|')
				p++;
		}
		for (k = 0; cfg != NULL && k < cfg->n_keywords; k++) {
			if (strcmp(cfg->keywords[k].keyword,
			    keywords[h].keyword) != 0)
				continue;
			for (a = 0; a < cfg->keywords[k].n_aliases; a++)
				names_add(nm, cfg->keywords[k].aliases[a],
				    strlen(cfg->keywords[k].aliases[a]), h);
		}
	}
}

const char *
keyword_resolve(const struct gw_config *cfg, const char *word)
{
	struct names nm;
	int i;

	names_build(cfg, &nm);
	i = kw_lookup(word, nm.name, nm.n);
	return i >= 0 ? keywords[nm.owner[i]].keyword : NULL;
}
