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
 * follow it in reading order.  docs/page-formats.md lists every name.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page/page.h"
#include "util/strbuf.h"

static const char *const title_keys[] = {"title", "headline", "heading", "subject", NULL};
static const char *const url_keys[] = {"url",       "link", "permalink", "canonical_url",
                                       "canonical", "href", NULL};
static const char *const body_keys[] = {
    "text",  "body",       "content",      "article",   "articleBody", "article_body", "article_text",
    "story", "paragraphs", "content_text", "body_text", "fulltext",    "full_text",    NULL};
static const char *const comments_keys[] = {"comments",   "replies",         "responses",
                                            "discussion", "reader_comments", "user_comments",
                                            "children",   "comment",         NULL};
static const char *const author_keys[] = {
    "author", "user",      "username",     "user_name",   "name",        "author_name", "authorName", "by",
    "from",   "commenter", "display_name", "displayName", "screen_name", "nickname",    "poster",     NULL};
static const char *const name_keys[] = {"name",     "display_name", "displayName", "full_name",
                                        "fullName", "username",     "user_name",   "screen_name",
                                        "nickname", "login",        "handle",      NULL};
static const char *const ctext_keys[] = {
    "text",        "body", "content",   "message",      "comment", "raw_message", "comment_text",
    "commentText", "msg",  "body_text", "content_text", "html",    NULL};
static const char *const reply_keys[] = {"replies",     "children",       "comments", "responses",
                                         "subcomments", "child_comments", NULL};
/* a page nested one level down: {"article": {"title": ..., "body": ...}} */
static const char *const wrapper_keys[] = {"article", "post", "story",  "data",
                                           "page",    "item", "result", NULL};

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

/* The documented key (keys[0]) when present, whatever its type (the caller
 * checks it); else the first synonym for which ok(v) holds. */
static json_t *field(json_t *obj, const char *const *keys, int (*ok)(const json_t *), int *documented)
{
    json_t *v = json_object_get(obj, keys[0]);
    *documented = 1;
    if (v && !json_is_null(v))
        return v;
    *documented = 0;
    for (size_t i = 1; keys[i]; i++) {
        v = json_object_get(obj, keys[i]);
        if (v && ok(v))
            return v;
    }
    return NULL;
}

static int is_string(const json_t *v)
{
    return json_is_string(v);
}

/* The list an API wraps in an object: {"data": [...], "total": 2}. */
static const char *const list_keys[] = {"data",  "items", "results", "comments",
                                        "nodes", "list",  "entries", NULL};

/* A list of comments: an array, or an object around one. */
static int is_list(const json_t *v)
{
    size_t k;
    return json_is_array(v) || (json_is_object(v) && json_is_array(first_key((json_t *)v, list_keys, &k)));
}

