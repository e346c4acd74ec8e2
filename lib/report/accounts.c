/* accounts.c: 3. the power law of accounts (software repos; owners compared
 * case-insensitively), 4. developers (top developers and contributor
 * counts) and 5. individuals vs organisations (never guessed). */
#include "report_int.h"

#include <stdlib.h>
#include <string.h>

#include "stackwatch/core.h"

/* --------------------------------------------------------------- accounts */

static int cmp_row_owner(const void *a, const void *b)
{
	const struct report_row *x = *(struct report_row *const *)a, *y = *(struct report_row *const *)b;
	int c = strcmp(x->owner_lc, y->owner_lc);
	return c ? c : strcmp(x->full, y->full);
}

sw_err report_group_accounts(struct report_ctx *c, bool software_only, struct report_account **out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	struct report_row **v = malloc((c->n ? c->n : 1) * sizeof *v);
	struct report_account *a = malloc((c->n ? c->n : 1) * sizeof *a);
	if (!v || !a) {
		free(v);
		free(a);
		return SW_ENOMEM;
	}
	size_t m = 0, na = 0;
	for (size_t i = 0; i < c->n; i++)
		if (!software_only || c->rows[i].software)
			v[m++] = &c->rows[i];
	qsort(v, m, sizeof *v, cmp_row_owner);
	for (size_t i = 0; i < m; i++) {
		if (!na || strcmp(a[na - 1].key, v[i]->owner_lc))
			a[na++] = (struct report_account){v[i]->owner, v[i]->owner_lc, 0, 0, 0, 0};
		struct report_account *x = &a[na - 1];
		x->repos++;
		x->stars += report_stars0(v[i]->stars);
		if (v[i]->cjk) {
			x->cjk++;
			x->cjk_stars += report_stars0(v[i]->stars);
		}
	}
	free(v);
	*out = a;
	*nout = na;
	return SW_OK;
}

/* a ranked by repos (cjk: Chinese-description repos), then stars, then key.
 * Caller frees; NULL when out of memory. */
static struct report_rank *rank_accounts(const struct report_account *a, size_t na, bool cjk)
{
	struct report_rank *k = malloc((na ? na : 1) * sizeof *k);
	if (!k)
		return NULL;
	for (size_t i = 0; i < na; i++)
		k[i] = (struct report_rank){{cjk ? (double)a[i].cjk : (double)a[i].repos, cjk ? a[i].cjk_stars : a[i].stars},
					   a[i].key, &a[i]};
	qsort(k, na, sizeof *k, report_rank_cmp);
	return k;
}

sw_err report_ranked_accounts(struct sw_table *t, const struct report_account *a, size_t na, bool cjk,
			      size_t limit)
{
	struct report_rank *k = rank_accounts(a, na, cjk);
	if (!k)
		return SW_ENOMEM;
	sw_err e = SW_OK;
	for (size_t i = 0; !e && i < na && i < limit; i++) {
		const struct report_account *x = k[i].item;
		if (!(cjk ? x->cjk : x->repos))
			break;
		e = sw_table_add_row(t);
		if (!e) e = sw_table_int(t, 0, (int64_t)i + 1);
		if (!e) e = sw_table_str(t, 1, x->owner);
		if (!e) e = sw_table_int(t, 2, cjk ? x->cjk : x->repos);
		if (!e) e = sw_table_int(t, 3, (int64_t)(cjk ? x->cjk_stars : x->stars));
	}
	free(k);
	return e;
}

/* The top 20 accounts by software repos and the headline's top-20 figures. */
static sw_err top_accounts_table(struct report_ctx *c, const struct report_account *a, size_t na)
{
	struct sw_report *r = c->r;
	struct report_rank *k = rank_accounts(a, na, false);
	if (!k)
		return SW_ENOMEM;
	static const char *const h[] = {"rank", "account", "repos", "stars", "repo_share_pct", "star_share_pct"};
	struct sw_table *t = sw_table_new("top_accounts", "Top 20 accounts by software repos (ties: more stars)", 6, h);
	sw_err e = t ? SW_OK : SW_ENOMEM;
	for (size_t i = 0; !e && i < na && i < REPORT_TOP_N; i++) {
		const struct report_account *x = k[i].item;
		r->top20_repos += x->repos;
		r->top20_stars += x->stars;
		e = sw_table_add_row(t);
		if (!e) e = sw_table_int(t, 0, (int64_t)i + 1);
		if (!e) e = sw_table_str(t, 1, x->owner);
		if (!e) e = sw_table_int(t, 2, x->repos);
		if (!e) e = sw_table_int(t, 3, (int64_t)x->stars);
		if (!e) e = sw_table_num(t, 4, report_pct((double)x->repos, (double)r->software_repos), 1);
		if (!e) e = sw_table_num(t, 5, report_pct(x->stars, r->software_stars), 1);
	}
	free(k);
	r->top20_repo_share = report_frac((double)r->top20_repos, (double)r->software_repos);
	r->top20_star_share = report_frac(r->top20_stars, r->software_stars);
	char stars[48];
	sw_fmt_thousands(r->top20_stars, stars);
	if (!e)
		e = report_add_notef(t, "Together: %lld repos (%.1f%%) and %s stars (%.1f%%) of %lld software repos"
				     " on %zu accounts.", (long long)r->top20_repos, 100 * r->top20_repo_share,
				     stars, 100 * r->top20_star_share, (long long)r->software_repos, na);
	return report_keep_table(r, t, e);
}

