/*
 * kabar-district's configuration: where it listens, its database, its
 * limits, and (optionally, from before gateways were kept in the store)
 * gateways to import into the store on start.
 *
 *   district : { listen = "127.0.0.1:9000"; database = "district.db";
 *                clock_window = 300; max_body = 1048576;
 *                max_unzipped = 16777216; requests_per_minute = 600; };
 *   gateways = ( { id = "leksono"; token = "..."; hmac_key = "..."; } );
 *   http = { listen = "127.0.0.1:9080"; };          the console, optional
 *   officers = ( { phone = "0812..."; name = "..."; password_hash = "..."; } );
 */
#include "district.h"

#include <errno.h>
#include <libconfig.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "district_gateways.h"
#include "dsql.h"
#include "password.h"
#include "phone.h"
#include "paths.h"
#include "util.h"

static int
err_at(char *err, size_t errsz, const char *file, const config_setting_t *s,
    const char *what)
{
	snprintf(err, errsz, "%s:%d: %s", file, s ? config_setting_source_line(
	    s) : 0, what);
	return -1;
}

static int
only_keys(const config_setting_t *g, const char *const *keys, const char *file,
    char *err, size_t errsz)
{
	int i, n = config_setting_length(g);

	for (i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(g,
		    (unsigned)i);
		const char *name = config_setting_name(e);
		const char *const *k;
		char msg[160];

		for (k = keys; *k != NULL; k++)
			if (name != NULL && strcmp(*k, name) == 0)
				break;
		if (*k == NULL) {
			snprintf(msg, sizeof(msg), "unknown key '%s'",
			    name ? name : "?");
			return err_at(err, errsz, file, e, msg);
		}
	}
	return 0;
}

/* A string setting of s, or NULL. */
static const char *
str_of(const config_setting_t *s, const char *name)
{
	const char *v;

	return s != NULL && config_setting_lookup_string(s, name, &v) ? v :
	    NULL;
}

static void console_free(struct district_console *k);
static int officers_load(config_setting_t *offs, struct district_console *k,
    const char *file, char *err, size_t errsz);

/* The console's address, and its certificate and key for HTTPS. */
static int
http_load(config_setting_t *h, struct district_console *k, const char *file,
    const char *dir, char *err, size_t errsz)
{
	static const char *const h_keys[] = { "listen", "tls_cert", "tls_key",
	    NULL };

	if (config_setting_type(h) != CONFIG_TYPE_GROUP)
		return err_at(err, errsz, file, h, "'http' must be a group "
		    "{ listen = ...; }");
	if (only_keys(h, h_keys, file, err, errsz) != 0)
		return -1;
	if (str_of(h, "listen") == NULL || strchr(str_of(h, "listen"),
	    ':') == NULL)
		return err_at(err, errsz, file, h, "http.listen must be "
		    "\"IPv4:PORT\"");
	if ((str_of(h, "tls_cert") == NULL) != (str_of(h, "tls_key") == NULL))
		return err_at(err, errsz, file, h, "http.tls_cert and "
		    "http.tls_key go together");
	k->listen = xstrdup(str_of(h, "listen"));
	if (str_of(h, "tls_cert") != NULL) {
		k->tls_cert = xstrdup(str_of(h, "tls_cert"));
		k->tls_key = xstrdup(str_of(h, "tls_key"));
		path_resolve(dir, &k->tls_cert);
		path_resolve(dir, &k->tls_key);
	}
	return 0;
}

/*
 * The district console's settings: `http` (where it listens; TLS with
 * tls_cert and tls_key), `officers` (who may log in) and the language
 * of its pages (district.language). No http block, no console.
 */
