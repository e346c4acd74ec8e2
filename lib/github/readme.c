/* readme.c: README fetching for the update passes: which repos are due,
 * the /readme request, and the text of its answer (raw, or base64 content
 * from an older GitHub Enterprise). */
#include <stdlib.h>
#include <string.h>

#include "github_int.h"
#include "stackwatch/core.h"

/* Standard base64 (whitespace ignored), in place; the decoded length, or
 * (size_t)-1 on a character outside the alphabet. GitHub answers README
 * requests as JSON with base64 content when the raw media type is not
 * honoured (older GitHub Enterprise). */
static size_t base64_decode(char *s, size_t n)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int v;
		if (c >= 'A' && c <= 'Z') v = c - 'A';
		else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
		else if (c >= '0' && c <= '9') v = c - '0' + 52;
		else if (c == '+') v = 62;
		else if (c == '/') v = 63;
		else if (c == '=' || c == '\n' || c == '\r' || c == ' ') continue;
		else return (size_t)-1;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			s[o++] = (char)((acc >> bits) & 0xff);
		}
	}
	return o;
}

char *github_readme_text(const char *body, size_t blen, size_t *len)
{
	*len = 0;
	if (blen && body[0] == '{') {
		json_t *j = json_loadb(body, blen, 0, NULL);
		const char *c = github_jstr(j, "content"), *enc = github_jstr(j, "encoding");
		char *out = NULL;
		if (c && enc && !strcmp(enc, "base64") && (out = strdup(c))) {
			size_t n = base64_decode(out, strlen(out));
			if (n == (size_t)-1) {
				free(out);
				out = NULL;
			} else {
				out[n] = '\0';
				*len = n;
			}
		}
		json_decref(j);
		if (out || j) /* a JSON object that is not a content-file is no README text */
			return out;
	}
	char *out = malloc(blen + 1);
	if (out) {
		memcpy(out, body, blen);
		out[blen] = '\0';
		*len = blen;
	}
	return out;
}

sw_err github_fetch_readmes(struct sw_store *s, const struct sw_github_update_opts *o, int64_t now,
			    struct sw_github_update_result *out, struct sw_error *err)
{
	int64_t age = o->readme_max_age > 0 ? o->readme_max_age : 30 * 86400;
	int64_t limit = o->readmes_limit < 0 ? INT64_MAX : o->readmes_limit;
	/* never fetched first, then the oldest; repos awaiting an automatic
	 * label (no curated one) before curated ones */
	struct github_due *d;
	size_t n;
	sw_err e = github_query_dues(s,
				     "SELECT r.id, r.owner, r.name, t.node_id FROM repos r"
				     " LEFT JOIN readmes m ON m.repo_id = r.id"
				     " LEFT JOIN tracker_repos t ON t.repo_id = r.id"
				     " WHERE r.state = 'tracked' AND t.deleted_at IS NULL"
				     " AND (m.repo_id IS NULL OR m.fetched_at < ?1)"
				     " ORDER BY m.repo_id IS NOT NULL, m.fetched_at,"
				     " COALESCE((SELECT c.source >= 2 FROM repo_class c WHERE c.repo_id = r.id), 0),"
				     " r.id LIMIT ?2",
				     now - age, limit, &d, &n, err);
	for (size_t i = 0; i < n && !e; i++) {
		if (o->stop && *o->stop) {
			e = sw_error_set(err, SW_EINTERRUPTED,
					 "interrupted after %zu of %zu READMEs; rerun to fetch the rest", i, n);
			break;
		}
		char path[600];
		snprintf(path, sizeof path, "/repos/%s/%s/readme", d[i].owner, d[i].name);
		struct sw_github_resp r = {0};
		if ((e = sw_github_get(o->gh, path, "application/vnd.github.raw+json", &r, err)))
			break;
		/* 404 (and an answer without usable text) is stored as "no README" */
		size_t len = 0;
		char *t = r.status == 404 ? NULL : github_readme_text(r.body, r.len, &len);
		e = sw_store_put_readme(s, d[i].id, t, len, now, err);
		free(t);
		out->readmes += !e;
		sw_github_resp_release(&r);
		if (o->progress)
			o->progress(o->progress_ud, (uint64_t)(i + 1), n);
	}
	github_dues_free(d, n);
	return e;
}
