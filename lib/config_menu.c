/*
 * The USSD menu in the configuration: read into a tree and checked as it
 * is read (depth, items, actions, and that every screen fits).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_int.h"
#include "smstext.h"
#include "util.h"

/* The USSD menu: a tree of groups, checked as it is read. */

#define MENU_MAX_ITEMS 9
#define MENU_MAX_DEPTH 6
/* Room kept on every screen for the notice after a wrong digit. */
#define MENU_NOTICE_ROOM 40

static const char *const menu_actions[] = { "status", "complaint", "poll",
    "register", "survey", "info", NULL };

static void
menu_free(struct menu_node *n)
{
	size_t i;

	for (i = 0; i < n->n_items; i++)
		menu_free(&n->items[i]);
	free(n->items);
	free(n->title);
	free(n->action);
	free(n->text);
	free(n->prompt);
	free(n->survey);
}

void
menu_screen(const struct menu_node *n, struct strbuf *out)
{
	size_t i;

	sb_adds(out, n->title);
	for (i = 0; i < n->n_items; i++)
		sb_addf(out, "\n%zu. %s", i + 1, n->items[i].title);
}

static int
menu_node_parse(struct cctx *c, config_setting_t *s, struct menu_node *n,
    const char *path, int depth)
{
	static const char *const known[] = { "title", "items", "action",
	    "text", "prompt", "survey", NULL };
	const char *v;
	config_setting_t *items;
	int i, len = config_setting_length(s);
	size_t k;

	if (config_setting_type(s) != CONFIG_TYPE_GROUP)
		return cfg_err(c, s, "'%s' must be a group, like { title = ...; }",
		    path);
	if (depth > MENU_MAX_DEPTH)
		return cfg_err(c, s, "'%s' is nested too deep", path);
	for (i = 0; i < len; i++) {
		const char *name = config_setting_name(config_setting_get_elem(
		    s, (unsigned)i));

		for (k = 0; known[k] != NULL; k++)
			if (strcmp(known[k], name) == 0)
				break;
		if (known[k] == NULL)
			return cfg_err(c, config_setting_get_elem(s, (unsigned)i),
			    "unknown key '%s.%s'", path, name);
	}
#define MENU_STR(key, field)						\
	if (config_setting_lookup_string(s, key, &v) == CONFIG_TRUE)	\
		n->field = xstrdup(v);					\
	else if (config_setting_get_member(s, key) != NULL)		\
		return cfg_err(c, config_setting_get_member(s, key),	\
		    "'%s.%s' must be a string", path, key);
	MENU_STR("title", title)
	MENU_STR("action", action)
	MENU_STR("text", text)
	MENU_STR("prompt", prompt)
	MENU_STR("survey", survey)
#undef MENU_STR
	if (n->title == NULL || n->title[0] == '\0')
		return cfg_err(c, s, "'%s' needs a title that is not empty",
		    path);
	if (n->action != NULL) {
		for (k = 0; menu_actions[k] != NULL; k++)
			if (strcmp(menu_actions[k], n->action) == 0)
				break;
		if (menu_actions[k] == NULL)
			return cfg_err(c, s, "'%s.action' must be status, "
			    "complaint, poll, register, survey or info", path);
		if (strcmp(n->action, "survey") == 0 && n->survey == NULL)
			return cfg_err(c, s, "'%s' needs survey = \"CODE\" for "
			    "its survey action", path);
	}
	items = config_setting_get_member(s, "items");
	if (items != NULL) {
		if (config_setting_type(items) != CONFIG_TYPE_LIST ||
		    config_setting_length(items) < 1 ||
		    config_setting_length(items) > MENU_MAX_ITEMS)
			return cfg_err(c, items, "'%s.items' must be a list of "
			    "1 to %d groups", path, MENU_MAX_ITEMS);
		n->items = xcalloc((size_t)config_setting_length(items),
		    sizeof(*n->items));
		for (i = 0; i < config_setting_length(items); i++) {
			char sub[192];

			snprintf(sub, sizeof(sub), "%s.items[%d]", path, i);
			n->n_items = (size_t)i + 1;
			if (menu_node_parse(c, config_setting_get_elem(items,
			    (unsigned)i), &n->items[i], sub, depth + 1) != 0)
				return -1;
		}
	}
	if (n->n_items == 0 && n->action == NULL && n->text == NULL)
		return cfg_err(c, s, "'%s' has no items, no action and no text",
		    path);
	if (n->n_items > 0 && (n->action != NULL || n->text != NULL))
		return cfg_err(c, s, "'%s' has items and also an action or "
		    "text; give it one of them", path);
	{
		struct strbuf sb = STRBUF_INIT;
		size_t chars;

		if (n->n_items > 0)
			menu_screen(n, &sb);
		else
			sb_adds(&sb, n->text ? n->text : n->prompt ?
			    n->prompt : "");
		chars = utf8_chars(sb_str(&sb));
		sb_free(&sb);
		if (chars + (n->n_items ? MENU_NOTICE_ROOM : 0) >
		    USSD_SCREEN_MAX)
			return cfg_err(c, s, "the screen of '%s' is %zu "
			    "characters; a USSD screen holds %d%s", path, chars,
			    USSD_SCREEN_MAX, n->n_items ? " with room for a "
			    "notice" : "");
	}
	return 0;
}

int
custom_menu(struct cctx *c, config_setting_t *s, void *base,
    const struct key *k)
{
	struct gw_config *cfg = base;

	(void)k;
	cfg->menu = xcalloc(1, sizeof(*cfg->menu));
	return menu_node_parse(c, s, cfg->menu, "ussd.menu", 0);
}

void
config_menu_free(struct gw_config *cfg)
{
	if (cfg->menu != NULL) {
		menu_free(cfg->menu);
		free(cfg->menu);
		cfg->menu = NULL;
	}
}
