/*
 * html_comments.c — the reader comments of an HTML page.
 *
 * A comment is an element whose class, id, itemprop or itemtype mark it as
 * one ("comment", "comment-item", id "comment-12", schema.org Comment ...);
 * a wrapper that holds nothing but another comment gives way to it, replies
 * nested inside a comment are comments of their own.  Without such marks, a
 * comment area ("comments", "comment-list", "disqus_thread" ...) is split
 * into its repeated children.  In each comment the author comes from an
 * element marked author / fn / username / <cite> (or "X says:"), the text
 * from its content element ("comment-content", "text", itemprop=text) or
 * else from everything that is not author, date, reply link or votes.
 */
#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page/page.h"
#include "util/strbuf.h"
#include "util/grow.h"

/* strings under construction: util/strbuf.h */
typedef ns_strbuf buf;

/* ----------------------------------------------------------- rendering */

typedef struct ctx {
    size_t item;        /* the comment being read */
    size_t author_el;   /* its author element, or SIZE_MAX */
    int in_content;     /* rendering a content element: keep <cite> etc. */
    buf out;            /* blocks joined by "\n" */
    const char *author; /* to drop a block that only repeats it */
    size_t alen;
    int skip_quotes;   /* leave out what the comment quotes (<blockquote>) */
    int first_is_name; /* the first block, when it is name-like */
    size_t first_len, blocks;
} ctx;

static int skip_tag(const xmlNode *n)
{
    static const char *const tags[] = {"header", "footer", "form",  "time", "img",
                                       "figure", "button", "label", NULL};
    for (const char *const *t = tags; *t; t++)
        if (ns_pg_tag_is(n, *t))
            return 1;
    return 0;
}

static int skip_in_comment(const ns_pg_dom *d, size_t el, void *vc)
{
    ctx *c = vc;
    const ns_pg_el *e = &d->el[el];
    if (el == c->item)
        return 0;
    if (e->flags & NS_PG_ITEM)
        return 1; /* a reply: a comment of its own */
    if (el == c->author_el)
        return 1;
    if ((e->flags & NS_PG_AUTHOR) && !c->in_content)
        return 1;
    if (e->flags & NS_PG_META)
        return 1;
    if (c->skip_quotes && ns_pg_tag_is(e->node, "blockquote"))
        return 1;
    if (e->flags & NS_PG_CONTENT)
        return 0;
    return skip_tag(e->node);
}

/* Length of the first line of s[0..n). */
static size_t line_len(const char *s, size_t n)
{
    const char *nl = memchr(s, '\n', n);
    return nl ? (size_t)(nl - s) : n;
}

static int emit_text(const char *s, size_t n, size_t links, void *vc)
{
    ctx *c = vc;
    (void)links;
    /* "- 3 days ago<br>text<br>Reply": furniture lines at either end go */
    for (size_t l; (l = line_len(s, n)) < n && ns_pg_is_boiler(s, l);) {
        s += l + 1;
        n -= l + 1;
    }
    while (n > 0 && memchr(s, '\n', n)) {
        size_t a = n;
        while (a > 0 && s[a - 1] != '\n')
            a--;
        if (!ns_pg_is_boiler(s + a, n - a))
            break;
        n = a - 1;
    }
    if (ns_pg_is_boiler(s, n))
        return 0;
    if (c->alen && n == c->alen && !memcmp(s, c->author, n))
        return 0;
    size_t sl = ns_pg_strip_says(s, n);
    if (sl < n && c->alen && sl == c->alen && !memcmp(s, c->author, sl))
        return 0;
    if (c->blocks == 0) {
        c->first_is_name = ns_pg_name_like(s, n, 0) && n <= 64;
        c->first_len = n;
    }
    if (c->out.n)
        sb_put(&c->out, "\n", 1);
    sb_put(&c->out, s, n);
    c->blocks++;
    return 0;
}

/* -------------------------------------------------------------- authors */

static int skip_meta(const ns_pg_dom *d, size_t el, void *vc)
{
    (void)vc;
    const ns_pg_el *e = &d->el[el];
    return (e->flags & NS_PG_ITEM) || ((e->flags & NS_PG_META) && !(e->flags & NS_PG_AUTHOR));
}

