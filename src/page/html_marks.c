/*
 * html_marks.c — which elements of an HTML page are its reader comments,
 * when the page does not mark each comment itself.
 *
 * Class names are one site's choice, so they are used only as far as they
 * go: an element the page marks as one comment (class "comment", id
 * "comment-12", schema.org Comment ...) is one; failing that, the comments
 * are found by structure, as the blocks built alike (same tag, same class
 * names once states like "odd" or "depth-2" are left out) that hold most of
 *   - a comment area the page marks ("comments", "disqus_thread" ...), or
 *   - what follows a "3 Comments" / "Discussion" heading, or
 *   - a list after the article whose blocks each start with a short name,
 *     or a name beside a date, before their text (ns_pg_dom_mark_lists).
 * Replies built like their parent are comments of their own.  Every pass
 * is linear in the number of elements.
 */
#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "page/page.h"
#include "util/strbuf.h"

typedef ns_strbuf buf;

/* ------------------------------------------------------ blocks built alike */

/* Tags that are never one comment of a list: a comment's own paragraphs
 * and inline parts, the terms of a <dl> (its <dd> holds the text), cells
 * of one row, headings. */
static int member_tag(const xmlNode *n)
{
    static const char *const no[] = {"p",  "br",    "dt",   "td",   "th",    "h1",     "h2",   "h3", "h4",
                                     "h5", "h6",    "a",    "b",    "span",  "strong", "em",   "i",  "img",
                                     "u",  "small", "cite", "time", "label", "font",   "abbr", NULL};
    for (const char *const *t = no; *t; t++)
        if (ns_pg_tag_is(n, *t))
            return 0;
    return 1;
}

typedef struct group {
    unsigned sig;
    size_t count, text, parent;
} group;

/* Among the first 64 element children of p holding text: the largest set
 * built alike, by the text it holds. */
static group best_children(const ns_pg_dom *d, size_t p)
{
    size_t ids[64], k = 0;
    group g = {0, 0, 0, p};
    for (xmlNode *ch = d->el[p].node->children; ch && k < 64; ch = ch->next) {
        size_t id = ns_pg_dom_id(ch);
        if (id != SIZE_MAX && d->el[id].text > 0 && member_tag(ch))
            ids[k++] = id;
    }
    for (size_t a = 0; a < k; a++) {
        unsigned sig = d->el[ids[a]].sig;
        int seen = 0;
        for (size_t b = 0; b < a && !seen; b++)
            seen = d->el[ids[b]].sig == sig;
        if (seen)
            continue;
        size_t count = 0, text = 0;
        for (size_t b = a; b < k; b++)
            if (d->el[ids[b]].sig == sig) {
                count++;
                text += d->el[ids[b]].text;
            }
        if (count >= 2 && text > g.text)
            g = (group){sig, count, text, p};
    }
    return g;
}

/* The set of blocks built alike, anywhere under root, that holds the most
 * text: the list of comments rather than a list inside one comment. */
static group find_group(const ns_pg_dom *d, size_t root)
{
    group best = {0, 0, 0, SIZE_MAX};
    for (size_t i = root; i < d->el[root].end; i++) {
        if (d->el[i].text == 0 || !(d->el[i].flags & NS_PG_HASBLOCK)) {
            continue;
        }
        group g = best_children(d, i);
        if (g.count >= 2 && g.text > best.text)
            best = g;
    }
    return best;
}

/* Recomputes the nearest comment above each element of [from, to) and the
 * "in a comment" mark, parents first. */
static void relink(ns_pg_dom *d, size_t from, size_t to)
{
    for (size_t j = from; j < to; j++) {
        ns_pg_el *e = &d->el[j];
        if (e->flags & NS_PG_ITEM)
            e->flags |= NS_PG_INCOMMENT;
        if (e->parent == SIZE_MAX)
            continue;
        const ns_pg_el *p = &d->el[e->parent];
        e->item_anc = (p->flags & NS_PG_ITEM) ? e->parent : p->item_anc;
        if (p->flags & (NS_PG_ITEM | NS_PG_REGION | NS_PG_INCOMMENT))
            e->flags |= NS_PG_INCOMMENT;
    }
}

