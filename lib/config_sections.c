/*
 * What the generic walk cannot do alone. Replies and keywords are groups
 * whose key names the operator chooses, so they are read here. The rest
 * runs once every key has been read: codes go to upper case and phone
 * numbers to E.164, and the checks that span keys or sections are made
 * (an office admin's category, sync's security, the USSD key, unique
 * names and codes, keyword aliases that take another keyword's word).
 */
#include <ctype.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config_int.h"
#include "keywords.h"
#include "phone.h"
#include "password.h"
#include "pin.h"
#include "util.h"
#include "words.h"

/* The longest text an operator may give a reply. */
#define REPLY_MAX_CHARS 640

int
custom_replies(struct cctx *c, config_setting_t *s, void *base,
    const struct key *k)
{
	struct gw_config *cfg = base;
	int i, n = config_setting_length(s);

	(void)k;
	for (i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		const char *name = config_setting_name(e);
		const char *text;
		char bad[64];
		int id = reply_lookup(name);

		if (id < 0)
			return cfg_err(c, e, "unknown reply 'replies.%s'", name);
		text = config_setting_get_string(e);
		if (text == NULL)
			return cfg_err(c, e, "'replies.%s' must be a string",
			    name);
		if (text[0] == '\0' || strlen(text) > REPLY_MAX_CHARS)
			return cfg_err(c, e, "'replies.%s' must be 1 to %d "
			    "characters long", name, REPLY_MAX_CHARS);
		if (reply_check_vars(id, text, bad, sizeof(bad)) != 0)
			return cfg_err(c, e, "'replies.%s' uses {%s}, which "
			    "this reply does not have (it has: %s)", name, bad,
			    reply_def(id)->vars[0] ? reply_def(id)->vars :
			    "none");
		free(cfg->replies.owned[id]);
		cfg->replies.owned[id] = xstrdup(text);
		cfg->replies.text[id] = cfg->replies.owned[id];
	}
	return 0;
}

/* 1 when one of the aliases of kw is word. */
static int
has_alias(const struct keyword_conf *kw, const char *word)
{
	size_t a;

	for (a = 0; a < kw->n_aliases; a++)
		if (strcmp(kw->aliases[a], word) == 0)
			return 1;
	return 0;
}

static int
not_keyword(struct cctx *c, config_setting_t *e)
{
	struct strbuf sb = STRBUF_INIT;
	size_t h;
	int rc;

	for (h = 0; h < keywords_count; h++)
		sb_addf(&sb, "%s%s", h > 0 ? " " : "", keywords[h].keyword);
	rc = cfg_err(c, e, "'keywords.%s' is not a keyword; the keywords are: "
	    "%s", config_setting_name(e), sb_str(&sb));
	sb_free(&sb);
	return rc;
}

/*
 * The keyword must be a built-in one, named once. An alias must not take
 * a word from another keyword: not its name, not its alias, not one typo
 * away from them (a resident typing STOPP means BERHENTI), and not
 * another keyword's configured alias.
 */
static int
check_keyword(struct cctx *c, config_setting_t *e, size_t i)
{
	const struct gw_config *cfg = c->cfg;
	const struct keyword_conf *kw = &cfg->keywords[i];
	const char *owner = keyword_resolve(NULL, kw->keyword);
	size_t a, j;

	if (owner != NULL && strcmp(owner, kw->keyword) != 0)
		return cfg_err(c, e, "'keywords.%s': %s is not a keyword (use "
		    "%s)", config_setting_name(e), kw->keyword, owner);
	if (owner == NULL)
		return not_keyword(c, e);
	for (j = 0; j < i; j++)
		if (strcmp(cfg->keywords[j].keyword, kw->keyword) == 0)
			return cfg_err(c, e, "'keywords.%s' is given twice",
			    config_setting_name(e));
	for (a = 0; a < kw->n_aliases; a++) {
		owner = keyword_resolve(NULL, kw->aliases[a]);
		for (j = 0; owner == NULL && j < i; j++)
			if (has_alias(&cfg->keywords[j], kw->aliases[a]))
				owner = cfg->keywords[j].keyword;
		if (owner != NULL && strcmp(owner, kw->keyword) != 0)
			return cfg_err(c, e, "'keywords.%s' alias \"%s\" is "
			    "already %s to residents; choose another word",
			    config_setting_name(e), kw->aliases[a], owner);
	}
	return 0;
}

/* keywords = { DAFTAR = ( "DAFTARKAN" ); }: more words for a keyword. */
int
custom_keywords(struct cctx *c, config_setting_t *s, void *base,
    const struct key *k)
{
	static const struct key aliases = { "", K_STRS,
	    offsetof(struct keyword_conf, aliases), 1, KW_MAX - 1, "", 0,
	    check_word, NULL, 0, offsetof(struct keyword_conf, n_aliases),
	    NULL };
	struct gw_config *cfg = base;
	int i, n = config_setting_length(s);

	(void)k;
	cfg->keywords = xcalloc((size_t)n, sizeof(struct keyword_conf));
	for (i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		struct keyword_conf *kw = &cfg->keywords[i];
		char path[96];

		cfg->n_keywords = (size_t)i + 1;
		kw->keyword = xstrdup(config_setting_name(e));
		upcase(kw->keyword);
		snprintf(path, sizeof(path), "keywords.%s",
		    config_setting_name(e));
		if (walk_value(c, e, &aliases, path, kw) != 0 ||
		    check_keyword(c, e, (size_t)i) != 0)
			return -1;
	}
	return 0;
}

