/*
 * The operator's tool, `kabar`. Each command is one function taking the
 * loaded configuration and its own arguments; it returns the exit status
 * (0 success, 1 runtime failure, 2 bad usage).
 */
#ifndef KABAR_CLI_H
#define KABAR_CLI_H

#include "config.h"
#include "db.h"

struct cli_cmd;

struct cli {
	const struct cli_cmd	*cmd;		/* the command running */
	const struct gw_config	*cfg;
	const char		*cfg_path;
	struct db		*db;		/* opened on first use */
	int			 en;		/* gateway.language = "en" */
};

/*
 * The tool speaks the gateway's language: L(c, "English", "Bahasa").
 * Both are literals, so printf still checks the formats of each.
 */
#define L(c, en_text, id_text)	((c)->en ? (en_text) : (id_text))

struct cli_cmd {
	const char	*name;
	const char	*summary;
	const char	*usage;
	int		(*fn)(struct cli *c, int argc, char **argv);
	int		 needs;		/* NEEDS_* */
	const char	*summary_id;	/* the summary in Bahasa Indonesia */
};
#define NEEDS_NOTHING	0
#define NEEDS_CONFIG	1
#define NEEDS_DB	2

/*
 * Rows as an aligned table under headers (kept until listing_end), or
 * as one JSON object a line. Start with listing_init.
 */
struct listing {
	int		 json;
	int		 rows;
	const char	*const *columns;	/* text mode: which to show */
	const char	*const *headers;	/* above them; NULL: named */
	int		 en;
	int		 quiet_empty;		/* no "(none)" under the header */
	const struct gw_config *cfg;		/* admins' names; may be NULL */
	char		**cells;		/* text mode, owned */
	size_t		 ncells, cap;
};
void	listing_init(struct listing *l, const struct cli *c,
	    const char *const *columns);
int	cli_print_row(void *arg, int n, const char *const *names,
	    const char *const *vals);
/* Print the table kept so far and free it; returns the rows. */
int	listing_end(struct listing *l);
/* "2026-12-01T15:37:00Z" as "2026-12-01 22:37 WIB"; -1 if not a time. */
int	cli_local_time(const char *iso, char *out, size_t outsz);

/* The command's usage on stderr; returns 2 (bad usage). */
int	cli_usage(const struct cli *c);
/* "unexpected 'ARG'" and the usage; returns 2. */
int	cli_unexpected(const struct cli *c, const char *arg);
/* After getopt_long returned '?' (opterr = 0): which option was wrong. */
void	cli_bad_option(const struct cli *c, char **argv);
char	*cli_upper(char *s);
/* "group G is not in the configuration" and the groups there are; 2. */
int	cli_bad_group(const struct cli *c, const char *grp);
/* 0 when typed is one of the subcommands, else -1 after saying so (and
 * the one meant, for a typo) with the usage. */
int	cli_sub(const struct cli *c, const char *typed,
	    const char *const *subs, size_t n);
/* "there is no poll X; there are: ..." (which: REP_POLLS, REP_SURVEYS);
 * returns 1. */
int	cli_no_such(struct cli *c, enum db_report which, const char *code);
struct svc;
/* A service context for the operator (ctx->phone "operator"). */
void	cli_svc(struct cli *c, struct svc *ctx);

/* Nonzero when argv holds -h or --help. */
int	cli_wants_help(int argc, char **argv);

int	cmd_inject(struct cli *, int, char **);
int	cmd_send(struct cli *, int, char **);
int	cmd_status(struct cli *, int, char **);
int	cmd_inbox(struct cli *, int, char **);
int	cmd_outbox(struct cli *, int, char **);
int	cmd_residents(struct cli *, int, char **);
int	cmd_pin_hash(struct cli *, int, char **);
int	cmd_password_hash(struct cli *, int, char **);
int	cmd_poll(struct cli *, int, char **);
int	cmd_broadcast(struct cli *, int, char **);
int	cmd_survey(struct cli *, int, char **);
int	cmd_queue(struct cli *, int, char **);
int	cmd_report(struct cli *, int, char **);
int	cmd_sync(struct cli *, int, char **);
/* One CSV record a row (no header). */
int	cli_csv_row(void *arg, int n, const char *const *names,
	    const char *const *vals);
/* A whole file ("-": stdin), at most 64 KiB; caller frees; NULL said why. */
char	*cli_read_file(const struct cli *c, const char *path);
int	cmd_complaints(struct cli *, int, char **);
int	cmd_backup(struct cli *, int, char **);
/* kabar residents show PHONE / erase PHONE (cli_privacy.c). */
int	cli_person_show(struct cli *c, const char *phone);
int	cli_person_erase(struct cli *c, const char *phone);
int	cmd_restore(struct cli *, int, char **);
int	cmd_complaint(struct cli *, int, char **);
int	cmd_letters(struct cli *, int, char **);
int	cmd_letter(struct cli *, int, char **);
int	cmd_admin(struct cli *, int, char **);
int	cmd_audit(struct cli *, int, char **);

#endif
