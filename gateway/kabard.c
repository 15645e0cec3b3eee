/*
 * kabard: the village gateway daemon. Loads the configuration, opens and
 * migrates the database, starts one worker per modem and the pipeline,
 * then waits for signals: SIGTERM/SIGINT stop taking new work, finish what
 * is in flight and exit 0; SIGHUP reloads the configuration, keeping the
 * old one when the new one is broken. Between signals it runs the
 * housekeeping (housekeeping.c). Under systemd (Type=notify) it says
 * READY=1 once the store is open and the workers run, pings the watchdog
 * from the main loop and says STOPPING=1 on the way out (notify.h).
 */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "version.h"
#include "config.h"
#include "db.h"
#include "housekeeping.h"
#include "http.h"
#include "log.h"
#include "modem.h"
#include "notify.h"
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
#define SIGNAL_WAIT_MS 1000

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
	int		 lock_fd;	/* DATABASE.lock, held; -1 before */
	sigset_t	 signals;	/* taken by the main thread alone */
	int		 running;	/* threads started: stop them */
	int64_t		 watchdog_ms;	/* WATCHDOG=1 this often; 0: none */
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
	    "usage: kabard -c FILE [--check] [--syslog] [-v] | --version\n"
	    "  -c, --config FILE  the configuration (see conf/kabar.conf.example)\n"
	    "  --check            check the configuration and exit\n"
	    "  --syslog           log to syslog instead of stderr\n"
	    "  -v, --verbose      log at debug level (shows numbers and texts)\n"
	    "  --version          which kabard this is\n");
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
	for (i = 0; i < cfg->n_modems; i++)
		if (config_device_missing(&cfg->modems[i]))
			log_warnx("%s: modem %s: device '%s' does not exist "
			    "(yet?): is the modem plugged in? ls "
			    "/dev/serial/by-id/ shows the ports there are.",
			    cfg->path, cfg->modems[i].name,
			    cfg->modems[i].device);
}

static void
apply_timezone(const struct gw_config *cfg)
{
	setenv("TZ", cfg->timezone, 1);
	tzset();
}

/*
 * Settings a reload cannot apply: the store, the time zone and the HTTP
 * socket are set up once at start-up, and each modem's worker copies its
 * settings when it starts. The running values stay in use, so the
 * operator is told which ones wait for a restart.
 */
enum setting_type { SETTING_STR, SETTING_INT, SETTING_STRS };

struct restart_setting {
	const char	*name;
	enum setting_type type;
	size_t		 off;
	size_t		 off_n;		/* SETTING_STRS: the count */
};

#define G(f) offsetof(struct gw_config, f)
#define M(f) offsetof(struct modem_conf, f)

static const struct restart_setting restart_gateway[] = {
	{ "gateway.database", SETTING_STR, G(database), 0 },
	{ "gateway.timezone", SETTING_STR, G(timezone), 0 },
	{ "http.enabled", SETTING_INT, G(http_enabled), 0 },
	{ "http.listen", SETTING_STR, G(http_listen), 0 },
	{ NULL, 0, 0, 0 }
};

static const struct restart_setting restart_modem[] = {
	{ "device", SETTING_STR, M(device), 0 },
	{ "connection", SETTING_STR, M(connection), 0 },
	{ "model", SETTING_STR, M(model), 0 },
	{ "send_per_minute", SETTING_INT, M(send_per_minute), 0 },
	{ "poll_ms", SETTING_INT, M(poll_ms), 0 },
	{ "daily_cap", SETTING_INT, M(daily_cap), 0 },
	{ "operator_prefixes", SETTING_STRS, M(prefixes), M(n_prefixes) },
	{ "rest_seconds", SETTING_INT, M(rest_seconds), 0 },
	{ "health_seconds", SETTING_INT, M(health_seconds), 0 },
	{ "watchdog_seconds", SETTING_INT, M(watchdog_seconds), 0 },
	{ "delivery_reports", SETTING_INT, M(delivery_reports), 0 },
	{ "reset_command", SETTING_STR, M(reset_command), 0 },
	{ "balance_ussd", SETTING_STR, M(balance_ussd), 0 },
	{ "balance_pattern", SETTING_STR, M(balance_pattern), 0 },
	{ "balance_hours", SETTING_INT, M(balance_hours), 0 },
	{ "balance_warn", SETTING_INT, M(balance_warn), 0 },
	{ "balance_floor", SETTING_INT, M(balance_floor), 0 },
	{ NULL, 0, 0, 0 }
};

#undef G
#undef M

/* A setting's value as the log shows it; comparing these compares them. */
static void
setting_text(const struct restart_setting *rs, const void *base,
    struct strbuf *out)
{
	const char *p = (const char *)base + rs->off;
	char *const *v;
	size_t i, n;

