/*
 * DAFTAR nama [#GRUP] (REG): a resident registers for broadcasts, polls and
 * surveys, or updates the name or group. It also ends an earlier opt-out.
 */
#include "handlers.h"

#include <ctype.h>
#include <jansson.h>
#include <string.h>

#include "privacy.h"
#include "words.h"
#include "smstext.h"

#define NAME_MAX_CHARS 40
#define GROUP_MAX 32

/* The group list for the "unknown group" reply, cut to fit one SMS. */
static void
group_list(const struct gw_config *cfg, char *out, size_t outsz)
{
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < cfg->n_groups; i++) {
		size_t n = strlen(cfg->groups[i]);

		if (len + n + 3 >= outsz || len + n > 70) {
			strlcpy_k(out + len, "...", outsz - len);
			return;
		}
		len += (size_t)snprintf(out + len, outsz - len, "%s%s",
		    i ? ", " : "", cfg->groups[i]);
	}
}

int
h_register(struct svc *ctx, const char *args, struct reply *out)
{
	char name[NAME_MAX_CHARS * 4 + 1], grp[GROUP_MAX] = "";
	const char *hash = strchr(args, '#');
	size_t n = hash != NULL ? (size_t)(hash - args) : strlen(args), i;
	struct resident old = { 0 };
	int existed;

	if (n >= sizeof(name))
		n = sizeof(name) - 1;
	memcpy(name, args, n);
	name[n] = '\0';
	squeeze_spaces(name);
	if (hash != NULL) {
		const char *p = hash + 1;

		if (next_word(&p, grp, sizeof(grp)) != 0)
			grp[0] = '\0';
		for (i = 0; grp[i] != '\0'; i++)
			grp[i] = (char)toupper((unsigned char)grp[i]);
	}
	if (name[0] == '\0') {
		reply_set(ctx, out, R_REGISTER_USAGE, NULL);
		return 0;
	}
	utf8_truncate(name, NAME_MAX_CHARS);
	if (grp[0] != '\0' && !config_group_known(ctx->cfg, grp)) {
		char list[96];

		group_list(ctx->cfg, list, sizeof(list));
		reply_set(ctx, out, R_UNKNOWN_GROUP, "group", grp, "groups",
		    list, NULL);
		return 0;
	}
	existed = db_resident_get(ctx->db, ctx->phone, &old);
	if (existed < 0)
		return -1;
	if (db_resident_put(ctx->db, ctx->phone, name,
	    grp[0] ? grp : NULL, ctx->now) != 0) {
		resident_clear(&old);
		return -1;
	}
	if (privacy_registration(ctx, name, grp[0] ? grp : (existed == 0 ?
	    old.grp : NULL), NULL) != 0) {
		resident_clear(&old);
		return -1;
	}
	if (existed == 0 && old.opted_out_at == 0 && old.name[0] != '\0')
		reply_set(ctx, out, R_REGISTER_UPDATED, "name", name, "group",
		    grp[0] ? grp : (old.grp ? old.grp : ""), NULL);
	else if (grp[0] != '\0')
		reply_set(ctx, out, R_REGISTERED_GROUP, "name", name, "group",
		    grp, NULL);
	else
		reply_set(ctx, out, R_REGISTERED, "name", name, NULL);
	resident_clear(&old);
	return 0;
}
