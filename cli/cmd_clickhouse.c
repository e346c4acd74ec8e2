/* cmd_clickhouse.c: `stackwatch gharchive load` and `gharchive pull`, the
 * scale-out path on ClickHouse (lib/clickhouse). Credentials come from
 * STACKWATCH_CLICKHOUSE_USER / STACKWATCH_CLICKHOUSE_PASSWORD or a 0600
 * --password-file; a server that cannot be reached is exit 5 ("rerun later
 * to finish"), like a rate limit: a rerun completes the job. */
#if SW_HAVE_CLICKHOUSE /* this build has the subsystem (CMakeLists.txt SW_WITH_*) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "stackwatch/clickhouse.h"

/* The options every ClickHouse command takes. */
struct ch_args {
	struct sw_ch_opts o;
	const char *password_file;
	char *password;   /* read from the file or the environment (wiped, freed) */
	int64_t timeout;
};

#define CH_OPTIONS(a)                                                                                      \
	SW_OPT_STRING("clickhouse", &(a)->o.url, "URL",                                                    \
		      "the server: http://HOST:PORT[/DATABASE] (database default stackwatch)"), \
	SW_OPT_STRING("user", &(a)->o.user, "NAME", "ClickHouse user (default $STACKWATCH_CLICKHOUSE_USER, else default)"), \
	SW_OPT_STRING("password-file", &(a)->password_file, "F",                                         \
		      "read the password from F (mode 0600); default $STACKWATCH_CLICKHOUSE_PASSWORD"),        \
	SW_OPT_INT("timeout", &(a)->timeout, 1, 86400, "SECS", "give up on one request after SECS (default 600)")

static sw_err ch_connect(struct ch_args *a, struct sw_ch **c, struct sw_error *err)
{
	if (!a->o.user)
		a->o.user = getenv("STACKWATCH_CLICKHOUSE_USER");
	sw_err e = SW_OK;
	const char *envpw = getenv("STACKWATCH_CLICKHOUSE_PASSWORD");
	/* the one rule for secrets (core): a 0600 file, printable, never echoed */
	if (a->password_file)
		e = sw_secret_file(a->password_file, 1, &a->password, err);
	else if (envpw && !(e = sw_secret_check(envpw, 1, "STACKWATCH_CLICKHOUSE_PASSWORD", err)) &&
		 !(a->password = strdup(envpw)))
		e = sw_error_set(err, SW_ENOMEM, "out of memory");
	a->o.password = a->password;
	a->o.timeout_s = (long)a->timeout;
	return e ? e : sw_ch_open(&a->o, c, err);
}

static void ch_args_release(struct ch_args *a)
{
	if (a->password) {
		memset(a->password, 0, strlen(a->password));
		free(a->password);
	}
}

/* A server out of reach or gone mid-job: rerun later to finish. */
static int ch_fail(const struct sw_error *err)
{
	int rc = sw_cli_fail(err);
	if (err->code == SW_ENET) {
		sw_cli_info("nothing half-done is counted: rerun the same command to finish");
		return SW_EXIT_LATER;
	}
	return rc;
}

static const struct sw_cmd_doc load_doc = {
	.usage = "stackwatch gharchive load --clickhouse URL [--threads N] [--shard I/N] [--strict]\n"
		 "                          FILE_OR_DIR...",
	.about = "Stream GH Archive hours (every repo, every counted event, repo names, malformed lines) into "
		 "a ClickHouse server's tables, gzipped over HTTP (the database and tables are created or migrated "
		 "when needed). Hours the server holds with the same "
		 "checksum are skipped; an hour counts only once all its rows are in, so a load killed at any "
		 "moment and rerun gives the same series. Many loads may run at once, on many machines.",
	.epilogue = "Read the series back with 'stackwatch gharchive pull'. See docs/scale.md.",
	.args = {"hourly file or directory", 1, -1},
};

static void load_summary(const struct sw_ch *c, const struct sw_ch_load_stats *st, double dt)
{
	sw_cli_info("%llu hour(s) loaded into %s, %llu skipped as already loaded; %llu events, %llu kept, "
		    "%llu malformed line(s), %llu truncated file(s); %.1f MB of JSON in %.2f s (%.0f MB/s), "
		    "%llu inserts, %.1f MB sent",
		    (unsigned long long)st->files, sw_ch_where(c), (unsigned long long)st->skipped,
		    (unsigned long long)st->events, (unsigned long long)st->kept, (unsigned long long)st->malformed,
		    (unsigned long long)st->truncated, st->bytes_out / 1e6, dt, dt > 0 ? st->bytes_out / 1e6 / dt : 0,
		    (unsigned long long)st->inserts, st->bytes_sent / 1e6);
}

