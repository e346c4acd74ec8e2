/* test_models.c: the models importer and the frontier/lag computations, on a
 * hand-checked fixture and on the real Epoch AI hub files. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stackwatch/models.h"
#include "testutil.h"

/* Hand-checked fixture (dates in 2024, a leap year):
 *  A   closed  LabA  2 versions 0.40/0.50 on 01-01 -> model A = 0.50
 *  O1  open    LabO  03-01 0.45   first closed >= .45: A 01-01 -> 60 days
 *  U   unknown LabU  04-01 0.55   overall record, neither open nor closed
 *  B,C closed        05-01 0.60   same-day tie: both set the record
 *  T   closed  LabT  05-15 0.60   equals the record later: not a record
 *  O2  open          06-01 0.58   first closed >= .58: B (name order) -> 31 days
 *  O3  open          07-01 0.70   overall record; first closed >= .70: E -> -62 days
 *  D   closed  LabD  08-01 0.65   closed record only
 *  E   closed  LabE  09-01 0.72   overall record; now = 09-01
 *  Z   closed        undated 0.99 left out of every frontier */
static const char fixture[] =
	"model,version,organisation,country,release_date,open_weights,benchmark,score\n"
	"A,A-low,LabA,US,2024-01-01,no,bench,0.40\n"
	"A,A-high,LabA,US,2024-01-01,no,bench,0.50\n"
	"O1,,LabO,China,2024-03-01,yes,bench,0.45\n"
	"U,,LabU,,2024-04-01,unknown,bench,0.55\n"
	"C,,LabC,US,2024-05-01,no,bench,0.60\n"
	"B,,\"LabB, LabX\",US,2024-05-01,no,bench,0.60\n"
	"T,,LabT,US,2024-05-15,no,bench,0.60\n"
	"O2,,LabO,China,2024-06-01,yes,bench,0.58\n"
	"O3,,LabO,China,2024-07-01,yes,bench,0.70\n"
	"D,,LabD,France,2024-08-01,no,bench,0.65\n"
	"E,,LabE,US,2024-09-01,no,bench,0.72\n"
	"Z,,LabZ,US,,no,bench,0.99\n"
	"A,A-high,LabA,US,2024-01-01,no,other,0.10\n";

static struct sw_models_frontier *load_fixture(struct sw_store **sp)
{
	struct sw_store *s = tu_store("fix.db");
	const char *p = tu_keep(tu_write("fix.csv", fixture));
	struct sw_models_import_result res;
	struct sw_error err = {0};
	sw_err e = sw_models_import_files(s, &p, 1, &res, &err);
	if (e)
		fail_msg("%s", sw_error_text(&err));
	assert_int_equal(res.scores, 13);
	struct sw_models_frontier *f = NULL;
	e = sw_models_frontier_compute(s, "bench", &f, &err);
	if (e)
		fail_msg("%s", sw_error_text(&err));
	*sp = s;
	return f;
}

static struct sw_table *table(const struct sw_models_frontier *f, const char *name)
{
	struct sw_table *t = NULL;
	struct sw_error err = {0};
	if (sw_models_table(f, name, &t, &err))
		fail_msg("%s", sw_error_text(&err));
	return t;
}

static const char *cell(const struct sw_table *t, size_t r, size_t c)
{
	return sw_table_cell_text(t, r, c);
}

