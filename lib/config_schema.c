/*
 * The schema of the configuration file: for every section, the keys it
 * may hold, their type, where the value goes, their range and default.
 * config_walk.c reads a file through these tables and frees what it read
 * through them again, so a new key is added here and nowhere else.
 */
#include <stddef.h>

#include "config_int.h"

/* Offsets are into struct gw_config unless noted. */
#define G(f) offsetof(struct gw_config, f)
#define M(f) offsetof(struct modem_conf, f)
#define A(f) offsetof(struct admin_conf, f)
#define L(f) offsetof(struct letter_conf, f)
#define C(f) offsetof(struct category_conf, f)
#define Q(f) offsetof(struct counter_conf, f)

static const struct key gateway_keys[] = {
	{ "id", K_STR, G(id), 1, 64, REQUIRED, 0, check_name, NULL, 0, 0, NULL },
	/* Where a packaged install keeps it; a relative path is taken from
	 * the configuration file's folder (config_paths.c). */
	{ "database", K_STR, G(database), 1, 4096, "/var/lib/kabar/kabar.db",
	    0, NULL, NULL, 0, 0, NULL },
	{ "language", K_STR, G(language), 2, 2, "id", 0, check_language, NULL,
	    0, 0, NULL },
	{ "country_code", K_STR, G(country_code), 1, 3, "62", 0, check_digits,
	    NULL, 0, 0, NULL },
	{ "timezone", K_STR, G(timezone), 1, 64, "Asia/Jakarta", 0,
	    check_timezone, NULL, 0, 0, NULL },
	{ "daily_sms_budget", K_INT, G(daily_sms_budget), 0, 1000000, NULL,
	    2000, NULL, NULL, 0, 0, NULL },
	{ "multipart_timeout", K_INT, G(multipart_timeout), 10, 7 * 86400,
	    NULL, 3600, NULL, NULL, 0, 0, NULL },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};

static const struct key broadcast_keys[] = {
	{ "quiet_hours", K_STR, G(quiet_hours), 0, 11, "21:00-06:00", 0,
	    check_hours, NULL, 0, 0, NULL },
	{ "price_per_sms", K_INT, G(price_per_sms), 0, 100000, NULL, 150,
	    NULL, NULL, 0, 0, NULL },
	{ "confirm_minutes", K_INT, G(confirm_minutes), 1, 1440, NULL, 10,
	    NULL, NULL, 0, 0, NULL },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};

static const struct key calls_keys[] = {
	{ "missed_call", K_STR, G(missed_call), 0, 160, "", 0, NULL, NULL, 0,
	    0, NULL },
	{ "per_number_hours", K_INT, G(missed_call_hours), 1, 720, NULL, 24,
	    NULL, NULL, 0, 0, NULL },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};

static const struct key limits_keys[] = {
	{ "replies_per_sender_per_hour", K_INT,
	    G(replies_per_sender_per_hour), 0, 1000, NULL, 10, NULL, NULL, 0, 0,
	    NULL },
	{ "survey_session_hours", K_INT, G(survey_session_hours), 1, 720, NULL,
	    24, NULL, NULL, 0, 0, NULL },
	{ "feedback_days", K_INT, G(feedback_days), 1, 30, NULL, 3, NULL, NULL,
	    0, 0, NULL },
	{ "delivery_minutes", K_INT, G(delivery_minutes), 1, 10080, NULL, 60,
	    NULL, NULL, 0, 0, NULL },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};

static const struct key modem_keys[] = {
	{ "name", K_STR, M(name), 1, 32, REQUIRED, 0, check_name, NULL, 0, 0,
	    NULL },
	{ "device", K_STR, M(device), 1, 4096, REQUIRED, 0, NULL, NULL, 0, 0,
	    NULL },
	{ "connection", K_STR, M(connection), 1, 64, "at", 0, check_connection,
	    NULL, 0, 0, NULL },
	{ "model", K_STR, M(model), 0, 64, "", 0, NULL, NULL, 0, 0, NULL },
	{ "send_per_minute", K_INT, M(send_per_minute), 1, 60000, NULL, 10, NULL,
	    NULL, 0, 0, NULL },
	{ "poll_ms", K_INT, M(poll_ms), 50, 60000, NULL, 1000, NULL, NULL, 0, 0,
	    NULL },
	{ "daily_cap", K_INT, M(daily_cap), 0, 1000000, NULL, 0, NULL, NULL, 0,
	    0, NULL },
	{ "operator_prefixes", K_STRS, M(prefixes), 2, 16, "", 0, check_prefix,
	    NULL, 0, M(n_prefixes), NULL },
	{ "rest_seconds", K_INT, M(rest_seconds), 1, 86400, NULL, 600, NULL,
	    NULL, 0, 0, NULL },
	{ "health_seconds", K_INT, M(health_seconds), 1, 3600, NULL, 30, NULL,
	    NULL, 0, 0, NULL },
	{ "watchdog_seconds", K_INT, M(watchdog_seconds), 5, 3600, NULL, 30,
	    NULL, NULL, 0, 0, NULL },
	{ "delivery_reports", K_BOOL, M(delivery_reports), 0, 1, NULL, 1, NULL,
	    NULL, 0, 0, NULL },
	{ "reset_command", K_STR, M(reset_command), 0, 4096, "", 0, NULL, NULL,
	    0, 0, NULL },
	{ "balance_ussd", K_STR, M(balance_ussd), 0, 32, "", 0, check_ussd,
	    NULL, 0, 0, NULL },
	{ "balance_pattern", K_STR, M(balance_pattern), 1, 256,
	    "Rp[ .]*([0-9][0-9.,]*)", 0, check_regex, NULL, 0, 0, NULL },
	{ "balance_hours", K_INT, M(balance_hours), 1, 720, NULL, 12, NULL,
	    NULL, 0, 0, NULL },
	{ "balance_warn", K_INT, M(balance_warn), 0, 100000000, NULL, 0, NULL,
	    NULL, 0, 0, NULL },
	{ "balance_floor", K_INT, M(balance_floor), 0, 100000000, NULL, 0, NULL,
	    NULL, 0, 0, NULL },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};

