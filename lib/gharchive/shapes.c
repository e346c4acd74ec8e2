/* shapes.c: event payloads in the shape of the real archive of 2021, for
 * the generator's realistic mode (`gharchive generate --realistic`), so that
 * a benchmark reads what a real hour holds: the mix of event kinds, their
 * sizes (a pull request carries its user, merger, head and base with full
 * repository objects, ~18 KB; a push ~1.2 KB), the API's keys in the API's
 * order with its URL fields, text of realistic length and redundancy, and
 * ids, node ids and hashes that compress as poorly as real ones.
 *
 * The figures are those of the 800 real events in ../shared/data/
 * gharchive-real (GH Archive, 2021-07-21): the kinds and their shares, line
 * sizes per kind, text lengths (medians and means of bodies, comments and
 * commit messages), pull request actions, commits per push, 7% bot actors.
 * bench/gharchive.sh prints the sample's figures and the generated hours'
 * side by side (sizes per kind, bytes per event, gzip ratio). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gharchive_int.h"

/* The kinds of events and their share (per 800, as in the sample). */
static const struct {
	const char *name;
	int weight;
} kinds[] = {
	{"PushEvent", 425}, {"CreateEvent", 103}, {"PullRequestEvent", 64}, {"WatchEvent", 58},
	{"IssueCommentEvent", 36}, {"PullRequestReviewEvent", 28}, {"DeleteEvent", 23}, {"IssuesEvent", 21},
	{"ForkEvent", 19}, {"PullRequestReviewCommentEvent", 10}, {"MemberEvent", 4}, {"ReleaseEvent", 3},
	{"PublicEvent", 2}, {"CommitCommentEvent", 2}, {"GollumEvent", 2},
};
enum { K_PUSH, K_CREATE, K_PR, K_WATCH, K_ICOMMENT, K_REVIEW, K_DELETE, K_ISSUES, K_FORK, K_RCOMMENT,
       K_MEMBER, K_RELEASE, K_PUBLIC, K_CCOMMENT, K_GOLLUM, K_COUNT };

/* A writer: appends to b, remembers the first error. */
struct w {
	struct sw_buf *b;
	uint64_t *r;
	sw_err e;
	const struct gha_shape *ev;
};
static void W(struct w *w, const char *fmt, ...) SW_PRINTF(2, 3);
static void W(struct w *w, const char *fmt, ...)
{
	if (w->e)
		return;
	va_list ap;
	va_start(ap, fmt);
	w->e = sw_buf_vprintf(w->b, fmt, ap);
	va_end(ap);
}


/* A length with the given median and mean (log-normal), at most cap. */
static size_t length(uint64_t *r, double median, double mean, size_t cap)
{
	double sigma = sqrt(2 * log(mean / median));
	double u1 = gha_unif(r) + 1e-12, u2 = gha_unif(r);
	double z = sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2);
	double v = median * exp(sigma * z);
	return v > (double)cap ? cap : (size_t)v;
}

static const char *const words[] = {
	"the", "to", "a", "and", "of", "in", "is", "for", "this", "fix", "add", "update", "with", "it", "be",
	"on", "that", "not", "we", "should", "error", "test", "file", "from", "use", "can", "by", "if",
	"support", "version", "build", "code", "as", "are", "an", "change", "remove", "new", "docs", "config",
	"value", "function", "return", "type", "default", "check", "data", "model", "api", "request", "issue",
	"bug", "case", "run", "user", "when", "release", "merge", "branch", "main", "dependency", "bump",
	"from", "into", "pull", "commit", "readme", "added", "fixed", "updated", "tests", "class", "method",
	"null", "string", "list", "page", "image", "server", "client", "module", "package", "script", "output",
	"input", "path", "option", "command", "line", "example", "instead", "now", "also", "only", "but",
	"would", "could", "there", "which", "have", "has", "was", "will", "all", "some", "more", "other",
	"missing", "works", "thanks", "please", "see", "like", "because", "after", "before", "field",
	"component", "style", "layout", "button", "query", "index", "cache", "token", "login", "auth",
};
#define NWORDS (sizeof words / sizeof words[0])
static const char *const foreign[] = {"é", "ü", "中文", "修复", "ç", "日本語", "ñ", "🚀", "👍", "ö", "Привет", "—"};

