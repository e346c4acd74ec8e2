/* decide.c: the build-vs-buy decision aid: weighted factors from a data
 * file, a verdict with the reasons that drove it, and the health ranking
 * of the tracked open-source options of a subcategory. */
#include "stackwatch/models.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core_int.h"
#include "models_int.h"
#include "stackwatch/core.h"

struct sw_models_decide {
	char *text;                  /* the file; factor strings point into it */
	struct sw_models_decide_factor f[SW_MODELS_DECIDE_MAX_FACTORS];
	size_t n;
	double threshold;
};

void sw_models_decide_free(struct sw_models_decide *d)
{
	if (!d)
		return;
	free(d->text);
	free(d);
}

size_t sw_models_decide_nfactors(const struct sw_models_decide *d)
{
	return d->n;
}

const struct sw_models_decide_factor *sw_models_decide_factor(const struct sw_models_decide *d, size_t i)
{
	return i < d->n ? &d->f[i] : NULL;
}

int sw_models_decide_find(const struct sw_models_decide *d, const char *name)
{
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->f[i].id, name) || !strcmp(d->f[i].flag, name))
			return (int)i;
	return -1;
}

/* Split line p at TABs into at most 8 columns (in place); their count. */
static size_t split_tabs(char *p, char *col[8])
{
	size_t nc = 0;
	for (char *q = p; nc < 8;) {
		col[nc++] = q;
		char *t = strchr(q, '\t');
		if (!t)
			break;
		*t = '\0';
		q = t + 1;
	}
	return nc;
}

/* One factor line: id, flag, weight, direction, question, low and high reasons. */
static sw_err parse_factor(struct sw_models_decide *d, char *const *col, size_t nc, const char *name, size_t line,
			   struct sw_error *err)
{
	if (nc != 7)
		return sw_error_set(err, SW_EPARSE, "%s:%zu: expected 7 TAB-separated columns, got %zu", name, line, nc);
	if (d->n == SW_MODELS_DECIDE_MAX_FACTORS)
		return sw_error_set(err, SW_ELIMIT, "%s:%zu: more than %d factors", name, line,
				    SW_MODELS_DECIDE_MAX_FACTORS);
	struct sw_models_decide_factor *f = &d->f[d->n];
	char *end;
	f->id = col[0];
	f->flag = col[1];
	f->weight = strtod(col[2], &end);
	if (*end || !(f->weight > 0) || f->weight > 100)
		return sw_error_set(err, SW_EPARSE, "%s:%zu:3: weight '%s' is not a number in (0, 100]", name, line,
				    col[2]);
	if (!strcmp(col[3], "1") || !strcmp(col[3], "+1"))
		f->direction = 1;
	else if (!strcmp(col[3], "-1"))
		f->direction = -1;
	else
		return sw_error_set(err, SW_EPARSE, "%s:%zu:4: direction '%s' is not +1 or -1", name, line, col[3]);
	if (strncmp(f->flag, "--", 2) || !f->id[0])
		return sw_error_set(err, SW_EPARSE, "%s:%zu: flag '%s' must start with --", name, line, f->flag);
	if (sw_models_decide_find(d, f->id) >= 0 || sw_models_decide_find(d, f->flag) >= 0)
		return sw_error_set(err, SW_EPARSE, "%s:%zu: factor '%s' defined twice", name, line, f->id);
	f->question = col[4];
	f->low_reason = col[5];
	f->high_reason = col[6];
	d->n++;
	return SW_OK;
}

/* One line that is not blank or a comment: the threshold or a factor. */
static sw_err parse_line(struct sw_models_decide *d, char *p, const char *name, size_t line, struct sw_error *err)
{
	char *col[8];
	size_t nc = split_tabs(p, col);
	if (strcmp(col[0], "threshold"))
		return parse_factor(d, col, nc, name, line, err);
	char *end;
	if (nc != 2 || !((d->threshold = strtod(col[1], &end)) > 0) || *end || d->threshold >= 1)
		return sw_error_set(err, SW_EPARSE, "%s:%zu: threshold needs one number in (0, 1)", name, line);
	return SW_OK;
}