static int emit_join(const char *s, size_t n, size_t links, void *vb)
{
    buf *b = vb;
    (void)links;
    if (b->n)
        sb_put(b, " ", 1);
    sb_put(b, s, n);
    return b->n > 400; /* an author is short: stop early */
}

/* The name in an author element's text, cleaned: "Ron Wheeler says:" →
 * "Ron Wheeler"; "by Jane" → "Jane"; "Jane · 2 hours ago" → "Jane". */
static int clean_name(const char *s, size_t n, size_t *a, size_t *e)
{
    size_t x = 0, y = n;
    ns_pg_trim(s, &x, &y);
    if (y - x > 3 && (s[x] == 'b' || s[x] == 'B') && (s[x + 1] == 'y' || s[x + 1] == 'Y') && s[x + 2] == ' ')
        x += 3;
    size_t nl, ta;
    if (y - x <= 240 && ns_pg_author_line(s + x, y - x, &nl, &ta))
        y = x + nl;
    else
        y = x + ns_pg_strip_says(s + x, y - x);
    ns_pg_trim(s, &x, &y);
    if (y <= x || y - x > 80)
        return 0;
    if (ns_pg_is_boiler(s + x, y - x) || ns_pg_is_date(s + x, y - x))
        return 0;
    *a = x;
    *e = y;
    return 1;
}

static int element_text(const ns_pg_dom *d, size_t el, buf *b)
{
    b->n = 0;
    if (ns_pg_dom_render_n(d, d->el[el].node, skip_meta, emit_join, b, 2000) != NS_OK)
        return NS_ESYSTEM;
    return b->oom ? NS_ESYSTEM : NS_OK;
}

static int skip_items(const ns_pg_dom *d, size_t el, void *vc)
{
    (void)vc;
    return (d->el[el].flags & NS_PG_ITEM) != 0;
}

/* An author element's text; when all of it sits in parts named like
 * furniture, those too: Giscus puts the name inside the avatar's link
 * (a.gsc-comment-author-avatar > span). */
static int author_text(const ns_pg_dom *d, size_t el, buf *b)
{
    if (element_text(d, el, b) != NS_OK)
        return NS_ESYSTEM;
    if (b->n > 0)
        return NS_OK;
    if (ns_pg_dom_render_n(d, d->el[el].node, skip_items, emit_join, b, 2000) != NS_OK)
        return NS_ESYSTEM;
    return b->oom ? NS_ESYSTEM : NS_OK;
}

/* The index that elements inside item (outside replies) have as item_anc. */
static size_t owner(const ns_pg_dom *d, size_t item)
{
    return (d->el[item].flags & NS_PG_ITEM) ? item : d->el[item].item_anc;
}

/* First element in [from, to) with all of flags set, outside comments
 * nested in item, or SIZE_MAX. */
static size_t find_flag(const ns_pg_dom *d, size_t item, size_t from, size_t to, unsigned flags)
{
    size_t own = owner(d, item);
    for (size_t j = from; j < to; j++) {
        const ns_pg_el *e = &d->el[j];
        if ((e->flags & NS_PG_ITEM) && j != item) {
            j = e->end - 1;
            continue;
        }
        if ((e->flags & flags) != flags || e->item_anc != own)
            continue;
        return j;
    }
    return SIZE_MAX;
}

static size_t subtree_end(const ns_pg_dom *d, size_t el)
{
    return d->el[el].end;
}

/* Finds the author of comment item; fills the name into name (owned by the
 * caller's buffer) and the element it came from. */
static int find_author(const ns_pg_dom *d, size_t item, size_t end, buf *tmp, buf *name, size_t *author_el)
{
    *author_el = SIZE_MAX;
    name->n = 0;
    size_t from = item + 1;
    for (int tries = 0; tries < 6; tries++) {
        size_t a = find_flag(d, item, from, end, NS_PG_AUTHOR);
        if (a == SIZE_MAX)
            break;
        size_t ae = subtree_end(d, a);
        /* prefer a named part inside: <cite class=fn> in div.comment-author */
        size_t pick = SIZE_MAX;
        for (size_t j = a + 1; j < ae && j < a + 64; j++)
            if ((d->el[j].flags & NS_PG_AUTHOR) && d->el[j].text > 0) {
                pick = j;
                break;
            }
        for (int pass = 0; pass < 2; pass++) {
            size_t el = pass == 0 ? pick : a;
            if (el == SIZE_MAX)
                continue;
            if (author_text(d, el, tmp) != NS_OK)
                return NS_ESYSTEM;
            size_t x, y;
            if (tmp->n && clean_name(tmp->p, tmp->n, &x, &y)) {
                name->n = 0;
                sb_put(name, tmp->p + x, y - x);
                *author_el = a;
                return name->oom ? NS_ESYSTEM : NS_OK;
            }
        }
        from = ae > a ? ae : a + 1;
    }
    return NS_OK;
}