static const struct key admin_keys[] = {
	{ "phone", K_STR, A(phone), 1, 32, REQUIRED, 0, NULL, NULL, 0, 0, NULL },
	{ "name", K_STR, A(name), 0, 64, "", 0, NULL, NULL, 0, 0, NULL },
	{ "pin", K_STR, A(pin), 4, 8, "", 0, NULL, NULL, 0, 0, NULL },
	{ "pin_hash", K_STR, A(pin_hash), 0, 256, "", 0, NULL, NULL, 0, 0,
	    NULL },
	{ "password_hash", K_STR, A(password_hash), 0, 256, "", 0, NULL, NULL,
	    0, 0, NULL },
	{ "role", K_STR, A(role), 1, 16, "staff", 0, check_role, NULL, 0, 0,
	    NULL },
	{ "category", K_STR, A(category), 0, 24, "", 0, check_name, NULL, 0, 0,
	    NULL },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};

static const struct key letter_keys[] = {
	{ "code", K_STR, L(code), 1, 16, REQUIRED, 0, check_name, NULL, 0, 0,
	    NULL },
	{ "name", K_STR, L(name), 1, 40, REQUIRED, 0, NULL, NULL, 0, 0, NULL },
	{ "bring", K_STR, L(bring), 0, 50, "", 0, NULL, NULL, 0, 0, NULL },
	{ "days", K_INT, L(days), 0, 60, NULL, 2, NULL, NULL, 0, 0, NULL },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};

static const struct key category_keys[] = {
	{ "code", K_STR, C(code), 1, 16, REQUIRED, 0, check_name, NULL, 0, 0,
	    NULL },
	{ "words", K_STRS, C(words), 1, 32, "", 0, NULL, NULL, 0, C(n_words),
	    NULL },
	{ "contacts", K_STRS, C(contacts), 1, 32, "", 0, NULL, NULL, 0,
	    C(n_contacts), NULL },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};

static const struct key counter_keys[] = {
	{ "code", K_STR, Q(code), 1, 16, REQUIRED, 0, check_name, NULL, 0, 0,
	    NULL },
	{ "name", K_STR, Q(name), 1, 40, REQUIRED, 0, NULL, NULL, 0, 0, NULL },
	{ "hours", K_STR, Q(hours), 11, 11, "08:00-14:00", 0, check_hours,
	    NULL, 0, 0, NULL },
	{ "minutes", K_INT, Q(minutes), 1, 240, NULL, 10, NULL, NULL, 0, 0,
	    NULL },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};

static const struct key http_keys[] = {
	{ "listen", K_STR, G(http_listen), 1, 128, "127.0.0.1:8080", 0,
	    check_listen, NULL, 0, 0, NULL },
	{ "ussd_key", K_STR, G(ussd_key), 0, 256, "", 0, NULL, NULL, 0, 0,
	    NULL },
	{ "enabled", K_BOOL, G(http_enabled), 0, 1, NULL, 1, NULL, NULL, 0, 0,
	    NULL },
	{ "tls_cert", K_STR, G(http_tls_cert), 0, 1024, "", 0, NULL, NULL, 0,
	    0, NULL },
	{ "tls_key", K_STR, G(http_tls_key), 0, 1024, "", 0, NULL, NULL, 0, 0,
	    NULL },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};