static sw_err parse(struct sw_models_decide *d, const char *name, struct sw_error *err)
{
	char *p = d->text;
	size_t line = 0;
	d->threshold = NAN;
	while (p && *p) {
		line++;
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		size_t len = strlen(p);
		if (len && p[len - 1] == '\r')
			p[len - 1] = '\0';
		sw_err e = *p == '#' || !*p ? SW_OK : parse_line(d, p, name, line, err);
		if (e)
			return e;
		p = nl ? nl + 1 : NULL;
	}
	if (!d->n)
		return sw_error_set(err, SW_EPARSE, "%s: no factors", name);
	if (isnan(d->threshold))
		return sw_error_set(err, SW_EPARSE, "%s: no threshold line", name);
	return SW_OK;
}

sw_err sw_models_decide_parse(const char *name, const char *text, size_t len, struct sw_models_decide **out,
		       struct sw_error *err)
{
	*out = NULL;
	struct sw_models_decide *d = calloc(1, sizeof *d);
	if (!d || !(d->text = sw_str_ndup(text, len))) {
		free(d);
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	}
	if (strlen(d->text) != len) {
		sw_models_decide_free(d);
		return sw_error_set(err, SW_EPARSE, "%s: contains a NUL byte", name);
	}
	sw_err e = parse(d, name, err);
	if (e) {
		sw_models_decide_free(d);
		return e;
	}
	*out = d;
	return SW_OK;
}

sw_err sw_models_decide_load(const char *path, struct sw_models_decide **out, struct sw_error *err)
{
	*out = NULL;
	if (!path) {
		size_t len = 0;
		const char *t = core_embedded("decide_factors.tsv", &len);
		if (!t)
			return sw_error_set(err, SW_ENOTFOUND, "decide_factors.tsv is not embedded in this build");
		return sw_models_decide_parse("decide_factors.tsv", t, len, out, err);
	}
	struct sw_buf b = SW_BUF_INIT;
	sw_buf_init(&b, (size_t)1 << 20);
	sw_err e = sw_buf_read_file(path, &b, err);
	if (!e)
		e = sw_models_decide_parse(path, b.data ? b.data : "", b.len, out, err);
	sw_buf_release(&b);
	return e;
}

sw_err sw_models_decide_parse_level(const struct sw_models_decide *d, size_t factor, const char *text, int *level,
			     struct sw_error *err)
{
	static const char *const names[3][3] = {{"low", "l", "-1"}, {"medium", "m", "0"}, {"high", "h", "1"}};
	for (int i = 0; i < 3; i++)
		for (int k = 0; k < 3; k++)
			if (!strcasecmp(text, names[i][k])) {
				*level = i - 1;
				return SW_OK;
			}
	return sw_error_set(err, SW_EINVAL, "%s: unknown answer '%.40s' (expected low, medium or high)",
			    factor < d->n ? d->f[factor].flag : "?", text);
}

static const char *level_name(int l)
{
	return l == -1 ? "low" : l == 0 ? "medium" : l == 1 ? "high" : "not answered";
}

static double effect(const struct sw_models_decide *d, const int *lv, size_t i)
{
	return lv[i] == SW_MODELS_DECIDE_UNSET ? 0 : d->f[i].weight * d->f[i].direction * lv[i];
}