/* About len bytes of prose as a JSON string body: common words (Zipf),
 * identifiers, numbers, paths, escaped newlines and quotes, a few
 * non-ASCII words; now and then the text "merged": true. */
static void text(struct w *w, size_t len)
{
	size_t start = w->b->len;
	while (!w->e && w->b->len - start < len) {
		double u = gha_unif(w->r);
		if (u < 0.05)
			W(w, "\\n");
		else if (u < 0.06)
			W(w, "\\r\\n\\r\\n");
		else if (u < 0.065)
			W(w, "\\\"%s\\\" ", words[gha_below(w->r, NWORDS)]);
		else if (u < 0.09)
			W(w, "%s%c%llx ", words[gha_below(w->r, NWORDS)], "_.-/"[gha_below(w->r, 4)],
			  (unsigned long long)gha_below(w->r, 1 << 20));
		else if (u < 0.10)
			W(w, "%lld ", (long long)gha_below(w->r, 100000));
		else if (u < 0.105)
			W(w, "%s ", foreign[gha_below(w->r, sizeof foreign / sizeof foreign[0])]);
		else if (u < 0.1052)
			W(w, "says \\\"merged\\\": true ");
		else {
			double z = gha_unif(w->r);
			W(w, "%s%s", words[(size_t)((double)NWORDS * z * z * z)], gha_unif(w->r) < 0.08 ? ". " : " ");
		}
	}
}

static void base64(const char *s, char *out)
{
	static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(s), o = 0;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned char)s[i] << 16 | (i + 1 < n ? (unsigned char)s[i + 1] << 8 : 0) |
			     (i + 2 < n ? (unsigned char)s[i + 2] : 0);
		out[o++] = t[v >> 18 & 63];
		out[o++] = t[v >> 12 & 63];
		out[o++] = i + 1 < n ? t[v >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? t[v & 63] : '=';
	}
	out[o] = 0;
}

/* "node_id":"..." as GitHub wrote them in 2021: base64 of "NN:Type" + id. */
static void node_id(struct w *w, const char *type, int64_t id)
{
	char raw[64], enc[100];
	snprintf(raw, sizeof raw, "%02zu:%s%lld", strlen(type), type, (long long)id);
	base64(raw, enc);
	W(w, "\"node_id\":\"%s\"", enc);
}

static void sha(struct w *w)
{
	for (int i = 0; i < 40; i++)
		W(w, "%c", "0123456789abcdef"[gha_rnd(w->r) & 15]);
}

/* An ISO time at most `back` seconds before the event. */
static void when(struct w *w, int64_t back)
{
	char t[32];
	sw_time_format(w->ev->ts - gha_below(w->r, back + 1), t);
	W(w, "\"%s\"", t);
}

static void user(struct w *w, const char *login, int64_t id)
{
	bool bot = strstr(login, "[bot]") != NULL;
	char esc[80];
	snprintf(esc, sizeof esc, "%.*s%s", (int)(strlen(login) - (bot ? 5 : 0)), login, bot ? "%5Bbot%5D" : "");
	W(w, "{\"login\":\"%s\",\"id\":%lld,", login, (long long)id);
	node_id(w, bot ? "Bot" : "User", id);
	W(w, ",\"avatar_url\":\"https://avatars.githubusercontent.com/u/%lld?v=4\",\"gravatar_id\":\"\","
	     "\"url\":\"https://api.github.com/users/%s\",\"html_url\":\"https://github.com/%s\","
	     "\"followers_url\":\"https://api.github.com/users/%s/followers\","
	     "\"following_url\":\"https://api.github.com/users/%s/following{/other_user}\","
	     "\"gists_url\":\"https://api.github.com/users/%s/gists{/gist_id}\","
	     "\"starred_url\":\"https://api.github.com/users/%s/starred{/owner}{/repo}\",",
	  (long long)id, esc, esc, esc, esc, esc, esc);
	W(w, "\"subscriptions_url\":\"https://api.github.com/users/%s/subscriptions\","
	     "\"organizations_url\":\"https://api.github.com/users/%s/orgs\",\"repos_url\":\"https://api.github.com/users/%s/repos\","
	     "\"events_url\":\"https://api.github.com/users/%s/events{/privacy}\","
	     "\"received_events_url\":\"https://api.github.com/users/%s/received_events\",\"type\":\"%s\",\"site_admin\":false}",
	  esc, esc, esc, esc, esc, bot ? "Bot" : "User");
}

