/*
 * The menu walk. "0" goes back, "00" to the top, a wrong digit shows the
 * same screen with a short notice. An action collects its inputs, one a
 * screen, and runs the SMS handler with them on the last.
 */
#include "ussd_menu.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "poll.h"
#include "survey.h"
#include "smstext.h"

#define MAX_DEPTH 8
#define MAX_INPUTS 32
#define INPUT_MAX 161

struct walk {
	const struct menu_node	*stack[MAX_DEPTH];
	int			 depth;		/* stack[depth] is current */
	const struct menu_node	*act;		/* action in progress */
	char			 in[MAX_INPUTS][INPUT_MAX];
	int			 n_in;
	int			 wrong;		/* last input was not valid */
	int			 page;		/* of a list being chosen from */
};

/* Inputs an action needs before it runs. */
static int
inputs_needed(const struct menu_node *act)
{
	if (strcmp(act->action, "register") == 0 ||
	    strcmp(act->action, "poll") == 0)
		return 2;
	if (strcmp(act->action, "info") == 0)
		return 0;
	if (strcmp(act->action, "survey") == 0)
		return -1;	/* as many as it has questions */
	return 1;
}

static void
end_with_reply(struct reply *r, struct strbuf *out)
{
	sb_adds(out, sb_str(&r->text));
	sb_free(&r->text);
}

/* Items a list screen pages through, PAGE at a time. */
#define LIST_MAX 32
#define PAGE 8
#define MORE "9"

struct list {
	char	item[LIST_MAX][24];
	int	n;
};

/* The open polls (step 0 of a poll) or the groups (step 1 of register). */
static int
list_for(struct svc *ctx, const struct menu_node *act, int step,
    struct list *l)
{
	char all[LIST_MAX * 24];
	const char *p = all;
	size_t i;

	l->n = 0;
	if (strcmp(act->action, "register") == 0 && step == 1) {
		for (i = 0; i < ctx->cfg->n_groups && l->n < LIST_MAX; i++)
			snprintf(l->item[l->n++], 24, "%s",
			    ctx->cfg->groups[i]);
		return 1;
	}
	if (strcmp(act->action, "poll") != 0 || step != 0)
		return 0;
	if (db_poll_codes(ctx->db, ctx->now, LIST_MAX, all, sizeof(all)) != 0)
		return -1;
	while (*p != '\0' && l->n < LIST_MAX) {
		size_t len = strcspn(p, ", ");

		if (len > 0 && !(len == 1 && *p == '-'))
			snprintf(l->item[l->n++], 24, "%.*s", (int)len, p);
		p += len;
		p += strspn(p, ", ");
	}
	return 1;
}

static void
list_screen(struct svc *ctx, const char *title, const struct list *l,
    int page, struct strbuf *out)
{
	int i;

	sb_adds(out, title);
	for (i = page * PAGE; i < l->n && i < (page + 1) * PAGE; i++)
		sb_addf(out, "\n%d. %s", i - page * PAGE + 1, l->item[i]);
	if (l->n > (page + 1) * PAGE)
		sb_addf(out, "\n%s. %s", MORE,
		    ctx->cfg->replies.text[R_MENU_MORE]);
}

/* Run the action with its inputs; the screen is its reply (END). */
static int
run_action(struct svc *ctx, struct walk *w, struct strbuf *out)
{
	struct reply r = { STRBUF_INIT };
	const char *a = w->act->action;
	int rc = 0;

	if (strcmp(a, "status") == 0)
		rc = h_check(ctx, w->in[0], &r);
	else if (strcmp(a, "complaint") == 0)
		rc = h_complaint(ctx, w->in[0], &r);
	else if (strcmp(a, "register") == 0) {
		struct strbuf args = STRBUF_INIT;
		long g;

		sb_adds(&args, w->in[0]);
		if (parse_long(w->in[1], 1, (long)ctx->cfg->n_groups, &g) == 0)
			sb_addf(&args, " #%s", ctx->cfg->groups[g - 1]);
		rc = h_register(ctx, sb_str(&args), &r);
		sb_free(&args);
	} else if (strcmp(a, "poll") == 0) {
		struct list l;
		long k;

		rc = list_for(ctx, w->act, 0, &l) < 0 ? -1 : 0;
		if (rc == 0 && parse_long(w->in[0], 1, l.n, &k) == 0)
			rc = poll_vote(ctx, l.item[k - 1], w->in[1], &r);
		else if (rc == 0)
			reply_set(ctx, &r, R_VOTE_USAGE, "codes", "-", NULL);
	}
	if (rc == 0)
		end_with_reply(&r, out);
	sb_free(&r.text);
	return rc;
}

