/*
 * A small CSV reader and writer for resident lists and exports. Fields
 * are split by a comma, or by the semicolon that a spreadsheet set to
 * Indonesian (where the comma is the decimal mark) writes.
 */
#include "csv.h"

#include <string.h>

#include "util.h"

int
csv_read(FILE *f, struct csv_record *r, int *line)
{
	return csv_read_sep(f, r, line, ',');
}

int
csv_read_sep(FILE *f, struct csv_record *r, int *line, char sep)
{
	size_t len = 0;
	int c, quoted = 0, at_start = 1, any = 0;

	r->n = 0;
	r->line = *line + 1;
	r->field[r->n++] = r->buf;
	while ((c = fgetc(f)) != EOF) {
		any = 1;
		if (quoted) {
			if (c == '"') {
				int d = fgetc(f);

				if (d != '"') {
					quoted = 0;
					if (d != EOF)
						ungetc(d, f);
					continue;
				}
			} else if (c == '\n')
				(*line)++;
		} else if (c == '"' && at_start) {
			quoted = 1;
			at_start = 0;
			continue;
		} else if (c == sep) {
			if (len + 1 >= sizeof(r->buf) || r->n >= CSV_MAX_FIELDS)
				return -1;
			r->buf[len++] = '\0';
			r->field[r->n++] = r->buf + len;
			at_start = 1;
			continue;
		} else if (c == '\r') {
			continue;
		} else if (c == '\n') {
			(*line)++;
			break;
		}
		at_start = 0;
		if (len + 1 >= sizeof(r->buf))
			return -1;
		r->buf[len++] = (char)c;
	}
	if (!any)
		return 1;
	if (quoted)
		return -1;
	r->buf[len] = '\0';
	if (c == EOF)
		(*line)++;
	return 0;
}

void
csv_write_field(FILE *f, const char *s, int last)
{
	if (s == NULL)
		s = "";
	if (strpbrk(s, ",;\"\r\n") != NULL) {
		fputc('"', f);
		for (; *s != '\0'; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else
		fputs(s, f);
	fputs(last ? "\r\n" : ",", f);
}

void
csv_sb_field(struct strbuf *sb, const char *s, int last)
{
	if (s == NULL)
		s = "";
	if (strpbrk(s, ",\"\r\n") != NULL) {
		sb_addc(sb, '"');
		for (; *s != '\0'; s++) {
			if (*s == '"')
				sb_addc(sb, '"');
			sb_addc(sb, *s);
		}
		sb_addc(sb, '"');
	} else
		sb_adds(sb, s);
	sb_adds(sb, last ? "\r\n" : ",");
}

void
csv_sb_text(struct strbuf *sb, const char *s, int last)
{
	struct strbuf guarded = STRBUF_INIT;

	if (s == NULL || s[0] == '\0' || strchr("=+-@\t\r", s[0]) == NULL) {
		csv_sb_field(sb, s, last);
		return;
	}
	sb_addc(&guarded, '\'');
	sb_adds(&guarded, s);
	csv_sb_field(sb, sb_str(&guarded), last);
	sb_free(&guarded);
}
