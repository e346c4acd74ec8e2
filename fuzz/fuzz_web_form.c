/* fuzz_web_form.c: libFuzzer target for the web app's form / query-string
 * parser and the list-view URL state built from it, and the checks of
 * CSRF tokens, Host and Origin names. Any input must either parse into
 * valid UTF-8 pairs within the limits or fail cleanly. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stackwatch/core.h"
#include "stackwatch/web.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sw_web_form f;
	struct sw_error err;
	if (sw_web_form_parse((const char *)data, size, &f, &err) != SW_OK) {
		if (f.n != 0 || !err.msg[0])
			abort();
		return 0;
	}
	if (f.n > SW_WEB_FORM_MAX_FIELDS)
		abort();
	for (size_t i = 0; i < f.n; i++) {
		size_t kl = strlen(f.keys[i]), vl = strlen(f.vals[i]);
		if (!kl || kl > SW_WEB_FORM_MAX_VALUE || vl > SW_WEB_FORM_MAX_VALUE)
			abort();
		if (sw_utf8_valid_prefix(f.keys[i], kl) != kl || sw_utf8_valid_prefix(f.vals[i], vl) != vl)
			abort();
	}
	struct sw_web_listq lq;
	if (sw_web_listq_parse(&f, &lq, &err) == SW_OK) {
		if (lq.page < 1 || lq.per < 1 || lq.per > SW_WEB_PER_MAX || (unsigned)lq.q.sort >= SW_SORT_COUNT_)
			abort();
	}
	sw_web_form_release(&f);
	char host[64];
	uint16_t port;
	bool lo;
	char *s = sw_str_ndup((const char *)data, size);
	if (s) {
		(void)sw_web_parse_listen(s, host, &port, &lo, NULL);
		uint8_t k[16] = {0};
		(void)sw_web_csrf_check(k, "0123456789abcdef0123456789abcdef", s, 1700000000, 3600);
		(void)sw_web_csrf_check(k, s, s, 1700000000, 3600);
		struct sw_web_hosts hosts;
		if (*s && sw_web_hosts_init(&hosts, "0.0.0.0:8080", s, NULL) == SW_OK && !hosts.public_host[0])
			abort(); /* an accepted public URL names a host */
		if (sw_web_hosts_init(&hosts, "127.0.0.1:8080", NULL, NULL) == SW_OK &&
		    (sw_web_host_ok(&hosts, s) || sw_web_origin_ok(&hosts, s)) && !strcasestr(s, "127.0.0.1") &&
		    !strcasestr(s, "localhost"))
			abort(); /* on loopback, only its own names pass */
		if (sw_web_path_ok(s) && (s[0] != '/' || strstr(s, "/../") || strstr(s, "\\")))
			abort();
	}
	free(s);
	return 0;
}