	sb_reset(out);
	switch (rs->type) {
	case SETTING_STR:
		sb_addf(out, "'%s'", *(char *const *)p);
		break;
	case SETTING_INT:
		sb_addf(out, "%d", *(const int *)p);
		break;
	case SETTING_STRS:
		v = *(char **const *)p;
		n = *(const size_t *)((const char *)base + rs->off_n);
		sb_addc(out, '[');
		for (i = 0; i < n; i++)
			sb_addf(out, "%s'%s'", i > 0 ? ", " : "", v[i]);
		sb_addc(out, ']');
		break;
	}
}

/* Each setting of table that the new file changes: said; how many. */
static int
restart_diff(const char *what, const struct restart_setting *table,
    const void *running, const void *fresh)
{
	struct strbuf was = STRBUF_INIT, now = STRBUF_INIT;
	int n = 0;

	for (; table->name != NULL; table++) {
		setting_text(table, running, &was);
		setting_text(table, fresh, &now);
		if (strcmp(sb_str(&was), sb_str(&now)) == 0)
			continue;
		log_warnx("Reload: %s%s changed from %s to %s; it takes "
		    "effect only after a restart, %s stays in use until then.",
		    what, table->name, sb_str(&was), sb_str(&now),
		    sb_str(&was));
		n++;
	}
	sb_free(&was);
	sb_free(&now);
	return n;
}

/* The modems, matched by name: changed, gone or new. */
static int
restart_modems(const struct gw_config *running, const struct gw_config *fresh)
{
	const struct modem_conf *mc;
	char what[64];
	size_t i;
	int n = 0;

	for (i = 0; i < running->n_modems; i++) {
		mc = config_modem(fresh, running->modems[i].name);
		if (mc == NULL) {
			log_warnx("Reload: modem '%s' is gone from the file; "
			    "it keeps running until a restart.",
			    running->modems[i].name);
			n++;
			continue;
		}
		snprintf(what, sizeof(what), "modem '%s' ", mc->name);
		n += restart_diff(what, restart_modem, &running->modems[i], mc);
	}
	for (i = 0; i < fresh->n_modems; i++)
		if (config_modem(running, fresh->modems[i].name) == NULL) {
			log_warnx("Reload: modem '%s' is new in the file; it "
			    "starts only after a restart.",
			    fresh->modems[i].name);
			n++;
		}
	return n;
}

static void
reload(struct gateway *gw)
{
	char err[1024];
	struct gw_config *fresh, *old;
	int waiting;

	fresh = config_load(gw->cfg_path, err, sizeof(err));
	if (fresh == NULL) {
		log_errorx("Reload refused: %s. The running configuration "
		    "stays in force.", err);
		return;
	}
	config_warnings(fresh);
	pthread_rwlock_wrlock(&gw->cfg_lock);
	old = gw->cfg;
	waiting = restart_diff("", restart_gateway, old, fresh) +
	    restart_modems(old, fresh);
	gw->cfg = fresh;
	pthread_rwlock_unlock(&gw->cfg_lock);
	config_free(old);
	atomic_fetch_add(&gw->reloads, 1);
	if (waiting > 0)
		log_info("Configuration reloaded from '%s'; %d setting(s) "
		    "wait for a restart.", gw->cfg_path, waiting);
	else
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
		{ "version", no_argument, NULL, 'V' },
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
		case 'V':
			printf("kabard %s\n", KABAR_VERSION);
			return KABARD_EXIT_OK;
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
		log_plain_error("%s", err);
		return KABARD_EXIT_USAGE;
	}
	k->gw.cfg_path = opt->path;
	apply_timezone(k->gw.cfg);
	config_warnings(k->gw.cfg);
	return KABARD_RUN;
}

/*
 * The lock lives beside the database, so its folder is made first, as
 * db_open makes it for a database that does not exist yet: the last
 * folder only, private.
 */
static int
lock_folder(const char *path)
{
	char dir[PATH_MAX], *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		log_warn("Cannot create the database's folder '%s'", dir);
		return -1;
	}
	return 0;
}

/*
 * One daemon per database: a second one would drive the same modems and,
 * stopping, mark them stopped under the first. flock(2) on DATABASE.lock
 * is held for the life of the process and let go by the kernel however
 * it ends (kill -9 too); the file keeps the holder's pid for the
 * message. Close-on-exec: the modem workers, this program started again,
 * neither hold nor take it. Before anything opens the store.
 */
