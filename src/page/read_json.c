/*
 * read_json.c — a JSON page: {"url", "title", "text", "comments": [{"author",
 * "text"}]}.  Every field may be missing or null; a documented field of the
 * wrong type is an error naming it.  Body paragraphs are the blocks of
 * "text" between blank lines (or its lines, when it has no blank line).
 *
 * Scrapers and CMS exports name the same things differently, so when a
 * documented field is missing (or null) the reader takes the first synonym
 * of a usable type ("headline" for "title", "body"/"content"/"article" for
 * "text", "replies" for "comments", "user"/"username" for "author",
 * "message"/"body" for a comment's "text", ...); a synonym of another type
 * is passed over, never an error.  A body may be an array of paragraphs; a
 * string holding HTML markup is rendered to paragraphs; an author may be an
 * object with a name; replies nested in a comment ("replies", "children")
 * follow it in reading order.  The shapes APIs and scrapers give are read
 * too: pages nested in wrappers, lists wrapped in objects, comments nested
 * in their entries, WordPress's {"rendered": ...} strings, a top-level
 * array (Reddit's thread JSON), trafilatura's comments as one string.
 * docs/page-formats.md lists every name.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page/page.h"
#include "page/text_reader.h"
#include "util/strbuf.h"

static const char *const title_keys[] = {"title", "headline", "heading", "subject", NULL};
static const char *const url_keys[] = {
    "url",    "link",       "permalink", "canonical_url", "canonical", "href",           "pageUrl",
    "source", "source_url", "sourceURL", "permalink_url", "final_url", "canonical_link", NULL};
static const char *const body_keys[] = {
    "text",     "body",       "content",      "article",      "articleBody", "article_body", "article_text",
    "story",    "paragraphs", "content_text", "body_text",    "fulltext",    "full_text",    "selftext",
    "markdown", "message",    "maintext",     "cleaned_text", NULL};
static const char *const comments_keys[] = {
    "comments",      "replies",  "responses", "discussion",  "reader_comments",
    "user_comments", "children", "comment",   "descendants", NULL};
static const char *const author_keys[] = {
    "author",      "user",     "username", "user_name",         "name",         "author_name",
    "authorName",  "by",       "from",     "commenter",         "display_name", "displayName",
    "screen_name", "nickname", "poster",   "authorDisplayName", "account",      NULL};
static const char *const name_keys[] = {"name",     "display_name", "displayName", "full_name",
                                        "fullName", "username",     "user_name",   "screen_name",
                                        "nickname", "login",        "handle",      NULL};
static const char *const ctext_keys[] = {
    "text",         "body",         "content",     "message",      "comment",
    "raw_message",  "comment_text", "commentText", "msg",          "body_text",
    "content_text", "html",         "textDisplay", "textOriginal", NULL};
static const char *const reply_keys[] = {"replies",     "children",       "comments", "responses",
                                         "subcomments", "child_comments", NULL};
/* a page nested in objects: {"article": {"title": ..., "body": ...}} */
static const char *const wrapper_keys[] = {"article", "post",   "story",  "data",   "page",
                                           "item",    "result", "thread", "record", NULL};
/* ... or first in an array: Diffbot's {"objects": [{...}]}, a Reddit
 * listing's {"data": {"children": [{"data": {...}}]}} */
static const char *const page_list_keys[] = {"objects", "children", NULL};
/* a comment nested in an entry of the list: Reddit's {"kind": "t1",
 * "data": {...}}, GraphQL's {"node": {...}}, YouTube's {"snippet":
 * {"topLevelComment": {"snippet": {...}}}}, Bluesky's {"post": {"author":
 * {...}, "record": {"text": ...}}, "replies": [...]} */
static const char *const entry_keys[] = {
    "data", "node", "snippet", "topLevelComment", "comment", "attributes", "post", "record", NULL};