/* |effect| copied with the index: qsort without global context (thread-safe). */
struct eff_key {
	double abs;
	size_t i;
};
static int cmp_effect(const void *a, const void *b)
{
	const struct eff_key *x = a, *y = b;
	if (x->abs != y->abs)
		return x->abs > y->abs ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

sw_err sw_models_decide_evaluate(const struct sw_models_decide *d, const int *levels, struct sw_models_decide_result *res,
			  struct sw_table **factors, struct sw_error *err)
{
	memset(res, 0, sizeof *res);
	if (factors)
		*factors = NULL;
	double sum = 0, total = 0;
	for (size_t i = 0; i < d->n; i++) {
		if (levels[i] != SW_MODELS_DECIDE_UNSET && (levels[i] < -1 || levels[i] > 1))
			return sw_error_set(err, SW_EINVAL, "%s: answer out of range", d->f[i].flag);
		total += d->f[i].weight;
		sum += effect(d, levels, i);
		res->answered += levels[i] != SW_MODELS_DECIDE_UNSET;
	}
	res->score = sum / total;
	res->threshold = d->threshold;
	/* compare with a tolerance so 0.2 exactly counts despite rounding */
	res->verdict = res->score >= d->threshold - 1e-9    ? "build on open source"
		       : res->score <= -d->threshold + 1e-9 ? "buy proprietary"
							    : "hybrid";
	if (!factors)
		return SW_OK;
	static const char *const h[] = {"factor", "flag", "answer", "weight", "effect", "favours", "reason"};
	struct sw_table *t = sw_table_new("factors", "Factors, largest effect first", 7, h);
	struct eff_key key[SW_MODELS_DECIDE_MAX_FACTORS];
	size_t ord[SW_MODELS_DECIDE_MAX_FACTORS];
	for (size_t i = 0; i < d->n; i++)
		key[i] = (struct eff_key){fabs(effect(d, levels, i)), i};
	qsort(key, d->n, sizeof key[0], cmp_effect);
	for (size_t i = 0; i < d->n; i++)
		ord[i] = key[i].i;
	sw_err e = t ? SW_OK : SW_ENOMEM;
	for (size_t k = 0; !e && k < d->n; k++) {
		size_t i = ord[k];
		double ef = effect(d, levels, i);
		const char *fav = ef > 0 ? "open source" : ef < 0 ? "proprietary" : "neutral";
		const char *why = levels[i] == -1  ? d->f[i].low_reason
				  : levels[i] == 1 ? d->f[i].high_reason
				  : levels[i] == 0 ? "a medium answer weighs neither way"
						   : "not answered: counted as neutral";
		if ((e = sw_table_add_row(t)) || (e = sw_table_str(t, 0, d->f[i].id)) ||
		    (e = sw_table_str(t, 1, d->f[i].flag)) || (e = sw_table_str(t, 2, level_name(levels[i]))) ||
		    (e = sw_table_num(t, 3, d->f[i].weight, 0)) || (e = sw_table_num(t, 4, ef, 0)) ||
		    (e = sw_table_str(t, 5, fav)) || (e = sw_table_str(t, 6, why)))
			break;
	}
	static const char *const drop[] = {"flag"}; /* the factor's name says it: lock_in is --lock-in */
	if (!e)
		e = sw_table_drop_order(t, drop, 1);
	if ((e = sw_table_give(t, e, factors)))
		return sw_error_set(err, e, "building the factor table: %s", sw_error_str(e));
	return SW_OK;
}

/* ---- health of the open-source options ---- */

/* Health weights (docs/models.md); a component without data is left out. */
#define W_STARS 30.0
#define W_TREND 25.0
#define W_CONTRIB 20.0
#define W_PUSH 15.0
#define W_LICENSE 10.0

struct option {
	const struct sw_repo_row *row;
	double health, coverage;
	double trend30, trend_pct;   /* NAN unknown */
	char why[96];                /* why there is no trend */
	int64_t push_days;           /* SW_UNKNOWN unknown */
};

static int cmp_option(const void *a, const void *b)
{
	const struct option *x = a, *y = b;
	if (x->health != y->health)
		return x->health > y->health ? -1 : 1;
	if (x->row->snap.stars != y->row->snap.stars)
		return x->row->snap.stars > y->row->snap.stars ? -1 : 1;
	return strcmp(x->row->repo.name, y->row->repo.name);
}

static double clamp01(double v)
{
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* Stars gained over the 30 days before the latest snapshot, scaled to 30
 * days, against the snapshot core's comparison rule picks (span nearest 30
 * days, at least 7); NAN with the reason in o->why when there is none. */
static void trend(const struct sw_snapshot_list *l, struct option *o)
{
	o->trend30 = o->trend_pct = NAN;
	const struct sw_snapshot *best = sw_snapshot_baseline(l, 30 * 86400, 7 * 86400, o->why);
	if (!best)
		return;
	const struct sw_snapshot *last = &l->items[l->n - 1];
	double days = (double)(last->taken_at - best->taken_at) / 86400;
	o->trend30 = (double)(last->stars - best->stars) * 30 / days;
	if (best->stars > 0)
		o->trend_pct = o->trend30 / (double)best->stars * 100;
}

static void score(struct option *o)
{
	const struct sw_snapshot *s = &o->row->snap;
	double sum = 0, w = 0;
	if (s->stars != SW_UNKNOWN) {
		sum += W_STARS * clamp01(log10((double)s->stars + 1) / 5); /* 100k stars = full */
		w += W_STARS;
	}
	if (!isnan(o->trend_pct)) {
		sum += W_TREND * clamp01(o->trend_pct / 5); /* +5 % a month = full */
		w += W_TREND;
	}
	if (s->contributors != SW_UNKNOWN) {
		sum += W_CONTRIB * clamp01(log10((double)s->contributors + 1) / log10(501)); /* 500 = full */
		w += W_CONTRIB;
	}
	if (o->push_days != SW_UNKNOWN) {
		sum += W_PUSH * clamp01(1 - (double)(o->push_days - 30) / 335); /* 30 d = full, 365 d = 0 */
		w += W_PUSH;
	}
	if (o->row->repo.license && *o->row->repo.license) {
		const char *lic = o->row->repo.license;
		sum += W_LICENSE * (strcasecmp(lic, "NOASSERTION") && strcasecmp(lic, "other") ? 1 : 0);
		w += W_LICENSE;
	}
	o->coverage = w / (W_STARS + W_TREND + W_CONTRIB + W_PUSH + W_LICENSE);
	o->health = w > 0 ? 100 * sum / w : NAN;
	if (o->row->repo.archived == 1)
		o->health = 0;
}

/* Each option's trend, last push and health, from its snapshots. */
static sw_err options_health(struct sw_store *s, const struct sw_repo_list *l, struct option *o,
			     struct sw_error *err)
{
	for (size_t i = 0; i < l->n; i++) {
		o[i].row = &l->rows[i];
		struct sw_snapshot_list sl = {0};
		sw_err e = sw_store_snapshots(s, l->rows[i].repo.id, &sl, err);
		if (e)
			return e;
		trend(&sl, &o[i]);
		sw_snapshot_list_release(&sl);
		o[i].push_days = SW_UNKNOWN;
		int64_t pushed;
		if (l->rows[i].repo.pushed_at && sw_time_parse(l->rows[i].repo.pushed_at, &pushed) &&
		    l->rows[i].snap.taken_at)
			o[i].push_days = (l->rows[i].snap.taken_at - pushed) / 86400;
		score(&o[i]);
	}
	return SW_OK;
}

/* Why an option's figures are what they are ("" when nothing to say). */
static void option_notes(const struct option *o, char notes[200])
{
	notes[0] = '\0';
	if (isnan(o->trend30)) {
		strcat(notes, o->why);
		strcat(notes, "; ");
	}
	if (o->row->repo.archived == 1)
		strcat(notes, "archived: health 0; ");
	size_t nl = strlen(notes);
	if (nl >= 2)
		notes[nl - 2] = '\0';
}

static sw_err option_row(struct sw_table *t, size_t rank, const struct option *o)
{
	const struct sw_repo_row *r = o->row;
	char full[300], cbuf[32], notes[200];
	snprintf(full, sizeof full, "%s/%s", r->repo.owner, r->repo.name);
	const char *contrib = sw_view_contributors_text(&r->snap, cbuf);
	option_notes(o, notes);
	sw_err x;
	if ((x = sw_table_add_row(t)) || (x = sw_table_int(t, 0, (int64_t)rank)) || (x = sw_table_str(t, 1, full)) ||
	    (x = sw_table_num(t, 2, o->health, 0)) || (x = sw_table_num(t, 3, o->coverage, 2)) ||
	    (x = sw_table_int(t, 4, r->snap.stars)) || (x = sw_table_num(t, 5, o->trend30, 0)) ||
	    (x = sw_table_num(t, 6, o->trend_pct, 1)) ||
	    (x = contrib ? sw_table_numtext(t, 7, (double)r->snap.contributors, contrib)
			 : sw_table_str(t, 7, "unknown")) ||
	    /* The store names top developers but not their share of the
	     * work, so the bus factor cannot be computed: say so. */
	    (x = sw_table_str(t, 8, "unknown")) ||
	    (x = sw_table_str(t, 9, r->repo.pushed_at ? r->repo.pushed_at : "unknown")) ||
	    (x = sw_table_str(t, 10, r->repo.archived == 1 ? "yes" : r->repo.archived == 0 ? "no" : "unknown")) ||
	    (x = sw_table_str(t, 11, r->repo.license && *r->repo.license ? r->repo.license : "unknown")))
		return x;
	return sw_table_str(t, 12, notes);
}

/* How many options have no trend, and why: said once under the table. */
static sw_err trend_note(struct sw_table *t, const struct option *o, size_t n)
{
	size_t none = 0, one = 0;
	for (size_t i = 0; i < n; i++) {
		none += isnan(o[i].trend30);
		one += isnan(o[i].trend30) && !strncmp(o[i].why, "one snapshot", 12);
	}
	if (!none)
		return SW_OK;
	char msg[200];
	snprintf(msg, sizeof msg, "%zu of %zu repos have no 30-day trend yet (%zu with one snapshot so far, %zu with"
				  " under 7 days of history); their health rests on the other parts.",
		 none, n, one, none - one);
	return sw_table_note(t, msg);
}

/* The ranked options o[0..n) as a table. */
static sw_err options_table(const struct option *o, size_t n, struct sw_table **out, struct sw_error *err)
{
	static const char *const h[] = {"rank", "repo", "health", "coverage", "stars", "star_trend_30d",
					"trend_pct_30d", "contributors", "top_dev_share", "last_push", "archived",
					"license", "notes"};
	struct sw_table *t = sw_table_new("options", "Open-source options ranked by health", 13, h);
	if (!t)
		return sw_error_set(err, SW_ENOMEM, "out of memory");
	sw_err e = SW_OK;
	for (size_t i = 0; !e && i < n; i++)
		if ((e = option_row(t, i + 1, &o[i])))
			e = sw_error_set(err, e, "building the options table: %s", sw_error_str(e));
	if (!e)
		e = sw_table_note(t, "health 0-100 = weighted mean of the known parts: stars 30 (log10, 100k = full),"
				     " 30-day star trend 25 (+5 %/month = full), contributors 20 (log10, 500 = full),"
				     " last push 15 (30 days = full, 365 = 0), licence known 10; coverage = share of"
				     " the weights with data; archived = 0");
	if (!e)
		e = trend_note(t, o, n);
	/* a narrow terminal keeps the ranking and its figures; the trend note says what notes would */
	static const char *const drop[] = {"notes", "top_dev_share", "coverage", "trend_pct_30d", "license"};
	if (!e)
		e = sw_table_drop_order(t, drop, sizeof drop / sizeof drop[0]);
	return sw_table_give(t, e, out);
}

sw_err sw_models_decide_options(struct sw_store *s, const char *subcat, struct sw_table **out, struct sw_error *err)
{
	*out = NULL;
	struct sw_query q = {0};
	q.subcat = subcat;
	struct sw_repo_list l = {0};
	sw_err e = sw_store_list(s, &q, &l, err);
	if (e)
		return e;
	struct option *o = l.n ? calloc(l.n, sizeof *o) : NULL;
	if (!l.n)
		e = sw_error_set(err, SW_ENOTFOUND, "no tracked repos in subcategory '%s'", subcat);
	else if (!o)
		e = sw_error_set(err, SW_ENOMEM, "out of memory");
	else if (!(e = options_health(s, &l, o, err))) {
		qsort(o, l.n, sizeof *o, cmp_option);
		e = options_table(o, l.n, out, err);
	}
	free(o);
	sw_repo_list_release(&l);
	return e;
}

/* ---- the whole answer ---- */

/* The lag sentence into b and *l; l's model names point into *fp, which the
 * caller frees (sw_models_frontier_free) once it is done with them. */
static sw_err lag_text(struct sw_store *s, const char *bench, struct sw_buf *b, struct sw_models_lag *l,
		       bool *have, struct sw_models_frontier **fp)
{
	struct sw_models_frontier *f = NULL;
	struct sw_error ignore;
	*have = false;
	*fp = NULL;
	if (!s || sw_models_frontier_compute(s, bench, &f, &ignore) != SW_OK)
		return sw_buf_printf(b, "unknown: no %s scores in the store (stackwatch models import)", bench);
	sw_models_current_lag(f, l);
	sw_err e;
	if (!l->open_model)
		e = sw_buf_printf(b, "unknown: no open-weights model has a %s score", bench);
	else if (!l->closed_model)
		e = sw_buf_printf(b, "open weights lead on %s: no closed model has reached %s's %.3f", bench,
				  l->open_model, l->open_score);
	else {
		*have = true;
		e = sw_buf_printf(b,
				  "on %s the best open-weights model (%s, %.3f) came %.1f months after a closed model"
				  " (%s) first reached that score; the best closed score is %.3f",
				  bench, l->open_model, l->open_score, l->lag_months, l->closed_model,
				  l->best_closed_score);
	}
	*fp = f;
	return e;
}

/* Everything the answer shows, gathered before it is written. */
struct answer {
	const struct sw_models_decide *d;
	struct sw_models_decide_result res;
	struct sw_table *ft, *ot;           /* factors; options (with a subcategory) */
	const char *subcat;
	struct sw_buf lag, drivers;         /* the lag sentence; the driving factors */
	struct sw_models_lag l;
	bool have_lag;
};

/* Drivers: answered factors pushing the way of the verdict (for hybrid:
 * the largest on each side), in table order = largest effect first. */
static sw_err drivers_text(struct answer *a)
{
	const char *v = a->res.verdict;
	int want = !strcmp(v, "build on open source") ? 1 : !strcmp(v, "buy proprietary") ? -1 : 0;
	sw_err e = SW_OK;
	for (size_t r = 0; !e && r < sw_table_rows(a->ft); r++) {
		double ef = sw_table_cell_num(a->ft, r, 4);
		if (ef == 0 || (want && (ef > 0) != (want > 0)))
			continue;
		e = sw_buf_printf(&a->drivers, "%s%s=%s (%+g)", a->drivers.len ? ", " : "",
				  sw_table_cell_text(a->ft, r, 1) + 2, sw_table_cell_text(a->ft, r, 2), ef);
	}
	if (!e && !a->drivers.len)
		e = sw_buf_puts(&a->drivers, "no answered factor weighs either way");
	return e;
}

/* ,"key":"value" (sep "" for a first member). */
static sw_err json_text(struct sw_buf *b, const char *sep, const char *key, const char *value)
{
	sw_err e = sw_buf_printf(b, "%s\"%s\":\"", sep, key); /* fixed keys: nothing to escape */
	if (!e)
		e = sw_buf_json_str(b, value);
	if (!e)
		e = sw_buf_putc(b, '"');
	return e;
}

/* ,"key":[table rows] */
static sw_err json_table(struct sw_buf *b, const char *key, const struct sw_table *t)
{
	sw_err e = sw_buf_printf(b, ",\"%s\":", key);
	if (!e)
		e = sw_table_render(t, SW_FMT_JSON, 0, b);
	return e;
}

static sw_err answer_json(const struct answer *a, struct sw_buf *out)
{
	const struct sw_models_decide_result *res = &a->res;
	sw_err e = sw_buf_printf(out, "{\"recommendation\":\"%s\",\"score\":%.4f,\"threshold\":%.4f,\"answered\":%zu,"
				      "\"factors_total\":%zu",
				 res->verdict, res->score, res->threshold, res->answered, a->d->n);
	if (!e)
		e = json_text(out, ",", "driven_by", a->drivers.data);
	if (!e)
		e = json_table(out, "factors", a->ft);
	if (!e)
		e = sw_buf_puts(out, ",\"open_vs_closed_lag\":{");
	if (!e)
		e = json_text(out, "", "text", a->lag.data);
	if (!e && a->have_lag)
		e = sw_buf_printf(out, ",\"lag_months\":%.4f", a->l.lag_months);
	if (!e && a->have_lag)
		e = json_text(out, ",", "open_model", a->l.open_model);
	if (!e && a->have_lag)
		e = json_text(out, ",", "closed_model", a->l.closed_model);
	if (!e)
		e = sw_buf_putc(out, '}');
	if (!e && a->ot)
		e = json_text(out, ",", "subcat", a->subcat);
	if (!e && a->ot)
		e = json_table(out, "options", a->ot);
	if (!e)
		e = sw_buf_puts(out, "}\n");
	return e;
}

/* Text and Markdown: the verdict, why, the lag, then the tables. */
static sw_err answer_text(const struct answer *a, enum sw_fmt fmt, struct sw_buf *out)
{
	const struct sw_models_decide_result *res = &a->res;
	const char *h = fmt == SW_FMT_MD ? "## " : "";
	char head[300];
	snprintf(head, sizeof head, "%s (score %+.2f on -1 buy .. +1 build; threshold %.2f; %zu of %zu factors answered)",
		 res->verdict, res->score, res->threshold, res->answered, a->d->n);
	/* Markdown keeps each paragraph on one line; text wraps to the terminal. */
	size_t width = fmt == SW_FMT_MD ? SW_TEXT_WIDTH_MAX : 0;
	sw_err e = sw_buf_puts(out, h);
	if (!e)
		e = sw_buf_wrap(out, "Recommendation: ", head, 4, width);
	if (!e)
		e = sw_buf_wrap(out, "Driven by: ", a->drivers.data, 4, width);
	if (!e && !strcmp(res->verdict, "hybrid"))
		e = sw_buf_wrap(out, "Hybrid: ", "start on a proprietary API behind your own interface and keep an"
				     " open-weights path ready for the parts that need control or lower cost.", 4, width);
	if (!e)
		e = sw_buf_wrap(out, "Open vs closed: ", a->lag.data, 4, width);
	if (!e)
		e = sw_buf_putc(out, '\n');
	if (!e)
		e = sw_table_render(a->ft, fmt, fmt == SW_FMT_TABLE ? 90 : 0, out);
	if (!e && a->ot)
		e = sw_buf_printf(out, "\n%sOpen-source options in '%s', ranked by health\n\n", h, a->subcat);
	if (!e && a->ot)
		e = sw_table_render(a->ot, fmt, fmt == SW_FMT_TABLE ? 40 : 0, out);
	return e;
}

sw_err sw_models_decide_render(const struct sw_models_decide *d, const int *levels, struct sw_store *s, const char *subcat,
			const char *benchmark, enum sw_fmt fmt, struct sw_buf *out, struct sw_error *err)
{
	struct answer a = {.d = d, .subcat = subcat, .lag = SW_BUF_INIT, .drivers = SW_BUF_INIT};
	sw_err e = sw_models_decide_evaluate(d, levels, &a.res, &a.ft, err);
	if (!e && subcat && s)
		e = sw_models_decide_options(s, subcat, &a.ot, err);
	if (e) {
		sw_table_free(a.ft);
		return e;
	}
	if (fmt == SW_FMT_CSV) { /* one table: the options with a subcat, else the factors */
		e = sw_table_render(a.ot ? a.ot : a.ft, SW_FMT_CSV, 0, out);
		sw_table_free(a.ft);
		sw_table_free(a.ot);
		return e ? sw_error_set(err, e, "rendering the decision: %s", sw_error_str(e)) : SW_OK;
	}
	sw_buf_init(&a.lag, 4096);
	sw_buf_init(&a.drivers, 1 << 16);
	struct sw_models_frontier *lf = NULL;
	e = lag_text(s, benchmark ? benchmark : "gpqa_diamond", &a.lag, &a.l, &a.have_lag, &lf);
	if (!e)
		e = drivers_text(&a);
	if (!e)
		e = fmt == SW_FMT_JSON ? answer_json(&a, out) : answer_text(&a, fmt, out);
	sw_buf_release(&a.lag);
	sw_models_frontier_free(lf);
	sw_buf_release(&a.drivers);
	sw_table_free(a.ft);
	sw_table_free(a.ot);
	return e ? sw_error_set(err, e, "rendering the decision: %s", sw_error_str(e)) : SW_OK;
}