void
keywords_free(struct gw_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->n_keywords; i++) {
		free(cfg->keywords[i].keyword);
		free_strs(cfg->keywords[i].aliases, cfg->keywords[i].n_aliases);
	}
	free(cfg->keywords);
}

/* Codes are matched in upper case, whatever the resident typed. */
static void
upcase_codes(struct gw_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->n_letters; i++)
		upcase(cfg->letters[i].code);
	for (i = 0; i < cfg->n_counters; i++)
		upcase(cfg->counters[i].code);
	for (i = 0; i < cfg->n_categories; i++)
		upcase(cfg->categories[i].code);
	for (i = 0; i < cfg->n_admins; i++)
		upcase(cfg->admins[i].category);
}

/* Words are matched in lower case, contacts are texted in E.164. */
static int
check_categories(struct cctx *c, config_t *lc)
{
	struct gw_config *cfg = c->cfg;
	size_t i, j;

	for (i = 0; i < cfg->n_categories; i++) {
		struct category_conf *k = &cfg->categories[i];

		for (j = 0; j < k->n_words; j++) {
			char *w;

			for (w = k->words[j]; *w != '\0'; w++)
				*w = (char)tolower((unsigned char)*w);
		}
		for (j = 0; j < k->n_contacts; j++) {
			char e164[PHONE_MAX];

			if (phone_normalise(k->contacts[j], cfg->country_code,
			    e164, sizeof(e164)) != PHONE_MOBILE)
				return cfg_err(c, config_setting_get_elem(
				    config_lookup(lc, "categories"), (unsigned)i),
				    "'categories[%zu].contacts' \"%s\" is not a "
				    "mobile number", i, k->contacts[j]);
			free(k->contacts[j]);
			k->contacts[j] = xstrdup(e164);
		}
	}
	return 0;
}

static int
check_offices(struct cctx *c, config_t *lc)
{
	struct gw_config *cfg = c->cfg;
	size_t i;

	for (i = 0; i < cfg->n_admins; i++) {
		struct admin_conf *a = &cfg->admins[i];

		if (strcmp(a->role, "office") == 0 &&
		    config_category(cfg, a->category) == NULL)
			return cfg_err(c, config_setting_get_elem(
			    config_lookup(lc, "admins"), (unsigned)i),
			    "'admins[%zu]' has role \"office\" and needs a "
			    "category from 'categories'", i);
	}
	return 0;
}

/* Plain http only where nothing crosses a network: the district link
 * carries residents' complaints and must be encrypted and verified. */
static int
check_sync(struct cctx *c, config_t *lc)
{
	struct gw_config *cfg = c->cfg;
	config_setting_t *s = config_lookup(lc, "sync");

	if (cfg->sync_url[0] == '\0')
		return 0;
	if (strncmp(cfg->sync_url, "http://", 7) == 0 &&
	    !url_is_loopback(cfg->sync_url))
		return cfg_err(c, s, "'sync.url' must use https:// unless its "
		    "host is this machine (127.0.0.1, ::1, localhost)");
	if (cfg->sync_token[0] == '\0' || cfg->sync_hmac_key[0] == '\0')
		return cfg_err(c, s, "'sync.url' is set, so 'sync.token' and "
		    "'sync.hmac_key' (from the district) are needed too");
	if (cfg->sync_pinned_key[0] != '\0' &&
	    strncmp(cfg->sync_pinned_key, "sha256//", 8) != 0 &&
	    access(cfg->sync_pinned_key, R_OK) != 0)
		return cfg_err(c, s, "'sync.pinned_key' must be "
		    "\"sha256//BASE64\" or a readable PEM/DER file");
	if (cfg->sync_ca_file[0] != '\0' &&
	    access(cfg->sync_ca_file, R_OK) != 0)
		return cfg_err(c, s, "'sync.ca_file' \"%s\" cannot be read",
		    cfg->sync_ca_file);
	return 0;
}

/* An operator prefix as recipients are compared: "0812" is "+62812". */
static char *
prefix_e164(const char *prefix, const char *country_code)
{
	size_t n = strlen(prefix) + strlen(country_code) + 2;
	char *e = xmalloc(n);

	if (prefix[0] == '0')
		snprintf(e, n, "+%s%s", country_code, prefix + 1);
	else
		snprintf(e, n, "+%s", prefix);
	return e;
}

