/*
 * Loading the configuration. A table of keys per section drives the walk
 * (name, type, where the value goes, range, default), so that every key is
 * checked the same way and an unknown one cannot slip through. Strings
 * from libconfig die with config_destroy(), so everything is copied.
 */
#include "config.h"

#include <ctype.h>
#include <regex.h>
#include <libconfig.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "phone.h"
#include "pin.h"
#include "smstext.h"
#include "util.h"

#include "config_int.h"

int
cfg_err(struct cctx *c, const config_setting_t *s, const char *fmt, ...)
{
	char msg[512];
	const char *file = c->file;
	int line = 0;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (s != NULL) {
		line = config_setting_source_line(s);
		if (config_setting_source_file(s) != NULL)
			file = config_setting_source_file(s);
	}
	snprintf(c->err, c->errsz, "%s:%d: %s", file, line, msg);
	return -1;
}

/* Checks of single string values. */

/* The sections. Offsets are into struct gw_config unless noted. */

#define G(f) offsetof(struct gw_config, f)
#define M(f) offsetof(struct modem_conf, f)
#define A(f) offsetof(struct admin_conf, f)
#define L(f) offsetof(struct letter_conf, f)
#define C(f) offsetof(struct category_conf, f)
#define Q(f) offsetof(struct counter_conf, f)

static int custom_replies(struct cctx *, config_setting_t *, void *,
    const struct key *);
static int custom_keywords(struct cctx *, config_setting_t *, void *,
    const struct key *);

static const struct key gateway_keys[] = {
	{ "id", K_STR, G(id), 1, 64, REQUIRED, 0, check_name, NULL, 0, 0, NULL },
	{ "database", K_STR, G(database), 1, 4096, "var/kabar.db", 0, NULL,
	    NULL, 0, 0, NULL },
	{ "language", K_STR, G(language), 2, 2, "id", 0, check_language, NULL,
	    0, 0, NULL },
	{ "country_code", K_STR, G(country_code), 1, 3, "62", 0, check_digits,
	    NULL, 0, 0, NULL },
	{ "timezone", K_STR, G(timezone), 1, 64, "Asia/Jakarta", 0,
	    check_timezone, NULL, 0, 0, NULL },
	{ "daily_sms_budget", K_INT, G(daily_sms_budget), 0, 1000000, NULL,
	    2000, NULL, NULL, 0, 0, NULL },
	{ "multipart_timeout", K_INT, G(multipart_timeout), 10, 7 * 86400,
	    NULL, 3600, NULL, NULL, 0, 0, NULL },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};

static const struct key broadcast_keys[] = {
	{ "quiet_hours", K_STR, G(quiet_hours), 0, 11, "21:00-06:00", 0,
	    check_hours, NULL, 0, 0, NULL },
	{ "price_per_sms", K_INT, G(price_per_sms), 0, 100000, NULL, 150,
	    NULL, NULL, 0, 0, NULL },
	{ "confirm_minutes", K_INT, G(confirm_minutes), 1, 1440, NULL, 10,
	    NULL, NULL, 0, 0, NULL },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};

static const struct key calls_keys[] = {
	{ "missed_call", K_STR, G(missed_call), 0, 160, "", 0, NULL, NULL, 0,
	    0, NULL },
	{ "per_number_hours", K_INT, G(missed_call_hours), 1, 720, NULL, 24,
	    NULL, NULL, 0, 0, NULL },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};

static const struct key limits_keys[] = {
	{ "replies_per_sender_per_hour", K_INT,
	    G(replies_per_sender_per_hour), 0, 1000, NULL, 10, NULL, NULL, 0, 0,
	    NULL },
	{ "survey_session_hours", K_INT, G(survey_session_hours), 1, 720, NULL,
	    24, NULL, NULL, 0, 0, NULL },
	{ "feedback_days", K_INT, G(feedback_days), 1, 30, NULL, 3, NULL, NULL,
	    0, 0, NULL },
	{ "delivery_minutes", K_INT, G(delivery_minutes), 1, 10080, NULL, 60,
	    NULL, NULL, 0, 0, NULL },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};