/* The most text (non-space bytes) of an element that holds a comment's
 * author beside it: a name, a date, a few links. */
#define NEARBY_AUTHOR_TEXT 300

/* Comments like Hacker News's keep the author beside the text, not inside:
 * look at up to three earlier siblings of the item and of its parent. */
static int author_nearby(const ns_pg_dom *d, size_t item, buf *tmp, buf *name)
{
    size_t el = item;
    if (ns_pg_tag_is(d->el[item].node, "dd")) {
        /* <dt>Jane Doe, 3 May 2019</dt><dd>the comment</dd> */
        for (xmlNode *s = d->el[item].node->prev; s; s = s->prev) {
            size_t id = ns_pg_dom_id(s);
            if (id == SIZE_MAX || (!ns_pg_tag_is(s, "dt") && !ns_pg_tag_is(s, "dd")))
                continue;
            if (ns_pg_tag_is(s, "dd") && (d->el[id].flags & NS_PG_ITEM))
                break;
            if (!ns_pg_tag_is(s, "dt"))
                continue;
            if (element_text(d, id, tmp) != NS_OK)
                return NS_ESYSTEM;
            size_t x, y;
            if (tmp->n && tmp->n <= 240 && clean_name(tmp->p, tmp->n, &x, &y) &&
                ns_pg_name_like(tmp->p + x, y - x, 0)) {
                name->n = 0;
                sb_put(name, tmp->p + x, y - x);
                return name->oom ? NS_ESYSTEM : NS_OK;
            }
            break;
        }
    }
    for (int up = 0; up < 2 && el != SIZE_MAX; up++, el = d->el[el].parent) {
        if (up > 0) {
            /* not out of a list of comments into the article above it */
            int others = 0;
            for (xmlNode *s = d->el[el].node->children; s && !others; s = s->next) {
                size_t id = ns_pg_dom_id(s);
                others = id != SIZE_MAX && id != item && (d->el[id].flags & NS_PG_ITEM);
            }
            if (others)
                break;
        }
        int seen = 0;
        for (xmlNode *s = d->el[el].node->prev; s && seen < 3; s = s->prev) {
            size_t id = ns_pg_dom_id(s);
            if (id == SIZE_MAX)
                continue;
            seen++;
            if (d->el[id].flags & NS_PG_ITEM)
                return NS_OK;
            /* an author's line is short: a long block before the comments
             * is the article, whose byline names its writer, not theirs */
            if (d->el[id].text > NEARBY_AUTHOR_TEXT)
                continue;
            size_t end = subtree_end(d, id);
            for (size_t j = id; j < end && j < id + 200; j++) {
                if (!(d->el[j].flags & NS_PG_AUTHOR))
                    continue;
                if (element_text(d, j, tmp) != NS_OK)
                    return NS_ESYSTEM;
                size_t x, y;
                if (tmp->n && clean_name(tmp->p, tmp->n, &x, &y)) {
                    name->n = 0;
                    sb_put(name, tmp->p + x, y - x);
                    return name->oom ? NS_ESYSTEM : NS_OK;
                }
            }
        }
    }
    return NS_OK;
}

/* --------------------------------------------------------- one comment */

typedef struct shared {
    buf tmp, name, line;
    int dated; /* top_name saw a date beside or under the name */
    ctx c;
} shared;

/* An inline element holding the comment's first words, short and
 * name-like ("<strong>Jane</strong>: text", "<a>xuser</a> wrote:"), whose
 * text begins the rendered comment: its length there, in *len. */
