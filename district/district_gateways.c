/*
 * The gateways registered in the district store (district_gateways.h).
 * Every query is written once for both stores (dsql.h); nothing about a
 * gateway is kept in a receiver's memory, so any receiver may answer any
 * request and a revocation holds everywhere at once.
 */
#include "district_gateways.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "district_store.h"
#include "dsql.h"
#include "log.h"
#include "util.h"

static const struct dsql_query q_list = {
	"SELECT id, name, region, release, newest_at, created_at, "
	"last_contact, revoked_at, records FROM gateways ORDER BY id", NULL };

struct list_cb {
	dgw_row_fn	 fn;
	void		*arg;
};

static int64_t
num(const char *v)
{
	return v != NULL ? strtoll(v, NULL, 10) : 0;
}

static int
list_row(void *arg, int ncols, const char *const *v)
{
	struct list_cb *l = arg;
	struct dgw_row g;

	(void)ncols;
	g.id = v[0];
	g.name = v[1];
	g.region = v[2];
	g.release = v[3];
	g.newest_at = v[4];
	g.created_at = num(v[5]);
	g.last_contact = num(v[6]);
	g.revoked_at = num(v[7]);
	g.records = (long)num(v[8]);
	return l->fn(l->arg, &g);
}

int
dgw_list(struct ddb *d, dgw_row_fn fn, void *arg)
{
	struct list_cb l = { fn, arg };

	return dsql_run(ddb_sql(d), &q_list, 0, NULL, list_row, &l) == 0 ? 0 :
	    -1;
}