/* A poll asks first which open poll, then which of its options. */
static int
poll_prompt(struct svc *ctx, struct walk *w, struct strbuf *out)
{
	struct poll p = { 0 };
	struct list l;
	json_t *opts, *v;
	size_t i;
	long k;

	if (list_for(ctx, w->act, 0, &l) < 0)
		return -1;
	if (w->n_in == 0) {
		list_screen(ctx, ctx->cfg->replies.text[R_MENU_POLLS], &l,
		    w->page, out);
		return 0;
	}
	if (parse_long(w->in[0], 1, l.n, &k) != 0 ||
	    db_poll_get(ctx->db, l.item[k - 1], &p) != 0) {
		sb_adds(out, ctx->cfg->replies.text[R_MENU_NO_POLL]);
		return 0;
	}
	sb_adds(out, p.question);
	opts = json_loads(p.options, 0, NULL);
	json_array_foreach(opts, i, v)
		sb_addf(out, "\n%zu. %s", i + 1, json_string_value(v));
	json_decref(opts);
	poll_clear(&p);
	return 0;
}

/* The screen asking for the action's next input. */
static int
action_prompt(struct svc *ctx, struct walk *w, struct strbuf *out)
{
	const char *const *text = ctx->cfg->replies.text;
	const char *a = w->act->action;

	if (strcmp(a, "poll") == 0)
		return poll_prompt(ctx, w, out);
	if (strcmp(a, "register") == 0 && w->n_in == 1) {
		struct list l;

		list_for(ctx, w->act, 1, &l);
		list_screen(ctx, text[R_MENU_GROUPS], &l, w->page, out);
		return 0;
	}
	if (w->act->prompt != NULL)
		sb_adds(out, w->act->prompt);
	else if (strcmp(a, "status") == 0)
		sb_adds(out, text[R_MENU_TICKET]);
	else if (strcmp(a, "complaint") == 0)
		sb_adds(out, text[R_MENU_COMPLAINT]);
	else
		sb_adds(out, text[R_MENU_NAME]);
	return 0;
}

/* What one input did to the walk. */
enum {
	STEP_ON = 0,		/* read the next input */
	STEP_ERR = -1,		/* a list could not be read: roll back */
	STEP_FULL = -2		/* the action holds all it can: stop */
};

/*
 * Copy the input at p into tok, a long one cut on a character boundary.
 * Returns where the next input starts, or NULL after the last one.
 */
static const char *
input_cut(const char *p, char *tok)
{
	size_t len = strcspn(p, "*"), keep = len;

	if (keep >= INPUT_MAX) {
		keep = INPUT_MAX - 1;
		while (keep > 0 && ((unsigned char)p[keep] & 0xC0) == 0x80)
			keep--;
	}
	snprintf(tok, INPUT_MAX, "%.*s", (int)keep, p);
	return p[len] == '*' ? p + len + 1 : NULL;
}

/* A digit on a menu screen: into a submenu, or onto a leaf. */
static void
menu_choice(struct walk *w, const char *tok)
{
	const struct menu_node *cur = w->stack[w->depth];
	long k;

	if (parse_long(tok, 1, (long)cur->n_items, &k) != 0)
		w->wrong = 1;
	else if (cur->items[k - 1].n_items > 0 && w->depth + 1 < MAX_DEPTH)
		w->stack[++w->depth] = &cur->items[k - 1];
	else {
		w->act = &cur->items[k - 1];
		w->n_in = 0;
	}
}

/*
 * An input for the action in progress. On a list screen a digit picks
 * from the page shown, and "9" turns the page where there is another.
 */
