/* testutil.c: temp files, store digests and command runs for unit tests. */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stackwatch/core.h"
#include "core/core_int.h"

static char tmpdir[256];

static void cleanup(void)
{
	if (tmpdir[0] && !getenv("SW_KEEP_TMP")) {
		char cmd[300];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmpdir);
	}
}

const char *tu_tmpdir(void)
{
	if (!tmpdir[0]) {
		snprintf(tmpdir, sizeof tmpdir, "/tmp/swtest.XXXXXX");
		if (!mkdtemp(tmpdir))
			abort();
		atexit(cleanup);
	}
	return tmpdir;
}

char *tu_path(const char *name)
{
	size_t n = strlen(tu_tmpdir()) + strlen(name) + 2;
	char *p = malloc(n);
	snprintf(p, n, "%s/%s", tu_tmpdir(), name);
	return p;
}

char *tu_write(const char *name, const char *text)
{
	char *p = tu_path(name);
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	fwrite(text, 1, strlen(text), f);
	fclose(f);
	return p;
}

char *tu_shared(const char *name)
{
	size_t n = strlen(SW_SHARED_DATA) + strlen(name) + 2;
	char *p = malloc(n);
	snprintf(p, n, "%s/%s", SW_SHARED_DATA, name);
	if (access(p, R_OK) != 0) {
		free(p);
		skip();
	}
	return p;
}

static char *kept_[64];
static size_t nkept_;

const char *tu_keep(char *p)
{
	if (nkept_ < 64)
		kept_[nkept_++] = p;
	return p;
}

void tu_free_kept(void)
{
	while (nkept_)
		free(kept_[--nkept_]);
}

struct sw_store *tu_store(const char *name)
{
	char *p = tu_path(name);
	char extra[600];
	unlink(p);
	snprintf(extra, sizeof extra, "%s-wal", p);
	unlink(extra);
	snprintf(extra, sizeof extra, "%s-shm", p);
	unlink(extra);
	struct sw_store *s = NULL;
	struct sw_error err = {0};
	sw_err e = sw_store_open(p, &s, &err);
	if (e)
		fail_msg("open %s: %s", p, sw_error_text(&err));
	free(p);
	return s;
}

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;
	for (size_t i = 0; i < n; i++) {
		h ^= c[i];
		h *= 1099511628211ULL;
	}
	return h;
}

uint64_t tu_store_digest(struct sw_store *s)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *tables;
	uint64_t h = 1469598103934665603ULL;
	if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name", -1,
			       &tables, NULL) != SQLITE_OK)
		return 0;
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(tables, 0);
		char sql[300];
		snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY 1, 2, 3", t);
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
			snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY 1", t);
			if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
				continue;
		}
		h = mix(h, t, strlen(t));
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(st); c++) {
				const void *b = sqlite3_column_blob(st, c);
				int n = sqlite3_column_bytes(st, c);
				int ty = sqlite3_column_type(st, c);
				h = mix(h, &ty, sizeof ty);
				if (b)
					h = mix(h, b, (size_t)n);
			}
		}
		sqlite3_finalize(st);
	}
	sqlite3_finalize(tables);
	return h;
}

int tu_run(const char *cmd, char **out)
{
	FILE *p = popen(cmd, "r");
	if (!p)
		return -1;
	struct sw_buf b = SW_BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		if (sw_buf_append(&b, chunk, n))
			break;
	int st = pclose(p);
	if (out)
		*out = sw_buf_detach(&b);
	else
		sw_buf_release(&b);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int64_t tu_sql_int(struct sw_store *s, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return v;
}

char *tu_file_digest(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	uint64_t h = 1469598103934665603ULL;
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		h = mix(h, buf, n);
	fclose(f);
	char *out = malloc(17);
	if (out)
		snprintf(out, 17, "%016llx", (unsigned long long)h);
	return out;
}

int tu_each_shared_file(const char *dir, void (*fn)(const char *name, const struct sw_buf *b, void *ud), void *ud)
{
	char *path = tu_shared(dir);
	DIR *d = opendir(path);
	assert_non_null(d);
	struct dirent *de;
	int files = 0;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char p[1024];
		snprintf(p, sizeof p, "%s/%s", path, de->d_name);
		struct sw_buf b = SW_BUF_INIT;
		if (sw_buf_read_file(p, &b, NULL))
			continue;
		fn(de->d_name, &b, ud);
		files++;
		sw_buf_release(&b);
	}
	closedir(d);
	free(path);
	return files;
}
