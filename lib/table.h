/*
 * An aligned text table for a person at a terminal: a header line, one
 * line a row, columns padded to their widest cell (counted in characters,
 * not bytes: village names carry UTF-8), two spaces between them, "-"
 * for a missing cell. Rows are kept until table_print, which measures.
 */
#ifndef KABAR_TABLE_H
#define KABAR_TABLE_H

#include <stdio.h>

struct table;

/* headers: ncols column names; borrowed until table_free. */
struct table *table_new(size_t ncols, const char *const *headers);
/* A row of ncols cells (NULL for none), copied. */
void	table_row(struct table *t, const char *const *cells);
/* The table to f; without rows, its header and then the line empty
 * (nothing when NULL). */
void	table_print(const struct table *t, FILE *f, const char *empty);
void	table_free(struct table *t);
/* One cell padded to width characters and two spaces, or the line's end
 * when it is the last: for listings that measure their own columns. */
void	table_cell(FILE *f, const char *s, size_t width, int last);

#endif
