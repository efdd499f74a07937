/*
 * page_build.c — the canonical text of a JSON or HTML page: the title, then
 * each body paragraph, then for each comment its author, "\n" and its text,
 * all separated by "\n\n".  Readers hand over parts in any order of kinds;
 * the builder trims them, repairs stray invalid UTF-8 and lays them out.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "page/page.h"
#include "util/grow.h"

enum { PART_PARA, PART_COMMENT };

void ns_pg_builder_init(ns_pg_builder *b)
{
    memset(b, 0, sizeof *b);
}

void ns_pg_builder_free(ns_pg_builder *b)
{
    free(b->title);
    free(b->buf);
    free(b->parts);
    memset(b, 0, sizeof *b);
}

/* Appends s[0..n) (repaired when not valid UTF-8) to b->buf; with collapse,
 * every run of white space becomes one ' '.  Returns the offset, or
 * SIZE_MAX when out of memory. */
static size_t append(ns_pg_builder *b, const char *s, size_t n, int collapse)
{
    char *fixed = NULL;
    if (!ns_utf8_valid(s, n, NULL)) {
        size_t rep;
        fixed = ns_utf8_repair(s, n, &n, &rep);
        if (!fixed) {
            b->oom = 1;
            return SIZE_MAX;
        }
        s = fixed;
    }
    if (n > SIZE_MAX / 2 - b->len) {
        free(fixed);
        b->oom = 1;
        return SIZE_MAX;
    }
    if (b->len + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 1024;
        while (nc < b->len + n + 1)
            nc *= 2;
        char *q = realloc(b->buf, nc);
        if (!q) {
            free(fixed);
            b->oom = 1;
            return SIZE_MAX;
        }
        b->buf = q;
        b->cap = nc;
    }
    size_t off = b->len;
    if (!collapse) {
        memcpy(b->buf + b->len, s, n);
        b->len += n;
    } else {
        int sp = 0;
        for (size_t i = 0; i < n;) {
            size_t l = ns_pg_space_at(s + i, n - i);
            if (l > 0 && (s[i] == '\n' || s[i] == '\r' || s[i] == '\t' || s[i] == '\v' || s[i] == '\f' ||
                          s[i] == ' ')) {
                sp = 1;
                i += l;
                continue;
            }
            if (sp)
                b->buf[b->len++] = ' ';
            sp = 0;
            b->buf[b->len++] = s[i++];
        }
    }
    free(fixed);
    return off;
}

static int add_part(ns_pg_builder *b, struct ns_pg_part part)
{
    if (ns_grow((void **)&b->parts, &b->cap_parts, b->n_parts + 1, sizeof *b->parts) < 0) {
        b->oom = 1;
        return -1;
    }
    b->parts[b->n_parts++] = part;
    return 0;
}

static void trimmed(const char **s, size_t *n)
{
    size_t a = 0, e = *n;
    ns_pg_trim(*s, &a, &e);
    *s += a;
    *n = e - a;
}

void ns_pg_builder_title(ns_pg_builder *b, const char *s, size_t n)
{
    if (!s || b->oom)
        return;
    trimmed(&s, &n);
    if (n == 0)
        return;
    size_t mark = b->len;
    size_t off = append(b, s, n, 1);
    if (off == SIZE_MAX)
        return;
    char *t = malloc(b->len - off + 1);
    if (!t) {
        b->oom = 1;
        return;
    }
    memcpy(t, b->buf + off, b->len - off);
    t[b->len - off] = 0;
    free(b->title);
    b->title = t;
    b->title_len = b->len - off;
    b->len = mark;
}

void ns_pg_builder_paragraph(ns_pg_builder *b, const char *s, size_t n)
{
    if (!s || b->oom)
        return;
    trimmed(&s, &n);
    if (n == 0)
        return;
    size_t off = append(b, s, n, 0);
    if (off == SIZE_MAX)
        return;
    add_part(b, (struct ns_pg_part){off, b->len - off, 0, 0, PART_PARA});
}

void ns_pg_builder_comment(ns_pg_builder *b, const char *author, size_t alen, const char *text, size_t tlen)
{
    if (b->oom)
        return;
    if (!author)
        alen = 0;
    if (!text)
        tlen = 0;
    if (alen)
        trimmed(&author, &alen);
    if (tlen)
        trimmed(&text, &tlen);
    if (alen == 0 && tlen == 0)
        return;
    size_t aoff = 0, toff = 0, al = 0;
    if (alen) {
        aoff = append(b, author, alen, 1);
        if (aoff == SIZE_MAX)
            return;
        al = b->len - aoff;
    }
    toff = b->len;
    if (tlen && append(b, text, tlen, 0) == SIZE_MAX)
        return;
    add_part(b, (struct ns_pg_part){toff, b->len - toff, aoff, al, PART_COMMENT});
}

