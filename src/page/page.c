/*
 * page.c — ns_page_read: format sniffing, dispatch to a reader, the checks
 * every page passes, and the page's own memory.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page/mime_headers.h"
#include "page/page.h"
#include "text/utf8.h"
#include "util/grow.h"

ns_page *ns_pg_new(void)
{
    return calloc(1, sizeof(ns_page));
}

void ns_page_free(ns_page *p)
{
    if (!p)
        return;
    free(p->url);
    free(p->domain);
    free(p->text);
    free(p->paragraphs);
    free(p->comments);
    free(p);
}

int ns_pg_add_paragraph(ns_page *p, size_t *cap, size_t start, size_t end)
{
    if (ns_grow((void **)&p->paragraphs, cap, p->n_paragraphs + 1, sizeof(ns_span)) < 0)
        return NS_ESYSTEM;
    p->paragraphs[p->n_paragraphs++] = (ns_span){(uint32_t)start, (uint32_t)end};
    return NS_OK;
}

int ns_pg_add_comment(ns_page *p, size_t *cap, int has_author, size_t astart, size_t aend, size_t tstart,
                      size_t tend)
{
    if (ns_grow((void **)&p->comments, cap, p->n_comments + 1, sizeof(ns_comment)) < 0)
        return NS_ESYSTEM;
    ns_comment *c = &p->comments[p->n_comments++];
    c->has_author = has_author != 0;
    c->author = has_author ? (ns_span){(uint32_t)astart, (uint32_t)aend} : (ns_span){0, 0};
    c->text = (ns_span){(uint32_t)tstart, (uint32_t)tend};
    return NS_OK;
}

int ns_pg_set_url(ns_page *p, const char *url, size_t n)
{
    size_t a = 0, b = n;
    if (!url)
        return NS_OK;
    ns_pg_trim(url, &a, &b);
    if (a == b)
        return NS_OK;
    free(p->url);
    free(p->domain);
    p->domain = NULL;
    p->url = malloc(b - a + 1);
    if (!p->url)
        return NS_ESYSTEM;
    memcpy(p->url, url + a, b - a);
    p->url[b - a] = 0;
    if (!ns_utf8_valid(p->url, b - a, NULL)) {
        size_t ol, rep;
        char *r = ns_utf8_repair(p->url, b - a, &ol, &rep);
        if (!r)
            return NS_ESYSTEM;
        free(p->url);
        p->url = r;
    }
    p->domain = ns_pg_domain(p->url, strlen(p->url));
    /* NULL domain: no host, or out of memory; the page is fine without it */
    return NS_OK;
}

int ns_page_format_from_name(const char *name)
{
    if (!name)
        return -1;
    if (!strcasecmp(name, "auto"))
        return NS_PAGE_AUTO;
    if (!strcasecmp(name, "text") || !strcasecmp(name, "txt"))
        return NS_PAGE_TEXT;
    if (!strcasecmp(name, "html") || !strcasecmp(name, "htm"))
        return NS_PAGE_HTML;
    if (!strcasecmp(name, "json"))
        return NS_PAGE_JSON;
    if (!strcasecmp(name, "mhtml") || !strcasecmp(name, "mht"))
        return NS_PAGE_MHTML;
    return -1;
}

static size_t skip_space(const char *d, size_t len, size_t i)
{
    for (;;) {
        if (i + 3 <= len && (unsigned char)d[i] == 0xEF && (unsigned char)d[i + 1] == 0xBB &&
            (unsigned char)d[i + 2] == 0xBF) {
            i += 3;
            continue;
        }
        if (i < len && (d[i] == ' ' || (d[i] >= '\t' && d[i] <= '\r'))) {
            i++;
            continue;
        }
        return i;
    }
}

