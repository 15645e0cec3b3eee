/*
 * What every command says when its arguments are wrong: the word that
 * is wrong, the command's usage, and where more is told; exit 2. One
 * place, so every command says it the same way and in one language.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "words.h"

int
cli_usage(const struct cli *c)
{
	if (c->cmd != NULL)
		fprintf(stderr, L(c, "usage: kabar -c FILE %s\n(`kabar %s "
		    "--help` tells more)\n", "pemakaian: kabar -c FILE %s\n"
		    "(`kabar %s --help` menjelaskan lebih lanjut)\n"),
		    c->cmd->usage, c->cmd->name);
	return 2;
}

int
cli_unexpected(const struct cli *c, const char *arg)
{
	fprintf(stderr, L(c, "kabar: unexpected '%s'\n", "kabar: '%s' tidak "
	    "dikenal di sini\n"), arg);
	return cli_usage(c);
}

void
cli_bad_option(const struct cli *c, char **argv)
{
	/* getopt leaves the offending word just before optind */
	const char *arg = optind > 0 ? argv[optind - 1] : "?";

	if (optopt != 0 && strncmp(arg, "--", 2) == 0)
		fprintf(stderr, L(c, "kabar: %s needs a value\n", "kabar: %s "
		    "perlu nilai\n"), arg);
	else
		fprintf(stderr, L(c, "kabar: unknown option '%s'\n",
		    "kabar: opsi '%s' tidak dikenal\n"), arg);
}

/* In place: "diProses" as "DIPROSES"; returns s. */
char *
cli_upper(char *s)
{
	char *p;

	for (p = s; *p != '\0'; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return s;
}

int
cli_bad_group(const struct cli *c, const char *grp)
{
	size_t i;

	fprintf(stderr, L(c, "kabar: group '%s' is not in the configuration; "
	    "the groups are:", "kabar: grup '%s' tidak ada di konfigurasi; "
	    "grupnya:"), grp);
	for (i = 0; i < c->cfg->n_groups; i++)
		fprintf(stderr, "%s %s", i ? "," : "", c->cfg->groups[i]);
	fprintf(stderr, "%s\n", c->cfg->n_groups ? "" : L(c, " (none)",
	    " (tidak ada)"));
	return 2;
}

int
cli_sub(const struct cli *c, const char *typed, const char *const *subs,
    size_t n)
{
	size_t i;
	int k;

	for (i = 0; i < n; i++)
		if (strcmp(typed, subs[i]) == 0)
			return 0;
	k = kw_lookup(typed, subs, n);
	if (k >= 0)
		fprintf(stderr, L(c, "kabar: %s has no '%s'; did you mean "
		    "'%s'?\n", "kabar: %s tidak punya '%s'; maksudnya "
		    "'%s'?\n"), c->cmd->name, typed, subs[k]);
	else
		fprintf(stderr, L(c, "kabar: %s has no '%s'\n",
		    "kabar: %s tidak punya '%s'\n"), c->cmd->name, typed);
	cli_usage(c);
	return -1;
}
