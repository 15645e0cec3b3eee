/*
 * How kabar shows a listing. Text mode is for a person at a terminal:
 * column headers in the tool's language, one line a record (a text's
 * line breaks become " / "), columns aligned, and every time in the
 * gateway's time zone with its abbreviation ("2026-12-01 22:37 WIB").
 * The rows are kept until listing_end() so the columns can be measured.
 * --json is for scripts: one object a line, times as the store's
 * ISO-8601 UTC, untouched.
 */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "smstext.h"
#include "table.h"
#include "util.h"

/* Headers in Bahasa Indonesia; English ones are the names in capitals. */
static const char *const labels_id[][2] = {
	{ "id", "ID" }, { "received_at", "DITERIMA" }, { "from", "DARI" },
	{ "name", "NAMA" }, { "state", "KEADAAN" }, { "text", "TEKS" },
	{ "created_at", "DIBUAT" }, { "to", "KEPADA" }, { "status", "STATUS" },
	{ "parts", "BAGIAN" }, { "phone", "NOMOR" }, { "group", "GRUP" },
	{ "registered_at", "TERDAFTAR" }, { "opted_out_at", "BERHENTI" },
	{ "ticket", "TIKET" }, { "updated_at", "DIUBAH" },
	{ "category", "KATEGORI" }, { "note", "CATATAN" },
	{ "code", "KODE" }, { "votes", "SUARA" }, { "closes_at", "DITUTUP" },
	{ "question", "PERTANYAAN" }, { "option", "PILIHAN" },
	{ "count", "JUMLAH" }, { "percent", "PERSEN" }, { "what", "APA" },
	{ "signal", "SINYAL %" }, { "registration", "JARINGAN" },
	{ "operator", "OPERATOR" }, { "balance", "PULSA Rp" },
	{ "changed_at", "SEJAK" }, { "last_error", "GALAT TERAKHIR" },
	{ "backlog", "MENUNGGU" }, { "oldest", "TERLAMA" },
	{ "set_aside", "DISISIHKAN" }, { "last_success", "TERAKHIR BERHASIL" },
	{ "next_attempt", "COBA LAGI" }, { "seq", "NO" }, { "type", "JENIS" },
	{ "at", "WAKTU" }, { "reason", "ALASAN" }, { "counter", "LOKET" },
	{ "number", "NOMOR ANTRE" }, { "service", "LAYANAN" },
	{ "average", "RATA-RATA" }, { "letter", "SURAT" },
	{ "title", "JUDUL" }, { "questions", "PERTANYAAN" },
	{ "responses", "JAWABAN" }, { "command", "PERINTAH" },
	{ "allowed", "DIIZINKAN" }, { "detail", "KETERANGAN" },
	{ "sent_at", "TERKIRIM" }, { "kind", "JENIS" }, { "tries", "COBA" },
	{ "options", "PILIHAN" }, { "public_results", "HASIL TERBUKA" },
};

static const char *const labels_en[][2] = {
	{ "signal", "SIGNAL %" }, { "registration", "NETWORK" },
	{ "balance", "CREDIT Rp" }, { "changed_at", "SINCE" },
	{ "received_at", "RECEIVED" }, { "created_at", "CREATED" },
	{ "updated_at", "UPDATED" }, { "registered_at", "REGISTERED" },
	{ "opted_out_at", "OPTED OUT" }, { "closes_at", "CLOSES" },
	{ "last_success", "LAST SUCCESS" }, { "next_attempt", "NEXT TRY" },
	{ "set_aside", "SET ASIDE" }, { "last_error", "LAST ERROR" },
	{ "backlog", "WAITING" }, { "sent_at", "SENT" },
	{ "public_results", "PUBLIC" },
};

static void
label(const struct listing *l, const char *name, char *out, size_t outsz)
{
	size_t i;

	if (l->en) {
		for (i = 0; i < ARRAY_LEN(labels_en); i++)
			if (strcmp(labels_en[i][0], name) == 0) {
				strlcpy_k(out, labels_en[i][1], outsz);
				return;
			}
	} else {
		for (i = 0; i < ARRAY_LEN(labels_id); i++)
			if (strcmp(labels_id[i][0], name) == 0) {
				strlcpy_k(out, labels_id[i][1], outsz);
				return;
			}
	}
	strlcpy_k(out, name, outsz);
	for (i = 0; out[i] != '\0'; i++)
		out[i] = out[i] == '_' ? ' ' :
		    (char)toupper((unsigned char)out[i]);
}

int
cli_local_time(const char *iso, char *out, size_t outsz)
{
	int64_t t;
	time_t tt;
	struct tm tm;

	if (iso == NULL || strlen(iso) != 20 || iso[10] != 'T' ||
	    iso[19] != 'Z' || (t = parse_iso_time(iso)) < 0)
		return -1;
	tt = (time_t)t;
	if (localtime_r(&tt, &tm) == NULL ||
	    strftime(out, outsz, "%Y-%m-%d %H:%M %Z", &tm) == 0)
		return -1;
	return 0;
}

