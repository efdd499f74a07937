/*
 * read_html.c — an HTML page: libxml2's forgiving HTML parser, then
 *   - url from <link rel=canonical> or og:url, else the Wayback Machine's
 *     note of the URL it copied, else the JSON-LD article's url;
 *   - the title (html_title.c);
 *   - the article text by readability-style scoring: every paragraph of 25+
 *     characters scores 1 + its commas + one per 100 characters (at most 3)
 *     for its parent, half for its grandparent, less further up; class and id
 *     hints (article, content, entry ... / nav, share, ad, comment ...) and
 *     the tag add to a container's score, link density takes from it; the
 *     best container and its good siblings give the paragraphs;
 *   - the comments: which elements they are (html_marks.c), then each one's
 *     author and text (html_comments.c).
 * libxml2 prints nothing: its error handlers are silenced around each parse
 * (they are per thread, so concurrent readers do not disturb each other).
 */
#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page/page.h"
#include "text/utf8.h"
#include "util/grow.h"
#include "util/strbuf.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static void init_libxml(void)
{
    xmlInitParser();
}

static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}
static void quiet_structured(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
}

/* ---------------------------------------------------------------- parse */

/* The document of src[0..n) in encoding enc, with libxml2 kept quiet; NULL
 * with *oom set when out of memory. */
static htmlDocPtr parse(const char *src, size_t n, const char *enc, int *oom)
{
    pthread_once(&init_once, init_libxml);
    xmlGenericErrorFunc old_generic = xmlGenericError;
    void *old_generic_ctx = xmlGenericErrorContext;
    xmlStructuredErrorFunc old_structured = xmlStructuredError;
    void *old_structured_ctx = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(NULL, quiet);
    xmlSetStructuredErrorFunc(NULL, quiet_structured);
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    htmlDocPtr doc = NULL;
    if (ctxt) {
        ctxt->sax->error = quiet;
        ctxt->sax->warning = quiet;
        int opts = (int)HTML_PARSE_RECOVER | (int)HTML_PARSE_NOERROR | (int)HTML_PARSE_NOWARNING |
                   (int)HTML_PARSE_NONET | (int)XML_PARSE_HUGE;
        doc = htmlCtxtReadMemory(ctxt, src, (int)n, NULL, enc, opts);
    }
    *oom = !ctxt || (!doc && ctxt->errNo == XML_ERR_NO_MEMORY);
    if (ctxt)
        htmlFreeParserCtxt(ctxt);
    xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
    xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
    return doc;
}

/* A string that starts with a tag the format sniffer knows, or holds a
 * paragraph or line-break tag: "<p>One.</p><p>Two.</p>", "One.<br>Two.".
 * "<P>" alone in text with blank lines between its paragraphs is a wire
 * story's ticker ("Philips Petroleum <P> gained 3/4"), not markup. */
int ns_pg_looks_like_html(const char *s, size_t n)
{
    if (ns_page_sniff(s, n) == NS_PAGE_HTML)
        return 1;
    int upper_p = 0;
    for (size_t i = 0; i + 3 < n; i++) {
        if (s[i] != '<')
            continue;
        const char *t = s + i + 1;
        size_t r = n - i - 1;
        if ((r >= 3 && !strncasecmp(t, "/p>", 3)) || (r >= 2 && !strncmp(t, "p>", 2)) ||
            (r >= 3 && !strncasecmp(t, "br>", 3)) || (r >= 4 && !strncasecmp(t, "br/>", 4)) ||
            (r >= 4 && !strncasecmp(t, "br /", 4)))
            return 1;
        upper_p |= r >= 2 && !strncmp(t, "P>", 2);
    }
    return upper_p && !memmem(s, n, "\n\n", 2);
}

int ns_pg_html_fragment(const char *s, size_t n, ns_pg_emit_fn emit, void *ctx)
{
    if (n > INT_MAX)
        return NS_OK;
    int oom;
    htmlDocPtr doc = parse(s, n, "UTF-8", &oom);
    if (oom) {
        xmlFreeDoc(doc);
        return NS_ESYSTEM;
    }
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    ns_pg_dom d = {0};
    int rc = NS_OK;
    if (root) {
        rc = ns_pg_dom_index(&d, root);
        if (rc == NS_OK)
            rc = ns_pg_dom_render(&d, root, NULL, emit, ctx);
    }
    ns_pg_dom_free(&d);
    xmlFreeDoc(doc);
    return rc;
}

/* ------------------------------------------------------------ encoding */

/* The charset a page declares in its first bytes ("<meta charset=...>"),
 * or "" when none. */
