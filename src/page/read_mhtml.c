/*
 * read_mhtml.c — a web page saved as one MIME file (RFC 2557, "MHTML"):
 * Chrome's and Edge's "Webpage, Single File" (.mhtml), Internet Explorer's
 * .mht, and the archivers that write the same.  It holds the page's HTML as
 * the browser had drawn it, its frames' HTML, style sheets and images, each
 * a part of a multipart/related message, most quoted-printable or base64.
 *
 * The HTML parts are decoded and handed to the HTML reader, the page's own
 * (the root part) to be read and each frame's to be put where its <iframe>
 * was: a comment section drawn in a frame (Disqus) is part of the page a
 * reader saw, and of this one.  The URL the page was saved from stands in
 * for a canonical link the page lacks.  Everything else (images, fonts,
 * scripts) is skipped without being decoded.
 *
 * Written here rather than with a MIME library: the little MHTML needs (one
 * level of multipart, two transfer encodings, four headers) is less code
 * than binding GMime and GLib, which DESIGN.md does not name.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page/mime_headers.h"
#include "page/page.h"

#define VALUE_MAX NS_PG_HEADER_MAX
/* A message within a message, at most this deep (Chrome writes one level). */
#define DEPTH_MAX 4
/* Frames kept at most: an ad-laden page has dozens, one of them comments. */
#define FRAMES_MAX 64

typedef struct part {
    const char *head; /* its header block */
    size_t head_len;
    const char *body; /* raw, still encoded */
    size_t len;
    char type[128];    /* media type, lower case, no parameters */
    char charset[64];  /* "" when none */
    char encoding[32]; /* Content-Transfer-Encoding, lower case */
} part;

typedef struct parts {
    part *p; /* every leaf part, in file order */
    size_t n, cap;
} parts;

/* A Content-ID or a "cid:" reference as the bare id: "<frame-1@mhtml.blink>"
 * and "cid:frame-1@mhtml.blink" both give "frame-1@mhtml.blink". */
static void bare_id(char *s)
{
    size_t n = strlen(s), a = 0;
    if (n >= 4 && !strncasecmp(s, "cid:", 4))
        a = 4;
    if (a < n && s[a] == '<')
        a++;
    if (n > a && s[n - 1] == '>')
        n--;
    memmove(s, s + a, n - a);
    s[n - a] = 0;
}

/* -------------------------------------------------------------- MIME */

static int add_part(parts *r, const char *hd, size_t hn, const char *body, size_t len, const char *ctype)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        part *np = realloc(r->p, cap * sizeof *np);
        if (!np)
            return -1;
        r->p = np, r->cap = cap;
    }
    part *p = &r->p[r->n++];
    p->head = hd, p->head_len = hn;
    p->body = body, p->len = len;
    ns_pg_media_type(ctype, p->type, sizeof p->type);
    ns_pg_header_param(ctype, "charset", p->charset, sizeof p->charset);
    char v[VALUE_MAX];
    ns_pg_header(hd, hn, "Content-Transfer-Encoding", v, sizeof v);
    ns_pg_media_type(v, p->encoding, sizeof p->encoding);
    return 0;
}

/* Is d[a..b) the line "--boundary" (or its closing "--boundary--")? */
static int boundary_line(const char *d, size_t a, size_t b, const char *bd, size_t bl)
{
    if (b - a < bl + 2 || d[a] != '-' || d[a + 1] != '-' || memcmp(d + a + 2, bd, bl))
        return 0;
    for (size_t k = a + 2 + bl; k < b; k++) /* then "--", or white space a writer left */
        if (!(d[k] == '-' || d[k] == ' ' || d[k] == '\t' || d[k] == '\r'))
            return 0;
    return 1;
}

static int read_entity(parts *r, const char *d, size_t n, int depth);

/* The parts of a multipart body d[0..n) between its boundary lines (the
 * preamble before the first one left out): a part runs to the line break
 * before the next boundary, and the last one, when a truncated file never
 * closes it, to the end. */
static int read_multipart(parts *r, const char *d, size_t n, const char *bd, int depth)
{
    size_t bl = strlen(bd), start = SIZE_MAX;
    for (size_t i = 0; i < n;) {
        size_t e = ns_pg_line_end(d, n, i);
        if (boundary_line(d, i, e, bd, bl)) {
            if (start != SIZE_MAX) {
                size_t end = i; /* the line break before a boundary is the boundary's */
                if (end > start && d[end - 1] == '\n')
                    end--;
                if (end > start && d[end - 1] == '\r')
                    end--;
                if (read_entity(r, d + start, end - start, depth + 1) < 0)
                    return -1;
            }
            start = SIZE_MAX;
            if (e - i >= bl + 4 && d[i + 2 + bl] == '-' && d[i + 3 + bl] == '-') /* "--boundary--" */
                return 0;
            start = e < n ? e + 1 : n;
        }
        i = e + 1;
    }
    return start != SIZE_MAX && start < n ? read_entity(r, d + start, n - start, depth + 1) : 0;
}

