/* cmd_gharchive.c: `stackwatch gharchive scan|merge|gaps|hours|generate`:
 * one function and option table per subcommand. */
#if SW_HAVE_GHARCHIVE /* this build has the subsystem (CMakeLists.txt SW_WITH_*) */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "stackwatch/gharchive.h"
#include "stackwatch/core.h"

static const struct sw_cmd_doc scan_doc = {
	.usage = "stackwatch gharchive scan [--all-repos] [--threads N] [--shard I/N]\n"
		 "                          [--out PARTIAL] [--strict] FILE_OR_DIR...",
	.about = "Ingest hours (gzip or plain .json); already ingested hours (same name and checksum) are "
		 "skipped; each hour is committed atomically.",
	.args = {"hourly file or directory", 1, -1},
};

static void scan_summary(const struct sw_gha_scan_stats *st, double dt)
{
	sw_cli_info("%llu hour(s) scanned, %llu skipped as already ingested; %llu events, %llu kept, "
		    "%llu malformed line(s), %llu truncated file(s); %.1f MB of JSON in %.2f s (%.0f MB/s)",
		    (unsigned long long)st->files, (unsigned long long)st->skipped, (unsigned long long)st->events,
		    (unsigned long long)st->kept, (unsigned long long)st->malformed, (unsigned long long)st->truncated,
		    st->bytes_out / 1e6, dt, dt > 0 ? st->bytes_out / 1e6 / dt : 0);
}

/* Scan the n paths into the store, or into the partial result out_path
 * (tracked repos still from the store). */
static int scan(struct sw_cli *cli, struct sw_gha_scan_opts *o, const char *out_path, const char **paths, size_t n)
{
	struct sw_error err = {0};
	struct sw_store *s = NULL, *target = NULL;
	sw_err e = sw_cli_open_store(cli, &s, &err);
	if (!e && out_path) {
		e = sw_store_open(out_path, &target, &err);
		o->tracked_from = s;
	}
	if (!target)
		target = s;
	o->quiet = getenv("SW_NO_PROGRESS") != NULL;
	struct sw_gha_scan_stats st = {0};
	double t0 = sw_time_now();
	if (!e)
		e = sw_gha_scan(target, paths, n, o, &st, &err);
	double dt = sw_time_now() - t0;
	if (!e && !o->all_repos && st.tracked == 0)
		sw_cli_warn("no tracked repos in %s: nothing is kept (import repos first, or use --all-repos)",
			    cli->db_path);
	if (st.files || st.skipped)
		scan_summary(&st, dt);
	if (target != s)
		sw_store_free(target);
	sw_store_free(s);
	return e ? sw_cli_fail(&err) : SW_EXIT_OK;
}

static int cmd_scan(struct sw_cli *cli, int argc, char **argv)
{
	struct sw_gha_scan_opts o = {.threads = 1};
	struct sw_opt_shard shard = {&o.shard_i, &o.shard_n};
	const char *out_path = NULL;
	const struct sw_option opts[] = {
		SW_OPT_FLAG("all-repos", &o.all_repos, "keep every repo; without it only repos tracked in the store"),
		SW_OPT_INT("threads", &o.threads, 1, 64, "N", "threads (default 1): one per file; twice as many as files: two per file"),
		SW_OPT_SHARD(&shard),
		SW_OPT_STRING("out", &out_path, "PARTIAL",
			      "write the result to that file (tracked repos still come from --db); add it to the "
			      "store with 'gharchive merge'"),
		SW_OPT_FLAG("strict", &o.strict,
			    "count only lines that are valid JSON (RFC 8259, every byte checked; slower); by "
			    "default damage inside payload parts that are skipped goes unnoticed"),
		SW_OPT_END(),
	};
	int n, rc = sw_opt_parse(cli, &scan_doc, opts, argc, argv, &n);
	return rc != SW_OPT_CONTINUE ? rc : scan(cli, &o, out_path, (const char **)argv, (size_t)n);
}

static const struct sw_cmd_doc merge_doc = {
	.usage = "stackwatch gharchive merge PARTIAL...",
	.about = "Add partial results (from scan --out) into the store; exact, order-independent and "
		 "idempotent.",
	.args = {"partial result file", 1, -1},
};

static int merge(struct sw_cli *cli, char **parts, size_t n)
{
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	sw_err e = sw_cli_open_store(cli, &s, &err);
	for (size_t i = 0; i < n && !e; i++)
		e = sw_gha_merge(s, parts[i], &err);
	if (!e)
		sw_cli_info("merged %zu partial result(s)", n);
	sw_store_free(s);
	return e ? sw_cli_fail(&err) : SW_EXIT_OK;
}

static int cmd_merge(struct sw_cli *cli, int argc, char **argv)
{
	const struct sw_option opts[] = {SW_OPT_END()};
	int n, rc = sw_opt_parse(cli, &merge_doc, opts, argc, argv, &n);
	return rc != SW_OPT_CONTINUE ? rc : merge(cli, argv, (size_t)n);
}

static sw_err gaps(struct sw_store *s, const void *ud, struct sw_table **out, struct sw_error *err)
{
	(void)ud;
	return sw_gha_gaps(s, out, err);
}

