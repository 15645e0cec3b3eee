/*
 * The admin door from the operator's side: `pin-hash` (a PIN for the
 * configuration, never on the command line, where it would stay in the
 * shell's history and in `ps`), `admin unlock` (a head who typed five
 * wrong PINs need not wait the hour) and `audit` (who knocked with a
 * wrong PIN, or was locked out, or is not an admin at all).
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "password.h"
#include "phone.h"
#include "pin.h"
#include "util.h"

#define PIN_LINE 64

/*
 * One line from stdin; on a terminal without echo. 0, or -1 at the end
 * of the input.
 */
static int
read_secret(const struct cli *c, const char *prompt, char *out, size_t outsz)
{
	struct termios old, quiet;
	int tty = isatty(STDIN_FILENO), rc = 0;

	if (tty) {
		fprintf(stderr, "%s", prompt);
		fflush(stderr);
		if (tcgetattr(STDIN_FILENO, &old) != 0)
			tty = 0;
	}
	if (tty) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	if (fgets(out, (int)outsz, stdin) == NULL)
		rc = -1;
	if (tty)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	(void)c;
	if (rc == 0)
		out[strcspn(out, "\r\n")] = '\0';
	return rc;
}

static int
pin_shape_ok(const char *pin)
{
	size_t i, n = strlen(pin);

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)pin[i]))
			return 0;
	return n >= 4 && n <= 8;
}

int
cmd_pin_hash(struct cli *c, int argc, char **argv)
{
	char pin[PIN_LINE], again[PIN_LINE], out[PIN_HASH_MAX];
	int rc = 2;

	if (argc != 1) {
		fprintf(stderr, L(c, "kabar: pin-hash reads the PIN, twice, "
		    "and never from the command line (it would stay in the "
		    "shell's history); run `kabar pin-hash` alone, or pipe the "
		    "PIN in: printf '4321\\n4321\\n' | kabar pin-hash\n",
		    "kabar: pin-hash membaca PIN, dua kali, dan tidak pernah "
		    "dari baris perintah (akan tersimpan di riwayat shell); "
		    "jalankan `kabar pin-hash` saja, atau alirkan PIN-nya: "
		    "printf '4321\\n4321\\n' | kabar pin-hash\n"));
		(void)argv;
		return 2;
	}
	if (read_secret(c, L(c, "PIN (4 to 8 digits): ",
	    "PIN (4 sampai 8 angka): "), pin, sizeof(pin)) != 0) {
		fprintf(stderr, L(c, "kabar: no PIN was given\n",
		    "kabar: tidak ada PIN\n"));
		goto out;
	}
	if (!pin_shape_ok(pin)) {
		fprintf(stderr, L(c, "kabar: a PIN is 4 to 8 digits\n",
		    "kabar: PIN terdiri dari 4 sampai 8 angka\n"));
		goto out;
	}
	if (read_secret(c, L(c, "the same PIN again: ", "PIN yang sama "
	    "sekali lagi: "), again, sizeof(again)) != 0 ||
	    strcmp(pin, again) != 0) {
		fprintf(stderr, L(c, "kabar: the two PINs differ; nothing "
		    "printed\n", "kabar: kedua PIN berbeda; tidak ada yang "
		    "dicetak\n"));
		goto out;
	}
	if (pin_hash(pin, out, sizeof(out)) != 0) {
		fprintf(stderr, L(c, "kabar: cannot hash the PIN\n",
		    "kabar: PIN tidak bisa di-hash\n"));
		rc = 1;
		goto out;
	}
	printf("%s\n", out);
	rc = 0;
out:
	explicit_bzero(pin, sizeof(pin));
	explicit_bzero(again, sizeof(again));
	return rc;
}

/* kabar admin unlock PHONE */
int
cmd_admin(struct cli *c, int argc, char **argv)
{
	char e164[PHONE_MAX];
	int rc;

	if (argc < 2 || strcmp(argv[1], "unlock") != 0)
		return argc < 2 ? cli_usage(c) : cli_unexpected(c, argv[1]);
	if (argc != 3)
		return argc < 3 ? cli_usage(c) : cli_unexpected(c, argv[3]);
	if (phone_normalise(argv[2], c->cfg->country_code, e164,
	    sizeof(e164)) != PHONE_MOBILE) {
		fprintf(stderr, L(c, "kabar: '%s' is not a mobile number (like "
		    "0812-3456-7890 or +6281234567890)\n", "kabar: '%s' bukan "
		    "nomor HP (misalnya 0812-3456-7890 atau +6281234567890)\n"),
		    argv[2]);
		return 2;
	}
	if (db_begin(c->db) != 0)
		return 1;
	rc = db_lock_lift(c->db, e164);
	if (rc >= 0 && db_audit(c->db, e164, "UNLOCK", 1, rc == 0 ?
	    "lock-out lifted by the operator" : "nothing to lift",
	    now_wall()) != 0)
		rc = -1;
	if (rc < 0 || db_commit(c->db) != 0) {
		db_rollback(c->db);
		return 1;
	}
	if (rc == 1)
		printf(L(c, "%s was not locked out; nothing to do\n", "%s tidak "
		    "terkunci; tidak ada yang perlu dilakukan\n"), e164);
	else
		printf(L(c, "%s is unlocked: its admin commands work again "
		    "with the right PIN\n", "%s sudah dibuka: perintah adminnya "
		    "berjalan lagi dengan PIN yang benar\n"), e164);
	return 0;
}