static int has_class(const xmlNode *n)
{
    for (xmlAttr *a = n->properties; a; a = a->next)
        if (a->name && !strcmp((const char *)a->name, "class"))
            return a->children != NULL;
    return 0;
}

/* The blocks of group g under root are comments; with class names that
 * say what they are, so are the blocks built the same way deeper down (the
 * replies); bare ones only in a list like the group's own (<ul> in <ul>),
 * as a bare <div> inside a comment is part of it. */
static void mark_group(ns_pg_dom *d, size_t root, const group *g)
{
    size_t end = d->el[root].end, inside = 0;
    int deep = 0;
    for (size_t j = root; j < end && !deep; j++)
        if (d->el[j].sig == g->sig)
            deep = has_class(d->el[j].node) ? 1 : -1;
    const xmlNode *list = g->parent != SIZE_MAX ? d->el[g->parent].node : NULL;
    int bare_list = list && (ns_pg_tag_is(list, "ul") || ns_pg_tag_is(list, "ol"));
    for (size_t j = root; j < end; j++) {
        ns_pg_el *e = &d->el[j];
        if (e->sig != g->sig || e->text == 0 || !member_tag(e->node))
            continue;
        int nested = j < inside && bare_list && e->parent != SIZE_MAX &&
                     !strcmp((const char *)d->el[e->parent].node->name, (const char *)list->name);
        if (deep > 0 || e->parent == g->parent || nested) {
            e->flags |= NS_PG_ITEM;
            if (j >= inside)
                inside = e->end;
        }
    }
    relink(d, root, end);
}

static void mark_one(ns_pg_dom *d, size_t it)
{
    d->el[it].flags |= NS_PG_ITEM;
    relink(d, it, d->el[it].end);
}

static void mark_area(ns_pg_dom *d, size_t root)
{
    for (size_t j = root; j < d->el[root].end; j++)
        d->el[j].flags |= NS_PG_INCOMMENT;
}

/* --------------------------------------------------- a comment area */

/* An area with a single comment has no blocks built alike: the deepest
 * block holding most of the area's text (seven tenths) that names its
 * writer, in an author element or a name of its own at its top
 * ("<h5>Grace Brown <small>March 1</small></h5>"), is that comment;
 * SIZE_MAX when none. */
static size_t lone_comment(const ns_pg_dom *d, size_t root)
{
    size_t pick = SIZE_MAX, need = d->el[root].text * 7 / 10;
    for (size_t j = root + 1; j < d->el[root].end; j++) {
        const ns_pg_el *e = &d->el[j];
        if (e->text < need || e->text == 0 || !(e->flags & NS_PG_BLOCK) || !member_tag(e->node)) {
            if (e->text < need)
                j = e->end - 1; /* nothing below holds more */
            continue;
        }
        int author = 0;
        for (size_t k = j + 1; k < e->end && !author; k++)
            author = (d->el[k].flags & NS_PG_AUTHOR) != 0;
        if (author || ns_pg_starts_with_name(d, j, 1) > 0)
            pick = j;
    }
    return pick;
}

/* Comment areas that hold no marked comment: their blocks built alike, or
 * a single comment.  An area without them stays one block (read paragraph
 * by paragraph). */