/* A body: a string, or an array holding strings or {"text": ...} blocks. */
static int is_body(const json_t *v)
{
    if (json_is_string(v))
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

int ns_pg_text_paragraphs(ns_pg_builder *b, const char *s, size_t n)
{
    if (ns_pg_looks_like_html(s, n))
        return ns_pg_html_fragment(s, n, emit_paragraph, b);
    size_t m;
    char *t = lf(s, n, &m);
    if (!t)
        return NS_ESYSTEM;
    paragraphs(b, t, m);
    free(t);
    return NS_OK;
}

static int body(jreader *r, json_t *v)
{
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
    } else {
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

/* One comment at w; strict: in the documented "comments" array, where an
 * entry that is no comment is an error (elsewhere it is passed over: a
 * list of reply ids, say). */
static int comment(jreader *r, json_t *c, const where *w, int depth, int strict)
{
    if (json_is_null(c))
        return NS_OK;
    if (json_is_string(c)) { /* a bare comment text */
        if (comment_text(r, json_string_value(c), json_string_length(c)) != NS_OK)
            return NS_ESYSTEM;
        ns_pg_builder_comment(r->b, NULL, 0, r->tmp.p, r->tmp.n);
        return NS_OK;
    }
    if (!json_is_object(c))
        return strict ? bad_type(r, w, NULL, "an object") : NS_OK;
    int documented;
    const char *a = NULL;
    size_t al = 0;
    json_t *av = field(c, author_keys, is_author, &documented);
    if (av && json_is_object(av)) {
        size_t k;
        av = first_key(av, name_keys, &k);
        if (av && !json_is_string(av))
            av = NULL;
    } else if (av && !json_is_string(av)) {
        return bad_type(r, w, "author", "a string or an object with a name");
    }
    if (av) {
        a = json_string_value(av);
        al = json_string_length(av);
    }
    json_t *tv = field(c, ctext_keys, is_string, &documented);
    if (tv && !json_is_string(tv))
        return bad_type(r, w, "text", "a string");
    r->tmp.n = 0;
    if (tv && comment_text(r, json_string_value(tv), json_string_length(tv)) != NS_OK)
        return NS_ESYSTEM;
    ns_pg_builder_comment(r->b, a, al, tv ? r->tmp.p : NULL, r->tmp.n);
    /* its replies, in order, right after it */
    for (size_t i = 0; reply_keys[i]; i++) {
        json_t *rv = json_object_get(c, reply_keys[i]);
        if (rv && json_is_array(rv) && json_array_size(rv) > 0)
            return comment_list(r, rv, w, reply_keys[i], depth + 1, 0);
    }
    return NS_OK;
}

static int comment_list(jreader *r, json_t *list, const where *up, const char *key, int depth, int strict)
{
    if (depth > 200)
        return NS_OK; /* (jansson's own depth limit comes first) */
    for (size_t i = 0; i < json_array_size(list); i++) {
        where w = {up, key, i};
        int rc = comment(r, json_array_get(list, i), &w, depth, strict);
        if (rc != NS_OK)
            return rc;
    }
    return NS_OK;
}

/* ---------------------------------------------------------------- page */

/* Title, url and body from obj; prefix names obj in error messages ("" at
 * the top).  *found says whether a title or a body was there. */
static int page_fields(jreader *r, ns_page *p, json_t *obj, const char *prefix, int *found)
{
    int documented;
    *found = 0;
    json_t *v = field(obj, url_keys, is_string, &documented);
    if (v && !json_is_string(v))
        return ns_fail(r->err, NS_EINPUT, "%s: %s\"url\": expected a string", r->name, prefix);
    if (v && ns_pg_set_url(p, json_string_value(v), json_string_length(v)) != NS_OK)
        return ns_fail(r->err, NS_ESYSTEM, "%s: out of memory", r->name);
    v = field(obj, title_keys, is_string, &documented);
    if (v && !json_is_string(v))
        return ns_fail(r->err, NS_EINPUT, "%s: %s\"title\": expected a string", r->name, prefix);
    if (v) {
        ns_pg_builder_title(r->b, json_string_value(v), json_string_length(v));
        *found = 1;
    }
    v = field(obj, body_keys, is_body, &documented);
    if (v && documented && !json_is_string(v))
        return ns_fail(r->err, NS_EINPUT, "%s: %s\"text\": expected a string", r->name, prefix);
    if (v) {
        if (body(r, v) != NS_OK)
            return ns_fail(r->err, NS_ESYSTEM, "%s: out of memory", r->name);
        *found = 1;
    }
    return NS_OK;
}

/* The comments array of obj: NULL when none; *rc set on a wrong type.
 * *list_key names the list inside an object around it, else NULL. */
static json_t *comments_of(jreader *r, json_t *obj, const char *prefix, const char **key,
                           const char **list_key, int *rc)
{
    int documented;
    json_t *cs = field(obj, comments_keys, is_list, &documented);
    *rc = NS_OK;
    *key = comments_keys[0];
    *list_key = NULL;
    json_t *outer = cs;
    if (cs && json_is_object(cs)) {
        size_t k;
        json_t *list = first_key(cs, list_keys, &k);
        if (list && json_is_array(list)) {
            cs = list;
            *list_key = list_keys[k];
        }
    }
    if (cs && !json_is_array(cs)) {
        *rc = ns_fail(r->err, NS_EINPUT, "%s: %s\"comments\": expected an array", r->name, prefix);
        return NULL;
    }
    if (cs && !documented)
        for (size_t i = 1; comments_keys[i]; i++)
            if (json_object_get(obj, comments_keys[i]) == outer)
                *key = comments_keys[i];
    return cs;
}

int ns_pg_read_json(ns_page *p, const char *data, size_t len, const char *name, ns_error *err)
{
    json_error_t je;
    json_t *root = json_loadb(data, len, 0, &je);
    if (!root) {
        if (json_error_code(&je) == json_error_out_of_memory)
            return ns_fail(err, NS_ESYSTEM, "%s: out of memory", name);
        char msg[200];
        clean(msg, sizeof msg, je.text);
        return ns_fail(err, NS_EINPUT, "%s:%d: column %d: malformed JSON: %s", name, je.line, je.column, msg);
    }
    int rc = NS_OK, found = 0;
    ns_pg_builder b;
    ns_pg_builder_init(&b);
    jreader r = {&b, name, err, {0}};
    if (!json_is_object(root)) {
        rc = ns_fail(err, NS_EINPUT, "%s: expected a JSON object (a page), found %s", name,
                     json_is_array(root) ? "an array" : "a single value");
        goto out;
    }
    if ((rc = page_fields(&r, p, root, "", &found)) != NS_OK)
        goto out;
    json_t *inner = NULL;
    char prefix[32] = "";
    if (!found) {
        size_t k;
        json_t *w = first_key(root, wrapper_keys, &k);
        if (w && json_is_object(w)) {
            snprintf(prefix, sizeof prefix, "\"%s\".", wrapper_keys[k]);
            inner = w;
            if ((rc = page_fields(&r, p, w, prefix, &found)) != NS_OK)
                goto out;
        }
    }
    const char *key, *list_key;
    json_t *cs = comments_of(&r, root, "", &key, &list_key, &rc);
    if (rc != NS_OK)
        goto out;
    if (!cs && inner) {
        cs = comments_of(&r, inner, prefix, &key, &list_key, &rc);
        if (rc != NS_OK)
            goto out;
    }
    where around = {NULL, key, SIZE_MAX};
    if (cs && (rc = list_key ? comment_list(&r, cs, &around, list_key, 0, key == comments_keys[0])
                             : comment_list(&r, cs, NULL, key, 0, key == comments_keys[0])) != NS_OK)
        goto out;
    sb_free(&r.tmp);
    json_decref(root);
    return ns_pg_builder_finish(&b, p, name, err);
out:
    if (rc == NS_ESYSTEM && err->code == NS_OK)
        ns_fail(err, NS_ESYSTEM, "%s: out of memory", name);
    sb_free(&r.tmp);
    ns_pg_builder_free(&b);
    json_decref(root);
    return rc;
}