typedef struct jreader {
    ns_pg_builder *b;
    const char *name;
    ns_error *err;
    ns_strbuf tmp; /* a comment's text rendered from markup */
} jreader;

/* Copies a message from jansson keeping it printable ASCII. */
static void clean(char *dst, size_t cap, const char *src)
{
    size_t o = 0;
    for (; *src && o + 1 < cap; src++)
        dst[o++] = ((unsigned char)*src >= 0x20 && (unsigned char)*src < 0x7F) ? *src : '?';
    dst[o] = 0;
}

/* The value of the first key of keys present and not null in obj, and that
 * key's place in the list (0 = the documented name); NULL when none. */
static json_t *first_key(json_t *obj, const char *const *keys, size_t *which)
{
    for (size_t i = 0; keys[i]; i++) {
        json_t *v = json_object_get(obj, keys[i]);
        if (v && !json_is_null(v)) {
            *which = i;
            return v;
        }
    }
    return NULL;
}

/* The first synonym of keys[0] in obj for which ok(v) holds; NULL when none. */
static json_t *synonym(json_t *obj, const char *const *keys, int (*ok)(const json_t *))
{
    for (size_t i = 1; keys[i]; i++) {
        json_t *v = json_object_get(obj, keys[i]);
        if (v && ok(v))
            return v;
    }
    return NULL;
}

/* The documented key (keys[0]) when present, whatever its type (the caller
 * checks it); else the first synonym for which ok(v) holds. */
static json_t *field(json_t *obj, const char *const *keys, int (*ok)(const json_t *), int *documented)
{
    json_t *v = json_object_get(obj, keys[0]);
    *documented = 1;
    if (v && !json_is_null(v))
        return v;
    *documented = 0;
    return synonym(obj, keys, ok);
}

/* WordPress's REST API gives its strings as objects: "title": {"rendered":
 * "Storm&#8217;s path"}.  The string v stands for (*markup set: it is
 * HTML), else v. */
static json_t *rendered(json_t *v, int *markup)
{
    if (!json_is_object(v))
        return v;
    json_t *s = json_object_get(v, "rendered");
    if (!json_is_string(s))
        s = json_object_get(v, "raw");
    if (!json_is_string(s))
        return v;
    if (markup)
        *markup = 1;
    return s;
}

static int is_text(const json_t *v)
{
    return json_is_string(rendered((json_t *)v, NULL));
}

/* A synonym's value that can be a URL ("source" may also name an outlet). */
static int is_url(const json_t *v)
{
    if (!json_is_string(v))
        return 0;
    const char *s = json_string_value(v);
    return (strstr(s, "://") || s[0] == '/' || strchr(s, '.')) && !strchr(s, ' ');
}

/* The list an API wraps in an object: {"data": [...], "total": 2}, and in
 * two: Reddit's {"kind": "Listing", "data": {"children": [...]}}. */
static const char *const list_keys[] = {"data",    "items",    "results",  "comments", "nodes", "list",
                                        "entries", "children", "response", "posts",    "edges", NULL};
enum { LIST_DEPTH = 2 };

/* The array under one of list_keys in v (*key that key); NULL when none. */
static json_t *array_under(json_t *v, const char **key)
{
    for (size_t i = 0; list_keys[i]; i++) {
        json_t *x = json_object_get(v, list_keys[i]);
        if (json_is_array(x)) {
            *key = list_keys[i];
            return x;
        }
    }
    return NULL;
}

/* The array v is or wraps, keys[0..*nk) the keys walked to it; NULL when
 * none. */
static json_t *list_in(json_t *v, const char **keys, int *nk)
{
    *nk = 0;
    if (json_is_array(v))
        return v;
    if (!json_is_object(v))
        return NULL;
    json_t *a = array_under(v, &keys[0]);
    if (a) {
        *nk = 1;
        return a;
    }
    for (size_t i = 0; list_keys[i]; i++) {
        json_t *x = json_object_get(v, list_keys[i]);
        if (json_is_object(x) && (a = array_under(x, &keys[1]))) {
            keys[0] = list_keys[i];
            *nk = 2;
            return a;
        }
    }
    return NULL;
}

