/* generate.c: generator of realistic GH Archive hours with known ground truth.
 *
 * Event mix, field order and payload shapes follow today's GH Archive
 * events (id, type, actor, repo, payload, public, created_at, org) and the
 * 2013 Events API sample in shared/data (type, created_at, actor, repo,
 * public, payload, id), so the extractor sees both key orders. Pull
 * requests and forks carry full repo objects (most of an hour's bytes),
 * pushes carry up to 20 commits. With quirks: a rename and a case-only
 * rename, identical duplicate events across hour boundaries and within an
 * hour, bot actors, a ~1 MiB and a ~5 MiB PushEvent, unicode and escapes in
 * text (including a fake "merged":true inside a string), blank, garbage and
 * cut lines, a multi-member gzip hour, and a last hour whose second gzip
 * member is cut in half (that member holds only uncounted events, so the
 * truth file stays exact).
 *
 * Realistic mode (--realistic): kinds, payloads, sizes and text as in the
 * real archive of 2021 (shapes.c), 7% bot actors, 28% of events with an
 * org, a population of a million repos by default, today's key order.
 *
 * truth.tsv: one line per counted event a correct scan must keep, after
 * dedupe: id, repo_id, repo_name, created_at, type, action, merged,
 * actor_id, actor_login, size, distinct_size. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "gharchive_int.h"

struct rng {
	uint64_t s;
};
static uint64_t rnd(struct rng *r) { return gha_rnd(&r->s); }
static double unif(struct rng *r) { return gha_unif(&r->s); }
static int64_t below(struct rng *r, int64_t n) { return gha_below(&r->s, n); }

static const char *const syll[] = {"llama", "graph", "tensor", "vec", "deep", "open", "fast", "mind",
				   "agent", "rag", "flow", "torch", "lang", "chain", "vision", "kit",
				   "serve", "infer", "quant", "token"};
#define NSYLL (sizeof syll / sizeof syll[0])
static const char *const msgs[] = {
	"Fix typo in README", "Add support for streaming responses", "Bump dependency versions",
	"修复 tokenizer 的边界问题 🚀", "Refactor: split \\\"engine\\\" into modules",
	"Merge pull request #42 from fork/branch\\n\\nAdd tests", "Update \\u00e9t\\u00e9 docs (\\u4e2d\\u6587)",
	"Handle the \\\"merged\\\": true case {not json} [x]", "café ünïcödé naïve façade",
	"Initial commit", "WIP", "Release v1.2.3",
};
#define NMSG (sizeof msgs / sizeof msgs[0])

struct gen {
	struct rng r;
	const struct sw_gha_gen_opts *o;
	int nrepos, nactors;
	uint64_t next_id;
	struct sw_buf line, tmp;
	FILE *truth;
	int hour;            /* index of the hour being written */
	int per_hour;        /* events an hour, about */
	bool counted_ok;     /* emit counted event types */
};

static void repo_name(struct gen *g, int i, char *out, size_t n)
{
	/* quirk renames: repo 3 moves owner and name half-way; repo 5 changes case. */
	if (g->o->quirks && i == 3 && g->hour >= g->o->hours / 2) {
		snprintf(out, n, "new-home/renamed-llama");
		return;
	}
	if (g->o->quirks && i == 5 && g->hour >= g->o->hours / 2) {
		snprintf(out, n, "Owner5/Case-Change");
		return;
	}
	if (g->o->quirks && i == 5) {
		snprintf(out, n, "owner5/case-change");
		return;
	}
	snprintf(out, n, "%s%s%d/%s-%s", syll[i % NSYLL], syll[(i / 7) % NSYLL], i % 97, syll[(i / 3) % NSYLL],
		 syll[(i * 13) % NSYLL]);
}
static int64_t repo_id_of(int i) { return 100000000 + (int64_t)i * 7919; }