static void mark_regions(ns_pg_dom *d)
{
    for (size_t i = 0; i < d->n; i++) {
        const ns_pg_el *e = &d->el[i];
        if (!(e->flags & NS_PG_REGION) || e->text == 0)
            continue;
        if (e->parent != SIZE_MAX && (d->el[e->parent].flags & NS_PG_INCOMMENT))
            continue;
        int marked = 0;
        for (size_t j = i + 1; j < e->end && !marked; j++)
            marked = (d->el[j].flags & NS_PG_ITEM) && d->el[j].text > 0;
        group g = marked ? (group){0, 0, 0, SIZE_MAX} : find_group(d, i);
        size_t one;
        if (g.count >= 2)
            mark_group(d, i, &g);
        else if (!marked && (one = lone_comment(d, i)) != SIZE_MAX)
            mark_one(d, one);
        i = e->end - 1;
    }
}

/* ------------------------------------------- a "Comments" heading only */

static int emit_first(const char *s, size_t n, size_t links, void *vb)
{
    buf *b = vb;
    (void)links;
    if (b->n)
        sb_put(b, " ", 1);
    sb_put(b, s, n);
    return b->n > 200;
}

/* The first short element that reads as a comments heading, or SIZE_MAX;
 * -1 in *oom when out of memory. */
static size_t find_heading(const ns_pg_dom *d, int *oom)
{
    static const char *const tags[] = {"h1", "h2",     "h3",     "h4",      "h5", "h6",
                                       "p",  "div",    "span",   "strong",  "b",  "dt",
                                       "td", "header", "legend", "section", NULL};
    buf t = {0};
    size_t head = SIZE_MAX;
    *oom = 0;
    for (size_t i = 0; i < d->n && head == SIZE_MAX; i++) {
        const ns_pg_el *e = &d->el[i];
        if (e->text == 0 || e->text > 60 || e->end - i > 16)
            continue;
        int ok = 0;
        for (const char *const *g = tags; *g && !ok; g++)
            ok = ns_pg_tag_is(e->node, *g);
        if (!ok)
            continue;
        t.n = 0;
        if (ns_pg_dom_render_n(d, e->node, NULL, emit_first, &t, 200) != NS_OK || t.oom) {
            *oom = 1;
            break;
        }
        if (t.n && ns_pg_is_comments_heading(t.p, t.n))
            head = i;
    }
    free(t.p);
    return head;
}

/* The comments after the heading's element el: the siblings built alike,
 * else the blocks built alike inside each sibling, else each sibling as one
 * comment.  Returns how many were marked. */
static size_t mark_after(ns_pg_dom *d, size_t el, int weak)
{
    size_t sib[64], k = 0;
    for (xmlNode *s = d->el[el].node->next; s && k < 64; s = s->next) {
        size_t id = ns_pg_dom_id(s);
        if (id != SIZE_MAX && d->el[id].text > 0 && !ns_pg_tag_is(s, "form"))
            sib[k++] = id;
    }
    /* the siblings themselves */
    unsigned sig = 0;
    size_t best = 0, marked = 0;
    for (size_t a = 0; a < k; a++) {
        size_t count = 0;
        for (size_t b = a; b < k; b++)
            count += d->el[sib[b]].sig == d->el[sib[a]].sig && member_tag(d->el[sib[b]].node);
        if (count > best) {
            best = count;
            sig = d->el[sib[a]].sig;
        }
    }
    if (best >= 2) {
        group g = {sig, best, 0, d->el[el].parent};
        for (size_t a = 0; a < k; a++)
            if (d->el[sib[a]].sig == sig) {
                mark_group(d, sib[a], &g);
                marked++;
            }
        return marked;
    }
    /* lists inside them */
    for (size_t a = 0; a < k; a++) {
        group g = find_group(d, sib[a]);
        if (g.count >= 2) {
            mark_group(d, sib[a], &g);
            marked += g.count;
        }
    }
    if (marked || weak)
        return marked; /* "Reactions" over paragraphs is the article's own section */
    for (size_t a = 0; a < k; a++)
        mark_one(d, sib[a]);
    return k;
}

/* An element marked as one comment by a name that fits a comment area too
 * ("comment-wrapper") is the area when it holds two comments or more of its
 * own, or blocks built alike that hold most of its text. */
