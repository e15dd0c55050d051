/*
 * read_html.c - one article out of a saved web page.
 *
 * Relies on libxml2's HTML parser for tokenising, error recovery and entity
 * decoding, on utf8_from_charset() (utf8.c) for legacy charsets and on
 * utf8_sanitize() so that the parser only ever sees valid UTF-8.  Everything else - which
 * element holds the story, what is boilerplate, the metadata - is decided
 * here, from structure and from the page's own markup, never from the text
 * of any particular site.
 *
 * The work is three iterative walks over the tree (no recursion, so a
 * pathologically deep page costs memory in libxml2, never our stack):
 *
 *  A. metadata: <meta>, <link>, <title>, <html lang>, the h1 elements;
 *  B. scoring: for every element the bytes of paragraph text and of all
 *     text below it, leaving out subtrees that are boilerplate by tag
 *     (script, nav, ...) or strongly by class/id/role (comments, share,
 *     related, ...).  The story root is then chosen: the <article> with the
 *     most text, else <main>, else the element whose class/id says "story
 *     body" with the most text (the tightest such one), else <body>;
 *  C. extraction below the story root: block elements become lines and
 *     paragraphs, boilerplate subtrees are skipped.
 *
 * Decisions, documented once:
 *  - Title: og:title, else <title>, else twitter:title, else the story's
 *    h1; a " | Site" suffix (or "Site | " prefix) is cut when Site is the
 *    og:site_name / application-name.  With no site name, a title built as
 *    "<h1 text> | X" or "Title | X" where X spells the URL's host names the
 *    site X (the source) and is cut too.
 *  - The h1 that repeats the title is left out of the body (the title is
 *    stored and indexed as its own field); any other h1 stays.
 *  - A <header> or <form>, or an element whose class only weakly suggests
 *    boilerplate (nav, menu, sidebar, footer, tags, ad), is kept when it
 *    holds the page's h1 or at least half of the story's text: such names
 *    also appear on wrappers ("has-sidebar", ASP.NET's page-wide <form>).
 *    Strong cues (comments, share, related, newsletter, cookie, ...) are
 *    dropped unless they hold the h1.
 *  - Line numbers: each body line gets the line of its block element's
 *    start tag as libxml2 records it (for lines after a <br>, the line of
 *    the <br>); libxml2 stops counting at 65535.  Columns are found by
 *    looking for the line's first word in the original bytes on that line,
 *    best effort: 1 when it is not found (entities, other charsets).
 *  - No libxml2 global is touched: the parser context is our own, and
 *    errors are silenced by its options (HTML_PARSE_NOERROR/NOWARNING); the
 *    encoding layer never reports because its input is always valid UTF-8.
 *    Elements' _private fields carry our per-element index during a read;
 *    the document is ours and freed before returning.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "article.h"
#include "readers.h"

#define TITLE_MAX 4096		/* bytes kept of a title or other short field */
#define MAX_H1 16		/* h1 elements remembered for picking the title one */
#define COL_WINDOW 65536	/* bytes searched for a line's column */
#define PRESCAN 4096		/* bytes searched for a <meta charset> */

/* ---- small helpers */

static void set_err(const struct reader_ctx *rc, const char *fmt, ...)
{
	va_list ap;

	if (!rc->err || rc->errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(rc->err, rc->errlen, fmt, ap);
	va_end(ap);
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* ASCII case-insensitive equality (locale-free, unlike strcasecmp). */
static bool ieq(const char *a, const char *b)
{
	while (*a && *b && lower((unsigned char)*a) == lower((unsigned char)*b)) {
		a++;
		b++;
	}
	return *a == '\0' && *b == '\0';
}

static bool is_name(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->name &&
	       strcmp((const char *)n->name, name) == 0;
}

/* The value of attribute name, owned by the document, or NULL. */
static const char *attr(const xmlNode *n, const char *name)
{
	const xmlAttr *a;

	for (a = n->properties; a; a = a->next) {
		if (a->name && strcmp((const char *)a->name, name) == 0) {
			if (a->children && a->children->content)
				return (const char *)a->children->content;
			return "";
		}
	}
	return NULL;
}

static uint32_t line_of(const xmlNode *n)
{
	long l = xmlGetLineNo(n);

	return l > 0 && l <= (long)UINT32_MAX ? (uint32_t)l : 0;
}

/* A growable string that collapses whitespace as it is appended to. */
struct sbuf {
	char *s;
	size_t len, cap, max;	/* max: stop appending at this length */
	bool space;		/* a space is owed before the next word */
	bool oom;
};

static bool sbuf_put(struct sbuf *b, char c)
{
	if (b->len + 2 > b->cap) {
		size_t n = b->cap ? b->cap * 2 : 128;
		char *p;

		if (b->oom || n < b->cap || !(p = realloc(b->s, n))) {
			b->oom = true;
			return false;
		}
		b->s = p;
		b->cap = n;
	}
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
	return true;
}

/* Appends t[0..n) with runs of whitespace (and U+00A0) made one space. */
static void sbuf_add(struct sbuf *b, const char *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];

		/* At max, stop before a character, never inside one. */
		if (b->max && (c < 0x80 || c >= 0xc0)) {
			size_t need = c < 0x80 ? 1 : c >= 0xf0 ? 4 :
				      c >= 0xe0 ? 3 : 2;

			if (b->len + need + (b->space ? 1 : 0) > b->max)
				return;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '\v') {
			b->space = b->len > 0;
			continue;
		}
		if (c == 0xc2 && i + 1 < n && (unsigned char)t[i + 1] == 0xa0) {
			b->space = b->len > 0;
			i++;
			continue;
		}
		if (b->space && !sbuf_put(b, ' '))
			return;
		b->space = false;
		if (!sbuf_put(b, (char)c))
			return;
	}
}

static void sbuf_reset(struct sbuf *b)
{
	b->len = 0;
	b->space = false;
	if (b->s)
		b->s[0] = '\0';
}

/* ---- iterative tree walk */

struct walk_ops {
	/* Returns true to visit n's children. */
	bool (*enter)(void *st, xmlNode *n);
	/* Called after n's children, or at once when enter said no. */
	void (*leave)(void *st, xmlNode *n, bool entered);
	void (*text)(void *st, xmlNode *n);
};

static void walk(xmlNode *root, const struct walk_ops *ops, void *st)
{
	xmlNode *n = root;

	for (;;) {
		bool entered = false;

		if (n->type == XML_ELEMENT_NODE)
			entered = ops->enter(st, n);
		else if ((n->type == XML_TEXT_NODE ||
			  n->type == XML_CDATA_SECTION_NODE) && ops->text)
			ops->text(st, n);
		if (entered && n->children) {
			n = n->children;
			continue;
		}
		for (;;) {
			if (n->type == XML_ELEMENT_NODE && ops->leave)
				ops->leave(st, n, entered);
			entered = true;	/* ancestors were all entered */
			if (n == root)
				return;
			if (n->next) {
				n = n->next;
				break;
			}
			n = n->parent;
			if (!n)
				return;
		}
	}
}

