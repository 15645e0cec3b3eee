/*
 * kabar: the operator's tool. It works on the same database as the
 * daemon (SQLite in WAL mode lets both in) and, for `inject`, on the dummy
 * modem's folder. It never creates the database: kabard does.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "log.h"
#include "util.h"
#include "version.h"
#include "words.h"

static const struct cli_cmd cmds[] = {
	{ "status", "modems, queues, today's budget, why messages wait",
	    "status [--json]", cmd_status, NEEDS_DB,
	    "modem, antrean, anggaran hari ini, mengapa pesan menunggu" },
	{ "inbox", "received messages, newest last",
	    "inbox [--json] [--limit N | --all]", cmd_inbox, NEEDS_DB,
	    "pesan masuk, yang terbaru di bawah" },
	{ "outbox", "messages to send and sent, newest last",
	    "outbox [--json] [--limit N | --all]", cmd_outbox, NEEDS_DB,
	    "pesan keluar, antre dan terkirim, yang terbaru di bawah" },
	{ "send", "queue an SMS to one phone", "send PHONE TEXT", cmd_send,
	    NEEDS_DB, "kirim satu SMS ke satu nomor" },
	{ "residents", "registered residents: list, import, export, set, "
	    "remove; all kept about one, erasing it",
	    "residents list [--json] | import FILE.csv | export | "
	    "set PHONE [--name N] [--group G] | remove PHONE | show PHONE | "
	    "erase PHONE", cmd_residents,
	    NEEDS_DB, "warga terdaftar: daftar, impor, ekspor, ubah, hapus; "
	    "semua yang tersimpan tentang satu warga, menghapusnya" },
	{ "complaints", "complaints and their status",
	    "complaints [--status S] [--json]", cmd_complaints, NEEDS_DB,
	    "aduan dan statusnya" },
	{ "complaint", "set a complaint's status; the resident is told",
	    "complaint set TICKET STATUS [NOTE]", cmd_complaint, NEEDS_DB,
	    "ubah status aduan; warga diberi tahu" },
	{ "letters", "letter requests and their status",
	    "letters [--status S] [--json]", cmd_letters, NEEDS_DB,
	    "permohonan surat dan statusnya" },
	{ "letter", "set a letter request's status; the resident is told",
	    "letter set TICKET STATUS [NOTE]", cmd_letter, NEEDS_DB,
	    "ubah status permohonan surat; warga diberi tahu" },
	{ "poll", "polls: create from JSON, list, send, close, results",
	    "poll create FILE|- | list [--json] | send CODE | close CODE | "
	    "results CODE [--csv]", cmd_poll, NEEDS_DB,
	    "polling: buat dari JSON, daftar, kirim, tutup, hasil" },
	{ "survey", "surveys: create from JSON, list, invite, results",
	    "survey create FILE|- | list [--json] | send CODE [GROUP] | "
	    "results CODE [--csv]", cmd_survey, NEEDS_DB,
	    "survei: buat dari JSON, daftar, undang, hasil" },
	{ "queue", "today's queue: call the next number, list",
	    "queue next [COUNTER] [--skip] | list", cmd_queue, NEEDS_DB,
	    "antrean hari ini: panggil nomor berikutnya, daftar" },
	{ "report", "satisfaction marks per service and category",
	    "report satisfaction [--month YYYY-MM] [--csv]", cmd_report,
	    NEEDS_DB, "nilai kepuasan per layanan dan kategori" },
	{ "broadcast", "send a text to every registered resident (or a group)",
	    "broadcast [--group G] [--yes] TEXT", cmd_broadcast, NEEDS_DB,
	    "kirim teks ke semua warga terdaftar (atau satu grup)" },
	{ "sync", "district link: sync now, list or retry refused records",
	    "sync now | rejected [--json] | retry", cmd_sync, NEEDS_DB,
	    "hubungan ke kabupaten: sinkron sekarang, catatan yang ditolak" },
	{ "backup", "a consistent copy of the database, also while kabard runs",
	    "backup COPY", cmd_backup, NEEDS_DB,
	    "salinan basis data yang utuh, juga selagi kabard berjalan" },
	{ "restore", "replace the database with a copy (kabard stopped)",
	    "restore COPY", cmd_restore, NEEDS_CONFIG,
	    "ganti basis data dengan salinan (kabard dihentikan)" },
	{ "admin", "lift an admin number's lock-out after wrong PINs",
	    "admin unlock PHONE", cmd_admin, NEEDS_DB,
	    "buka kunci nomor admin setelah PIN salah" },
	{ "audit", "failed PINs, lock-outs and refused admin commands "
	    "(the last 7 days unless told)",
	    "audit [--since DATE | --all] [--json]", cmd_audit, NEEDS_DB,
	    "PIN salah, penguncian dan perintah admin yang ditolak (7 hari "
	    "terakhir kecuali diminta lain)" },
	{ "pin-hash", "print a pin_hash for an admin's PIN (asked twice)",
	    "pin-hash", cmd_pin_hash, NEEDS_NOTHING,
	    "cetak pin_hash untuk PIN admin (ditanya dua kali)" },
	{ "password-hash", "print a password_hash for the console (password "
	    "on stdin)", "password-hash < FILE", cmd_password_hash,
	    NEEDS_NOTHING, "cetak password_hash untuk konsol (kata sandi dari "
	    "masukan standar)" },
	{ "inject", "dummy modems only: put a received SMS into the phone",
	    "inject --from NUMBER [--modem NAME] [--ucs2] [--part K --ref N] "
	    "TEXT", cmd_inject, NEEDS_CONFIG,
	    "khusus modem dummy: masukkan SMS diterima ke ponsel" },
};

static void
usage(FILE *f, const struct cli *c)
{
	size_t i;

	fprintf(f, L(c, "usage: kabar -c FILE COMMAND [ARGS...]\n\n"
	    "commands:\n", "pemakaian: kabar -c FILE PERINTAH [ARGUMEN...]\n\n"
	    "perintah:\n"));
	for (i = 0; i < ARRAY_LEN(cmds); i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, c->en ||
		    cmds[i].summary_id == NULL ? cmds[i].summary :
		    cmds[i].summary_id);
	fprintf(f, "  %-10s %s\n", "help", L(c, "this list", "daftar ini"));
	fprintf(f, L(c, "\n`kabar -c FILE COMMAND --help` tells more about "
	    "one; `kabar --version` which kabar this is.\n", "\n`kabar -c "
	    "FILE PERINTAH --help` menjelaskan satu perintah; `kabar "
	    "--version` versi kabar ini.\n"));
}

int
cli_wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0)
			return 1;
	return 0;
}

/*
 * Only kabard creates the database. One made here would be a second,
 * empty one wherever the configuration points by mistake, and the
 * operator would be told the gateway has nothing in it.
 */
