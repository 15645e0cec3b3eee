/*
 * kabar residents list | import FILE.csv | export | set | remove. An
 * import is all or nothing: every bad line is reported and nothing is
 * written, so the operator fixes the file and runs it again (it only
 * updates). The file may be a spreadsheet's: commas or, as one set to
 * Indonesian writes, semicolons (told by the first line), with or
 * without the UTF-8 mark Excel puts first.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csv.h"
#include "phone.h"
#include "privacy.h"
#include "residents.h"
#include "smstext.h"
#include "util.h"

/* A village's residents fit many times over. */
#define IMPORT_MAX (16 << 20)

static int export_row(void *arg, int n, const char *const *names,
    const char *const *vals);

int
cli_csv_row(void *arg, int n, const char *const *names,
    const char *const *vals)
{
	return export_row(arg, n, names, vals);
}

static int
export_row(void *arg, int n, const char *const *names,
    const char *const *vals)
{
	int i;

	(void)arg;
	(void)names;
	for (i = 0; i < n; i++)
		csv_write_field(stdout, vals[i], i == n - 1);
	return 0;
}

/*
 * The first line names the columns when its first field holds no digit:
 * "phone", "nomor", "No. HP", whatever the spreadsheet's author wrote.
 */
static int
is_header(const struct csv_record *r)
{
	return r->n >= 1 && r->field[0][strcspn(r->field[0], "0123456789")] ==
	    '\0';
}

/* Check one line; on success fill phone and group (upper case). */
static int
check_line(struct cli *c, const char *file, struct csv_record *r,
    char *e164, char *grp, size_t grpsz)
{
	size_t i;

	if (r->n < 2 || r->n > 3) {
		fprintf(stderr, L(c, "%s:%d: expected phone,name[,group] (%d "
		    "fields found)\n", "%s:%d: seharusnya nomor,nama[,grup] "
		    "(ada %d kolom)\n"), file, r->line, r->n);
		return -1;
	}
	if (phone_normalise(r->field[0], c->cfg->country_code, e164,
	    PHONE_MAX) != PHONE_MOBILE) {
		fprintf(stderr, L(c, "%s:%d: '%s' is not a mobile number\n",
		    "%s:%d: '%s' bukan nomor HP\n"), file, r->line,
		    r->field[0]);
		return -1;
	}
	if (!utf8_valid(r->field[1], strlen(r->field[1])) ||
	    r->field[1][0] == '\0' || utf8_chars(r->field[1]) > 40) {
		fprintf(stderr, L(c, "%s:%d: the name must be 1 to 40 "
		    "characters of UTF-8\n", "%s:%d: nama harus 1 sampai 40 "
		    "karakter UTF-8\n"), file, r->line);
		return -1;
	}
	strlcpy_k(grp, r->n == 3 ? r->field[2] : "", grpsz);
	for (i = 0; grp[i] != '\0'; i++)
		grp[i] = (char)toupper((unsigned char)grp[i]);
	if (grp[0] != '\0' && !config_group_known(c->cfg, grp)) {
		fprintf(stderr, L(c, "%s:%d: group '%s' is not in the "
		    "configuration\n", "%s:%d: grup '%s' tidak ada di "
		    "konfigurasi\n"), file, r->line, grp);
		return -1;
	}
	return 0;
}

/* A context for a service call made by the operator about phone. */
static void
operator_ctx(struct cli *c, const char *phone, struct svc *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->db = c->db;
	ctx->cfg = c->cfg;
	ctx->phone = phone;
	ctx->now = now_wall();
}

