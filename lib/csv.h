/*
 * RFC 4180 CSV: reading records (quoted fields, doubled quotes, CRLF or
 * LF, line breaks inside quotes) and writing fields quoted where needed.
 */
#ifndef KABAR_CSV_H
#define KABAR_CSV_H

#include <stdio.h>

#define CSV_MAX_FIELDS 16
#define CSV_MAX_RECORD 8192

struct csv_record {
	char	*field[CSV_MAX_FIELDS];	/* point into buf */
	int	 n;
	char	 buf[CSV_MAX_RECORD];
	int	 line;			/* where the record started */
};

/* 0 and a record, 1 at the end, -1 on a malformed or oversized record. */
int	csv_read(FILE *f, struct csv_record *r, int *line);
/* The same with another separator (';'). */
int	csv_read_sep(FILE *f, struct csv_record *r, int *line, char sep);
void	csv_write_field(FILE *f, const char *s, int last);
/* The same onto a buffer (NULL is an empty field). */
struct strbuf;
void	csv_sb_field(struct strbuf *sb, const char *s, int last);
/* The same for text people wrote: a cell a spreadsheet would take for a
 * formula (=, +, -, @, a tab or CR first) is given a leading '. */
void	csv_sb_text(struct strbuf *sb, const char *s, int last);

#endif