static int lead_name(const ns_pg_dom *d, size_t item, shared *sh, const char *text, size_t tlen, size_t *len)
{
    static const char *const inl[] = {"b", "strong", "a",    "span",  "em",  "i",
                                      "u", "cite",   "font", "small", "big", NULL};
    /* the first element with text inside the item */
    size_t first = SIZE_MAX;
    for (size_t j = item + 1; j < d->el[item].end && j < item + 64; j++) {
        const ns_pg_el *e = &d->el[j];
        if (e->flags & (NS_PG_META | NS_PG_ITEM)) {
            j = e->end - 1;
            continue;
        }
        if (e->text > 0) {
            first = j;
            break;
        }
    }
    /* the deepest descendant chain of it that holds the first text */
    for (int k = 0; first != SIZE_MAX && k < 8; k++) {
        size_t next = SIZE_MAX;
        for (size_t j = first + 1; j < d->el[first].end && j < first + 16; j++)
            if (d->el[j].parent == first && d->el[j].text > 0) {
                next = j;
                break;
            }
        int is_inline = 0;
        for (const char *const *t = inl; *t && !is_inline; t++)
            is_inline = ns_pg_tag_is(d->el[first].node, *t);
        if (is_inline)
            break;
        first = next;
    }
    if (first == SIZE_MAX || d->el[first].text > 64)
        return 0;
    if (element_text(d, first, &sh->tmp) != NS_OK || sh->tmp.n == 0)
        return 0;
    size_t n = sh->tmp.n;
    if (n >= tlen || memcmp(text, sh->tmp.p, n) || !ns_pg_name_like(sh->tmp.p, n, 0))
        return 0;
    if (text[n] != ' ' && text[n] != ':' && text[n] != '\n' && text[n] != ',' &&
        (unsigned char)text[n] != 0xE2 && text[n] != '-')
        return 0;
    *len = n;
    return 1;
}

static int emit_line1(const char *s, size_t n, size_t links, void *vb)
{
    (void)links;
    sb_put(vb, s, line_len(s, n));
    return 1;
}

/* The element that holds the first text of comment item, or SIZE_MAX when
 * that text lies in the item itself. */
static size_t first_text_el(const ns_pg_dom *d, size_t item)
{
    xmlNode *root = d->el[item].node, *n = root->children;
    for (int budget = 400; n && budget > 0; budget--) {
        size_t id = ns_pg_dom_id(n);
        int descend = 0;
        if (n->type == XML_ELEMENT_NODE) {
            descend = id != SIZE_MAX && !(d->el[id].flags & (NS_PG_META | NS_PG_ITEM)) && n->children;
        } else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
            const char *c = (const char *)n->content;
            size_t a = 0, e = strlen(c);
            ns_pg_trim(c, &a, &e);
            if (e > a)
                return n->parent == root ? SIZE_MAX : ns_pg_dom_id(n->parent);
        }
        n = ns_pg_dom_next(n, root, descend);
    }
    return SIZE_MAX;
}

/* An author the page does not mark: the comment's first text, when an
 * element of its own holds it and it reads as a name, alone in its block
 * ("<h3>Marcus</h3>") or beside a date or "wrote:" on its line
 * ("<b>Jane</b> - 3 days ago", "<span>Dmitri V.</span><span>3h</span>").
 * Fills sh->name and *el; sh->line gets the rest of that line. */
