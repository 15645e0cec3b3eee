/*
 * kabar-district's configuration: where it listens, its database, its
 * limits, and (optionally, from before gateways were kept in the store)
 * gateways to import into the store on start.
 *
 *   district : { listen = "127.0.0.1:9000"; database = "district.db";
 *                clock_window = 300; max_body = 1048576;
 *                max_unzipped = 16777216; requests_per_minute = 600; };
 *   gateways = ( { id = "leksono"; token = "..."; hmac_key = "..."; } );
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

struct district_conf *
district_conf_load(const char *file, char *err, size_t errsz)
{
	static const char *const root_keys[] = { "district", "gateways", NULL };
	static const char *const d_keys[] = { "listen", "database",
	    "clock_window", "max_body", "max_unzipped", "requests_per_minute",
	    NULL };
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
	free(c->listen);
	free(c->database);
	free(c);
}
