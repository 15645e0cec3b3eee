/*
 * `kabar sync`: the district link from the operator's side. `now` makes
 * one attempt on the spot (alongside the daemon's worker: the district
 * stores each record once and updates are applied under the stored
 * cursor, so two at once do no harm); `rejected` lists the records the
 * district refused; `retry` puts them back in the queue.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "sync.h"

static int
sync_now(struct cli *c)
{
	struct gateway gw;
	struct sync_result r;
	struct sync *s;
	int backlog;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		fprintf(stderr, "kabar: cannot initialise libcurl\n");
		return 1;
	}
	memset(&gw, 0, sizeof(gw));
	gw.cfg = (struct gw_config *)c->cfg;
	pthread_rwlock_init(&gw.cfg_lock, NULL);
	atomic_store(&gw.stopping, 0);
	if ((s = sync_new(c->db)) == NULL) {
		pthread_rwlock_destroy(&gw.cfg_lock);
		curl_global_cleanup();
		return 1;
	}
	sync_round(s, &gw, &r);
	sync_free(s);
	pthread_rwlock_destroy(&gw.cfg_lock);
	curl_global_cleanup();
	backlog = db_sync_backlog(c->db);
	if (r.outcome == SYNC_OK) {
		printf("sync done: %d record(s) accepted, %d set aside, %d "
		    "update(s) applied, %d waiting\n", r.accepted, r.set_aside,
		    r.updates, backlog);
		printf("bytes: %ld sent, %ld received\n", r.bytes_up,
		    r.bytes_down);
		return 0;
	}
	fprintf(stderr, "kabar: sync %s: %s (%d accepted first, %d "
	    "waiting)\n", r.outcome == SYNC_OFF ? "is off" : "failed",
	    r.error, r.accepted, backlog);
	return 1;
}

/* kabar sync now | rejected [--json] | retry */
int
cmd_sync(struct cli *c, int argc, char **argv)
{
	struct listing l = { 0 };
	int n;

	if (argc == 2 && strcmp(argv[1], "now") == 0)
		return sync_now(c);
	if (argc >= 2 && argc <= 3 && strcmp(argv[1], "rejected") == 0) {
		l.json = argc == 3 && strcmp(argv[2], "--json") == 0;
		l.columns = (const char *const[]){ "seq", "type", "at",
		    "status", "reason", NULL };
		if (argc == 3 && !l.json)
			goto usage;
		if (db_report(c->db, REP_SYNC_REJECTED, -1, cli_print_row,
		    &l) != 0)
			return 1;
		if (!l.json && l.rows == 0)
			printf("no records set aside\n");
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "retry") == 0) {
		if (db_begin(c->db) != 0)
			return 1;
		if ((n = db_sync_retry_rejected(c->db)) < 0 ||
		    db_commit(c->db) != 0) {
			db_rollback(c->db);
			return 1;
		}
		printf("%d record(s) back in the queue for the district\n", n);
		return 0;
	}
usage:
	fprintf(stderr, "usage: kabar -c FILE sync now | rejected [--json] | "
	    "retry\n");
	return 2;
}