static int top_name(const ns_pg_dom *d, size_t item, shared *sh, size_t *el)
{
    size_t p = first_text_el(d, item);
    *el = SIZE_MAX;
    if (p == SIZE_MAX || d->el[p].text > 64 || (d->el[p].flags & NS_PG_HASBLOCK))
        return NS_OK;
    if (element_text(d, p, &sh->tmp) != NS_OK)
        return NS_ESYSTEM;
    sh->dated = 0;
    size_t x, y, first = line_len(sh->tmp.p, sh->tmp.n);
    if (first < sh->tmp.n) {
        /* "Alan Pryce<br><small>2 March 2022</small>": a name over a date */
        const char *below = sh->tmp.p + first + 1;
        size_t bn = sh->tmp.n - first - 1;
        if (!ns_pg_is_boiler(below, bn))
            return NS_OK;
        sh->dated = ns_pg_has_date(below, bn);
        sh->tmp.n = first;
    }
    if (sh->tmp.n == 0 || !clean_name(sh->tmp.p, sh->tmp.n, &x, &y) ||
        !ns_pg_name_like(sh->tmp.p + x, y - x, 0))
        return NS_OK;
    /* the line it is on: the first line of its block */
    size_t blk = p;
    while (blk != item && !(d->el[blk].flags & NS_PG_BLOCK))
        blk = d->el[blk].parent;
    sh->line.n = 0;
    if (ns_pg_dom_render_n(d, d->el[blk].node, skip_meta, emit_line1, &sh->line, 400) != NS_OK ||
        sh->line.oom)
        return NS_ESYSTEM;
    size_t tn = sh->tmp.n;
    if (blk == p) { /* the element is a block: its own text is the line */
        sh->line.n = 0;
        sb_put(&sh->line, sh->tmp.p, tn);
        if (sh->line.oom)
            return NS_ESYSTEM;
    }
    const char *ln = sh->line.p;
    size_t n = sh->line.n;
    if (n < tn || memcmp(ln, sh->tmp.p, tn))
        return NS_OK;
    size_t r = tn, nl, ta;
    while (r < n && (ln[r] == ' ' || ln[r] == '-' || ln[r] == ',' || ln[r] == '|' || ln[r] == ':'))
        r++;
    int ok;
    if (r >= n) /* alone: a real name, or a name-holding tag */
        ok = ns_pg_name_like(sh->tmp.p + x, y - x, 1) ||
             !(ns_pg_tag_is(d->el[p].node, "p") || ns_pg_tag_is(d->el[p].node, "div"));
    else
        ok = ns_pg_is_boiler(ln + r, n - r) ||
             (n <= 240 && ns_pg_author_line(ln, n, &nl, &ta) && ta >= n && nl >= y && nl <= tn);
    if (!ok)
        return NS_OK;
    sh->dated |= r < n && ns_pg_has_date(ln + r, n - r);
    sh->name.n = 0;
    sb_put(&sh->name, sh->tmp.p + x, y - x);
    /* keep the rest of the line, to drop it from the text */
    memmove(sh->line.p, ln + r, n - r);
    sh->line.n = n - r;
    *el = p;
    return sh->name.oom ? NS_ESYSTEM : NS_OK;
}

int ns_pg_starts_with_name(const ns_pg_dom *d, size_t item, int strict)
{
    shared sh;
    memset(&sh, 0, sizeof sh);
    size_t el;
    int r = top_name(d, item, &sh, &el) != NS_OK ? -1 : 0;
    if (r == 0 && el != SIZE_MAX && (!strict || ns_pg_name_like(sh.name.p, sh.name.n, 1)))
        r = sh.dated ? 2 : 1;
    free(sh.tmp.p);
    free(sh.name.p);
    free(sh.line.p);
    return r;
}

/* The length of "says:", "wrote:" ... at the start of s, or 0. */
static size_t says_verb(const char *s, size_t n)
{
    static const char *const verbs[] = {"says:", "said:", "wrote:", "writes:", "says", NULL};
    for (const char *const *v = verbs; *v; v++)
        if (n >= strlen(*v) && !strncasecmp(s, *v, strlen(*v)))
            return strlen(*v);
    return 0;
}

/* The longest comment of figures and signs alone taken from a content
 * element. */
#define SIGNS_MAX 64