/* Whether paragraph text s[0..n) equals the title t[0..tn) once runs of
 * white space are one space (the title's already are); *rest: the bytes
 * of t left over when s covers only its start. */
static int same_words(const char *s, size_t n, const char *t, size_t tn, size_t *rest)
{
    size_t i = 0, j = 0;
    while (i < n && j < tn) {
        size_t l = ns_pg_space_at(s + i, n - i);
        if (l) {
            if (t[j] != ' ')
                return 0;
            i += l, j++;
            continue;
        }
        if (s[i] != t[j])
            return 0;
        i++, j++;
    }
    *rest = tn - j;
    return i == n;
}

void ns_pg_builder_headline_paragraph(ns_pg_builder *b)
{
    static const char *const seps[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", NULL};
    if (!b->title || b->oom)
        return;
    size_t k = 0;
    while (k < b->n_parts && b->parts[k].kind != PART_PARA)
        k++;
    if (k == b->n_parts)
        return;
    const struct ns_pg_part *q = &b->parts[k];
    size_t rest;
    if (!same_words(b->buf + q->off, q->len, b->title, b->title_len, &rest) || rest == 0)
        return;
    int sep = 0;
    for (const char *const *x = seps; *x && !sep; x++)
        sep = rest > strlen(*x) && !strncmp(b->title + b->title_len - rest, *x, strlen(*x));
    if (!sep)
        return;
    b->title_len -= rest;
    b->title[b->title_len] = 0;
    memmove(b->parts + k, b->parts + k + 1, (b->n_parts - k - 1) * sizeof *b->parts);
    b->n_parts--;
}

int ns_pg_builder_finish(ns_pg_builder *b, ns_page *p, const char *name, ns_error *err)
{
    if (b->oom) {
        ns_pg_builder_free(b);
        return ns_fail(err, NS_ESYSTEM, "%s: out of memory", name);
    }
    size_t total = b->title_len, n_par = 0, n_com = 0, parts = b->title ? 1 : 0;
    for (size_t i = 0; i < b->n_parts; i++) {
        const struct ns_pg_part *q = &b->parts[i];
        total += q->len + (q->kind == PART_COMMENT && q->alen ? q->alen + 1 : 0);
        if (q->kind == PART_PARA)
            n_par++;
        else
            n_com++;
        parts++;
    }
    if (parts > 1)
        total += 2 * (parts - 1);
    if (total > UINT32_MAX) {
        ns_pg_builder_free(b);
        return ns_fail(err, NS_EINPUT, "%s: page text over 4 GiB", name);
    }
    p->text = malloc(total + 1);
    p->paragraphs = n_par ? malloc(n_par * sizeof *p->paragraphs) : NULL;
    p->comments = n_com ? malloc(n_com * sizeof *p->comments) : NULL;
    if (!p->text || (n_par && !p->paragraphs) || (n_com && !p->comments)) {
        ns_pg_builder_free(b);
        return ns_fail(err, NS_ESYSTEM, "%s: out of memory", name);
    }
    char *t = p->text;
    size_t o = 0;
    if (b->title) {
        memcpy(t, b->title, b->title_len);
        p->title = (ns_span){0, (uint32_t)b->title_len};
        p->has_title = 1;
        o = b->title_len;
    }
    for (int kind = PART_PARA; kind <= PART_COMMENT; kind++) {
        for (size_t i = 0; i < b->n_parts; i++) {
            const struct ns_pg_part *q = &b->parts[i];
            if (q->kind != kind)
                continue;
            if (o > 0) {
                t[o++] = '\n';
                t[o++] = '\n';
            }
            if (kind == PART_PARA) {
                memcpy(t + o, b->buf + q->off, q->len);
                p->paragraphs[p->n_paragraphs++] = (ns_span){(uint32_t)o, (uint32_t)(o + q->len)};
                o += q->len;
                continue;
            }
            ns_comment *c = &p->comments[p->n_comments++];
            c->has_author = q->alen > 0;
            c->author = (ns_span){0, 0};
            if (q->alen) {
                memcpy(t + o, b->buf + q->aoff, q->alen);
                c->author = (ns_span){(uint32_t)o, (uint32_t)(o + q->alen)};
                o += q->alen;
                t[o++] = '\n';
            }
            memcpy(t + o, b->buf + q->off, q->len);
            c->text = (ns_span){(uint32_t)o, (uint32_t)(o + q->len)};
            o += q->len;
        }
    }
    t[o] = 0;
    p->len = o;
    ns_pg_builder_free(b);
    return NS_OK;
}