/* The owner part of "owner/name" as a login. */
static void owner_of(const char *full, char *out, size_t cap)
{
	const char *s = strchr(full, '/');
	snprintf(out, cap, "%.*s", s ? (int)(s - full) : (int)strlen(full), full);
}

static const char *const repo_urls[] = {
	"forks", "keys{/key_id}", "collaborators{/collaborator}", "teams", "hooks", "issues/events{/number}",
	"events", "assignees{/user}", "branches{/branch}", "tags", "git/blobs{/sha}", "git/tags{/sha}",
	"git/refs{/sha}", "git/trees{/sha}", "statuses/{sha}", "languages", "stargazers", "contributors",
	"subscribers", "subscription", "commits{/sha}", "git/commits{/sha}", "comments{/number}",
	"issues/comments{/number}", "contents/{+path}", "compare/{base}...{head}", "merges",
	"{archive_format}{/ref}", "downloads", "issues{/number}", "pulls{/number}", "milestones{/number}",
	"notifications{?since,all,participating}", "labels{/name}", "releases{/id}", "deployments",
};
static const char *const url_keys[] = {
	"forks", "keys", "collaborators", "teams", "hooks", "issue_events", "events", "assignees", "branches",
	"tags", "blobs", "git_tags", "git_refs", "trees", "statuses", "languages", "stargazers", "contributors",
	"subscribers", "subscription", "commits", "git_commits", "comments", "issue_comment", "contents",
	"compare", "merges", "archive", "downloads", "issues", "pulls", "milestones", "notifications", "labels",
	"releases", "deployments",
};

/* A full repository object (forkee, head.repo, base.repo). */
static void repo(struct w *w, const char *full, int64_t id, bool fork)
{
	char own[128];
	owner_of(full, own, sizeof own);
	const char *nm = strchr(full, '/') ? strchr(full, '/') + 1 : full;
	W(w, "{\"id\":%lld,", (long long)id);
	node_id(w, "Repository", id);
	W(w, ",\"name\":\"%s\",\"full_name\":\"%s\",\"private\":false,\"owner\":", nm, full);
	user(w, own, 1000 + (id % 90000000));
	W(w, ",\"html_url\":\"https://github.com/%s\",\"description\":", full);
	if (gha_unif(w->r) < 0.25)
		W(w, "null");
	else {
		W(w, "\"");
		text(w, length(w->r, 50, 60, 300));
		W(w, "\"");
	}
	W(w, ",\"fork\":%s,\"url\":\"https://api.github.com/repos/%s\"", fork ? "true" : "false", full);
	for (size_t k = 0; k < sizeof repo_urls / sizeof repo_urls[0]; k++)
		W(w, ",\"%s_url\":\"https://api.github.com/repos/%s/%s\"", url_keys[k], full, repo_urls[k]);
	W(w, ",\"created_at\":");
	when(w, 3 * 365 * 86400);
	W(w, ",\"updated_at\":");
	when(w, 86400);
	W(w, ",\"pushed_at\":");
	when(w, 3600);
	int64_t stars = gha_below(w->r, 2000), forks = gha_below(w->r, 300), open = gha_below(w->r, 80);
	static const char *const langs[] = {"JavaScript", "Python", "TypeScript", "Java", "Go", "C++", "Rust", "PHP"};
	W(w, ",\"git_url\":\"git://github.com/%s.git\",\"ssh_url\":\"git@github.com:%s.git\","
	     "\"clone_url\":\"https://github.com/%s.git\",\"svn_url\":\"https://github.com/%s\",\"homepage\":null,"
	     "\"size\":%lld,\"stargazers_count\":%lld,\"watchers_count\":%lld,\"language\":\"%s\",\"has_issues\":true,"
	     "\"has_projects\":true,\"has_downloads\":true,\"has_wiki\":%s,\"has_pages\":false,\"forks_count\":%lld,",
	  full, full, full, full, (long long)gha_below(w->r, 200000), (long long)stars, (long long)stars,
	  langs[gha_below(w->r, 8)], gha_unif(w->r) < 0.5 ? "true" : "false", (long long)forks);
	W(w, "\"mirror_url\":null,\"archived\":false,\"disabled\":false,\"open_issues_count\":%lld,\"license\":%s,"
	     "\"forks\":%lld,\"open_issues\":%lld,\"watchers\":%lld,\"default_branch\":\"%s\"",
	  (long long)open,
	  gha_unif(w->r) < 0.5 ? "null" : "{\"key\":\"mit\",\"name\":\"MIT License\",\"spdx_id\":\"MIT\","
				   "\"url\":\"https://api.github.com/licenses/mit\",\"node_id\":\"MDc6TGljZW5zZTEz\"}",
	  (long long)forks, (long long)open, (long long)stars, gha_unif(w->r) < 0.6 ? "main" : "master");
	W(w, "%s}", fork ? ",\"public\":true" : "");
}