static const struct key modem_keys[] = {
	{ "name", K_STR, M(name), 1, 32, REQUIRED, 0, check_name, NULL, 0, 0,
	    NULL },
	{ "device", K_STR, M(device), 1, 4096, REQUIRED, 0, NULL, NULL, 0, 0,
	    NULL },
	{ "connection", K_STR, M(connection), 1, 64, "at", 0, NULL, NULL, 0, 0,
	    NULL },
	{ "model", K_STR, M(model), 0, 64, "", 0, NULL, NULL, 0, 0, NULL },
	{ "send_per_minute", K_INT, M(send_per_minute), 1, 60000, NULL, 10, NULL,
	    NULL, 0, 0, NULL },
	{ "poll_ms", K_INT, M(poll_ms), 50, 60000, NULL, 1000, NULL, NULL, 0, 0,
	    NULL },
	{ "daily_cap", K_INT, M(daily_cap), 0, 1000000, NULL, 0, NULL, NULL, 0,
	    0, NULL },
	{ "operator_prefixes", K_STRS, M(prefixes), 2, 16, "", 0, check_prefix,
	    NULL, 0, M(n_prefixes), NULL },
	{ "rest_seconds", K_INT, M(rest_seconds), 1, 86400, NULL, 600, NULL,
	    NULL, 0, 0, NULL },
	{ "health_seconds", K_INT, M(health_seconds), 1, 3600, NULL, 30, NULL,
	    NULL, 0, 0, NULL },
	{ "watchdog_seconds", K_INT, M(watchdog_seconds), 5, 3600, NULL, 30,
	    NULL, NULL, 0, 0, NULL },
	{ "delivery_reports", K_BOOL, M(delivery_reports), 0, 1, NULL, 1, NULL,
	    NULL, 0, 0, NULL },
	{ "reset_command", K_STR, M(reset_command), 0, 4096, "", 0, NULL, NULL,
	    0, 0, NULL },
	{ "balance_ussd", K_STR, M(balance_ussd), 0, 32, "", 0, check_ussd,
	    NULL, 0, 0, NULL },
	{ "balance_pattern", K_STR, M(balance_pattern), 1, 256,
	    "Rp[ .]*([0-9][0-9.,]*)", 0, check_regex, NULL, 0, 0, NULL },
	{ "balance_hours", K_INT, M(balance_hours), 1, 720, NULL, 12, NULL,
	    NULL, 0, 0, NULL },
	{ "balance_warn", K_INT, M(balance_warn), 0, 100000000, NULL, 0, NULL,
	    NULL, 0, 0, NULL },
	{ "balance_floor", K_INT, M(balance_floor), 0, 100000000, NULL, 0, NULL,
	    NULL, 0, 0, NULL },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};

static const struct key admin_keys[] = {
	{ "phone", K_STR, A(phone), 1, 32, REQUIRED, 0, NULL, NULL, 0, 0, NULL },
	{ "name", K_STR, A(name), 0, 64, "", 0, NULL, NULL, 0, 0, NULL },
	{ "pin", K_STR, A(pin), 4, 8, "", 0, NULL, NULL, 0, 0, NULL },
	{ "pin_hash", K_STR, A(pin_hash), 0, 256, "", 0, NULL, NULL, 0, 0,
	    NULL },
	{ "role", K_STR, A(role), 1, 16, "staff", 0, check_role, NULL, 0, 0,
	    NULL },
	{ "category", K_STR, A(category), 0, 24, "", 0, check_name, NULL, 0, 0,
	    NULL },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};

static const struct key letter_keys[] = {
	{ "code", K_STR, L(code), 1, 16, REQUIRED, 0, check_name, NULL, 0, 0,
	    NULL },
	{ "name", K_STR, L(name), 1, 40, REQUIRED, 0, NULL, NULL, 0, 0, NULL },
	{ "bring", K_STR, L(bring), 0, 50, "", 0, NULL, NULL, 0, 0, NULL },
	{ "days", K_INT, L(days), 0, 60, NULL, 2, NULL, NULL, 0, 0, NULL },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};

