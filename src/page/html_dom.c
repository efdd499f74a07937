/*
 * html_dom.c — an index over a parsed HTML document for the readers: one
 * entry per element (outside script, style, nav, hidden parts ...) with what
 * its class and id say, how much text and link text it holds, and a
 * renderer that turns a subtree into paragraphs.  Everything is iterative:
 * a page that never closes a tag nests as deep as it likes.
 */
#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page/page.h"
#include "util/strbuf.h"

size_t ns_pg_dom_id(const xmlNode *node)
{
    return (node && node->type == XML_ELEMENT_NODE && node->_private) ? (size_t)(uintptr_t)node->_private - 1
                                                                      : SIZE_MAX;
}

/* (libxml2's HTML parser lower-cases tag and attribute names) */
xmlNode *ns_pg_dom_next(xmlNode *n, const xmlNode *root, int descend)
{
    if (descend && n->children)
        return n->children;
    while (n && n != root && !n->next)
        n = n->parent;
    return !n || n == root ? NULL : n->next;
}

int ns_pg_tag_is(const xmlNode *node, const char *tag)
{
    return node && node->type == XML_ELEMENT_NODE && node->name && node->name[0] == tag[0] &&
           !strcmp((const char *)node->name, tag);
}

static int tag_in(const xmlNode *node, const char *const *tags)
{
    if (!node || node->type != XML_ELEMENT_NODE || !node->name)
        return 0;
    const char *nm = (const char *)node->name;
    for (; *tags; tags++)
        if (nm[0] == (*tags)[0] && !strcmp(nm, *tags))
            return 1;
    return 0;
}

/* The value of an attribute without copying when it is one text node. */
static const char *attr_ref(const xmlNode *node, const char *name, char **owned)
{
    *owned = NULL;
    for (xmlAttr *a = node->properties; a; a = a->next) {
        if (!a->name || strcasecmp((const char *)a->name, name))
            continue;
        if (!a->children)
            return "";
        if (a->children->type == XML_TEXT_NODE && !a->children->next)
            return a->children->content ? (const char *)a->children->content : "";
        *owned = (char *)xmlNodeListGetString(node->doc, a->children, 1);
        return *owned ? *owned : "";
    }
    return NULL;
}

char *ns_pg_attr(const xmlNode *node, const char *name)
{
    char *owned;
    const char *v = attr_ref(node, name, &owned);
    char *r = v ? strdup(v) : NULL;
    xmlFree(owned);
    return r;
}

static const char *const skip_tags[] = {
    "script", "style", "noscript", "template", "iframe",   "object", "embed",  "svg",   "math",
    "canvas", "input", "button",   "select",   "textarea", "option", "head",   "title", "meta",
    "link",   "map",   "audio",    "video",    "source",   "track",  "dialog", NULL};
static const char *const skip_unless_comments[] = {"nav", "aside", NULL};
static const char *const block_tags[] = {
    "p",      "div",        "section", "article", "main",    "header",  "footer", "aside",
    "nav",    "blockquote", "pre",     "ul",      "ol",      "li",      "dl",     "dt",
    "dd",     "table",      "thead",   "tbody",   "tfoot",   "tr",      "td",     "th",
    "h1",     "h2",         "h3",      "h4",      "h5",      "h6",      "figure", "figcaption",
    "form",   "fieldset",   "address", "hr",      "details", "summary", "center", "caption",
    "hgroup", "body",       "html",    "menu",    "legend",  NULL};

/* ---------------------------------------------------------------- hints */

static int word_eq(const char *w, size_t n, const char *x)
{
    return strlen(x) == n && !strncmp(w, x, n);
}

static int word_in(const char *w, size_t n, const char *const *set)
{
    for (; *set; set++)
        if (word_eq(w, n, *set))
            return 1;
    return 0;
}

static const char *const neg_sub[] = {
    "comment", "disqus", "sidebar", "widget", "advert", "sponsor", "promo", "banner", "footer", "navigation",
    "navbar", "breadcrumb", "newsletter", "outbrain", "taboola", "related", "social", "popup", "cookie",
    "masthead", "subscri", "pagination", "share", "sharing", "shoutbox", "skyscraper", "combx", "adsbygoogle",
    "recommend", "trending", "byline", "toolbar", "signup", "paywall", "postinfo", "filetext",
    /* a forum post's header: the poster's rank and counts, the signature */
    "userinfo", "usertitle", "postprofile", "signature", NULL};
static const char *const neg_word[] = {
    "ad",      "ads",          "adv",       "advert",     "nav",     "menu",    "menus",     "tag",
    "tags",    "meta",         "more",      "hide",       "hidden",  "print",   "tools",     "rss",
    "reply",   "replies",      "respond",   "login",      "signin",  "popular", "skip",      "sr",
    "caption", "credit",       "credits",   "dateline",   "date",    "time",    "timestamp", "bio",
    "extra",   "supplemental", "gdpr",      "modal",      "overlay", "header",  "masthead",  "pager",
    "agegate", "legal",        "copyright", "disclaimer", "avatar",  NULL};
