/*
 * Inside the configuration loader only (lib/config*.c): the table-driven
 * schema, the loading context, and the helpers its files share.
 */
#ifndef KABAR_CONFIG_INT_H
#define KABAR_CONFIG_INT_H

#include <libconfig.h>
#include <stddef.h>

#include "config.h"

enum ktype { K_STR, K_INT, K_BOOL, K_STRS, K_GROUP, K_LIST, K_CUSTOM };

struct cctx;
struct key;

typedef int (*check_fn)(const char *v, char *why, size_t whysz);
typedef int (*custom_fn)(struct cctx *c, config_setting_t *s, void *base,
    const struct key *k);

struct key {
	const char	*name;
	enum ktype	 type;
	size_t		 off;		/* where the value goes in base */
	long		 min, max;	/* ints: range; strings: length */
	const char	*sdef;		/* string default; NULL: required */
	long		 idef;
	check_fn	 check;
	const struct key *sub;		/* GROUP: same base; LIST: element */
	size_t		 elem_size;	/* LIST */
	size_t		 off_n;		/* LIST, STRS: where the count goes */
	custom_fn	 custom;
};

struct cctx {
	const char	*file;
	char		*err;
	size_t		 errsz;
	struct gw_config *cfg;
};

#define REQUIRED NULL
#define NOLIMIT 0, 0

/* The value of a key: a TYPE at offset OFF in the struct at BASE. */
#define SLOT(type, base, off) ((type *)((char *)(base) + (off)))

/* Set "FILE:LINE: why" (the line of s, when given) and return -1. */
int	cfg_err(struct cctx *c, const config_setting_t *s, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* "HH:MM" into minutes after midnight: 0, or -1. */
int	parse_hhmm(const char *s, int *minutes);

/* config_checks.c: 0, or -1 with why. */
int	check_language(const char *v, char *why, size_t whysz);
int	check_digits(const char *v, char *why, size_t whysz);
int	check_timezone(const char *v, char *why, size_t whysz);
int	check_hours(const char *v, char *why, size_t whysz);
int	check_name(const char *v, char *why, size_t whysz);
int	check_pin(const char *v, char *why, size_t whysz);
int	check_role(const char *v, char *why, size_t whysz);
int	check_listen(const char *v, char *why, size_t whysz);
int	check_url(const char *v, char *why, size_t whysz);
int	check_prefix(const char *v, char *why, size_t whysz);
int	check_ussd(const char *v, char *why, size_t whysz);
int	check_regex(const char *v, char *why, size_t whysz);
int	check_word(const char *v, char *why, size_t whysz);
int	check_connection(const char *v, char *why, size_t whysz);

/* config_schema.c: the keys of the whole file, sections below them. */
extern const struct key config_root_keys[];

/*
 * config_walk.c. Read group grp (NULL: absent, so every key takes its
 * default) through keys into base; prefix names grp in errors. 0, or -1
 * with c->err set. What was read stays in base even on failure, for
 * walk_free().
 */
int	walk_group(struct cctx *c, config_setting_t *grp, void *base,
	    const struct key *keys, const char *prefix);
/* Read s, present in the file, as key k into base: 0, or -1. */
int	walk_value(struct cctx *c, config_setting_t *s, const struct key *k,
	    const char *path, void *base);
/* Free what walking keys put into base; base itself stays. */
void	walk_free(void *base, const struct key *keys);
/* Free the n strings of v, then v; NULL is a no-op. */
void	free_strs(char **v, size_t n);
void	upcase(char *s);

/* config_sections.c: the groups the walk hands over, by their key. */
int	custom_replies(struct cctx *c, config_setting_t *s, void *base,
	    const struct key *k);
int	custom_keywords(struct cctx *c, config_setting_t *s, void *base,
	    const struct key *k);
void	keywords_free(struct gw_config *cfg);
/* After the walk: normalise codes and numbers, check across keys. */
int	check_whole(struct cctx *c, config_t *lc);

/*
 * config_paths.c. Make the relative paths of c->cfg absolute, taken from
 * the folder of the configuration file: 0, or -1 with c->err set.
 */
int	resolve_paths(struct cctx *c);

/* config_menu.c */
int	custom_menu(struct cctx *c, config_setting_t *s, void *base,
	    const struct key *k);
void	config_menu_free(struct gw_config *cfg);

#endif