/* Accounts by their number of repos, and the Gini coefficient of repos per
 * account (v: room for na values, left sorted ascending). */
static sw_err repos_per_account_table(struct report_ctx *c, const struct report_account *a, size_t na, double *v)
{
	struct sw_report *r = c->r;
	static const char *const h[] = {"repos_per_account", "accounts", "account_share_pct", "repos", "repo_share_pct"};
	struct sw_table *t = sw_table_new("repos_per_account", "Accounts by number of software repos", 5, h);
	sw_err e = t ? SW_OK : SW_ENOMEM;
	static const struct { int lo, hi; const char *label; } bk[] = {
		{1, 1, "1"}, {2, 2, "2"}, {3, 3, "3"}, {4, 4, "4"}, {5, 9, "5-9"}, {10, 1 << 30, "10+"}};
	for (size_t b = 0; !e && b < sizeof bk / sizeof bk[0]; b++) {
		int64_t accs = 0, repos = 0;
		for (size_t i = 0; i < na; i++)
			if (a[i].repos >= bk[b].lo && a[i].repos <= bk[b].hi) {
				accs++;
				repos += a[i].repos;
			}
		e = sw_table_add_row(t);
		if (!e) e = sw_table_str(t, 0, bk[b].label);
		if (!e) e = sw_table_int(t, 1, accs);
		if (!e) e = sw_table_num(t, 2, report_pct((double)accs, (double)na), 1);
		if (!e) e = sw_table_int(t, 3, repos);
		if (!e) e = sw_table_num(t, 4, report_pct((double)repos, (double)r->software_repos), 1);
	}
	for (size_t i = 0; i < na; i++)
		v[i] = (double)a[i].repos;
	r->gini = sw_report_gini(v, na); /* sorts v ascending */
	if (!e)
		e = report_add_notef(t, "Gini coefficient of repos per account: %.3f", r->gini);
	return report_keep_table(r, t, e);
}

/* The Lorenz curve from v, the repos per account in ascending order. */
static sw_err lorenz_table(struct report_ctx *c, const double *v, size_t na)
{
	static const char *const h[] = {"account_share_pct", "repo_share_pct"};
	struct sw_table *t = sw_table_new("lorenz", "Lorenz curve of repos per account (accounts from fewest repos)", 2, h);
	sw_err e = t ? SW_OK : SW_ENOMEM;
	size_t pts = na < 20 ? na : 20;
	double cum = 0, total = (double)c->r->software_repos;
	size_t done = 0;
	if (!e && na) {
		e = sw_table_add_row(t);
		if (!e) e = sw_table_num(t, 0, 0, 1);
		if (!e) e = sw_table_num(t, 1, 0, 1);
	}
	for (size_t p = 1; !e && p <= pts; p++) {
		size_t upto = (size_t)((double)na * (double)p / (double)pts + 0.5);
		while (done < upto)
			cum += v[done++];
		e = sw_table_add_row(t);
		if (!e) e = sw_table_num(t, 0, report_pct((double)upto, (double)na), 1);
		if (!e) e = sw_table_num(t, 1, report_pct(cum, total), 1);
	}
	return report_keep_table(c->r, t, e);
}

sw_err report_accounts(struct report_ctx *c)
{
	struct report_account *a;
	size_t na;
	sw_err e = report_group_accounts(c, true, &a, &na);
	if (e)
		return e;
	c->r->accounts = (int64_t)na;
	double *v = malloc((na ? na : 1) * sizeof *v);
	e = v ? top_accounts_table(c, a, na) : SW_ENOMEM;
	if (!e)
		e = repos_per_account_table(c, a, na, v);
	if (!e)
		e = lorenz_table(c, v, na);
	free(v);
	free(a);
	return e;
}

/* ------------------------------------------------------------- developers */

/* A top developer of a software repo. */
struct dev {
	char *key;     /* lower-case login */
	char *login;
	int64_t repo;  /* index of the repo it came from, to count each repo once */
};
static int cmp_dev(const void *a, const void *b)
{
	const struct dev *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->repo > y->repo) - (x->repo < y->repo);
}

struct devs {
	struct dev *d;
	size_t n, alloc;
};