static void declared_charset(const char *d, size_t len, char *out, size_t cap)
{
    out[0] = 0;
    size_t lim = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 7 < lim; i++) {
        if (strncasecmp(d + i, "charset", 7))
            continue;
        size_t k = i + 7;
        while (k < lim && (d[k] == ' ' || d[k] == '=' || d[k] == '"' || d[k] == '\''))
            k++;
        size_t o = 0;
        while (k < lim && o + 1 < cap &&
               (((d[k] | 32) >= 'a' && (d[k] | 32) <= 'z') || (d[k] >= '0' && d[k] <= '9') || d[k] == '-' ||
                d[k] == '_' || d[k] == '.' || d[k] == ':'))
            out[o++] = d[k++];
        out[o] = 0;
        if (o)
            return;
    }
}

/* The bytes to parse and their encoding.  Well-formed UTF-8 is parsed as
 * UTF-8 whatever the page declares; otherwise a declared single-byte
 * charset libxml2 knows is used; a page that declares none and holds no
 * multi-byte UTF-8 is windows-1252; else the bytes are repaired to UTF-8.
 * A page that declares no charset takes hint's (NULL: none), if any.
 * NUL bytes become spaces.  *owned is what to free. */
static const char *prepare(const char *data, size_t len, const char *hint, size_t *out_len, const char **enc,
                           char **owned, size_t *replaced, char *cs, size_t cs_cap)
{
    *owned = NULL;
    *replaced = 0;
    *enc = "UTF-8";
    const char *src = data;
    size_t n = len;
    if (!ns_utf8_valid(data, len, NULL)) {
        declared_charset(data, len, cs, cs_cap);
        if (!cs[0] && hint && strlen(hint) < cs_cap) /* the transport's word: a MIME part's charset */
            strcpy(cs, hint);
        xmlCharEncodingHandlerPtr h = cs[0] ? xmlFindCharEncodingHandler(cs) : NULL;
        int single = h && strncasecmp(cs, "utf", 3) && strncasecmp(cs, "ucs", 3) && !strcasestr(cs, "16") &&
                     !strcasestr(cs, "32");
        if (h)
            xmlCharEncCloseFunc(h);
        if (single) {
            *enc = cs;
        } else if (!cs[0] && !ns_utf8_has_multibyte(data, len)) {
            /* undeclared, and not a single UTF-8 letter beyond ASCII: a
             * legacy page whose charset was in an HTTP header the scrape
             * did not keep; browsers read it as windows-1252 */
            *enc = "windows-1252";
        } else {
            char *r = ns_utf8_repair(data, len, &n, replaced);
            if (!r)
                return NULL;
            *owned = r;
            src = r;
        }
    }
    if (memchr(src, 0, n)) {
        if (!*owned) {
            char *c = malloc(n + 1);
            if (!c)
                return NULL;
            memcpy(c, src, n);
            c[n] = 0;
            *owned = c;
        }
        for (size_t i = 0; i < n; i++)
            if ((*owned)[i] == 0)
                (*owned)[i] = ' ';
        src = *owned;
    }
    *out_len = n;
    return src;
}

/* ---------------------------------------------------------- head facts */

typedef struct facts {
    char *og_title, *title, *canonical, *og_url, *site;
    char *archived; /* the Wayback Machine's note of the URL it copied */
    /* the page's JSON-LD scripts, read only when their article is wanted
     * (no og:title, or no body in the markup): ld_article */
    xmlNode **ld;
    size_t n_ld, cap_ld;
    int ld_read;
    char *ld_headline, *ld_body, *ld_url;
    json_t *ld_comments; /* the article's "comment" (schema.org Comment objects) */
} facts;

/* Keeps v (malloc'd) in *slot unless the slot is full or v is blank. */
static void take(char **slot, char *v)
{
    if (*slot || !v) {
        free(v);
        return;
    }
    size_t a = 0, e = strlen(v);
    ns_pg_trim(v, &a, &e);
    if (e == a) {
        free(v);
        return;
    }
    *slot = v;
}

static char *content_of(xmlNode *n)
{
    xmlChar *c = xmlNodeGetContent(n);
    char *r = c ? strdup((const char *)c) : NULL;
    xmlFree(c);
    return r;
}

/* The object under v (depth first, a few levels down, @graph included)
 * with an articleBody string: the JSON-LD of a NewsArticle. */
static json_t *find_article(json_t *v, int depth)
{
    if (depth > 4)
        return NULL;
    if (json_is_object(v)) {
        if (json_is_string(json_object_get(v, "articleBody")))
            return v;
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x)
        {
            json_t *a = find_article(x, depth + 1);
            if (a)
                return a;
        }
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            json_t *a = find_article(json_array_get(v, i), depth + 1);
            if (a)
                return a;
        }
    }
    return NULL;
}

/* The headline and body of the first JSON-LD script holding an article,
 * into f, once (broken JSON is passed over, as a browser would). */