/* A list of comments: an array, or an object around one. */
static int is_list(const json_t *v)
{
    const char *k[LIST_DEPTH];
    int n;
    return list_in((json_t *)v, k, &n) != NULL;
}

/* A body: a string, or an array holding strings or {"text": ...} blocks. */
static int is_body(const json_t *v)
{
    if (is_text(v))
        return 1;
    if (!json_is_array(v))
        return 0;
    for (size_t i = 0; i < json_array_size(v); i++) {
        json_t *x = json_array_get(v, i);
        size_t k;
        if (json_is_object(x))
            x = first_key(x, body_keys, &k);
        if (x && json_is_string(x))
            return 1;
    }
    return 0;
}

static int is_author(const json_t *v)
{
    size_t k;
    return json_is_string(v) || (json_is_object(v) && json_is_string(first_key((json_t *)v, name_keys, &k)));
}

/* A copy of s[0..n) with CRLF and CR turned into LF. */
static char *lf(const char *s, size_t n, size_t *out)
{
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\r') {
            d[o++] = '\n';
            if (i + 1 < n && s[i + 1] == '\n')
                i++;
        } else {
            d[o++] = s[i];
        }
    }
    d[o] = 0;
    *out = o;
    return d;
}

/* Splits text[0..n) (CR already turned into LF) into paragraphs. */
static void paragraphs(ns_pg_builder *b, const char *t, size_t n)
{
    int blank_seen = 0, text_seen = 0;
    /* is there a blank line between two text lines? */
    for (size_t i = 0, ls = 0; i <= n; i++) {
        if (i < n && t[i] != '\n')
            continue;
        size_t a = ls, e = i;
        ns_pg_trim(t, &a, &e);
        if (a == e) {
            if (text_seen)
                blank_seen = 1;
        } else if (blank_seen) {
            blank_seen = 2;
            break;
        } else
            text_seen = 1;
        ls = i + 1;
    }
    int by_block = blank_seen == 2;
    size_t ps = 0, pe = 0;
    int open = 0;
    for (size_t i = 0, ls = 0; i <= n; i++) {
        if (i < n && t[i] != '\n')
            continue;
        size_t a = ls, e = i;
        ns_pg_trim(t, &a, &e);
        ls = i + 1;
        if (a == e) {
            if (open)
                ns_pg_builder_paragraph(b, t + ps, pe - ps);
            open = 0;
            continue;
        }
        if (!by_block) {
            ns_pg_builder_paragraph(b, t + a, e - a);
            continue;
        }
        if (!open)
            ps = a;
        pe = e;
        open = 1;
    }
    if (open)
        ns_pg_builder_paragraph(b, t + ps, pe - ps);
}

static int emit_paragraph(const char *s, size_t n, size_t links, void *vb)
{
    (void)links;
    ns_pg_builder_paragraph(vb, s, n);
    return 0;
}

static int emit_line(const char *s, size_t n, size_t links, void *vb)
{
    ns_strbuf *sb = vb;
    (void)links;
    if (sb->n)
        sb_put(sb, "\n", 1);
    sb_put(sb, s, n);
    return 0;
}

#define MD_CUT '\x01'

int ns_pg_text_paragraphs(ns_pg_builder *b, const char *s, size_t n)
{
    if (ns_pg_looks_like_html(s, n))
        return ns_pg_html_fragment(s, n, emit_paragraph, b);
    size_t m;
    char *t = lf(s, n, &m);
    if (!t)
        return NS_ESYSTEM;
    /* Markdown (a scraper's "markdown" field): its marks cut out, since
     * this text is laid out anew (marked first with a control byte, which
     * no page's text needs) */
    if (ns_pgt_unmarkdown(t, m, MD_CUT)) {
        size_t o = 0;
        for (size_t i = 0; i < m; i++)
            if (t[i] != MD_CUT)
                t[o++] = t[i];
        t[o] = 0;
        m = o;
    }
    paragraphs(b, t, m);
    free(t);
    return NS_OK;
}