static void labels(struct w *w, const char *full)
{
	W(w, "\"labels\":[");
	int n = gha_unif(w->r) < 0.8 ? 0 : 1 + (int)gha_below(w->r, 3);
	for (int i = 0; i < n; i++) {
		int64_t id = 1000000000 + gha_below(w->r, 3000000000);
		const char *name = words[gha_below(w->r, NWORDS)];
		W(w, "%s{\"id\":%lld,", i ? "," : "", (long long)id);
		node_id(w, "Label", id);
		W(w, ",\"url\":\"https://api.github.com/repos/%s/labels/%s\",\"name\":\"%s\",\"color\":\"%06llx\","
		     "\"default\":false,\"description\":null}",
		  full, name, name, (unsigned long long)gha_below(w->r, 1 << 24));
	}
	W(w, "]");
}

/* A JSON string of prose, or null now and then. */
static void prose(struct w *w, double median, double mean, size_t cap, double p_null)
{
	if (gha_unif(w->r) < p_null) {
		W(w, "null");
		return;
	}
	W(w, "\"");
	text(w, length(w->r, median, mean, cap));
	W(w, "\"");
}

/* The _links of a pull request. */
static void pr_links(struct w *w, const char *full, int64_t num, const char *head)
{
	W(w, "\"_links\":{\"self\":{\"href\":\"https://api.github.com/repos/%s/pulls/%lld\"},"
	     "\"html\":{\"href\":\"https://github.com/%s/pull/%lld\"},"
	     "\"issue\":{\"href\":\"https://api.github.com/repos/%s/issues/%lld\"},"
	     "\"comments\":{\"href\":\"https://api.github.com/repos/%s/issues/%lld/comments\"},",
	  full, (long long)num, full, (long long)num, full, (long long)num, full, (long long)num);
	W(w, "\"review_comments\":{\"href\":\"https://api.github.com/repos/%s/pulls/%lld/comments\"},"
	     "\"review_comment\":{\"href\":\"https://api.github.com/repos/%s/pulls/comments{/number}\"},"
	     "\"commits\":{\"href\":\"https://api.github.com/repos/%s/pulls/%lld/commits\"},"
	     "\"statuses\":{\"href\":\"https://api.github.com/repos/%s/statuses/%s\"}}",
	  full, (long long)num, full, full, (long long)num, full, head);
}

/* One side of a pull request (head or base). */
static void pr_side(struct w *w, const char *full, int64_t repo_id, const char *label, char *head)
{
	char own[128];
	owner_of(full, own, sizeof own);
	W(w, "{\"label\":\"%s:%s\",\"ref\":\"%s\",\"sha\":\"", own, label, label);
	size_t at = w->b->len;
	sha(w);
	if (head && !w->e)
		memcpy(head, w->b->data + at, 40), head[40] = 0;
	W(w, "\",\"user\":");
	user(w, own, 1000 + repo_id % 90000000);
	W(w, ",\"repo\":");
	repo(w, full, repo_id, false);
	W(w, "}");
}

/* The pull request object; with merge state (PullRequestEvent) or without
 * (review events). */