static void devs_release(struct devs *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->d[i].key);
		free(v->d[i].login);
	}
	free(v->d);
}

/* Add login p[0..l) (trimmed; none if blank) of repo i. */
static sw_err add_dev(struct devs *v, const char *p, size_t l, int64_t repo)
{
	char *login = sw_str_ndup(p, l);
	if (!login)
		return SW_ENOMEM;
	sw_str_trim(login);
	if (!*login) {
		free(login);
		return SW_OK;
	}
	char *key = report_lower_dup(login);
	if (!key || (v->n == v->alloc && !sw_array_grow(&v->d, &v->alloc, v->n + 1, sizeof *v->d))) {
		free(key);
		free(login);
		return SW_ENOMEM;
	}
	v->d[v->n++] = (struct dev){key, login, repo};
	return SW_OK;
}

/* The top developers of the software repos (comma-separated logins), sorted
 * by developer and repo. */
static sw_err collect_devs(struct report_ctx *c, struct devs *v)
{
	sw_err e = SW_OK;
	for (size_t i = 0; !e && i < c->n; i++) {
		const struct report_row *w = &c->rows[i];
		if (!w->software || !w->top_devs)
			continue;
		for (const char *p = w->top_devs; !e && *p;) {
			const char *q = strchr(p, ',');
			size_t l = q ? (size_t)(q - p) : strlen(p);
			e = add_dev(v, p, l, (int64_t)i);
			p += l + (q ? 1 : 0);
		}
	}
	if (!e && v->n)
		qsort(v->d, v->n, sizeof *v->d, cmp_dev);
	return e;
}

/* Each developer (first spelling met) with the repos it is a top developer
 * of and their stars. Caller frees; NULL when out of memory. */
static struct report_account *count_devs(struct report_ctx *c, const struct devs *v, size_t *ndc)
{
	const struct dev *d = v->d;
	struct report_account *dc = malloc((v->n ? v->n : 1) * sizeof *dc);
	*ndc = 0;
	for (size_t i = 0; dc && i < v->n; i++) {
		bool new_dev = !i || strcmp(d[i].key, d[i - 1].key);
		bool new_repo = new_dev || d[i].repo != d[i - 1].repo;
		if (new_dev)
			dc[(*ndc)++] = (struct report_account){d[i].login, d[i].key, 0, 0, 0, 0};
		if (new_repo) {
			dc[*ndc - 1].repos++;
			dc[*ndc - 1].stars += report_stars0(c->rows[d[i].repo].stars);
		}
	}
	return dc;
}

/* Ties: more stars, then name (case-insensitive). */
static sw_err top_developers_table(struct report_ctx *c, const struct report_account *dc, size_t ndc)
{
	static const char *const h[] = {"rank", "developer", "repos", "stars"};
	struct sw_table *t = sw_table_new("top_developers", "Developers who are a top developer of the most software repos", 4, h);
	sw_err e = t ? report_ranked_accounts(t, dc, ndc, false, REPORT_TOP_N) : SW_ENOMEM;
	char devs[48];
	sw_fmt_thousands((double)ndc, devs);
	if (!e)
		e = report_add_notef(t, "%s distinct top developers (case-insensitive) over %lld software repos"
				     " (ties: more stars, then name).", devs, (long long)c->r->software_repos);
	return report_keep_table(c->r, t, e);
}

/* Contributor counts: "100+" stays "at least 100". */
static const struct { int64_t lo, hi; const char *label; } contrib_bk[] = {
	{1, 1, "1"}, {2, 4, "2-4"}, {5, 9, "5-9"}, {10, 19, "10-19"}, {20, 49, "20-49"}, {50, 99, "50-99"}};

/* The bucket of a known contributor count: contrib_bk's, then 6 for 100+
 * and 7 for 0. */
static size_t contrib_bucket(int64_t x)
{
	if (x >= 100)
		return 6;
	if (x <= 0)
		return 7;
	size_t b = 0;
	while (b < 5 && x > contrib_bk[b].hi)
		b++;
	return b;
}