static int body(jreader *r, json_t *v)
{
    v = rendered(v, NULL);
    if (json_is_string(v))
        return ns_pg_text_paragraphs(r->b, json_string_value(v), json_string_length(v));
    for (size_t i = 0; i < json_array_size(v); i++) {
        json_t *x = json_array_get(v, i);
        size_t k;
        if (json_is_object(x))
            x = first_key(x, body_keys, &k);
        if (x && json_is_string(x) &&
            ns_pg_text_paragraphs(r->b, json_string_value(x), json_string_length(x)) != NS_OK)
            return NS_ESYSTEM;
    }
    return NS_OK;
}

/* ------------------------------------------------------------ comments */

/* "comments"[0].replies[2] — where a comment is, for error messages. */
typedef struct where {
    const struct where *up;
    const char *key;
    size_t index;
} where;

static void path(ns_strbuf *sb, const where *w)
{
    if (w->up) {
        path(sb, w->up);
        sb_printf(sb, ".%s", w->key);
    } else if (w->key) { /* NULL: an entry of an array at the top */
        sb_printf(sb, "\"%s\"", w->key);
    }
    if (w->index != SIZE_MAX) /* SIZE_MAX: an object around the list */
        sb_printf(sb, "[%zu]", w->index);
}

static int bad_type(jreader *r, const where *w, const char *field_name, const char *expected)
{
    ns_strbuf sb = {0};
    path(&sb, w);
    int rc = ns_fail(r->err, sb.oom ? NS_ESYSTEM : NS_EINPUT, "%s: %s%s%s: expected %s", r->name,
                     sb.oom ? "" : sb.p, field_name ? "." : "", field_name ? field_name : "", expected);
    sb_free(&sb);
    return rc;
}

static int comment_list(jreader *r, json_t *list, const where *up, const char *key, int depth, int strict);

/* A comment's text into r->tmp: HTML in the string is read as a fragment,
 * plain text has its line ends made "\n". */
static int comment_text(jreader *r, const char *s, size_t n)
{
    r->tmp.n = 0;
    if (ns_pg_looks_like_html(s, n)) {
        if (ns_pg_html_fragment(s, n, emit_line, &r->tmp) != NS_OK)
            return NS_ESYSTEM;
    } else {
        size_t m;
        char *t = lf(s, n, &m);
        if (!t)
            return NS_ESYSTEM;
        sb_put(&r->tmp, t, m);
        free(t);
    }
    return r->tmp.oom ? NS_ESYSTEM : NS_OK;
}

/* The comments of v, an array or a list an API wraps (read_list's keys
 * walked as where entries), v being at key (index SIZE_MAX: none) under up. */
static int read_list(jreader *r, json_t *v, const where *up, const char *key, size_t index, int depth,
                     int strict)
{
    const char *keys[LIST_DEPTH];
    int nk;
    json_t *list = list_in(v, keys, &nk);
    if (!list)
        return NS_OK;
    if (nk == 0)
        return comment_list(r, list, up, key, depth, strict);
    where w[LIST_DEPTH];
    w[0] = (where){up, key, index};
    if (nk == 2)
        w[1] = (where){&w[0], keys[0], SIZE_MAX};
    return comment_list(r, list, &w[nk - 1], keys[nk - 1], depth, strict);
}

/* One comment at w; strict: in the documented "comments" array, where an
 * entry that is no comment is an error (elsewhere it is passed over: a
 * list of reply ids, say).  *found: it held a comment. */
static int comment_in(jreader *r, json_t *c, const where *w, int depth, int strict, int *found,
                      const char *up_a, size_t up_al);