static const struct key category_keys[] = {
	{ "code", K_STR, C(code), 1, 16, REQUIRED, 0, check_name, NULL, 0, 0,
	    NULL },
	{ "words", K_STRS, C(words), 1, 32, "", 0, NULL, NULL, 0, C(n_words),
	    NULL },
	{ "contacts", K_STRS, C(contacts), 1, 32, "", 0, NULL, NULL, 0,
	    C(n_contacts), NULL },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};

static const struct key counter_keys[] = {
	{ "code", K_STR, Q(code), 1, 16, REQUIRED, 0, check_name, NULL, 0, 0,
	    NULL },
	{ "name", K_STR, Q(name), 1, 40, REQUIRED, 0, NULL, NULL, 0, 0, NULL },
	{ "hours", K_STR, Q(hours), 11, 11, "08:00-14:00", 0, check_hours,
	    NULL, 0, 0, NULL },
	{ "minutes", K_INT, Q(minutes), 1, 240, NULL, 10, NULL, NULL, 0, 0,
	    NULL },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};

static const struct key http_keys[] = {
	{ "listen", K_STR, G(http_listen), 1, 128, "127.0.0.1:8080", 0,
	    check_listen, NULL, 0, 0, NULL },
	{ "ussd_key", K_STR, G(ussd_key), 0, 256, "", 0, NULL, NULL, 0, 0,
	    NULL },
	{ "enabled", K_BOOL, G(http_enabled), 0, 1, NULL, 1, NULL, NULL, 0, 0,
	    NULL },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};

static const struct key sync_keys[] = {
	{ "url", K_STR, G(sync_url), 0, 2048, "", 0, check_url, NULL, 0, 0,
	    NULL },
	{ "token", K_STR, G(sync_token), 0, 512, "", 0, NULL, NULL, 0, 0, NULL },
	{ "hmac_key", K_STR, G(sync_hmac_key), 0, 512, "", 0, NULL, NULL, 0, 0,
	    NULL },
	{ "interval", K_INT, G(sync_interval), 5, 86400, NULL, 60, NULL, NULL,
	    0, 0, NULL },
	{ "batch_size", K_INT, G(sync_batch_size), 1, 10000, NULL, 500, NULL,
	    NULL, 0, 0, NULL },
	{ "ca_file", K_STR, G(sync_ca_file), 0, 4096, "", 0, NULL, NULL, 0, 0,
	    NULL },
	{ "pinned_key", K_STR, G(sync_pinned_key), 0, 1024, "", 0, NULL, NULL,
	    0, 0, NULL },
	{ "min_backoff", K_INT, G(sync_min_backoff), 1, 3600, NULL, 5, NULL,
	    NULL, 0, 0, NULL },
	{ "max_backoff", K_INT, G(sync_max_backoff), 1, 86400, NULL, 1800, NULL,
	    NULL, 0, 0, NULL },
	{ "connect_timeout", K_INT, G(sync_connect_timeout), 1, 600, NULL, 20,
	    NULL, NULL, 0, 0, NULL },
	{ "timeout", K_INT, G(sync_timeout), 1, 3600, NULL, 120, NULL, NULL, 0,
	    0, NULL },
	{ "low_speed_time", K_INT, G(sync_low_speed_time), 1, 600, NULL, 30,
	    NULL, NULL, 0, 0, NULL },
	{ "low_speed_limit", K_INT, G(sync_low_speed_limit), 1, 100000, NULL,
	    20, NULL, NULL, 0, 0, NULL },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};


static const struct key ussd_keys[] = {
	{ "menu", K_CUSTOM, 0, NOLIMIT, "", 0, NULL, NULL, 0, 0, custom_menu },
	{ "session_seconds", K_INT, G(ussd_session_seconds), 5, 3600, NULL,
	    180, NULL, NULL, 0, 0, NULL },
	{ "per_minute", K_INT, G(ussd_per_minute), 1, 600, NULL, 30, NULL, NULL,
	    0, 0, NULL },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};

