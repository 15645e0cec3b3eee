/*
 * kabard: the village gateway daemon. Loads the configuration, opens and
 * migrates the database, starts one worker per modem and the pipeline,
 * then waits for signals: SIGTERM/SIGINT stop taking new work, finish what
 * is in flight and exit 0; SIGHUP reloads the configuration, keeping the
 * old one when the new one is broken.
 */
#include <curl/curl.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "broadcast.h"
#include "config.h"
#include "db.h"
#include "runtime.h"
#include "http.h"
#include "log.h"
#include "modem.h"
#include "pipeline.h"
#include "sync.h"
#include "util.h"

#define HOUSEKEEPING_SECONDS 10

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
modem_process(const char *path, const char *name, int verbose,
    int use_syslog, const struct worker_start *ws)
{
	const struct modem_conf *mc;
	struct sigaction sa;
	struct gateway gw;
	char err[1024];

	log_init("kabard", use_syslog, verbose ? LOG_LVL_DEBUG : LOG_LVL_INFO);
	memset(&gw, 0, sizeof(gw));
	gw.cfg = config_load(path, err, sizeof(err));
	if (gw.cfg == NULL) {
		log_errorx("%s", err);
		return 2;
	}
	if ((mc = config_modem(gw.cfg, name)) == NULL) {
		log_errorx("%s: no modem named '%s'.", path, name);
		config_free(gw.cfg);
		return 2;
	}
	apply_timezone(gw.cfg);
	gw.cfg_path = path;
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
	modem_worker_run(&gw, mc, 3, ws);
	pthread_rwlock_destroy(&gw.cfg_lock);
	config_free(gw.cfg);
	return 0;
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
reload(struct gateway *gw, const char *path)
{
	char err[1024];
	struct gw_config *fresh = config_load(path, err, sizeof(err)), *old;

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
	log_info("Configuration reloaded from '%s'.", path);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
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
	const char *path = NULL, *modem_name = NULL;
	char exe[4096];
	ssize_t exelen;
	int check = 0, use_syslog = 0, verbose = 0, c, sig;
	struct worker_start ws = { 0, -1, -1, -1, -1 };
	struct gateway gw;
	struct http *http = NULL;
	struct sync_worker *sync = NULL;
	struct db *db;
	char err[1024];
	sigset_t set;
	size_t i;
	int64_t last_house = 0;

	while ((c = getopt_long(argc, argv, "c:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			path = optarg;
			break;
		case 'C':
			check = 1;
			break;
		case 'S':
			use_syslog = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'M':
			modem_name = optarg;
			break;
		case 'A':
			ws.after_hang = 1;
			break;
		case 'K':
			if (modem_place(optarg, &ws.careful_folder,
			    &ws.careful_loc) != 0)
				return 2;
			break;
		case 'Q':
			if (modem_place(optarg, &ws.bad_folder,
			    &ws.bad_loc) != 0)
				return 2;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (path == NULL || optind != argc) {
		usage(stderr);
		return 2;
	}
	if (modem_name != NULL)
		return modem_process(path, modem_name, verbose, use_syslog,
		    &ws);
	log_init("kabard", use_syslog, verbose ? LOG_LVL_DEBUG : LOG_LVL_INFO);
	memset(&gw, 0, sizeof(gw));
	gw.cfg = config_load(path, err, sizeof(err));
	if (gw.cfg == NULL) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	apply_timezone(gw.cfg);
	config_warnings(gw.cfg);
	if (check) {
		printf("%s: configuration OK\n", path);
		config_free(gw.cfg);
		return 0;
	}
	umask(077);
	db = db_open(gw.cfg->database, err, sizeof(err));
	if (db == NULL) {
		log_errorx("%s", err);
		config_free(gw.cfg);
		return 1;
	}

	/* Signals are taken by this thread alone, with sigtimedwait. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	/* Before any thread: libcurl's global set-up is not thread-safe. */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		fatalx(1, "cannot initialise libcurl");
	pthread_rwlock_init(&gw.cfg_lock, NULL);
	atomic_store(&gw.stopping, 0);
	/* Modem workers are this same program, started again. */
	exelen = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (exelen <= 0)
		fatalx(1, "cannot find this program's path in /proc/self/exe");
	exe[exelen] = '\0';
	gw.exe = exe;
	gw.cfg_path = path;
	gw.verbose = verbose;
	gw.use_syslog = use_syslog;
	wakeup_init(&gw.inbox_wake);
	wakeup_init(&gw.outbox_wake);
	gw.pipeline = pipeline_start(&gw, err, sizeof(err));
	if (gw.pipeline == NULL)
		fatalx(1, "%s", err);
	gw.n_modems = gw.cfg->n_modems;
	gw.modems = xcalloc(gw.n_modems, sizeof(struct modem *));
	for (i = 0; i < gw.n_modems; i++) {
		gw.modems[i] = modem_start(&gw, &gw.cfg->modems[i], err,
		    sizeof(err));
		if (gw.modems[i] == NULL)
			fatalx(1, "%s", err);
	}
	if (gw.cfg->http_enabled) {
		/* Without the endpoint SMS still flow; say so and go on. */
		http = http_start(&gw, err, sizeof(err));
		if (http == NULL)
			log_errorx("The HTTP endpoint is off: %s.", err);
	}
	sync = sync_worker_start(&gw, err, sizeof(err));
	if (sync == NULL)
		log_errorx("District sync is off: %s.", err);
	log_info("kabard started: gateway '%s', %zu modem(s), database '%s'.",
	    gw.cfg->id, gw.n_modems, gw.cfg->database);

	for (;;) {
		struct timespec ts = { 1, 0 };
		int64_t now;

		sig = sigtimedwait(&set, NULL, &ts);
		if (sig == SIGTERM || sig == SIGINT)
			break;
		if (sig == SIGHUP)
			reload(&gw, path);
		now = now_wall();
		if (now - last_house >= HOUSEKEEPING_SECONDS) {
			const struct gw_config *cfg = gw_config_get(&gw);
			int released = db_parts_release(db,
			    now - cfg->multipart_timeout, now);

			if (broadcast_finish(db, cfg, now) > 0)
				wakeup_post(&gw.outbox_wake);
			/* No status report in time: another modem tries. */
			if (db_delivery_overdue(db, now -
			    (int64_t)cfg->delivery_minutes * 60,
			    MODEM_MAX_TRIES, now) > 0)
				wakeup_post(&gw.outbox_wake);
			gw_config_put(&gw);
			if (released > 0)
				wakeup_post(&gw.inbox_wake);
			last_house = now;
		}
	}

	log_info("Stopping: finishing the work in hand.");
	atomic_store(&gw.stopping, 1);
	wakeup_post(&gw.outbox_wake);
	wakeup_post(&gw.inbox_wake);
	http_stop(http);
	sync_worker_stop(sync);
	for (i = 0; i < gw.n_modems; i++)
		modem_stop(gw.modems[i]);
	pipeline_stop(gw.pipeline);
	free(gw.modems);
	db_close(db);
	wakeup_destroy(&gw.inbox_wake);
	wakeup_destroy(&gw.outbox_wake);
	pthread_rwlock_destroy(&gw.cfg_lock);
	config_free(gw.cfg);
	curl_global_cleanup();
	log_info("kabard stopped.");
	return 0;
}