static void ld_article(facts *f)
{
    for (size_t i = 0; i < f->n_ld && !f->ld_read; i++) {
        char *c = content_of(f->ld[i]);
        if (!c)
            continue;
        json_t *root = json_loads(c, 0, NULL);
        free(c);
        json_t *a = root ? find_article(root, 0) : NULL;
        if (a) {
            json_t *h = json_object_get(a, "headline");
            if (json_is_string(h))
                take(&f->ld_headline, strdup(json_string_value(h)));
            take(&f->ld_body, strdup(json_string_value(json_object_get(a, "articleBody"))));
            /* "url", or "mainEntityOfPage" as a URL or {"@id": URL} */
            json_t *u = json_object_get(a, "url"), *m = json_object_get(a, "mainEntityOfPage");
            if (!json_is_string(u))
                u = json_is_object(m) ? json_object_get(m, "@id") : m;
            if (json_is_string(u))
                take(&f->ld_url, strdup(json_string_value(u)));
            json_t *cs = json_object_get(a, "comment");
            if (json_is_array(cs) || json_is_object(cs))
                f->ld_comments = json_incref(cs);
            f->ld_read = 1;
        }
        json_decref(root);
    }
    f->ld_read = 1;
}

/* Whether a JSON-LD script's text holds needle: the scripts are parsed
 * for their comments only when one names them (most pages' JSON-LD, read
 * on every page without comments in its markup, has none). */
static int ld_mentions(const facts *f, const char *needle)
{
    for (size_t i = 0; i < f->n_ld; i++)
        for (const xmlNode *c = f->ld[i]->children; c; c = c->next)
            if (c->content && xmlStrstr(c->content, (const xmlChar *)needle))
                return 1;
    return 0;
}

/* The name of a schema.org author: a string, a Person's "name", or the
 * first of a list of them; NULL when none. */
static const char *ld_author(json_t *a)
{
    if (json_is_array(a))
        a = json_array_get(a, 0);
    if (json_is_object(a))
        a = json_object_get(a, "name");
    return json_is_string(a) ? json_string_value(a) : NULL;
}

/* The comments a JSON-LD article carries ("comment": [{"@type":
 * "Comment", "author": {"name": ...}, "text": ...}]), for a page whose
 * markup marks none: a forum's or a page drawn by script. */
static void ld_comments(ns_pg_builder *b, json_t *list)
{
    size_t n = json_is_array(list) ? json_array_size(list) : 1;
    for (size_t i = 0; i < n; i++) {
        json_t *c = json_is_array(list) ? json_array_get(list, i) : list;
        json_t *t = json_object_get(c, "text");
        const char *who = ld_author(json_object_get(c, "author"));
        if (json_is_string(t))
            ns_pg_builder_comment(b, who, who ? strlen(who) : 0, json_string_value(t), json_string_length(t));
    }
}

/* The element in which the Wayback Machine's toolbar prints the URL of
 * the copy (id "wm-ipp-print"): read without copying the attribute, since
 * every div is asked. */
static int wayback_note(const xmlNode *n)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (a->name && !strcmp((const char *)a->name, "id"))
            return a->children && a->children->content &&
                   !strcmp((const char *)a->children->content, "wm-ipp-print");
    return 0;
}

/* The URL a browser or an archiving extension noted in a comment when it
 * saved the page: Chrome's and Internet Explorer's "<!-- saved from
 * url=(0047)https://... -->" before <html>, SingleFile's "<!-- Page saved
 * with SingleFile url: https://... saved date: ... -->" after it.  Only an
 * http(s) URL counts ("url=(0014)about:internet" names none).  malloc'd,
 * NULL when none. */
static char *saved_from_note(const xmlNode *n)
{
    const char *c = (const char *)n->content, *u = NULL;
    if (!c)
        return NULL;
    const char *m = strstr(c, "saved from url=(");
    if (m) {
        u = m + 16;
        while (*u >= '0' && *u <= '9')
            u++;
        u = *u == ')' ? u + 1 : NULL;
    } else if (strstr(c, "saved with SingleFile") && (m = strstr(c, "url:"))) {
        u = m + 4;
        while (*u == ' ' || *u == '\t')
            u++;
    }
    if (!u || !ns_pg_http_prefix(u, strlen(u)))
        return NULL;
    size_t len = strcspn(u, " \t\r\n");
    return strndup(u, len);
}

/* The saved-from note among the comments before the document's root, in
 * it before <head>, or at the top of <head>. */
static char *saved_from(xmlNode *root)
{
    for (const xmlNode *n = root->prev; n; n = n->prev)
        if (n->type == XML_COMMENT_NODE) {
            char *u = saved_from_note(n);
            if (u)
                return u;
        }
    const xmlNode *n = root->children;
    for (int k = 0; n && k < 8; k++) {
        if (n->type == XML_COMMENT_NODE) {
            char *u = saved_from_note(n);
            if (u)
                return u;
        } else if (ns_pg_tag_is(n, "head") && n->children) {
            n = n->children; /* on into <head>, up to its first element */
            continue;
        } else if (n->type == XML_ELEMENT_NODE) {
            break;
        }
        n = n->next;
    }
    return NULL;
}

