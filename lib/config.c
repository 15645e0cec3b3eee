/*
 * Loading the configuration. A table of keys per section drives the walk
 * (name, type, where the value goes, range, default), so that every key is
 * checked the same way and an unknown one cannot slip through. Strings
 * from libconfig die with config_destroy(), so everything is copied.
 *
 * The loader is split by concern: the tables (config_schema.c), the walk
 * over them (config_walk.c), the values checked one at a time
 * (config_checks.c), the sections read by hand and the checks across keys
 * (config_sections.c), the relative paths (config_paths.c) and the USSD
 * menu (config_menu.c).
 */
#include "config.h"

#include <libconfig.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

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

/* Replies start from the language's defaults, so it is read first. */
static const char *
file_language(const config_t *lc)
{
	const char *lang;

	if (config_lookup_string(lc, "gateway.language", &lang) != CONFIG_TRUE)
		return "id";
	return lang;
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
	replies_defaults(&cfg->replies, file_language(&lc));
	if (walk_group(&c, config_root_setting(&lc), cfg, config_root_keys,
	    "") != 0)
		goto fail;
	if (resolve_paths(&c) != 0 || check_whole(&c, &lc) != 0)
		goto fail;
	config_destroy(&lc);
	return cfg;
fail:
	config_destroy(&lc);
	config_free(cfg);
	return NULL;
}

void
config_free(struct gw_config *cfg)
{
	if (cfg == NULL)
		return;
	walk_free(cfg, config_root_keys);
	keywords_free(cfg);
	config_menu_free(cfg);
	replies_release(&cfg->replies);
	free(cfg->path);
	free(cfg);
}
