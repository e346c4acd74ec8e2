/* pull.c: repos' daily series out of ClickHouse into the store
 * (gharchive pull).
 *
 * One aggregation per batch of repos computes, inside ClickHouse (over a
 * whole cluster with cluster('NAME', db, table)), exactly what export
 * series computes from scanned events: each event counted once (grouped by
 * repo, day and event id), only from the newest published load of each
 * hour. The days, each repo's newest name and the published hours with
 * their malformed lines are stored through the gharchive subsystem, one
 * transaction per batch, so every reader of series works unchanged. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clickhouse_int.h"
#include "stackwatch/gharchive.h"

#define PULL_BATCH 500
#define NAMES_PER_QUERY 500

struct pull {
	struct sw_ch *c;
	struct sw_store *s;
	const struct sw_ch_pull_opts *o;
	struct sw_ch_pull_stats *st;
	struct sw_buf events, names, hours, malformed; /* the tables to read */
	struct sw_buf published;                       /* the loads to count */
	int64_t *ids;                                  /* repos to pull, sorted, once each */
	size_t nids, aids;
	struct sw_progress prog;
};

/* ------------------------------------------------------------ answers */

/* Run sql and call fn on each answer line's fields. */
static sw_err each_row(struct pull *p, const char *sql, size_t want,
		       sw_err (*fn)(struct pull *, char **, void *, struct sw_error *),
		       void *ud, struct sw_error *err)
{
	struct sw_buf a = SW_BUF_INIT;
	sw_err e = ch_query(p->c->conn, sql, NULL, 0, false, &a, err);
	p->st->queries++;
	char *f[16];
	for (char *line = a.data, *nl; !e && line && *line; line = nl + 1) {
		if (!(nl = strchr(line, '\n')))
			break;
		*nl = '\0';
		if (ch_tsv_fields(line, f, want) != want)
			e = sw_error_set(err, SW_EHTTP, "ClickHouse at %s: unexpected answer line", p->c->where);
		else
			e = fn(p, f, ud, err);
	}
	sw_buf_release(&a);
	return e;
}

/* ------------------------------------------------------------ which repos */