/* meta, link and title elements anywhere (broken pages put them in body). */
static void scan_head(xmlNode *root, facts *f)
{
    xmlNode *n = root;
    size_t budget = 200000;
    while (n && budget--) {
        int descend = 0;
        if (n->type == XML_ELEMENT_NODE && n->name) {
            const char *t = (const char *)n->name;
            if (!strcasecmp(t, "meta")) {
                char *p = ns_pg_attr(n, "property"), *nm = ns_pg_attr(n, "name");
                const char *key = p ? p : nm;
                if (key && (!strcasecmp(key, "og:title") || !strcasecmp(key, "twitter:title")))
                    take(&f->og_title, ns_pg_attr(n, "content"));
                else if (key && !strcasecmp(key, "og:url"))
                    take(&f->og_url, ns_pg_attr(n, "content"));
                else if (key && (!strcasecmp(key, "og:site_name") || !strcasecmp(key, "application-name")))
                    take(&f->site, ns_pg_attr(n, "content"));
                free(p);
                free(nm);
            } else if (!strcasecmp(t, "link")) {
                char *rel = ns_pg_attr(n, "rel");
                if (rel && !strcasecmp(rel, "canonical"))
                    take(&f->canonical, ns_pg_attr(n, "href"));
                free(rel);
            } else if (!strcasecmp(t, "title") && !f->title) {
                take(&f->title, content_of(n));
            } else if (!strcasecmp(t, "script")) {
                char *type = ns_pg_attr(n, "type");
                if (type && !strcasecmp(type, "application/ld+json") &&
                    ns_grow((void **)&f->ld, &f->cap_ld, f->n_ld + 1, sizeof *f->ld) == 0)
                    f->ld[f->n_ld++] = n;
                free(type);
            } else if (!strcasecmp(t, "style")) {
                /* nothing inside */
            } else if (!strcasecmp(t, "div") && wayback_note(n)) {
                /* "The Wayback Machine - https://web.archive.org/web/2024.../https://..." */
                char *c = content_of(n), *u = c ? strstr(c, "http") : NULL;
                take(&f->archived, u ? strdup(u) : NULL);
                free(c);
            } else {
                descend = n->children != NULL;
            }
        }
        n = ns_pg_dom_next(n, root, descend);
    }
}

/* ---------------------------------------------------------------- body */

typedef struct body {
    const ns_pg_dom *d;
    unsigned char *excl; /* per element: never article text */
    size_t cand;         /* the chosen container */
    ns_pg_builder *b;
    const char *title;
    size_t title_len;
    int relaxed;    /* second try: class hints ignored */
    size_t emitted; /* paragraphs given to the builder */
} body;

static double tag_base(const xmlNode *n)
{
    static const struct {
        const char *t;
        double v;
    } tb[] = {{"div", 5},      {"article", 5}, {"pre", 3},   {"td", 3},  {"blockquote", 3},
              {"address", -3}, {"ol", -3},     {"ul", -3},   {"dl", -3}, {"dd", -3},
              {"dt", -3},      {"li", -3},     {"form", -3}, {"h1", -5}, {"h2", -5},
              {"h3", -5},      {"h4", -5},     {"h5", -5},   {"h6", -5}, {"th", -5}};
    for (size_t i = 0; i < sizeof tb / sizeof *tb; i++)
        if (ns_pg_tag_is(n, tb[i].t))
            return tb[i].v;
    return 0;
}

static void touch(ns_pg_el *e)
{
    if (e->scored)
        return;
    e->scored = 1;
    e->score = tag_base(e->node) + e->weight;
}

/* A paragraph right under a heading that is all link ("<h3><a>Other
 * story</a></h3><p>Its summary</p>"): a teaser for another page, which
 * a list of them would otherwise outweigh the article with. */
static int under_linked_heading(const ns_pg_dom *d, const xmlNode *n)
{
    const xmlNode *h = n->prev;
    while (h && h->type != XML_ELEMENT_NODE)
        h = h->prev;
    if (!h ||
        !(ns_pg_tag_is(h, "h2") || ns_pg_tag_is(h, "h3") || ns_pg_tag_is(h, "h4") || ns_pg_tag_is(h, "h5")))
        return 0;
    size_t id = ns_pg_dom_id(h);
    if (id == SIZE_MAX || d->el[id].text == 0)
        return 0;
    return 5 * d->el[id].links >= 4 * d->el[id].text;
}

/* A text node of white space only, between elements. */
static int blank_text(const xmlNode *c)
{
    if (c->type != XML_TEXT_NODE)
        return 0;
    for (const xmlChar *u = c->content; u && *u; u++)
        if (!(*u == ' ' || (*u >= '\t' && *u <= '\r')))
            return 0;
    return 1;
}

/* The same teaser in one block: a link of a headline's length, a line
 * break, the summary ("<div><a>Other story</a><br>Its summary</div>"). */
static int linked_headline_first(const ns_pg_dom *d, const xmlNode *n)
{
    const xmlNode *c = n->children;
    while (c && blank_text(c))
        c = c->next;
    size_t id = c && c->type == XML_ELEMENT_NODE ? ns_pg_dom_id(c) : SIZE_MAX;
    if (id == SIZE_MAX || d->el[id].text < 20 || 5 * d->el[id].links < 4 * d->el[id].text)
        return 0;
    for (c = c->next; c && blank_text(c);)
        c = c->next;
    return c && ns_pg_tag_is(c, "br");
}

