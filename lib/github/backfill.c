/* backfill.c: a repo's star history from GitHub: the weekly history
 * endpoint where offered, else sampled stargazer pages (timestamps give
 * exact cumulative counts). */
#include <stdio.h>
#include <string.h>

#include "github_int.h"
#include "stackwatch/core.h"

static sw_err put_point(struct sw_store *s, int64_t repo_id, const char *day, const char *source, int64_t added,
			int64_t total, bool sampled, struct sw_error *err)
{
	return store_run(s,
			   "INSERT OR REPLACE INTO tracker_star_history(repo_id, day, source, added, total, sampled)"
			   " VALUES(?,?,?,?,?,?)",
			   STORE_VALS(STORE_INT(repo_id), STORE_TEXT(day), STORE_TEXT(source),
						       STORE_INT_OR_NULL(added), STORE_INT_OR_NULL(total), STORE_INT(sampled)),
			   "saving star history", err);
}

/* /stargazers/history: [{"week": unix, "days": [7 counts], "total": n}] */
static sw_err backfill_history(struct sw_store *s, int64_t id, json_t *a, struct sw_github_backfill_result *out,
			       struct sw_error *err)
{
	size_t i, j;
	json_t *w, *c;
	json_array_foreach(a, i, w)
	{
		int64_t week = github_jint(w, "week", -1);
		json_t *days = json_object_get(w, "days");
		if (week < 0 || !json_is_array(days) || json_array_size(days) != 7)
			return sw_error_set(err, SW_EPARSE, "stargazers/history: week %zu lacks 'week' or 7 'days'", i);
		json_array_foreach(days, j, c)
		{
			if (!json_is_integer(c) || json_integer_value(c) < 0)
				return sw_error_set(err, SW_EPARSE, "stargazers/history: week %zu day %zu is not a count", i, j);
			char day[32];
			sw_time_format_date(week + (int64_t)j * 86400, day);
			sw_err e = put_point(s, id, day, "history", (int64_t)json_integer_value(c), SW_UNKNOWN, false, err);
			if (e)
				return e;
			out->points++;
		}
	}
	return SW_OK;
}

/* Stargazer timestamps: page p holds stars (p-1)*100+1 .. p*100, oldest
 * first, so every timestamp gives an exact cumulative count even when only
 * some pages are read. One point per day: the highest count seen that day. */
static sw_err backfill_pages(struct sw_store *s, struct sw_github *gh, int64_t id, const char *full,
			     json_t *first, int64_t last, struct sw_github_backfill_result *out, struct sw_error *err)
{
	const char *accept = "application/vnd.github.star+json";
	int64_t npages = last > 0 ? last : 1;
	out->pages_total = (size_t)npages;
	out->sampled = npages > SW_GITHUB_BACKFILL_MAX_PAGES;
	int64_t want = out->sampled ? SW_GITHUB_BACKFILL_MAX_PAGES : npages;
	sw_err e = SW_OK;
	char prev_day[32] = "";
	int64_t prev_total = -1;
	for (int64_t k = 0; k < want && !e; k++) {
		/* evenly spaced pages, always including the first and the last */
		int64_t page = want > 1 ? 1 + k * (npages - 1) / (want - 1) : 1;
		json_t *a = NULL;
		if (page == 1)
			a = json_incref(first);
		else {
			char path[400];
			snprintf(path, sizeof path, "/repos/%s/stargazers?per_page=100&page=%lld", full, (long long)page);
			struct sw_github_resp r;
			if ((e = sw_github_get(gh, path, accept, &r, err)))
				break;
			json_error_t je;
			a = r.status == 200 ? json_loads(r.body, 0, &je) : NULL;
			sw_github_resp_release(&r);
		}
		out->pages++;
		size_t i;
		json_t *x;
		json_array_foreach(a, i, x)
		{
			int64_t t;
			const char *at = github_jstr(x, "starred_at");
			if (!at || !sw_time_parse(at, &t))
				continue;
			char day[32];
			sw_time_format_date(t, day);
			int64_t total = (page - 1) * 100 + (int64_t)i + 1;
			if (*prev_day && strcmp(day, prev_day) && prev_total > 0) {
				if ((e = put_point(s, id, prev_day, "stargazers", SW_UNKNOWN, prev_total, out->sampled, err)))
					break;
				out->points++;
			}
			snprintf(prev_day, sizeof prev_day, "%s", day);
			prev_total = total;
		}
		json_decref(a);
	}
	if (!e && *prev_day && prev_total > 0) {
		e = put_point(s, id, prev_day, "stargazers", SW_UNKNOWN, prev_total, out->sampled, err);
		out->points++;
	}
	return e;
}