static int read_comment(const ns_pg_dom *d, size_t item, ns_pg_builder *b, shared *sh)
{
    size_t end = subtree_end(d, item), author_el;
    if (find_author(d, item, end, &sh->tmp, &sh->name, &author_el) != NS_OK)
        return NS_ESYSTEM;
    if (sh->name.n == 0 && author_nearby(d, item, &sh->tmp, &sh->name) != NS_OK)
        return NS_ESYSTEM;
    size_t top_el = SIZE_MAX;
    sh->line.n = 0;
    if (sh->name.n == 0 && top_name(d, item, sh, &top_el) != NS_OK)
        return NS_ESYSTEM;
    if (top_el != SIZE_MAX)
        author_el = top_el;

    /* the content element: the first one, then inward while it holds just one */
    size_t root = find_flag(d, item, item + 1, end, NS_PG_CONTENT);
    for (int k = 0; root != SIZE_MAX && k < 8; k++) {
        size_t re = subtree_end(d, root), only = SIZE_MAX, count = 0;
        for (size_t j = root + 1; j < re && count < 2; j++) {
            if ((d->el[j].flags & NS_PG_ITEM)) {
                j = d->el[j].end - 1;
                continue;
            }
            if (!(d->el[j].flags & NS_PG_CONTENT))
                continue;
            only = j;
            count++;
            j = d->el[j].end - 1; /* what is inside it is not a sibling */
        }
        if (count != 1 || d->el[only].text == 0)
            break;
        root = only;
    }
    if (root != SIZE_MAX && d->el[root].text == 0)
        root = SIZE_MAX;

    ctx *c = &sh->c;
    c->item = item;
    c->author_el = author_el;
    c->in_content = root != SIZE_MAX;
    c->out.n = 0;
    c->author = sh->name.n ? sh->name.p : NULL;
    c->alen = sh->name.n;
    c->blocks = 0;
    c->first_is_name = 0;
    xmlNode *r = d->el[root != SIZE_MAX ? root : item].node;
    /* A reply that quotes the comment it answers ("Dave said: …" in a
     * <blockquote>) is judged by its own words: the quote is another
     * comment's, and labelled the reply with it.  A comment that is all
     * quote keeps it. */
    c->skip_quotes = 1;
    if (ns_pg_dom_render(d, r, skip_in_comment, emit_text, c) != NS_OK || c->out.oom)
        return NS_ESYSTEM;
    if (c->out.n == 0) {
        c->skip_quotes = 0, c->blocks = 0, c->first_is_name = 0;
        if (ns_pg_dom_render(d, r, skip_in_comment, emit_text, c) != NS_OK || c->out.oom)
            return NS_ESYSTEM;
    }
    if (c->out.n == 0 && root != SIZE_MAX) {
        /* "+1", "14 !", "?": figures and signs read as a vote count or a
         * button anywhere else, but they are all the element the markup
         * names the comment's content holds, so they are the comment */
        if (element_text(d, root, &sh->tmp) != NS_OK)
            return NS_ESYSTEM;
        size_t x = 0, y = sh->tmp.n;
        ns_pg_trim(sh->tmp.p, &x, &y);
        if (y > x && y - x <= SIGNS_MAX && ns_pg_no_letters(sh->tmp.p + x, y - x))
            sb_put(&c->out, sh->tmp.p + x, y - x);
        if (c->out.oom)
            return NS_ESYSTEM;
    }
    const char *text = c->out.p;
    size_t tlen = c->out.n;
    const char *author = c->author;
    size_t alen = c->alen;
    if (top_el != SIZE_MAX && sh->line.n && tlen >= sh->line.n && !memcmp(text, sh->line.p, sh->line.n)) {
        /* the rest of the name's line: " wrote on 11/14/2006:" */
        size_t k = sh->line.n;
        while (k < tlen && (text[k] == ' ' || text[k] == '\n'))
            k++;
        text += k;
        tlen -= k;
    }
    if (author && top_el == SIZE_MAX && author_el != SIZE_MAX && tlen > 0) {
        /* "<a href=/u/x>xuser</a> wrote: <p>text</p>": the verb after a
         * marked author is not the comment */
        size_t k = says_verb(text, tlen);
        if (k > 0 && text[k - 1] == ':') { /* not "Says who?" */
            while (k < tlen && (text[k] == ' ' || text[k] == '\n'))
                k++;
            text += k;
            tlen -= k;
        }
    }
    if (top_el != SIZE_MAX && tlen == 0) {
        /* only a name: it was the text */
        text = author;
        tlen = alen;
        author = NULL;
        alen = 0;
    }
    if (!author && c->first_is_name && c->blocks > 1) {
        /* "<b>Jane</b><p>text</p>": a short name first, then the text */
        author = text;
        alen = c->first_len;
        text += c->first_len + 1;
        tlen -= c->first_len + 1;
    } else if (!author && tlen > 0 && lead_name(d, item, sh, text, tlen, &alen)) {
        /* "<strong>Jane</strong>: text" */
        author = text;
        size_t k = alen;
        while (k < tlen &&
               (text[k] == ' ' || text[k] == ':' || text[k] == '-' || text[k] == '\n' || text[k] == ',' ||
                (unsigned char)text[k] == 0xE2 || (unsigned char)text[k] == 0x80 ||
                (unsigned char)text[k] == 0x93 || (unsigned char)text[k] == 0x94))
            k++;
        k += says_verb(text + k, tlen - k);
        while (k < tlen && (text[k] == ' ' || text[k] == '\n' || text[k] == ':'))
            k++;
        text += k;
        tlen -= k;
    } else if (!author && tlen > 0) {
        size_t nl, ta, line = 0;
        while (line < tlen && text[line] != '\n')
            line++;
        if (line <= 240 && ns_pg_author_line(text, line, &nl, &ta)) {
            author = text;
            alen = nl;
            size_t skip = ta < line ? ta : (line < tlen ? line + 1 : line);
            text += skip;
            tlen -= skip;
        }
    }
    if (tlen == 0)
        return NS_OK; /* a deleted comment, or only a name */
    ns_pg_builder_comment(b, author, alen, text, tlen);
    return NS_OK;
}