static void test_fixture_frontiers(void **state)
{
	(void)state;
	struct sw_store *s;
	struct sw_models_frontier *f = load_fixture(&s);
	/* overall: date model organisation country access score gain */
	struct sw_table *t = table(f, "frontier");
	assert_int_equal(sw_table_rows(t), 6);
	const char *want[] = {"A", "U", "B", "C", "O3", "E"};
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(cell(t, i, 1), want[i]);
	assert_string_equal(cell(t, 0, 0), "2024-01-01");
	assert_true(fabs(sw_table_cell_num(t, 0, 5) - 0.50) < 1e-12); /* best version of A */
	assert_string_equal(cell(t, 1, 4), "unknown");
	assert_string_equal(cell(t, 4, 4), "open");
	sw_table_free(t);
	/* closed: A, B, C, D, E (U unknown never counted; O3 open; T only ties) */
	t = table(f, "closed_frontier");
	assert_int_equal(sw_table_rows(t), 5);
	assert_string_equal(cell(t, 3, 1), "D");
	sw_table_free(t);
	/* open + lag: date open_model org country score closed_first closed_date lag_days lag_months */
	t = table(f, "open_lag");
	assert_int_equal(sw_table_rows(t), 3);
	assert_string_equal(cell(t, 0, 1), "O1");
	assert_string_equal(cell(t, 0, 5), "A");
	assert_true(sw_table_cell_num(t, 0, 7) == 60);
	assert_true(fabs(sw_table_cell_num(t, 0, 8) - 60 / 30.4375) < 1e-9);
	assert_string_equal(cell(t, 1, 5), "B");
	assert_true(sw_table_cell_num(t, 1, 7) == 31);
	assert_string_equal(cell(t, 2, 5), "E");
	assert_true(sw_table_cell_num(t, 2, 7) == -62);
	sw_table_free(t);
	struct sw_models_lag l;
	sw_models_current_lag(f, &l);
	assert_string_equal(l.open_model, "O3");
	assert_string_equal(l.closed_model, "E");
	assert_true(fabs(l.lag_months + 62 / 30.4375) < 1e-9);
	assert_true(fabs(l.best_closed_score - 0.72) < 1e-12);
	assert_true(l.as_of_day == sw_time_days_from_civil(2024, 9, 1)); /* undated Z does not count */
	sw_models_frontier_free(f);
	sw_store_free(s);
	tu_free_kept();
}

static void test_fixture_models_and_unknown(void **state)
{
	(void)state;
	struct sw_store *s;
	struct sw_models_frontier *f = load_fixture(&s);
	/* date model best_version versions organisation country access accessibility score on_frontier */
	struct sw_table *t = table(f, "models");
	assert_int_equal(sw_table_rows(t), 11); /* A collapsed; Z undated listed last */
	assert_string_equal(cell(t, 0, 1), "A");
	assert_string_equal(cell(t, 0, 2), "A-high");
	assert_true(sw_table_cell_num(t, 0, 3) == 2);
	assert_string_equal(cell(t, 10, 1), "Z");
	assert_string_equal(cell(t, 10, 0), "");
	assert_string_equal(cell(t, 10, 9), "no");
	for (size_t r = 0; r < 11; r++) {
		if (!strcmp(cell(t, r, 1), "U"))
			assert_string_equal(cell(t, r, 6), "unknown");
		if (!strcmp(cell(t, r, 1), "T"))
			assert_string_equal(cell(t, r, 9), "no"); /* a later tie is no record */
	}
	sw_table_free(t);
	t = table(f, "summary");
	assert_string_equal(cell(t, 1, 0), "models");
	assert_non_null(strstr(cell(t, 1, 1), "11 (from 12 versions; 1 undated"));
	assert_non_null(strstr(cell(t, 2, 1), "3 open weights, 7 closed, 1 unknown"));
	sw_table_free(t);
	sw_models_frontier_free(f);
	sw_store_free(s);
	tu_free_kept();
}