static int
db_exists(const struct cli *c)
{
	struct stat st;

	if (stat(c->cfg->database, &st) == 0 || errno != ENOENT)
		return 1;
	fprintf(stderr, L(c, "kabar: there is no database at '%s' "
	    "(gateway.database in %s); kabard creates it when it first "
	    "starts\n", "kabar: tidak ada basis data di '%s' "
	    "(gateway.database di %s); kabard membuatnya saat pertama kali "
	    "berjalan\n"), c->cfg->database, c->cfg_path);
	return 0;
}

static const struct cli_cmd *
find_cmd(const struct cli *c, const char *name)
{
	const char *names[ARRAY_LEN(cmds)];
	size_t i;
	int k;

	for (i = 0; i < ARRAY_LEN(cmds); i++) {
		if (strcmp(cmds[i].name, name) == 0)
			return &cmds[i];
		names[i] = cmds[i].name;
	}
	k = kw_lookup(name, names, ARRAY_LEN(cmds));
	if (k >= 0)
		fprintf(stderr, L(c, "kabar: unknown command '%s'; did you mean "
		    "'%s'?\n", "kabar: perintah '%s' tidak dikenal; maksudnya "
		    "'%s'?\n"), name, names[k]);
	else {
		fprintf(stderr, L(c, "kabar: unknown command '%s'\n",
		    "kabar: perintah '%s' tidak dikenal\n"), name);
		usage(stderr, c);
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	const char *path = NULL;
	const struct cli_cmd *cmd = NULL;
	struct clock_watch clock = { 0 };
	struct gw_config *cfg = NULL;
	struct cli c = { 0 };
	char err[1024];
	int rc;

	log_init("kabar", 0, LOG_LVL_WARN);
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		printf("kabar %s\n", KABAR_VERSION);
		return 0;
	}
	if (argc >= 3 && strcmp(argv[1], "-c") == 0) {
		path = argv[2];
		argc -= 2;
		argv += 2;
		/* The language, the time zone and the store come from it. */
		cfg = config_load(path, err, sizeof(err));
		if (cfg == NULL) {
			fprintf(stderr, "%s\n", err);
			return 2;
		}
		c.en = strcmp(cfg->language, "en") == 0;
		setenv("TZ", cfg->timezone, 1);
		tzset();
		c.cfg = cfg;
		c.cfg_path = path;
	} else if (argc >= 2 && strcmp(argv[1], "-c") == 0) {
		fprintf(stderr, "kabar: -c needs the configuration file: "
		    "kabar -c /etc/kabar.conf COMMAND\n");
		return 2;
	}
	rc = 2;
	if (argc < 2 || strcmp(argv[1], "help") == 0 ||
	    strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout, &c);
		rc = argc < 2 ? 2 : 0;
		goto out;
	}
	if ((cmd = find_cmd(&c, argv[1])) == NULL)
		goto out;
	c.cmd = cmd;
	argc--;
	argv++;
	if (cli_wants_help(argc, argv)) {
		printf(L(&c, "usage: kabar -c FILE %s\n%s.\n", "pemakaian: "
		    "kabar -c FILE %s\n%s.\n"), cmd->usage, c.en ||
		    cmd->summary_id == NULL ? cmd->summary : cmd->summary_id);
		rc = 0;
		goto out;
	}
	if (cmd->needs != NEEDS_NOTHING && cfg == NULL) {
		fprintf(stderr, L(&c, "kabar: -c FILE is needed before the "
		    "command: kabar -c /etc/kabar.conf %s\n", "kabar: -c FILE "
		    "perlu ada sebelum perintah: kabar -c /etc/kabar.conf "
		    "%s\n"), cmd->name);
		goto out;
	}
	if (cmd->needs == NEEDS_DB) {
		rc = 1;
		if (!db_exists(&c))
			goto out;
		c.db = db_open(cfg->database, err, sizeof(err));
		if (c.db == NULL) {
			fprintf(stderr, "kabar: %s\n", err);
			goto out;
		}
		/* Date what it writes by the time kabard learnt. */
		db_clock_watch(c.db, &clock, 0);
	}
	optind = 1;
	rc = cmd->fn(&c, argc, argv);
out:
	db_close(c.db);
	config_free(cfg);
	return rc;
}
