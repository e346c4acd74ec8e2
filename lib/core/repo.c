/* repo.c: the store's value types (repo, snapshot, lists, README) and
 * what releases them: below both the store, which fills them, and the list
 * index, which owns rows between a load and a query. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core_int.h"

const char *sw_class_source_name(enum sw_class_source src)
{
	switch (src) {
	case SW_CLASS_AUTOMATIC: return "automatic";
	case SW_CLASS_CURATED: return "curated";
	case SW_CLASS_OVERRIDE: return "override";
	default: return "none";
	}
}

void sw_repo_release(struct sw_repo *r)
{
	if (!r)
		return;
	char **fields[] = {&r->owner, &r->name, &r->description, &r->language, &r->topics,
			   &r->license, &r->created_at, &r->pushed_at, &r->updated_at,
			   &r->owner_type, &r->country, &r->state, &r->layer, &r->subcat};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		free(*fields[i]);
		*fields[i] = NULL;
	}
}

void sw_snapshot_release(struct sw_snapshot *snap)
{
	if (!snap)
		return;
	free(snap->source);
	free(snap->top_devs);
	snap->source = snap->top_devs = NULL;
}

void sw_snapshot_list_release(struct sw_snapshot_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		sw_snapshot_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void sw_repo_list_release(struct sw_repo_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		sw_repo_release(&l->rows[i].repo);
		sw_snapshot_release(&l->rows[i].snap);
	}
	free(l->rows);
	l->rows = NULL;
	l->n = l->total = 0;
}

void sw_readme_release(struct sw_readme *r)
{
	if (!r)
		return;
	free(r->text);
	memset(r, 0, sizeof *r);
}

bool sw_repo_name_parse(const char *text, char out[256])
{
	char tmp[256];
	snprintf(tmp, sizeof tmp, "%s", text ? text : "");
	char *s = sw_str_trim(tmp);
	static const char *const prefixes[] = {"https://www.github.com/", "http://www.github.com/", "https://github.com/",
					       "http://github.com/", "www.github.com/", "github.com/"};
	bool url = false;
	for (size_t i = 0; !url && i < sizeof prefixes / sizeof prefixes[0]; i++)
		if (!strncasecmp(s, prefixes[i], strlen(prefixes[i]))) {
			s += strlen(prefixes[i]);
			url = true;
		}
	/* a page of the repo (…/tree/main, …/issues?q=…) names the repo too */
	char *slash = strchr(s, '/');
	if (url && slash) {
		s[strcspn(s, "?#")] = '\0';
		slash[strcspn(slash + 1, "/") + 1] = '\0';
	}
	size_t l = strlen(s);
	while (l && s[l - 1] == '/')
		s[--l] = '\0';
	if (l > 4 && !strcmp(s + l - 4, ".git"))
		s[l - 4] = '\0';
	snprintf(out, 256, "%s", s);
	return sw_repo_name_valid(out);
}
