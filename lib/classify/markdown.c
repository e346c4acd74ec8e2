/* markdown.c: a README as a curator reads it. Markdown, HTML and
 * reStructuredText are reduced to plain words sorted into parts the
 * features weigh differently: headings, the opening paragraph, the body,
 * the "how to run it" sections (installation, usage: commands rather than
 * description) and tables. Code blocks, images, badges, URLs, HTML tags
 * and comments, and licence/citation/contact boilerplate are dropped;
 * what survives of them is the host of each link and the language of each
 * code block. One pass over the lines, linear in the text; no part grows
 * longer than the text. */
#include "classify_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Heading words that start a section whose body is boilerplate (dropped)
 * or mostly commands (weighed down); the heading itself always counts. */
static const char *const drop_words[] = {
	"acknowledgement", "acknowledgements", "acknowledgment", "acknowledgments", "authors", "backers",
	"bibtex", "changelog", "citation", "citations", "cite", "citing", "contact", "contribute",
	"contributing", "contribution", "contributions", "contributors", "disclaimer", "licence",
	"license", "licenses", "licensing", "maintainers", "sponsor", "sponsors", "star", "stargazers",
	"thanks", NULL};
static const char *const drop_cjk[] = {"许可", "协议", "引用", "致谢", "贡献", "联系", "免责", "交流", NULL};
static const char *const low_words[] = {
	"build", "building", "compile", "configuration", "dependencies", "deploy", "deployment", "docker",
	"environment", "install", "installation", "installing", "prerequisites", "quickstart", "requirements",
	"run", "running", "setup", "started", "usage", NULL};
static const char *const low_cjk[] = {"安装", "部署", "使用", "快速", "环境", "配置", "运行", NULL};

#define LEAD_MIN_WORDS 5 /* words outside link texts for a paragraph to open the README */

enum section { SEC_BODY, SEC_LOW, SEC_DROP };

/* The state of one pass. */
struct md {
	struct classify_md *out;
	struct sw_buf para;     /* the paragraph being read, cleaned */
	size_t last_line;       /* where its last line starts (a setext heading) */
	size_t plain_words;     /* its words outside link texts */
	bool plain;             /* emitting outside a link text */
	bool in_word;
	enum section sec;
	bool lead_done;
	char fence;             /* '`' or '~' inside a fenced code block, else 0 */
	size_t fence_len;
	bool in_comment, in_tag;
	bool html_heading;      /* inside <hN> ... </hN> over several lines */
	bool prev_blank;
};

void classify_md_release(struct classify_md *md)
{
	for (int i = 0; i < CLASSIFY_MD_PARTS; i++)
		sw_buf_release(&md->part[i]);
	sw_buf_release(&md->hosts);
	sw_buf_release(&md->code);
	memset(md, 0, sizeof *md);
}

/* ------------------------------------------------------------ inline text */

/* A byte of a word: an ASCII letter or digit, or part of a multibyte
 * character. */
static inline bool word_byte(unsigned char c)
{
	return classify_ascii_alnum(c) || c >= 0x80;
}

/* Append s[0..n) to dst, counting the words it starts outside link texts
 * while the opening paragraph is still to be found (the count's only
 * use; the count and the flag kept in locals: the loop runs on every
 * byte). */
static sw_err emit(struct md *m, struct sw_buf *dst, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	if (m->lead_done)
		return sw_buf_append(dst, s, n);
	if (m->plain && n) {
		bool prev = m->in_word;
		size_t starts = 0;
		for (size_t i = 0; i < n; i++) {
			bool w = word_byte(u[i]);
			starts += w && !prev;
			prev = w;
		}
		m->plain_words += starts;
	}
	if (n)
		m->in_word = word_byte(u[n - 1]);
	return sw_buf_append(dst, s, n);
}

static inline bool url_char(unsigned char c)
{
	return c > ' ' && c != '<' && c != '>' && c != '"' && c != '\'' && c != '(' && c != ')' && c != '[' &&
	       c != ']' && c != '`';
}

/* Record the host of the URL at s[0..n) (with a scheme, or starting
 * with "www."): lowercase, without "www." or a port; none for an IP
 * address or a relative link. */