ns_page_format ns_page_sniff(const char *d, size_t len)
{
    size_t i = skip_space(d, len, 0);
    if (i >= len)
        return NS_PAGE_TEXT;
    if (d[i] == '{')
        return NS_PAGE_JSON;
    if (d[i] == '[') { /* an array of objects ("[Updated] Storm ..." is text) */
        size_t j = skip_space(d, len, i + 1);
        return j < len && (d[j] == '{' || d[j] == ']') ? NS_PAGE_JSON : NS_PAGE_TEXT;
    }
    if (d[i] != '<')
        return ns_pg_looks_like_mhtml(d + i, len - i) ? NS_PAGE_MHTML : NS_PAGE_TEXT;
    i++;
    if (i < len && (d[i] == '!' || d[i] == '?')) {
        static const char *const decl[] = {"!doctype", "!--", "?xml", NULL};
        for (const char *const *p = decl; *p; p++) {
            size_t pl = strlen(*p);
            if (len - i >= pl && !strncasecmp(d + i, *p, pl))
                return NS_PAGE_HTML;
        }
        return NS_PAGE_TEXT;
    }
    static const char *const tags[] = {
        "html",   "head",  "body",   "div",    "p",        "article", "section", "main",   "meta",
        "title",  "link",  "script", "style",  "header",   "nav",     "span",    "table",  "h1",
        "h2",     "h3",    "h4",     "h5",     "h6",       "ul",      "ol",      "li",     "a",
        "br",     "img",   "form",   "iframe", "b",        "i",       "em",      "strong", "blockquote",
        "footer", "aside", "figure", "base",   "noscript", "pre",     "font",    "center", "dl",
        "hr",     "tr",    "td",     "svg",    "time",     "small",   "u",       NULL};
    size_t a = i;
    while (i < len && ((d[i] | 32) >= 'a' && (d[i] | 32) <= 'z'))
        i++;
    while (i < len && d[i] >= '0' && d[i] <= '9' && i - a == 1)
        i++; /* h1..h6 */
    if (i == a || i >= len)
        return NS_PAGE_TEXT;
    if (!(d[i] == '>' || d[i] == '/' || d[i] == ' ' || (d[i] >= '\t' && d[i] <= '\r')))
        return NS_PAGE_TEXT;
    for (const char *const *t = tags; *t; t++)
        if (strlen(*t) == i - a && !strncasecmp(d + a, *t, i - a))
            return NS_PAGE_HTML;
    return NS_PAGE_TEXT;
}

static int check_spans(const ns_page *p)
{
#define OK_SPAN(s) ((s).start <= (s).end && (s).end <= p->len)
    if (p->has_title && !OK_SPAN(p->title))
        return 0;
    for (size_t i = 0; i < p->n_paragraphs; i++)
        if (!OK_SPAN(p->paragraphs[i]))
            return 0;
    for (size_t i = 0; i < p->n_comments; i++)
        if (!OK_SPAN(p->comments[i].text) || !OK_SPAN(p->comments[i].author))
            return 0;
    return 1;
#undef OK_SPAN
}

/* A comment that opens by quoting another, e-mail style ("> The council
 * wasted our money …" over the reply), is judged by its own words: its
 * span starts after the quoted lines and the blank ones among them.  A
 * comment that is all quote keeps them.  ">_<" is no quote mark. */
static void skip_quoted_lines(ns_page *p)
{
    for (size_t k = 0; k < p->n_comments; k++) {
        ns_span *sp = &p->comments[k].text;
        size_t i = sp->start, e = sp->end, quoted = 0;
        while (i < e) {
            size_t j = i;
            while (j < e && (p->text[j] == ' ' || p->text[j] == '\t'))
                j++;
            int blank = j == e || p->text[j] == '\n' || p->text[j] == '\r';
            int quote = j < e && p->text[j] == '>' && (j + 1 == e || strchr(" >\r\n", p->text[j + 1]));
            if (!blank && !quote)
                break;
            quoted |= quote;
            size_t le = ns_pg_line_end(p->text, e, i);
            i = le < e ? le + 1 : e;
        }
        if (quoted && i < e)
            sp->start = (uint32_t)i;
    }
}

/* A page saved in front of its article — a consent wall, a paywall, a
 * bot check, an access denied — has that gate's text for its body: it is
 * no article, and the article model judged it as one.  Such a body (at
 * most six paragraphs, a gate's or short ones such as "Reference #18.5f3e",
 * at least one a gate's) is dropped; the text stays in page.text. */
static void drop_gate(ns_page *p)
{
    enum { SHORT = 60 };
    if (!p->n_paragraphs || p->n_paragraphs > 6)
        return;
    int gates = 0;
    for (size_t i = 0; i < p->n_paragraphs; i++) {
        size_t a = p->paragraphs[i].start, n = p->paragraphs[i].end - a;
        if (ns_pg_is_gate(p->text + a, n))
            gates++;
        else if (n > SHORT)
            return;
    }
    if (gates)
        p->n_paragraphs = 0;
}

/* The format an HTTP Content-Type names; AUTO when it names none of them. */
static ns_page_format format_of_type(const char *ctype)
{
    char t[128];
    ns_pg_media_type(ctype, t, sizeof t);
    if (!strcmp(t, "text/html") || !strcmp(t, "application/xhtml+xml"))
        return NS_PAGE_HTML;
    if (!strcmp(t, "application/json") || !strcmp(t, "application/ld+json"))
        return NS_PAGE_JSON;
    if (!strcmp(t, "text/plain"))
        return NS_PAGE_TEXT;
    if (!strcmp(t, "multipart/related") || !strcmp(t, "application/x-mimearchive"))
        return NS_PAGE_MHTML;
    return NS_PAGE_AUTO;
}