static void pull_request(struct w *w, int64_t num, bool closed, bool merged, bool state)
{
	const struct gha_shape *ev = w->ev;
	const char *full = ev->repo;
	int64_t id = 600000000 + gha_below(w->r, 100000000);
	W(w, "{\"url\":\"https://api.github.com/repos/%s/pulls/%lld\",\"id\":%lld,", full, (long long)num, (long long)id);
	node_id(w, "PullRequest", id);
	W(w, ",\"html_url\":\"https://github.com/%s/pull/%lld\",\"diff_url\":\"https://github.com/%s/pull/%lld.diff\","
	     "\"patch_url\":\"https://github.com/%s/pull/%lld.patch\",\"issue_url\":\"https://api.github.com/repos/%s/issues/%lld\","
	     "\"number\":%lld,\"state\":\"%s\",\"locked\":false,\"title\":",
	  full, (long long)num, full, (long long)num, full, (long long)num, full, (long long)num, (long long)num,
	  closed ? "closed" : "open");
	prose(w, 30, 35, 120, 0);
	W(w, ",\"user\":");
	user(w, ev->login, ev->actor_id);
	W(w, ",\"body\":");
	prose(w, 60, 1800, 17000, 0.15);
	W(w, ",\"created_at\":");
	when(w, 30 * 86400);
	W(w, ",\"updated_at\":");
	when(w, 0);
	W(w, ",\"closed_at\":");
	closed ? when(w, 0) : W(w, "null");
	W(w, ",\"merged_at\":");
	merged ? when(w, 0) : W(w, "null");
	W(w, ",\"merge_commit_sha\":\"");
	sha(w);
	W(w, "\",\"assignee\":null,\"assignees\":[],\"requested_reviewers\":[],\"requested_teams\":[],");
	labels(w, full);
	W(w, ",\"milestone\":null,\"draft\":false,\"commits_url\":\"https://api.github.com/repos/%s/pulls/%lld/commits\","
	     "\"review_comments_url\":\"https://api.github.com/repos/%s/pulls/%lld/comments\","
	     "\"review_comment_url\":\"https://api.github.com/repos/%s/pulls/comments{/number}\","
	     "\"comments_url\":\"https://api.github.com/repos/%s/issues/%lld/comments\",\"statuses_url\":\"https://api.github.com/repos/%s/statuses/",
	  full, (long long)num, full, (long long)num, full, full, (long long)num, full);
	char head[41] = "0";
	size_t at = w->b->len;
	sha(w);
	W(w, "\",\"head\":");
	char fork_name[300];
	snprintf(fork_name, sizeof fork_name, "%s/%s", ev->login, strchr(full, '/') ? strchr(full, '/') + 1 : full);
	pr_side(w, gha_unif(w->r) < 0.6 ? fork_name : full, ev->repo_id + 1 + gha_below(w->r, 1000), "feature", head);
	W(w, ",\"base\":");
	pr_side(w, full, ev->repo_id, "main", NULL);
	if (!w->e)
		memcpy(w->b->data + at, head, 40); /* statuses_url names the head commit */
	W(w, ",");
	pr_links(w, full, num, head);
	W(w, ",\"author_association\":\"CONTRIBUTOR\",\"auto_merge\":null,\"active_lock_reason\":null");
	if (!state) {
		W(w, "}");
		return;
	}
	W(w, ",\"merged\":%s,\"mergeable\":null,\"rebaseable\":null,\"mergeable_state\":\"unknown\",\"merged_by\":",
	  merged ? "true" : "false");
	merged ? user(w, "maintainer-of-this", 1000 + ev->repo_id % 90000000) : W(w, "null");
	W(w, ",\"comments\":%lld,\"review_comments\":%lld,\"maintainer_can_modify\":false,\"commits\":%lld,"
	     "\"additions\":%lld,\"deletions\":%lld,\"changed_files\":%lld}",
	  (long long)gha_below(w->r, 10), (long long)gha_below(w->r, 10), (long long)1 + gha_below(w->r, 8),
	  (long long)gha_below(w->r, 500), (long long)gha_below(w->r, 200), (long long)1 + gha_below(w->r, 20));
}

static void payload_pr(struct w *w, struct gha_shape *ev)
{
	double u = gha_unif(w->r);
	ev->action = u < 0.52 ? "opened" : u < 0.97 ? "closed" : "reopened";
	bool closed = !strcmp(ev->action, "closed");
	ev->merged = closed ? gha_unif(w->r) < 0.8 : 0;
	int64_t num = 1 + gha_below(w->r, 3000);
	W(w, "{\"action\":\"%s\",\"number\":%lld,\"pull_request\":", ev->action, (long long)num);
	pull_request(w, num, closed, ev->merged == 1, true);
	W(w, "}");
}