static sw_err add_host(struct md *m, const char *s, size_t n)
{
	const char *p = NULL, *end = s + n;
	while (n && (*s == ' ' || *s == '<')) {
		s++;
		n--;
	}
	for (const char *q = s; q + 3 <= end && q < s + 8 && !p; q++)
		if (q[0] == ':' && q[1] == '/' && q[2] == '/')
			p = q + 3;
	if (!p && n >= 4 && !strncasecmp(s, "www.", 4))
		p = s;
	if (!p)
		return SW_OK; /* a relative link: no host */
	if (end - p >= 4 && !strncasecmp(p, "www.", 4))
		p += 4;
	size_t h = 0;
	bool alpha = false;
	while (p + h < end && (isalnum((unsigned char)p[h]) || p[h] == '.' || p[h] == '-'))
		alpha |= isalpha((unsigned char)p[h++]);
	while (h && p[h - 1] == '.')
		h--;
	if (h < 3 || !alpha || !memchr(p, '.', h) || h > 64)
		return SW_OK;
	sw_err e = SW_OK;
	for (size_t i = 0; i < h && !e; i++)
		e = sw_buf_putc(&m->out->hosts, (char)tolower((unsigned char)p[i]));
	return e ? e : sw_buf_putc(&m->out->hosts, '\n');
}

/* Length of a bare URL at s (http://, https://, www.), 0 if none. */
static size_t url_at(const char *s, size_t n, bool word_start)
{
	if (!word_start)
		return 0;
	if (!((n > 7 && !strncasecmp(s, "http://", 7)) || (n > 8 && !strncasecmp(s, "https://", 8)) ||
	      (n > 4 && !strncasecmp(s, "www.", 4))))
		return 0;
	size_t k = 0;
	while (k < n && url_char((unsigned char)s[k]))
		k++;
	return k;
}

/* Where the bracket opened at s[0] closes on the line (nesting counted),
 * or n. */
static size_t close_of(const char *s, size_t n, char open, char close)
{
	int depth = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == open)
			depth++;
		else if (s[i] == close && --depth == 0)
			return i;
	}
	return n;
}

/* An HTML tag starting at s[0] == '<' (already known to be one): record an
 * href's host; returns the bytes used, or n with m->in_tag set when the
 * tag goes on past the line. */
static sw_err tag(struct md *m, const char *s, size_t n, size_t *used)
{
	const char *gt = memchr(s, '>', n);
	size_t len = gt ? (size_t)(gt - s) + 1 : n;
	m->in_tag = !gt;
	for (size_t i = 0; i + 5 < len; i++)
		if (!strncasecmp(s + i, "href=", 5)) {
			size_t a = i + 5 + (s[i + 5] == '"' || s[i + 5] == '\'');
			size_t b = a;
			while (b < len && url_char((unsigned char)s[b]))
				b++;
			sw_err e = add_host(m, s + a, b - a);
			if (e)
				return e;
		}
	*used = len;
	return SW_OK;
}

static sw_err inline_text(struct md *m, const char *s, size_t n, struct sw_buf *dst);

/* [text](url), [text][ref], [![badge](img)](url) and ![image](src) at s. */
static sw_err link(struct md *m, const char *s, size_t n, struct sw_buf *dst, size_t *used)
{
	bool image = s[0] == '!';
	size_t o = image ? 1 : 0;
	size_t cb = o + close_of(s + o, n - o, '[', ']');
	*used = 1;
	if (cb >= n)
		return image ? SW_OK : emit(m, dst, " ", 1);
	size_t end = cb + 1;
	if (end < n && s[end] == '(') {
		size_t cp = end + close_of(s + end, n - end, '(', ')');
		if (cp < n && !image) {
			sw_err e = add_host(m, s + end + 1, cp - end - 1);
			if (e)
				return e;
		}
		end = cp < n ? cp + 1 : n;
	} else if (end < n && s[end] == '[') {
		size_t cr = end + close_of(s + end, n - end, '[', ']');
		end = cr < n ? cr + 1 : n;
	}
	*used = end;
	if (image || (cb > o + 1 && s[o + 1] == '!'))
		return SW_OK; /* an image, or a link around one: a badge */
	bool was = m->plain;
	m->plain = false;
	sw_err e = emit(m, dst, " ", 1);
	if (!e)
		e = inline_text(m, s + o + 1, cb - o - 1, dst);
	if (!e)
		e = emit(m, dst, " ", 1);
	m->plain = was;
	return e;
}