/* The whole file (or stdin), capped; NULL after saying why. */
static char *
slurp(struct cli *c, const char *file, size_t *len)
{
	FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	size_t n;

	if (f == NULL) {
		fprintf(stderr, L(c, "kabar: cannot open '%s': %s\n",
		    "kabar: '%s' tidak bisa dibuka: %s\n"), file,
		    strerror(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		sb_add(&sb, buf, n);
		if (sb.len > IMPORT_MAX) {
			fprintf(stderr, L(c, "kabar: '%s' is larger than %d "
			    "MB\n", "kabar: '%s' lebih besar dari %d MB\n"),
			    file, IMPORT_MAX >> 20);
			if (f != stdin)
				fclose(f);
			sb_free(&sb);
			return NULL;
		}
	}
	if (f != stdin)
		fclose(f);
	*len = sb.len;
	return sb.buf != NULL ? sb_detach(&sb) : xstrdup("");
}

/* ';' when the first line has more semicolons than commas (unquoted). */
static char
separator(const char *text)
{
	int commas = 0, semis = 0, quoted = 0;

	for (; *text != '\0' && (quoted || *text != '\n'); text++) {
		if (*text == '"')
			quoted = !quoted;
		else if (!quoted && *text == ',')
			commas++;
		else if (!quoted && *text == ';')
			semis++;
	}
	return semis > commas ? ';' : ',';
}

static int
import(struct cli *c, const char *file)
{
	struct csv_record *r;
	FILE *f;
	int line = 0, rc, bad = 0, n = 0;
	int64_t now = now_wall();
	size_t len = 0, skip = 0;
	char *text = slurp(c, file, &len), sep;

	if (text == NULL)
		return 1;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		skip = 3;		/* the mark Excel writes first */
	sep = separator(text + skip);
	f = len - skip > 0 ? fmemopen(text + skip, len - skip, "r") : NULL;
	if (f == NULL) {
		fprintf(stderr, L(c, "kabar: '%s' is empty\n",
		    "kabar: '%s' kosong\n"), file);
		free(text);
		return 1;
	}
	r = xmalloc(sizeof(*r));
	/* One transaction: a file with a bad line changes nothing. */
	if (db_begin(c->db) != 0)
		goto fail;
	while ((rc = csv_read_sep(f, r, &line, sep)) != 1) {
		char e164[PHONE_MAX], grp[33];

		if (rc < 0) {
			fprintf(stderr, L(c, "%s:%d: malformed CSV line\n",
			    "%s:%d: baris CSV rusak\n"), file, r->line);
			bad++;
			break;
		}
		if ((r->line == 1 && is_header(r)) ||
		    (r->n == 1 && r->field[0][0] == '\0'))
			continue;
		if (check_line(c, file, r, e164, grp, sizeof(grp)) != 0) {
			bad++;
			continue;
		}
		if (bad)
			continue;
		if (residents_put(c->db, c->cfg, e164, r->field[1], grp,
		    now) != 0)
			goto fail;
		n++;
	}
	if (bad) {
		fprintf(stderr, L(c, "kabar: %d bad line%s; nothing was "
		    "imported\n", "kabar: %d baris salah%s; tidak ada yang "
		    "diimpor\n"), bad, c->en && bad != 1 ? "s" : "");
		goto fail;
	}
	if (db_commit(c->db) != 0)
		goto fail;
	printf(L(c, "imported %d resident%s\n", "%d warga diimpor%s\n"), n,
	    c->en && n != 1 ? "s" : "");
	fclose(f);
	free(r);
	free(text);
	return 0;
fail:
	db_rollback(c->db);
	fclose(f);
	free(r);
	free(text);
	return 1;
}

static int
phone_arg(struct cli *c, const char *arg, char *e164)
{
	if (phone_normalise(arg, c->cfg->country_code, e164, PHONE_MAX) ==
	    PHONE_MOBILE)
		return 0;
	fprintf(stderr, L(c, "kabar: '%s' is not a mobile number (like "
	    "0812-3456-7890 or +6281234567890)\n", "kabar: '%s' bukan nomor "
	    "HP (misalnya 0812-3456-7890 atau +6281234567890)\n"), arg);
	return -1;
}

static int
no_resident(struct cli *c, const char *e164)
{
	fprintf(stderr, L(c, "kabar: %s is not a registered resident "
	    "(`kabar residents list` shows who is)\n", "kabar: %s bukan warga "
	    "terdaftar (`kabar residents list` menampilkan siapa saja)\n"),
	    e164);
	return 1;
}

/* kabar residents set PHONE [--name N] [--group G|-] */
static int
resident_set(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "group", required_argument, NULL, 'g' },
		{ NULL, 0, NULL, 0 }
	};
	struct resident res = { 0 };
	struct svc ctx;
	const char *name = NULL;
	char e164[PHONE_MAX], grp[33] = "";
	int ch, rc, have_grp = 0;

	opterr = 0;
	optind = 2;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			name = optarg;
			if (name[0] == '\0' || !utf8_valid(name, strlen(name))
			    || utf8_chars(name) > 40) {
				fprintf(stderr, L(c, "kabar: a name is 1 to 40 "
				    "characters\n", "kabar: nama 1 sampai 40 "
				    "karakter\n"));
				return 2;
			}
			break;
		case 'g':
			strlcpy_k(grp, optarg, sizeof(grp));
			cli_upper(grp);
			have_grp = 1;
			if (strcmp(grp, "-") != 0 && grp[0] != '\0' &&
			    !config_group_known(c->cfg, grp))
				return cli_bad_group(c, grp);
			if (grp[0] == '\0')
				strlcpy_k(grp, "-", sizeof(grp));
			break;
		default:
			cli_bad_option(c, argv);
			return cli_usage(c);
		}
	}
	if (optind != argc - 1)
		return optind < argc - 1 ? cli_unexpected(c, argv[optind + 1]) :
		    cli_usage(c);
	if (name == NULL && !have_grp) {
		fprintf(stderr, L(c, "kabar: say what to change: --name N, "
		    "--group G (--group - for none)\n", "kabar: sebutkan yang "
		    "diubah: --name N, --group G (--group - untuk tanpa "
		    "grup)\n"));
		return 2;
	}
	if (phone_arg(c, argv[optind], e164) != 0)
		return 2;
	if (db_begin(c->db) != 0)
		return 1;
	rc = db_resident_set(c->db, e164, name, have_grp ? grp : NULL,
	    now_wall());
	if (rc == 0)
		rc = db_resident_get(c->db, e164, &res);
	if (rc == 0) {
		/* The district keeps the same resident: a registration again. */
		operator_ctx(c, e164, &ctx);
		rc = privacy_registration(&ctx, res.name, res.grp,
		    "operator") == 0 ? 0 : -1;
	}
	if (rc != 0 || db_commit(c->db) != 0) {
		db_rollback(c->db);
		resident_clear(&res);
		return rc == 1 ? no_resident(c, e164) : 1;
	}
	printf(L(c, "%s: %s, group %s\n", "%s: %s, grup %s\n"), e164, res.name,
	    res.grp ? res.grp : "-");
	resident_clear(&res);
	return 0;
}

