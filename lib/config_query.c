/*
 * Questions the rest of the daemon asks of a loaded configuration.
 */
#include <string.h>
#include <strings.h>
#include <time.h>

#include "config_int.h"

const struct modem_conf *
config_modem(const struct gw_config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->n_modems; i++)
		if (strcmp(cfg->modems[i].name, name) == 0)
			return &cfg->modems[i];
	return NULL;
}

const struct admin_conf *
config_admin(const struct gw_config *cfg, const char *e164)
{
	size_t i;

	for (i = 0; i < cfg->n_admins; i++)
		if (strcmp(cfg->admins[i].phone, e164) == 0)
			return &cfg->admins[i];
	return NULL;
}

#define LOOKUP(fn, type, arr, n)					\
const struct type *							\
fn(const struct gw_config *cfg, const char *code)			\
{									\
	size_t i;							\
									\
	for (i = 0; code != NULL && i < cfg->n; i++)			\
		if (strcasecmp(cfg->arr[i].code, code) == 0)		\
			return &cfg->arr[i];				\
	return NULL;							\
}

LOOKUP(config_letter, letter_conf, letters, n_letters)
LOOKUP(config_category, category_conf, categories, n_categories)
LOOKUP(config_counter, counter_conf, counters, n_counters)

int
config_quiet_now(const struct gw_config *cfg, int64_t now)
{
	return cfg->quiet_hours[0] != '\0' &&
	    hours_contain(cfg->quiet_hours, now);
}

int
hours_contain(const char *hours, int64_t now)
{
	time_t t = (time_t)now;
	struct tm tm;
	int from, to, m;

	if (strlen(hours) != 11 || parse_hhmm(hours, &from) != 0 ||
	    parse_hhmm(hours + 6, &to) != 0)
		return 0;
	localtime_r(&t, &tm);
	m = tm.tm_hour * 60 + tm.tm_min;
	/* "...-23:59" is how people write "until midnight". */
	if (to == 23 * 60 + 59)
		to = 24 * 60;
	/* "21:00-06:00" wraps past midnight; "12:00-13:00" does not. */
	return from <= to ? (m >= from && m < to) : (m >= from || m < to);
}

int
config_group_known(const struct gw_config *cfg, const char *group)
{
	size_t i;

	for (i = 0; i < cfg->n_groups; i++)
		if (strcasecmp(cfg->groups[i], group) == 0)
			return 1;
	return 0;
}