static const struct key root_keys[] = {
	{ "gateway", K_GROUP, 0, NOLIMIT, REQUIRED, 0, NULL, gateway_keys, 0, 0,
	    NULL },
	{ "broadcast", K_GROUP, 0, NOLIMIT, "", 0, NULL, broadcast_keys, 0, 0,
	    NULL },
	{ "limits", K_GROUP, 0, NOLIMIT, "", 0, NULL, limits_keys, 0, 0, NULL },
	{ "calls", K_GROUP, 0, NOLIMIT, "", 0, NULL, calls_keys, 0, 0, NULL },
	{ "modems", K_LIST, G(modems), 1, 16, REQUIRED, 0, NULL, modem_keys,
	    sizeof(struct modem_conf), G(n_modems), NULL },
	{ "admins", K_LIST, G(admins), 0, 64, "", 0, NULL, admin_keys,
	    sizeof(struct admin_conf), G(n_admins), NULL },
	{ "groups", K_STRS, G(groups), 1, 32, "", 0, check_name, NULL, 0,
	    G(n_groups), NULL },
	{ "http", K_GROUP, 0, NOLIMIT, "", 0, NULL, http_keys, 0, 0, NULL },
	{ "sync", K_GROUP, 0, NOLIMIT, "", 0, NULL, sync_keys, 0, 0, NULL },
	{ "letters", K_LIST, G(letters), 0, 64, "", 0, NULL, letter_keys,
	    sizeof(struct letter_conf), G(n_letters), NULL },
	{ "categories", K_LIST, G(categories), 0, 64, "", 0, NULL,
	    category_keys, sizeof(struct category_conf), G(n_categories), NULL },
	{ "counters", K_LIST, G(counters), 0, 16, "", 0, NULL, counter_keys,
	    sizeof(struct counter_conf), G(n_counters), NULL },
	{ "ussd", K_GROUP, 0, NOLIMIT, "", 0, NULL, ussd_keys, 0, 0, NULL },
	{ "replies", K_CUSTOM, 0, NOLIMIT, "", 0, NULL, NULL, 0, 0,
	    custom_replies },
	{ "keywords", K_CUSTOM, 0, NOLIMIT, "", 0, NULL, NULL, 0, 0,
	    custom_keywords },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};

static int walk_group(struct cctx *c, config_setting_t *grp, void *base,
    const struct key *keys, const char *prefix);

static const char *
type_name(enum ktype t)
{
	switch (t) {
	case K_STR:
		return "a string in double quotes";
	case K_INT:
		return "a whole number";
	case K_BOOL:
		return "true or false";
	case K_STRS:
		return "a list of strings, like ( \"A\", \"B\" )";
	case K_GROUP:
	case K_CUSTOM:
		return "a group, like { ... }";
	case K_LIST:
		return "a list of groups, like ( { ... } )";
	}
	return "?";
}

static int
type_ok(enum ktype t, int ct)
{
	switch (t) {
	case K_STR:
		return ct == CONFIG_TYPE_STRING;
	case K_INT:
		return ct == CONFIG_TYPE_INT || ct == CONFIG_TYPE_INT64;
	case K_BOOL:
		return ct == CONFIG_TYPE_BOOL;
	case K_STRS:
		return ct == CONFIG_TYPE_ARRAY || ct == CONFIG_TYPE_LIST;
	case K_GROUP:
	case K_CUSTOM:
		return ct == CONFIG_TYPE_GROUP;
	case K_LIST:
		return ct == CONFIG_TYPE_LIST;
	}
	return 0;
}

static int
set_str(struct cctx *c, config_setting_t *s, const struct key *k,
    const char *path, const char *v, void *base)
{
	char why[256];
	size_t n = strlen(v);

	if ((long)n < k->min || (long)n > k->max) {
		if (k->min > 0 && n == 0)
			return cfg_err(c, s, "'%s' must not be empty", path);
		return cfg_err(c, s, "'%s' must be %ld to %ld characters long",
		    path, k->min, k->max);
	}
	if (k->check != NULL && n > 0 && k->check(v, why, sizeof(why)) != 0)
		return cfg_err(c, s, "'%s' %s (got \"%s\")", path, why, v);
	*(char **)((char *)base + k->off) = xstrdup(v);
	return 0;
}