/* The cell as a person reads it: local time, one line. Caller frees. */
static char *
cell_text(const char *v)
{
	struct strbuf sb = STRBUF_INIT;
	char local[48];

	if (v == NULL)
		return xstrdup("-");
	if (cli_local_time(v, local, sizeof(local)) == 0)
		return xstrdup(local);
	for (; *v != '\0'; v++) {
		if (*v == '\r')
			continue;
		if (*v == '\n') {
			/* "a\n\nb" is one break, and none at the end */
			if (sb.len > 0 && v[1] != '\0' && v[1] != '\n' &&
			    v[1] != '\r')
				sb_adds(&sb, " / ");
		} else if (*v == '\t')
			sb_addc(&sb, ' ');
		else
			sb_addc(&sb, *v);
	}
	if (sb.len == 0)
		return xstrdup("-");
	return sb_detach(&sb);
}

static int
is_number_col(const char *name)
{
	static const char *const nums[] = { "id", "parts", "tries", "count",
	    "option", "votes", "public_results", "signal", "backlog", "seq",
	    "set_aside", "number", "allowed", "responses", "questions", NULL };
	const char *const *n;

	for (n = nums; *n != NULL; n++)
		if (strcmp(*n, name) == 0)
			return 1;
	return 0;
}

static void
print_json(int n, const char *const *names, const char *const *vals)
{
	json_t *o = json_object();
	char *s;
	int i;

	for (i = 0; i < n; i++) {
		json_t *v;

		if (vals[i] == NULL)
			v = json_null();
		else if (is_number_col(names[i]))
			v = json_integer(strtoll(vals[i], NULL, 10));
		else if (strcmp(names[i], "options") == 0 &&
		    vals[i][0] == '[')	/* stored as a JSON array */
			v = json_loads(vals[i], 0, NULL);
		else
			v = json_string(vals[i]);
		if (v == NULL)	/* not UTF-8: never expected */
			v = json_string("?");
		json_object_set_new(o, names[i], v);
	}
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	printf("%s\n", s);
	free(s);
	json_decref(o);
}

/*
 * An admin of the configuration is named there, not in the store: the
 * name beside a number that is no resident's.
 */
static const char *
admin_name(const struct listing *l, int n, const char *const *names,
    const char *const *vals)
{
	size_t a;
	int i;

	if (l->cfg == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (vals[i] == NULL || (strcmp(names[i], "phone") != 0 &&
		    strcmp(names[i], "from") != 0 && strcmp(names[i], "to") != 0))
			continue;
		for (a = 0; a < l->cfg->n_admins; a++)
			if (strcmp(l->cfg->admins[a].phone, vals[i]) == 0)
				return l->cfg->admins[a].name;
	}
	return NULL;
}

static size_t
n_columns(const struct listing *l)
{
	size_t n = 0;

	while (l->columns[n] != NULL)
		n++;
	return n;
}

int
cli_print_row(void *arg, int n, const char *const *names,
    const char *const *vals)
{
	struct listing *l = arg;
	size_t ncol, k;
	int i;

	l->rows++;
	if (l->json) {
		print_json(n, names, vals);
		return 0;
	}
	ncol = n_columns(l);
	if (l->ncells + ncol > l->cap) {
		l->cap = (l->ncells + ncol) * 2;
		l->cells = xrealloc(l->cells, l->cap * sizeof(char *));
	}
	for (k = 0; k < ncol; k++) {
		const char *v = NULL;

		for (i = 0; i < n; i++)
			if (strcmp(names[i], l->columns[k]) == 0)
				v = vals[i];
		if (v == NULL && strcmp(l->columns[k], "name") == 0)
			v = admin_name(l, n, names, vals);
		l->cells[l->ncells++] = cell_text(v);
	}
	return 0;
}

int
listing_end(struct listing *l)
{
	size_t ncol, k, r, *width;
	char **head;

	if (l->json || l->columns == NULL)
		return l->rows;
	ncol = n_columns(l);
	width = xcalloc(ncol, sizeof(*width));
	head = xcalloc(ncol, sizeof(*head));
	for (k = 0; k < ncol; k++) {
		char buf[64];

		if (l->headers != NULL)
			head[k] = xstrdup(l->headers[k]);
		else {
			label(l, l->columns[k], buf, sizeof(buf));
			head[k] = xstrdup(buf);
		}
		width[k] = utf8_chars(head[k]);
	}
	for (r = 0; r < l->ncells; r++) {
		size_t w = utf8_chars(l->cells[r]);

		if (w > width[r % ncol])
			width[r % ncol] = w;
	}
	for (k = 0; k < ncol; k++)
		table_cell(stdout, head[k], width[k], k == ncol - 1);
	for (r = 0; r < l->ncells; r++) {
		table_cell(stdout, l->cells[r], width[r % ncol],
		    r % ncol == ncol - 1);
		free(l->cells[r]);
	}
	if (l->rows == 0 && !l->quiet_empty)
		printf("%s\n", l->en ? "(none)" : "(tidak ada)");
	free(l->cells);
	l->cells = NULL;
	l->ncells = l->cap = 0;
	for (k = 0; k < ncol; k++)
		free(head[k]);
	free(width);
	free(head);
	l->columns = NULL;	/* a second call prints nothing */
	return l->rows;
}

void
listing_init(struct listing *l, const struct cli *c,
    const char *const *columns)
{
	memset(l, 0, sizeof(*l));
	l->columns = columns;
	l->en = c->en;
	l->cfg = c->cfg;
}