static bool text_enter(void *st, xmlNode *n)
{
	(void)st;
	return !is_name(n, "script") && !is_name(n, "style");
}

static void text_text(void *st, xmlNode *n)
{
	struct sbuf *b = st;

	if (n->content)
		sbuf_add(b, (const char *)n->content,
			 strlen((const char *)n->content));
}

/* The collapsed text of n's subtree, at most TITLE_MAX bytes; malloc'd,
 * caller frees; NULL when empty or out of memory (*oom says which). */
static char *text_of(xmlNode *n, bool *oom)
{
	static const struct walk_ops ops = {text_enter, NULL, text_text};
	struct sbuf b = {0};

	b.max = TITLE_MAX;
	walk(n, &ops, &b);
	if (b.oom)
		*oom = true;
	if (b.oom || b.len == 0) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

/* A copy of an attribute value, whitespace collapsed; NULL when empty. */
static char *clean_value(const char *v, bool *oom)
{
	struct sbuf b = {0};

	if (!v)
		return NULL;
	b.max = TITLE_MAX;
	sbuf_add(&b, v, strlen(v));
	if (b.oom)
		*oom = true;
	if (b.oom || b.len == 0) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

/* ---- element classes */

/* Subtrees that never hold story text. */
static bool tag_is_junk(const char *name)
{
	static const char *const junk[] = {
		"script", "style", "noscript", "template", "svg", "math",
		"iframe", "object", "embed", "canvas", "audio", "video",
		"button", "select", "input", "textarea", "nav", "footer",
		"aside", "figcaption", "head", "title", "meta", "link",
		"dialog", "menu", "map", "frameset", "frame", "datalist",
		"option",
	};
	size_t i;

	for (i = 0; i < sizeof junk / sizeof junk[0]; i++)
		if (strcmp(name, junk[i]) == 0)
			return true;
	return false;
}

/* Block elements: each starts a line and a paragraph. */
static bool tag_is_block(const char *name)
{
	static const char *const block[] = {
		"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd",
		"blockquote", "pre", "div", "section", "article", "main",
		"header", "td", "th", "tr", "table", "caption", "address",
		"figure", "ul", "ol", "dl", "hr", "details", "summary",
		"center", "body", "form", "fieldset", "legend", "tbody",
		"thead", "tfoot",
	};
	size_t i;

	for (i = 0; i < sizeof block / sizeof block[0]; i++)
		if (strcmp(name, block[i]) == 0)
			return true;
	return false;
}

enum {
	CUE_NONE = 0,
	CUE_WEAK = 1,
	CUE_STRONG = 2
};

/*
 * The boilerplate cue of one class/id token (lower case).  Prefixes catch
 * the compounds sites make of them ("commentlist", "sharebar").
 */
static int token_cue(const char *t)
{
	static const char *const strong_prefix[] = {
		"comment", "disqus", "share", "sharing", "social",
		"newsletter", "subscri", "advert", "cookie", "consent",
		"breadcrumb", "related", "recommend", "promo", "sponsor",
		"outbrain", "taboola", "paywall", "popup", "signup",
	};
	static const char *const strong_exact[] = {
		"respond", "reply", "replies", "ad", "ads", "adslot", "gdpr",
		"popular", "trending", "caption", "credit", "credits",
		"modal", "login", "signin", "skip", "print", "sronly",
		"captions", "mostread", "newsletters", "donate", "syndication",
		/* section labels above a headline */
		"kicker", "eyebrow", "overline", "rubrique",
	};
	static const char *const weak_prefix[] = {
		"nav", "menu", "footer", "sidebar", "widget", "toolbar",
		"pagination", "pager", "masthead", "topbar",
	};
	static const char *const weak_exact[] = {
		"tags", "tag", "banner", "aside", "rail", "header", "keywords",
		"topics",
	};
	size_t i;

	for (i = 0; i < sizeof strong_exact / sizeof strong_exact[0]; i++)
		if (strcmp(t, strong_exact[i]) == 0)
			return CUE_STRONG;
	for (i = 0; i < sizeof strong_prefix / sizeof strong_prefix[0]; i++)
		if (strncmp(t, strong_prefix[i], strlen(strong_prefix[i])) == 0)
			return CUE_STRONG;
	for (i = 0; i < sizeof weak_exact / sizeof weak_exact[0]; i++)
		if (strcmp(t, weak_exact[i]) == 0)
			return CUE_WEAK;
	for (i = 0; i < sizeof weak_prefix / sizeof weak_prefix[0]; i++)
		if (strncmp(t, weak_prefix[i], strlen(weak_prefix[i])) == 0)
			return CUE_WEAK;
	return CUE_NONE;
}

/*
 * The strongest cue among the tokens of a class or id value: runs of ASCII
 * letters and digits, also split where a lower-case letter meets a capital
 * ("shareBar").  "sr-only" style pairs are joined and tried too.  Only
 * the first 512 bytes are read: real class lists are short, hostile ones
 * must stay cheap.
 */
static int value_cue(const char *v)
{
	char tok[33], prev[33] = "";
	size_t n = 0;
	int cue = CUE_NONE, c;
	const char *p;

	if (!v)
		return CUE_NONE;
	for (p = v;; p++) {
		unsigned char ch = p - v < 512 ? (unsigned char)*p : 0;
		bool alnum = (ch >= 'a' && ch <= 'z') ||
			     (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
		bool split = n > 0 && ch >= 'A' && ch <= 'Z' &&
			     tok[n - 1] >= 'a' && tok[n - 1] <= 'z';

		if (n > 0 && (!alnum || split)) {
			char pair[66];

			tok[n] = '\0';
			c = token_cue(tok);
			if (c > cue)
				cue = c;
			snprintf(pair, sizeof pair, "%s%s", prev, tok);
			if (prev[0] && (c = token_cue(pair)) > cue &&
			    strlen(pair) <= 12)
				cue = c;
			memcpy(prev, tok, n + 1);
			n = 0;
			if (cue == CUE_STRONG)
				return cue;
		}
		if (!ch)
			break;
		if (alnum && n < sizeof tok - 1)
			tok[n++] = (char)lower(ch);
	}
	return cue;
}

static int role_cue(const char *r)
{
	static const char *const roles[] = {
		"navigation", "complementary", "contentinfo", "banner",
		"search", "dialog", "alertdialog", "menu", "menubar",
		"toolbar", "alert",
	};
	size_t i;

	if (!r)
		return CUE_NONE;
	for (i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (ieq(r, roles[i]))
			return CUE_STRONG;
	return CUE_NONE;
}

/* Hidden from readers: hidden, aria-hidden="true", display:none. */
static bool is_hidden(const xmlNode *n)
{
	const char *s;

	if (attr(n, "hidden"))
		return true;
	s = attr(n, "aria-hidden");
	if (s && ieq(s, "true"))
		return true;
	s = attr(n, "style");
	if (s) {
		char buf[64];
		size_t i, k = 0;

		/* Only the start is looked at: enough for inline "display:none". */
		for (i = 0; s[i] && k < sizeof buf - 1 && i < 256; i++)
			if (s[i] != ' ')
				buf[k++] = (char)lower((unsigned char)s[i]);
		buf[k] = '\0';
		if (strstr(buf, "display:none") || strstr(buf, "visibility:hidden"))
			return true;
	}
	return false;
}

/*
 * How strongly class/id/itemprop say "this is the story body": 2 for the
 * specific names, 1 for a bare "content"/"story"/"article", 0 otherwise.
 */
static int body_hint(const xmlNode *n)
{
	static const char *const specific[] = {
		"articlebody", "storybody", "postcontent", "entrycontent",
		"postbody", "articlecontent", "articletext", "storycontent",
		"storytext", "bodytext", "maincontent", "entrybody",
		"articlemain", "posttext", "richtext", "contentbody",
	};
	static const char *const generic[] = {
		"content", "story", "article", "post", "entry", "text",
	};
	const char *names[] = {attr(n, "class"), attr(n, "id"),
			       attr(n, "itemprop")};
	int best = 0;
	size_t i, k;

	for (i = 0; i < 3; i++) {
		char buf[257], *save = NULL;
		size_t m = 0;
		const char *p;

		if (!names[i])
			continue;
		for (p = names[i]; *p && m < sizeof buf - 1; p++) {
			unsigned char c = (unsigned char)*p;

			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == ' ')
				buf[m++] = (char)lower(c);
		}
		buf[m] = '\0';
		for (k = 0; k < sizeof specific / sizeof specific[0]; k++)
			if (strstr(buf, specific[k]))
				return 2;
		/* Generic words count only as whole class/id tokens. */
		for (p = strtok_r(buf, " ", &save); p;
		     p = strtok_r(NULL, " ", &save))
			for (k = 0; k < sizeof generic / sizeof generic[0]; k++)
				if (strcmp(p, generic[k]) == 0)
					best = 1;
	}
	return best;
}

/* ---- pass A: metadata */

enum meta_key {
	MK_OG_TITLE, MK_TW_TITLE, MK_OG_SITE, MK_APP_NAME, MK_OG_URL,
	MK_ART_PUB, MK_OG_PUB, MK_DATE, MK_PUBDATE, MK_DC_DATE, MK_DATE_MORE,
	MK_ITEMPROP_DATE, MK_AUTHOR, MK_ART_AUTHOR, MK_AUTHOR_MORE,
	MK_DESC, MK_OG_DESC, MK_TW_DESC, MK_CONTENT_LANG, MK_OG_LOCALE,
	MK_COUNT
};

static const struct {
	const char *name;
	enum meta_key key;
} meta_names[] = {
	{"og:title", MK_OG_TITLE},
	{"twitter:title", MK_TW_TITLE},
	{"og:site_name", MK_OG_SITE},
	{"application-name", MK_APP_NAME},
	{"og:url", MK_OG_URL},
	{"article:published_time", MK_ART_PUB},
	{"og:published_time", MK_OG_PUB},
	{"date", MK_DATE},
	{"pubdate", MK_PUBDATE},
	{"dc.date", MK_DC_DATE},
	{"dc.date.issued", MK_DATE_MORE},
	{"dcterms.date", MK_DATE_MORE},
	{"dcterms.issued", MK_DATE_MORE},
	{"dcterms.created", MK_DATE_MORE},
	{"publish-date", MK_DATE_MORE},
	{"publish_date", MK_DATE_MORE},
	{"publication_date", MK_DATE_MORE},
	{"article.published", MK_DATE_MORE},
	{"sailthru.date", MK_DATE_MORE},
	{"parsely-pub-date", MK_DATE_MORE},
	{"author", MK_AUTHOR},
	{"article:author", MK_ART_AUTHOR},
	{"dc.creator", MK_AUTHOR_MORE},
	{"parsely-author", MK_AUTHOR_MORE},
	{"sailthru.author", MK_AUTHOR_MORE},
	{"description", MK_DESC},
	{"og:description", MK_OG_DESC},
	{"twitter:description", MK_TW_DESC},
	{"og:locale", MK_OG_LOCALE},
};

struct meta {
	const char *v[MK_COUNT];	/* owned by the document */
	const char *canonical, *html_lang;
	xmlNode *title_el, *rel_author, *body;
	xmlNode *author_el;		/* itemprop=author or class "author" */
	xmlNode *h1[MAX_H1];
	bool h1_in_story[MAX_H1];
	size_t nh1;
	int story_depth;		/* inside <article>/<main> */
};

static void meta_put(struct meta *m, enum meta_key k, const char *v)
{
	const char *p = v;

	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (*p && !m->v[k])
		m->v[k] = v;
}

static void meta_from_tag(struct meta *m, const xmlNode *n)
{
	const char *content = attr(n, "content");
	const char *keys[2] = {attr(n, "property"), attr(n, "name")};
	const char *s;
	size_t i, k;

	if (!content)
		return;
	for (i = 0; i < 2; i++) {
		if (!keys[i])
			continue;
		for (k = 0; k < sizeof meta_names / sizeof meta_names[0]; k++)
			if (ieq(keys[i], meta_names[k].name))
				meta_put(m, meta_names[k].key, content);
	}
	s = attr(n, "http-equiv");
	if (s && ieq(s, "content-language"))
		meta_put(m, MK_CONTENT_LANG, content);
	s = attr(n, "itemprop");
	if (s && ieq(s, "datePublished"))
		meta_put(m, MK_ITEMPROP_DATE, content);
}

static bool rel_has(const char *rel, const char *word)
{
	char tok[32];
	size_t n = 0;

	for (;; rel++) {
		if (!*rel || *rel == ' ' || *rel == '\t') {
			tok[n] = '\0';
			if (n && ieq(tok, word))
				return true;
			n = 0;
			if (!*rel)
				return false;
		} else if (n < sizeof tok - 1) {
			tok[n++] = *rel;
		}
	}
}

/* Whether a class list holds the word w as a whole token. */
static bool class_has(const char *cls, const char *w)
{
	size_t wl = strlen(w);
	const char *p = cls;

	while (p && (p = strstr(p, w))) {
		bool start = p == cls || p[-1] == ' ' || p[-1] == '\t';
		char end = p[wl];

		if (start && (end == '\0' || end == ' ' || end == '\t'))
			return true;
		p += wl;
	}
	return false;
}

static bool meta_enter(void *st, xmlNode *n)
{
	struct meta *m = st;
	const char *name = (const char *)n->name;
	const char *s;

	if (!m->author_el && (((s = attr(n, "itemprop")) &&
			       ieq(s, "author")) ||
			      ((s = attr(n, "class")) && class_has(s, "author"))))
		m->author_el = n;
	if (strcmp(name, "html") == 0) {
		if (!m->html_lang && (s = attr(n, "lang")) && *s)
			m->html_lang = s;
	} else if (strcmp(name, "body") == 0) {
		if (!m->body)
			m->body = n;
	} else if (strcmp(name, "title") == 0) {
		if (!m->title_el)
			m->title_el = n;
		return false;
	} else if (strcmp(name, "meta") == 0) {
		meta_from_tag(m, n);
	} else if (strcmp(name, "link") == 0 || strcmp(name, "a") == 0) {
		s = attr(n, "rel");
		if (s && rel_has(s, "canonical") && !m->canonical &&
		    (s = attr(n, "href")) && *s)
			m->canonical = s;
		else if (s && rel_has(s, "author") && !m->rel_author &&
			 strcmp(name, "a") == 0)
			m->rel_author = n;
	} else if (strcmp(name, "h1") == 0) {
		if (m->nh1 < MAX_H1) {
			m->h1_in_story[m->nh1] = m->story_depth > 0;
			m->h1[m->nh1++] = n;
		}
	} else if (strcmp(name, "article") == 0 || strcmp(name, "main") == 0) {
		m->story_depth++;
	} else if (strcmp(name, "time") == 0) {
		s = attr(n, "itemprop");
		if (s && ieq(s, "datePublished") && (s = attr(n, "datetime")))
			meta_put(m, MK_ITEMPROP_DATE, s);
	} else if (strcmp(name, "script") == 0 ||
		   strcmp(name, "style") == 0 || strcmp(name, "svg") == 0 ||
		   strcmp(name, "template") == 0 ||
		   strcmp(name, "math") == 0) {
		/* An <svg><title> is no page title. */
		return false;
	}
	return true;
}

static void meta_leave(void *st, xmlNode *n, bool entered)
{
	struct meta *m = st;

	if (entered && (is_name(n, "article") || is_name(n, "main")))
		m->story_depth--;
}

/* ---- pass B: scores and the story root */

enum {
	EF_TAGJUNK = 1,		/* never visited in pass C */
	EF_STRONG = 2,		/* strong boilerplate cue, not holding the h1 */
	EF_WEAK = 4,		/* weak cue, or <header>/<form> */
	EF_HOLDS_H1 = 8
};

struct einfo {
	size_t ptext;		/* bytes of <p> text below, boilerplate left out */
	size_t text;		/* bytes of any text below, the same way */
	unsigned flags;
	int hint;
};

/* Marks an h1 ancestor before pass B assigns indices (a constant's address
 * is a value no index can take). */
static const char h1_mark;

struct score {
	struct einfo *info;
	size_t n, cap;
	int p_depth;		/* inside <p> */
	int junk_depth;		/* inside a strong boilerplate subtree */
	bool oom;
	/* candidates: the best of each kind */
	xmlNode *best_article, *best_main;
	xmlNode **hints;
	size_t nhints, hintcap;
};

static struct einfo *info_of(const struct score *sc, const xmlNode *n)
{
	uintptr_t i = (uintptr_t)n->_private;

	if (i == 0 || i > sc->n || n->_private == (void *)&h1_mark)
		return NULL;
	return &sc->info[i - 1];
}

static bool score_enter(void *st, xmlNode *n)
{
	struct score *sc = st;
	const char *name = (const char *)n->name;
	struct einfo *e;
	int cue;

	if (sc->oom)
		return false;
	if (sc->n == sc->cap) {
		size_t c = sc->cap ? sc->cap * 2 : 256;
		struct einfo *p;

		if (c > SIZE_MAX / sizeof *p ||
		    !(p = realloc(sc->info, c * sizeof *p))) {
			sc->oom = true;
			return false;
		}
		sc->info = p;
		sc->cap = c;
	}
	e = &sc->info[sc->n];
	memset(e, 0, sizeof *e);
	if (n->_private == (void *)&h1_mark)
		e->flags |= EF_HOLDS_H1;
	n->_private = (void *)(uintptr_t)(++sc->n);

	if (tag_is_junk(name) || is_hidden(n)) {
		e->flags |= EF_TAGJUNK;
		return false;
	}
	cue = value_cue(attr(n, "class"));
	if (cue < CUE_STRONG) {
		int c2 = value_cue(attr(n, "id"));

		cue = c2 > cue ? c2 : cue;
	}
	if (cue < CUE_STRONG && role_cue(attr(n, "role")) == CUE_STRONG)
		cue = CUE_STRONG;
	if (cue == CUE_STRONG && !(e->flags & EF_HOLDS_H1))
		e->flags |= EF_STRONG;
	else if (cue != CUE_NONE || strcmp(name, "header") == 0 ||
		 strcmp(name, "form") == 0)
		e->flags |= EF_WEAK;
	if (e->flags & EF_STRONG)
		sc->junk_depth++;
	if (strcmp(name, "p") == 0)
		sc->p_depth++;
	if (!(e->flags & (EF_STRONG | EF_WEAK)))
		e->hint = body_hint(n);
	return true;
}

static void score_text(void *st, xmlNode *n)
{
	struct score *sc = st;
	struct einfo *e;
	size_t len, i, k = 0;
	const char *t = (const char *)n->content;

	if (!t || !n->parent || !(e = info_of(sc, n->parent)))
		return;
	len = strlen(t);
	for (i = 0; i < len; i++)
		if (t[i] != ' ' && t[i] != '\n' && t[i] != '\t' && t[i] != '\r')
			k++;
	e->text += k;
	if (sc->p_depth > 0)
		e->ptext += k;
}

static bool score_better(const struct einfo *a, const struct einfo *b)
{
	return !b || a->ptext > b->ptext ||
	       (a->ptext == b->ptext && a->text > b->text);
}

static void score_leave(void *st, xmlNode *n, bool entered)
{
	struct score *sc = st;
	struct einfo *e = info_of(sc, n), *pe;
	const char *name = (const char *)n->name;

	if (!e)
		return;
	if (entered && strcmp(name, "p") == 0)
		sc->p_depth--;
	if (entered && (e->flags & EF_STRONG))
		sc->junk_depth--;
	if (e->flags & (EF_TAGJUNK | EF_STRONG))
		return;		/* contributes nothing to its ancestors */
	if (n->parent && (pe = info_of(sc, n->parent))) {
		pe->ptext += e->ptext;
		pe->text += e->text;
	}
	if (sc->junk_depth > 0)
		return;
	/* Candidates are complete now that all their children are in.  An
	 * <article> or <main> stays one even with a weak cue in its class
	 * (WordPress writes "tag-..." there); a hinted <div> does not. */
	if (strcmp(name, "article") == 0) {
		if (!sc->best_article ||
		    score_better(e, info_of(sc, sc->best_article)))
			sc->best_article = n;
	} else if (strcmp(name, "main") == 0 ||
		   ((name = attr(n, "role")) && ieq(name, "main"))) {
		if (!sc->best_main ||
		    score_better(e, info_of(sc, sc->best_main)))
			sc->best_main = n;
	} else if (e->hint > 0 && !(e->flags & EF_WEAK)) {
		if (sc->nhints == sc->hintcap) {
			size_t c = sc->hintcap ? sc->hintcap * 2 : 16;
			xmlNode **p;

			if (c > SIZE_MAX / sizeof *p ||
			    !(p = realloc(sc->hints, c * sizeof *p))) {
				sc->oom = true;
				return;
			}
			sc->hints = p;
			sc->hintcap = c;
		}
		sc->hints[sc->nhints++] = n;
	}
}

/* The amount of story in e: paragraph text when the page uses <p>. */
static size_t amount(const struct einfo *e, bool use_p)
{
	return use_p ? e->ptext : e->text;
}

/* Picks the story root (see the top of the file). */
static xmlNode *choose_root(struct score *sc, xmlNode *body)
{
	struct einfo *be = info_of(sc, body), *e;
	bool use_p = be && be->ptext > 0;
	size_t total = be ? amount(be, use_p) : 0, best = 0, i;
	xmlNode *pick = NULL;

	/* A candidate must hold a fair share of the page's text, so that a
	 * list of teaser <article>s does not beat an unmarked story. */
	if (sc->best_article && (e = info_of(sc, sc->best_article)) &&
	    amount(e, use_p) > 0 && amount(e, use_p) * 4 >= total)
		return sc->best_article;
	if (sc->best_main && (e = info_of(sc, sc->best_main)) &&
	    amount(e, use_p) > 0 && amount(e, use_p) * 4 >= total)
		return sc->best_main;
	for (i = 0; i < sc->nhints; i++) {
		e = info_of(sc, sc->hints[i]);
		if (e && amount(e, use_p) > best)
			best = amount(e, use_p);
	}
	if (best == 0 || best * 4 < total)
		return body;
	/* The tightest hinted element that holds most of the best's text. */
	for (i = 0; i < sc->nhints; i++) {
		e = info_of(sc, sc->hints[i]);
		if (!e || amount(e, use_p) * 5 < best * 4)
			continue;
		if (!pick || e->hint > info_of(sc, pick)->hint ||
		    (e->hint == info_of(sc, pick)->hint &&
		     e->text < info_of(sc, pick)->text))
			pick = sc->hints[i];
	}
	return pick ? pick : body;
}

/* ---- pass C: the body */

struct colfind {
	const char *buf;	/* the original bytes, NULL: no columns */
	size_t len;
	uint32_t line;		/* line that starts at line_start */
	size_t line_start, pos;
};

static bool ascii_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* ASCII letters and digits in s[0..n), those of entities left out when
 * asked. */
static size_t count_alnum(const char *s, size_t n, bool entities)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (entities && c == '&') {
			/* "&eacute;", "&#233;": no letter of the text */
			size_t j = i + 1;
			while (j < n && j - i < 12 && s[j] != ';' &&
			       (ascii_alnum((unsigned char)s[j]) || s[j] == '#'))
				j++;
			if (j < n && s[j] == ';') {
				i = j;
				continue;
			}
		}
		k += ascii_alnum(c);
	}
	return k;
}

/*
 * The column where a block's text starts when what comes before its first
 * word (t[0..r), found at buf[i]) is not spelled the same in the source
 * (a quote, an entity): just after the tag before it, if the letters and
 * digits in between are those of t[0..r); else column 1, the block's
 * line and no more (a tag inside that text, "<b>EU</b> rules").
 */
static uint32_t col_back(const struct colfind *cf, size_t i, const char *t,
			 size_t r)
{
	size_t j = i;

	while (j > cf->line_start && cf->buf[j - 1] != '>' &&
	       cf->buf[j - 1] != '<')
		j--;
	if ((j > cf->line_start && cf->buf[j - 1] == '<') ||
	    count_alnum(cf->buf + j, i - j, true) != count_alnum(t, r, false))
		return 1;
	/* the text's leading blanks are not in it */
	while (j < i && (cf->buf[j] == ' ' || cf->buf[j] == '\t'))
		j++;
	return (uint32_t)(j - cf->line_start + 1);
}

/*
 * The byte column of text on source line lineno, found by looking for its
 * first word on that line after the previous find.  Lines are asked for in
 * document order, so the cursor only moves forward: linear overall.
 */
static uint32_t col_find(struct colfind *cf, uint32_t lineno, const char *t,
			 size_t tlen)
{
	size_t i = 0, r, wl = 0, end, lim;
	const char *nl, *hit;
	bool plain = true;

	if (!cf->buf || lineno == 0 || lineno < cf->line)
		return 1;
	while (cf->line < lineno) {
		nl = memchr(cf->buf + cf->line_start, '\n',
			    cf->len - cf->line_start);
		if (!nl)
			return 1;
		cf->line_start = (size_t)(nl - cf->buf) + 1;
		cf->pos = cf->line_start;
		cf->line++;
	}
	/* The first run of 3+ ASCII letters/digits, and whether what comes
	 * before it is plain ASCII that the source spells the same way. */
	while (i < tlen && i < 64) {
		unsigned char c = (unsigned char)t[i];
		bool an = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9');

		if (an) {
			wl = 0;
			while (i + wl < tlen && wl < 24) {
				c = (unsigned char)t[i + wl];
				if (!((c >= 'a' && c <= 'z') ||
				      (c >= 'A' && c <= 'Z') ||
				      (c >= '0' && c <= '9')))
					break;
				wl++;
			}
			if (wl >= 3)
				break;
			i += wl;
			wl = 0;
			continue;
		}
		if (c >= 0x80 || c == '&' || c == '<' || c == '>' ||
		    c == '"' || c == '\'')
			plain = false;
		i++;
	}
	if (wl < 3)
		return 1;
	r = i;
	lim = cf->pos + COL_WINDOW < cf->len ? cf->pos + COL_WINDOW : cf->len;
	nl = memchr(cf->buf + cf->pos, '\n', lim - cf->pos);
	end = nl ? (size_t)(nl - cf->buf) : lim;
	hit = memmem(cf->buf + cf->pos, end - cf->pos, t + r, wl);
	if (!hit)
		return 1;
	cf->pos = (size_t)(hit - cf->buf) + wl;
	i = (size_t)(hit - cf->buf);
	if (plain && i - cf->line_start >= r &&
	    memcmp(cf->buf + i - r, t, r) == 0)
		return (uint32_t)(i - r - cf->line_start + 1);
	return col_back(cf, i, t, r);
}

struct extract {
	struct article *a;
	struct score *sc;
	xmlNode *root, *title_h1;
	size_t root_amount;
	bool use_p;
	struct sbuf line;
	uint32_t line_no, pending_line;
	bool para_owed;
	int pre_depth;
	const char *time_dt;	/* first <time datetime> in the story */
	xmlNode *time_el;	/* first <time> without one */
	struct colfind cf;
	bool oom;
};

static void ex_flush(struct extract *x)
{
	if (x->line.oom)
		x->oom = true;
	if (x->line.len == 0 || x->oom) {
		sbuf_reset(&x->line);
		return;
	}
	if (x->para_owed) {
		if (body_end_paragraph(&x->a->body))
			x->oom = true;
		x->para_owed = false;
	}
	if (body_add_line(&x->a->body, x->line.s, x->line.len, x->line_no,
			  col_find(&x->cf, x->line_no, x->line.s,
				   x->line.len)))
		x->oom = true;
	sbuf_reset(&x->line);
}

static void ex_block_edge(struct extract *x, uint32_t line)
{
	ex_flush(x);
	x->para_owed = true;
	x->pending_line = line;
}

/* Whether pass C leaves out the subtree of n. */
static bool ex_skip(const struct extract *x, const xmlNode *n,
		    const struct einfo *e)
{
	if (n == x->root)
		return false;
	if (!e || (e->flags & EF_TAGJUNK))
		return true;
	if (e->flags & EF_HOLDS_H1)
		return false;
	if (e->flags & EF_STRONG)
		return true;
	if (e->flags & EF_WEAK)
		return amount(e, x->use_p) * 2 < x->root_amount ||
		       x->root_amount == 0;
	return false;
}

static bool ex_enter(void *st, xmlNode *n)
{
	struct extract *x = st;
	const char *name = (const char *)n->name;
	struct einfo *e = info_of(x->sc, n);

	if (x->oom || ex_skip(x, n, e))
		return false;
	if (n == x->title_h1)
		return false;
	if (strcmp(name, "br") == 0) {
		ex_flush(x);
		x->pending_line = line_of(n);
		return false;
	}
	if (strcmp(name, "time") == 0) {
		const char *dt = attr(n, "datetime");

		if (dt && *dt && !x->time_dt)
			x->time_dt = dt;
		else if (!dt && !x->time_el)
			x->time_el = n;
	}
	if (tag_is_block(name)) {
		ex_block_edge(x, line_of(n));
		if (strcmp(name, "pre") == 0)
			x->pre_depth++;
	}
	return true;
}

static void ex_leave(void *st, xmlNode *n, bool entered)
{
	struct extract *x = st;
	const char *name = (const char *)n->name;

	if (!entered || !tag_is_block(name))
		return;
	ex_block_edge(x, 0);
	if (strcmp(name, "pre") == 0)
		x->pre_depth--;
}

static void ex_text(void *st, xmlNode *n)
{
	struct extract *x = st;
	const char *t = (const char *)n->content;
	size_t len, i, start = 0;

	if (!t || x->oom)
		return;
	len = strlen(t);
	for (i = 0; i <= len; i++) {
		/* Inside <pre> a newline ends a line; elsewhere it is a space. */
		if (i < len && !(x->pre_depth > 0 && t[i] == '\n'))
			continue;
		if (x->line.len == 0) {
			uint32_t nl = 0;
			size_t k;

			/* Text that starts on a later line than its tag
			 * ("<p>\n  Text", "<br>\nText") starts there. */
			for (k = start; k < i && (t[k] == ' ' || t[k] == '\n' ||
						  t[k] == '\t' || t[k] == '\r');
			     k++)
				nl += t[k] == '\n';
			sbuf_add(&x->line, t + start, i - start);
			if (x->line.len > 0)
				x->line_no = x->pending_line ?
					     x->pending_line + nl : line_of(n);
		} else {
			sbuf_add(&x->line, t + start, i - start);
		}
		if (i < len) {
			ex_flush(x);
			if (x->pending_line)
				x->pending_line++;
		}
		start = i + 1;
	}
}

/* ---- charset */

static bool ieq_n(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return false;
	return true;
}

/*
 * The charset a page declares in a <meta> among its first PRESCAN bytes
 * (<meta charset=x> or http-equiv content "...; charset=x"), lower case,
 * or "".
 */
static void prescan_charset(const char *buf, size_t len, char out[40])
{
	size_t n = len < PRESCAN ? len : PRESCAN, i, j, k, m;
	const char *end;

	out[0] = '\0';
	for (i = 0; i + 5 <= n; i++) {
		if (!ieq_n(buf + i, "<meta", 5))
			continue;
		end = memchr(buf + i, '>', n - i);
		if (!end)
			return;
		for (j = i + 5; buf + j + 7 <= end; j++) {
			if (!ieq_n(buf + j, "charset", 7))
				continue;
			k = j + 7;
			while (buf + k < end && buf[k] == ' ')
				k++;
			if (buf + k >= end || buf[k] != '=')
				continue;
			k++;
			while (buf + k < end && (buf[k] == ' ' ||
						 buf[k] == '"' ||
						 buf[k] == '\''))
				k++;
			for (m = 0; buf + k < end && m < 39; k++) {
				unsigned char c = (unsigned char)buf[k];

				if (!((c >= 'a' && c <= 'z') ||
				      (c >= 'A' && c <= 'Z') ||
				      (c >= '0' && c <= '9') || c == '-' ||
				      c == '_' || c == '.' || c == ':'))
					break;
				out[m++] = (char)lower(c);
			}
			out[m] = '\0';
			if (m)
				return;
		}
		i = (size_t)(end - buf);
	}
}

/*
 * The page as valid UTF-8 from its BOM or declared charset (when it
 * declares none, UTF-8 if it is valid, else Windows-1252; UTF-8 for one
 * iconv does not know).  malloc'd, caller frees;
 * NULL when out of memory.  *converted: the bytes no longer line up with
 * the original's, so columns cannot be found.
 */
static char *html_to_utf8(const char *buf, size_t len, size_t *outlen,
			  bool *converted)
{
	char cs[40];
	size_t skip;
	char *out;
	bool unknown = false;

	*converted = false;
	if (len >= 2 && (memcmp(buf, "\xFF\xFE", 2) == 0 ||
			 memcmp(buf, "\xFE\xFF", 2) == 0 ||
			 (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)))
		return utf8_decode_text(buf, len, outlen, &skip, converted);
	prescan_charset(buf, len, cs);
	/* Undeclared: UTF-8 when it is, else Windows-1252, as browsers
	 * read a page that is not UTF-8 and says nothing. */
	if (!cs[0])
		return utf8_decode_text(buf, len, outlen, &skip, converted);
	/* A page we could read the declaration of is ASCII-compatible: a
	 * declared UTF-16 is wrong, and is read as UTF-8. */
	if (strncmp(cs, "utf", 3) == 0)
		return utf8_sanitize(buf, len, outlen, NULL);
	out = utf8_from_charset(cs, buf, len, outlen, &unknown);
	if (unknown)
		return utf8_sanitize(buf, len, outlen, NULL);
	/* (an ASCII label over valid UTF-8 is read as it is) */
	*converted = out && (!strstr(cs, "ascii") || !utf8_valid(buf, len));
	return out;
}

/* ---- metadata into fields */

/* Removes " | Site" (or "Site | ") from a title when Site is the site. */
static bool strip_site(char *t, const char *site)
{
	static const char *const seps[] = {
		" | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ",
		" \xc2\xb7 ", " :: ", " : ", " \xe2\x80\xa2 ", " / ",
		" \xc2\xbb ",
	};
	size_t tl = strlen(t), sl = strlen(site), i, pl;

	if (sl == 0)
		return false;
	for (i = 0; i < sizeof seps / sizeof seps[0]; i++) {
		pl = strlen(seps[i]);
		if (tl <= sl + pl)
			continue;
		if (ieq(t + tl - sl, site) &&
		    memcmp(t + tl - sl - pl, seps[i], pl) == 0) {
			t[tl - sl - pl] = '\0';
			return true;
		}
		if (ieq_n(t, site, sl) && memcmp(t + sl, seps[i], pl) == 0) {
			memmove(t, t + sl + pl, tl - sl - pl + 1);
			return true;
		}
	}
	return false;
}

/* The host of a URL, without "www." and a port, lower case; malloc'd,
 * caller frees; NULL when there is none (or out of memory: *oom). */
static char *url_host(const char *url, bool *oom)
{
	const char *p, *q, *at;
	char *h;
	size_t i, n;

	if (!url || !(p = strstr(url, "://")))
		return NULL;
	p += 3;
	q = p + strcspn(p, "/?#");
	at = memchr(p, '@', (size_t)(q - p));
	if (at)
		p = at + 1;
	n = strcspn(p, ":/?#");
	if (p + n > q)
		n = (size_t)(q - p);
	if (n > 4 && ieq_n(p, "www.", 4)) {
		p += 4;
		n -= 4;
	}
	if (n == 0 || n > 253)
		return NULL;
	h = malloc(n + 1);
	if (!h) {
		*oom = true;
		return NULL;
	}
	for (i = 0; i < n; i++)
		h[i] = (char)lower((unsigned char)p[i]);
	h[n] = '\0';
	return h;
}

/* Letters and digits of s, lower case, into out (size cap). */
static void alnum_fold(const char *s, size_t n, char *out, size_t cap)
{
	size_t i, k = 0;

	for (i = 0; i < n && k + 1 < cap; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out[k++] = (char)c;
		else if (c >= 'A' && c <= 'Z')
			out[k++] = (char)(c + 32);
	}
	out[k] = '\0';
}

/*
 * With no site name given: when the title's last " | part" spells the
 * host's name ("Example News" for examplenews.com), that part is the site.
 * Returns the site (malloc'd, caller frees) and cuts it off the title.
 */
static char *site_from_title(char *t, const char *host, bool *oom)
{
	static const char *const seps[] = {
		" | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ",
	};
	char hb[128], sb[128];
	size_t i, hl;
	char *site;

	if (!t || !host)
		return NULL;
	hl = strcspn(host, ".");
	alnum_fold(host, hl, hb, sizeof hb);
	if (strlen(hb) < 3)
		return NULL;
	for (i = 0; i < sizeof seps / sizeof seps[0]; i++) {
		char *p = NULL, *q = t;

		while ((q = strstr(q, seps[i]))) {
			p = q;
			q++;
		}
		if (!p)
			continue;
		alnum_fold(p + strlen(seps[i]), strlen(p + strlen(seps[i])),
			   sb, sizeof sb);
		if (strcmp(sb, hb) != 0 || p == t)
			continue;
		site = strdup(p + strlen(seps[i]));
		if (!site) {
			*oom = true;
			return NULL;
		}
		*p = '\0';
		return site;
	}
	return NULL;
}

/*
 * With no site name given: a title that is the story's h1 plus
 * " | Something" (or "Something | " plus the h1) names the site in that
 * something.  Returns it (malloc'd, caller frees) and cuts the title to the
 * h1; NULL when the title is not built that way.
 */
static char *site_from_h1(char *t, const char *h1, bool *oom)
{
	static const char *const seps[] = {
		" | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ",
		" \xc2\xb7 ", " :: ", " : ", " \xe2\x80\xa2 ", " \xc2\xbb ",
	};
	size_t tl = strlen(t), hl = strlen(h1), i, pl;
	char *site = NULL;

	for (i = 0; i < sizeof seps / sizeof seps[0] && !site; i++) {
		pl = strlen(seps[i]);
		if (tl <= hl + pl)
			continue;
		if (strncmp(t, h1, hl) == 0 &&
		    memcmp(t + hl, seps[i], pl) == 0) {
			site = strdup(t + hl + pl);
			if (site)
				t[hl] = '\0';
		} else if (strcmp(t + tl - hl, h1) == 0 &&
			   memcmp(t + tl - hl - pl, seps[i], pl) == 0) {
			site = strndup(t, tl - hl - pl);
			if (site)
				memmove(t, t + tl - hl, hl + 1);
		} else {
			continue;
		}
		if (!site)
			*oom = true;
	}
	return site;
}

static bool starts_http(const char *s)
{
	return s && (ieq_n(s, "http:", 5) || ieq_n(s, "https:", 6) ||
		     strncmp(s, "//", 2) == 0);
}

/*
 * The name in a byline element: its text without a leading "By", when
 * short enough to be a name list rather than an author's biography.
 * malloc'd, caller frees, or NULL.
 */
static char *byline_name(xmlNode *n, bool *oom)
{
	char *t = text_of(n, oom);
	size_t l;

	if (!t)
		return NULL;
	if (ieq_n(t, "by ", 3))
		memmove(t, t + 3, strlen(t + 3) + 1);
	l = strlen(t);
	if (l == 0 || l > 80) {
		free(t);
		return NULL;
	}
	return t;
}

/* Moves a malloc'd string into an article field (NULL: nothing). */
static void take(char **field, char *s)
{
	if (s && !*field)
		*field = s;
	else
		free(s);
}

/* ---- the reader */

struct html_read {
	char *u8;
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	struct meta m;
	struct score sc;
	struct extract x;
	struct article a;
	char *h1_text;
	bool oom;
};

static void html_read_free(struct html_read *r)
{
	if (r->doc)
		xmlFreeDoc(r->doc);
	if (r->ctxt)
		htmlFreeParserCtxt(r->ctxt);
	free(r->u8);
	free(r->sc.info);
	free(r->sc.hints);
	free(r->x.line.s);
	free(r->h1_text);
	article_clear(&r->a);
}

/* The h1 that titles the story: the one repeating the title, else the
 * first inside <article>/<main>, else the first.  Sets r->h1_text. */
static xmlNode *pick_h1(struct html_read *r, const char *title)
{
	xmlNode *story = NULL, *first = NULL;
	char *story_t = NULL, *first_t = NULL, *t;
	size_t i;

	for (i = 0; i < r->m.nh1; i++) {
		t = text_of(r->m.h1[i], &r->oom);
		if (!t)
			continue;
		if (title && strcmp(t, title) == 0) {
			free(story_t);
			free(first_t);
			r->h1_text = t;
			return r->m.h1[i];
		}
		if (r->m.h1_in_story[i] && !story) {
			story = r->m.h1[i];
			story_t = t;
		} else if (!first) {
			first = r->m.h1[i];
			first_t = t;
		} else {
			free(t);
		}
	}
	if (story) {
		free(first_t);
		r->h1_text = story_t;
		return story;
	}
	r->h1_text = first_t;
	return first;
}

/* Fills the article's metadata fields from what pass A and C found. */
static void html_fill_meta(struct html_read *r, char *title, char *site)
{
	struct meta *m = &r->m;
	struct article *a = &r->a;
	const char *url = NULL, *v;
	char *host;
	size_t i;
	static const enum meta_key date_keys[] = {
		MK_ART_PUB, MK_OG_PUB, MK_DATE, MK_PUBDATE, MK_DC_DATE,
		MK_DATE_MORE, MK_ITEMPROP_DATE,
	};

	if (m->canonical && strstr(m->canonical, "://"))
		url = m->canonical;
	else if (m->v[MK_OG_URL])
		url = m->v[MK_OG_URL];
	else
		url = m->canonical;
	take(&a->url, clean_value(url, &r->oom));

	host = url_host(a->url, &r->oom);
	if (!host && m->v[MK_OG_URL])
		host = url_host(m->v[MK_OG_URL], &r->oom);
	if (!site)
		site = site_from_title(title, host, &r->oom);
	take(&a->title, title);
	take(&a->source, site);
	take(&a->source, host);

	for (i = 0; i < sizeof date_keys / sizeof date_keys[0]; i++)
		take(&a->date, clean_value(m->v[date_keys[i]], &r->oom));
	take(&a->date, clean_value(r->x.time_dt, &r->oom));
	if (!a->date && r->x.time_el)
		take(&a->date, text_of(r->x.time_el, &r->oom));

	take(&a->author, clean_value(m->v[MK_AUTHOR], &r->oom));
	if (!starts_http(m->v[MK_ART_AUTHOR]))
		take(&a->author, clean_value(m->v[MK_ART_AUTHOR], &r->oom));
	if (!a->author && m->rel_author)
		take(&a->author, text_of(m->rel_author, &r->oom));
	take(&a->author, clean_value(m->v[MK_AUTHOR_MORE], &r->oom));
	if (!a->author && m->author_el)
		take(&a->author, byline_name(m->author_el, &r->oom));

	take(&a->lang, clean_value(m->html_lang, &r->oom));
	take(&a->lang, clean_value(m->v[MK_CONTENT_LANG], &r->oom));
	if (!a->lang && (v = m->v[MK_OG_LOCALE])) {
		take(&a->lang, clean_value(v, &r->oom));
		for (i = 0; a->lang && a->lang[i]; i++)
			if (a->lang[i] == '_')
				a->lang[i] = '-';
	}

	take(&a->description, clean_value(m->v[MK_DESC], &r->oom));
	take(&a->description, clean_value(m->v[MK_OG_DESC], &r->oom));
	take(&a->description, clean_value(m->v[MK_TW_DESC], &r->oom));
}

int read_html(const char *buf, size_t len, const struct reader_ctx *rc)
{
	static const struct walk_ops meta_ops = {meta_enter, meta_leave,
						 NULL};
	static const struct walk_ops score_ops = {score_enter, score_leave,
						  score_text};
	static const struct walk_ops ex_ops = {ex_enter, ex_leave, ex_text};
	struct html_read r;
	xmlNode *root, *body, *h1, *p;
	struct einfo *e;
	char *title = NULL, *site = NULL;
	size_t u8len = 0;
	bool converted = false;
	int ret;

	memset(&r, 0, sizeof r);
	if (!buf || len == 0) {
		set_err(rc, "empty HTML document");
		return -1;
	}
	if (len > ARTICLE_MAX_BYTES) {
		set_err(rc, "HTML document too large (%zu bytes, limit %u)",
			len, ARTICLE_MAX_BYTES);
		return -1;
	}
	r.u8 = html_to_utf8(buf, len, &u8len, &converted);
	if (!r.u8)
		goto oom;
	if (u8len > INT_MAX) {
		set_err(rc, "HTML document too large once decoded");
		html_read_free(&r);
		return -1;
	}
	r.ctxt = htmlNewParserCtxt();
	if (!r.ctxt)
		goto oom;
	r.doc = htmlCtxtReadMemory(r.ctxt, r.u8, (int)u8len, NULL, "UTF-8",
				   HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
				   HTML_PARSE_NONET | HTML_PARSE_RECOVER |
				   HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT);
	root = r.doc ? xmlDocGetRootElement(r.doc) : NULL;
	if (!root) {
		set_err(rc, "no HTML elements found");
		html_read_free(&r);
		return -1;
	}

	/* A: metadata, title, the story's h1. */
	walk(root, &meta_ops, &r.m);
	site = clean_value(r.m.v[MK_OG_SITE], &r.oom);
	if (!site)
		site = clean_value(r.m.v[MK_APP_NAME], &r.oom);
	title = clean_value(r.m.v[MK_OG_TITLE], &r.oom);
	if (!title && r.m.title_el)
		title = text_of(r.m.title_el, &r.oom);
	if (!title)
		title = clean_value(r.m.v[MK_TW_TITLE], &r.oom);
	if (title && site)
		strip_site(title, site);
	h1 = pick_h1(&r, title);
	if (!site && title && r.h1_text)
		site = site_from_h1(title, r.h1_text, &r.oom);
	if (!title && r.h1_text)
		title = strdup(r.h1_text);
	if (h1)
		for (p = h1; p && p->type == XML_ELEMENT_NODE; p = p->parent)
			p->_private = (void *)&h1_mark;

	/* B: scores, the story root. */
	walk(root, &score_ops, &r.sc);
	if (r.sc.oom || r.oom)
		goto oom;
	body = r.m.body ? r.m.body : root;
	r.x.root = choose_root(&r.sc, body);
	e = info_of(&r.sc, body);
	r.x.use_p = e && e->ptext > 0;
	e = info_of(&r.sc, r.x.root);
	r.x.root_amount = e ? amount(e, r.x.use_p) : 0;

	/* C: the body. */
	r.x.a = &r.a;
	r.x.sc = &r.sc;
	if (h1 && title && r.h1_text && strcmp(r.h1_text, title) == 0)
		r.x.title_h1 = h1;
	if (!converted) {
		r.x.cf.buf = buf;
		r.x.cf.len = len;
		r.x.cf.line = 1;
		/* an editor shows line 1 without its UTF-8 BOM */
		r.x.cf.line_start = r.x.cf.pos = utf8_bom_len(buf, len);
	}
	walk(r.x.root, &ex_ops, &r.x);
	ex_flush(&r.x);
	if (r.x.oom)
		goto oom;

	html_fill_meta(&r, title, site);
	title = site = NULL;
	if (r.oom)
		goto oom;
	if (!r.a.title && r.a.body.nlines == 0) {
		set_err(rc, "no text found in HTML document");
		html_read_free(&r);
		return -1;
	}
	r.a.format = ARTICLE_FMT_HTML;
	r.a.record = 1;
	r.a.first_line = 1;
	/* The document goes before emit: only the article is needed now. */
	xmlFreeDoc(r.doc);
	r.doc = NULL;
	ret = rc->emit(rc->ctx, &r.a);
	html_read_free(&r);
	return ret;
oom:
	free(title);
	free(site);
	set_err(rc, "out of memory reading HTML");
	html_read_free(&r);
	return -1;
}