static const char *const pos_sub[] = {"article",  "content",      "entry",     "story", "post-body",
                                      "postbody", "post-content", "post-text", "main",  "hentry",
                                      "h-entry",  "blog",         "text",      "body",  NULL};

static const char *const item_rest[] = {"", "item", "wrapper", "container", "entry", "single", "card",
                                        "block", "node", "box", "li", "row", "view", "unit", "holder",
                                        "listitem", "threaditem", "treeitem", "inner", "wrap", "post", "cell",
                                        /* GitHub's (utterances): "timeline-comment" */
                                        "timeline", NULL};
static const char *const region_rest[] = {"",
                                          "area",
                                          "list",
                                          "section",
                                          "wrapper",
                                          "wrap",
                                          "container",
                                          "thread",
                                          "threads",
                                          "block",
                                          "box",
                                          "holder",
                                          "main",
                                          "root",
                                          "app",
                                          "widget",
                                          "module",
                                          "panel",
                                          "zone",
                                          "stream",
                                          "feed",
                                          "tree",
                                          "children",
                                          "replies",
                                          "ol",
                                          "ul",
                                          "all",
                                          "outer",
                                          "embed",
                                          "frame",
                                          "sectionwrapper",
                                          "listwrapper",
                                          "listcontainer",
                                          "region",
                                          "wrapperinner",
                                          "inner",
                                          "thread",
                                          "page",
                                          NULL};
static const char *const content_words[] = {"content",      "text",        "message",    "msg",      "body",
                                            "commtext",     "usertext",    "md",         "bodytext", "copy",
                                            "comment_text", "postmessage", "divmessage", NULL};
static const char *const author_words[] = {"fn",     "username",    "nickname",   "nick",   "commenter",
                                           "hnuser", "displayname", "screenname", "poster", "name",
                                           "user",   "handle",      NULL};
static const char *const author_suffix[] = {"link",    "url",       "text", "label", "wrap",
                                            "wrapper", "container", "box",  "inner", "anchor",
                                            "href",    "span",      "a",    NULL};
static const char *const meta_words[] = {
    "meta",    "metadata", "date",    "time",     "timestamp", "datetime", "permalink",  "reply",
    "actions", "action",   "toolbar", "tools",    "vote",      "votes",    "voting",     "likes",
    "like",    "share",    "avatar",  "links",    "menu",      "report",   "flag",       "rating",
    "points",  "score",    "badge",   "count",    "edit",      "says",     "moderation", "awaiting",
    "footer",  "header",   "img",     "image",    "photo",     "pic",      "icon",       "age",
    "ago",     "buttons",  "button",  "controls", "options",   "dropdown", "upvote",     "downvote",
    "votes",   "status",   "info",    "details",  "navs",      NULL};

/* Words before "comments" in a class name that say something of the page
 * or of a list, not which comment system drew the area. */
static const char *const state_prefixes[] = {
    "has",  "no",   "with", "show",  "hide",  "open", "all",   "top",  "new", "old",    "my",
    "more", "view", "load", "allow", "count", "num",  "total", "best", "hot", "recent", NULL};