static sw_err P(struct sw_buf *b, const char *fmt, ...) SW_PRINTF(2, 3);
static sw_err P(struct sw_buf *b, const char *fmt, ...)
{
	va_list ap;
	char tmp[4096];
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return SW_EINVAL;
	if ((size_t)n < sizeof tmp)
		return sw_buf_append(b, tmp, (size_t)n);
	/* long output: format again straight into the buffer */
	sw_err e = sw_buf_reserve(b, (size_t)n + 1);
	if (e)
		return e;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return SW_OK;
}

static void sha(struct gen *g, char out[41])
{
	static const char hx[] = "0123456789abcdef";
	for (int i = 0; i < 40; i++)
		out[i] = hx[rnd(&g->r) & 15];
	out[40] = 0;
}

/* A full repository object, as in forkee and pull_request.head/base.repo. */
static sw_err repo_obj(struct gen *g, struct sw_buf *b, int i)
{
	char nm[128];
	repo_name(g, i, nm, sizeof nm);
	const char *slash = strchr(nm, '/');
	int ol = (int)(slash - nm);
	static const char *const urls[] = {"forks", "keys{/key_id}", "collaborators{/collaborator}", "teams",
					   "hooks", "issues/events{/number}", "events", "assignees{/user}",
					   "branches{/branch}", "tags", "blobs{/sha}", "git/tags{/sha}",
					   "git/refs{/sha}", "git/trees{/sha}", "statuses/{sha}", "languages",
					   "stargazers", "contributors", "subscribers", "subscription",
					   "commits{/sha}", "git/commits{/sha}", "comments{/number}",
					   "issues/comments{/number}", "contents/{+path}", "compare/{base}...{head}",
					   "merges", "{archive_format}{/ref}", "downloads", "issues{/number}",
					   "pulls{/number}", "milestones{/number}", "notifications{?since,all,participating}",
					   "labels{/name}", "releases{/id}", "deployments"};
	sw_err e = P(b, "{\"id\":%lld,\"node_id\":\"R_kgDO%08llx\",\"name\":\"%s\",\"full_name\":\"%s\",\"private\":false,"
			"\"owner\":{\"login\":\"%.*s\",\"id\":%lld,\"type\":\"User\",\"site_admin\":false},"
			"\"html_url\":\"https://github.com/%s\",\"description\":\"%s\",\"fork\":false",
		     (long long)repo_id_of(i), (unsigned long long)rnd(&g->r) & 0xffffffffull, slash + 1, nm, ol, nm,
		     (long long)(5000 + i), nm, i % 4 == 0 ? "大模型推理框架 — fast LLM serving ⚡" : "A library for \\\"AI\\\" things");
	for (size_t k = 0; !e && k < sizeof urls / sizeof urls[0]; k++)
		e = P(b, ",\"u%zu_url\":\"https://api.github.com/repos/%s/%s\"", k, nm, urls[k]);
	if (!e)
		e = P(b, ",\"created_at\":\"2023-0%d-1%dT10:00:00Z\",\"size\":%lld,\"stargazers_count\":%lld,"
			 "\"language\":\"Python\",\"has_issues\":true,\"forks_count\":%lld,\"license\":null,"
			 "\"topics\":[\"llm\",\"ai\"],\"default_branch\":\"main\"}",
		      1 + i % 9, i % 10, (long long)below(&g->r, 100000), (long long)below(&g->r, 50000),
		      (long long)below(&g->r, 5000));
	return e;
}

static sw_err actor_obj(struct sw_buf *b, int64_t id, const char *login)
{
	return P(b, "{\"id\":%lld,\"login\":\"%s\",\"display_login\":\"%s\",\"gravatar_id\":\"\","
		    "\"url\":\"https://api.github.com/users/%s\",\"avatar_url\":\"https://avatars.githubusercontent.com/u/%lld?\"}",
		 (long long)id, login, login, login, (long long)id);
}

enum gtype { G_PUSH, G_CREATE, G_WATCH, G_PR, G_ISSUECOMMENT, G_DELETE, G_ISSUES, G_FORK, G_REVIEW,
	     G_RELEASE, G_GOLLUM, G_MEMBER };