static int comment(jreader *r, json_t *c, const where *w, int depth, int strict, int *found)
{
    return comment_in(r, c, w, depth, strict, found, NULL, 0);
}

/* comment(), for an entry nested in another whose author (up_a, up_al; NULL:
 * none) is the comment's when the entry names none: Bluesky's "post" has
 * the author, its "record" the text. */
static int comment_in(jreader *r, json_t *c, const where *w, int depth, int strict, int *found,
                      const char *up_a, size_t up_al)
{
    *found = 0;
    if (json_is_null(c) || depth > 200)
        return NS_OK;        /* (jansson's own depth limit comes first) */
    if (json_is_string(c)) { /* a bare comment text */
        if (comment_text(r, json_string_value(c), json_string_length(c)) != NS_OK)
            return NS_ESYSTEM;
        ns_pg_builder_comment(r->b, NULL, 0, r->tmp.p, r->tmp.n);
        *found = 1;
        return NS_OK;
    }
    if (!json_is_object(c))
        return strict ? bad_type(r, w, NULL, "an object") : NS_OK;
    int documented, author_documented;
    const char *a = NULL;
    size_t al = 0;
    json_t *av = field(c, author_keys, is_author, &author_documented);
    if (av && !is_author(av) && !strict) { /* WordPress's "author": 12 (a user id) beside "author_name" */
        av = synonym(c, author_keys, is_author);
        author_documented = 0;
    }
    if (av && json_is_object(av)) {
        /* its first name that is a string and not empty: Bluesky's
         * {"handle": "bernieb.bsky.social", "displayName": ""} */
        json_t *o = av;
        av = NULL;
        for (size_t i = 0; name_keys[i] && !av; i++) {
            json_t *x = json_object_get(o, name_keys[i]);
            if (json_is_string(x) && json_string_length(x) > 0)
                av = x;
        }
    } else if (av && !json_is_string(av)) {
        return bad_type(r, w, "author", "a string or an object with a name");
    }
    if (av) {
        a = json_string_value(av);
        al = json_string_length(av);
    } else if (up_a) {
        a = up_a, al = up_al;
    }
    json_t *tv = rendered(field(c, ctext_keys, is_text, &documented), NULL);
    if (tv && !json_is_string(tv))
        return bad_type(r, w, "text", "a string");
    if (tv) {
        if (comment_text(r, json_string_value(tv), json_string_length(tv)) != NS_OK)
            return NS_ESYSTEM;
        ns_pg_builder_comment(r->b, a, al, r->tmp.p, r->tmp.n);
        *found = 1;
    } else {
        /* no text of its own: the comment may be nested in the entry */
        for (size_t i = 0; entry_keys[i] && !*found; i++) {
            json_t *x = json_object_get(c, entry_keys[i]);
            if (!json_is_object(x))
                continue;
            where in = {w, entry_keys[i], SIZE_MAX};
            int rc = comment_in(r, x, &in, depth + 1, 0, found, a, al);
            if (rc != NS_OK)
                return rc;
        }
        /* {"author": "A", "text": null} is a comment without text; an
         * entry with neither (Reddit's "more" stub, which has a "name") is
         * not, nor are the ids it lists replies */
        if (!*found && a && author_documented) {
            ns_pg_builder_comment(r->b, a, al, NULL, 0);
            *found = 1;
        }
        if (!*found)
            return NS_OK;
    }
    /* its replies, in order, right after it */
    for (size_t i = 0; reply_keys[i]; i++) {
        json_t *rv = json_object_get(c, reply_keys[i]);
        const char *k[LIST_DEPTH];
        int nk;
        json_t *list = list_in(rv, k, &nk);
        if (list && json_array_size(list) > 0)
            return read_list(r, rv, w, reply_keys[i], SIZE_MAX, depth + 1, 0);
    }
    return NS_OK;
}