/* Classifies one class name (or id) into flags; lower-cased copy in w. */
static unsigned classify_name(const char *w, size_t n, int is_id, int *weight)
{
    unsigned f = 0;
    char low[128];
    if (n == 0)
        return 0;
    if (n >= sizeof low)
        n = sizeof low - 1;
    for (size_t i = 0; i < n; i++)
        low[i] = (w[i] >= 'A' && w[i] <= 'Z') ? (char)(w[i] + 32) : w[i];
    low[n] = 0;
    int neg = 0, pos = 0;
    for (const char *const *s = neg_sub; *s && !neg; s++)
        neg = strstr(low, *s) != NULL;
    for (const char *const *s = pos_sub; *s && !pos; s++)
        pos = strstr(low, *s) != NULL;
    /* "article-card", "story-teaser", "post-preview": a link to another
     * page's article, not this one's */
    static const char *const teaser_sub[] = {"card", "teaser", "tile", "preview", "thumb", "promo", NULL};
    for (const char *const *s = teaser_sub; *s && pos; s++)
        if (strstr(low, *s))
            pos = 0, neg = 1;
    /* words of the name */
    char rest[128];
    size_t rl = 0;
    int commentish = 0, plural = 0, digits = 0, author = 0, meta = 0, content = 0;
    int plural_last = 0; /* "comments" is the last word: "discourse-comments" */
    size_t rest_words = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && !((low[i] >= 'a' && low[i] <= 'z') || (low[i] >= '0' && low[i] <= '9')))
            i++;
        size_t a = i;
        while (i < n && ((low[i] >= 'a' && low[i] <= 'z') || (low[i] >= '0' && low[i] <= '9')))
            i++;
        if (i == a)
            break;
        const char *wd = low + a;
        size_t wl = i - a;
        if (!neg && word_in(wd, wl, neg_word))
            neg = 1;
        if (word_in(wd, wl, meta_words))
            meta = 1;
        /* an author word names the element when only words like "link"
         * follow it: "comment-meta-name", "author-link"; not
         * "field--name-title" or "author-avatar" */
        if (word_in(wd, wl, author_words) || (wl >= 6 && memmem(wd, wl, "author", 6)))
            author = 1;
        else if (!word_in(wd, wl, author_suffix))
            author = 0;
        if (word_in(wd, wl, content_words))
            content = 1;
        else if (word_eq(wd, wl, "link")) /* GitHub's "text-link" is a link */
            content = 0;
        int all_digits = 1;
        for (size_t k = 0; k < wl; k++)
            all_digits &= wd[k] >= '0' && wd[k] <= '9';
        if (all_digits) {
            digits = 1;
            continue;
        }
        /* Commento names its parts "commento-card", "commento-name" ... */
        if (word_eq(wd, wl, "comment") || word_eq(wd, wl, "cmt") || word_eq(wd, wl, "commento")) {
            commentish = 1;
            continue;
        }
        if (word_eq(wd, wl, "comments") || word_eq(wd, wl, "disqus") || word_eq(wd, wl, "utterances") ||
            word_eq(wd, wl, "responses") || word_eq(wd, wl, "discussion") ||
            word_eq(wd, wl, "conversation") || word_eq(wd, wl, "conversations")) {
            commentish = 1;
            plural = 1;
            plural_last = 1;
            continue;
        }
        if (wl > 7 && !strncmp(wd, "comment", 7)) { /* "commentlist", "commentitem" */
            commentish = 1;
            wd += 7;
            wl -= 7;
            if (wl > 0 && wd[0] == 's') {
                wd++;
                wl--;
            }
        }
        if (word_eq(wd, wl, "c") || word_eq(wd, wl, "js") || word_eq(wd, wl, "user") ||
            word_eq(wd, wl, "single") || word_eq(wd, wl, "div") || word_eq(wd, wl, "li"))
            continue;
        if (rl + wl < sizeof rest) {
            memcpy(rest + rl, wd, wl);
            rl += wl;
        }
        rest_words++;
        plural_last = 0;
    }
    rest[rl] = 0;
    if (commentish) {
        /* "comment", "comment-item", "comments__item", id "comment-12": one
         * comment; "comments", "comment-list", "comments-area": the area */
        static const char *const plural_item[] = {"item", "listitem", "treeitem", "threaditem",
                                                  "card", "node",     "row",      "unit",
                                                  "cell", "single",   NULL};
        static const char *const plural_region[] = {"entry", "post", "article", "story", NULL};
        static const char *const either[] = {"wrapper", "wrap",  "container", "holder",
                                             "box",     "inner", "block",     NULL};
        if (is_id ? digits && word_in(rest, rl, item_rest)
                  : !digits && word_in(rest, rl, plural ? plural_item : item_rest))
            f |= NS_PG_ITEM | (!is_id && word_in(rest, rl, either) ? NS_PG_WEAKITEM : 0);
        else if (!digits && (word_in(rest, rl, region_rest) || (plural && word_in(rest, rl, plural_region))))
            f |= NS_PG_REGION;
        /* a comment system's own name before it: id "discourse-comments",
         * class "vf-comments", "spcv_conversation" (a class only with a
         * short vendor prefix that is no word of state or choice:
         * "has-comments" marks a page that has them, "latest-comments" a
         * sidebar's links) */
        else if (!digits && plural_last && rest_words == 1 &&
                 (is_id || (rl <= 5 && !word_in(rest, rl, state_prefixes))))
            f |= NS_PG_REGION;
        if (word_eq(rest, rl, "content") || word_eq(rest, rl, "text") || word_eq(rest, rl, "body") ||
            word_eq(rest, rl, "message") || word_eq(rest, rl, "bodytext"))
            f |= NS_PG_CONTENT;
    }
    if (content)
        f |= NS_PG_CONTENT;
    if (author)
        f |= NS_PG_AUTHOR;
    else if (meta && !(f & (NS_PG_ITEM | NS_PG_REGION)))
        f |= NS_PG_META;
    if (neg)
        f |= NS_PG_NEG;
    if (pos)
        f |= NS_PG_POS;
    *weight += (neg ? -25 : 0) + (pos ? 25 : 0);
    return f;
}

/* The next white-space separated name in v at or after *i: its start in
 * *a, its end returned (== *a at the end of v). */
static size_t next_name(const char *v, size_t *i, size_t *a)
{
    while (v[*i] && (v[*i] == ' ' || (v[*i] >= '\t' && v[*i] <= '\r')))
        (*i)++;
    *a = *i;
    while (v[*i] && !(v[*i] == ' ' || (v[*i] >= '\t' && v[*i] <= '\r')))
        (*i)++;
    return *i;
}