/* One entity (headers, a blank line, a body): a multipart one read part by
 * part, any other kept as a leaf part. */
static int read_entity(parts *r, const char *d, size_t n, int depth)
{
    size_t he = ns_pg_headers_end(d, n);
    char ctype[VALUE_MAX], type[128], bd[256];
    if (!ns_pg_header(d, he, "Content-Type", ctype, sizeof ctype))
        strcpy(ctype, "text/plain");
    ns_pg_media_type(ctype, type, sizeof type);
    if (!strncmp(type, "multipart/", 10) && depth < DEPTH_MAX &&
        ns_pg_header_param(ctype, "boundary", bd, sizeof bd))
        return read_multipart(r, d + he, n - he, bd, depth);
    return add_part(r, d, he, d + he, n - he, ctype);
}

/* ------------------------------------------------------------ decoding */

static int hex_digit(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                  : -1;
}

/* Quoted-printable (RFC 2045 6.7): "=XX" a byte, "=" at a line's end a
 * soft break; an "=" that is neither stays, as mail readers keep it. */
static size_t decode_qp(const char *s, size_t n, char *o)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '=') {
            o[w++] = s[i];
            continue;
        }
        size_t k = i + 1;
        while (k < n && (s[k] == ' ' || s[k] == '\t'))
            k++;
        if (k < n && s[k] == '\r')
            k++;
        if (k >= n || s[k] == '\n') { /* soft line break */
            i = k < n ? k : n;
            continue;
        }
        int hi = i + 2 < n ? hex_digit(s[i + 1]) : -1, lo = i + 2 < n ? hex_digit(s[i + 2]) : -1;
        if (hi >= 0 && lo >= 0) {
            o[w++] = (char)(hi << 4 | lo);
            i += 2;
        } else {
            o[w++] = '=';
        }
    }
    return w;
}

/* Base64 (RFC 2045 6.8): line breaks and any other byte outside the
 * alphabet skipped, "=" ends the data. */
static size_t decode_base64(const char *s, size_t n, char *o)
{
    size_t w = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n && s[i] != '='; i++) {
        char c = s[i];
        int v = c >= 'A' && c <= 'Z'   ? c - 'A'
                : c >= 'a' && c <= 'z' ? c - 'a' + 26
                : c >= '0' && c <= '9' ? c - '0' + 52
                : c == '+' || c == '-' ? 62
                : c == '/' || c == '_' ? 63
                                       : -1;
        if (v < 0)
            continue;
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            o[w++] = (char)(acc >> bits & 0xFF);
        }
    }
    return w;
}

/* The decoded body of part p (malloc'd, NUL-terminated), NULL when out of
 * memory.  7bit, 8bit, binary and encodings unknown are taken as they are. */
static char *decode(const part *p, size_t *out_len)
{
    char *o = malloc(p->len + 1);
    if (!o)
        return NULL;
    size_t n;
    if (!strcmp(p->encoding, "quoted-printable"))
        n = decode_qp(p->body, p->len, o);
    else if (!strcmp(p->encoding, "base64"))
        n = decode_base64(p->body, p->len, o);
    else
        memcpy(o, p->body, n = p->len);
    o[n] = 0;
    *out_len = n;
    return o;
}

static int is_html(const part *p)
{
    return !strcmp(p->type, "text/html") || !strcmp(p->type, "application/xhtml+xml");
}

/* ---------------------------------------------------------------- sniff */

