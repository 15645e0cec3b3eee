/*
 * Aligned text tables (table.h).
 */
#include "table.h"

#include <stdlib.h>
#include <string.h>

#include "smstext.h"
#include "util.h"

struct table {
	size_t			 ncols;
	const char *const	*headers;
	char			**cells;	/* rows * ncols, owned */
	size_t			 n, cap;
};

struct table *
table_new(size_t ncols, const char *const *headers)
{
	struct table *t = xcalloc(1, sizeof(*t));

	t->ncols = ncols;
	t->headers = headers;
	return t;
}

void
table_row(struct table *t, const char *const *cells)
{
	size_t k;

	if (t->n + t->ncols > t->cap) {
		t->cap = (t->n + t->ncols) * 2;
		t->cells = xrealloc(t->cells, t->cap * sizeof(*t->cells));
	}
	for (k = 0; k < t->ncols; k++)
		t->cells[t->n++] = xstrdup(cells[k] != NULL && cells[k][0] !=
		    '\0' ? cells[k] : "-");
}

void
table_cell(FILE *f, const char *s, size_t width, int last)
{
	size_t pad = width - utf8_chars(s);

	fputs(s, f);
	if (last) {
		fputc('\n', f);
		return;
	}
	while (pad-- > 0)
		fputc(' ', f);
	fputs("  ", f);
}

void
table_print(const struct table *t, FILE *f, const char *empty)
{
	size_t *width = xcalloc(t->ncols, sizeof(*width)), k, r;

	for (k = 0; k < t->ncols; k++)
		width[k] = utf8_chars(t->headers[k]);
	for (r = 0; r < t->n; r++)
		if (utf8_chars(t->cells[r]) > width[r % t->ncols])
			width[r % t->ncols] = utf8_chars(t->cells[r]);
	for (k = 0; k < t->ncols; k++)
		table_cell(f, t->headers[k], width[k], k == t->ncols - 1);
	for (r = 0; r < t->n; r++)
		table_cell(f, t->cells[r], width[r % t->ncols],
		    r % t->ncols == t->ncols - 1);
	if (t->n == 0 && empty != NULL)
		fprintf(f, "%s\n", empty);
	free(width);
}

void
table_free(struct table *t)
{
	size_t r;

	if (t == NULL)
		return;
	for (r = 0; r < t->n; r++)
		free(t->cells[r]);
	free(t->cells);
	free(t);
}