/*
 * The admin door's words are stored in English (services/admins.c);
 * shown in the tool's language. Other details are as they were written.
 */
static const char *const details_id[][2] = {
	{ "wrong PIN", "PIN salah" },
	{ "wrong PIN; locked out", "PIN salah; nomor dikunci satu jam" },
	{ "locked out", "ditolak: nomor sedang dikunci" },
	{ "not an admin", "bukan admin" },
};

static int
audit_row(void *arg, int n, const char *const *names,
    const char *const *vals)
{
	struct listing *l = arg;
	const char *v[16];
	size_t k;
	int i;

	if (l->json || l->en || n > (int)ARRAY_LEN(v))
		return cli_print_row(arg, n, names, vals);
	for (i = 0; i < n; i++) {
		v[i] = vals[i];
		if (strcmp(names[i], "detail") != 0 || vals[i] == NULL)
			continue;
		for (k = 0; k < ARRAY_LEN(details_id); k++)
			if (strcmp(vals[i], details_id[k][0]) == 0)
				v[i] = details_id[k][1];
	}
	return cli_print_row(arg, n, names, v);
}

/* kabar audit [--since DATE] [--all] [--json]: the last week unless told */
int
cmd_audit(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const cols[] = { "at", "phone", "name", "command",
	    "detail", NULL };
	struct listing l;
	int64_t since = now_wall() - 7 * 86400;
	char bound[24];
	int ch, rc;

	listing_init(&l, c, cols);
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			since = parse_local_time(optarg);
			if (since < 0) {
				fprintf(stderr, L(c, "kabar: --since takes a "
				    "date like 2026-12-01 or 2026-12-01 "
				    "17:00 (local time), not '%s'\n", "kabar: "
				    "--since perlu tanggal seperti 2026-12-01 "
				    "atau 2026-12-01 17:00 (waktu setempat), "
				    "bukan '%s'\n"), optarg);
				return 2;
			}
			break;
		case 'a':
			since = 0;
			break;
		case 'j':
			l.json = 1;
			break;
		default:
			cli_bad_option(c, argv);
			return cli_usage(c);
		}
	}
	if (optind != argc)
		return cli_unexpected(c, argv[optind]);
	snprintf(bound, sizeof(bound), "%lld", (long long)since);
	rc = db_report_filtered(c->db, REP_AUDIT, bound, -1, audit_row, &l);
	listing_end(&l);
	return rc == 0 ? 0 : 1;
}
/*
 * kabar password-hash: the password from standard input (one line, so
 * that it never shows in `ps` or the shell's history), typed or piped.
 */
int
cmd_password_hash(struct cli *c, int argc, char **argv)
{
	char line[PASSWORD_MAX_BYTES + 2], out[PASSWORD_HASH_MAX], *got;
	struct termios saved, quiet;
	int rc, tty;

	(void)c;
	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: kabar password-hash < FILE (the "
		    "password on standard input)\n");
		return 2;
	}
	tty = isatty(0) && tcgetattr(0, &saved) == 0;
	if (tty) {
		/* Typed at a terminal: not shown on the screen. */
		quiet = saved;
		quiet.c_lflag &= (tcflag_t)~ECHO;
		tcsetattr(0, TCSAFLUSH, &quiet);
		fprintf(stderr, "Password (at least %d characters): ",
		    PASSWORD_MIN_CHARS);
	}
	got = fgets(line, sizeof(line), stdin);
	if (tty) {
		tcsetattr(0, TCSAFLUSH, &saved);
		fputc('\n', stderr);
	}
	if (got == NULL) {
		fprintf(stderr, "kabar: no password on standard input\n");
		return 2;
	}
	line[strcspn(line, "\r\n")] = '\0';
	if (strlen(line) > PASSWORD_MAX_BYTES) {
		fprintf(stderr, "kabar: a password is at most %d bytes\n",
		    PASSWORD_MAX_BYTES);
		return 2;
	}
	rc = password_hash(line, out, sizeof(out));
	memset(line, 0, sizeof(line));
	if (rc == PASSWORD_TOO_SHORT) {
		fprintf(stderr, "kabar: a password has at least %d "
		    "characters\n", PASSWORD_MIN_CHARS);
		return 2;
	}
	if (rc != 0) {
		fprintf(stderr, "kabar: cannot hash the password\n");
		return 1;
	}
	printf("%s\n", out);
	return 0;
}
