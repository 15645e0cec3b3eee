/*
 * The configuration file (libconfig), loaded once into a read-only
 * struct gw_config. Loading checks every key against a schema: a syntax
 * error, an unknown key, a wrong type or an out-of-range value is reported
 * as "FILE:LINE: what is wrong" and nothing is returned. A reload (SIGHUP)
 * loads a whole new struct and swaps it in only when it is valid.
 */
#ifndef KABAR_CONFIG_H
#define KABAR_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "replies.h"
#include "util.h"

struct modem_conf {
	char	*name;
	char	*device;
	char	*connection;
	char	*model;
	int	 send_per_minute;
	int	 poll_ms;		/* how often to look for received SMS */
	int	 daily_cap;		/* SMS parts a day, 0: no cap */
	char	**prefixes;		/* the SIM's operator, "+62812"... */
	size_t	 n_prefixes;
	int	 rest_seconds;		/* after 3 failed sends in a row */
	int	 health_seconds;	/* signal, registration, liveness */
	int	 watchdog_seconds;	/* a worker this quiet is restarted */
	int	 delivery_reports;
	char	*reset_command;		/* run when it stays dead, or "" */
	char	*balance_ussd;		/* "*888#", or "" */
	char	*balance_pattern;	/* ERE, group 1 is the amount */
	int	 balance_hours;
	int	 balance_warn;		/* rupiah; tell the admins below */
	int	 balance_floor;		/* rupiah; no broadcasts below */
};

struct admin_conf {
	char	*phone;			/* E.164 */
	char	*name;
	char	*pin;			/* plain PIN, may be NULL */
	char	*pin_hash;		/* from `kabar pin-hash`, may be NULL */
	char	*password_hash;		/* the console's, or "": no login */
	char	*role;			/* head | staff | office */
	char	*category;		/* office: the category it answers for */
	int	 line;			/* where it was defined, for warnings */
};

/* Extra words residents may type for a built-in keyword. */
struct keyword_conf {
	char	*keyword;		/* the built-in keyword, upper case */
	char   **aliases;		/* upper case */
	size_t	 n_aliases;
};

/* A letter residents can ask the office for (SURAT). */
struct letter_conf {
	char	*code;			/* upper case, e.g. DOMISILI */
	char	*name;
	char	*bring;			/* what the resident must bring */
	int	 days;			/* usual days to finish */
};

/* A complaint category, the words that suggest it, its office contacts. */
struct category_conf {
	char	*code;			/* upper case, e.g. PU */
	char   **words;			/* lower case */
	size_t	 n_words;
	char   **contacts;		/* E.164 */
	size_t	 n_contacts;
};

/* A counter at the office with its own daily queue (ANTRI). */
struct counter_conf {
	char	*code;			/* upper case, e.g. UMUM */
	char	*name;
	char	*hours;			/* "08:00-14:00" local time */
	int	 minutes;		/* usual minutes per resident */
};

/* A node of the USSD menu, also served over SMS by MENU. */
struct menu_node {
	char		*title;
	char		*action;	/* status|complaint|poll|register|survey|info */
	char		*text;		/* what an info leaf shows */
	char		*prompt;	/* what an action asks first */
	char		*survey;	/* the survey code of a survey action */
	struct menu_node *items;
	size_t		 n_items;
};

#define USSD_SCREEN_MAX 182

struct gw_config {
	char	*path;

	/* gateway */
	char	*id;
	char	*database;
	char	*language;
	char	*country_code;
	char	*timezone;
	int	 daily_sms_budget;
	int	 multipart_timeout;	/* seconds an incomplete SMS waits */

	/* broadcast */
	char	*quiet_hours;
	int	 price_per_sms;
	int	 confirm_minutes;

	/* limits */
	int	 replies_per_sender_per_hour;
	int	 survey_session_hours;

	struct modem_conf *modems;
	size_t	 n_modems;
	struct admin_conf *admins;
	size_t	 n_admins;
	char	**groups;
	size_t	 n_groups;
	struct keyword_conf *keywords;
	size_t	 n_keywords;
	struct letter_conf *letters;
	size_t	 n_letters;
	struct category_conf *categories;
	size_t	 n_categories;
	struct counter_conf *counters;
	size_t	 n_counters;
	int	 feedback_days;
	int	 delivery_minutes;	/* no report by then: try again */
	char	*missed_call;		/* what a missed call stands for */
	int	 missed_call_hours;	/* once per number in this time */

	/* http */
	char	*http_listen;
	char	*ussd_key;
	int	 http_enabled;
	char	*http_tls_cert;		/* PEM files; both "" : plain HTTP */
	char	*http_tls_key;

	/* ussd */
	struct menu_node *menu;		/* NULL: no menu configured */
	int	 ussd_session_seconds;
	int	 ussd_per_minute;	/* requests a phone may make */

	/* sync */
	char	*sync_url;
	char	*sync_token;
	char	*sync_hmac_key;
	int	 sync_interval;
	int	 sync_batch_size;
	char	*sync_ca_file;		/* "" : the system's CA store */
	char	*sync_pinned_key;	/* "" or "sha256//BASE64" */
	int	 sync_min_backoff;	/* seconds */
	int	 sync_max_backoff;
	int	 sync_connect_timeout;
	int	 sync_timeout;		/* a whole request */
	int	 sync_low_speed_time;	/* below low_speed_limit B/s this long */
	int	 sync_low_speed_limit;
	int	 sync_share_personal;	/* names and numbers may go */

	/* retention: days before personal data goes; 0 keeps it */
	int	 retention_messages_days;	/* SMS texts in and out */
	int	 retention_complaints_days;	/* closed tickets' texts */
	int	 retention_audit_days;		/* audit rows */

	/* replies: the language's defaults with the overrides applied */
	struct replies replies;
};

/*
 * Load and check FILE. On success returns a new config (free with
 * config_free). On failure returns NULL and writes "FILE:LINE: why" into
 * err. Warnings (valid but unwise settings) go to the log.
 */
struct gw_config *config_load(const char *file, char *err, size_t errsz);
void	config_free(struct gw_config *cfg);	/* NULL is a no-op */

const struct modem_conf *config_modem(const struct gw_config *cfg,
	    const char *name);
const struct admin_conf *config_admin(const struct gw_config *cfg,
	    const char *e164);
int	config_group_known(const struct gw_config *cfg, const char *group);
const struct letter_conf *config_letter(const struct gw_config *cfg,
	    const char *code);
const struct category_conf *config_category(const struct gw_config *cfg,
	    const char *code);
const struct counter_conf *config_counter(const struct gw_config *cfg,
	    const char *code);
/* 1 when "HH:MM-HH:MM" holds the local time of now. */
int	hours_contain(const char *hours, int64_t now);
/* The screen of a menu node ("title\n1. ...\n2. ..."), into out. */
void	menu_screen(const struct menu_node *n, struct strbuf *out);
/*
 * 1 when the modem's device is a path that does not exist now. Only a
 * warning: a USB stick may be plugged in after the daemon starts.
 */
int	config_device_missing(const struct modem_conf *mc);
/* 1 when local time at now falls in broadcast.quiet_hours. */
int	config_quiet_now(const struct gw_config *cfg, int64_t now);

#endif