int ns_pg_looks_like_mhtml(const char *d, size_t len)
{
    size_t n = len < 16384 ? len : 16384, i = 0;
    while (i < n && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n'))
        i++;
    d += i, n -= i;
    /* the first line is a header: a name of letters, digits and '-', ':' */
    size_t k = 0;
    while (k < n &&
           (((d[k] | 32) >= 'a' && (d[k] | 32) <= 'z') || (d[k] >= '0' && d[k] <= '9') || d[k] == '-'))
        k++;
    if (k == 0 || k >= n || d[k] != ':')
        return 0;
    size_t he = ns_pg_headers_end(d, n);
    if (he == n && n == 16384)
        return 0; /* a header block that never ends is no message's */
    char v[VALUE_MAX], type[128];
    if (!ns_pg_header(d, he, "Content-Type", v, sizeof v))
        return 0;
    ns_pg_media_type(v, type, sizeof type);
    if (!strcmp(type, "multipart/related"))
        return 1;
    char mv[64]; /* a single-part web archive: MIME-Version and an HTML type */
    return !strcmp(type, "text/html") && ns_pg_header(d, he, "MIME-Version", mv, sizeof mv);
}

/* ----------------------------------------------------------------- read */

/* Header `name` of part p, its Content-ID bare (malloc'd; NULL when out
 * of memory). */
static char *part_header(const part *p, const char *name)
{
    char v[VALUE_MAX];
    ns_pg_header(p->head, p->head_len, name, v, sizeof v);
    if (!strcasecmp(name, "Content-ID"))
        bare_id(v);
    return strdup(v);
}

int ns_pg_read_mhtml(ns_page *p, const char *data, size_t len, const char *name, ns_error *err)
{
    size_t skip = 0;
    while (skip < len &&
           (data[skip] == ' ' || data[skip] == '\t' || data[skip] == '\r' || data[skip] == '\n'))
        skip++;
    data += skip, len -= skip;
    size_t he = ns_pg_headers_end(data, len);
    char ctype[VALUE_MAX], start[VALUE_MAX], saved[VALUE_MAX], bd[256], type[128];
    if (!ns_pg_header(data, he, "Content-Type", ctype, sizeof ctype))
        return ns_fail(err, NS_EINPUT, "%s: MHTML: no Content-Type header in its first %zu bytes", name, he);
    ns_pg_media_type(ctype, type, sizeof type);
    if (!strncmp(type, "multipart/", 10) && !ns_pg_header_param(ctype, "boundary", bd, sizeof bd))
        return ns_fail(err, NS_EINPUT, "%s: MHTML: its Content-Type is multipart but names no boundary",
                       name);
    parts r = {0};
    if (read_entity(&r, data, len, 0) < 0) {
        free(r.p);
        return ns_fail(err, NS_ESYSTEM, "%s: out of memory", name);
    }
    /* the root: the part the "start" parameter names, else the first HTML
     * part (RFC 2387 makes it the first part; Chrome writes it first) */
    const part *root = NULL;
    if (ns_pg_header_param(ctype, "start", start, sizeof start)) {
        bare_id(start);
        for (size_t i = 0; i < r.n && !root; i++) {
            char id[VALUE_MAX];
            ns_pg_header(r.p[i].head, r.p[i].head_len, "Content-ID", id, sizeof id);
            bare_id(id);
            if (is_html(&r.p[i]) && !strcmp(id, start))
                root = &r.p[i];
        }
    }
    for (size_t i = 0; i < r.n && !root; i++)
        if (is_html(&r.p[i]))
            root = &r.p[i];
    if (!root) {
        free(r.p);
        return ns_fail(err, NS_EINPUT, "%s: MHTML: none of its %zu parts is HTML", name, r.n);
    }
    if (!ns_pg_header(data, he, "Snapshot-Content-Location", saved, sizeof saved) &&
        !ns_pg_header(data, he, "Content-Location", saved, sizeof saved))
        ns_pg_header(root->head, root->head_len, "Content-Location", saved, sizeof saved);

    size_t html_len;
    char *html = decode(root, &html_len);
    ns_pg_frame frames[FRAMES_MAX];
    size_t nf = 0;
    int rc = html ? NS_OK : NS_ESYSTEM;
    for (size_t i = 0; i < r.n && rc == NS_OK && nf < FRAMES_MAX; i++) {
        const part *f = &r.p[i];
        if (f == root || !is_html(f))
            continue;
        ns_pg_frame *fr = &frames[nf++];
        *fr = (ns_pg_frame){part_header(f, "Content-ID"), part_header(f, "Content-Location"), NULL, 0,
                            f->charset};
        if (!fr->id || !fr->location || !(fr->html = decode(f, &fr->len)))
            rc = NS_ESYSTEM;
    }
    if (rc == NS_OK)
        rc = ns_pg_read_html_frames(p, html, html_len, root->charset, frames, nf, saved, name, err);
    else
        ns_fail(err, rc, "%s: out of memory", name);
    for (size_t i = 0; i < nf; i++) {
        free((char *)frames[i].id);
        free((char *)frames[i].location);
        free((char *)frames[i].html);
    }
    free(html);
    free(r.p);
    return rc;
}