static void test_fixture_periods_fallen_countries(void **state)
{
	(void)state;
	struct sw_store *s;
	struct sw_models_frontier *f = load_fixture(&s);
	/* organisation from to days frontier_models, chronological */
	struct sw_table *t = table(f, "periods");
	assert_int_equal(sw_table_rows(t), 7); /* A, U, B, C, X (co-author of B), O, E */
	assert_string_equal(cell(t, 0, 0), "LabA");
	assert_string_equal(cell(t, 0, 2), "2024-04-01");
	assert_true(sw_table_cell_num(t, 0, 3) == 91);
	assert_string_equal(cell(t, 1, 0), "LabU");
	assert_true(sw_table_cell_num(t, 1, 3) == 30);
	assert_string_equal(cell(t, 2, 0), "LabB");
	assert_string_equal(cell(t, 3, 0), "LabC"); /* same-day tie: both hold */
	assert_string_equal(cell(t, 4, 0), "LabX"); /* multi-organisation model counts for each */
	assert_true(sw_table_cell_num(t, 3, 3) == 61);
	assert_string_equal(cell(t, 5, 0), "LabO");
	assert_string_equal(cell(t, 5, 4), "O3");
	assert_string_equal(cell(t, 6, 0), "LabE");
	assert_string_equal(cell(t, 6, 2), "now");
	assert_true(sw_table_cell_num(t, 6, 3) == 0);
	sw_table_free(t);
	/* organisation first_held lost_on overtaken_by days_held best_model best_score gap months_since_lost */
	t = table(f, "fallen_back");
	assert_int_equal(sw_table_rows(t), 6); /* every holder except LabE */
	bool saw_o = false;
	for (size_t r = 0; r < sw_table_rows(t); r++) {
		assert_string_not_equal(cell(t, r, 0), "LabE");
		if (!strcmp(cell(t, r, 0), "LabO")) {
			saw_o = true;
			assert_string_equal(cell(t, r, 2), "2024-09-01");
			assert_string_equal(cell(t, r, 3), "LabE");
			assert_true(fabs(sw_table_cell_num(t, r, 7) - 0.02) < 1e-9);
		}
	}
	assert_true(saw_o);
	sw_table_free(t);
	/* country models open closed unknown best_model best_score best_open_model open_score open_date
	 * first_to_reach first_date open_lag_months open_lag_vs_closed_months */
	t = table(f, "countries");
	assert_int_equal(sw_table_rows(t), 4); /* China France US unknown */
	assert_string_equal(cell(t, 0, 0), "China");
	assert_true(sw_table_cell_num(t, 0, 2) == 3);
	assert_string_equal(cell(t, 0, 7), "O3");
	assert_string_equal(cell(t, 0, 10), "O3"); /* O3 itself first reached 0.70 */
	assert_true(sw_table_cell_num(t, 0, 12) == 0);
	assert_true(fabs(sw_table_cell_num(t, 0, 13) + 62 / 30.4375) < 1e-9);
	assert_string_equal(cell(t, 3, 0), "unknown");
	assert_true(sw_table_cell_num(t, 3, 4) == 1); /* U: unknown access, unknown country */
	assert_string_equal(cell(t, 2, 0), "US");
	assert_true(sw_table_cell_num(t, 2, 1) == 5); /* A B C T E; undated Z left out */
	sw_table_free(t);
	sw_models_frontier_free(f);
	sw_store_free(s);
	tu_free_kept();
}

/* As of 2024-06-15 only A, O1, U, B, C, O2 exist: the best open model is O2
 * (0.58, 31 days after B), that closed level is 45 days old on 06-15, and
 * B, C and X (B's co-author) hold the frontier "now" for 45 days. */
static void test_fixture_as_of(void **state)
{
	(void)state;
	struct sw_store *s;
	struct sw_models_frontier *f = load_fixture(&s);
	sw_models_frontier_free(f);
	struct sw_error err = {0};
	f = NULL;
	assert_int_equal(sw_models_frontier_compute_as_of(s, "bench", "2024-06-15", &f, &err), SW_OK);
	struct sw_models_lag l;
	sw_models_current_lag(f, &l);
	assert_string_equal(l.open_model, "O2");
	assert_string_equal(l.closed_model, "B");
	assert_true(fabs(l.lag_months - 31 / 30.4375) < 1e-9);
	assert_true(fabs(l.behind_months - 45 / 30.4375) < 1e-9);
	struct sw_table *t = table(f, "periods");
	assert_int_equal(sw_table_rows(t), 5);
	assert_string_equal(cell(t, 4, 0), "LabX");
	assert_string_equal(cell(t, 4, 2), "now");
	assert_true(sw_table_cell_num(t, 4, 3) == 45);
	sw_table_free(t);
	t = table(f, "fallen_back");
	assert_int_equal(sw_table_rows(t), 2); /* LabA, LabU */
	sw_table_free(t);
	sw_models_frontier_free(f);
	assert_int_equal(sw_models_frontier_compute_as_of(s, "bench", "2024-02-30", &f, &err), SW_EINVAL);
	/* before every dated release only the undated Z is left: no frontier */
	assert_int_equal(sw_models_frontier_compute_as_of(s, "bench", "2023-01-01", &f, &err), SW_OK);
	sw_models_current_lag(f, &l);
	assert_null(l.open_model);
	t = table(f, "frontier");
	assert_int_equal(sw_table_rows(t), 0);
	sw_table_free(t);
	struct sw_buf b = SW_BUF_INIT;
	assert_int_equal(sw_models_svg(f, &b), SW_OK);
	assert_non_null(strstr(b.data, "No dated models to chart"));
	sw_buf_release(&b);
	sw_models_frontier_free(f);
	assert_int_equal(sw_models_frontier_compute_as_of(s, "other", "2023-01-01", &f, &err), SW_ENOTFOUND);
	assert_null(f);
	sw_store_free(s);
	tu_free_kept();
}

