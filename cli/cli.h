/*
 * The operator's tool, `kabar`. Each command is one function taking the
 * loaded configuration and its own arguments; it returns the exit status
 * (0 success, 1 runtime failure, 2 bad usage).
 */
#ifndef KABAR_CLI_H
#define KABAR_CLI_H

#include "config.h"
#include "db.h"

struct cli {
	const struct gw_config	*cfg;
	const char		*cfg_path;
	struct db		*db;		/* opened on first use */
};

struct cli_cmd {
	const char	*name;
	const char	*summary;
	const char	*usage;
	int		(*fn)(struct cli *c, int argc, char **argv);
	int		 needs;		/* NEEDS_* */
};
#define NEEDS_NOTHING	0
#define NEEDS_CONFIG	1
#define NEEDS_DB	2

/* Print rows as aligned text, or as one JSON object a line. */
struct listing {
	int		 json;
	int		 rows;
	const char	*const *columns;	/* text mode: which to show */
};
int	cli_print_row(void *arg, int n, const char *const *names,
	    const char *const *vals);

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
char	*cli_read_file(const char *path);
int	cmd_complaints(struct cli *, int, char **);
int	cmd_backup(struct cli *, int, char **);
/* kabar residents show PHONE / erase PHONE (cli_privacy.c). */
int	cli_person_show(struct cli *c, const char *phone);
int	cli_person_erase(struct cli *c, const char *phone);
int	cmd_restore(struct cli *, int, char **);
int	cmd_complaint(struct cli *, int, char **);

#endif