static int demote_areas(ns_pg_dom *d)
{
    size_t *inner = calloc(d->n ? d->n : 1, sizeof *inner);
    if (!inner)
        return NS_ESYSTEM;
    for (size_t i = 0; i < d->n; i++)
        if ((d->el[i].flags & NS_PG_ITEM) && d->el[i].item_anc != SIZE_MAX)
            inner[d->el[i].item_anc]++;
    int any = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (!(d->el[i].flags & NS_PG_WEAKITEM))
            continue;
        group g = inner[i] >= 2 ? (group){0, 0, 0, SIZE_MAX} : find_group(d, i);
        if (inner[i] >= 2 || (g.count >= 2 && 2 * g.text >= d->el[i].text)) {
            d->el[i].flags = (d->el[i].flags & ~(unsigned)(NS_PG_ITEM | NS_PG_WEAKITEM)) | NS_PG_REGION;
            any = 1;
        }
    }
    free(inner);
    if (any)
        relink(d, 0, d->n);
    return NS_OK;
}

/* The least text (non-space bytes) of a paragraph of prose. */
#define PROSE_PARAGRAPH 60

static int in_group(const ns_pg_dom *d, const size_t *alike, size_t i)
{
    return (d->el[i].flags & NS_PG_AUTHORED) && d->el[i].parent != SIZE_MAX && alike[d->el[i].parent] >= 2;
}

/* Blocks that name their writer (<article data-author="jane">, a forum's
 * <div id="p4821" class="post">), two or more side by side, are users'
 * posts: comments (forums such as XenForo mark nothing else).  One alone
 * is more likely the article itself, and so is a thread's first post when
 * no paragraph of prose stands outside the posts (a forum thread saved
 * whole: the opening post is the story its replies discuss). */
static int mark_authored(ns_pg_dom *d)
{
    size_t *alike = NULL, first = SIZE_MAX;
    int any = 0, prose_outside = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (!(d->el[i].flags & NS_PG_AUTHORED) || d->el[i].parent == SIZE_MAX)
            continue;
        if (!alike && !(alike = calloc(d->n, sizeof *alike)))
            return NS_ESYSTEM;
        alike[d->el[i].parent]++;
    }
    for (size_t i = 0; alike && i < d->n; i++) {
        const ns_pg_el *e = &d->el[i];
        if (in_group(d, alike, i)) {
            if (first == SIZE_MAX)
                first = i;
            i = e->end - 1; /* the post's insides are its own */
        } else if ((e->flags & NS_PG_BLOCK) && !(e->flags & (NS_PG_UNLIKELY | NS_PG_INCOMMENT)) &&
                   e->own >= PROSE_PARAGRAPH && 2 * e->links < e->text) {
            prose_outside = 1;
        }
    }
    int opening = first != SIZE_MAX && !(d->el[first].flags & NS_PG_ITEM) && !prose_outside;
    for (size_t i = 0; alike && i < d->n; i++)
        if (in_group(d, alike, i) && !(d->el[i].flags & NS_PG_ITEM) && !(opening && i == first)) {
            d->el[i].flags |= NS_PG_ITEM;
            any = 1;
        }
    free(alike);
    if (any)
        relink(d, 0, d->n);
    return NS_OK;
}

