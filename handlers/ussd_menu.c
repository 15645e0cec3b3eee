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

static int en(struct svc *ctx)
{
	return strcmp(ctx->cfg->language, "en") == 0;
}

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
		sb_addf(out, "\n%s. %s", MORE, en(ctx) ? "More" : "Lagi");
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

/* The screen asking for the action's next input. */
static int
action_prompt(struct svc *ctx, struct walk *w, struct strbuf *out)
{
	const char *a = w->act->action;
	size_t i;

	if (strcmp(a, "poll") == 0) {
		struct list l;

		if (list_for(ctx, w->act, 0, &l) < 0)
			return -1;
		if (w->n_in == 0) {
			list_screen(ctx, en(ctx) ? "Choose a poll:" :
			    "Pilih polling:", &l, w->page, out);
			return 0;
		}
		{
			struct poll p = { 0 };
			long k;
			json_t *opts, *v;

			if (parse_long(w->in[0], 1, l.n, &k) != 0 ||
			    db_poll_get(ctx->db, l.item[k - 1], &p) != 0) {
				sb_adds(out, en(ctx) ? "No such poll." :
				    "Polling tidak ada.");
				return 0;
			}
			sb_adds(out, p.question);
			opts = json_loads(p.options, 0, NULL);
			json_array_foreach(opts, i, v)
				sb_addf(out, "\n%zu. %s", i + 1,
				    json_string_value(v));
			json_decref(opts);
			poll_clear(&p);
		}
		return 0;
	}
	if (strcmp(a, "register") == 0 && w->n_in == 1) {
		struct list l;

		list_for(ctx, w->act, 1, &l);
		list_screen(ctx, en(ctx) ? "Your group:" : "Grup Anda:", &l,
		    w->page, out);
		return 0;
	}
	if (w->act->prompt != NULL)
		sb_adds(out, w->act->prompt);
	else if (strcmp(a, "status") == 0)
		sb_adds(out, en(ctx) ? "Ticket number:" : "Nomor tiket:");
	else if (strcmp(a, "complaint") == 0)
		sb_adds(out, en(ctx) ? "Your complaint:" : "Tulis aduan Anda:");
	else
		sb_adds(out, en(ctx) ? "Your name:" : "Nama Anda:");
	return 0;
}

int
ussd_walk(struct svc *ctx, const char *text, struct strbuf *out, int *end)
{
	struct walk w;
	const struct menu_node *root = ctx->cfg->menu;
	const char *p = text;

	memset(&w, 0, sizeof(w));
	*end = 0;
	if (root == NULL) {
		sb_adds(out, en(ctx) ? "No menu here. Send HELP by SMS." :
		    "Menu belum tersedia. Kirim INFO lewat SMS.");
		*end = 1;
		return 0;
	}
	w.stack[0] = root;
	while (*p != '\0' || p != text) {
		char tok[INPUT_MAX];
		size_t len = strcspn(p, "*");

		size_t keep = len;

		if (*p == '\0' && p == text)
			break;
		/* A long input is cut on a character boundary. */
		if (keep >= INPUT_MAX) {
			keep = INPUT_MAX - 1;
			while (keep > 0 && ((unsigned char)p[keep] & 0xC0) ==
			    0x80)
				keep--;
		}
		snprintf(tok, sizeof(tok), "%.*s", (int)keep, p);
		p += len;
		w.wrong = 0;
		if (strcmp(tok, "00") == 0) {
			w.depth = 0;
			w.act = NULL;
		} else if (strcmp(tok, "0") == 0 && (w.act == NULL ||
		    w.n_in == 0)) {
			if (w.act != NULL)
				w.act = NULL;
			else if (w.depth > 0)
				w.depth--;
		} else if (w.act != NULL) {
			struct list l;
			long k;
			int is_list = list_for(ctx, w.act, w.n_in, &l);

			if (is_list < 0)
				return -1;
			if (w.n_in == MAX_INPUTS)
				break;
			if (is_list && strcmp(tok, MORE) == 0 &&
			    l.n > (w.page + 1) * PAGE) {
				w.page++;	/* the next page, not a choice */
			} else if (is_list && parse_long(tok, 1, PAGE, &k) == 0) {
				snprintf(w.in[w.n_in++], INPUT_MAX, "%ld",
				    k + (long)w.page * PAGE);
				w.page = 0;
			} else {
				snprintf(w.in[w.n_in++], INPUT_MAX, "%s", tok);
				w.page = 0;
			}
		} else {
			const struct menu_node *cur = w.stack[w.depth];
			long k;

			if (parse_long(tok, 1, (long)cur->n_items, &k) != 0)
				w.wrong = 1;
			else if (cur->items[k - 1].n_items > 0 &&
			    w.depth + 1 < MAX_DEPTH)
				w.stack[++w.depth] = &cur->items[k - 1];
			else {
				w.act = &cur->items[k - 1];
				w.n_in = 0;
			}
		}
		/* A leaf that shows text, or an action with all it needs. */
		if (w.act != NULL && (w.act->action == NULL ||
		    strcmp(w.act->action, "info") == 0)) {
			sb_adds(out, w.act->text ? w.act->text : w.act->title);
			*end = 1;
			return 0;
		}
		if (w.act != NULL && w.n_in == inputs_needed(w.act)) {
			*end = 1;
			return run_action(ctx, &w, out);
		}
		if (*p == '*')
			p++;
		else
			break;
	}
	if (w.act != NULL && strcmp(w.act->action, "survey") == 0) {
		struct reply r = { STRBUF_INIT };
		int rc = survey_walk(ctx, w.act->survey, w.in[0], w.n_in,
		    INPUT_MAX, &r, end);

		if (rc == 0)
			sb_adds(out, sb_str(&r.text));
		sb_free(&r.text);
		return rc;
	}
	if (w.act != NULL)
		return action_prompt(ctx, &w, out);
	if (w.wrong)
		sb_adds(out, en(ctx) ? "Wrong choice, try again.\n" :
		    "Pilihan salah, coba lagi.\n");
	menu_screen(w.stack[w.depth], out);
	if (w.depth > 0)
		sb_adds(out, en(ctx) ? "\n0. Back" : "\n0. Kembali");
	return 0;
}
