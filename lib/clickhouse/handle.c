/* handle.c: a ClickHouse handle: the URL split into server and database
 * (credentials in the URL are refused, so they never reach a log), the
 * user and password (wiped on free),
 * time limits, and opening it: the server must answer as ClickHouse, and
 * the database and tables are created or migrated (schema.c). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clickhouse_int.h"

static bool valid_db(const char *s, size_t n)
{
	if (!n || n > 64 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

sw_err ch_parse_url(struct sw_ch *c, const char *url, struct sw_error *err)
{
	const char *p = url ? strstr(url, "://") : NULL;
	if (!p || (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)))
		return sw_error_set(err, SW_EINVAL, "ClickHouse URL must look like http://HOST:PORT[/DATABASE]");
	p += 3;
	const char *slash = strchr(p, '/');
	size_t hostlen = slash ? (size_t)(slash - p) : strlen(p);
	if (memchr(p, '@', hostlen))
		return sw_error_set(err, SW_EINVAL, "ClickHouse URL must not hold credentials: set "
						     "STACKWATCH_CLICKHOUSE_USER / STACKWATCH_CLICKHOUSE_PASSWORD or --password-file");
	bool plain = hostlen > 0;
	for (size_t i = 0; i < hostlen; i++)
		plain = plain && isgraph((unsigned char)p[i]) && p[i] != '?' && p[i] != '#';
	if (!plain)
		return sw_error_set(err, SW_EINVAL, "ClickHouse URL must look like http://HOST:PORT[/DATABASE]");
	const char *db = slash ? slash + 1 : "";
	size_t dblen = strcspn(db, "/");
	if (db[dblen] == '/' && db[dblen + 1])
		return sw_error_set(err, SW_EINVAL, "ClickHouse URL: only a database may follow the port");
	if (!dblen) {
		db = SW_CH_DEFAULT_DATABASE;
		dblen = strlen(db);
	} else if (!valid_db(db, dblen))
		return sw_error_set(err, SW_EINVAL, "ClickHouse URL: database names are letters, digits and _");
	c->base = sw_str_ndup(url, (size_t)(p - url) + hostlen);
	c->db = sw_str_ndup(db, dblen);
	size_t wl = strlen(c->base ? c->base : "") + dblen + 2;
	c->where = malloc(wl);
	if (!c->base || !c->db || !c->where)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	snprintf(c->where, wl, "%s/%s", c->base, c->db);
	return SW_OK;
}

const char *sw_ch_where(const struct sw_ch *c)
{
	return c ? c->where : "";
}

void sw_ch_free(struct sw_ch *c)
{
	if (!c)
		return;
	ch_conn_free(c->conn);
	if (c->password) {
		memset(c->password, 0, strlen(c->password));
		free(c->password);
	}
	free(c->user);
	free(c->base);
	free(c->db);
	free(c->where);
	free(c);
}

/* The server must answer `SELECT version()` with a version: anything else
 * (another HTTP server, garbage) is not ClickHouse. */
static sw_err check_server(struct sw_ch *c, struct sw_error *err)
{
	struct sw_buf v = SW_BUF_INIT;
	sw_buf_init(&v, 4096);
	sw_err e = ch_query(c->conn, "SELECT version()", NULL, 0, false, &v, err);
	if (!e && (!v.len || !isdigit((unsigned char)v.data[0]) || !strchr(v.data, '.')))
		e = sw_error_set(err, SW_EHTTP, "%s does not answer as a ClickHouse server", c->base);
	sw_buf_release(&v);
	return e;
}

sw_err sw_ch_open(const struct sw_ch_opts *o, struct sw_ch **out, struct sw_error *err)
{
	*out = NULL;
	struct sw_ch *c = calloc(1, sizeof *c);
	if (!c)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	c->timeout_s = o->timeout_s > 0 ? o->timeout_s : 600;
	c->connect_timeout_s = o->connect_timeout_s > 0 ? o->connect_timeout_s : 10;
	sw_err e = ch_parse_url(c, o->url, err);
	if (!e && ((o->user && !(c->user = strdup(o->user))) || (o->password && !(c->password = strdup(o->password)))))
		e = sw_error_set(err, SW_ENOMEM, "out of memory");
	if (!e)
		e = ch_conn_open(c, &c->conn, err);
	if (!e)
		e = check_server(c, err);
	if (!e)
		e = ch_schema(c, o->existing, err);
	if (e) {
		sw_ch_free(c);
		return e;
	}
	*out = c;
	return SW_OK;
}