static const char *const gtype_name[] = {"PushEvent", "CreateEvent", "WatchEvent", "PullRequestEvent",
					 "IssueCommentEvent", "DeleteEvent", "IssuesEvent", "ForkEvent",
					 "PullRequestReviewEvent", "ReleaseEvent", "GollumEvent", "MemberEvent"};

static enum gtype pick_type(struct gen *g)
{
	double u = unif(&g->r);
	static const double cut[] = {0.45, 0.57, 0.67, 0.75, 0.82, 0.86, 0.89, 0.92, 0.95, 0.96, 0.98, 1.0};
	for (int i = 0; i < 12; i++)
		if (u < cut[i])
			return (enum gtype)i;
	return G_PUSH;
}

/* One event being written: who did what to which repo, and the figures
 * its truth row records. */
struct ev {
	enum gtype t;
	int shape;           /* realistic kind (shapes.c), -1: the classic payloads */
	const char *tname;   /* the "type" */
	int repo, big_push;
	int64_t ts;
	uint64_t id;
	char nm[128], login[64], when[32];
	int64_t actor_id;
	const char *action;  /* "" when the type has none */
	int merged;          /* -1 not a pull request */
	int64_t size, dsize; /* -1 not a push */
};

/* The actor: a bot now and then (with quirks), else one of the actors,
 * the low numbers far more often. */
static void pick_actor(struct gen *g, struct ev *v)
{
	double ua = unif(&g->r);
	if (g->o->realistic && ua < 0.07) {
		static const char *const bots[] = {"dependabot[bot]", "github-actions[bot]", "renovate[bot]", "pull[bot]",
						   "codecov[bot]", "aws-connector-for-github[bot]"};
		int b = (int)below(&g->r, 6);
		snprintf(v->login, sizeof v->login, "%s", bots[b]);
		v->actor_id = 49699333 + b * 1000003;
	} else if (g->o->quirks && ua < 0.03) {
		bool dep = ua < 0.015;
		snprintf(v->login, sizeof v->login, dep ? "dependabot[bot]" : "github-actions[bot]");
		v->actor_id = dep ? 49699333 : 41898282;
	} else {
		int a = (int)(g->nactors * unif(&g->r) * unif(&g->r));
		snprintf(v->login, sizeof v->login, "%s-%s%d", syll[a % NSYLL], syll[(a / 5) % NSYLL], a);
		v->actor_id = 2000 + a;
	}
}

/* A push of 1-40 commits (20 listed), or a huge one with long messages. */
static sw_err payload_push(struct gen *g, struct ev *v, struct sw_buf *p)
{
	int big_push = v->big_push;
	char h1[41], h2[41];
	v->size = big_push ? 5000 : 1 + (unif(&g->r) < 0.8 ? below(&g->r, 3) : below(&g->r, 40));
	v->dsize = big_push ? 4000 : v->size - (v->size > 1 && unif(&g->r) < 0.2);
	int nc = v->size > 20 ? 20 : (int)v->size;
	sha(g, h1);
	sha(g, h2);
	sw_err e = P(p, "{\"repository_id\":%lld,\"push_id\":%llu,\"size\":%lld,\"distinct_size\":%lld,"
			"\"ref\":\"refs/heads/main\",\"head\":\"%s\",\"before\":\"%s\",\"commits\":[",
		     (long long)repo_id_of(v->repo), (unsigned long long)(v->id * 3), (long long)v->size,
		     (long long)v->dsize, h1, h2);
	for (int c = 0; c < nc && !e; c++) {
		sha(g, h1);
		e = P(p, "%s{\"sha\":\"%s\",\"author\":{\"email\":\"%s@users.noreply.github.com\",\"name\":\"%s\"},"
			 "\"message\":\"%s", c ? "," : "", h1, v->login, v->login, msgs[below(&g->r, NMSG)]);
		if (!e && big_push) { /* long messages: a ~1 or ~5 MiB line */
			for (int k = 0; k < big_push * 1000 && !e; k++)
				e = P(p, " line %d of a very long commit message \\\"quoted\\\" \\\\ ü", k);
		}
		if (!e)
			e = P(p, "\",\"distinct\":%s,\"url\":\"https://api.github.com/repos/%s/commits/%s\"}",
			      c < v->dsize ? "true" : "false", v->nm, h1);
	}
	if (!e)
		e = P(p, "]}");
	return e;
}