static int
set_strs(struct cctx *c, config_setting_t *s, const struct key *k,
    const char *path, void *base)
{
	int i, n = config_setting_length(s);
	char **v = xcalloc((size_t)n + 1, sizeof(char *));
	char why[256];

	*(char ***)((char *)base + k->off) = v;
	for (i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		const char *str = config_setting_get_string(e);
		size_t j;

		if (str == NULL)
			return cfg_err(c, e, "'%s' must hold only strings", path);
		if (strlen(str) == 0 || (long)strlen(str) > k->max)
			return cfg_err(c, e, "'%s' entries must be 1 to %ld "
			    "characters long", path, k->max);
		if (k->check != NULL && k->check(str, why, sizeof(why)) != 0)
			return cfg_err(c, e, "'%s' entry \"%s\" %s", path, str,
			    why);
		v[i] = xstrdup(str);
		for (j = 0; v[i][j] != '\0'; j++)
			v[i][j] = (char)toupper((unsigned char)v[i][j]);
		*(size_t *)((char *)base + k->off_n) = (size_t)i + 1;
		for (j = 0; j < (size_t)i; j++)
			if (strcmp(v[j], v[i]) == 0)
				return cfg_err(c, e, "'%s' lists \"%s\" twice",
				    path, str);
	}
	return 0;
}

static int
set_list(struct cctx *c, config_setting_t *s, const struct key *k,
    const char *path, void *base)
{
	int i, n = config_setting_length(s);
	char *arr;

	if (n < k->min || n > k->max)
		return cfg_err(c, s, "'%s' must have %ld to %ld entries", path,
		    k->min, k->max);
	arr = xcalloc((size_t)n, k->elem_size);
	*(char **)((char *)base + k->off) = arr;
	for (i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		char sub[192];

		snprintf(sub, sizeof(sub), "%s[%d]", path, i);
		*(size_t *)((char *)base + k->off_n) = (size_t)i + 1;
		if (config_setting_type(e) != CONFIG_TYPE_GROUP)
			return cfg_err(c, e, "'%s' must be a group, like "
			    "{ name = ...; }", sub);
		if (walk_group(c, e, arr + (size_t)i * k->elem_size, k->sub,
		    sub) != 0)
			return -1;
	}
	return 0;
}

/* A key that is absent takes its default; a required one is an error. */
static int
set_default(struct cctx *c, config_setting_t *grp, const struct key *k,
    const char *path, void *base)
{
	switch (k->type) {
	case K_STR:
		if (k->sdef == NULL)
			return cfg_err(c, grp, "'%s' is missing", path);
		*(char **)((char *)base + k->off) = xstrdup(k->sdef);
		return 0;
	case K_INT:
		*(int *)((char *)base + k->off) = (int)k->idef;
		return 0;
	case K_BOOL:
		*(int *)((char *)base + k->off) = (int)k->idef;
		return 0;
	case K_GROUP:
		if (k->sdef == NULL)
			return cfg_err(c, grp, "section '%s' is missing", path);
		return walk_group(c, NULL, base, k->sub, path);
	case K_LIST:
		if (k->sdef == NULL)
			return cfg_err(c, grp, "'%s' is missing", path);
		return 0;
	case K_STRS:
	case K_CUSTOM:
		return 0;
	}
	return 0;
}

static int
walk_group(struct cctx *c, config_setting_t *grp, void *base,
    const struct key *keys, const char *prefix)
{
	const struct key *k;
	int i, n;

	/* Every key present must be one we know. */
	n = grp != NULL ? config_setting_length(grp) : 0;
	for (i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(grp, (unsigned)i);
		const char *name = config_setting_name(e);

		for (k = keys; k->name != NULL; k++)
			if (name != NULL && strcmp(k->name, name) == 0)
				break;
		if (k->name == NULL)
			return cfg_err(c, e, "unknown key '%s%s%s'", prefix,
			    *prefix ? "." : "", name ? name : "?");
	}
	for (k = keys; k->name != NULL; k++) {
		config_setting_t *s = grp != NULL ?
		    config_setting_get_member(grp, k->name) : NULL;
		char path[160];

		snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "." : "",
		    k->name);
		if (s == NULL) {
			if (set_default(c, grp, k, path, base) != 0)
				return -1;
			continue;
		}
		if (!type_ok(k->type, config_setting_type(s)))
			return cfg_err(c, s, "'%s' must be %s", path,
			    type_name(k->type));
		switch (k->type) {
		case K_STR:
			if (set_str(c, s, k, path, config_setting_get_string(s),
			    base) != 0)
				return -1;
			break;
		case K_INT: {
			long long v = config_setting_get_int64(s);

			if (v < k->min || v > k->max)
				return cfg_err(c, s, "'%s' must be between %ld "
				    "and %ld (got %lld)", path, k->min, k->max,
				    v);
			*(int *)((char *)base + k->off) = (int)v;
			break;
		}
		case K_BOOL:
			*(int *)((char *)base + k->off) =
			    config_setting_get_bool(s);
			break;
		case K_STRS:
			if (set_strs(c, s, k, path, base) != 0)
				return -1;
			break;
		case K_GROUP:
			if (walk_group(c, s, base, k->sub, path) != 0)
				return -1;
			break;
		case K_LIST:
			if (set_list(c, s, k, path, base) != 0)
				return -1;
			break;
		case K_CUSTOM:
			if (k->custom(c, s, base, k) != 0)
				return -1;
			break;
		}
	}
	return 0;
}