int sw_cmd_gharchive_load(struct sw_cli *cli, int argc, char **argv);
int sw_cmd_gharchive_load(struct sw_cli *cli, int argc, char **argv)
{
	struct ch_args a = {0};
	struct sw_ch_load_opts o = {.threads = 1};
	struct sw_opt_shard shard = {&o.shard_i, &o.shard_n};
	const struct sw_option opts[] = {
		CH_OPTIONS(&a),
		SW_OPT_INT("threads", &o.threads, 1, 64, "N",
			   "hours read and sent at once (default 1); twice as many as files: each read by two threads"),
		SW_OPT_SHARD(&shard),
		SW_OPT_FLAG("strict", &o.strict, "check every byte of every line (slower)"),
		SW_OPT_END(),
	};
	int n, rc = sw_opt_parse(cli, &load_doc, opts, argc, argv, &n);
	if (rc != SW_OPT_CONTINUE)
		return rc;
	if (!a.o.url)
		return sw_cli_usage(cli->cmd, "--clickhouse URL is required");
	sw_cli_catch_stop();
	o.stop = &sw_cli_stop;
	o.quiet = getenv("SW_NO_PROGRESS") != NULL;
	struct sw_error err = {0};
	struct sw_ch *c = NULL;
	struct sw_ch_load_stats st = {0};
	double t0 = sw_time_now();
	sw_err e = ch_connect(&a, &c, &err);
	if (!e)
		e = sw_ch_load(c, (const char *const *)argv, (size_t)n, &o, &st, &err);
	if (st.files || st.skipped)
		load_summary(c, &st, sw_time_now() - t0);
	sw_ch_free(c);
	ch_args_release(&a);
	return e ? ch_fail(&err) : SW_EXIT_OK;
}

static const struct sw_cmd_doc pull_doc = {
	.usage = "stackwatch gharchive pull --clickhouse URL [--cluster NAME]\n"
		 "                          [--all-repos | --repo OWNER/NAME...] [--batch N]",
	.about = "Compute repos' daily series (the columns and rules of 'export series') inside ClickHouse, "
		 "over the whole cluster with --cluster, and store them here: export series, the report, "
		 "anchoring on snapshots, gaps and the web then use them. Default: the store's tracked repos "
		 "(by GitHub id, current and former names). A pulled repo's series replaces what local scans "
		 "gave it. A pull never creates a database: a missing one is an error.",
	.epilogue = "See docs/scale.md.",
};

static void pull_summary(const struct sw_ch *c, const struct sw_ch_pull_stats *st, double dt)
{
	sw_cli_info("pulled from %s: %llu repo(s) asked, %llu in the archive, %llu with counted events; %llu repo-days, "
		    "%llu hour(s); %llu queries in %.2f s",
		    sw_ch_where(c), (unsigned long long)st->asked, (unsigned long long)st->found, (unsigned long long)st->repos,
		    (unsigned long long)st->days, (unsigned long long)st->hours, (unsigned long long)st->queries, dt);
}

int sw_cmd_gharchive_pull(struct sw_cli *cli, int argc, char **argv);
int sw_cmd_gharchive_pull(struct sw_cli *cli, int argc, char **argv)
{
	struct ch_args a = {0};
	struct sw_ch_pull_opts o = {0};
	const char *repo_v[256];
	struct sw_opt_list repos = {repo_v, 0, 256, "--repo: at most 256 repos (or --all-repos)"};
	int64_t batch = 0;
	const struct sw_option opts[] = {
		CH_OPTIONS(&a),
		SW_OPT_STRING("cluster", &o.cluster, "NAME", "read every shard of this cluster (the server's remote_servers)"),
		SW_OPT_FLAG("all-repos", &o.all_repos, "every repo the archive holds"),
		SW_OPT_LIST("repo", &repos, "OWNER/NAME", "this repo (or GitHub id); repeatable"),
		SW_OPT_INT("batch", &batch, 1, 100000, "N", "repos per aggregation (default 500)"),
		SW_OPT_END(),
	};
	int n, rc = sw_opt_parse(cli, &pull_doc, opts, argc, argv, &n);
	if (rc != SW_OPT_CONTINUE)
		return rc;
	if (!a.o.url)
		return sw_cli_usage(cli->cmd, "--clickhouse URL is required");
	if (o.all_repos && repos.n)
		return sw_cli_usage(cli->cmd, "--all-repos and --repo exclude each other");
	o.repos = repos.v;
	o.nrepos = repos.n;
	o.batch = (size_t)batch;
	a.o.existing = true; /* a pull never creates a database (a typo would read nothing) */
	sw_cli_catch_stop();
	o.stop = &sw_cli_stop;
	o.quiet = getenv("SW_NO_PROGRESS") != NULL;
	struct sw_error err = {0};
	struct sw_ch *c = NULL;
	struct sw_store *s = NULL;
	struct sw_ch_pull_stats st = {0};
	double t0 = sw_time_now();
	sw_err e = sw_cli_open_store(cli, &s, &err);
	if (!e)
		e = ch_connect(&a, &c, &err);
	if (!e)
		e = sw_ch_pull(c, s, &o, &st, &err);
	if (!e)
		pull_summary(c, &st, sw_time_now() - t0);
	sw_ch_free(c);
	sw_store_free(s);
	ch_args_release(&a);
	return e ? ch_fail(&err) : SW_EXIT_OK;
}
#endif