static int comment_list(jreader *r, json_t *list, const where *up, const char *key, int depth, int strict)
{
    for (size_t i = 0; i < json_array_size(list); i++) {
        where w = {up, key, i};
        int found, rc = comment(r, json_array_get(list, i), &w, depth, strict, &found);
        if (rc != NS_OK)
            return rc;
    }
    return NS_OK;
}

/* ---------------------------------------------------------------- page */

/* A title, or a page's own fields: a title or a body (of any type: a
 * documented one of the wrong type is reported when read). */
static int has_title(json_t *obj)
{
    int documented;
    return field(obj, title_keys, is_text, &documented) != NULL;
}

static int has_page(json_t *obj)
{
    int documented;
    return has_title(obj) || field(obj, body_keys, is_body, &documented) != NULL;
}

enum { PREFIX_MAX = 160, PAGE_DEPTH = 4 };

/* The object that holds the page: obj itself, or one nested in wrappers,
 * its path appended to prefix ("\"objects\"[0].").  Through an array only to
 * an object with a title: a list of comments has none. */
static json_t *page_object(json_t *obj, char *prefix, int depth)
{
    if (has_page(obj) || depth >= PAGE_DEPTH)
        return obj;
    size_t len = strlen(prefix);
    for (size_t i = 0; wrapper_keys[i]; i++) {
        json_t *x = json_object_get(obj, wrapper_keys[i]);
        if (!json_is_object(x) ||
            snprintf(prefix + len, PREFIX_MAX - len, "\"%s\".", wrapper_keys[i]) >= (int)(PREFIX_MAX - len))
            continue;
        json_t *pg = page_object(x, prefix, depth + 1);
        if (has_page(pg))
            return pg;
        prefix[len] = 0;
    }
    for (size_t i = 0; page_list_keys[i]; i++) {
        json_t *x = json_array_get(json_object_get(obj, page_list_keys[i]), 0);
        if (!json_is_object(x) || snprintf(prefix + len, PREFIX_MAX - len, "\"%s\"[0].", page_list_keys[i]) >=
                                      (int)(PREFIX_MAX - len))
            continue;
        json_t *pg = page_object(x, prefix, depth + 1);
        if (has_title(pg))
            return pg;
        prefix[len] = 0;
    }
    return obj;
}

/* A title given as markup (WordPress's "rendered"): its text, entities
 * decoded, lines joined. */
static int markup_title(jreader *r, const char *s, size_t n)
{
    r->tmp.n = 0;
    if (ns_pg_html_fragment(s, n, emit_line, &r->tmp) != NS_OK || r->tmp.oom)
        return NS_ESYSTEM;
    for (size_t i = 0; i < r->tmp.n; i++)
        if (r->tmp.p[i] == '\n')
            r->tmp.p[i] = ' ';
    ns_pg_builder_title(r->b, r->tmp.p, r->tmp.n);
    return NS_OK;
}

/* Title, url and body from obj; prefix names obj in error messages ("" at
 * the top). */
static int page_url(jreader *r, ns_page *p, json_t *obj, const char *prefix)
{
    int documented;
    json_t *v = field(obj, url_keys, is_url, &documented);
    if (v && !json_is_string(v))
        return ns_fail(r->err, NS_EINPUT, "%s: %s\"url\": expected a string", r->name, prefix);
    if (v && ns_pg_set_url(p, json_string_value(v), json_string_length(v)) != NS_OK)
        return ns_fail(r->err, NS_ESYSTEM, "%s: out of memory", r->name);
    return NS_OK;
}