static int
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
		if (text[0] == '\0' || strlen(text) > 640)
			return cfg_err(c, e, "'replies.%s' must be 1 to 640 "
			    "characters long", name);
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

static int
custom_keywords(struct cctx *c, config_setting_t *s, void *base,
    const struct key *k)
{
	struct gw_config *cfg = base;
	int i, n = config_setting_length(s);

	(void)k;
	cfg->keywords = xcalloc((size_t)n, sizeof(struct keyword_conf));
	for (i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		struct keyword_conf *kw = &cfg->keywords[i];
		struct key ak = { "", K_STRS, offsetof(struct keyword_conf,
		    aliases), 1, 23, "", 0, check_name, NULL, 0,
		    offsetof(struct keyword_conf, n_aliases), NULL };
		char path[96];
		size_t j;

		cfg->n_keywords = (size_t)i + 1;
		kw->keyword = xstrdup(config_setting_name(e));
		for (j = 0; kw->keyword[j] != '\0'; j++)
			kw->keyword[j] = (char)toupper(
			    (unsigned char)kw->keyword[j]);
		snprintf(path, sizeof(path), "keywords.%s",
		    config_setting_name(e));
		if (!type_ok(K_STRS, config_setting_type(e)))
			return cfg_err(c, e, "'%s' must be %s", path,
			    type_name(K_STRS));
		if (set_strs(c, e, &ak, path, kw) != 0)
			return -1;
	}
	return 0;
}

static void
upcase(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)toupper((unsigned char)*s);
}