/* A push: 1 commit mostly, sometimes a few, rarely 20 of many more. */
static void payload_push(struct w *w, struct gha_shape *ev)
{
	double u = gha_unif(w->r);
	ev->size = u < 0.85 ? 1 : u < 0.92 ? 2 : u < 0.945 ? 0 : u < 0.99 ? 3 + gha_below(w->r, 8) : 20 + gha_below(w->r, 600);
	ev->dsize = ev->size > 0 && gha_unif(w->r) < 0.045 ? gha_below(w->r, ev->size) : ev->size;
	W(w, "{\"push_id\":%lld,\"size\":%lld,\"distinct_size\":%lld,\"ref\":\"refs/heads/%s\",\"head\":\"",
	  (long long)7500000000 + gha_below(w->r, 100000000), (long long)ev->size, (long long)ev->dsize,
	  gha_unif(w->r) < 0.6 ? "main" : words[gha_below(w->r, NWORDS)]);
	sha(w);
	W(w, "\",\"before\":\"");
	sha(w);
	W(w, "\",\"commits\":[");
	int64_t n = ev->size > 20 ? 20 : ev->size;
	for (int64_t i = 0; i < n; i++) {
		W(w, "%s{\"sha\":\"", i ? "," : "");
		size_t at = w->b->len;
		sha(w);
		W(w, "\",\"author\":{\"name\":\"%s\",\"email\":\"%s@users.noreply.github.com\"},\"message\":\"",
		  ev->login, ev->login);
		text(w, length(w->r, 26, 65, 1400));
		W(w, "\",\"distinct\":%s,\"url\":\"https://api.github.com/repos/%s/commits/%.40s\"}",
		  i < ev->dsize ? "true" : "false", ev->repo, w->e ? "" : w->b->data + at);
	}
	W(w, "]}");
}

static void issue(struct w *w, bool pr, bool closed)
{
	const struct gha_shape *ev = w->ev;
	const char *full = ev->repo;
	int64_t num = 1 + gha_below(w->r, 3000), id = 900000000 + gha_below(w->r, 100000000);
	W(w, "{\"url\":\"https://api.github.com/repos/%s/issues/%lld\",\"repository_url\":\"https://api.github.com/repos/%s\","
	     "\"labels_url\":\"https://api.github.com/repos/%s/issues/%lld/labels{/name}\","
	     "\"comments_url\":\"https://api.github.com/repos/%s/issues/%lld/comments\","
	     "\"events_url\":\"https://api.github.com/repos/%s/issues/%lld/events\",\"html_url\":\"https://github.com/%s/%s/%lld\",\"id\":%lld,",
	  full, (long long)num, full, full, (long long)num, full, (long long)num, full, (long long)num, full,
	  pr ? "pull" : "issues", (long long)num, (long long)id);
	node_id(w, pr ? "PullRequest" : "Issue", id);
	W(w, ",\"number\":%lld,\"title\":", (long long)num);
	prose(w, 35, 40, 120, 0);
	W(w, ",\"user\":");
	user(w, ev->login, ev->actor_id);
	W(w, ",");
	labels(w, full);
	W(w, ",\"state\":\"%s\",\"locked\":false,\"assignee\":null,\"assignees\":[],\"milestone\":null,\"comments\":%lld,"
	     "\"created_at\":", closed ? "closed" : "open", (long long)gha_below(w->r, 12));
	when(w, 60 * 86400);
	W(w, ",\"updated_at\":");
	when(w, 0);
	W(w, ",\"closed_at\":");
	closed ? when(w, 0) : W(w, "null");
	W(w, ",\"author_association\":\"NONE\",\"active_lock_reason\":null,");
	if (pr)
		W(w, "\"pull_request\":{\"url\":\"https://api.github.com/repos/%s/pulls/%lld\",\"html_url\":\"https://github.com/%s/pull/%lld\","
		     "\"diff_url\":\"https://github.com/%s/pull/%lld.diff\",\"patch_url\":\"https://github.com/%s/pull/%lld.patch\"},",
		  full, (long long)num, full, (long long)num, full, (long long)num, full, (long long)num);
	W(w, "\"body\":");
	prose(w, 560, 1250, 20000, 0.1);
	W(w, ",\"performed_via_github_app\":null}");
}

static void payload_issues(struct w *w, struct gha_shape *ev)
{
	ev->action = gha_unif(w->r) < 0.62 ? "opened" : "closed";
	W(w, "{\"action\":\"%s\",\"issue\":", ev->action);
	issue(w, false, !strcmp(ev->action, "closed"));
	W(w, "}");
}

