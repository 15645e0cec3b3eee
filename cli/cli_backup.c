/*
 * kabar backup FILE and kabar restore FILE. A backup runs beside the
 * daemon (it only reads); a restore replaces the database under it and
 * so refuses while kabard runs: it takes the daemon's own lock
 * (DATABASE.lock, flock'd for the life of kabard) and holds it to the
 * end, so no kabard can start half way either.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "util.h"

int
cmd_backup(struct cli *c, int argc, char **argv)
{
	char err[1024];

	if (argc != 2 || argv[1][0] == '\0') {
		fprintf(stderr, "usage: kabar -c FILE backup COPY\n");
		return 2;
	}
	if (db_backup(c->db, argv[1], err, sizeof(err)) != 0) {
		fprintf(stderr, "kabar: backup: %s\n", err);
		return 1;
	}
	printf("The database is copied to %s.\n", argv[1]);
	return 0;
}

/* Run as root, a lock file made here would be root's, and kabard under
 * its own user could not open it: it belongs to the folder's owner. */
static void
give_to_folder_owner(int fd, const char *path)
{
	char dir[PATH_MAX], *slash;
	struct stat st;

	if (geteuid() != 0)
		return;
	strlcpy_k(dir, path, sizeof(dir));
	slash = strrchr(dir, '/');
	if (slash != NULL)
		*slash = '\0';
	if (stat(slash != NULL && dir[0] != '\0' ? dir : ".", &st) == 0 &&
	    st.st_uid != 0 && fchown(fd, st.st_uid, st.st_gid) != 0)
		fprintf(stderr, "kabar: cannot give '%s' to its folder's "
		    "owner: %s\n", path, strerror(errno));
}

/*
 * The daemon's lock, without waiting: its descriptor (close it to let
 * go), or -1 when kabard holds it (said, with its pid) or on an error.
 */
static int
daemon_lock(const char *database)
{
	char path[PATH_MAX], pid[32];
	ssize_t n;
	long holder;
	int fd;

	if (snprintf(path, sizeof(path), "%s.lock", database) >=
	    (int)sizeof(path)) {
		fprintf(stderr, "kabar: the database path is too long\n");
		return -1;
	}
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		fprintf(stderr, "kabar: cannot open the lock '%s': %s\n", path,
		    strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
		give_to_folder_owner(fd, path);
		return fd;
	}
	if (errno != EWOULDBLOCK) {
		fprintf(stderr, "kabar: cannot lock '%s': %s\n", path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	n = pread(fd, pid, sizeof(pid) - 1, 0);
	pid[n > 0 ? n : 0] = '\0';
	pid[strcspn(pid, "\n")] = '\0';
	if (parse_long(pid, 1, LONG_MAX, &holder) != 0)
		strlcpy_k(pid, "unknown", sizeof(pid));
	fprintf(stderr, "kabar: kabard (pid %s) is running on '%s'; stop it "
	    "first (systemctl stop kabard), then restore\n", pid, database);
	close(fd);
	return -1;
}

int
cmd_restore(struct cli *c, int argc, char **argv)
{
	const char *database = c->cfg->database;
	char err[1024];
	int fd, version = 0;

	if (argc != 2 || argv[1][0] == '\0') {
		fprintf(stderr, "usage: kabar -c FILE restore COPY\n");
		return 2;
	}
	if (access(argv[1], R_OK) != 0) {
		fprintf(stderr, "kabar: restore: %s: %s\n", argv[1],
		    strerror(errno));
		return 1;
	}
	fd = daemon_lock(database);
	if (fd < 0)
		return 1;
	if (db_restore(argv[1], database, &version, err, sizeof(err)) != 0) {
		fprintf(stderr, "kabar: restore: %s\n", err);
		close(fd);
		return 1;
	}
	close(fd);
	printf("Restored %s (schema %d) as %s, with a new identity for its "
	    "records to the district.\n", argv[1], version, database);
	if (snprintf(err, sizeof(err), "%s.before-restore", database) <
	    (int)sizeof(err) && access(err, F_OK) == 0)
		printf("The database it replaced is kept as %s.\n", err);
	return 0;
}