/* Is w one of the white-space separated names in v (any case)? */
static int has_word(const char *v, const char *w)
{
    size_t wl = strlen(w), a;
    for (size_t i = 0; v[i];)
        if (next_name(v, &i, &a) - a == wl && !strncasecmp(v + a, w, wl))
            return 1;
    return 0;
}

/* All class names of one attribute (or the id); one verdict per attribute:
 * -25 when it says "not content", +25 when it says "content", 0 for both. */
static unsigned classify(const char *v, int is_id, int *weight)
{
    unsigned f = 0;
    int unused = 0, strong = 0;
    for (size_t i = 0, a; v[i];) {
        next_name(v, &i, &a);
        unsigned t = i > a ? classify_name(v + a, i - a, is_id, &unused) : 0;
        strong |= (t & NS_PG_ITEM) && !(t & NS_PG_WEAKITEM);
        f |= t;
        if (is_id)
            break;
    }
    if (strong)
        f &= ~(unsigned)NS_PG_WEAKITEM;
    /* an imageboard's reply (4chan's and vichan's class="post reply"): one
     * comment, its thread's first post ("post op") being the article */
    if (!is_id && has_word(v, "post") && has_word(v, "reply"))
        f = (f & ~(unsigned)NS_PG_NEG) | NS_PG_ITEM;
    if ((f & NS_PG_NEG) && !(f & NS_PG_POS))
        *weight -= 25;
    if ((f & NS_PG_POS) && !(f & NS_PG_NEG))
        *weight += 25;
    return f;
}

static int ci_has(const char *v, const char *x)
{
    size_t xl = strlen(x);
    for (; *v; v++)
        if (!strncasecmp(v, x, xl))
            return 1;
    return 0;
}

/* Pages repeat the same class names thousands of times: remember them. */
typedef struct class_cache {
    struct {
        char key[48];
        unsigned flags;
        int weight, used;
    } e[256];
} class_cache;

static unsigned classify_cached(class_cache *cc, const char *v, int is_id, int *weight)
{
    size_t n = strlen(v);
    if (!cc || n >= sizeof cc->e[0].key - 1)
        return classify(v, is_id, weight);
    unsigned h = 2166136261u ^ (unsigned)is_id;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)v[i]) * 16777619u;
    h &= 255;
    if (cc->e[h].used && cc->e[h].key[0] == (char)is_id && !strcmp(cc->e[h].key + 1, v)) {
        *weight += cc->e[h].weight;
        return cc->e[h].flags;
    }
    int w = 0;
    unsigned f = classify(v, is_id, &w);
    cc->e[h].used = 1;
    cc->e[h].key[0] = (char)is_id;
    memcpy(cc->e[h].key + 1, v, n + 1);
    cc->e[h].flags = f;
    cc->e[h].weight = w;
    *weight += w;
    return f;
}

/* A link's href to a member's page ("/user/jane", "/u/jane",
 * "/profile/123", "/@jane"): where comment systems put the commenter's name. */
static int profile_href(const char *href)
{
    static const char *const paths[] = {"/user/",   "/u/",       "/users/", "/profile/", "/profiles/",
                                        "/member/", "/members/", "/@",      NULL};
    for (const char *const *p = paths; *p; p++)
        if (ci_has(href, *p))
            return 1;
    return 0;
}

/* A forum's post by its id: phpBB's "p4821", vBulletin's "post_4821" and
 * "post4821" (not WordPress's "post-4821", which is the article). */
static int post_id(const char *v)
{
    size_t i = v[0] == 'p' ? 1 : 0;
    if (!i)
        return 0;
    if (!strncmp(v + 1, "ost", 3))
        i = v[4] == '_' ? 5 : 4;
    if (!(v[i] >= '0' && v[i] <= '9'))
        return 0;
    while (v[i] >= '0' && v[i] <= '9')
        i++;
    return !v[i];
}

/* A link whose text is the one segment of its address's path, as it is
 * written there: "https://github.com/annalind" reading "annalind" (a
 * member's page on sites that give members the top level).  "/news"
 * reading "News" is a menu's. */
static int named_by_href(const xmlNode *a, const char *href)
{
    const char *p = strstr(href, "://");
    p = p ? strchr(p + 3, '/') : (href[0] == '/' ? href : NULL);
    if (!p)
        return 0;
    p++;
    size_t n = strcspn(p, "/?#");
    if (n < 3 || n > 39 || (p[n] == '/' && p[n + 1]) || memchr(p, '.', n))
        return 0;
    /* the link's own text: a text node, or one inside a <strong>/<b>/<span> */
    const xmlNode *c = a->children;
    if (c && c->type == XML_ELEMENT_NODE && !c->next)
        c = c->children;
    if (!c || c->type != XML_TEXT_NODE || c->next || !c->content)
        return 0;
    const char *t = (const char *)c->content;
    while (*t == ' ' || *t == '\n' || *t == '\t')
        t++;
    size_t tn = strlen(t);
    while (tn && (t[tn - 1] == ' ' || t[tn - 1] == '\n' || t[tn - 1] == '\t'))
        tn--;
    return tn == n && !memcmp(t, p, n);
}

