#ifndef KABAR_PATHS_H
#define KABAR_PATHS_H

#include <limits.h>
#include <stddef.h>

/* The real folder (no links, no "..") of file into dir (PATH_MAX
 * bytes): 0, or -1 with errno set. */
int	path_dir_of(const char *file, char *dir, size_t dirsz);
/* *path taken from dir when relative (replaced, the old one freed);
 * "" and absolute paths stay as they are. */
void	path_resolve(const char *dir, char **path);

#endif