static sw_err import_text(struct sw_store *s, const char *name, const char *text, struct sw_error *err)
{
	const char *p = tu_keep(tu_write(name, text));
	struct sw_models_import_result res;
	return sw_models_import_files(s, &p, 1, &res, err);
}

static void test_errors_leave_store_unchanged(void **state)
{
	(void)state;
	struct sw_store *s = tu_store("err.db");
	struct sw_error err = {0};
	assert_int_equal(import_text(s, "ok.csv", fixture, &err), SW_OK);
	uint64_t before = tu_store_digest(s);
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{"model,organisation,country,release_date,open_weights,benchmark,score\n"
		 "N,L,US,2024-01-01,no,bench,0.5\nM,L,US,2024-02-30,no,bench,0.5\n",
		 "bad.csv:3:8: field 'release_date': '2024-02-30' is not a date"},
		{"model,organisation,country,release_date,open_weights,benchmark,score\nM,L,US,2024-01-01,no,bench,high\n",
		 "bad.csv:2:28: field 'score': 'high' is not a number"},
		{"model,organisation,country,release_date,open_weights,benchmark,score\nM,L,US,2024-01-01,maybe,bench,1\n",
		 "bad.csv:2:19: field 'open_weights': 'maybe' is not yes, no or unknown"},
		{"model,organisation,country,release_date,open_weights,benchmark,score\nM,L,US\n",
		 "bad.csv:2:1: expected 7 fields as in the header, got 3"},
		{"name,score\nx,1\n", "bad.csv:1:1: unrecognised header"},
		{"Model version,Release date\nv1,2024-01-01\n", "bad.csv:1:1: Epoch file without a score column"},
		{"Model version,mean_score,Release date\n,0.5,2024-01-01\n", "bad.csv:2:1: field 'Model version' is empty"},
		{"model,organisation,country,release_date,open_weights,benchmark,score\nM,L,US,2024-01-01,no,bench,\n",
		 "bad.csv:2:28: field 'score' is empty"},
		{"model,organisation,country,release_date,open_weights,benchmark,score\nM,L,US,2024-01-01,no,bench,\"1\n",
		 "bad.csv:2:"},
		{"", "bad.csv:1:1: empty file"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		sw_error_clear(&err);
		/* a good file first in the same call: it must be rolled back too */
		const char *paths[] = {tu_keep(tu_write("good.csv", "model,benchmark,score\nNEW,bench,0.9\n")),
				       tu_keep(tu_write("bad.csv", bad[i].text))};
		struct sw_models_import_result res;
		sw_err e = sw_models_import_files(s, paths, 2, &res, &err);
		assert_int_not_equal(e, SW_OK);
		if (!strstr(sw_error_text(&err), bad[i].msg))
			fail_msg("case %zu: got '%s', want '%s'", i, sw_error_text(&err), bad[i].msg);
		assert_true(tu_store_digest(s) == before);
	}
	sw_store_free(s);
	tu_free_kept();
}

