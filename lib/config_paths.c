/*
 * Relative paths in the configuration are made absolute once, at load
 * time (lib/paths.c says why), so every program sees the same paths.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "config_int.h"
#include "paths.h"

int
resolve_paths(struct cctx *c)
{
	struct gw_config *cfg = c->cfg;
	char dir[PATH_MAX];
	size_t i;

	if (path_dir_of(c->file, dir, sizeof(dir)) != 0)
		return cfg_err(c, NULL, "cannot resolve the folder of the "
		    "file: %s", strerror(errno));
	path_resolve(dir, &cfg->database);
	/* The dummy phone's device is a folder; other connections name a
	 * serial port or a host, which are no files of ours. */
	for (i = 0; i < cfg->n_modems; i++)
		if (strcmp(cfg->modems[i].connection, "none") == 0)
			path_resolve(dir, &cfg->modems[i].device);
	path_resolve(dir, &cfg->sync_ca_file);
	path_resolve(dir, &cfg->http_tls_cert);
	path_resolve(dir, &cfg->http_tls_key);
	if (strncmp(cfg->sync_pinned_key, "sha256//", 8) != 0)
		path_resolve(dir, &cfg->sync_pinned_key);
	return 0;
}