/* The <br><br> paragraphs of one block that are scored one by one (the
 * rest of a longer block as one more). */
#define BR_RUNS 64

/* Other candidates near the top that make their common ancestor the
 * container (Readability's MINIMUM_TOPCANDIDATES). */
#define UNITE_MIN 3

/* Whether element child is a's only element child with text. */
static int only_child(const ns_pg_dom *d, size_t a, size_t child)
{
    for (const xmlNode *c = d->el[a].node->children; c; c = c->next) {
        size_t id = c->type == XML_ELEMENT_NODE ? ns_pg_dom_id(c) : SIZE_MAX;
        if (id != SIZE_MAX && id != child && d->el[id].text > 0)
            return 0;
        if (c->type == XML_TEXT_NODE && !blank_text(c))
            return 0;
    }
    return 1;
}

/* Whether element a holds element i. */
static int holds(const ns_pg_dom *d, size_t a, size_t i)
{
    return a < i && i < d->el[a].end;
}

/* A paragraph's points for its container, as Readability gives them: one,
 * one a comma, one a hundred bytes of text up to three. */
static double para_score(size_t text, size_t commas)
{
    return 1 + (double)commas + (text / 100 < 3 ? (double)(text / 100) : 3);
}

/* Element i, neither holding best nor held by it, scores three quarters
 * of the best's top score or more. */
static int near_top(const body *bd, size_t i, size_t best, double top)
{
    const ns_pg_dom *d = bd->d;
    return i != best && d->el[i].scored && !bd->excl[i] && d->el[i].score >= 0.75 * top &&
           !holds(d, i, best) && !holds(d, best, i);
}

/* The container to read instead of best when its text is spread over
 * several that score nearly as well: a page that wraps each paragraph in
 * a <div> of its own whose class names a text ("RichTextContainer", as
 * the BBC's do) gives each paragraph's wrapper the score of a story.  Like
 * Readability, the nearest ancestor of best holding three of the others
 * that score three quarters of it or more; then up past ancestors that
 * hold nothing else. */
static size_t unite(const body *bd, size_t best, double top)
{
    const ns_pg_dom *d = bd->d;
    size_t near = 0;
    for (size_t i = 0; i < d->n && near < UNITE_MIN; i++)
        near += near_top(bd, i, best, top);
    if (near >= UNITE_MIN)
        for (size_t a = d->el[best].parent; a != SIZE_MAX && !ns_pg_tag_is(d->el[a].node, "body");
             a = d->el[a].parent) {
            size_t in = 0;
            for (size_t i = a + 1; i < d->el[a].end && in < UNITE_MIN; i++)
                in += near_top(bd, i, best, top);
            if (in >= UNITE_MIN) {
                best = a;
                break;
            }
        }
    for (size_t a = d->el[best].parent;
         a != SIZE_MAX && !ns_pg_tag_is(d->el[a].node, "body") && !bd->excl[a] && only_child(d, a, best);
         a = d->el[a].parent)
        best = a;
    return best;
}

static size_t choose(body *bd)
{
    const ns_pg_dom *d = bd->d;
    ns_pg_el *el = d->el;
    for (size_t i = 0; i < d->n; i++) {
        const ns_pg_el *e = &el[i];
        int x = (e->flags & (bd->relaxed ? NS_PG_INCOMMENT : NS_PG_UNLIKELY | NS_PG_INCOMMENT)) != 0;
        if (e->parent != SIZE_MAX && bd->excl[e->parent])
            x = 1;
        if (ns_pg_tag_is(e->node, "html") || ns_pg_tag_is(e->node, "body"))
            x = 0;
        bd->excl[i] = (unsigned char)x;
    }
    for (size_t i = 0; i < d->n; i++) {
        const ns_pg_el *e = &el[i];
        if (bd->excl[i] || e->text < 25)
            continue;
        const xmlNode *n = e->node;
        int div = ns_pg_tag_is(n, "div") || ns_pg_tag_is(n, "section") || ns_pg_tag_is(n, "article");
        int para = ns_pg_tag_is(n, "p") || ns_pg_tag_is(n, "pre") || ns_pg_tag_is(n, "td") ||
                   (div && !(e->flags & NS_PG_HASBLOCK));
        /* text straight in a <div> beside its blocks ("text<br><br>text<div
         * class=clear>"): its paragraphs are the div's own */
        int mixed = !para && div && e->own >= 25;
        if (!para && !mixed)
            continue;
        double s = para_score(mixed ? e->own : e->text, e->commas);
        if (para && (under_linked_heading(d, n) || linked_headline_first(d, n)))
            s *= 0.2;
        size_t a = mixed ? i : e->parent;
        /* a block of text that <br><br> splits ("para<br><br>para", as
         * old sites write a whole story) scores as its paragraphs do, and
         * counts for itself as the <div> holding them: else a story in one
         * <div> weighs one paragraph beside a column of teasers */
        if (!ns_pg_tag_is(n, "p")) {
            size_t rt[BR_RUNS], rc[BR_RUNS], nr = ns_pg_dom_br_runs(d, i, rt, rc, BR_RUNS), paras = 0;
            double sum = 0;
            for (size_t r = 0; r < nr; r++)
                if (rt[r] >= 25) {
                    paras++;
                    sum += para_score(rt[r], rc[r]);
                }
            if (paras >= 2)
                s = sum, a = i;
        }
        for (int level = 0; a != SIZE_MAX && level < 5; level++, a = el[a].parent) {
            touch(&el[a]);
            el[a].score += level == 0 ? s : level == 1 ? s / 2 : s / (level * 3);
        }
    }
    size_t best = SIZE_MAX;
    double top = 0;
    for (size_t i = 0; i < d->n; i++) {
        ns_pg_el *e = &el[i];
        if (!e->scored || bd->excl[i])
            continue;
        if (e->text > 0)
            e->score *= 1.0 - (double)e->links / (double)e->text;
        if (best == SIZE_MAX || e->score > top) {
            best = i;
            top = e->score;
        }
    }
    if (best == SIZE_MAX)
        for (size_t i = 0; i < d->n && best == SIZE_MAX; i++)
            if (ns_pg_tag_is(el[i].node, "body"))
                best = i;
    if (best == SIZE_MAX && d->n)
        best = 0;
    return best == SIZE_MAX ? best : unite(bd, best, top);
}