static sw_err contributors_table(struct report_ctx *c)
{
	struct sw_report *r = c->r;
	int64_t cnt[9] = {0}; /* 6 buckets, 100+, 0, unknown */
	for (size_t i = 0; i < c->n; i++) {
		const struct report_row *w = &c->rows[i];
		if (!w->software)
			continue;
		if (w->contributors == SW_UNKNOWN) {
			cnt[8]++;
			continue;
		}
		r->contributors_sum += w->contributors;
		r->contributors_known++;
		cnt[contrib_bucket(w->contributors)]++;
	}
	static const char *const h[] = {"contributors", "repos", "share_pct"};
	struct sw_table *t = sw_table_new("contributors", "Software repos by number of contributors", 3, h);
	if (!t)
		return SW_ENOMEM;
	static const char *const extra[] = {"100+ (at least 100)", "0", "unknown"};
	sw_err e = SW_OK;
	for (size_t b = 0; !e && b < 9; b++) {
		if (b == 7 && !cnt[7])
			continue;
		e = sw_table_add_row(t);
		if (!e) e = sw_table_str(t, 0, b < 6 ? contrib_bk[b].label : extra[b - 6]);
		if (!e) e = sw_table_int(t, 1, cnt[b]);
		if (!e) e = sw_table_num(t, 2, report_pct((double)cnt[b], (double)r->software_repos), 1);
	}
	char sum[48];
	sw_fmt_thousands((double)r->contributors_sum, sum);
	if (!e)
		e = report_add_notef(t, "Sum of contributors over %lld repos with a count: at least %s"
				     " (\"100+\" counts as 100; people in several repos count once per repo).",
				     (long long)r->contributors_known, sum);
	return report_keep_table(r, t, e);
}

sw_err report_developers(struct report_ctx *c)
{
	struct devs v = {0};
	size_t ndc = 0;
	struct report_account *dc = NULL;
	sw_err e = collect_devs(c, &v);
	if (!e && !(dc = count_devs(c, &v, &ndc)))
		e = SW_ENOMEM;
	if (!e) {
		c->r->distinct_devs = (int64_t)ndc;
		e = top_developers_table(c, dc, ndc);
	}
	free(dc);
	devs_release(&v);
	return e ? e : contributors_table(c);
}

/* ------------------------------------------------------------ owner types */

/* Mean and median stars of the repos of layer l (all when l is past the
 * last) whose owner type is ty and stars known; buf has room for every row. */
static void type_stars(const struct report_ctx *c, size_t l, int ty, double *buf, double *mean, double *med)
{
	size_t m = 0;
	for (size_t i = 0; i < c->n; i++) {
		const struct report_row *w = &c->rows[i];
		if (report_in_layer(w, l, c->r->nlayers) && w->otype == ty && w->stars != SW_UNKNOWN)
			buf[m++] = (double)w->stars;
	}
	double s = 0;
	for (size_t k = 0; k < m; k++)
		s += buf[k];
	*mean = m ? s / (double)m : NAN;
	*med = report_median(buf, m);
}

/* A row of owner_types: n, mean and median by owner type (0 unknown, 1
 * user, 2 organization). */
static sw_err owner_row(struct sw_table *t, const char *label, const int64_t n[3], const double mean[3],
			const double med[3])
{
	sw_err e = sw_table_add_row(t);
	if (!e) e = sw_table_str(t, 0, label);
	if (!e) e = sw_table_int(t, 1, n[1]);
	if (!e) e = sw_table_int(t, 2, n[2]);
	if (!e) e = sw_table_int(t, 3, n[0]);
	if (!e) e = sw_table_num(t, 4, report_pct((double)n[1], (double)(n[1] + n[2])), 1);
	if (!e) e = sw_table_num(t, 5, mean[1], 0);
	if (!e) e = sw_table_num(t, 6, med[1], 0);
	if (!e) e = sw_table_num(t, 7, mean[2], 0);
	if (!e) e = sw_table_num(t, 8, med[2], 0);
	return e;
}

sw_err report_owner_types(struct report_ctx *c)
{
	struct sw_report *r = c->r;
	size_t L = r->nlayers;
	static const char *const h[] = {"layer", "indiv", "org", "unknown", "indiv_pct",
					"mean_indiv", "median_indiv", "mean_org", "median_org"};
	struct sw_table *t = sw_table_new("owner_types", "Individual vs organisation owners per layer (stars: mean and median)", 9, h);
	double *buf = malloc((c->n ? c->n : 1) * sizeof *buf);
	sw_err e = t && buf ? SW_OK : SW_ENOMEM;
	for (size_t l = 0; !e && l <= L; l++) {
		if (l < L && !r->layer_repos[l])
			continue;
		int64_t n[3] = {0};
		double mean[3] = {0}, med[3] = {NAN, NAN, NAN};
		for (int ty = 1; ty <= 2; ty++)
			type_stars(c, l, ty, buf, &mean[ty], &med[ty]);
		for (size_t i = 0; i < c->n; i++)
			if (report_in_layer(&c->rows[i], l, L))
				n[c->rows[i].otype]++;
		if (l == L) {
			r->owner_unknown = n[0];
			r->owner_known = n[1] + n[2];
		}
		e = owner_row(t, report_layer_label(r, l), n, mean, med);
	}
	if (!e && r->owner_unknown)
		e = report_add_notef(t, "Owner type is unknown for %lld of %lld repos (curated lists do not say);"
				     " they are counted as unknown, not guessed. Shares and star figures use known"
				     " owners only.", (long long)r->owner_unknown, (long long)r->repos);
	free(buf);
	return report_keep_table(r, t, e);
}