/* Codes in upper case, contacts in E.164, office admins on a category. */
static int
check_services(struct cctx *c, config_t *lc)
{
	struct gw_config *cfg = c->cfg;
	size_t i, j;

	for (i = 0; i < cfg->n_letters; i++)
		upcase(cfg->letters[i].code);
	for (i = 0; i < cfg->n_counters; i++)
		upcase(cfg->counters[i].code);
	for (i = 0; i < cfg->n_categories; i++) {
		struct category_conf *k = &cfg->categories[i];

		upcase(k->code);
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
	for (i = 0; i < cfg->n_admins; i++) {
		struct admin_conf *a = &cfg->admins[i];

		upcase(a->category);
		if (strcmp(a->role, "office") == 0 &&
		    config_category(cfg, a->category) == NULL)
			return cfg_err(c, config_setting_get_elem(
			    config_lookup(lc, "admins"), (unsigned)i),
			    "'admins[%zu]' has role \"office\" and needs a "
			    "category from 'categories'", i);
	}
	return 0;
}

/* Checks that span keys, after every key has been read. */
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

static int
check_whole(struct cctx *c, config_t *lc)
{
	struct gw_config *cfg = c->cfg;
	config_setting_t *adm = config_lookup(lc, "admins");
	size_t i, j;

	if (check_services(c, lc) != 0 || check_sync(c, lc) != 0)
		return -1;

	for (i = 0; i < cfg->n_modems; i++)
		for (j = 0; j < cfg->modems[i].n_prefixes; j++) {
			/* Compared with E.164 recipients: "0812" is "+62812". */
			char **p = &cfg->modems[i].prefixes[j], *e;

			if ((*p)[0] == '+')
				continue;
			e = xmalloc(strlen(*p) + strlen(cfg->country_code) + 2);
			if ((*p)[0] == '0')
				sprintf(e, "+%s%s", cfg->country_code, *p + 1);
			else
				sprintf(e, "+%s", *p);
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

struct gw_config *
config_load(const char *file, char *err, size_t errsz)
{
	struct gw_config *cfg = xcalloc(1, sizeof(*cfg));
	struct cctx c = { file, err, errsz, cfg };
	config_t lc;

	config_init(&lc);
	if (config_read_file(&lc, file) != CONFIG_TRUE) {
		if (config_error_type(&lc) == CONFIG_ERR_FILE_IO)
			snprintf(err, errsz, "%s:0: cannot read the file", file);
		else
			snprintf(err, errsz, "%s:%d: %s",
			    config_error_file(&lc) ? config_error_file(&lc) :
			    file, config_error_line(&lc), config_error_text(&lc));
		goto fail;
	}
	cfg->path = xstrdup(file);
	/* Replies start from the language's defaults; find it first. */
	{
		const char *lang = "id";

		if (config_lookup_string(&lc, "gateway.language", &lang) !=
		    CONFIG_TRUE)
			lang = "id";
		replies_defaults(&cfg->replies, lang);
	}
	if (walk_group(&c, config_root_setting(&lc), cfg, root_keys, "") != 0)
		goto fail;
	if (check_whole(&c, &lc) != 0)
		goto fail;
	config_destroy(&lc);
	return cfg;
fail:
	config_destroy(&lc);
	config_free(cfg);
	return NULL;
}

static void
free_strs(char **v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
config_free(struct gw_config *cfg)
{
	size_t i;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->n_modems; i++) {
		free(cfg->modems[i].name);
		free(cfg->modems[i].device);
		free(cfg->modems[i].connection);
		free(cfg->modems[i].model);
		free_strs(cfg->modems[i].prefixes, cfg->modems[i].n_prefixes);
		free(cfg->modems[i].reset_command);
		free(cfg->modems[i].balance_ussd);
		free(cfg->modems[i].balance_pattern);
	}
	free(cfg->modems);
	for (i = 0; i < cfg->n_admins; i++) {
		free(cfg->admins[i].phone);
		free(cfg->admins[i].name);
		free(cfg->admins[i].pin);
		free(cfg->admins[i].pin_hash);
		free(cfg->admins[i].role);
		free(cfg->admins[i].category);
	}
	free(cfg->admins);
	free_strs(cfg->groups, cfg->n_groups);
	for (i = 0; i < cfg->n_keywords; i++) {
		free(cfg->keywords[i].keyword);
		free_strs(cfg->keywords[i].aliases, cfg->keywords[i].n_aliases);
	}
	free(cfg->keywords);
	for (i = 0; i < cfg->n_letters; i++) {
		free(cfg->letters[i].code);
		free(cfg->letters[i].name);
		free(cfg->letters[i].bring);
	}
	free(cfg->letters);
	for (i = 0; i < cfg->n_categories; i++) {
		free(cfg->categories[i].code);
		free_strs(cfg->categories[i].words,
		    cfg->categories[i].n_words);
		free_strs(cfg->categories[i].contacts,
		    cfg->categories[i].n_contacts);
	}
	free(cfg->categories);
	for (i = 0; i < cfg->n_counters; i++) {
		free(cfg->counters[i].code);
		free(cfg->counters[i].name);
		free(cfg->counters[i].hours);
	}
	free(cfg->counters);
	free(cfg->missed_call);
	free(cfg->path);
	free(cfg->id);
	free(cfg->database);
	free(cfg->language);
	free(cfg->country_code);
	free(cfg->timezone);
	free(cfg->quiet_hours);
	free(cfg->http_listen);
	free(cfg->ussd_key);
	config_menu_free(cfg);
	free(cfg->sync_url);
	free(cfg->sync_token);
	free(cfg->sync_ca_file);
	free(cfg->sync_pinned_key);
	free(cfg->sync_hmac_key);
	replies_release(&cfg->replies);
	free(cfg);
}