static int page_fields(jreader *r, ns_page *p, json_t *obj, const char *prefix)
{
    int documented, markup = 0, rc = page_url(r, p, obj, prefix);
    if (rc != NS_OK)
        return rc;
    /* a scraper's "metadata" beside the text (Firecrawl's {"markdown",
     * "metadata": {"title", "sourceURL"}}) holds what the page lacks */
    json_t *meta = json_object_get(obj, "metadata"), *v = field(obj, title_keys, is_text, &documented);
    if (json_is_object(meta)) {
        if (!p->url && (rc = page_url(r, p, meta, prefix)) != NS_OK)
            return rc;
        if (!v)
            v = field(meta, title_keys, is_text, &documented);
    }
    v = rendered(v, &markup);
    if (v && !json_is_string(v))
        return ns_fail(r->err, NS_EINPUT, "%s: %s\"title\": expected a string", r->name, prefix);
    if (v && markup && markup_title(r, json_string_value(v), json_string_length(v)) != NS_OK)
        return ns_fail(r->err, NS_ESYSTEM, "%s: out of memory", r->name);
    if (v && !markup)
        ns_pg_builder_title(r->b, json_string_value(v), json_string_length(v));
    v = field(obj, body_keys, is_body, &documented);
    if (v && documented && !is_text(v))
        return ns_fail(r->err, NS_EINPUT, "%s: %s\"text\": expected a string", r->name, prefix);
    if (v && body(r, v) != NS_OK)
        return ns_fail(r->err, NS_ESYSTEM, "%s: out of memory", r->name);
    ns_pg_builder_headline_paragraph(r->b);
    return NS_OK;
}

/* The comments of obj into the page; *seen says whether it had a list of
 * them.  A documented "comments" that is not a list is an error. */
static int comments_of(jreader *r, json_t *obj, const char *prefix, int *seen)
{
    int documented;
    json_t *cs = field(obj, comments_keys, is_list, &documented);
    *seen = 0;
    if (!cs)
        return NS_OK;
    if (documented && json_is_string(cs)) { /* the section's text, as trafilatura gives it */
        *seen = 1;
        return ns_pg_text_comments(r->b, json_string_value(cs), json_string_length(cs));
    }
    if (!is_list(cs))
        return ns_fail(r->err, NS_EINPUT, "%s: %s\"comments\": expected an array", r->name, prefix);
    const char *key = comments_keys[0];
    for (size_t i = 1; !documented && comments_keys[i]; i++)
        if (json_object_get(obj, comments_keys[i]) == cs)
            key = comments_keys[i];
    *seen = 1;
    return read_list(r, cs, NULL, key, SIZE_MAX, 0, documented);
}

/* A top-level array: a page and its comment lists (Reddit's
 * [{"kind": "Listing", ... the post}, {... the comments}]), or comments
 * alone (WordPress's /comments).  The page is the first entry, when it
 * holds an object with a title. */
/* An entry after an array's page that is a page itself: a headline, a
 * body, and a URL or comments of its own.  Replies to a forum post have a
 * "subject" and a body, and are comments. */
static int another_page(json_t *e)
{
    static const char *const headline_keys[] = {"title", "headline", NULL};
    int documented;
    return json_is_object(e) && field(e, headline_keys, is_text, &documented) &&
           field(e, body_keys, is_body, &documented) &&
           (field(e, url_keys, is_text, &documented) || json_object_get(e, "comments"));
}

static int read_array(jreader *r, ns_page *p, json_t *root)
{
    size_t n = json_array_size(root), from = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(root, i);
        if (!json_is_object(e) && !json_is_string(e) && !json_is_null(e))
            return ns_fail(r->err, NS_EINPUT, "%s: [%zu]: expected an object (a page or a comment)", r->name,
                           i);
    }
    json_t *first = json_array_get(root, 0);
    if (json_is_object(first)) {
        char prefix[PREFIX_MAX] = "[0].";
        json_t *pg = page_object(first, prefix, 0);
        if (has_title(pg)) {
            int rc, seen;
            if ((rc = page_fields(r, p, pg, prefix)) != NS_OK ||
                (rc = comments_of(r, pg, prefix, &seen)) != NS_OK)
                return rc;
            from = 1;
        }
    }
    for (size_t i = from; i < n; i++) {
        json_t *e = json_array_get(root, i);
        if (from && another_page(e)) /* its article would be lost, its comments taken for the first's */
            return ns_fail(r->err, NS_EINPUT,
                           "%s: [%zu]: a second page: an array of pages is a batch, read one page a line "
                           "(JSONL)",
                           r->name, i);
        where w = {NULL, NULL, i};
        int rc, found;
        if (is_list(e))
            rc = read_list(r, e, NULL, NULL, i, 0, 0);
        else
            rc = comment(r, e, &w, 0, 0, &found);
        if (rc != NS_OK)
            return rc;
    }
    return NS_OK;
}

