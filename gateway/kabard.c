/*
 * kabard: the village gateway daemon. Loads the configuration, opens and
 * migrates the database, starts one worker per modem and the pipeline,
 * then waits for signals: SIGTERM/SIGINT stop taking new work, finish what
 * is in flight and exit 0; SIGHUP reloads the configuration, keeping the
 * old one when the new one is broken. Between signals it runs the
 * housekeeping (housekeeping.c).
 */
#include <curl/curl.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "housekeeping.h"
#include "http.h"
#include "log.h"
#include "modem.h"
#include "pipeline.h"
#include "runtime.h"
#include "sync.h"
#include "util.h"

/*
 * What options_parse and the start-up steps return: an exit status, or
 * KABARD_RUN to carry on. Tests read the statuses.
 */
enum {
	KABARD_RUN = -1,
	KABARD_EXIT_OK = 0,
	KABARD_EXIT_FAIL = 1,		/* the store or a worker did not start */
	KABARD_EXIT_USAGE = 2		/* bad command line or configuration */
};

/* How long the main loop waits for a signal before it looks at the clock. */
#define SIGNAL_WAIT_SECONDS 1

struct options {
	const char	*path;		/* the configuration file */
	const char	*modem_name;	/* set: run as this modem's worker */
	int		 check;
	int		 use_syslog;
	int		 verbose;
	struct worker_start ws;		/* for a modem worker */
};

/*
 * The daemon: the context every worker shares, and what the main thread
 * holds itself. Parts are set as they start; kabard_stop undoes them.
 */
struct kabard {
	struct gateway	 gw;
	struct db	*db;		/* the housekeeping's connection */
	struct sync_worker *sync;	/* NULL when sync could not start */
	struct http	*http;		/* NULL when off or not started */
	sigset_t	 signals;	/* taken by the main thread alone */
	int		 running;	/* threads started: stop them */
	char		 exe[PATH_MAX];
};

/* The one thing a signal handler may touch: the worker's stop flag. */
static atomic_int *worker_stopping;

static void
worker_signal(int sig)
{
	(void)sig;
	if (worker_stopping != NULL)
		atomic_store(worker_stopping, 1);
}

static void apply_timezone(const struct gw_config *cfg);

/*
 * `kabard --modem NAME`: one modem's worker, started by the daemon with
 * its socket on fd 3. SIGTERM (or the socket closing) stops it.
 */
static int
modem_process(const struct options *opt)
{
	const struct modem_conf *mc;
	struct sigaction sa;
	struct gateway gw;
	char err[1024];

	memset(&gw, 0, sizeof(gw));
	gw.cfg = config_load(opt->path, err, sizeof(err));
	if (gw.cfg == NULL) {
		log_errorx("%s", err);
		return KABARD_EXIT_USAGE;
	}
	mc = config_modem(gw.cfg, opt->modem_name);
	if (mc == NULL) {
		log_errorx("%s: no modem named '%s'.", opt->path,
		    opt->modem_name);
		config_free(gw.cfg);
		return KABARD_EXIT_USAGE;
	}
	apply_timezone(gw.cfg);
	gw.cfg_path = opt->path;
	pthread_rwlock_init(&gw.cfg_lock, NULL);
	atomic_store(&gw.stopping, 0);
	worker_stopping = &gw.stopping;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = worker_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	modem_worker_run(&gw, mc, 3, &opt->ws);
	pthread_rwlock_destroy(&gw.cfg_lock);
	config_free(gw.cfg);
	return KABARD_EXIT_OK;
}

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: kabard -c FILE [--check] [--syslog] [-v]\n"
	    "  -c, --config FILE  the configuration (see conf/kabar.conf.example)\n"
	    "  --check            check the configuration and exit\n"
	    "  --syslog           log to syslog instead of stderr\n"
	    "  -v, --verbose      log at debug level (shows numbers and texts)\n");
}

/* Valid but unwise settings: said by --check and at every start. */
static void
config_warnings(const struct gw_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->n_admins; i++)
		if (cfg->admins[i].pin[0] != '\0' &&
		    cfg->admins[i].pin_hash[0] == '\0')
			log_warnx("%s:%d: admin '%s' has a plain pin; put the "
			    "output of `kabar pin-hash` in pin_hash instead.",
			    cfg->path, cfg->admins[i].line,
			    cfg->admins[i].name);
	if (cfg->ussd_key[0] != '\0' && strcmp(cfg->ussd_key, "change-me") == 0)
		log_warnx("%s: http.ussd_key is still \"change-me\".",
		    cfg->path);
}

static void
apply_timezone(const struct gw_config *cfg)
{
	setenv("TZ", cfg->timezone, 1);
	tzset();
}

