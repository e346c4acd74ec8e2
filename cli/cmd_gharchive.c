/* cmd_gharchive.c: `stackwatch gharchive scan|gaps|hours|merge|generate`. */
#if SW_HAVE_GHARCHIVE /* this build has the subsystem (CMakeLists.txt SW_WITH_*) */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "stackwatch/gharchive.h"
#include "stackwatch/core.h"

static void help(void)
{
	puts("usage: stackwatch gharchive COMMAND [OPTIONS]\n"
	     "\n"
	     "Exact daily history of repos from GH Archive hourly files (YYYY-MM-DD-H.json.gz).\n"
	     "\n"
	     "Commands:\n"
	     "  scan [--all-repos] [--threads N] [--shard I/N] [--out PARTIAL] [--strict] FILE_OR_DIR...\n"
	     "        ingest hours (gzip or plain .json); already ingested hours (same name and\n"
	     "        checksum) are skipped; each hour is committed atomically.\n"
	     "        Without --all-repos only repos tracked in the store are kept.\n"
	     "        --shard I/N: only hours whose number % N == I-1; --out PARTIAL writes the\n"
	     "        result to that file (tracked repos still come from --db).\n"
	     "        --strict: check every byte of every line (slower); by default a line in\n"
	     "        today's key order is checked at its head, needed payload fields and tail.\n"
	     "  merge PARTIAL...   add partial results (from scan --out) into the store; exact,\n"
	     "        order-independent and idempotent.\n"
	     "  gaps [--format F]  missing, truncated and low hours, malformed lines (file:line),\n"
	     "        and hours from May 2025 (GitHub under-reports events since then).\n"
	     "  hours [--format F] the hours ingested so far.\n"
	     "  generate --hours N --out DIR [--seed S] [--events N] [--repos N] [--start DATE]\n"
	     "        [--no-quirks]   write realistic synthetic hours plus DIR/truth.tsv.\n"
	     "\n"
	     "Options: --db PATH (the store), --format table|csv|json|md, --help.\n"
	     "Series: stackwatch export series [--repo R] --format csv.");
}

static int parse_common(struct sw_cli *cli, int argc, char **argv, int *i, enum sw_fmt *fmt, const char *sub,
			int *rc)
{
	const char *a = argv[*i];
	if (sw_cli_common_opt(cli, argc, argv, i))
		return 1;
	if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
		help();
		*rc = SW_EXIT_OK;
		return -1;
	}
	if (fmt && !strcmp(a, "--format")) {
		if (*i + 1 >= argc || !sw_cli_format(sub, argv[*i + 1], false, fmt)) {
			*rc = SW_EXIT_USAGE;
			return -1;
		}
		++*i;
		return 1;
	}
	return 0;
}

static int cmd_scan(struct sw_cli *cli, int argc, char **argv)
{
	struct sw_gha_scan_opts o = {.threads = 1};
	const char *out_path = NULL;
	const char **paths = calloc((size_t)argc + 1, sizeof *paths);
	size_t np = 0;
	int rc = SW_EXIT_OK;
	if (!paths)
		return SW_EXIT_FAIL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		int c = parse_common(cli, argc, argv, &i, NULL, "gharchive scan", &rc);
		if (c < 0) {
			free(paths);
			return rc;
		}
		if (c)
			continue;
		int64_t n;
		if (!strcmp(a, "--all-repos"))
			o.all_repos = true;
		else if (!strcmp(a, "--strict"))
			o.strict = true;
		else if (!strcmp(a, "--threads")) {
			if (!v || !sw_parse_i64(v, &n) || n < 1 || n > 64) {
				free(paths);
				return sw_cli_usage("gharchive scan", "--threads needs a number from 1 to 64");
			}
			o.threads = (int)n;
			i++;
		} else if (!strcmp(a, "--shard")) {
			int si, sn, used = 0;
			if (!v || sscanf(v, "%d/%d%n", &si, &sn, &used) != 2 || v[used] || sn < 1 || si < 1 || si > sn) {
				free(paths);
				return sw_cli_usage("gharchive scan", "--shard needs I/N with 1 <= I <= N");
			}
			o.shard_i = si;
			o.shard_n = sn;
			i++;
		} else if (!strcmp(a, "--out")) {
			if (!v) {
				free(paths);
				return sw_cli_usage("gharchive scan", "--out needs a file");
			}
			out_path = v;
			i++;
		} else if (a[0] == '-' && a[1]) {
			free(paths);
			return sw_cli_usage("gharchive scan", "unknown option '%s'", a);
		} else
			paths[np++] = a;
	}
	if (!np) {
		free(paths);
		return sw_cli_usage("gharchive scan", "give at least one hourly file or directory");
	}
	struct sw_error err = {0};
	struct sw_store *s = NULL, *target = NULL;
	sw_err e = sw_cli_open_store(cli, &s, &err);
	if (!e && out_path) {
		e = sw_store_open(out_path, &target, &err);
		o.tracked_from = s;
	}
	if (!target)
		target = s;
	o.quiet = getenv("SW_NO_PROGRESS") != NULL;
	struct sw_gha_scan_stats st = {0};
	double t0 = sw_time_now();
	if (!e)
		e = sw_gha_scan(target, paths, np, &o, &st, &err);
	double dt = sw_time_now() - t0;
	if (!e && !o.all_repos && st.tracked == 0)
		sw_cli_warn("no tracked repos in %s: nothing is kept (import repos first, or use --all-repos)",
			    cli->db_path);
	if (st.files || st.skipped)
		sw_cli_info("%llu hour(s) scanned, %llu skipped as already ingested; %llu events, %llu kept, "
			    "%llu malformed line(s), %llu truncated file(s); %.1f MB of JSON in %.2f s (%.0f MB/s)",
			    (unsigned long long)st.files, (unsigned long long)st.skipped, (unsigned long long)st.events,
			    (unsigned long long)st.kept, (unsigned long long)st.malformed,
			    (unsigned long long)st.truncated, st.bytes_out / 1e6, dt, dt > 0 ? st.bytes_out / 1e6 / dt : 0);
	if (target != s)
		sw_store_free(target);
	sw_store_free(s);
	free(paths);
	return e ? sw_cli_fail(&err) : SW_EXIT_OK;
}