static int
lock_take(struct kabard *k)
{
	const char *database = k->gw.cfg->database;
	char path[PATH_MAX], pid[32];
	ssize_t n;
	long holder;
	int fd;

	if (snprintf(path, sizeof(path), "%s.lock", database) >=
	    (int)sizeof(path)) {
		log_errorx("The database path '%s' is too long.", database);
		return KABARD_EXIT_FAIL;
	}
	if (lock_folder(path) != 0)
		return KABARD_EXIT_FAIL;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd == -1) {
		log_warn("Cannot open the lock file '%s'", path);
		return KABARD_EXIT_FAIL;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK) {
			log_warn("Cannot lock '%s'", path);
			close(fd);
			return KABARD_EXIT_FAIL;
		}
		/* Empty while the holder is between its lock and its write. */
		n = pread(fd, pid, sizeof(pid) - 1, 0);
		pid[n > 0 ? n : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		if (parse_long(pid, 1, LONG_MAX, &holder) != 0)
			snprintf(pid, sizeof(pid), "unknown");
		log_errorx("The database '%s' is in use by another kabard "
		    "(pid %s, lock '%s'); one daemon per database. Not "
		    "starting.", database, pid, path);
		close(fd);
		return KABARD_EXIT_FAIL;
	}
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n)
		log_warn("Cannot write this pid into '%s'", path);
	k->lock_fd = fd;
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

	rc = lock_take(k);
	if (rc != KABARD_RUN)
		return rc;
	notify_status("Opening the database '%s'.", k->gw.cfg->database);
	rc = store_start(k);
	if (rc != KABARD_RUN)
		return rc;
	signals_block(&k->signals);
	runtime_init(k, opt);
	workers_start(k);
	k->running = 1;
	k->watchdog_ms = notify_watchdog_interval_ms();
	log_info("kabard started: gateway '%s', %zu modem(s), database '%s'.",
	    k->gw.cfg->id, k->gw.n_modems, k->gw.cfg->database);
	notify_ready("Running: gateway '%s', %zu modem(s).", k->gw.cfg->id,
	    k->gw.n_modems);
	return KABARD_RUN;
}

/*
 * How long to wait for a signal: SIGNAL_WAIT_MS, or less when the next
 * watchdog ping falls due sooner.
 */
static struct timespec
loop_wait(const struct kabard *k, int64_t next_ping)
{
	int64_t ms = SIGNAL_WAIT_MS, left;

	if (k->watchdog_ms > 0) {
		left = next_ping - now_mono_ms();
		if (left < ms)
			ms = left > 0 ? left : 0;
	}
	return (struct timespec){ ms / 1000, (ms % 1000) * 1000000 };
}

/* A reload, told to the service manager around it. */
static void
kabard_reload(struct kabard *k)
{
	notify_reloading();
	reload(&k->gw);
	notify_ready("Running: gateway '%s', %zu modem(s); configuration "
	    "reloaded.", k->gw.cfg->id, k->gw.n_modems);
}

/* The modems of the status line: how many, how many up. */
struct modems_up {
	int	n;
	int	up;
};

static int
status_modem(void *arg, int ncol, const char *const *names,
    const char *const *vals)
{
	struct modems_up *m = arg;

	(void)ncol;
	(void)names;
	m->n++;
	if (vals[1] != NULL && strcmp(vals[1], "up") == 0)
		m->up++;
	return 0;
}

static int
status_backlog(void *arg, int ncol, const char *const *names,
    const char *const *vals)
{
	(void)ncol;
	(void)names;
	if (vals[0] == NULL || parse_long(vals[0], 0, LONG_MAX, arg) != 0)
		*(long *)arg = -1;
	return 0;
}

/*
 * What `systemctl status kabard` shows between events: the modems up and
 * the records waiting for the district, read with the housekeeping.
 */
static void
status_update(struct kabard *k)
{
	struct modems_up m = { 0, 0 };
	long backlog = -1;

	if (!notify_wanted())
		return;
	if (db_report(k->db, REP_MODEMS, -1, status_modem, &m) != 0 ||
	    db_report(k->db, REP_BACKLOG, 1, status_backlog, &backlog) != 0 ||
	    backlog < 0)
		return;
	notify_status("Running: gateway '%s', %d of %d modem(s) up, %ld "
	    "record(s) waiting for the district.", k->gw.cfg->id, m.up, m.n,
	    backlog);
}

/*
 * Until SIGTERM or SIGINT. SIGHUP reloads; the clock runs housekeeping.
 * The watchdog is fed here, so a main loop stuck for WatchdogSec (in a
 * reload or the housekeeping) gets the daemon restarted.
 */
static void
kabard_loop(struct kabard *k)
{
	int64_t now, last_house = 0, next_ping = 0;
	int sig;

	for (;;) {
		struct timespec ts = loop_wait(k, next_ping);

		sig = sigtimedwait(&k->signals, NULL, &ts);
		if (sig == SIGTERM || sig == SIGINT)
			break;
		if (k->watchdog_ms > 0 && now_mono_ms() >= next_ping) {
			notify_watchdog();
			next_ping = now_mono_ms() + k->watchdog_ms;
		}
		if (sig == SIGHUP)
			kabard_reload(k);
		now = now_wall();
		if (now - last_house >= HOUSEKEEPING_SECONDS) {
			housekeeping_run(&k->gw, k->db, now);
			status_update(k);
			last_house = now;
		}
	}
}

/* Undoes whatever part of the start-up was done, in reverse order. */
static void
kabard_stop(struct kabard *k)
{
	if (k->running) {
		notify_stopping("Stopping: finishing the work in hand.");
		log_info("Stopping: finishing the work in hand.");
		workers_stop(k);
		runtime_fini(k);
	}
	db_close(k->db);
	config_free(k->gw.cfg);
	/* Last: the next daemon may start once this one has let go. */
	if (k->lock_fd != -1)
		close(k->lock_fd);
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
	k.lock_fd = -1;
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