/* The markup at s[i], if any: bytes it takes (0: none, copy the byte). */
static sw_err markup(struct md *m, const char *s, size_t n, struct sw_buf *dst, size_t *used)
{
	*used = 0;
	char c = s[0];
	if (c == '<' && n > 3 && !strncmp(s, "<!--", 4)) {
		m->in_comment = true;
		*used = 4;
	} else if (c == '<' && n > 1 && (isalpha((unsigned char)s[1]) || s[1] == '/')) {
		sw_err e = tag(m, s, n, used);
		if (e || (e = emit(m, dst, " ", 1)))
			return e;
	} else if (c == '[' || (c == '!' && n > 1 && s[1] == '[')) {
		return link(m, s, n, dst, used);
	} else if (c == '`') {
		size_t run = 0;
		while (run < n && s[run] == '`')
			run++;
		const char *close = NULL;
		for (size_t i = run; i + run <= n && !close; i++)
			if (!memcmp(s + i, s, run) && (i + run == n || s[i + run] != '`'))
				close = s + i;
		*used = close ? (size_t)(close - s) + run : run;
		return emit(m, dst, " ", 1);
	} else if (c == '&') {
		size_t k = 1;
		while (k < n && k < 10 && (isalnum((unsigned char)s[k]) || s[k] == '#'))
			k++;
		if (k < n && s[k] == ';')
			*used = k + 1;
	} else if (c == '\\' && n > 1) {
		*used = 1;
	}
	return SW_OK;
}

/* Skip to the end of an open comment or tag; bytes used. */
static size_t skip_open(struct md *m, const char *s, size_t n)
{
	if (m->in_comment) {
		for (size_t i = 0; i + 3 <= n; i++)
			if (!memcmp(s + i, "-->", 3)) {
				m->in_comment = false;
				return i + 3;
			}
		return n;
	}
	const char *gt = memchr(s, '>', n);
	if (!gt)
		return n;
	m->in_tag = false;
	return (size_t)(gt - s) + 1;
}

/* Bytes that may start markup (1) or a bare URL (2). */
static const unsigned char special_start[256] = {['<'] = 1, ['['] = 1, ['!'] = 1, ['`'] = 1, ['&'] = 1,
						 ['\\'] = 1, ['h'] = 2, ['H'] = 2, ['w'] = 2, ['W'] = 2};

/* Whether s[i] may start markup or a bare URL (else it is copied as is). */
static inline bool special_at(const char *s, size_t i)
{
	unsigned char k = special_start[(unsigned char)s[i]];
	if (k != 2)
		return k;
	return i == 0 || !url_char((unsigned char)s[i - 1]) || s[i - 1] == '(';
}

/* A line's text without its markup, appended to dst; the bytes between
 * markup copied a run at a time. */
static sw_err inline_text(struct md *m, const char *s, size_t n, struct sw_buf *dst)
{
	sw_err e = SW_OK;
	size_t i = 0;
	while (i < n && !e) {
		if (m->in_comment || m->in_tag) {
			i += skip_open(m, s + i, n - i);
			continue;
		}
		if (!special_at(s, i)) {
			size_t j = i + 1;
			while (j < n && !special_at(s, j))
				j++;
			e = emit(m, dst, s + i, j - i);
			i = j;
			continue;
		}
		size_t u = url_at(s + i, n - i, true), used = 0;
		if (u) {
			e = add_host(m, s + i, u);
			i += u;
			continue;
		}
		if (!(e = markup(m, s + i, n - i, dst, &used)) && used) {
			i += used;
			continue;
		}
		if (!e)
			e = emit(m, dst, s + i, 1);
		i++;
	}
	return e;
}

/* -------------------------------------------------------------- sections */

/* w in a NULL-terminated list (headings only: a few per README). */
static bool in_list(const char *const *list, const char *w)
{
	for (; *list; list++)
		if (!strcmp(*list, w))
			return true;
	return false;
}

static bool has_any(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strstr(s, *list))
			return true;
	return false;
}

/* The section a heading opens: boilerplate, commands, or body. */
static enum section heading_section(const char *h)
{
	enum section sec = SEC_BODY;
	char w[32];
	size_t wl = 0;
	for (const char *p = h;; p++) {
		if (isalpha((unsigned char)*p)) {
			if (wl < sizeof w - 1)
				w[wl++] = (char)tolower((unsigned char)*p);
			continue;
		}
		w[wl] = '\0';
		if (wl && in_list(drop_words, w))
			return SEC_DROP;
		if (wl && in_list(low_words, w))
			sec = SEC_LOW;
		wl = 0;
		if (!*p)
			break;
	}
	if (has_any(drop_cjk, h))
		return SEC_DROP;
	return sec == SEC_BODY && has_any(low_cjk, h) ? SEC_LOW : sec;
}

