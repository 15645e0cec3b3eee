/*
 * The store under the conditions a board in the field meets: several
 * programs opening a new database at the same moment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test.h"
#include "db.h"
#include "log.h"

#define OPENERS 6
#define ROUNDS 15

/* Each child waits on the pipe, so all open at once when it closes. */
static int
open_at_once(const char *path)
{
	pid_t kids[OPENERS];
	int fds[2], i, bad = 0, status;

	if (pipe(fds) != 0)
		return -1;
	for (i = 0; i < OPENERS; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			char c, err[512];
			struct db *db;

			close(fds[1]);
			(void)read(fds[0], &c, 1);
			db = db_open(path, err, sizeof(err));
			if (db == NULL)
				fprintf(stderr, "opener %d: %s\n", i, err);
			db_close(db);
			_exit(db == NULL);
		}
	}
	close(fds[0]);
	close(fds[1]);
	for (i = 0; i < OPENERS; i++) {
		if (kids[i] < 0 || waitpid(kids[i], &status, 0) < 0 ||
		    !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			bad++;
	}
	return bad;
}

TEST(new_database_opened_by_many_at_once)
{
	char dir[] = "/tmp/kabar-store-XXXXXX", path[128], cmd[160];
	int r;

	log_init("test", 0, LOG_LVL_WARN);
	TEST_CHECK(mkdtemp(dir) != NULL);
	for (r = 0; r < ROUNDS; r++) {
		snprintf(path, sizeof(path), "%s/k%d.db", dir, r);
		TEST_CHECK_INT(open_at_once(path), 0);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	(void)system(cmd);
}

TEST_MAIN("store",
	T(new_database_opened_by_many_at_once),
)