/* A page object: its fields (perhaps nested, page_object) and comments from
 * the top first, else from the page's object, else from the first wrapper. */
static int read_object(jreader *r, ns_page *p, json_t *root)
{
    char prefix[PREFIX_MAX] = "";
    json_t *pg = page_object(root, prefix, 0);
    int rc = pg != root ? page_url(r, p, root, "") : NS_OK, seen;
    if (rc == NS_OK)
        rc = page_fields(r, p, pg, prefix);
    if (rc != NS_OK || (rc = comments_of(r, root, "", &seen)) != NS_OK || seen)
        return rc;
    if (pg != root && ((rc = comments_of(r, pg, prefix, &seen)) != NS_OK || seen))
        return rc;
    /* comments in a wrapper on the way down: {"data": {"comments": [...]}}
     * with no page, or {"data": {"story": {the page}, "comments": {...}}} */
    json_t *inner = root;
    prefix[0] = 0;
    for (int depth = 0; depth < PAGE_DEPTH && !seen; depth++) {
        size_t k, len = strlen(prefix);
        inner = first_key(inner, wrapper_keys, &k);
        if (!json_is_object(inner) || inner == pg ||
            snprintf(prefix + len, PREFIX_MAX - len, "\"%s\".", wrapper_keys[k]) >= (int)(PREFIX_MAX - len))
            break;
        if ((rc = comments_of(r, inner, prefix, &seen)) != NS_OK)
            return rc;
    }
    return NS_OK;
}

int ns_pg_read_json(ns_page *p, const char *data, size_t len, const char *name, ns_error *err)
{
    /* a UTF-8 byte-order mark, as Windows tools write it, is ignored (RFC
     * 8259 allows it) */
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        data += 3, len -= 3;
    json_error_t je;
    json_t *root = json_loadb(data, len, 0, &je);
    if (!root) {
        if (json_error_code(&je) == json_error_out_of_memory)
            return ns_fail(err, NS_ESYSTEM, "%s: out of memory", name);
        if (json_error_code(&je) == json_error_end_of_input_expected)
            return ns_fail(err, NS_EINPUT,
                           "%s:%d: column %d: more after the page's JSON (pages one a line are JSONL)", name,
                           je.line, je.column);
        char msg[200];
        clean(msg, sizeof msg, je.text);
        return ns_fail(err, NS_EINPUT, "%s:%d: column %d: malformed JSON: %s", name, je.line, je.column, msg);
    }
    ns_pg_builder b;
    ns_pg_builder_init(&b);
    jreader r = {&b, name, err, {0}};
    int rc;
    if (json_is_object(root))
        rc = read_object(&r, p, root);
    else if (json_is_array(root))
        rc = read_array(&r, p, root);
    else
        rc = ns_fail(err, NS_EINPUT, "%s: expected a JSON object (a page), found a single value", name);
    sb_free(&r.tmp);
    json_decref(root);
    if (rc == NS_OK)
        return ns_pg_builder_finish(&b, p, name, err);
    if (rc == NS_ESYSTEM && err->code == NS_OK)
        ns_fail(err, NS_ESYSTEM, "%s: out of memory", name);
    ns_pg_builder_free(&b);
    return rc;
}