/* A pull request opened, closed (merged or not) or reopened, with the full
 * head and base repository objects. */
static sw_err payload_pr(struct gen *g, struct ev *v, struct sw_buf *p)
{
	const char *nm = v->nm;
	double u = unif(&g->r);
	const char *action = v->action = u < 0.5 ? "opened" : u < 0.9 ? "closed" : "reopened";
	int merged = v->merged = !strcmp(action, "closed") ? unif(&g->r) < 0.7 : 0;
	sw_err e = P(p, "{\"action\":\"%s\",\"number\":%lld,\"pull_request\":{\"url\":\"https://api.github.com/repos/%s/pulls/1\","
			"\"id\":%llu,\"number\":%lld,\"state\":\"%s\",\"title\":\"Improve %s\",\"user\":",
		     action, (long long)below(&g->r, 9000), nm, (unsigned long long)v->id * 5, (long long)below(&g->r, 9000),
		     strcmp(action, "closed") ? "open" : "closed", msgs[below(&g->r, NMSG)]);
	if (!e)
		e = actor_obj(p, v->actor_id, v->login);
	if (!e)
		e = P(p, ",\"body\":\"This PR says \\\"merged\\\": true and {\\\"merged\\\":false} in text.\\r\\n%s\","
			 "\"merged_at\":%s,\"head\":{\"label\":\"x:main\",\"ref\":\"main\",\"repo\":",
		      msgs[below(&g->r, NMSG)], merged == 1 ? "\"2024-01-01T00:00:00Z\"" : "null");
	if (!e)
		e = repo_obj(g, p, v->repo);
	if (!e)
		e = P(p, "},\"base\":{\"label\":\"y:main\",\"ref\":\"main\",\"repo\":");
	if (!e)
		e = repo_obj(g, p, v->repo);
	if (!e)
		e = P(p, "},\"_links\":{\"self\":{\"href\":\"https://api.github.com/repos/%s/pulls/1\"}},"
			 "\"author_association\":\"CONTRIBUTOR\",\"auto_merge\":null,\"merged\":%s,\"mergeable\":null,"
			 "\"comments\":%lld,\"commits\":%lld,\"additions\":%lld,\"deletions\":%lld}}",
		      nm, merged == 1 ? "true" : "false", (long long)below(&g->r, 20), (long long)below(&g->r, 20),
		      (long long)below(&g->r, 2000), (long long)below(&g->r, 2000));
	return e;
}

static sw_err payload_fork(struct gen *g, struct ev *v, struct sw_buf *p)
{
	sw_err e = P(p, "{\"forkee\":");
	if (!e)
		e = repo_obj(g, p, v->repo);
	if (!e)
		e = P(p, "}");
	return e;
}

static sw_err payload_issue(struct gen *g, struct ev *v, struct sw_buf *p)
{
	const char *action = v->action = unif(&g->r) < 0.6 ? "opened" : "closed";
	sw_err e = P(p, "{\"action\":\"%s\",\"issue\":{\"url\":\"https://api.github.com/repos/%s/issues/7\",\"number\":7,"
			"\"title\":\"%s\",\"user\":", action, v->nm, msgs[below(&g->r, NMSG)]);
	if (!e)
		e = actor_obj(p, v->actor_id, v->login);
	if (!e)
		e = P(p, ",\"labels\":[{\"name\":\"bug\",\"color\":\"d73a4a\"}],\"state\":\"open\",\"body\":\"Steps:\\n1. run\\n2. \\\"crash\\\"\"}}");
	return e;
}

/* The payload of v into g->tmp (sets the action, and the figures of
 * pushes and pull requests). */