static int skip_body(const ns_pg_dom *d, size_t el, void *vb)
{
    const body *bd = vb;
    const ns_pg_el *e = &d->el[el];
    if (el == bd->cand)
        return 0;
    if (e->flags & NS_PG_INCOMMENT)
        return 1;
    if (!bd->relaxed && (e->flags & NS_PG_NEG) &&
        !((e->flags & NS_PG_POS) && 2 * e->text > d->el[bd->cand].text))
        return 1;
    /* a block that holds only a writer's name marked as such
     * (p.entry-author): a byline, wherever it sits (an inline one, "by
     * <a rel=author>Jane</a> in London", is part of its sentence) */
    if ((e->flags & (NS_PG_AUTHOR | NS_PG_BLOCK)) == (NS_PG_AUTHOR | NS_PG_BLOCK) && e->text <= 80 &&
        el != bd->cand)
        return 1;
    /* a teaser for another story read in with the article's container */
    if (!(e->flags & NS_PG_HASBLOCK) && linked_headline_first(d, e->node))
        return 1;
    static const char *const tags[] = {"h1",  "header", "footer", "form",  "figcaption",
                                       "nav", "aside",  "button", "label", NULL};
    /* (a heading or header that never closed and swallowed the page stays) */
    for (const char *const *t = tags; *t; t++)
        if (ns_pg_tag_is(e->node, *t))
            return e->text <= 400 || 4 * e->text < d->el[bd->cand].text;
    return 0;
}

/* Furniture, a byline or the title again. */
static int not_body(const body *bd, const char *s, size_t n)
{
    if (n <= 240 && (ns_pg_is_boiler(s, n) || ns_pg_is_byline(s, n)))
        return 1;
    return bd->title && n == bd->title_len && !memcmp(s, bd->title, n);
}

static int emit_para(const char *s, size_t n, size_t links, void *vb)
{
    body *bd = vb;
    if (2 * links > n)
        return 0; /* a row of links */
    if (not_body(bd, s, n))
        return 0;
    if (memchr(s, '\n', n)) {
        /* lines joined by <br>: "Headline<br>By Jane<br>Posted 11/14/2006"
         * keeps only its lines of text */
        ns_strbuf kept = {0};
        for (size_t a = 0, i = 0; i <= n; i++) {
            if (i < n && s[i] != '\n')
                continue;
            if (i > a && !not_body(bd, s + a, i - a)) {
                if (kept.n)
                    sb_put(&kept, "\n", 1);
                sb_put(&kept, s + a, i - a);
            }
            a = i + 1;
        }
        if (kept.oom) {
            sb_free(&kept);
            return 1;
        }
        if (kept.n) {
            ns_pg_builder_paragraph(bd->b, kept.p, kept.n);
            bd->emitted++;
        }
        sb_free(&kept);
        return 0;
    }
    ns_pg_builder_paragraph(bd->b, s, n);
    bd->emitted++;
    return 0;
}

