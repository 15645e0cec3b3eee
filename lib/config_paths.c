/*
 * Relative paths in the configuration are taken from the folder of the
 * configuration file, never from the folder a program happens to start
 * in: kabard under systemd starts in /, the operator runs kabar from
 * anywhere, and both must find the same database. They are made absolute
 * once, at load time, so every program sees the same paths.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_int.h"
#include "util.h"

/*
 * v taken from dir. dir comes from realpath(), free of links and "..",
 * so a leading "../" of v can be taken off dir exactly; what follows it
 * is left to the kernel. The caller frees.
 */
static char *
path_from(const char *dir, const char *v)
{
	size_t n = strlen(dir), len;
	char *p;

	for (;;) {
		if (strncmp(v, "./", 2) == 0)
			v += 2;
		else if (strncmp(v, "../", 3) == 0) {
			while (n > 1 && dir[n - 1] != '/')
				n--;
			if (n > 1)
				n--;
			v += 3;
		} else
			break;
		while (*v == '/')
			v++;
	}
	len = n + strlen(v) + 2;
	p = xmalloc(len);
	snprintf(p, len, "%.*s%s%s", (int)n, dir, dir[n - 1] == '/' ? "" :
	    "/", v);
	return p;
}

/* "" stays "" (it means "none"); an absolute path stays as it is. */
static void
resolve(const char *dir, char **path)
{
	char *abs;

	if ((*path)[0] == '\0' || (*path)[0] == '/')
		return;
	abs = path_from(dir, *path);
	free(*path);
	*path = abs;
}

int
resolve_paths(struct cctx *c)
{
	struct gw_config *cfg = c->cfg;
	char dir[PATH_MAX], *copy = xstrdup(c->file);
	char *real = realpath(dirname(copy), dir);
	size_t i;

	free(copy);
	if (real == NULL)
		return cfg_err(c, NULL, "cannot resolve the folder of the "
		    "file: %s", strerror(errno));
	resolve(dir, &cfg->database);
	/* The dummy phone's device is a folder; other connections name a
	 * serial port or a host, which are no files of ours. */
	for (i = 0; i < cfg->n_modems; i++)
		if (strcmp(cfg->modems[i].connection, "none") == 0)
			resolve(dir, &cfg->modems[i].device);
	resolve(dir, &cfg->sync_ca_file);
	if (strncmp(cfg->sync_pinned_key, "sha256//", 8) != 0)
		resolve(dir, &cfg->sync_pinned_key);
	return 0;
}