static int read_utf8(ns_page **out, const char *data, size_t len, ns_page_format fmt, const char *name,
                     ns_error *err)
{
    /* a page saved with its HTTP response head ("curl -i"): the body is
     * the page, in the format and charset the head names (unless the
     * caller named the format: plain text is read as it is) */
    char ctype[NS_PG_HEADER_MAX], location[NS_PG_HEADER_MAX], charset[64] = "";
    size_t body = fmt == NS_PAGE_TEXT ? 0 : ns_pg_http_head(data, len, ctype, location);
    if (body) {
        data += body, len -= body;
        if (fmt == NS_PAGE_AUTO)
            fmt = format_of_type(ctype);
        ns_pg_header_param(ctype, "charset", charset, sizeof charset);
    }
    if (fmt == NS_PAGE_AUTO)
        fmt = ns_page_sniff(data, len);
    if (fmt != NS_PAGE_TEXT && fmt != NS_PAGE_HTML && fmt != NS_PAGE_JSON && fmt != NS_PAGE_MHTML)
        return ns_fail(err, NS_EUSAGE, "%s: unknown page format %d", name, (int)fmt);

    /* empty or only white space: nothing to read in any format */
    size_t i = 0, l;
    while (i < len && (l = ns_pg_space_at(data + i, len - i)) > 0)
        i += l;
    if (i >= len)
        return ns_fail(err, NS_EINPUT, "%s: empty page", name);

    ns_page *p = ns_pg_new();
    if (!p)
        return ns_fail(err, NS_ESYSTEM, "%s: out of memory", name);
    int rc;
    if (fmt == NS_PAGE_TEXT)
        rc = ns_pg_read_text(p, data, len, name, err);
    else if (fmt == NS_PAGE_JSON)
        rc = ns_pg_read_json(p, data, len, name, err);
    else if (fmt == NS_PAGE_MHTML)
        rc = ns_pg_read_mhtml(p, data, len, name, err);
    else if (body)
        rc = ns_pg_read_html_frames(p, data, len, charset, NULL, 0, location, name, err);
    else
        rc = ns_pg_read_html(p, data, len, name, err);
    if (rc == NS_OK && p->text)
        skip_quoted_lines(p), drop_gate(p);
    if (rc == NS_OK && (!p->text || p->text[p->len] != 0 || !check_spans(p)))
        rc = ns_fail(err, NS_ESYSTEM, "%s: internal error: a page reader broke its spans", name);
    if (rc != NS_OK) {
        if (err->code == NS_OK)
            ns_fail(err, rc, "%s: cannot read page", name);
        ns_page_free(p);
        return rc;
    }
    *out = p;
    return NS_OK;
}

/* A page saved as UTF-16 (Windows' "Unicode" text) says so by its
 * byte-order mark: it is read as its UTF-8, to which its spans then point
 * (page.text), since they cannot point into UTF-16 bytes. */
static int utf16_order(const char *data, size_t len)
{
    if (len < 2)
        return -1;
    unsigned a = (unsigned char)data[0], b = (unsigned char)data[1];
    return a == 0xFF && b == 0xFE ? 0 : a == 0xFE && b == 0xFF ? 1 : -1;
}

int ns_page_read(ns_page **out, const char *data, size_t len, ns_page_format fmt, const char *name,
                 ns_error *err)
{
    ns_error local;
    if (!err)
        err = &local;
    err->code = NS_OK;
    err->msg[0] = 0;
    if (out)
        *out = NULL;
    if (!name)
        name = "page";
    if (!out || (!data && len > 0))
        return ns_fail(err, NS_EUSAGE, "%s: no page to read", name);
    if (!data)
        data = "";
    int big_endian = utf16_order(data, len);
    if (big_endian < 0)
        return read_utf8(out, data, len, fmt, name, err);
    size_t n, replaced;
    char *u8 = ns_utf16_to_utf8(data + 2, len - 2, big_endian, &n, &replaced);
    if (!u8)
        return ns_fail(err, NS_ESYSTEM, "%s: out of memory", name);
    int rc = read_utf8(out, u8, n, fmt, name, err);
    if (rc == NS_OK)
        (*out)->replaced_bytes += replaced;
    free(u8);
    return rc;
}