static void test_reimport_idempotent_and_merge(void **state)
{
	(void)state;
	struct sw_store *s = tu_store("idem.db");
	struct sw_error err = {0};
	assert_int_equal(import_text(s, "a.csv", fixture, &err), SW_OK);
	uint64_t d1 = tu_store_digest(s);
	assert_int_equal(import_text(s, "a.csv", fixture, &err), SW_OK);
	assert_true(tu_store_digest(s) == d1);
	/* An Epoch-style accessibility file filling in U's accessibility: empty
	 * fields elsewhere never erase what the first file said. */
	assert_int_equal(import_text(s, "epoch-hub-epoch_capabilities_index.csv",
				     "Model version,ECI Score,Release date,Organization,Country,Model accessibility,Model name\n"
				     "U,,,,,Open weights (restricted use),\n",
				     &err),
			 SW_OK);
	struct sw_models_frontier *f = NULL;
	assert_int_equal(sw_models_frontier_compute(s, "bench", &f, &err), SW_OK);
	struct sw_table *t = table(f, "open_lag");
	assert_int_equal(sw_table_rows(t), 4); /* U (0.55, 04-01) joins the open frontier */
	assert_string_equal(cell(t, 1, 1), "U");
	assert_string_equal(cell(t, 1, 2), "LabU");
	sw_table_free(t);
	sw_models_frontier_free(f);
	assert_int_equal(sw_models_frontier_compute(s, "nope", &f, &err), SW_ENOTFOUND);
	assert_null(f);
	sw_store_free(s);
	tu_free_kept();
}

static void test_access_class(void **state)
{
	(void)state;
	assert_int_equal(sw_models_access_class("Open weights (unrestricted)"), 1);
	assert_int_equal(sw_models_access_class("Open weights (non-commercial)"), 1);
	assert_int_equal(sw_models_access_class("API access"), 0);
	assert_int_equal(sw_models_access_class("Hosted access (no API)"), 0);
	assert_int_equal(sw_models_access_class("Unreleased"), 0);
	assert_int_equal(sw_models_access_class(""), -1);
	assert_int_equal(sw_models_access_class(NULL), -1);
	assert_int_equal(sw_models_access_class("Weights on request"), -1);
}

/* Expected figures computed independently from the raw CSVs:
 *
 * import csv, datetime as dt
 * g=list(csv.DictReader(open('epoch-hub-gpqa_diamond.csv')))
 * e={r['Model version']:r for r in csv.DictReader(open('epoch-hub-epoch_capabilities_index.csv'))}
 * models={}
 * for r in g:
 *   v=r['Model version']; x=e.get(v,{}); name=x.get('Model name') or v
 *   s=float(r['Best score (across scorers)'] or r['mean_score'])
 *   d=dt.date.fromisoformat(r['Release date']); acc=x.get('Model accessibility','')
 *   op=1 if acc.startswith('Open weights') else 0 if acc.split(' ')[0] in('API','Hosted','Unreleased') else -1
 *   c=(s,-d.toordinal(),name,d,op,r['Organization'],r['Country'])
 *   if name not in models or s>models[name][0] or (s==models[name][0] and d<models[name][3]): models[name]=c
 * ms=sorted(models.values(), key=lambda m:(m[3],-m[0],m[2]))
 * def front(flt):  # day by day; best of the day beating all earlier days
 *   out=[];best=-1
 *   for d in sorted(set(m[3] for m in ms)):
 *     grp=[m for m in ms if m[3]==d and flt(m)]
 *     if grp and max(m[0] for m in grp)>best:
 *       best=max(m[0] for m in grp); out+=[m for m in grp if m[0]==best]
 *   return out
 * -> 120 models (51 open, 67 closed, 2 unknown); overall frontier of 15
 *    from GPT-4 (Mar 2023) to GPT-5.4 Pro; open frontier of 14 from
 *    Llama 2-70B to GLM-5; GLM-5's first closed match is Gemini 3 Pro,
 *    85 days earlier; as of 2026-04-08 that level is 141 days old;
 *    DeepSeek-R1 lags o1 by 34 days; Kimi K2.5 lags GPT-5.1 by 75 days. */
