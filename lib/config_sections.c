/*
 * What the generic walk cannot do alone. Replies and keywords are groups
 * whose key names the operator chooses, so they are read here. The rest
 * runs once every key has been read: codes go to upper case and phone
 * numbers to E.164, and the checks that span keys or sections are made
 * (an office admin's category, sync's security, unique names).
 */
#include <ctype.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config_int.h"
#include "phone.h"
#include "pin.h"
#include "util.h"

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

/* keywords = { DAFTAR = ( "DAFTARKAN" ); }: more words for a keyword. */
int
custom_keywords(struct cctx *c, config_setting_t *s, void *base,
    const struct key *k)
{
	static const struct key aliases = { "", K_STRS,
	    offsetof(struct keyword_conf, aliases), 1, 23, "", 0, check_name,
	    NULL, 0, offsetof(struct keyword_conf, n_aliases), NULL };
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
		if (walk_value(c, e, &aliases, path, kw) != 0)
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

static int
check_modems(struct cctx *c, config_t *lc)
{
	struct gw_config *cfg = c->cfg;
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
	for (i = 0; i < cfg->n_modems; i++)
		for (j = 0; j < i; j++)
			if (strcmp(cfg->modems[i].name,
			    cfg->modems[j].name) == 0)
				return cfg_err(c, config_setting_get_elem(
				    config_lookup(lc, "modems"), (unsigned)i),
				    "two modems are named \"%s\"",
				    cfg->modems[i].name);
	return 0;
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
	upcase_codes(c->cfg);
	if (check_categories(c, lc) != 0 || check_offices(c, lc) != 0 ||
	    check_sync(c, lc) != 0 || check_modems(c, lc) != 0 ||
	    check_admins(c, lc) != 0)
		return -1;
	return 0;
}