/* Flags from the element's own tag and attributes; *hidden when it is not
 * shown at all. */
static unsigned element_flags(const xmlNode *node, int *weight, int *hidden, class_cache *cc)
{
    unsigned f = 0;
    int strong = 0, post_class = 0, forum_id = 0;
    *weight = 0;
    *hidden = 0;
    for (xmlAttr *a = node->properties; a; a = a->next) {
        const char *nm = (const char *)a->name;
        if (!nm)
            continue;
        /* a web component's slot names its part as a class would:
         * <div slot="comment">, <div slot="commentMeta">; so do the
         * component names of pages whose classes are hashes
         * (data-component="byline-block", data-testid="related-links") */
        int is_class = !strcasecmp(nm, "class") || !strcasecmp(nm, "slot") ||
                       !strcasecmp(nm, "data-component") || !strcasecmp(nm, "data-testid"),
            is_id = !strcasecmp(nm, "id");
        int is_prop = !strcasecmp(nm, "itemprop"), is_type = !strcasecmp(nm, "itemtype");
        int is_style = !strcasecmp(nm, "style"), is_rel = !strcasecmp(nm, "rel");
        if (!strcasecmp(nm, "hidden")) {
            *hidden = 1;
            continue;
        }
        if ((!strcasecmp(nm, "data-author") || !strcasecmp(nm, "author")) && tag_in(node, block_tags)) {
            f |= NS_PG_AUTHORED;
            continue;
        }
        int is_aria = !strcasecmp(nm, "aria-hidden"), is_role = !strcasecmp(nm, "role");
        int is_href = !strcasecmp(nm, "href") && ns_pg_tag_is(node, "a");
        if (!(is_class || is_id || is_prop || is_type || is_style || is_rel || is_aria || is_role || is_href))
            continue;
        char *owned;
        const char *v = attr_ref(node, nm, &owned);
        if (!v)
            continue;
        if (is_class && (has_word(v, "post") || has_word(v, "postcontainer")))
            post_class = 1;
        if (is_id && post_id(v))
            forum_id = 1;
        if (is_class || is_id) {
            unsigned t = classify_cached(cc, v, is_id, weight);
            strong |= (t & NS_PG_ITEM) && !(t & NS_PG_WEAKITEM);
            f |= t;
        } else if (is_prop) {
            if (ci_has(v, "comment") && !ci_has(v, "commenttext") && !ci_has(v, "commentcount"))
                f |= NS_PG_ITEM, strong = 1;
            if (ci_has(v, "author") || ci_has(v, "creator"))
                f |= NS_PG_AUTHOR;
            if (!strcasecmp(v, "text") || ci_has(v, "commenttext") || !strcasecmp(v, "description") ||
                ci_has(v, "articlebody"))
                f |= NS_PG_CONTENT;
            if (ci_has(v, "articlebody")) {
                f |= NS_PG_POS;
                *weight += 50;
            }
            if (ci_has(v, "datepublished") || ci_has(v, "datecreated") || ci_has(v, "upvote"))
                f |= NS_PG_META;
        } else if (is_type) {
            if (ci_has(v, "comment"))
                f |= NS_PG_ITEM, strong = 1;
        } else if (is_style) {
            char *c = strdup(v);
            if (c) {
                size_t o = 0;
                for (size_t i = 0; c[i]; i++)
                    if (c[i] != ' ' && c[i] != '\t')
                        c[o++] = c[i];
                c[o] = 0;
                if (ci_has(c, "display:none") || ci_has(c, "visibility:hidden"))
                    *hidden = 1;
                free(c);
            }
        } else if (is_rel) {
            if (ci_has(v, "author"))
                f |= NS_PG_AUTHOR;
        } else if (is_href) {
            if (profile_href(v) || named_by_href(node, v))
                f |= NS_PG_AUTHOR;
        } else if (is_aria) {
            if (!strcasecmp(v, "true"))
                *hidden = 1;
        } else if (is_role) {
            if (!strcasecmp(v, "navigation") || !strcasecmp(v, "banner") || !strcasecmp(v, "contentinfo") ||
                !strcasecmp(v, "complementary"))
                f |= NS_PG_NEG, *weight -= 25;
            if (!strcasecmp(v, "main") || !strcasecmp(v, "article"))
                f |= NS_PG_POS, *weight += 25;
            if (!strcasecmp(v, "comment"))
                f |= NS_PG_ITEM, strong = 1;
        }
        xmlFree(owned);
    }
    /* a forum's post (phpBB: <div id="p4821" class="post bg2">) names its
     * writer as a data-author block does: a post among others */
    if (post_class && forum_id && tag_in(node, block_tags))
        f |= NS_PG_AUTHORED;
    /* a custom element's name says what it is as a class would:
     * <shreddit-comment>, <shreddit-comment-tree> */
    if (node->name && strchr((const char *)node->name, '-')) {
        unsigned t = classify_cached(cc, (const char *)node->name, 0, weight);
        strong |= (t & NS_PG_ITEM) && !(t & NS_PG_WEAKITEM);
        f |= t;
    }
    if (ns_pg_tag_is(node, "cite"))
        f |= NS_PG_AUTHOR;
    if (ns_pg_tag_is(node, "time"))
        f |= NS_PG_META;
    if (ns_pg_tag_is(node, "html") || ns_pg_tag_is(node, "body") || ns_pg_tag_is(node, "main")) {
        f &= ~(unsigned)(NS_PG_ITEM | NS_PG_REGION | NS_PG_NEG | NS_PG_META | NS_PG_AUTHOR);
        if (*weight < 0)
            *weight = 0;
    }
    if ((f & NS_PG_ITEM) && (f & NS_PG_AUTHOR))
        f &= ~(unsigned)NS_PG_AUTHOR; /* li.comment-author-admin */
    if (strong || !(f & NS_PG_ITEM))
        f &= ~(unsigned)NS_PG_WEAKITEM;
    if (tag_in(node, block_tags))
        f |= NS_PG_BLOCK;
    return f;
}