int ns_pg_dom_mark_comments(ns_pg_dom *d)
{
    if (mark_authored(d) != NS_OK || demote_areas(d) != NS_OK)
        return NS_ESYSTEM;
    mark_regions(d);
    for (size_t i = 0; i < d->n; i++)
        if ((d->el[i].flags & (NS_PG_ITEM | NS_PG_REGION)) && d->el[i].text > 0)
            return NS_OK;
    int oom;
    size_t head = find_heading(d, &oom);
    if (oom)
        return NS_ESYSTEM;
    if (head == SIZE_MAX)
        return NS_OK;
    size_t el = head, marked = 0;
    int weak;
    {
        buf t = {0};
        if (ns_pg_dom_render_n(d, d->el[head].node, NULL, emit_first, &t, 200) != NS_OK || t.oom) {
            free(t.p);
            return NS_ESYSTEM;
        }
        weak = t.n && ns_pg_is_weak_heading(t.p, t.n);
        free(t.p);
    }
    for (int up = 0; up < 3 && el != SIZE_MAX && marked == 0; up++, el = d->el[el].parent)
        marked = mark_after(d, el, weak);
    if (marked == 0 && weak)
        return NS_OK;
    d->el[head].flags |= NS_PG_INCOMMENT;
    /* what follows the items' containers is comment area too */
    el = head;
    for (int up = 0; up < 3 && el != SIZE_MAX; up++, el = d->el[el].parent) {
        int any = 0;
        for (xmlNode *s = d->el[el].node->next; s; s = s->next) {
            size_t id = ns_pg_dom_id(s);
            if (id == SIZE_MAX)
                continue;
            mark_area(d, id);
            any = 1;
        }
        if (any)
            break;
    }
    return NS_OK;
}

/* ------------------------------------------------------- structure only */

/* A date element in the first elements of m: <time>, or one whose class
 * says date / time / meta. */
static int has_date_el(const ns_pg_dom *d, size_t m)
{
    for (size_t j = m + 1; j < d->el[m].end && j < m + 64; j++)
        if ((d->el[j].flags & NS_PG_META) || ns_pg_tag_is(d->el[j].node, "time"))
            return 1;
    return 0;
}

int ns_pg_dom_mark_lists(ns_pg_dom *d, size_t best, int *found)
{
    *found = 0;
    for (size_t i = 0; i < d->n; i++)
        if (d->el[i].flags & NS_PG_INCOMMENT)
            return NS_OK; /* the page said where its comments are */
    group pick = {0, 0, 0, SIZE_MAX};
    for (size_t p = 0; p < d->n; p++) {
        const ns_pg_el *e = &d->el[p];
        if (e->text == 0 || !(e->flags & NS_PG_HASBLOCK))
            continue;
        group g = best_children(d, p);
        if (g.count < 2 || g.text <= pick.text)
            continue;
        size_t members = 0, names = 0, dates = 0;
        int contains_best = 0;
        for (xmlNode *ch = e->node->children; ch && members < 64 && !contains_best; ch = ch->next) {
            size_t m = ns_pg_dom_id(ch);
            if (m == SIZE_MAX || d->el[m].sig != g.sig || d->el[m].text == 0)
                continue;
            members++;
            contains_best = best != SIZE_MAX && best >= m && best < d->el[m].end;
            if (2 * d->el[m].links >= d->el[m].text)
                continue;
            int r = ns_pg_starts_with_name(d, m, 1);
            if (r < 0)
                return NS_ESYSTEM;
            names += r > 0;
            dates += r == 2 || (r > 0 && has_date_el(d, m));
        }
        if (contains_best || names < 2 || 3 * names < 2 * members || 2 * dates < members)
            continue;
        pick = g;
    }
    if (pick.count >= 2) {
        mark_group(d, pick.parent, &pick);
        d->el[pick.parent].flags |= NS_PG_INCOMMENT;
        /* the list's own heading ("What you said") goes with it */
        for (size_t el = pick.parent, up = 0; up < 2 && el != SIZE_MAX; up++, el = d->el[el].parent) {
            xmlNode *s = d->el[el].node->prev;
            while (s && ns_pg_dom_id(s) == SIZE_MAX)
                s = s->prev;
            size_t h = ns_pg_dom_id(s);
            if (h == SIZE_MAX)
                continue;
            static const char *const hs[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};
            for (const char *const *t = hs; *t; t++)
                if (ns_pg_tag_is(s, *t) && d->el[h].text <= 60)
                    mark_area(d, h);
            break;
        }
        *found = 1;
    }
    return NS_OK;
}
