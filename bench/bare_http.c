/*
 * The ceiling for the USSD figure: a libmicrohttpd server in the same
 * threading mode as kabard's that answers every request with a fixed
 * screen and does nothing else. Usage: bare_http PORT
 */
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static enum MHD_Result
answer(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *data,
    size_t *data_size, void **con_cls)
{
	static const char screen[] = "CON Desa\n1. Cek tiket";
	struct MHD_Response *r;
	enum MHD_Result ret;

	(void)cls; (void)url; (void)method; (void)version; (void)data;
	if (*con_cls == NULL) {
		*con_cls = (void *)1;
		return MHD_YES;
	}
	if (*data_size > 0) {
		*data_size = 0;
		return MHD_YES;
	}
	r = MHD_create_response_from_buffer(strlen(screen), (void *)screen,
	    MHD_RESPMEM_PERSISTENT);
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

int
main(int argc, char **argv)
{
	struct MHD_Daemon *d;
	sigset_t set;
	int sig;

	if (argc != 2)
		return 2;
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO,
	    (uint16_t)atoi(argv[1]), NULL, NULL, answer, NULL,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)256, MHD_OPTION_END);
	if (d == NULL)
		return 1;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	return 0;
}
