/* cmd_review.c: `stackwatch review`: list, accept or reject submissions;
 * with --labels, the automatic results that need a human label. */
#include <time.h>

#include "cli.h"
#include "stackwatch/classify.h"
#include "stackwatch/core.h"

static const struct sw_cmd_doc doc = {
	.usage = "stackwatch review [--accept OWNER/REPO | --reject OWNER/REPO] [OPTIONS]",
	.about = "Without an action, list the pending submissions. --accept makes a repo tracked (a proposed "
		 "layer becomes an override label); --reject marks it rejected. --labels lists instead the repos "
		 "`stackwatch classify` left as 'needs review' (layer confidence below its threshold), most "
		 "uncertain first and, among near-equal confidences, most-starred first: the labels that help most.",
};

/* The pending submissions, oldest first, with the layer they propose
 * (stored with the submission until it is accepted); *rc is the printing's. */
static sw_err pending(struct sw_store *s, enum sw_fmt fmt, int *rc, struct sw_error *err)
{
	struct sw_table *t = NULL;
	sw_err e = sw_store_pending(s, &t, err);
	if (!e) {
		*rc = sw_cli_print_table(t, fmt);
		if (fmt == SW_FMT_TABLE)
			sw_cli_info("%zu pending submission%s", sw_table_rows(t), sw_table_rows(t) == 1 ? "" : "s");
	}
	sw_table_free(t);
	return e;
}

/* The classifier's review queue (at most limit rows, 0: all). */
static int review_labels(struct sw_cli *cli, int64_t limit, enum sw_fmt fmt)
{
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	struct sw_table *t = NULL;
	int rc = SW_EXIT_OK;
	sw_err e = sw_cli_open_store(cli, &s, &err);
	if (!e)
		e = sw_classify_review_queue(s, (size_t)limit, &t, &err);
	if (!e)
		rc = sw_cli_print_table(t, fmt);
	sw_table_free(t);
	sw_store_free(s);
	return e ? sw_cli_fail(&err) : rc;
}

/* Accept or reject name (accept true/false), or list the pending (name NULL). */
static int review(struct sw_cli *cli, const char *name, bool accept, enum sw_fmt fmt)
{
	struct sw_error err = {0};
	struct sw_store *s = NULL;
	int rc = SW_EXIT_OK;
	sw_err e = sw_cli_open_store(cli, &s, &err);
	if (!e && name) {
		e = sw_store_review(s, name, accept, (int64_t)time(NULL), &err);
		if (!e)
			sw_cli_info("%s %s", name, accept ? "accepted: now tracked" : "rejected");
	} else if (!e)
		e = pending(s, fmt, &rc, &err);
	sw_store_free(s);
	return e ? sw_cli_fail(&err) : rc;
}

int sw_cmd_review(struct sw_cli *cli, int argc, char **argv)
{
	const char *accept = NULL, *reject = NULL;
	bool labels = false;
	int64_t limit = 0;
	enum sw_fmt fmt;
	const struct sw_option opts[] = {
		SW_OPT_STRING("accept", &accept, "OWNER/REPO", "make this submitted repo tracked"),
		SW_OPT_STRING("reject", &reject, "OWNER/REPO", "mark this submitted repo rejected"),
		SW_OPT_FLAG("labels", &labels, "list the automatic results that need review instead of submissions"),
		SW_OPT_INT("limit", &limit, 1, SW_OPT_MANY, "N", "--labels: at most N repos (default all)"),
		SW_OPT_FORMAT(&fmt, SW_FMTS_TEXT, SW_FMT_TABLE, "for the list"),
		SW_OPT_END(),
	};
	int nargs, rc = sw_opt_parse(cli, &doc, opts, argc, argv, &nargs);
	if (rc != SW_OPT_CONTINUE)
		return rc;
	if (accept && reject)
		return sw_cli_usage(cli->cmd, "give either --accept or --reject");
	if (labels && (accept || reject))
		return sw_cli_usage(cli->cmd, "--labels only lists; it goes without --accept and --reject");
	if (limit && !labels)
		return sw_cli_usage(cli->cmd, "--limit only goes with --labels");
	if (labels)
		return review_labels(cli, limit, fmt);
	return review(cli, accept ? accept : reject, accept != NULL, fmt);
}