static sw_err payload(struct gen *g, struct ev *v)
{
	struct sw_buf *p = &g->tmp;
	switch (v->t) {
	case G_PUSH: return payload_push(g, v, p);
	case G_WATCH: v->action = "started"; return P(p, "{\"action\":\"started\"}");
	case G_FORK: return payload_fork(g, v, p);
	case G_PR: return payload_pr(g, v, p);
	case G_ISSUES: return payload_issue(g, v, p);
	case G_RELEASE:
		v->action = "published";
		return P(p, "{\"action\":\"published\",\"release\":{\"tag_name\":\"v%d.%d\",\"name\":\"Release ✨\",\"draft\":false,"
			    "\"prerelease\":false,\"body\":\"## Changes\\n- %s\",\"assets\":[]}}",
			 (int)below(&g->r, 5), (int)below(&g->r, 30), msgs[below(&g->r, NMSG)]);
	case G_CREATE:
		return P(p, "{\"ref\":\"feature-%d\",\"ref_type\":\"branch\",\"master_branch\":\"main\",\"description\":\"%s\","
			    "\"pusher_type\":\"user\"}", (int)below(&g->r, 100), msgs[below(&g->r, NMSG)]);
	case G_ISSUECOMMENT:
		/* "action":"opened" inside issue, and a pull_request key: both must not count. */
		return P(p, "{\"action\":\"created\",\"issue\":{\"number\":3,\"title\":\"%s\",\"pull_request\":{\"merged\":true},"
			    "\"state\":\"open\"},\"comment\":{\"body\":\"LGTM 👍 %s\",\"author_association\":\"NONE\"}}",
			 msgs[below(&g->r, NMSG)], msgs[below(&g->r, NMSG)]);
	case G_REVIEW:
		return P(p, "{\"action\":\"created\",\"review\":{\"state\":\"approved\",\"body\":null},\"pull_request\":"
			    "{\"number\":9,\"merged\":true,\"state\":\"open\"}}");
	case G_DELETE: return P(p, "{\"ref\":\"old-branch\",\"ref_type\":\"branch\",\"pusher_type\":\"user\"}");
	case G_GOLLUM: return P(p, "{\"pages\":[{\"page_name\":\"Home\",\"title\":\"Home\",\"action\":\"edited\"}]}");
	case G_MEMBER: return P(p, "{\"action\":\"added\",\"member\":{\"login\":\"x\",\"id\":1}}");
	}
	return SW_OK;
}

/* The realistic tail: public, created_at, and the org of 28% of repos. */
static sw_err org_tail(struct sw_buf *b, const struct ev *v)
{
	sw_err e = P(b, ",\"public\":true,\"created_at\":\"%s\"", v->when);
	if (!e && v->repo % 100 < 28) {
		const char *slash = strchr(v->nm, '/');
		int ol = slash ? (int)(slash - v->nm) : (int)strlen(v->nm);
		long long oid = 30000000 + v->repo % 9000000;
		e = P(b, ",\"org\":{\"id\":%lld,\"login\":\"%.*s\",\"gravatar_id\":\"\",\"url\":\"https://api.github.com/orgs/%.*s\","
			 "\"avatar_url\":\"https://avatars.githubusercontent.com/u/%lld?\"}",
		      oid, ol, v->nm, ol, v->nm, oid);
	}
	return e ? e : P(b, "}\n");
}

/* The whole line into g->line: the payload wrapped in the event's
 * envelope, in today's key order or (with quirks, now and then) the 2013
 * sample's. GH Archive has used today's order since 2015. */
