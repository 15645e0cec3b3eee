/*
 * Relative paths in a configuration are taken from the folder of the
 * configuration file, never from the folder a program happens to start
 * in: a daemon under systemd starts in /, the operator runs the tool
 * from anywhere, and both must find the same database.
 */
#include "paths.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int
path_dir_of(const char *file, char *dir, size_t dirsz)
{
	char buf[PATH_MAX], *copy = xstrdup(file);
	char *real = realpath(dirname(copy), buf);

	free(copy);
	if (real == NULL)
		return -1;
	strlcpy_k(dir, buf, dirsz);
	return 0;
}

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
void
path_resolve(const char *dir, char **path)
{
	char *abs;

	if ((*path)[0] == '\0' || (*path)[0] == '/')
		return;
	abs = path_from(dir, *path);
	free(*path);
	*path = abs;
}