static int
console_load(config_t *lc, struct district_conf *c, const char *file,
    const char *dir, char *err, size_t errsz)
{
	config_setting_t *h = config_lookup(lc, "http");
	config_setting_t *offs = config_lookup(lc, "officers");
	struct district_console *k;
	const char *lang = str_of(config_lookup(lc, "district"), "language");

	if (lang != NULL && strcmp(lang, "id") != 0 && strcmp(lang, "en") != 0)
		return err_at(err, errsz, file, config_lookup(lc,
		    "district.language"), "language must be \"id\" or \"en\"");
	k = c->console = xcalloc(1, sizeof(*k));
	k->language = xstrdup(lang != NULL ? lang : "id");
	if (h != NULL && http_load(h, k, file, dir, err, errsz) != 0)
		return -1;
	if (offs != NULL && officers_load(offs, k, file, err, errsz) != 0)
		return -1;
	/* Officers are checked all the same: a mistake shows at once. */
	if (h == NULL) {
		console_free(k);
		c->console = NULL;
	}
	return 0;
}

/* The officers, each with a mobile number, a name and a password hash. */
static int
officers_load(config_setting_t *offs, struct district_console *k,
    const char *file, char *err, size_t errsz)
{
	static const char *const o_keys[] = { "phone", "name", "password_hash",
	    NULL };
	int i, n;

	if (config_setting_type(offs) != CONFIG_TYPE_LIST)
		return err_at(err, errsz, file, offs, "'officers' must be a list "
		    "( { phone = ...; name = ...; password_hash = ...; } )");
	n = config_setting_length(offs);
	k->officers = xcalloc((size_t)n + 1, sizeof(*k->officers));
	for (i = 0; i < n; i++) {
		config_setting_t *o = config_setting_get_elem(offs, (unsigned)i);
		struct district_officer *of = &k->officers[i];
		char e164[PHONE_MAX];

		if (only_keys(o, o_keys, file, err, errsz) != 0)
			return -1;
		if (str_of(o, "phone") == NULL || phone_normalise(str_of(o,
		    "phone"), "62", e164, sizeof(e164)) != PHONE_MOBILE)
			return err_at(err, errsz, file, o, "an officer needs the "
			    "phone number of a mobile");
		if (str_of(o, "name") == NULL || str_of(o, "name")[0] == '\0')
			return err_at(err, errsz, file, o, "an officer needs a "
			    "name");
		if (str_of(o, "password_hash") == NULL ||
		    !password_hash_wellformed(str_of(o, "password_hash")))
			return err_at(err, errsz, file, o, "an officer needs a "
			    "password_hash printed by `kabar password-hash`");
		of->phone = xstrdup(e164);
		of->name = xstrdup(str_of(o, "name"));
		of->password_hash = xstrdup(str_of(o, "password_hash"));
		k->n_officers = (size_t)i + 1;
	}
	return 0;
}

