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
		fprintf(stderr, L(c, "kabar: cannot initialise libcurl\n",
		    "kabar: libcurl tidak bisa dimulai\n"));
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
		printf(L(c, "sync done: %d record(s) accepted, %d set aside, "
		    "%d update(s) applied, %d waiting\n", "sinkron selesai: "
		    "%d catatan diterima, %d disisihkan, %d pembaruan "
		    "diterapkan, %d menunggu\n"), r.accepted, r.set_aside,
		    r.updates, backlog);
		printf(L(c, "bytes: %ld sent, %ld received\n", "bita: %ld "
		    "terkirim, %ld diterima\n"), r.bytes_up, r.bytes_down);
		return 0;
	}
	fprintf(stderr, L(c, "kabar: sync %s: %s (%d accepted first, %d "
	    "waiting)\n", "kabar: sinkron %s: %s (%d diterima lebih dulu, %d "
	    "menunggu)\n"), r.outcome == SYNC_OFF ? L(c, "is off", "mati") :
	    L(c, "failed", "gagal"), r.error, r.accepted, backlog);
	return 1;
}

/* kabar sync now | rejected [--json] | retry */
int
cmd_sync(struct cli *c, int argc, char **argv)
{
	struct listing l;
	int n, rc;

	if (argc == 2 && strcmp(argv[1], "now") == 0)
		return sync_now(c);
	if (argc >= 2 && argc <= 3 && strcmp(argv[1], "rejected") == 0) {
		listing_init(&l, c, (const char *const[]){ "seq", "type", "at",
		    "status", "reason", NULL });
		l.json = argc == 3 && strcmp(argv[2], "--json") == 0;
		if (argc == 3 && !l.json)
			return cli_unexpected(c, argv[2]);
		l.quiet_empty = 1;
		rc = db_report(c->db, REP_SYNC_REJECTED, -1, cli_print_row,
		    &l);
		if (!l.json && l.rows == 0) {
			printf(L(c, "no records set aside\n", "tidak ada "
			    "catatan yang disisihkan\n"));
			l.columns = NULL;
		}
		listing_end(&l);
		return rc == 0 ? 0 : 1;
	}
	if (argc == 2 && strcmp(argv[1], "retry") == 0) {
		if (db_begin(c->db) != 0)
			return 1;
		if ((n = db_sync_retry_rejected(c->db)) < 0 ||
		    db_commit(c->db) != 0) {
			db_rollback(c->db);
			return 1;
		}
		printf(L(c, "%d record(s) back in the queue for the "
		    "district\n", "%d catatan kembali ke antrean untuk "
		    "kabupaten\n"), n);
		return 0;
	}
	return argc < 2 ? cli_usage(c) : cli_unexpected(c, argv[argc - 1]);
}