static void test_real_epoch(void **state)
{
	(void)state;
	const char *paths[] = {tu_keep(tu_shared("models/epoch-hub-gpqa_diamond.csv")),
			       tu_keep(tu_shared("models/epoch-hub-epoch_capabilities_index.csv"))};
	struct sw_store *s = tu_store("epoch.db");
	struct sw_error err = {0};
	struct sw_models_import_result res;
	if (sw_models_import_files(s, paths, 2, &res, &err))
		fail_msg("%s", sw_error_text(&err));
	assert_int_equal(res.scores, 157 + 348); /* gpqa rows + ECI rows with an ECI Score */
	struct sw_models_frontier *f = NULL;
	assert_int_equal(sw_models_frontier_compute(s, "gpqa_diamond", &f, &err), SW_OK);
	struct sw_table *t = table(f, "summary");
	assert_non_null(strstr(cell(t, 1, 1), "120 (from 157 versions"));
	assert_non_null(strstr(cell(t, 2, 1), "51 open weights, 67 closed, 2 unknown"));
	sw_table_free(t);
	t = table(f, "frontier");
	assert_int_equal(sw_table_rows(t), 15);
	assert_string_equal(cell(t, 0, 1), "GPT-4 (Mar 2023)");
	assert_string_equal(cell(t, 5, 1), "o1");
	assert_string_equal(cell(t, 10, 1), "Grok 4");
	assert_string_equal(cell(t, 14, 1), "GPT-5.4 Pro");
	sw_table_free(t);
	t = table(f, "open_lag");
	assert_int_equal(sw_table_rows(t), 14);
	assert_string_equal(cell(t, 0, 1), "Llama 2-70B");
	assert_string_equal(cell(t, 8, 1), "DeepSeek-R1");
	assert_string_equal(cell(t, 8, 5), "o1");
	assert_true(sw_table_cell_num(t, 8, 7) == 34);
	assert_string_equal(cell(t, 12, 1), "Kimi K2.5");
	assert_true(sw_table_cell_num(t, 12, 7) == 75);
	sw_table_free(t);
	struct sw_models_lag l;
	sw_models_current_lag(f, &l);
	assert_string_equal(l.open_model, "GLM-5");
	assert_string_equal(l.closed_model, "Gemini 3 Pro");
	assert_true(fabs(l.lag_months - 85 / 30.4375) < 1e-9);
	assert_true(fabs(l.behind_months - 141 / 30.4375) < 1e-9);
	t = table(f, "countries");
	assert_string_equal(cell(t, 0, 0), "China");
	assert_string_equal(cell(t, 0, 7), "GLM-5");
	sw_table_free(t);
	sw_models_frontier_free(f);
	sw_store_free(s);
	tu_free_kept();
}

static void test_html_escaped_and_credited(void **state)
{
	(void)state;
	struct sw_store *s = tu_store("html.db");
	struct sw_error err = {0};
	assert_int_equal(import_text(s, "h.csv",
				     "model,organisation,country,release_date,open_weights,benchmark,score\n"
				     "<script>x</script>,\"A&B\",US,2024-01-01,yes,bench,0.5\n"
				     "M2,Lab,US,2024-02-01,no,bench,0.6\n",
				     &err),
			 SW_OK);
	struct sw_buf b = SW_BUF_INIT;
	assert_int_equal(sw_models_render_html_fragment(s, "bench", &b, &err), SW_OK);
	assert_null(strstr(b.data, "<script>"));
	assert_non_null(strstr(b.data, "&lt;script&gt;x&lt;/script&gt;"));
	assert_non_null(strstr(b.data, "A&amp;B"));
	assert_non_null(strstr(b.data, "<svg"));
	assert_non_null(strstr(b.data, "Data: Epoch AI, AI Benchmarking Hub (CC BY 4.0)"));
	assert_null(strstr(b.data, "<html"));
	assert_non_null(strstr(b.data, "<circle")); /* the open model */
	assert_non_null(strstr(b.data, "<rect x="));  /* the closed one */
	sw_buf_release(&b);
	sw_store_free(s);
	tu_free_kept();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture_frontiers),
		cmocka_unit_test(test_fixture_models_and_unknown),
		cmocka_unit_test(test_fixture_periods_fallen_countries),
		cmocka_unit_test(test_fixture_as_of),
		cmocka_unit_test(test_errors_leave_store_unchanged),
		cmocka_unit_test(test_reimport_idempotent_and_merge),
		cmocka_unit_test(test_access_class),
		cmocka_unit_test(test_real_epoch),
		cmocka_unit_test(test_html_escaped_and_credited),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