struct district_conf *
district_conf_load(const char *file, char *err, size_t errsz)
{
	static const char *const root_keys[] = { "district", "gateways", "http",
	    "officers", NULL };
	static const char *const d_keys[] = { "listen", "database",
	    "clock_window", "max_body", "max_unzipped", "requests_per_minute",
	    "language", NULL };
	static const char *const g_keys[] = { "id", "token", "hmac_key", NULL };
	struct district_conf *c = xcalloc(1, sizeof(*c));
	config_setting_t *d, *gws;
	const char *s;
	char dir[PATH_MAX];
	config_t lc;
	int i, v;

	config_init(&lc);
	if (config_read_file(&lc, file) != CONFIG_TRUE) {
		snprintf(err, errsz, "%s:%d: %s", file, config_error_line(&lc),
		    config_error_text(&lc) ? config_error_text(&lc) :
		    "cannot read the file");
		goto fail;
	}
	if (only_keys(config_root_setting(&lc), root_keys, file, err,
	    errsz) != 0)
		goto fail;
	d = config_lookup(&lc, "district");
	if (d != NULL && only_keys(d, d_keys, file, err, errsz) != 0)
		goto fail;
	c->listen = xstrdup(d && config_setting_lookup_string(d, "listen", &s) ?
	    s : "127.0.0.1:9000");
	c->database = xstrdup(d && config_setting_lookup_string(d, "database",
	    &s) ? s : "var/district.db");
	if (path_dir_of(file, dir, sizeof(dir)) != 0) {
		snprintf(err, errsz, "%s: cannot resolve its folder: %s", file,
		    strerror(errno));
		goto fail;
	}
	if (!dsql_is_pg(c->database))
		path_resolve(dir, &c->database);
	c->clock_window = d && config_setting_lookup_int(d, "clock_window",
	    &v) ? v : 300;
	c->max_body = d && config_setting_lookup_int(d, "max_body", &v) ? v :
	    1048576;
	c->max_unzipped = d && config_setting_lookup_int(d, "max_unzipped",
	    &v) ? v : 16777216;
	c->rate_per_minute = d && config_setting_lookup_int(d,
	    "requests_per_minute", &v) ? v : DGW_RATE_DEFAULT;
	if (c->clock_window < 10 || c->max_body < 1024 ||
	    c->max_unzipped < c->max_body || c->rate_per_minute < 1) {
		err_at(err, errsz, file, d, "clock_window must be 10 s or more, "
		    "max_body 1024 or more, max_unzipped at least max_body, "
		    "requests_per_minute 1 or more");
		goto fail;
	}
	if (console_load(&lc, c, file, dir, err, errsz) != 0)
		goto fail;
	/* Optional: gateways are registered in the store now. */
	gws = config_lookup(&lc, "gateways");
	if (gws == NULL) {
		config_destroy(&lc);
		return c;
	}
	if (config_setting_type(gws) != CONFIG_TYPE_LIST) {
		err_at(err, errsz, file, gws, "'gateways' must be a list, like "
		    "( { id = ...; token = ...; hmac_key = ...; } )");
		goto fail;
	}
	c->gw = xcalloc((size_t)config_setting_length(gws) + 1,
	    sizeof(*c->gw));
	for (i = 0; i < config_setting_length(gws); i++) {
		config_setting_t *g = config_setting_get_elem(gws, (unsigned)i);
		const char *id, *tok, *key;

		if (only_keys(g, g_keys, file, err, errsz) != 0)
			goto fail;
		if (!config_setting_lookup_string(g, "id", &id) ||
		    !config_setting_lookup_string(g, "token", &tok) ||
		    !config_setting_lookup_string(g, "hmac_key", &key) ||
		    !dgw_id_ok(id) || strlen(tok) < 8 || strlen(key) < 8 ||
		    strlen(tok) > 512 || strlen(key) > 512) {
			err_at(err, errsz, file, g, "a gateway needs an id "
			    "(letters, digits, - and _, as its gateway.id), a "
			    "token and an hmac_key (8 to 512 characters)");
			goto fail;
		}
		c->gw[i].id = xstrdup(id);
		c->gw[i].token = xstrdup(tok);
		c->gw[i].hmac_key = xstrdup(key);
		c->n_gw = (size_t)i + 1;
	}
	config_destroy(&lc);
	return c;
fail:
	config_destroy(&lc);
	district_conf_free(c);
	return NULL;
}

static void
console_free(struct district_console *k)
{
	size_t i;

	if (k == NULL)
		return;
	for (i = 0; i < k->n_officers; i++) {
		free(k->officers[i].phone);
		free(k->officers[i].name);
		free(k->officers[i].password_hash);
	}
	free(k->officers);
	free(k->listen);
	free(k->tls_cert);
	free(k->tls_key);
	free(k->language);
	free(k);
}

void
district_conf_free(struct district_conf *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n_gw; i++) {
		free(c->gw[i].id);
		free(c->gw[i].token);
		free(c->gw[i].hmac_key);
	}
	free(c->gw);
	console_free(c->console);
	free(c->listen);
	free(c->database);
	free(c);
}