static int
modems_same(const struct gw_config *a, const struct gw_config *b)
{
	size_t i;

	if (a->n_modems != b->n_modems)
		return 0;
	for (i = 0; i < a->n_modems; i++)
		if (strcmp(a->modems[i].name, b->modems[i].name) != 0 ||
		    strcmp(a->modems[i].device, b->modems[i].device) != 0 ||
		    strcmp(a->modems[i].connection,
		    b->modems[i].connection) != 0)
			return 0;
	return 1;
}

static void
reload(struct gateway *gw)
{
	char err[1024];
	struct gw_config *fresh, *old;

	fresh = config_load(gw->cfg_path, err, sizeof(err));
	if (fresh == NULL) {
		log_errorx("Reload refused: %s. The running configuration "
		    "stays in force.", err);
		return;
	}
	config_warnings(fresh);
	pthread_rwlock_wrlock(&gw->cfg_lock);
	old = gw->cfg;
	if (!modems_same(old, fresh))
		log_warnx("Modem settings changed; they take effect at the "
		    "next restart.");
	if (strcmp(old->database, fresh->database) != 0 ||
	    strcmp(old->timezone, fresh->timezone) != 0)
		log_warnx("The database and time zone take effect at the next "
		    "restart.");
	gw->cfg = fresh;
	pthread_rwlock_unlock(&gw->cfg_lock);
	config_free(old);
	atomic_fetch_add(&gw->reloads, 1);
	log_info("Configuration reloaded from '%s'.", gw->cfg_path);
}

/* The status to exit with, or KABARD_RUN with *opt filled. */
static int
options_parse(int argc, char **argv, struct options *opt)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 'C' },
		{ "syslog", no_argument, NULL, 'S' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "modem", required_argument, NULL, 'M' },
		{ "after-hang", no_argument, NULL, 'A' },
		{ "careful", required_argument, NULL, 'K' },
		{ "quarantine", required_argument, NULL, 'Q' },
		{ NULL, 0, NULL, 0 }
	};
	struct worker_start *ws = &opt->ws;
	int c;

	memset(opt, 0, sizeof(*opt));
	*ws = (struct worker_start){ .careful_folder = -1, .careful_loc = -1,
	    .bad_folder = -1, .bad_loc = -1 };
	while ((c = getopt_long(argc, argv, "c:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			opt->path = optarg;
			break;
		case 'C':
			opt->check = 1;
			break;
		case 'S':
			opt->use_syslog = 1;
			break;
		case 'v':
			opt->verbose = 1;
			break;
		case 'M':
			opt->modem_name = optarg;
			break;
		case 'A':
			ws->after_hang = 1;
			break;
		case 'K':
			if (modem_place(optarg, &ws->careful_folder,
			    &ws->careful_loc) != 0)
				return KABARD_EXIT_USAGE;
			break;
		case 'Q':
			if (modem_place(optarg, &ws->bad_folder,
			    &ws->bad_loc) != 0)
				return KABARD_EXIT_USAGE;
			break;
		case 'h':
			usage(stdout);
			return KABARD_EXIT_OK;
		default:
			usage(stderr);
			return KABARD_EXIT_USAGE;
		}
	}
	if (opt->path == NULL || optind != argc) {
		usage(stderr);
		return KABARD_EXIT_USAGE;
	}
	return KABARD_RUN;
}

/* Loading is all that --check does; a broken file goes to stderr. */
static int
config_start(struct kabard *k, const struct options *opt)
{
	char err[1024];

	k->gw.cfg = config_load(opt->path, err, sizeof(err));
	if (k->gw.cfg == NULL) {
		fprintf(stderr, "%s\n", err);
		return KABARD_EXIT_USAGE;
	}
	k->gw.cfg_path = opt->path;
	apply_timezone(k->gw.cfg);
	config_warnings(k->gw.cfg);
	return KABARD_RUN;
}

/* Opening the store also migrates it, before any worker reads it. */
static int
store_start(struct kabard *k)
{
	char err[1024];

	umask(077);
	k->db = db_open(k->gw.cfg->database, err, sizeof(err));
	if (k->db == NULL) {
		log_errorx("%s", err);
		return KABARD_EXIT_FAIL;
	}
	return KABARD_RUN;
}

/* Signals are taken by this thread alone, with sigtimedwait. */
static void
signals_block(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGHUP);
	sigaddset(set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, set, NULL);
}

/*
 * What the workers share, set up before the first thread. A failure here
 * or in a worker that must run is fatal, this early.
 */
static void
runtime_init(struct kabard *k, const struct options *opt)
{
	ssize_t len;

	/* Before any thread: libcurl's global set-up is not thread-safe. */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		fatalx(KABARD_EXIT_FAIL, "cannot initialise libcurl");
	pthread_rwlock_init(&k->gw.cfg_lock, NULL);
	atomic_store(&k->gw.stopping, 0);
	/* Modem workers are this same program, started again. */
	len = readlink("/proc/self/exe", k->exe, sizeof(k->exe) - 1);
	if (len <= 0)
		fatalx(KABARD_EXIT_FAIL,
		    "cannot find this program's path in /proc/self/exe");
	k->exe[len] = '\0';
	k->gw.exe = k->exe;
	k->gw.verbose = opt->verbose;
	k->gw.use_syslog = opt->use_syslog;
	wakeup_init(&k->gw.inbox_wake);
	wakeup_init(&k->gw.outbox_wake);
}