/* ---------------------------------------------------------------- index */

/* A class name that says which one of a list this is, not what it is:
 * "odd", "thread-even", "depth-2", "is-active" ... (hashed names like
 * "c-3xk9" say what it is) */
static int state_class(const char *w, size_t n)
{
    size_t d = n;
    while (d > 0 && w[d - 1] >= '0' && w[d - 1] <= '9')
        d--;
    if (d < n && (d == 0 || w[d - 1] == '-' || w[d - 1] == '_'))
        return 1; /* "depth-2", "comment-1201"; not "c-3xk9" */
    static const char *const states[] = {"odd",       "even",         "alt",    "first",  "last",  "active",
                                         "selected",  "parent",       "open",   "closed", "new",   "expanded",
                                         "collapsed", "highlighted",  "unread", "hover",  "focus", "visible",
                                         "byuser",    "bypostauthor", NULL};
    for (const char *const *s = states; *s; s++) {
        size_t l = strlen(*s);
        if (n >= l && !strncasecmp(w + n - l, *s, l) &&
            (n == l || w[n - l - 1] == '-' || w[n - l - 1] == '_'))
            return 1;
    }
    return 0;
}

/* FNV-1a of the tag name and the class names that say what it is. */
static unsigned signature(const xmlNode *n)
{
    unsigned h = 2166136261u;
    for (const unsigned char *c = n->name; c && *c; c++)
        h = (h ^ *c) * 16777619u;
    char *owned;
    const char *v = attr_ref(n, "class", &owned);
    for (size_t i = 0; v && v[i];) {
        while (v[i] == ' ' || (v[i] >= '\t' && v[i] <= '\r'))
            i++;
        size_t a = i;
        while (v[i] && !(v[i] == ' ' || (v[i] >= '\t' && v[i] <= '\r')))
            i++;
        if (i == a || state_class(v + a, i - a))
            continue;
        h = (h ^ ' ') * 16777619u;
        for (size_t k = a; k < i; k++)
            h = (h ^ (unsigned char)v[k]) * 16777619u;
    }
    xmlFree(owned);
    return h;
}

void ns_pg_dom_free(ns_pg_dom *d)
{
    free(d->el);
    memset(d, 0, sizeof *d);
}

static size_t nonspace(const char *s, size_t *commas)
{
    size_t n = 0;
    for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
        if (*u == ' ' || (*u >= '\t' && *u <= '\r'))
            continue;
        n++;
        if (*u == ',')
            (*commas)++;
        if (u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8C)
            (*commas)++; /* ， */
    }
    return n;
}

size_t ns_pg_dom_br_runs(const ns_pg_dom *d, size_t el, size_t *text, size_t *commas, size_t cap)
{
    size_t n = 0;
    int brs = 0; /* <br>s since the last text */
    text[0] = commas[0] = 0;
    for (const xmlNode *c = d->el[el].node->children; c; c = c->next) {
        size_t t = 0, k = 0;
        if (c->type == XML_TEXT_NODE && c->content) {
            t = nonspace((const char *)c->content, &k);
        } else if (c->type == XML_ELEMENT_NODE) {
            size_t id = ns_pg_dom_id(c);
            if (id == SIZE_MAX)
                continue;
            if (ns_pg_tag_is(c, "br")) {
                brs++;
                continue;
            }
            if (d->el[id].flags & NS_PG_BLOCK) {
                brs = 2; /* a block ends the run before it */
                continue;
            }
            t = d->el[id].text, k = d->el[id].commas;
        }
        if (!t)
            continue;
        if (brs >= 2 && text[n] > 0 && n + 1 < cap) {
            n++;
            text[n] = commas[n] = 0;
        }
        brs = 0;
        text[n] += t, commas[n] += k;
    }
    return text[n] > 0 ? n + 1 : n;
}