/* The weekly history answer r (of path). */
static sw_err from_history(struct sw_store *s, int64_t id, const struct sw_github_resp *r, const char *path,
			   struct sw_github_backfill_result *out, struct sw_error *err)
{
	json_error_t je;
	json_t *a = json_loads(r->body, 0, &je);
	out->source = SW_GITHUB_BACKFILL_HISTORY;
	sw_err e = json_is_array(a) ? backfill_history(s, id, a, out, err)
				    : sw_error_set(err, SW_EPARSE, "GET %s: expected a JSON array", path);
	json_decref(a);
	return e;
}

/* No history endpoint: the stargazer pages, shown to admins and
 * collaborators only since 2026 (others get 403/404). */
static sw_err from_stargazers(struct sw_store *s, struct sw_github *gh, int64_t id, const char *full,
			      struct sw_github_backfill_result *out, struct sw_error *err)
{
	char path[400];
	snprintf(path, sizeof path, "/repos/%s/stargazers?per_page=100", full);
	struct sw_github_resp r;
	struct sw_error e2 = {0};
	sw_err e = sw_github_get(gh, path, "application/vnd.github.star+json", &r, &e2);
	if (e == SW_EAUTH || (!e && r.status == 404)) {
		e = sw_error_set(err, SW_EUNSUPPORTED,
				 "%s: GitHub offers no star history to this token; history comes from "
				 "stackwatch snapshots and the GH Archive engine",
				 full);
	} else if (e) {
		if (err)
			*err = e2;
	} else {
		json_error_t je;
		json_t *a = json_loads(r.body, 0, &je);
		out->source = SW_GITHUB_BACKFILL_STARGAZERS;
		e = json_is_array(a) ? backfill_pages(s, gh, id, full, a, r.last_page, out, err)
				     : sw_error_set(err, SW_EPARSE, "GET %s: expected a JSON array", path);
		json_decref(a);
	}
	sw_github_resp_release(&r);
	return e;
}

/* The stored repo full_name names: its id and current owner/name. */
static sw_err repo_full(struct sw_store *s, const char *full_name, int64_t *id, char full[256], struct sw_error *err)
{
	sw_err e = sw_store_find_repo(s, full_name, id, err);
	if (e)
		return e;
	struct sw_repo repo = {0};
	if ((e = sw_store_get_repo(s, *id, &repo, err)))
		return e;
	snprintf(full, 256, "%s/%s", repo.owner, repo.name);
	sw_repo_release(&repo);
	if (!sw_repo_name_valid(full))
		return sw_error_set(err, SW_EINVAL, "'%s' is not a valid GitHub name", full);
	return SW_OK;
}

sw_err sw_github_backfill(struct sw_store *s, struct sw_github *gh, const char *full_name,
			  struct sw_github_backfill_result *out, struct sw_error *err)
{
	memset(out, 0, sizeof *out);
	int64_t id;
	char full[256], path[400];
	sw_err e = repo_full(s, full_name, &id, full, err);
	if (e)
		return e;
	snprintf(path, sizeof path, "/repos/%s/stargazers/history", full);
	struct sw_github_resp r;
	if ((e = sw_github_get(gh, path, NULL, &r, err)))
		return e;
	if ((e = sw_store_begin(s, err))) {
		sw_github_resp_release(&r);
		return e;
	}
	bool history = r.status == 200;
	if (history)
		e = from_history(s, id, &r, path, out, err);
	sw_github_resp_release(&r);
	if (!history)
		e = from_stargazers(s, gh, id, full, out, err);
	if (e) {
		sw_store_rollback(s);
		return e;
	}
	return sw_store_commit(s, err);
}