/* The comment object of issue, commit and review comments. */
static void comment(struct w *w, const char *kind, bool review)
{
	const struct gha_shape *ev = w->ev;
	int64_t id = 880000000 + gha_below(w->r, 100000000);
	W(w, "{\"url\":\"https://api.github.com/repos/%s/%s/comments/%lld\",", ev->repo, kind, (long long)id);
	if (review) {
		W(w, "\"pull_request_review_id\":%lld,\"id\":%lld,", (long long)id - 50, (long long)id);
		node_id(w, "PullRequestReviewComment", id);
		W(w, ",\"diff_hunk\":\"@@ -1,7 +1,9 @@\\n");
		text(w, length(w->r, 330, 420, 3000));
		W(w, "\",\"path\":\"src/%s/%s.ts\",\"position\":%lld,\"original_position\":%lld,\"commit_id\":\"",
		  words[gha_below(w->r, NWORDS)], words[gha_below(w->r, NWORDS)], (long long)gha_below(w->r, 50), (long long)gha_below(w->r, 50));
		sha(w);
		W(w, "\",\"original_commit_id\":\"");
		sha(w);
		W(w, "\",");
	} else {
		W(w, "\"html_url\":\"https://github.com/%s/%s#comment-%lld\",\"id\":%lld,", ev->repo, kind, (long long)id,
		  (long long)id);
		node_id(w, "IssueComment", id);
		W(w, ",");
	}
	W(w, "\"user\":");
	user(w, ev->login, ev->actor_id);
	W(w, ",\"created_at\":");
	when(w, 0);
	W(w, ",\"updated_at\":");
	when(w, 0);
	W(w, ",\"author_association\":\"MEMBER\",\"body\":");
	prose(w, 135, 205, 8000, 0);
	W(w, "%s}", review ? ",\"start_line\":null,\"original_start_line\":null,\"start_side\":null,\"line\":5,"
			     "\"original_line\":5,\"side\":\"RIGHT\"" : ",\"performed_via_github_app\":null");
}

static void payload_review(struct w *w, bool with_comment)
{
	int64_t num = 1 + gha_below(w->r, 3000), id = 700000000 + gha_below(w->r, 100000000);
	W(w, "{\"action\":\"created\",");
	if (with_comment) {
		W(w, "\"comment\":");
		comment(w, "pulls", true);
	} else {
		W(w, "\"review\":{\"id\":%lld,", (long long)id);
		node_id(w, "PullRequestReview", id);
		W(w, ",\"user\":");
		user(w, w->ev->login, w->ev->actor_id);
		W(w, ",\"body\":");
		prose(w, 60, 150, 3000, 0.6);
		W(w, ",\"commit_id\":\"");
		sha(w);
		W(w, "\",\"submitted_at\":");
		when(w, 0);
		W(w, ",\"state\":\"%s\",\"html_url\":\"https://github.com/%s/pull/%lld#pullrequestreview-%lld\","
		     "\"pull_request_url\":\"https://api.github.com/repos/%s/pulls/%lld\",\"author_association\":\"MEMBER\"}",
		  gha_unif(w->r) < 0.5 ? "approved" : "commented", w->ev->repo, (long long)num, (long long)id, w->ev->repo,
		  (long long)num);
	}
	W(w, ",\"pull_request\":");
	pull_request(w, num, false, false, false);
	W(w, "}");
}

static void payload_release(struct w *w, struct gha_shape *ev)
{
	int64_t id = 46000000 + gha_below(w->r, 1000000);
	int maj = (int)gha_below(w->r, 5), min = (int)gha_below(w->r, 30);
	ev->action = "published";
	W(w, "{\"action\":\"published\",\"release\":{\"url\":\"https://api.github.com/repos/%s/releases/%lld\","
	     "\"assets_url\":\"https://api.github.com/repos/%s/releases/%lld/assets\","
	     "\"upload_url\":\"https://uploads.github.com/repos/%s/releases/%lld/assets{?name,label}\","
	     "\"html_url\":\"https://github.com/%s/releases/tag/v%d.%d\",\"id\":%lld,\"author\":",
	  ev->repo, (long long)id, ev->repo, (long long)id, ev->repo, (long long)id, ev->repo, maj, min, (long long)id);
	user(w, ev->login, ev->actor_id);
	W(w, ",");
	node_id(w, "Release", id);
	W(w, ",\"tag_name\":\"v%d.%d\",\"target_commitish\":\"main\",\"name\":\"v%d.%d\",\"draft\":false,\"prerelease\":false,"
	     "\"created_at\":", maj, min, maj, min);
	when(w, 3600);
	W(w, ",\"published_at\":");
	when(w, 0);
	W(w, ",\"assets\":[],\"tarball_url\":\"https://api.github.com/repos/%s/tarball/v%d.%d\","
	     "\"zipball_url\":\"https://api.github.com/repos/%s/zipball/v%d.%d\",\"body\":",
	  ev->repo, maj, min, ev->repo, maj, min);
	prose(w, 200, 400, 5000, 0.2);
	W(w, ",\"short_description_html\":null,\"is_short_description_html_truncated\":false}}");
}