static sw_err hours(struct sw_store *s, const void *ud, struct sw_table **out, struct sw_error *err)
{
	(void)ud;
	return sw_gha_hours(s, out, err);
}

/* gaps and hours: one table each, the same options. */
static int table_cmd(struct sw_cli *cli, int argc, char **argv, const struct sw_cmd_doc *doc, sw_cli_table_fn *fn)
{
	enum sw_fmt fmt;
	const struct sw_option opts[] = {
		SW_OPT_FORMAT(&fmt, SW_FMTS_TEXT, SW_FMT_TABLE, NULL),
		SW_OPT_END(),
	};
	int n, rc = sw_opt_parse(cli, doc, opts, argc, argv, &n);
	return rc != SW_OPT_CONTINUE ? rc : sw_cli_store_table(cli, fn, NULL, fmt);
}

static int cmd_gaps(struct sw_cli *cli, int argc, char **argv)
{
	static const struct sw_cmd_doc doc = {
		.usage = "stackwatch gharchive gaps [--format FMT]",
		.about = "Missing, truncated and low hours, malformed lines (file:line), and hours from May 2025 "
			 "(GitHub under-reports events since then).",
	};
	return table_cmd(cli, argc, argv, &doc, gaps);
}

static int cmd_hours(struct sw_cli *cli, int argc, char **argv)
{
	static const struct sw_cmd_doc doc = {
		.usage = "stackwatch gharchive hours [--format FMT]",
		.about = "The hours ingested so far.",
	};
	return table_cmd(cli, argc, argv, &doc, hours);
}

static const struct sw_cmd_doc generate_doc = {
	.usage = "stackwatch gharchive generate --hours N --out DIR [--seed S] [--events N]\n"
		 "                              [--repos N] [--start DATE] [--no-quirks] [--realistic]",
	.about = "Write synthetic hours plus DIR/truth.tsv.",
};

static int cmd_generate(struct sw_cli *cli, int argc, char **argv)
{
	struct sw_gha_gen_opts o = {.quirks = true, .seed = 1};
	const char *out = NULL;
	bool no_quirks = false;
	const struct sw_option opts[] = {
		SW_OPT_INT("hours", &o.hours, 0, 100000000, "N", "number of hourly files (required)"),
		SW_OPT_STRING("out", &out, "DIR", "where to write them (required)"),
		SW_OPT_INT("seed", &o.seed, 0, 100000000, "S", "random seed (default 1)"),
		SW_OPT_INT("events", &o.events_per_hour, 0, 100000000, "N", "mean events per hour (default 20000)"),
		SW_OPT_INT("repos", &o.repos, 0, 100000000, "N", "repo population (default 5000)"),
		SW_OPT_TIME("start", &o.start, "DATE", "the first hour (default 2024-01-01T00:00)"),
		SW_OPT_FLAG("no-quirks", &no_quirks,
			    "no renames, duplicates, bots, huge pushes, unicode, malformed or truncated lines"),
		SW_OPT_FLAG("realistic", &o.realistic,
			    "events shaped like the real archive of 2021: its mix of kinds, payloads, sizes and "
			    "text (a million repos unless --repos)"),
		SW_OPT_END(),
	};
	int n, rc = sw_opt_parse(cli, &generate_doc, opts, argc, argv, &n);
	if (rc != SW_OPT_CONTINUE)
		return rc;
	if (!out || o.hours <= 0)
		return sw_cli_usage(cli->cmd, "--hours N and --out DIR are required");
	o.quirks = !no_quirks;
	struct sw_error err = {0};
	if (sw_gha_generate(out, &o, &err))
		return sw_cli_fail(&err);
	sw_cli_info("wrote %d hour(s) and truth.tsv to %s", o.hours, out);
	return SW_EXIT_OK;
}

static const struct sw_cmd_doc doc = {
	.usage = "stackwatch gharchive COMMAND [OPTIONS]",
	.about = "Exact daily history of repos from GH Archive hourly files (YYYY-MM-DD-H.json.gz). The commands:",
	.epilogue = "Series: stackwatch export series [--repo R] --format csv.",
};

#if SW_HAVE_CLICKHOUSE
int sw_cmd_gharchive_load(struct sw_cli *cli, int argc, char **argv); /* cmd_clickhouse.c */
int sw_cmd_gharchive_pull(struct sw_cli *cli, int argc, char **argv);
#define CH_SUBCOMMANDS {"load", sw_cmd_gharchive_load}, {"pull", sw_cmd_gharchive_pull},
#else
#define CH_SUBCOMMANDS
#endif

int sw_cmd_gharchive(struct sw_cli *cli, int argc, char **argv)
{
	static const struct sw_subcommand subs[] = {
		{"scan", cmd_scan}, {"merge", cmd_merge}, {"gaps", cmd_gaps}, {"hours", cmd_hours},
		{"generate", cmd_generate}, CH_SUBCOMMANDS {NULL, NULL}};
	return sw_opt_subcommand(cli, &doc, subs, argc, argv);
}
#endif