static const struct key sync_keys[] = {
	{ "url", K_STR, G(sync_url), 0, 2048, "", 0, check_url, NULL, 0, 0,
	    NULL },
	{ "token", K_STR, G(sync_token), 0, 512, "", 0, NULL, NULL, 0, 0, NULL },
	{ "hmac_key", K_STR, G(sync_hmac_key), 0, 512, "", 0, NULL, NULL, 0, 0,
	    NULL },
	{ "interval", K_INT, G(sync_interval), 5, 86400, NULL, 60, NULL, NULL,
	    0, 0, NULL },
	{ "batch_size", K_INT, G(sync_batch_size), 1, 10000, NULL, 500, NULL,
	    NULL, 0, 0, NULL },
	{ "ca_file", K_STR, G(sync_ca_file), 0, 4096, "", 0, NULL, NULL, 0, 0,
	    NULL },
	{ "pinned_key", K_STR, G(sync_pinned_key), 0, 1024, "", 0, NULL, NULL,
	    0, 0, NULL },
	{ "min_backoff", K_INT, G(sync_min_backoff), 1, 3600, NULL, 5, NULL,
	    NULL, 0, 0, NULL },
	{ "max_backoff", K_INT, G(sync_max_backoff), 1, 86400, NULL, 1800, NULL,
	    NULL, 0, 0, NULL },
	{ "connect_timeout", K_INT, G(sync_connect_timeout), 1, 600, NULL, 20,
	    NULL, NULL, 0, 0, NULL },
	{ "timeout", K_INT, G(sync_timeout), 1, 3600, NULL, 120, NULL, NULL, 0,
	    0, NULL },
	{ "low_speed_time", K_INT, G(sync_low_speed_time), 1, 600, NULL, 30,
	    NULL, NULL, 0, 0, NULL },
	{ "low_speed_limit", K_INT, G(sync_low_speed_limit), 1, 100000, NULL,
	    20, NULL, NULL, 0, 0, NULL },
	/* Names and numbers go to the district only where it may hold
	 * them (UU PDP); otherwise the group and a keyed hash. */
	{ "share_personal", K_BOOL, G(sync_share_personal), 0, 1, NULL, 0,
	    NULL, NULL, 0, 0, NULL },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};

/* Personal data kept no longer than needed; 0 keeps it for ever. */
static const struct key retention_keys[] = {
	{ "messages_days", K_INT, G(retention_messages_days), 0, 36500, NULL,
	    90, NULL, NULL, 0, 0, NULL },
	{ "complaints_days", K_INT, G(retention_complaints_days), 0, 36500,
	    NULL, 365, NULL, NULL, 0, 0, NULL },
	{ "audit_days", K_INT, G(retention_audit_days), 0, 36500, NULL, 730,
	    NULL, NULL, 0, 0, NULL },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};

static const struct key ussd_keys[] = {
	{ "menu", K_CUSTOM, 0, NOLIMIT, "", 0, NULL, NULL, 0, 0, custom_menu },
	{ "session_seconds", K_INT, G(ussd_session_seconds), 5, 3600, NULL,
	    180, NULL, NULL, 0, 0, NULL },
	{ "per_minute", K_INT, G(ussd_per_minute), 1, 600, NULL, 30, NULL, NULL,
	    0, 0, NULL },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};

const struct key config_root_keys[] = {
	{ "gateway", K_GROUP, 0, NOLIMIT, REQUIRED, 0, NULL, gateway_keys, 0, 0,
	    NULL },
	{ "broadcast", K_GROUP, 0, NOLIMIT, "", 0, NULL, broadcast_keys, 0, 0,
	    NULL },
	{ "limits", K_GROUP, 0, NOLIMIT, "", 0, NULL, limits_keys, 0, 0, NULL },
	{ "calls", K_GROUP, 0, NOLIMIT, "", 0, NULL, calls_keys, 0, 0, NULL },
	{ "modems", K_LIST, G(modems), 1, 16, REQUIRED, 0, NULL, modem_keys,
	    sizeof(struct modem_conf), G(n_modems), NULL },
	{ "admins", K_LIST, G(admins), 0, 64, "", 0, NULL, admin_keys,
	    sizeof(struct admin_conf), G(n_admins), NULL },
	{ "groups", K_STRS, G(groups), 1, 32, "", 0, check_name, NULL, 0,
	    G(n_groups), NULL },
	{ "http", K_GROUP, 0, NOLIMIT, "", 0, NULL, http_keys, 0, 0, NULL },
	{ "sync", K_GROUP, 0, NOLIMIT, "", 0, NULL, sync_keys, 0, 0, NULL },
	{ "retention", K_GROUP, 0, NOLIMIT, "", 0, NULL, retention_keys, 0, 0,
	    NULL },
	{ "letters", K_LIST, G(letters), 0, 64, "", 0, NULL, letter_keys,
	    sizeof(struct letter_conf), G(n_letters), NULL },
	{ "categories", K_LIST, G(categories), 0, 64, "", 0, NULL,
	    category_keys, sizeof(struct category_conf), G(n_categories), NULL },
	{ "counters", K_LIST, G(counters), 0, 16, "", 0, NULL, counter_keys,
	    sizeof(struct counter_conf), G(n_counters), NULL },
	/* Replies before the menu: its screens keep room for the texts the
	 * operator chose for a wrong digit and for going back. */
	{ "replies", K_CUSTOM, 0, NOLIMIT, "", 0, NULL, NULL, 0, 0,
	    custom_replies },
	{ "ussd", K_GROUP, 0, NOLIMIT, "", 0, NULL, ussd_keys, 0, 0, NULL },
	{ "keywords", K_CUSTOM, 0, NOLIMIT, "", 0, NULL, NULL, 0, 0,
	    custom_keywords },
	{ NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, 0, 0, NULL }
};