/* ------------------------------------------------------ reading them all */

/* Appends one element index to a growing list; -1 when out of memory. */
static int push_item(size_t **items, size_t *n_items, size_t *cap, size_t id)
{
    if (ns_grow((void **)items, cap, *n_items + 1, sizeof **items) < 0)
        return -1;
    (*items)[(*n_items)++] = id;
    return 0;
}

int ns_pg_html_comments(const ns_pg_dom *d, ns_pg_builder *b)
{
    if (d->n == 0)
        return NS_OK;
    size_t *own = calloc(d->n, sizeof *own);
    if (!own)
        return NS_ESYSTEM;
    for (size_t i = 0; i < d->n; i++)
        if (d->el[i].flags & NS_PG_ITEM)
            own[i] = d->el[i].text;
    for (size_t i = 0; i < d->n; i++) {
        size_t a = d->el[i].item_anc;
        if ((d->el[i].flags & NS_PG_ITEM) && a != SIZE_MAX)
            own[a] = own[a] > d->el[i].text ? own[a] - d->el[i].text : 0;
    }
    size_t *items = NULL, n_items = 0, cap = 0;
    int rc = NS_OK;
    for (size_t i = 0; i < d->n && rc == NS_OK; i++)
        if ((d->el[i].flags & NS_PG_ITEM) && own[i] > 0 && push_item(&items, &n_items, &cap, i))
            rc = NS_ESYSTEM;
    free(own);
    int by_region = 0;
    if (rc == NS_OK && n_items == 0) {
        for (size_t i = 0; i < d->n && rc == NS_OK; i++) {
            const ns_pg_el *e = &d->el[i];
            if (!(e->flags & NS_PG_REGION) || e->text == 0)
                continue;
            if (e->parent != SIZE_MAX && (d->el[e->parent].flags & NS_PG_INCOMMENT))
                continue;
            /* an area without comments built alike (html_marks.c) */
            if (push_item(&items, &n_items, &cap, i))
                rc = NS_ESYSTEM;
            by_region = 1;
            i = e->end - 1;
        }
    }
    shared sh;
    memset(&sh, 0, sizeof sh);
    for (size_t k = 0; k < n_items && rc == NS_OK; k++) {
        size_t it = items[k];
        if (by_region && (d->el[it].flags & NS_PG_REGION)) {
            /* one undivided area: each paragraph is a comment without author */
            ctx cc = {.item = it, .author_el = SIZE_MAX};
            if (ns_pg_dom_render(d, d->el[it].node, skip_in_comment, emit_text, &cc) != NS_OK || cc.out.oom) {
                free(cc.out.p);
                rc = NS_ESYSTEM;
                break;
            }
            for (size_t s = 0, i = 0; i <= cc.out.n; i++)
                if (i == cc.out.n || cc.out.p[i] == '\n') {
                    if (i > s)
                        ns_pg_builder_comment(b, NULL, 0, cc.out.p + s, i - s);
                    s = i + 1;
                }
            free(cc.out.p);
            continue;
        }
        /* a region child is read like a marked comment */
        rc = read_comment(d, it, b, &sh);
    }
    free(sh.tmp.p);
    free(sh.name.p);
    free(sh.line.p);
    free(sh.c.out.p);
    free(items);
    return rc;
}