/* Recipients are compared in E.164, so are the modems' prefixes. */
static void
prefixes_e164(struct gw_config *cfg)
{
	size_t i, j;

	for (i = 0; i < cfg->n_modems; i++)
		for (j = 0; j < cfg->modems[i].n_prefixes; j++) {
			char **p = &cfg->modems[i].prefixes[j], *e;

			if ((*p)[0] == '+')
				continue;
			e = prefix_e164(*p, cfg->country_code);
			free(*p);
			*p = e;
		}
}

/*
 * Each entry of the list named list (n of them, size bytes each) is known
 * by the string at off: a second one with the same would never be found.
 */
static int
check_unique(struct cctx *c, config_t *lc, const char *list, const void *arr,
    size_t n, size_t size, size_t off, const char *what)
{
	config_setting_t *ls = config_lookup(lc, list);
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++) {
			const char *a = *SLOT(char *, arr, i * size + off);

			if (strcmp(a, *SLOT(char *, arr, j * size + off)) != 0)
				continue;
			return cfg_err(c, config_setting_get_elem(ls,
			    (unsigned)i), "two %s have the %s \"%s\" (the "
			    "other is on line %d)", list, what, a,
			    config_setting_source_line(config_setting_get_elem(
			    ls, (unsigned)j)));
		}
	return 0;
}

#define UNIQUE(list, arr, n, type, field)				\
	check_unique(c, lc, list, arr, n, sizeof(type), offsetof(type, field), \
	    #field)

/* A USSD front that refuses every request is a mistake, not a choice. */
static int
check_http(struct cctx *c, config_t *lc)
{
	const struct gw_config *cfg = c->cfg;
	config_setting_t *s = config_lookup(lc, "http");

	if (s != NULL && (cfg->http_tls_cert[0] == '\0') !=
	    (cfg->http_tls_key[0] == '\0'))
		return cfg_err(c, s, "'http.tls_cert' and 'http.tls_key' go "
		    "together: set both for HTTPS, or neither");
	if (s == NULL || !cfg->http_enabled || cfg->ussd_key[0] != '\0')
		return 0;
	return cfg_err(c, s, "'http.ussd_key' is empty, so every USSD request "
	    "would be refused (403): set it to the key your USSD aggregator "
	    "sends, or turn HTTP off with enabled = false");
}

/* An admin is known by the E.164 number, and proves it with a PIN. */
static int
check_admins(struct cctx *c, config_t *lc)
{
	struct gw_config *cfg = c->cfg;
	config_setting_t *adm = config_lookup(lc, "admins");
	size_t i, j;

	for (i = 0; i < cfg->n_admins; i++) {
		struct admin_conf *a = &cfg->admins[i];
		config_setting_t *e = config_setting_get_elem(adm, (unsigned)i);
		char e164[PHONE_MAX], why[128];

		a->line = config_setting_source_line(e);
		if (phone_normalise(a->phone, cfg->country_code, e164,
		    sizeof(e164)) != PHONE_MOBILE)
			return cfg_err(c, e, "'admins[%zu].phone' \"%s\" is not "
			    "a mobile number", i, a->phone);
		free(a->phone);
		a->phone = xstrdup(e164);
		if (a->pin[0] == '\0' && a->pin_hash[0] == '\0')
			return cfg_err(c, e, "'admins[%zu]' needs a pin_hash "
			    "(or a pin)", i);
		if (a->pin[0] != '\0' && check_pin(a->pin, why,
		    sizeof(why)) != 0)
			return cfg_err(c, e, "'admins[%zu].pin' %s", i, why);
		if (a->pin_hash[0] != '\0' && !pin_hash_wellformed(a->pin_hash))
			return cfg_err(c, e, "'admins[%zu].pin_hash' is not "
			    "the output of `kabar pin-hash`", i);
		if (a->password_hash[0] != '\0' &&
		    !password_hash_wellformed(a->password_hash))
			return cfg_err(c, e, "'admins[%zu].password_hash' is "
			    "not the output of `kabar password-hash`", i);
		for (j = 0; j < i; j++)
			if (strcmp(cfg->admins[j].phone, a->phone) == 0)
				return cfg_err(c, e, "%s is listed twice in "
				    "admins", a->phone);
	}
	return 0;
}

int
check_whole(struct cctx *c, config_t *lc)
{
	struct gw_config *cfg = c->cfg;

	upcase_codes(cfg);
	prefixes_e164(cfg);
	if (UNIQUE("modems", cfg->modems, cfg->n_modems, struct modem_conf,
	    name) != 0 ||
	    UNIQUE("letters", cfg->letters, cfg->n_letters, struct letter_conf,
	    code) != 0 ||
	    UNIQUE("categories", cfg->categories, cfg->n_categories,
	    struct category_conf, code) != 0 ||
	    UNIQUE("counters", cfg->counters, cfg->n_counters,
	    struct counter_conf, code) != 0)
		return -1;
	if (check_categories(c, lc) != 0 || check_offices(c, lc) != 0 ||
	    check_sync(c, lc) != 0 || check_http(c, lc) != 0 ||
	    check_admins(c, lc) != 0)
		return -1;
	return 0;
}