int ns_pg_dom_index(ns_pg_dom *d, xmlNode *root)
{
    memset(d, 0, sizeof *d);
    d->root = root;
    if (!root)
        return NS_OK;
    class_cache *cc = calloc(1, sizeof *cc); /* NULL: no cache, still correct */
    xmlNode *n = root;
    size_t cur = SIZE_MAX; /* index of n's parent element */
    while (n) {
        int descend = 0;
        if (n->type == XML_ELEMENT_NODE) {
            n->_private = NULL;
            int weight, hidden;
            unsigned f = element_flags(n, &weight, &hidden, cc);
            int skip = hidden || tag_in(n, skip_tags) ||
                       (tag_in(n, skip_unless_comments) && !(f & (NS_PG_REGION | NS_PG_ITEM)));
            if (!skip) {
                if (d->n == d->cap) {
                    size_t nc = d->cap ? d->cap * 2 : 1024;
                    ns_pg_el *q = realloc(d->el, nc * sizeof *q);
                    if (!q) {
                        free(cc);
                        return NS_ESYSTEM;
                    }
                    d->el = q;
                    d->cap = nc;
                }
                ns_pg_el *e = &d->el[d->n];
                memset(e, 0, sizeof *e);
                e->node = n;
                e->parent = cur;
                e->weight = weight;
                e->flags = f;
                e->block = (f & NS_PG_BLOCK) ? d->n : (cur != SIZE_MAX ? d->el[cur].block : SIZE_MAX);
                e->item_anc = SIZE_MAX;
                e->sig = signature(n);
                if (cur != SIZE_MAX) {
                    const ns_pg_el *p = &d->el[cur];
                    if (p->flags & NS_PG_INLINK)
                        e->flags |= NS_PG_INLINK;
                    e->item_anc = (p->flags & NS_PG_ITEM) ? cur : p->item_anc;
                    if (p->flags & (NS_PG_ITEM | NS_PG_REGION | NS_PG_INCOMMENT))
                        e->flags |= NS_PG_INCOMMENT;
                    if ((e->flags & NS_PG_BLOCK) && !ns_pg_tag_is(n, "br"))
                        d->el[cur].flags |= NS_PG_HASBLOCK;
                }
                if (e->flags & (NS_PG_ITEM | NS_PG_REGION))
                    e->flags |= NS_PG_INCOMMENT;
                if (ns_pg_tag_is(n, "a"))
                    e->flags |= NS_PG_INLINK;
                if ((e->flags & NS_PG_NEG) && !(e->flags & NS_PG_POS) && !ns_pg_tag_is(n, "article"))
                    e->flags |= NS_PG_UNLIKELY;
                n->_private = (void *)(uintptr_t)(d->n + 1);
                cur = d->n++;
                e->end = d->n;
                descend = n->children != NULL;
                if (!descend)
                    cur = e->parent;
            }
        } else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content &&
                   cur != SIZE_MAX) {
            size_t commas = 0, t = nonspace((const char *)n->content, &commas);
            ns_pg_el *e = &d->el[cur];
            e->text += t;
            if (e->block != SIZE_MAX)
                d->el[e->block].own += t;
            e->commas += commas;
            if (e->flags & NS_PG_INLINK)
                e->links += t;
        }
        if (descend) {
            n = n->children;
            continue;
        }
        /* next sibling, climbing out of finished elements */
        while (n && n != root && !n->next) {
            n = n->parent;
            if (n && n->type == XML_ELEMENT_NODE && n->_private) {
                d->el[cur].end = d->n;
                cur = d->el[cur].parent;
            }
        }
        if (!n || n == root)
            break;
        n = n->next;
    }
    free(cc);
    for (size_t i = d->n; cur != SIZE_MAX && i-- > 0;) { /* still open at the root */
        if (i == cur) {
            d->el[cur].end = d->n;
            cur = d->el[cur].parent;
        }
    }
    /* totals: children into parents (parents come first) */
    for (size_t i = d->n; i-- > 1;) {
        ns_pg_el *e = &d->el[i];
        if (e->parent == SIZE_MAX)
            continue;
        d->el[e->parent].text += e->text;
        d->el[e->parent].links += e->links;
        d->el[e->parent].commas += e->commas;
    }
    /* a wrapper whose name sounds unlikely ("date-outer", "post-meta-wrap")
     * but that holds the article ("entry-content" ...) is not unlikely */
    size_t *pos = calloc(d->n ? d->n : 1, sizeof *pos);
    if (!pos)
        return NS_ESYSTEM;
    for (size_t i = d->n; i-- > 0;) {
        ns_pg_el *e = &d->el[i];
        if ((e->flags & NS_PG_POS) && !(e->flags & NS_PG_NEG) && e->text > pos[i])
            pos[i] = e->text;
        if ((e->flags & NS_PG_UNLIKELY) && 2 * pos[i] >= e->text && pos[i] > 0)
            e->flags &= ~(unsigned)NS_PG_UNLIKELY;
        if (e->parent != SIZE_MAX && pos[i] > pos[e->parent])
            pos[e->parent] = pos[i];
    }
    free(pos);
    return NS_OK;
}

