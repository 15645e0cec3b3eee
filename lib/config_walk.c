/*
 * The generic walk over the schema tables of config_schema.c: every key
 * present must be known and of its type, is checked the same way (range,
 * length, check function) and copied into the struct, because libconfig's
 * strings die with config_destroy(). An absent key takes its default.
 * walk_free() undoes a walk through the same tables.
 */
#include <ctype.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_int.h"
#include "util.h"

void
upcase(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)toupper((unsigned char)*s);
}

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
	*SLOT(char *, base, k->off) = xstrdup(v);
	return 0;
}

static int
set_int(struct cctx *c, config_setting_t *s, const struct key *k,
    const char *path, void *base)
{
	long long v = config_setting_get_int64(s);

	if (v < k->min || v > k->max)
		return cfg_err(c, s, "'%s' must be between %ld and %ld "
		    "(got %lld)", path, k->min, k->max, v);
	*SLOT(int, base, k->off) = (int)v;
	return 0;
}

/* Lists of strings hold codes and names: upper case, each once. */
static int
set_strs(struct cctx *c, config_setting_t *s, const struct key *k,
    const char *path, void *base)
{
	int i, n = config_setting_length(s);
	char **v = xcalloc((size_t)n + 1, sizeof(char *));
	char why[256];

	*SLOT(char **, base, k->off) = v;
	for (i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		const char *str = config_setting_get_string(e);
		int j;

		if (str == NULL)
			return cfg_err(c, e, "'%s' must hold only strings", path);
		if (strlen(str) == 0 || (long)strlen(str) > k->max)
			return cfg_err(c, e, "'%s' entries must be 1 to %ld "
			    "characters long", path, k->max);
		if (k->check != NULL && k->check(str, why, sizeof(why)) != 0)
			return cfg_err(c, e, "'%s' entry \"%s\" %s", path, str,
			    why);
		v[i] = xstrdup(str);
		upcase(v[i]);
		*SLOT(size_t, base, k->off_n) = (size_t)i + 1;
		for (j = 0; j < i; j++)
			if (strcmp(v[j], v[i]) == 0)
				return cfg_err(c, e, "'%s' lists \"%s\" twice",
				    path, str);
	}
	return 0;
}

/* A list of groups: an array of structs, each walked with k->sub. */
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
	*SLOT(char *, base, k->off) = arr;
	for (i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		char sub[192];

		snprintf(sub, sizeof(sub), "%s[%d]", path, i);
		*SLOT(size_t, base, k->off_n) = (size_t)i + 1;
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
	if (k->sdef == NULL && k->type == K_GROUP)
		return cfg_err(c, grp, "section '%s' is missing", path);
	if (k->sdef == NULL && (k->type == K_STR || k->type == K_LIST))
		return cfg_err(c, grp, "'%s' is missing", path);
	switch (k->type) {
	case K_STR:
		*SLOT(char *, base, k->off) = xstrdup(k->sdef);
		return 0;
	case K_INT:
	case K_BOOL:
		*SLOT(int, base, k->off) = (int)k->idef;
		return 0;
	case K_GROUP:
		return walk_group(c, NULL, base, k->sub, path);
	case K_LIST:
	case K_STRS:
	case K_CUSTOM:
		return 0;
	}
	return 0;
}

int
walk_value(struct cctx *c, config_setting_t *s, const struct key *k,
    const char *path, void *base)
{
	if (!type_ok(k->type, config_setting_type(s)))
		return cfg_err(c, s, "'%s' must be %s", path,
		    type_name(k->type));
	switch (k->type) {
	case K_STR:
		return set_str(c, s, k, path, config_setting_get_string(s),
		    base);
	case K_INT:
		return set_int(c, s, k, path, base);
	case K_BOOL:
		*SLOT(int, base, k->off) = config_setting_get_bool(s);
		return 0;
	case K_STRS:
		return set_strs(c, s, k, path, base);
	case K_GROUP:
		return walk_group(c, s, base, k->sub, path);
	case K_LIST:
		return set_list(c, s, k, path, base);
	case K_CUSTOM:
		return k->custom(c, s, base, k);
	}
	return 0;
}

static const struct key *
find_key(const struct key *keys, const char *name)
{
	const struct key *k;

	for (k = keys; k->name != NULL; k++)
		if (name != NULL && strcmp(k->name, name) == 0)
			return k;
	return NULL;
}

/* A misspelt key would otherwise be ignored and its default used. */
static int
check_known(struct cctx *c, config_setting_t *grp, const struct key *keys,
    const char *prefix)
{
	int i, n = grp != NULL ? config_setting_length(grp) : 0;

	for (i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(grp, (unsigned)i);
		const char *name = config_setting_name(e);

		if (find_key(keys, name) == NULL)
			return cfg_err(c, e, "unknown key '%s%s%s'", prefix,
			    *prefix ? "." : "", name ? name : "?");
	}
	return 0;
}

int
walk_group(struct cctx *c, config_setting_t *grp, void *base,
    const struct key *keys, const char *prefix)
{
	const struct key *k;

	if (check_known(c, grp, keys, prefix) != 0)
		return -1;
	for (k = keys; k->name != NULL; k++) {
		config_setting_t *s = grp != NULL ?
		    config_setting_get_member(grp, k->name) : NULL;
		char path[160];
		int rc;

		snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "." : "",
		    k->name);
		if (s == NULL)
			rc = set_default(c, grp, k, path, base);
		else
			rc = walk_value(c, s, k, path, base);
		if (rc != 0)
			return -1;
	}
	return 0;
}

void
free_strs(char **v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
free_list(void *base, const struct key *k)
{
	char *arr = *SLOT(char *, base, k->off);
	size_t i, n = *SLOT(size_t, base, k->off_n);

	for (i = 0; i < n; i++)
		walk_free(arr + i * k->elem_size, k->sub);
	free(arr);
}

void
walk_free(void *base, const struct key *keys)
{
	const struct key *k;

	for (k = keys; k->name != NULL; k++) {
		switch (k->type) {
		case K_STR:
			free(*SLOT(char *, base, k->off));
			break;
		case K_STRS:
			free_strs(*SLOT(char **, base, k->off),
			    *SLOT(size_t, base, k->off_n));
			break;
		case K_GROUP:
			walk_free(base, k->sub);
			break;
		case K_LIST:
			free_list(base, k);
			break;
		case K_INT:
		case K_BOOL:
		case K_CUSTOM:
			break;
		}
	}
}