static sw_err add_id(struct pull *p, int64_t id)
{
	if (id <= 0)
		return SW_OK;
	if (!sw_array_grow(&p->ids, &p->aids, p->nids + 1, sizeof *p->ids))
		return SW_ENOMEM;
	p->ids[p->nids++] = id;
	return SW_OK;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static sw_err id_row(struct pull *p, char **f, void *ud, struct sw_error *err)
{
	(void)ud;
	return add_id(p, strtoll(f[0], NULL, 10)) ? sw_error_set(err, SW_ENOMEM, "out of memory") : SW_OK;
}

/* The repo ids that ever had one of the names (case-insensitive). */
static sw_err resolve_names(struct pull *p, char **names, size_t n, struct sw_error *err)
{
	sw_err e = SW_OK;
	for (size_t i = 0; !e && i < n; i += NAMES_PER_QUERY) {
		struct sw_buf q = SW_BUF_INIT;
		e = sw_buf_printf(&q, "SELECT DISTINCT repo_id FROM %s WHERE lower(name) IN (", p->names.data);
		for (size_t k = i; !e && k < n && k < i + NAMES_PER_QUERY; k++) {
			if (k > i)
				e = sw_buf_puts(&q, ", ");
			if (!e)
				e = ch_sql_str(&q, names[k], strlen(names[k]));
		}
		if (!e)
			e = sw_buf_puts(&q, ") FORMAT TabSeparated");
		e = e ? sw_error_set(err, e, "out of memory") : each_row(p, q.data, 1, id_row, NULL, err);
		sw_buf_release(&q);
	}
	return e;
}

static char *lower_dup(const char *s)
{
	char *d = strdup(s);
	for (char *c = d; c && *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return d;
}

/* The names and GitHub ids of the store's tracked repos (current and
 * former names), or of the repos asked for. */
static sw_err collect_store(struct pull *p, char ***names, size_t *nnames, struct sw_error *err)
{
	sqlite3_stmt *st = NULL;
	sw_err e = store_prepare(p->s,
				 "SELECT github_id, owner || '/' || name, 1 FROM repos WHERE state = 'tracked'"
				 " UNION ALL SELECT r.github_id, a.owner || '/' || a.name, 0 FROM repo_aliases a"
				 " JOIN repos r ON r.id = a.repo_id WHERE r.state = 'tracked'",
				 &st, err);
	size_t alloc = 0;
	while (!e && sqlite3_step(st) == SQLITE_ROW) {
		const char *nm = (const char *)sqlite3_column_text(st, 1);
		p->st->asked += (uint64_t)sqlite3_column_int(st, 2);
		if ((e = add_id(p, sqlite3_column_int64(st, 0))) ||
		    !sw_array_grow(names, &alloc, *nnames + 1, sizeof **names) || !((*names)[*nnames] = lower_dup(nm)))
			e = sw_error_set(err, SW_ENOMEM, "out of memory");
		else
			++*nnames;
	}
	sqlite3_finalize(st);
	return e;
}

static sw_err collect_asked(struct pull *p, char ***names, size_t *nnames, struct sw_error *err)
{
	size_t alloc = 0;
	p->st->asked = p->o->nrepos;
	for (size_t i = 0; i < p->o->nrepos; i++) {
		const char *r = p->o->repos[i];
		int64_t id;
		if (sw_parse_i64(r, &id) && id > 0) {
			if (add_id(p, id))
				return sw_error_set(err, SW_ENOMEM, "out of memory");
			continue;
		}
		if (!strchr(r, '/'))
			return sw_error_set(err, SW_EINVAL, "'%s' is neither OWNER/NAME nor a GitHub repo id", r);
		if (!sw_array_grow(names, &alloc, *nnames + 1, sizeof **names) || !((*names)[*nnames] = lower_dup(r)))
			return sw_error_set(err, SW_ENOMEM, "out of memory");
		++*nnames;
	}
	return SW_OK;
}

static sw_err choose_repos(struct pull *p, struct sw_error *err)
{
	char **names = NULL;
	size_t nnames = 0;
	sw_err e = p->o->nrepos ? collect_asked(p, &names, &nnames, err) : collect_store(p, &names, &nnames, err);
	if (!e)
		e = resolve_names(p, names, nnames, err);
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	if (!e && p->nids > 1) {
		qsort(p->ids, p->nids, sizeof *p->ids, cmp_id);
		size_t keep = 1;
		for (size_t i = 1; i < p->nids; i++)
			if (p->ids[i] != p->ids[keep - 1])
				p->ids[keep++] = p->ids[i];
		p->nids = keep;
	}
	p->st->found = p->nids;
	return e;
}

/* ------------------------------------------------------------ one batch */

/* A batch: the repo ids ids[0..n), or, for every repo, the range [lo, hi]. */
struct batch {
	const int64_t *ids;
	size_t n;
	int64_t lo, hi;
	int64_t cur;               /* the repo whose days are being collected */
	struct sw_gha_day *days;
	size_t ndays, adays;
	int64_t now;
};

static sw_err batch_filter(const struct batch *b, struct sw_buf *q)
{
	if (!b->ids)
		return sw_buf_printf(q, "repo_id BETWEEN %lld AND %lld", (long long)b->lo, (long long)b->hi);
	sw_err e = sw_buf_puts(q, "repo_id IN (");
	for (size_t i = 0; !e && i < b->n; i++)
		e = sw_buf_printf(q, "%s%lld", i ? ", " : "", (long long)b->ids[i]);
	return e ? e : sw_buf_putc(q, ')');
}

/* The series of export series, computed in ClickHouse: each event once
 * (grouped by repo, day, id), from published loads only. */
static sw_err series_sql(struct pull *p, const struct batch *b, struct sw_buf *q)
{
	sw_err e = sw_buf_puts(q,
			       "SELECT repo_id, toUInt32(day), countIf(kind = 1), countIf(kind = 2), countIf(kind = 3),"
			       " sumIf(n, kind = 3), countIf(kind = 4), countIf(kind = 5), countIf(kind = 7),"
			       " countIf(kind = 8), uniqExactIf(actor, kind IN (3, 4, 5, 6) AND actor != 0),"
			       " uniqExactIf(actor, kind = 1 AND actor != 0) FROM (SELECT repo_id, day, id,"
			       " any(kind) AS kind, any(actor) AS actor, any(n) AS n FROM ");
	if (!e)
		e = sw_buf_printf(q, "%s WHERE ", p->events.data);
	if (!e)
		e = batch_filter(b, q);
	if (!e)
		e = sw_buf_printf(q, " AND load_id GLOBAL IN (%s) GROUP BY repo_id, day, id)"
				     " GROUP BY repo_id, day ORDER BY repo_id, day FORMAT TabSeparated", p->published.data);
	return e;
}

/* The days collected for b->cur, stored. */
static sw_err flush_repo(struct pull *p, struct batch *b, struct sw_error *err)
{
	if (!b->ndays)
		return SW_OK;
	sw_err e = sw_gha_put_series(p->s, b->cur, b->days, b->ndays, "clickhouse", b->now, err);
	p->st->repos++;
	p->st->days += b->ndays;
	b->ndays = 0;
	return e;
}

static sw_err day_row(struct pull *p, char **f, void *ud, struct sw_error *err)
{
	struct batch *b = ud;
	int64_t repo = strtoll(f[0], NULL, 10);
	if (repo != b->cur) {
		sw_err e = flush_repo(p, b, err);
		if (e)
			return e;
		b->cur = repo;
	}
	if (!sw_array_grow(&b->days, &b->adays, b->ndays + 1, sizeof *b->days))
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	struct sw_gha_day *d = &b->days[b->ndays++];
	d->day = strtoll(f[1], NULL, 10);
	for (int k = 0; k < SW_GHA_NCOLS; k++)
		d->v[k] = strtoll(f[2 + k], NULL, 10);
	return SW_OK;
}

static sw_err name_row(struct pull *p, char **f, void *ud, struct sw_error *err)
{
	(void)ud;
	ch_tsv_unescape(f[1]);
	return sw_gha_put_name(p->s, strtoll(f[0], NULL, 10), f[1], strtoll(f[2], NULL, 10), err);
}

/* Newest name per repo: the latest seen, ties to the larger name. */
static sw_err names_sql(struct pull *p, const struct batch *b, struct sw_buf *q)
{
	sw_err e = sw_buf_printf(q, "SELECT repo_id, argMax(name, (seen_at, name)), max(seen_at) FROM %s WHERE ",
				 p->names.data);
	if (!e)
		e = batch_filter(b, q);
	if (!e)
		e = sw_buf_printf(q, " AND load_id GLOBAL IN (%s) GROUP BY repo_id FORMAT TabSeparated", p->published.data);
	return e;
}

static sw_err pull_batch(struct pull *p, struct batch *b, struct sw_error *err)
{
	struct sw_buf q = SW_BUF_INIT;
	sw_err e = sw_store_begin(p->s, err);
	if (e)
		return e;
	b->cur = 0;
	b->ndays = 0;
	if (!(e = series_sql(p, b, &q)))
		e = each_row(p, q.data, 2 + SW_GHA_NCOLS, day_row, b, err);
	if (!e)
		e = flush_repo(p, b, err);
	sw_buf_reset(&q);
	if (!e && !(e = names_sql(p, b, &q)))
		e = each_row(p, q.data, 3, name_row, NULL, err);
	sw_buf_release(&q);
	return sw_store_end(p->s, e, err);
}

/* ------------------------------------------------------------ hours */

static sw_err hour_row(struct pull *p, char **f, void *ud, struct sw_error *err)
{
	(void)ud;
	ch_tsv_unescape(f[0]);
	struct sw_gha_hour_info h = {f[0], strtoll(f[1], NULL, 10), (uint32_t)strtoul(f[2], NULL, 10),
				     strtoll(f[3], NULL, 10), strtoll(f[4], NULL, 10), strtoll(f[5], NULL, 10),
				     strtoll(f[6], NULL, 10), f[7][0] == '1'};
	p->st->hours++;
	return sw_gha_put_hour(p->s, &h, "clickhouse", err);
}

static sw_err bad_row(struct pull *p, char **f, void *ud, struct sw_error *err)
{
	(void)ud;
	ch_tsv_unescape(f[2]);
	return sw_gha_put_malformed(p->s, strtoll(f[0], NULL, 10), strtoll(f[1], NULL, 10), f[2], err);
}

/* The published hours and their malformed lines, for gaps and hours. */
static sw_err pull_hours(struct pull *p, struct sw_error *err)
{
	struct sw_buf q = SW_BUF_INIT;
	sw_err e = sw_store_begin(p->s, err);
	if (e)
		return e;
	if (!(e = sw_buf_printf(&q, "SELECT name, hkey, crc, bytes, json_bytes, events, malformed, truncated FROM %s"
				    " WHERE load_id GLOBAL IN (%s) FORMAT TabSeparated", p->hours.data, p->published.data)))
		e = each_row(p, q.data, 8, hour_row, NULL, err);
	sw_buf_reset(&q);
	if (!e && !(e = sw_buf_printf(&q, "SELECT hkey, line, reason FROM %s WHERE load_id GLOBAL IN (%s)"
					  " FORMAT TabSeparated", p->malformed.data, p->published.data)))
		e = each_row(p, q.data, 3, bad_row, NULL, err);
	sw_buf_release(&q);
	return sw_store_end(p->s, e, err);
}

/* ------------------------------------------------------------ the pull */

static sw_err tables(struct pull *p, struct sw_error *err)
{
	const char *cl = p->o->cluster;
	if (cl)
		for (const char *s = cl; *s; s++)
			if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' && *s != '.')
				return sw_error_set(err, SW_EINVAL, "--cluster: '%s' is not a cluster name", cl);
	sw_err e = ch_table(p->c, cl, "gha_events", &p->events);
	if (!e)
		e = ch_table(p->c, cl, "gha_names", &p->names);
	if (!e)
		e = ch_table(p->c, cl, "gha_hours", &p->hours);
	if (!e)
		e = ch_table(p->c, cl, "gha_malformed", &p->malformed);
	if (!e)
		e = sw_buf_printf(&p->published, "SELECT argMax(load_id, (loaded_ms, load_id)) FROM %s GROUP BY name",
				  p->hours.data);
	return e ? sw_error_set(err, e, "out of memory") : SW_OK;
}

static bool stopped(const struct pull *p)
{
	return p->o->stop && *p->o->stop;
}

static sw_err pull_listed(struct pull *p, struct sw_error *err)
{
	size_t per = p->o->batch ? p->o->batch : PULL_BATCH;
	struct batch b = {.now = time(NULL)};
	sw_progress_init(&p->prog, stderr, "repos", p->nids);
	p->prog.enabled = p->prog.enabled && !p->o->quiet;
	sw_err e = SW_OK;
	for (size_t i = 0; !e && i < p->nids && !stopped(p); i += per) {
		b.ids = p->ids + i;
		b.n = p->nids - i < per ? p->nids - i : per;
		e = pull_batch(p, &b, err);
		sw_progress_update(&p->prog, i + b.n);
	}
	sw_progress_finish(&p->prog);
	free(b.days);
	return e;
}

static sw_err range_row(struct pull *p, char **f, void *ud, struct sw_error *err)
{
	int64_t *r = ud;
	(void)p;
	(void)err;
	for (int k = 0; k < 3; k++)
		r[k] = strtoll(f[k], NULL, 10);
	return SW_OK;
}

/* Every repo: id ranges of about `batch` repos each. */
static sw_err pull_all(struct pull *p, struct sw_error *err)
{
	int64_t r[3] = {0, 0, 0}; /* min, max, count */
	struct sw_buf q = SW_BUF_INIT;
	sw_err e = sw_buf_printf(&q, "SELECT min(repo_id), max(repo_id), uniqExact(repo_id) FROM %s"
				     " WHERE load_id GLOBAL IN (%s) FORMAT TabSeparated", p->events.data, p->published.data);
	if (!e)
		e = each_row(p, q.data, 3, range_row, r, err);
	sw_buf_release(&q);
	if (e || r[2] <= 0)
		return e;
	size_t per = p->o->batch ? p->o->batch : PULL_BATCH;
	int64_t nb = (r[2] + (int64_t)per - 1) / (int64_t)per, span = (r[1] - r[0]) / nb + 1;
	struct batch b = {.now = time(NULL)};
	p->st->asked = p->st->found = (uint64_t)r[2];
	sw_progress_init(&p->prog, stderr, "batches", (uint64_t)nb);
	p->prog.enabled = p->prog.enabled && !p->o->quiet;
	for (int64_t k = 0; !e && k < nb && !stopped(p); k++) {
		b.lo = r[0] + k * span;
		b.hi = k == nb - 1 ? r[1] : b.lo + span - 1;
		e = pull_batch(p, &b, err);
		sw_progress_update(&p->prog, (uint64_t)k + 1);
	}
	sw_progress_finish(&p->prog);
	free(b.days);
	return e;
}

sw_err sw_ch_pull(struct sw_ch *c, struct sw_store *s, const struct sw_ch_pull_opts *o,
		  struct sw_ch_pull_stats *stats, struct sw_error *err)
{
	struct sw_ch_pull_stats st0;
	struct pull p = {.c = c, .s = s, .o = o, .st = stats ? stats : &st0};
	memset(p.st, 0, sizeof *p.st);
	sw_err e = tables(&p, err);
	if (!e)
		e = o->all_repos ? pull_all(&p, err) : choose_repos(&p, err);
	if (!e && !o->all_repos)
		e = pull_listed(&p, err);
	if (!e && !stopped(&p))
		e = pull_hours(&p, err);
	if (!e && stopped(&p))
		e = sw_error_set(err, SW_EINTERRUPTED, "gharchive pull interrupted: %llu repo(s) stored; rerun to finish",
				 (unsigned long long)p.st->repos);
	sw_buf_release(&p.events);
	sw_buf_release(&p.names);
	sw_buf_release(&p.hours);
	sw_buf_release(&p.malformed);
	sw_buf_release(&p.published);
	free(p.ids);
	return e;
}