static int cmd_merge(struct sw_cli *cli, int argc, char **argv)
{
	int rc = SW_EXIT_OK;
	const char **parts = calloc((size_t)argc + 1, sizeof *parts);
	size_t np = 0;
	if (!parts)
		return SW_EXIT_FAIL;
	for (int i = 1; i < argc; i++) {
		int c = parse_common(cli, argc, argv, &i, NULL, "gharchive merge", &rc);
		if (c < 0) {
			free(parts);
			return rc;
		}
		if (c)
			continue;
		if (argv[i][0] == '-') {
			free(parts);
			return sw_cli_usage("gharchive merge", "unknown option '%s'", argv[i]);
		}
		parts[np++] = argv[i];
	}
	if (!np) {
		free(parts);
		return sw_cli_usage("gharchive merge", "give at least one partial result file");
	}
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	sw_err e = sw_cli_open_store(cli, &s, &err);
	for (size_t i = 0; i < np && !e; i++)
		e = sw_gha_merge(s, parts[i], &err);
	if (!e)
		sw_cli_info("merged %zu partial result(s)", np);
	sw_store_free(s);
	free(parts);
	return e ? sw_cli_fail(&err) : SW_EXIT_OK;
}

static int cmd_table(struct sw_cli *cli, int argc, char **argv, bool gaps)
{
	enum sw_fmt fmt = SW_FMT_TABLE;
	int rc = SW_EXIT_OK;
	const char *sub = gaps ? "gharchive gaps" : "gharchive hours";
	for (int i = 1; i < argc; i++) {
		int c = parse_common(cli, argc, argv, &i, &fmt, sub, &rc);
		if (c < 0)
			return rc;
		if (!c)
			return sw_cli_usage(sub, "unknown option '%s'", argv[i]);
	}
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	struct sw_table *t = NULL;
	sw_err e = sw_cli_open_store(cli, &s, &err);
	if (!e)
		e = gaps ? sw_gha_gaps(s, &t, &err) : sw_gha_hours(s, &t, &err);
	if (!e)
		rc = sw_cli_print_table(t, fmt);
	sw_table_free(t);
	sw_store_free(s);
	return e ? sw_cli_fail(&err) : rc;
}

static int cmd_generate(struct sw_cli *cli, int argc, char **argv)
{
	struct sw_gha_gen_opts o = {.quirks = true, .seed = 1};
	const char *out = NULL;
	int rc = SW_EXIT_OK;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		int c = parse_common(cli, argc, argv, &i, NULL, "gharchive generate", &rc);
		if (c < 0)
			return rc;
		if (c)
			continue;
		if (!strcmp(a, "--no-quirks")) {
			o.quirks = false;
			continue;
		}
		int64_t n;
		if (!v)
			return sw_cli_usage("gharchive generate", "unknown option '%s' or missing value", a);
		i++;
		if (!strcmp(a, "--out"))
			out = v;
		else if (!strcmp(a, "--start")) {
			if (!sw_time_parse(v, &o.start))
				return sw_cli_usage("gharchive generate", "--start needs a date like 2024-01-01T22:00");
		} else if (!sw_parse_i64(v, &n) || n < 0 || n > 100000000)
			return sw_cli_usage("gharchive generate", "%s needs a non-negative number", a);
		else if (!strcmp(a, "--hours"))
			o.hours = (int)n;
		else if (!strcmp(a, "--seed"))
			o.seed = (uint64_t)n;
		else if (!strcmp(a, "--events"))
			o.events_per_hour = (int)n;
		else if (!strcmp(a, "--repos"))
			o.repos = (int)n;
		else
			return sw_cli_usage("gharchive generate", "unknown option '%s'", a);
	}
	if (!out || o.hours <= 0)
		return sw_cli_usage("gharchive generate", "--hours N and --out DIR are required");
	struct sw_error err = {0};
	if (sw_gha_generate(out, &o, &err))
		return sw_cli_fail(&err);
	sw_cli_info("wrote %d hour(s) and truth.tsv to %s", o.hours, out);
	return SW_EXIT_OK;
}

int sw_cmd_gharchive(struct sw_cli *cli, int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		help();
		return argc < 2 ? SW_EXIT_USAGE : SW_EXIT_OK;
	}
	const char *sub = argv[1];
	if (!strcmp(sub, "scan"))
		return cmd_scan(cli, argc - 1, argv + 1);
	if (!strcmp(sub, "merge"))
		return cmd_merge(cli, argc - 1, argv + 1);
	if (!strcmp(sub, "gaps"))
		return cmd_table(cli, argc - 1, argv + 1, true);
	if (!strcmp(sub, "hours"))
		return cmd_table(cli, argc - 1, argv + 1, false);
	if (!strcmp(sub, "generate"))
		return cmd_generate(cli, argc - 1, argv + 1);
	return sw_cli_usage("gharchive", "unknown command '%s'", sub);
}
#endif