/* kabar residents remove PHONE: unregistered, like BERHENTI and more */
static int
resident_remove(struct cli *c, int argc, char **argv)
{
	char e164[PHONE_MAX];
	struct svc ctx;
	int rc;

	if (argc != 3)
		return argc < 3 ? cli_usage(c) : cli_unexpected(c, argv[3]);
	if (phone_arg(c, argv[2], e164) != 0)
		return 2;
	if (db_begin(c->db) != 0)
		return 1;
	rc = db_resident_remove(c->db, e164);
	if (rc == 0)
		rc = db_outbox_cancel_bulk(c->db, e164);
	if (rc == 0) {
		operator_ctx(c, e164, &ctx);
		rc = privacy_optout(&ctx) == 0 ? 0 : -1;
	}
	if (rc != 0 || db_commit(c->db) != 0) {
		db_rollback(c->db);
		return rc == 1 ? no_resident(c, e164) : 1;
	}
	printf(L(c, "%s is no longer registered: no broadcasts, polls or "
	    "surveys (what it sent is kept)\n", "%s tidak terdaftar lagi: "
	    "tidak menerima siaran, polling atau survei (pesan yang dikirimnya "
	    "tetap disimpan)\n"), e164);
	return 0;
}

int
cmd_residents(struct cli *c, int argc, char **argv)
{
	static const char *const cols[] = { "phone", "name", "group",
	    "registered_at", "opted_out_at", NULL };
	struct listing l;
	int rc;

	listing_init(&l, c, cols);
	if (argc >= 2 && strcmp(argv[1], "list") == 0) {
		if (argc == 3 && strcmp(argv[2], "--json") == 0)
			l.json = 1;
		else if (argc != 2)
			return cli_unexpected(c, argv[2]);
		rc = db_report(c->db, REP_RESIDENTS, -1, cli_print_row, &l);
		listing_end(&l);
		return rc == 0 ? 0 : 1;
	}
	if (argc >= 2 && strcmp(argv[1], "import") == 0)
		return argc == 3 ? import(c, argv[2]) : argc < 3 ?
		    cli_usage(c) : cli_unexpected(c, argv[3]);
	if (argc >= 2 && strcmp(argv[1], "export") == 0) {
		if (argc != 2)
			return cli_unexpected(c, argv[2]);
		printf("phone,name,group,registered_at,opted_out_at\r\n");
		return db_report(c->db, REP_RESIDENTS, -1, export_row,
		    NULL) == 0 ? 0 : 1;
	}
	if (argc >= 2 && strcmp(argv[1], "set") == 0)
		return resident_set(c, argc, argv);
	if (argc >= 2 && strcmp(argv[1], "remove") == 0)
		return resident_remove(c, argc, argv);
	if (argc == 3 && strcmp(argv[1], "show") == 0)
		return cli_person_show(c, argv[2]);
	if (argc == 3 && strcmp(argv[1], "erase") == 0)
		return cli_person_erase(c, argv[2]);
	return argc < 2 ? cli_usage(c) : cli_unexpected(c, argv[1]);
}