static void payload_small(struct w *w, struct gha_shape *ev)
{
	switch (ev->kind) {
	case K_WATCH:
		ev->action = "started";
		W(w, "{\"action\":\"started\"}");
		return;
	case K_CREATE: case K_DELETE: {
		bool tag = gha_unif(w->r) < 0.15;
		W(w, "{\"ref\":\"%s%s-%lld\",\"ref_type\":\"%s\",", tag ? "v" : words[gha_below(w->r, NWORDS)],
		  tag ? "1.0" : "fix", (long long)gha_below(w->r, 1000), tag ? "tag" : "branch");
		if (ev->kind == K_CREATE) {
			W(w, "\"master_branch\":\"main\",\"description\":");
			prose(w, 40, 50, 200, 0.5);
			W(w, ",");
		}
		W(w, "\"pusher_type\":\"user\"}");
		return;
	}
	case K_PUBLIC:
		W(w, "{}");
		return;
	case K_GOLLUM:
		W(w, "{\"pages\":[{\"page_name\":\"Home\",\"title\":\"Home\",\"summary\":null,\"action\":\"edited\",\"sha\":\"");
		sha(w);
		W(w, "\",\"html_url\":\"https://github.com/%s/wiki/Home\"}]}", ev->repo);
		return;
	case K_MEMBER:
		W(w, "{\"member\":");
		user(w, "new-member", 5000000 + gha_below(w->r, 80000000));
		W(w, ",\"action\":\"added\"}");
		return;
	}
}

static void payload(struct w *w, struct gha_shape *ev)
{
	switch (ev->kind) {
	case K_PUSH:
		payload_push(w, ev);
		return;
	case K_PR:
		payload_pr(w, ev);
		return;
	case K_ISSUES:
		payload_issues(w, ev);
		return;
	case K_ICOMMENT: {
		bool pr = gha_unif(w->r) < 0.5;
		W(w, "{\"action\":\"created\",\"issue\":");
		issue(w, pr, false);
		W(w, ",\"comment\":");
		comment(w, "issues", false);
		W(w, "}");
		return;
	}
	case K_REVIEW:
		payload_review(w, false);
		return;
	case K_RCOMMENT:
		payload_review(w, true);
		return;
	case K_CCOMMENT:
		W(w, "{\"comment\":");
		comment(w, "comments", false);
		W(w, "}");
		return;
	case K_FORK: {
		char fork[300];
		snprintf(fork, sizeof fork, "%s/%s", ev->login, strchr(ev->repo, '/') ? strchr(ev->repo, '/') + 1 : ev->repo);
		W(w, "{\"forkee\":");
		repo(w, fork, 380000000 + gha_below(w->r, 10000000), true);
		W(w, "}");
		return;
	}
	case K_RELEASE:
		payload_release(w, ev);
		return;
	default: return payload_small(w, ev);
	}
}

int gha_shape_pick(uint64_t *r)
{
	int64_t u = gha_below(r, 800);
	for (int k = 0; k < K_COUNT; k++) {
		if (u < kinds[k].weight)
			return k;
		u -= kinds[k].weight;
	}
	return K_PUSH;
}

const char *gha_shape_type(int kind)
{
	return kind >= 0 && kind < K_COUNT ? kinds[kind].name : "PushEvent";
}

sw_err gha_shape_payload(uint64_t *r, struct sw_buf *b, struct gha_shape *ev)
{
	struct w w = {b, r, SW_OK, ev};
	ev->action = "";
	ev->merged = -1;
	ev->size = ev->dsize = -1;
	payload(&w, ev);
	return w.e;
}
