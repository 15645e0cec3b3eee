/*
 * Shared by the campaign files alone: the rows of a query copied out,
 * for reading a whole answer before writing (a connection runs one
 * statement at a time) or before building JSON from it.
 */
#ifndef KABAR_DISTRICT_CAMP_INT_H
#define KABAR_DISTRICT_CAMP_INT_H

#include <stddef.h>

struct drows {
	char	**v;		/* n rows of cols values, NULL for SQL NULL */
	size_t	  n;
	int	  cols;		/* set by the first row */
};

/* A dsql_row_fn: arg is a struct drows (zeroed at first). */
int	drows_add(void *arg, int ncols, const char *const *vals);
/* Row r's column c, or NULL. */
const char *drows_get(const struct drows *rows, size_t r, int c);
void	drows_free(struct drows *rows);

#endif
