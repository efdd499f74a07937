/*
 * read_json.c — a JSON page: {"url", "title", "text", "comments": [{"author",
 * "text"}]}.  Every field may be missing or null; a field of the wrong type
 * is an error naming it.  Body paragraphs are the blocks of "text" between
 * blank lines (or its lines, when it has no blank line).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "page/page.h"

/* Copies a message from jansson keeping it printable ASCII. */
static void clean(char *dst, size_t cap, const char *src)
{
    size_t o = 0;
    for (; *src && o + 1 < cap; src++)
        dst[o++] = ((unsigned char)*src >= 0x20 && (unsigned char)*src < 0x7F) ? *src : '?';
    dst[o] = 0;
}

/* A string field: NULL when missing or null; sets *bad on a wrong type. */
static const char *get_str(json_t *obj, const char *key, size_t *n, int *bad)
{
    json_t *v = json_object_get(obj, key);
    *n = 0;
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        *bad = 1;
        return NULL;
    }
    *n = json_string_length(v);
    return json_string_value(v);
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
    int rc = NS_OK, bad = 0;
    ns_pg_builder b;
    ns_pg_builder_init(&b);
    if (!json_is_object(root)) {
        rc = ns_fail(err, NS_EINPUT, "%s: expected a JSON object (a page), found %s", name,
                     json_is_array(root) ? "an array" : "a single value");
        goto out;
    }
    size_t n;
    const char *url = get_str(root, "url", &n, &bad);
    if (bad) {
        rc = ns_fail(err, NS_EINPUT, "%s: \"url\": expected a string", name);
        goto out;
    }
    if (url && ns_pg_set_url(p, url, n) != NS_OK) {
        rc = ns_fail(err, NS_ESYSTEM, "%s: out of memory", name);
        goto out;
    }
    const char *title = get_str(root, "title", &n, &bad);
    if (bad) {
        rc = ns_fail(err, NS_EINPUT, "%s: \"title\": expected a string", name);
        goto out;
    }
    if (title)
        ns_pg_builder_title(&b, title, n);
    const char *text = get_str(root, "text", &n, &bad);
    if (bad) {
        rc = ns_fail(err, NS_EINPUT, "%s: \"text\": expected a string", name);
        goto out;
    }
    if (text) {
        size_t m;
        char *t = lf(text, n, &m);
        if (!t) {
            rc = ns_fail(err, NS_ESYSTEM, "%s: out of memory", name);
            goto out;
        }
        paragraphs(&b, t, m);
        free(t);
    }
    json_t *cs = json_object_get(root, "comments");
    if (cs && !json_is_null(cs)) {
        if (!json_is_array(cs)) {
            rc = ns_fail(err, NS_EINPUT, "%s: \"comments\": expected an array", name);
            goto out;
        }
        for (size_t i = 0; i < json_array_size(cs); i++) {
            json_t *c = json_array_get(cs, i);
            if (json_is_null(c))
                continue;
            if (json_is_string(c)) { /* a bare comment text */
                size_t m;
                char *t = lf(json_string_value(c), json_string_length(c), &m);
                if (!t) {
                    rc = ns_fail(err, NS_ESYSTEM, "%s: out of memory", name);
                    goto out;
                }
                ns_pg_builder_comment(&b, NULL, 0, t, m);
                free(t);
                continue;
            }
            if (!json_is_object(c)) {
                rc = ns_fail(err, NS_EINPUT, "%s: \"comments\"[%zu]: expected an object", name, i);
                goto out;
            }
            size_t al, tl;
            const char *a = get_str(c, "author", &al, &bad);
            if (bad) {
                rc = ns_fail(err, NS_EINPUT, "%s: \"comments\"[%zu].author: expected a string", name, i);
                goto out;
            }
            const char *ct = get_str(c, "text", &tl, &bad);
            if (bad) {
                rc = ns_fail(err, NS_EINPUT, "%s: \"comments\"[%zu].text: expected a string", name, i);
                goto out;
            }
            size_t m = 0;
            char *t = ct ? lf(ct, tl, &m) : NULL;
            if (ct && !t) {
                rc = ns_fail(err, NS_ESYSTEM, "%s: out of memory", name);
                goto out;
            }
            ns_pg_builder_comment(&b, a, al, t, m);
            free(t);
        }
    }
    json_decref(root);
    return ns_pg_builder_finish(&b, p, name, err);
out:
    ns_pg_builder_free(&b);
    json_decref(root);
    return rc;
}