static int read_body(body *bd)
{
    const ns_pg_dom *d = bd->d;
    size_t best = bd->cand;
    if (best == SIZE_MAX)
        return NS_OK;
    const ns_pg_el *B = &d->el[best];
    /* siblings that score well, or plain paragraphs of prose beside it */
    xmlNode *first = B->node;
    if (B->parent != SIZE_MAX)
        first = d->el[B->parent].node->children;
    double thr = B->score * 0.2 > 10 ? B->score * 0.2 : 10;
    char *cls = ns_pg_attr(B->node, "class");
    int best_classed = cls && *cls;
    free(cls);
    for (xmlNode *s = first; s; s = s->next) {
        size_t id = ns_pg_dom_id(s);
        if (id == SIZE_MAX)
            continue;
        const ns_pg_el *e = &d->el[id];
        int take_it = id == best;
        if (!take_it && !bd->excl[id] && B->parent != SIZE_MAX) {
            double ld = e->text ? (double)e->links / (double)e->text : 1;
            if (e->scored && e->score >= thr)
                take_it = 1;
            else if (ns_pg_tag_is(s, "p") && e->text > 80 && ld < 0.25)
                take_it = 1;
            /* built as the best is, class names and all (the next
             * paragraph's wrapper, where a short subheading scored nothing
             * of its own) */
            else if (best_classed && e->sig == B->sig && e->text > 0 && ld < 0.25)
                take_it = 1;
        }
        if (take_it) {
            body one = *bd;
            one.cand = id;
            int rc = ns_pg_dom_render(d, s, skip_body, emit_para, &one);
            bd->emitted = one.emitted;
            if (rc != NS_OK)
                return rc;
        }
        if (B->parent == SIZE_MAX)
            break;
    }
    return NS_OK;
}

/* ---------------------------------------------------------------- main */

/* ------------------------------------------------------------- frames */

/* The document of a page's or a frame's bytes, as prepare makes them;
 * NULL with *oom set when out of memory. */
static htmlDocPtr parse_bytes(const char *data, size_t len, const char *hint, size_t *replaced, int *oom)
{
    size_t n;
    const char *enc;
    char *owned, cs[64];
    *oom = 0;
    const char *src = prepare(data, len, hint, &n, &enc, &owned, replaced, cs, sizeof cs);
    if (!src) {
        *oom = 1;
        return NULL;
    }
    htmlDocPtr doc = parse(src, n, enc, oom);
    free(owned);
    return doc;
}

/* The frame an <iframe> or <frame> shows: its src "cid:ID" names a part's
 * Content-ID, any other src a part's location; SIZE_MAX when none. */
static size_t frame_of(const xmlNode *n, const ns_pg_frame *fr, size_t nf)
{
    char *src = ns_pg_attr(n, "src");
    size_t found = SIZE_MAX;
    if (src && *src) {
        const char *id = !strncasecmp(src, "cid:", 4) ? src + 4 : NULL;
        for (size_t i = 0; i < nf && found == SIZE_MAX; i++)
            if (id ? !strcmp(fr[i].id, id) : !strcmp(fr[i].location, src))
                found = i;
    }
    free(src);
    return found;
}

/* Frames shown inside frames, followed this deep at most. */
#define FRAME_DEPTH 3

/* Each <iframe> or <frame> of doc that shows one of the frames becomes a
 * <div> holding that frame's body, as a reader saw it in the page; each
 * frame is put in once (a frame that shows its own page ends there).
 * NS_ESYSTEM when out of memory. */
static int graft_frames(htmlDocPtr doc, const ns_pg_frame *fr, size_t nf, size_t *replaced)
{
    unsigned char used[64] = {0};
    if (nf > sizeof used)
        nf = sizeof used;
    for (int round = 0; round < FRAME_DEPTH; round++) {
        xmlNode *root = xmlDocGetRootElement(doc);
        int grafted = 0;
        for (xmlNode *n = root; n; n = ns_pg_dom_next(n, root, 1)) {
            if (!ns_pg_tag_is(n, "iframe") && !ns_pg_tag_is(n, "frame"))
                continue;
            size_t k = frame_of(n, fr, nf);
            if (k == SIZE_MAX || used[k])
                continue;
            used[k] = 1;
            size_t rep = 0;
            int oom;
            htmlDocPtr fd = parse_bytes(fr[k].html, fr[k].len, fr[k].charset, &rep, &oom);
            if (oom) {
                xmlFreeDoc(fd);
                return NS_ESYSTEM;
            }
            *replaced += rep;
            xmlNode *froot = fd ? xmlDocGetRootElement(fd) : NULL, *fbody = froot;
            for (xmlNode *c = froot ? froot->children : NULL; c; c = c->next)
                if (ns_pg_tag_is(c, "body"))
                    fbody = c;
            while (n->children) { /* the fallback text of a browser without frames */
                xmlNode *c = n->children;
                xmlUnlinkNode(c);
                xmlFreeNode(c);
            }
            for (xmlNode *c = fbody ? fbody->children : NULL; c; c = c->next) {
                xmlNode *copy = xmlDocCopyNode(c, doc, 1);
                if (!copy || !xmlAddChild(n, copy)) {
                    xmlFreeNode(copy);
                    xmlFreeDoc(fd);
                    return NS_ESYSTEM;
                }
            }
            xmlFreeDoc(fd);
            xmlNodeSetName(n, BAD_CAST "div");
            grafted = 1;
        }
        if (!grafted)
            break;
    }
    return NS_OK;
}