/* --------------------------------------------------------------- render */

typedef struct rbuf {
    ns_strbuf t;  /* the paragraph being rendered */
    size_t links; /* its bytes inside links */
    int space;    /* a space is due before the next text */
} rbuf;

static void put(rbuf *b, const char *s, size_t n, int link)
{
    sb_put(&b->t, s, n);
    if (link)
        b->links += n;
}

/* Appends text, turning runs of ASCII white space into one space. */
static void put_text(rbuf *b, const char *s, int link, int pre)
{
    for (size_t i = 0; s[i];) {
        if (!pre && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) {
            b->space = 1;
            i++;
            continue;
        }
        if (b->space && b->t.n > 0 && b->t.p[b->t.n - 1] != '\n')
            put(b, " ", 1, 0);
        b->space = 0;
        size_t a = i;
        while (s[i] && (pre || !(s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))))
            i++;
        put(b, s + a, i - a, link);
    }
}

static int flush(rbuf *b, ns_pg_emit_fn emit, void *ctx)
{
    int stop = 0;
    if (b->t.n > 0 && !b->t.oom) {
        size_t a = 0, e = b->t.n;
        ns_pg_trim(b->t.p, &a, &e);
        if (e > a)
            stop = emit(b->t.p + a, e - a, b->links, ctx);
    }
    b->t.n = 0;
    b->links = 0;
    b->space = 0;
    return stop;
}

int ns_pg_dom_render(const ns_pg_dom *d, xmlNode *root, ns_pg_skip_fn skip, ns_pg_emit_fn emit, void *ctx)
{
    return ns_pg_dom_render_n(d, root, skip, emit, ctx, SIZE_MAX);
}

int ns_pg_dom_render_n(const ns_pg_dom *d, xmlNode *root, ns_pg_skip_fn skip, ns_pg_emit_fn emit, void *ctx,
                       size_t budget)
{
    rbuf b = {0};
    int stop = 0, pre = 0, brs = 0;
    xmlNode *n = root ? root->children : NULL;
    while (n && !stop && !b.t.oom && budget-- > 0) {
        int descend = 0;
        size_t id = ns_pg_dom_id(n);
        if (n->type == XML_ELEMENT_NODE && id != SIZE_MAX && !(skip && skip(d, id, ctx))) {
            if (ns_pg_tag_is(n, "br")) {
                if (brs > 0 || b.t.n == 0)
                    stop = flush(&b, emit, ctx);
                else
                    put(&b, "\n", 1, 0);
                b.space = 0;
                brs++;
            } else {
                if (d->el[id].flags & NS_PG_BLOCK) {
                    stop = flush(&b, emit, ctx);
                    brs = 0;
                }
                if (ns_pg_tag_is(n, "pre"))
                    pre++;
                if (ns_pg_tag_is(n, "img") || ns_pg_tag_is(n, "td") || ns_pg_tag_is(n, "th"))
                    b.space = 1;
                descend = n->children != NULL;
                if (!descend && ns_pg_tag_is(n, "pre"))
                    pre--;
            }
        } else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
            const char *s = (const char *)n->content;
            int blank = 1;
            for (const char *c = s; *c && blank; c++)
                blank = *c == ' ' || (*c >= '\t' && *c <= '\r');
            if (!blank)
                brs = 0;
            size_t pid = ns_pg_dom_id(n->parent);
            int link = pid != SIZE_MAX && (d->el[pid].flags & NS_PG_INLINK);
            put_text(&b, s, link, pre > 0);
        }
        if (descend) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next) {
            n = n->parent;
            if (!n || n == root)
                break;
            size_t pid = ns_pg_dom_id(n);
            if (pid != SIZE_MAX && (d->el[pid].flags & NS_PG_BLOCK) && !stop) {
                stop = flush(&b, emit, ctx);
                brs = 0;
            }
            if (ns_pg_tag_is(n, "pre") && pre > 0)
                pre--;
        }
        if (!n || n == root)
            break;
        n = n->next;
    }
    if (!stop && !b.t.oom)
        flush(&b, emit, ctx);
    int oom = b.t.oom;
    sb_free(&b.t);
    return oom ? NS_ESYSTEM : NS_OK;
}