static void
runtime_fini(struct kabard *k)
{
	wakeup_destroy(&k->gw.outbox_wake);
	wakeup_destroy(&k->gw.inbox_wake);
	pthread_rwlock_destroy(&k->gw.cfg_lock);
	curl_global_cleanup();
}

/*
 * In dependency order: the pipeline handles what the modems store, sync
 * sends what the pipeline wrote, and HTTP, the door for new work, opens
 * last. Without sync or HTTP SMS still flow; say so and go on.
 */
static void
workers_start(struct kabard *k)
{
	struct gateway *gw = &k->gw;
	char err[1024];
	size_t i;

	gw->pipeline = pipeline_start(gw, err, sizeof(err));
	if (gw->pipeline == NULL)
		fatalx(KABARD_EXIT_FAIL, "%s", err);
	gw->n_modems = gw->cfg->n_modems;
	gw->modems = xcalloc(gw->n_modems, sizeof(struct modem *));
	for (i = 0; i < gw->n_modems; i++) {
		gw->modems[i] = modem_start(gw, &gw->cfg->modems[i], err,
		    sizeof(err));
		if (gw->modems[i] == NULL)
			fatalx(KABARD_EXIT_FAIL, "%s", err);
	}
	k->sync = sync_worker_start(gw, err, sizeof(err));
	if (k->sync == NULL)
		log_errorx("District sync is off: %s.", err);
	if (gw->cfg->http_enabled) {
		k->http = http_start(gw, err, sizeof(err));
		if (k->http == NULL)
			log_errorx("The HTTP endpoint is off: %s.", err);
	}
}

/* The reverse: no new work comes in, and each finishes what it has. */
static void
workers_stop(struct kabard *k)
{
	struct gateway *gw = &k->gw;
	size_t i;

	atomic_store(&gw->stopping, 1);
	wakeup_post(&gw->outbox_wake);
	wakeup_post(&gw->inbox_wake);
	http_stop(k->http);
	sync_worker_stop(k->sync);
	for (i = 0; i < gw->n_modems; i++)
		modem_stop(gw->modems[i]);
	pipeline_stop(gw->pipeline);
	free(gw->modems);
}

static int
kabard_start(struct kabard *k, const struct options *opt)
{
	int rc;

	rc = store_start(k);
	if (rc != KABARD_RUN)
		return rc;
	signals_block(&k->signals);
	runtime_init(k, opt);
	workers_start(k);
	k->running = 1;
	log_info("kabard started: gateway '%s', %zu modem(s), database '%s'.",
	    k->gw.cfg->id, k->gw.n_modems, k->gw.cfg->database);
	return KABARD_RUN;
}

/* Until SIGTERM or SIGINT. SIGHUP reloads; the clock runs housekeeping. */
static void
kabard_loop(struct kabard *k)
{
	int64_t now, last_house = 0;
	int sig;

	for (;;) {
		struct timespec ts = { SIGNAL_WAIT_SECONDS, 0 };

		sig = sigtimedwait(&k->signals, NULL, &ts);
		if (sig == SIGTERM || sig == SIGINT)
			break;
		if (sig == SIGHUP)
			reload(&k->gw);
		now = now_wall();
		if (now - last_house >= HOUSEKEEPING_SECONDS) {
			housekeeping_run(&k->gw, k->db, now);
			last_house = now;
		}
	}
}

/* Undoes whatever part of the start-up was done, in reverse order. */
static void
kabard_stop(struct kabard *k)
{
	if (k->running) {
		log_info("Stopping: finishing the work in hand.");
		workers_stop(k);
		runtime_fini(k);
	}
	db_close(k->db);
	config_free(k->gw.cfg);
	if (k->running)
		log_info("kabard stopped.");
}

int
main(int argc, char **argv)
{
	struct options opt;
	struct kabard k;
	int rc;

	rc = options_parse(argc, argv, &opt);
	if (rc != KABARD_RUN)
		return rc;
	log_init("kabard", opt.use_syslog,
	    opt.verbose ? LOG_LVL_DEBUG : LOG_LVL_INFO);
	if (opt.modem_name != NULL)
		return modem_process(&opt);
	memset(&k, 0, sizeof(k));
	rc = config_start(&k, &opt);
	if (rc != KABARD_RUN)
		goto out;
	if (opt.check) {
		printf("%s: configuration OK\n", opt.path);
		rc = KABARD_EXIT_OK;
		goto out;
	}
	rc = kabard_start(&k, &opt);
	if (rc != KABARD_RUN)
		goto out;
	kabard_loop(&k);
	rc = KABARD_EXIT_OK;
out:
	kabard_stop(&k);
	return rc;
}