static sw_err envelope(struct gen *g, const struct ev *v)
{
	struct sw_buf *b = &g->line, *p = &g->tmp;
	const char *nm = v->nm;
	bool old_order = g->o->quirks && !g->o->realistic && unif(&g->r) < 0.2;
	sw_err e;
	if (old_order)
		e = P(b, "{\"type\":\"%s\",\"created_at\":\"%s\",\"actor\":", v->tname, v->when);
	else
		e = P(b, "{\"id\":\"%llu\",\"type\":\"%s\",\"actor\":", (unsigned long long)v->id, v->tname);
	if (!e)
		e = actor_obj(b, v->actor_id, v->login);
	if (!e && old_order)
		e = P(b, ",\"repo\":{\"url\":\"https://api.github.com/repos/%s\",\"id\":%lld,\"name\":\"%s\"},"
			 "\"public\":true,\"payload\":", nm, (long long)repo_id_of(v->repo), nm);
	else if (!e)
		e = P(b, ",\"repo\":{\"id\":%lld,\"name\":\"%s\",\"url\":\"https://api.github.com/repos/%s\"},\"payload\":",
		      (long long)repo_id_of(v->repo), nm, nm);
	if (!e)
		e = sw_buf_append(b, p->data, p->len);
	if (!e && old_order)
		e = P(b, ",\"id\":\"%llu\"}\n", (unsigned long long)v->id);
	else if (!e && g->o->realistic)
		e = org_tail(b, v);
	else if (!e)
		e = P(b, ",\"public\":true,\"created_at\":\"%s\"%s}\n", v->when,
		      v->repo % 3 ? "" : ",\"org\":{\"id\":77,\"login\":\"ai-org\",\"gravatar_id\":\"\"}");
	return e;
}

/* The truth row of a counted event (types a scan keeps). */
static void truth_row(struct gen *g, const struct ev *v)
{
	static const char *const counted_types[] = {"PushEvent", "WatchEvent", "ForkEvent", "PullRequestEvent",
						    "ReleaseEvent"};
	bool counted = !strcmp(v->tname, "IssuesEvent") && !strcmp(v->action, "opened");
	for (size_t i = 0; i < sizeof counted_types / sizeof counted_types[0]; i++)
		counted = counted || !strcmp(v->tname, counted_types[i]);
	if (counted && g->truth)
		fprintf(g->truth, "%llu\t%lld\t%s\t%lld\t%s\t%s\t%d\t%lld\t%s\t%lld\t%lld\n", (unsigned long long)v->id,
			(long long)repo_id_of(v->repo), v->nm, (long long)v->ts, v->tname, v->action, v->merged,
			(long long)v->actor_id, v->login, (long long)v->size, (long long)v->dsize);
}

/* A realistic payload (shapes.c) into g->tmp, its figures into v. */
static sw_err shaped_payload(struct gen *g, struct ev *v)
{
	struct gha_shape sh = {.kind = v->shape, .repo = v->nm, .login = v->login, .repo_id = repo_id_of(v->repo),
			       .actor_id = v->actor_id, .ts = v->ts};
	sw_err e = gha_shape_payload(&g->r.s, &g->tmp, &sh);
	v->action = sh.action;
	v->merged = sh.merged;
	v->size = sh.size;
	v->dsize = sh.dsize;
	return e;
}

/* One event line into g->line; writes its truth row when counted. shape:
 * a realistic kind, or -1 for the classic payload of t. */
static sw_err event(struct gen *g, enum gtype t, int shape, int repo, int64_t ts, int big_push)
{
	struct ev v = {.t = t, .shape = shape, .tname = shape >= 0 ? gha_shape_type(shape) : gtype_name[t],
		       .repo = repo, .big_push = big_push, .ts = ts, .id = g->next_id++,
		       .action = "", .merged = -1, .size = -1, .dsize = -1};
	sw_buf_reset(&g->line);
	sw_buf_reset(&g->tmp);
	repo_name(g, repo, v.nm, sizeof v.nm);
	pick_actor(g, &v);
	sw_time_format(ts, v.when);
	sw_err e = shape >= 0 ? shaped_payload(g, &v) : payload(g, &v);
	if (!e)
		e = envelope(g, &v);
	if (!e)
		truth_row(g, &v);
	return e;
}

static int pick_repo(struct gen *g)
{
	double u = unif(&g->r);
	return 1 + (int)((g->nrepos - 1) * u * u * u);
}