static int
action_input(struct svc *ctx, struct walk *w, const char *tok)
{
	struct list l;
	long k;
	int is_list = list_for(ctx, w->act, w->n_in, &l);

	if (is_list < 0)
		return STEP_ERR;
	if (w->n_in == MAX_INPUTS)
		return STEP_FULL;
	if (is_list && strcmp(tok, MORE) == 0 && l.n > (w->page + 1) * PAGE) {
		w->page++;	/* the next page, not a choice */
		return STEP_ON;
	}
	if (is_list && parse_long(tok, 1, PAGE, &k) == 0)
		snprintf(w->in[w->n_in++], INPUT_MAX, "%ld",
		    k + (long)w->page * PAGE);
	else
		snprintf(w->in[w->n_in++], INPUT_MAX, "%s", tok);
	w->page = 0;
	return STEP_ON;
}

/* One input: "00" to the top, "0" back (unless it is an action's input). */
static int
walk_input(struct svc *ctx, struct walk *w, const char *tok)
{
	w->wrong = 0;
	if (strcmp(tok, "00") == 0) {
		w->depth = 0;
		w->act = NULL;
	} else if (strcmp(tok, "0") == 0 && (w->act == NULL ||
	    w->n_in == 0)) {
		if (w->act != NULL)
			w->act = NULL;
		else if (w->depth > 0)
			w->depth--;
	} else if (w->act != NULL)
		return action_input(ctx, w, tok);
	else
		menu_choice(w, tok);
	return STEP_ON;
}

/* A leaf with no action, or an info one, shows its text and ends. */
static int
shows_text(const struct menu_node *n)
{
	return n->action == NULL || strcmp(n->action, "info") == 0;
}

/* The walk ends at a text leaf or at an action with all it needs. */
static int
walk_done(const struct walk *w)
{
	if (w->act == NULL)
		return 0;
	return shows_text(w->act) || w->n_in == inputs_needed(w->act);
}

/* The last screen of a finished walk (END). */
static int
done_screen(struct svc *ctx, struct walk *w, struct strbuf *out)
{
	if (shows_text(w->act)) {
		sb_adds(out, w->act->text ? w->act->text : w->act->title);
		return 0;
	}
	return run_action(ctx, w, out);
}

/* A survey asks its questions in turn and may end the session itself. */
static int
survey_screen(struct svc *ctx, struct walk *w, struct strbuf *out, int *end)
{
	struct reply r = { STRBUF_INIT };
	int rc = survey_walk(ctx, w->act->survey, w->in[0], w->n_in,
	    INPUT_MAX, &r, end);

	if (rc == 0)
		sb_adds(out, sb_str(&r.text));
	sb_free(&r.text);
	return rc;
}

/* The screen the walk stopped at, asking for the next input. */
static int
walk_screen(struct svc *ctx, struct walk *w, struct strbuf *out, int *end)
{
	const char *const *text = ctx->cfg->replies.text;

	if (w->act != NULL && strcmp(w->act->action, "survey") == 0)
		return survey_screen(ctx, w, out, end);
	if (w->act != NULL)
		return action_prompt(ctx, w, out);
	if (w->wrong)
		sb_addf(out, "%s\n", text[R_MENU_WRONG]);
	menu_screen(w->stack[w->depth], out);
	if (w->depth > 0)
		sb_addf(out, "\n0. %s", text[R_MENU_BACK]);
	return 0;
}

int
ussd_walk(struct svc *ctx, const char *text, struct strbuf *out, int *end)
{
	struct walk w;
	char tok[INPUT_MAX];
	const char *p;

	memset(&w, 0, sizeof(w));
	*end = 0;
	if (ctx->cfg->menu == NULL) {
		sb_adds(out, ctx->cfg->replies.text[R_MENU_NONE]);
		*end = 1;
		return 0;
	}
	w.stack[0] = ctx->cfg->menu;
	/* "" holds no input; "1*" holds two, "1" and "". */
	p = text[0] != '\0' ? text : NULL;
	while (p != NULL) {
		int step;

		p = input_cut(p, tok);
		step = walk_input(ctx, &w, tok);
		if (step == STEP_ERR)
			return -1;
		if (step == STEP_FULL)
			break;
		if (walk_done(&w)) {
			*end = 1;
			return done_screen(ctx, &w, out);
		}
	}
	return walk_screen(ctx, &w, out, end);
}