int ns_pg_read_html(ns_page *p, const char *data, size_t len, const char *name, ns_error *err)
{
    return ns_pg_read_html_frames(p, data, len, NULL, NULL, 0, NULL, name, err);
}

int ns_pg_read_html_frames(ns_page *p, const char *data, size_t len, const char *charset,
                           const ns_pg_frame *frames, size_t n_frames, const char *saved_url,
                           const char *name, ns_error *err)
{
    if (len > INT_MAX)
        return ns_fail(err, NS_EINPUT, "%s: HTML page over 2 GiB", name);
    size_t replaced;
    int oom;
    htmlDocPtr doc = parse_bytes(data, len, charset, &replaced, &oom);
    if (!oom && doc && n_frames && graft_frames(doc, frames, n_frames, &replaced) != NS_OK)
        oom = 1;
    p->replaced_bytes = replaced;
    if (oom) {
        xmlFreeDoc(doc);
        return ns_fail(err, NS_ESYSTEM, "%s: out of memory", name);
    }

    ns_pg_builder b;
    ns_pg_builder_init(&b);
    ns_pg_dom d = {0};
    facts f = {0};
    body bd = {0};
    int rc = NS_OK;
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (root) {
        scan_head(root, &f);
        if (ns_pg_dom_index(&d, root) != NS_OK || ns_pg_dom_mark_comments(&d) != NS_OK) {
            rc = NS_ESYSTEM;
            goto done;
        }
        bd.d = &d;
        bd.b = &b;
        bd.excl = calloc(d.n ? d.n : 1, 1);
        if (!bd.excl) {
            rc = NS_ESYSTEM;
            goto done;
        }
        bd.cand = choose(&bd);
        int lists;
        if (ns_pg_dom_mark_lists(&d, bd.cand, &lists) != NS_OK) {
            rc = NS_ESYSTEM;
            goto done;
        }
        if (lists) { /* comments found by their structure: choose again without them */
            for (size_t i = 0; i < d.n; i++)
                d.el[i].scored = 0, d.el[i].score = 0;
            bd.cand = choose(&bd);
        }
        /* JSON-LD's headline stands in for a missing og:title: both are the
         * headline as the site states it */
        if (!f.og_title)
            ld_article(&f);
        if (ns_pg_html_title(&d, f.og_title ? f.og_title : f.ld_headline, f.title, f.site, &b) != NS_OK) {
            rc = NS_ESYSTEM;
            goto done;
        }
        bd.title = b.title;
        bd.title_len = b.title_len;
        int brc = read_body(&bd);
        if (brc == NS_OK && bd.emitted == 0) {
            /* nothing: perhaps a wrapper's class ("has-comments", "no-sidebar")
             * hid the article; try again without class hints */
            for (size_t i = 0; i < d.n; i++)
                d.el[i].scored = 0, d.el[i].score = 0;
            bd.relaxed = 1;
            bd.cand = choose(&bd);
            brc = read_body(&bd);
        }
        if (brc == NS_OK && bd.emitted == 0) {
            /* a page its scripts draw: the article its JSON-LD carries */
            ld_article(&f);
            if (f.ld_body)
                brc = ns_pg_text_paragraphs(&b, f.ld_body, strlen(f.ld_body));
        }
        size_t parts = b.n_parts;
        if (brc != NS_OK || ns_pg_html_comments(&d, &b) != NS_OK) {
            rc = NS_ESYSTEM;
            goto done;
        }
        if (b.n_parts == parts && ld_mentions(&f, "\"comment\"")) { /* none in the markup: its JSON-LD's */
            ld_article(&f);
            if (f.ld_comments)
                ld_comments(&b, f.ld_comments);
        }
        const char *url = f.canonical ? f.canonical : f.og_url ? f.og_url : f.archived;
        if (!url && f.n_ld) { /* a page drawn by script may name itself only there */
            ld_article(&f);
            url = f.ld_url;
        }
        char *noted = url ? NULL : saved_from(root);
        if (!url)
            url = noted;
        if (!url && saved_url && *saved_url)
            url = saved_url;
        if (url && ns_pg_set_url(p, url, strlen(url)) != NS_OK)
            rc = NS_ESYSTEM;
        free(noted);
    }
done:
    free(bd.excl);
    ns_pg_dom_free(&d);
    free(f.og_title);
    free(f.title);
    free(f.ld);
    free(f.ld_headline);
    free(f.ld_body);
    free(f.ld_url);
    json_decref(f.ld_comments);
    free(f.canonical);
    free(f.archived);
    free(f.og_url);
    free(f.site);
    xmlFreeDoc(doc);
    if (rc != NS_OK) {
        ns_pg_builder_free(&b);
        return ns_fail(err, rc, "%s: out of memory", name);
    }
    return ns_pg_builder_finish(&b, p, name, err);
}