static sw_err gz_open(const char *path, const char *mode, gzFile *out, struct sw_error *err)
{
	*out = gzopen(path, mode);
	if (!*out)
		return sw_error_set(err, SW_EIO, "%s: cannot write: %s", path, strerror(errno));
	gzbuffer(*out, 1 << 20);
	return SW_OK;
}

static sw_err gz_put(gzFile f, const struct sw_buf *b, const char *path, struct sw_error *err)
{
	if (b->len && gzwrite(f, b->data, (unsigned)b->len) != (int)b->len)
		return sw_error_set(err, SW_EIO, "%s: write failed", path);
	return SW_OK;
}

/* After event i of the n of hour h went into *f: the quirks that repeat a
 * line in the next hour and in this one, add garbage, or start a new gzip
 * member. */
static sw_err hour_quirks(struct gen *g, gzFile *f, const char *path, int h, int i, int n, struct sw_buf *carry,
			  struct sw_error *err)
{
	bool last = h == g->o->hours - 1;
	sw_err e = SW_OK;
	if (!last && i >= n - 3 && (e = sw_buf_append(carry, g->line.data, g->line.len)))
		sw_error_set(err, e, "generate: out of memory");
	if (!e && i == 10) /* same-hour duplicate */
		e = gz_put(*f, &g->line, path, err);
	if (!e && h == 0 && i == 20) {
		static const char junk[] = "\nnot json at all\n{\"id\":\"1\",\"type\":\"WatchEvent\",\"payload\":{\"action\":\"sta\n";
		if (gzwrite(*f, junk, sizeof junk - 1) != (int)(sizeof junk - 1))
			e = sw_error_set(err, SW_EIO, "%s: write failed", path);
	}
	if (!e && h == 1 && (i == n / 3 || i == 2 * n / 3)) {
		/* multi-member gzip: close this member, append a new one */
		if (gzclose(*f) != Z_OK)
			e = sw_error_set(err, SW_EIO, "%s: write failed", path);
		else
			e = gz_open(path, "ab6", f, err);
	}
	return e;
}

/* The events of hour h (starting at t0) into *f: about per_hour of them,
 * with a huge push in each of the first two hours (quirks). */
static sw_err hour_events(struct gen *g, gzFile *f, const char *path, int h, int64_t t0, struct sw_buf *carry,
			  struct sw_error *err)
{
	int per_hour = g->per_hour;
	int n = per_hour + (int)below(&g->r, per_hour / 5 + 1) - per_hour / 10;
	sw_err e = SW_OK;
	for (int i = 0; i < n && !e; i++) {
		int64_t ts = t0 + (int64_t)i * 3600 / n;
		int big = 0;
		enum gtype t = G_PUSH;
		int shape = g->o->realistic ? gha_shape_pick(&g->r.s) : -1;
		if (shape < 0)
			t = pick_type(g);
		if (g->o->quirks && i == n / 2 && h < 2) {
			t = G_PUSH;
			shape = -1;
			big = h == 0 ? 1 : 5;
		}
		if ((e = event(g, t, shape, pick_repo(g), ts, big)))
			break;
		e = gz_put(*f, &g->line, path, err);
		if (!e && g->o->quirks)
			e = hour_quirks(g, f, path, h, i, n, carry, err);
	}
	return e;
}

/* The last hour's quirk: a second member of uncounted events, cut in half. */
static sw_err cut_member(struct gen *g, const char *path, int64_t t0, struct sw_error *err)
{
	struct stat sb;
	gzFile f;
	sw_err e;
	if (stat(path, &sb) != 0)
		return SW_OK;
	if ((e = gz_open(path, "ab6", &f, err)))
		return e;
	FILE *saved = g->truth;
	g->truth = NULL;
	for (int i = 0; i < 2000 && !e; i++) {
		enum gtype t = (i % 3) ? G_CREATE : G_ISSUECOMMENT;
		if (!(e = event(g, t, -1, pick_repo(g), t0 + 3599, 0)))
			e = gz_put(f, &g->line, path, err);
	}
	g->truth = saved;
	gzclose(f);
	struct stat sb2;
	if (!e && (stat(path, &sb2) != 0 || truncate(path, sb.st_size + (sb2.st_size - sb.st_size) / 2) != 0))
		e = sw_error_set(err, SW_EIO, "%s: cannot truncate", path);
	return e;
}

