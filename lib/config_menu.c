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

#define MENU_MAX_ITEMS 9
#define MENU_MAX_DEPTH 6

static const char *const menu_actions[] = { "status", "complaint", "poll",
    "register", "survey", "info", NULL };

static int menu_node_parse(struct cctx *c, config_setting_t *s,
    struct menu_node *n, const char *path, int depth);

/* 1 when s is one of the NULL-terminated list. */
static int
listed(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

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

/* A misspelt key would otherwise be ignored without a word. */
static int
menu_check_keys(struct cctx *c, config_setting_t *s, const char *path)
{
	static const char *const known[] = { "title", "items", "action",
	    "text", "prompt", "survey", NULL };
	int i, len = config_setting_length(s);

	for (i = 0; i < len; i++) {
		config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		const char *name = config_setting_name(e);

		if (!listed(known, name))
			return cfg_err(c, e, "unknown key '%s.%s'", path, name);
	}
	return 0;
}

/* Copy the string key of s into *out; absent leaves *out NULL. */
static int
menu_string(struct cctx *c, config_setting_t *s, const char *key,
    const char *path, char **out)
{
	const char *v;

	if (config_setting_lookup_string(s, key, &v) == CONFIG_TRUE)
		*out = xstrdup(v);
	else if (config_setting_get_member(s, key) != NULL)
		return cfg_err(c, config_setting_get_member(s, key),
		    "'%s.%s' must be a string", path, key);
	return 0;
}

static int
menu_check_action(struct cctx *c, config_setting_t *s,
    const struct menu_node *n, const char *path)
{
	if (n->action == NULL)
		return 0;
	if (!listed(menu_actions, n->action))
		return cfg_err(c, s, "'%s.action' must be status, complaint, "
		    "poll, register, survey or info", path);
	if (strcmp(n->action, "survey") == 0 && n->survey == NULL)
		return cfg_err(c, s, "'%s' needs survey = \"CODE\" for its "
		    "survey action", path);
	return 0;
}

static int
menu_parse_items(struct cctx *c, config_setting_t *s, struct menu_node *n,
    const char *path, int depth)
{
	config_setting_t *items = config_setting_get_member(s, "items");
	int i, len;

	if (items == NULL)
		return 0;
	len = config_setting_length(items);
	if (config_setting_type(items) != CONFIG_TYPE_LIST || len < 1 ||
	    len > MENU_MAX_ITEMS)
		return cfg_err(c, items, "'%s.items' must be a list of 1 to %d "
		    "groups", path, MENU_MAX_ITEMS);
	n->items = xcalloc((size_t)len, sizeof(*n->items));
	for (i = 0; i < len; i++) {
		char sub[192];

		snprintf(sub, sizeof(sub), "%s.items[%d]", path, i);
		n->n_items = (size_t)i + 1;
		if (menu_node_parse(c, config_setting_get_elem(items,
		    (unsigned)i), &n->items[i], sub, depth + 1) != 0)
			return -1;
	}
	return 0;
}

/* A node either leads to more items or ends in an action or a text. */
static int
menu_check_kind(struct cctx *c, config_setting_t *s,
    const struct menu_node *n, const char *path)
{
	if (n->n_items == 0 && n->action == NULL && n->text == NULL)
		return cfg_err(c, s, "'%s' has no items, no action and no text",
		    path);
	if (n->n_items > 0 && (n->action != NULL || n->text != NULL))
		return cfg_err(c, s, "'%s' has items and also an action or "
		    "text; give it one of them", path);
	return 0;
}

/*
 * Better refused at start-up than cut short on a resident's phone. A menu
 * is measured as the walk shows it at its longest: after a wrong digit,
 * with the notice above and "0. Back" below, in the operator's words.
 */
static int
menu_check_screen(struct cctx *c, config_setting_t *s,
    const struct menu_node *n, const char *path, int depth)
{
	const char *const *text = c->cfg->replies.text;
	struct strbuf sb = STRBUF_INIT;
	size_t chars;

	if (n->n_items > 0) {
		sb_addf(&sb, "%s\n", text[R_MENU_WRONG]);
		menu_screen(n, &sb);
		if (depth > 0)
			sb_addf(&sb, "\n0. %s", text[R_MENU_BACK]);
	} else
		sb_adds(&sb, n->text ? n->text : n->prompt ? n->prompt : "");
	chars = utf8_chars(sb_str(&sb));
	sb_free(&sb);
	if (chars > USSD_SCREEN_MAX)
		return cfg_err(c, s, "the screen of '%s' is %zu characters%s; "
		    "a USSD screen holds %d", path, chars, n->n_items == 0 ?
		    "" : depth > 0 ? " with replies.menu_wrong and "
		    "replies.menu_back" : " with replies.menu_wrong",
		    USSD_SCREEN_MAX);
	return 0;
}

static int
menu_node_parse(struct cctx *c, config_setting_t *s, struct menu_node *n,
    const char *path, int depth)
{
	if (config_setting_type(s) != CONFIG_TYPE_GROUP)
		return cfg_err(c, s, "'%s' must be a group, like { title = ...; }",
		    path);
	if (depth > MENU_MAX_DEPTH)
		return cfg_err(c, s, "'%s' is nested too deep", path);
	if (menu_check_keys(c, s, path) != 0 ||
	    menu_string(c, s, "title", path, &n->title) != 0 ||
	    menu_string(c, s, "action", path, &n->action) != 0 ||
	    menu_string(c, s, "text", path, &n->text) != 0 ||
	    menu_string(c, s, "prompt", path, &n->prompt) != 0 ||
	    menu_string(c, s, "survey", path, &n->survey) != 0)
		return -1;
	if (n->title == NULL || n->title[0] == '\0')
		return cfg_err(c, s, "'%s' needs a title that is not empty",
		    path);
	if (menu_check_action(c, s, n, path) != 0 ||
	    menu_parse_items(c, s, n, path, depth) != 0 ||
	    menu_check_kind(c, s, n, path) != 0 ||
	    menu_check_screen(c, s, n, path, depth) != 0)
		return -1;
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