/* Licence and copyright notices outside a licence section. */
static bool boilerplate(const char *s)
{
	char low[400];
	size_t k = 0;
	for (; s[k] && k < sizeof low - 1; k++)
		low[k] = (char)tolower((unsigned char)s[k]);
	low[k] = '\0';
	if (strstr(low, "all rights reserved") || strstr(low, "copyright (c)") ||
	    strstr(low, "permission is hereby granted"))
		return true;
	return strstr(low, "licen") && (strstr(low, "licensed under") || strstr(low, "released under") ||
					 strstr(low, "terms of") || strstr(low, "see the") || strstr(low, "see "));
}

static bool has_text(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (classify_ascii_alnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

static sw_err put_piece(struct sw_buf *b, const char *s, size_t n)
{
	sw_err e = sw_buf_append(b, s, n);
	return e ? e : sw_buf_putc(b, '\n');
}

/* The paragraph read so far into its part: the opening paragraph, the
 * body, a "how to run it" section, or nowhere (boilerplate). */
static sw_err flush(struct md *m)
{
	sw_err e = SW_OK;
	struct sw_buf *p = &m->para;
	if (p->len && has_text(p->data, p->len) && m->sec != SEC_DROP && !boilerplate(p->data)) {
		enum classify_md_part part = m->sec == SEC_LOW ? CLASSIFY_MD_LOW : CLASSIFY_MD_BODY;
		if (!m->lead_done && m->sec == SEC_BODY && m->plain_words >= LEAD_MIN_WORDS) {
			part = CLASSIFY_MD_LEAD;
			m->lead_done = true;
		}
		e = put_piece(&m->out->part[part], p->data, p->len);
	}
	sw_buf_reset(p);
	m->last_line = 0;
	m->plain_words = 0;
	return e;
}

/* A heading's text: counted as a heading, and it opens a section. */
static sw_err heading(struct md *m, const char *s, size_t n)
{
	sw_err e = flush(m);
	if (e || (e = inline_text(m, s, n, &m->para)))
		return e;
	if (has_text(m->para.data, m->para.len)) {
		m->sec = heading_section(m->para.data);
		e = put_piece(&m->out->part[CLASSIFY_MD_HEAD], m->para.data, m->para.len);
	}
	sw_buf_reset(&m->para);
	m->plain_words = 0;
	return e;
}

/* ----------------------------------------------------------------- blocks */

/* A fence line (``` or ~~~, 3+): opens or closes a code block. */
static sw_err fence(struct md *m, const char *s, size_t n, bool *is)
{
	size_t k = 0;
	*is = false;
	if (!n || (s[0] != '`' && s[0] != '~'))
		return SW_OK;
	while (k < n && s[k] == s[0])
		k++;
	if (k < 3)
		return SW_OK;
	*is = true;
	if (m->fence) {
		if (s[0] == m->fence && k >= m->fence_len && !has_text(s + k, n - k))
			m->fence = 0;
		return SW_OK;
	}
	sw_err e = flush(m);
	m->fence = s[0];
	m->fence_len = k;
	while (k < n && (s[k] == ' ' || s[k] == '{' || s[k] == '.'))
		k++;
	size_t l = 0;
	while (k + l < n && l < 20 && (isalnum((unsigned char)s[k + l]) || strchr("+-#_", s[k + l])))
		l++;
	for (size_t i = 0; i < l && !e; i++)
		e = sw_buf_putc(&m->out->code, (char)tolower((unsigned char)s[k + i]));
	return e || !l ? e : sw_buf_putc(&m->out->code, '\n');
}

/* A line of one repeated character (=, -, ~, ^, *, _, #, +): a setext or
 * reStructuredText underline, or a thematic break. */
static bool rule_line(const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n < 2 || !strchr("=-~^*_#+", s[0]))
		return false;
	for (size_t i = 1; i < n; i++)
		if (s[i] != s[0] && !(s[0] != '=' && s[i] == ' '))
			return false;
	return true;
}

/* A table row (|-separated): its cells' text into the tables part. */
static sw_err table_row(struct md *m, const char *s, size_t n)
{
	sw_err e = flush(m);
	bool sep = true;
	for (size_t i = 0; i < n && sep; i++)
		sep = strchr("|:- \t", s[i]) != NULL;
	if (e || sep || m->sec == SEC_DROP)
		return e;
	struct sw_buf *t = &m->out->part[CLASSIFY_MD_TABLE];
	size_t at = t->len;
	if ((e = inline_text(m, s, n, t)))
		return e;
	for (size_t i = at; i < t->len; i++)
		if (t->data[i] == '|')
			t->data[i] = ' ';
	return sw_buf_putc(t, '\n');
}

static bool table_line(const char *s, size_t n)
{
	if (n && s[0] == '|')
		return true;
	size_t bars = 0;
	for (size_t i = 0; i < n; i++)
		bars += s[i] == '|';
	return bars >= 2;
}

/* <h1>..<h6> at the start of a line. */
static bool html_heading_open(const char *s, size_t n)
{
	return n >= 3 && s[0] == '<' && (s[1] == 'h' || s[1] == 'H') && s[2] >= '1' && s[2] <= '6' &&
	       (n == 3 || s[3] == '>' || s[3] == ' ');
}

static const char *find_ci(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (!strncasecmp(s + i, needle, k))
			return s + i;
	return NULL;
}

/* A line that is a heading of some kind: handled, *done set. */
static sw_err heading_line(struct md *m, const char *s, size_t n, bool *done)
{
	*done = true;
	size_t h = 0;
	while (h < n && s[h] == '#')
		h++;
	if (h >= 1 && h <= 6 && (h == n || s[h] == ' ' || s[h] == '\t')) {
		while (n > h && (s[n - 1] == '#' || s[n - 1] == ' '))
			n--;
		return heading(m, s + h, n - h);
	}
	if (m->html_heading || html_heading_open(s, n)) {
		m->html_heading = !find_ci(s, n, "</h");
		return heading(m, s, n);
	}
	if (m->para.len && rule_line(s, n)) {
		/* the paragraph's last line is the heading text */
		size_t at = m->last_line;
		char *txt = sw_str_ndup(m->para.data + at, m->para.len - at);
		if (!txt)
			return SW_ENOMEM;
		m->para.len = at;
		m->para.data[at] = '\0';
		sw_err e = heading(m, txt, strlen(txt));
		free(txt);
		return e;
	}
	*done = false;
	return SW_OK;
}

/* Lines that are skipped: link definitions ([x]: url), reStructuredText
 * directives, indented code, horizontal rules. */
static sw_err skipped_line(struct md *m, const char *s, size_t n, size_t indent, bool *done)
{
	*done = true;
	if (n && s[0] == '[') {
		size_t cb = close_of(s, n, '[', ']');
		if (cb + 1 < n && s[cb + 1] == ':')
			return add_host(m, s + cb + 2, n - cb - 2);
	}
	if (n >= 3 && !strncmp(s, ".. ", 3))
		return flush(m);
	if (indent >= 4 && !m->para.len && m->prev_blank)
		return SW_OK; /* code: dropped */
	if (rule_line(s, n))
		return flush(m);
	*done = false;
	return SW_OK;
}

static sw_err line(struct md *m, const char *s, size_t n)
{
	size_t indent = 0;
	while (n && (s[0] == ' ' || s[0] == '\t')) {
		indent += s[0] == '\t' ? 4 : 1;
		s++;
		n--;
	}
	while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	bool done = false;
	sw_err e = SW_OK;
	if (!m->in_comment && !m->in_tag && (e = fence(m, s, n, &done)))
		return e;
	if (done)
		return SW_OK;
	if (m->fence)
		return SW_OK; /* code: dropped */
	if (!n && !m->in_comment && !m->in_tag)
		return flush(m);
	if (!m->in_comment && !m->in_tag) {
		if ((e = heading_line(m, s, n, &done)) || done)
			return e;
		if ((e = skipped_line(m, s, n, indent, &done)) || done)
			return e;
		if (table_line(s, n))
			return table_row(m, s, n);
	}
	if (m->para.len)
		e = sw_buf_putc(&m->para, ' ');
	m->last_line = m->para.len;
	m->plain = true;
	m->in_word = false;
	return e ? e : inline_text(m, s, n, &m->para);
}

sw_err classify_markdown(const char *s, size_t n, struct classify_md *out)
{
	memset(out, 0, sizeof *out);
	const char *nul = memchr(s, '\0', n);
	if (nul)
		n = (size_t)(nul - s); /* text ends at a NUL, as in the store */
	struct md m = {.out = out, .para = SW_BUF_INIT, .plain = true};
	sw_err e = SW_OK;
	size_t pos = 0;
	while (pos < n && !e) {
		const char *eol = memchr(s + pos, '\n', n - pos);
		size_t l = eol ? (size_t)(eol - (s + pos)) : n - pos;
		bool blank = !has_text(s + pos, l);
		e = line(&m, s + pos, l);
		m.prev_blank = blank;
		pos += l + 1;
	}
	if (!e)
		e = flush(&m);
	sw_buf_release(&m.para);
	if (e)
		classify_md_release(out);
	return e;
}