/* Hour h as DIR/YYYY-MM-DD-H.json.gz, starting with the lines carried
 * over from the hour before. */
static sw_err write_hour(struct gen *g, const char *dir, int h, int64_t start, struct sw_buf *carry,
			 struct sw_error *err)
{
	g->hour = h;
	int64_t t0 = start + (int64_t)h * 3600;
	int y;
	unsigned m, d;
	sw_time_civil_from_days(t0 / 86400, &y, &m, &d);
	char path[4096];
	snprintf(path, sizeof path, "%s/%04d-%02u-%02u-%d.json.gz", dir, y, m, d, (int)(t0 % 86400 / 3600));
	gzFile f;
	sw_err e = gz_open(path, "wb6", &f, err);
	if (e)
		return e;
	if (carry->len)
		e = gz_put(f, carry, path, err);
	sw_buf_reset(carry);
	if (!e)
		e = hour_events(g, &f, path, h, t0, carry, err);
	if (e) {
		gzclose(f);
		return e;
	}
	if (gzclose(f) != Z_OK)
		return sw_error_set(err, SW_EIO, "%s: write failed", path);
	if (g->o->quirks && h == g->o->hours - 1 && g->o->hours > 1)
		e = cut_member(g, path, t0, err);
	return e;
}

/* DIR/truth.tsv with its header line. */
static sw_err truth_open(struct gen *g, const char *dir, struct sw_error *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/truth.tsv", dir);
	g->truth = fopen(path, "w");
	if (!g->truth)
		return sw_error_set(err, SW_EIO, "%s: %s", path, strerror(errno));
	fputs("id\trepo_id\trepo_name\tcreated_at\ttype\taction\tmerged\tactor_id\tactor_login\tsize\tdistinct_size\n",
	      g->truth);
	return SW_OK;
}

sw_err sw_gha_generate(const char *dir, const struct sw_gha_gen_opts *opts, struct sw_error *err)
{
	if (!opts || opts->hours <= 0 || opts->hours > 100000)
		return sw_error_set(err, SW_EINVAL, "generate: --hours must be 1..100000");
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return sw_error_set(err, SW_EIO, "%s: %s", dir, strerror(errno));
	struct gen g = {.r = {opts->seed * 0x9e3779b97f4a7c15ull + 12345}, .o = opts};
	g.nrepos = opts->repos > 10 ? opts->repos : opts->realistic ? 1000000 : 5000;
	g.nactors = g.nrepos * 4;
	g.next_id = 30000000000ull;
	g.per_hour = opts->events_per_hour > 0 ? opts->events_per_hour : 20000;
	sw_buf_init(&g.line, (size_t)64 << 20);
	sw_buf_init(&g.tmp, (size_t)64 << 20);
	int64_t start = opts->start ? opts->start : sw_time_days_from_civil(2024, 1, 1) * 86400;
	start -= start % 3600;
	sw_err e = truth_open(&g, dir, err);
	if (e)
		return e;
	/* Lines repeated at the start of the next hour (identical duplicates). */
	struct sw_buf carry = SW_BUF_INIT;
	sw_buf_init(&carry, (size_t)16 << 20);
	for (int h = 0; h < opts->hours && !e; h++)
		e = write_hour(&g, dir, h, start, &carry, err);
	if (e && err && !err->code)
		sw_error_set(err, e, "generate: %s", sw_error_str(e));
	if (fclose(g.truth) != 0 && !e)
		e = sw_error_set(err, SW_EIO, "%s/truth.tsv: write failed", dir);
	sw_buf_release(&carry);
	sw_buf_release(&g.line);
	sw_buf_release(&g.tmp);
	return e;
}
