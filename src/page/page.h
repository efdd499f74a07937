/* page.h — what the page readers share inside src/page (not part of the API;
 * the page structure itself is declared in newssift.h). */
#ifndef NS_PAGE_H
#define NS_PAGE_H

#include "newssift.h"

/* ------------------------------------------------------------------------
 * Internal to src/page: what the readers share.  Not part of the API.
 * ---------------------------------------------------------------------- */

/* A page under construction.  Text readers (spans into the repaired input)
 * fill it with ns_pg_add_*; JSON and HTML readers collect parts in a
 * builder, which lays out the canonical text at the end. */
ns_page *ns_pg_new(void);
int ns_pg_add_paragraph(ns_page *p, size_t *cap, size_t start, size_t end);
int ns_pg_add_comment(ns_page *p, size_t *cap, int has_author, size_t astart, size_t aend, size_t tstart,
                      size_t tend);
/* Sets p->url (a copy of url[0..n), NULL-safe) and p->domain from it. */
int ns_pg_set_url(ns_page *p, const char *url, size_t n);
/* Lower-case host of a URL without "www." and port; NULL if none/OOM.  For
 * a copy kept by an archive or served by a proxy (the Wayback Machine,
 * archive.today, Google's AMP cache and Translate proxy) it is the host of
 * the page copied: the site whose words they are. */
char *ns_pg_domain(const char *url, size_t n);
/* The length of an "http://" or "https://" (any case) that s[0..n) starts
 * with, 0 when none. */
size_t ns_pg_http_prefix(const char *s, size_t n);
/* Where in url[0..n) the URL of the page an archive's copy holds begins
 * ("web.archive.org/web/2024/https://example.com/a": at "https"); 0 when
 * url is no such copy. */
size_t ns_pg_copied_at(const char *url, size_t n);

typedef struct ns_pg_builder {
    char *title; /* trimmed title, NULL when none */
    size_t title_len;
    char *buf; /* paragraph and comment bytes, back to back */
    size_t len, cap;
    struct ns_pg_part {
        size_t off, len, aoff, alen;
        int kind;
    } * parts;
    size_t n_parts, cap_parts;
    int oom; /* an allocation failed: finish returns NS_ESYSTEM */
} ns_pg_builder;

void ns_pg_builder_init(ns_pg_builder *b);
void ns_pg_builder_free(ns_pg_builder *b);
/* Each part is trimmed of surrounding white space (incl. NBSP and other
 * Unicode spaces); empty paragraphs, empty titles and comments with neither
 * author nor text are dropped.  Invalid UTF-8 is repaired. */
void ns_pg_builder_title(ns_pg_builder *b, const char *s, size_t n);
void ns_pg_builder_paragraph(ns_pg_builder *b, const char *s, size_t n);
void ns_pg_builder_comment(ns_pg_builder *b, const char *author, size_t alen, const char *text, size_t tlen);
/* A title that is the first paragraph and a site's name ("Storm hits
 * coast | Herald" over the paragraph "Storm hits coast", as a scraper's
 * Markdown heads its text): the paragraph is the headline, so it leaves
 * the body and the title loses the name.  (A paragraph that is the whole
 * title stays: the page's text says it.) */
void ns_pg_builder_headline_paragraph(ns_pg_builder *b);
/* Lays out title, paragraphs and comments (see the top of this file) into
 * page p; the builder is freed. */
int ns_pg_builder_finish(ns_pg_builder *b, ns_page *p, const char *name, ns_error *err);

/* Readers.  Each gets the raw bytes and fills a fresh page. */
int ns_pg_read_text(ns_page *p, const char *data, size_t len, const char *name, ns_error *err);
int ns_pg_read_json(ns_page *p, const char *data, size_t len, const char *name, ns_error *err);
/* One string of body text into b's paragraphs: markup rendered, else split
 * at blank lines (at single newlines when it has none). */
int ns_pg_text_paragraphs(ns_pg_builder *b, const char *s, size_t n);
int ns_pg_read_html(ns_page *p, const char *data, size_t len, const char *name, ns_error *err);
/* A frame of a saved page (read_mhtml.c): the document an <iframe src=...>
 * showed, found by its Content-ID ("cid:" sources) or its location. */
typedef struct ns_pg_frame {
    const char *id, *location; /* "" when none */
    const char *html;
    size_t len;
    const char *charset; /* the part's, "" when none */
} ns_pg_frame;
/* ns_pg_read_html of a page whose frames are known: each frame's body is
 * read where its <iframe> stands.  charset: the encoding the transport
 * gave (NULL or "": none), taken when the page declares none and is not
 * UTF-8.  saved_url: the URL the page was saved from, for a page whose
 * markup names none (NULL or "": none). */
int ns_pg_read_html_frames(ns_page *p, const char *data, size_t len, const char *charset,
                           const ns_pg_frame *frames, size_t n_frames, const char *saved_url,
                           const char *name, ns_error *err);
/* MHTML (read_mhtml.c): does data start with a MIME web archive's headers,
 * and the page it holds. */
int ns_pg_looks_like_mhtml(const char *data, size_t len);
int ns_pg_read_mhtml(ns_page *p, const char *data, size_t len, const char *name, ns_error *err);
/* A comment section given as one string (trafilatura's "comments") into b's
 * comments, read as a plain-text page's comment section is. */
int ns_pg_text_comments(ns_pg_builder *b, const char *s, size_t n);

/* The HTML reader's view of a parsed document (html_dom.c): every element
 * outside skipped subtrees (script, style, nav, hidden, ...) gets an entry,
 * in document order, parents first; node->_private holds index + 1. */
struct _xmlNode;
enum {
    NS_PG_NEG = 1 << 0,       /* class/id say: not content (nav, share, ad, comment, ...) */
    NS_PG_POS = 1 << 1,       /* class/id say: content (article, entry, story, ...) */
    NS_PG_BLOCK = 1 << 2,     /* a block-level tag */
    NS_PG_HASBLOCK = 1 << 3,  /* has a block-level child */
    NS_PG_ITEM = 1 << 4,      /* one comment (class "comment", id "comment-12", ...) */
    NS_PG_REGION = 1 << 5,    /* the comment area (class/id with "comment", "disqus", ...) */
    NS_PG_INCOMMENT = 1 << 6, /* an item or region, or inside one */
    NS_PG_AUTHOR = 1 << 7,    /* names a comment's author (author, fn, username, cite, ...) */
    NS_PG_META = 1 << 8,      /* dates, reply links, votes, avatars, ... */
    NS_PG_INLINK = 1 << 9,    /* an <a> or inside one */
    NS_PG_UNLIKELY = 1 << 10, /* NEG without POS: never article text */
    NS_PG_CONTENT = 1 << 11,  /* class "comment-content", "text", "message", itemprop=text */
    NS_PG_WEAKITEM = 1 << 12, /* ITEM only by a name that fits an area too ("comment-wrapper") */
    NS_PG_AUTHORED = 1 << 13, /* a block naming its writer (data-author=): a post when a sibling does too */
};
typedef struct ns_pg_el {
    struct _xmlNode *node;
    size_t parent;              /* index, or SIZE_MAX for the root */
    size_t end;                 /* index just past the element's subtree */
    size_t item_anc;            /* nearest NS_PG_ITEM ancestor, or SIZE_MAX */
    size_t text, links, commas; /* non-space text bytes inside; of them in links; commas */
    size_t own;                 /* of text, the bytes not inside a block-level child */
    size_t block;               /* nearest block-level element, itself included, or SIZE_MAX */
    double score;               /* readability score */
    unsigned flags;             /* NS_PG_* */
    int weight;                 /* class/id weight, -50..50 */
    int scored;                 /* score was initialised */
    unsigned sig;               /* hash of tag and class: siblings built alike share it */
} ns_pg_el;
typedef struct ns_pg_dom {
    ns_pg_el *el;
    size_t n, cap;
    struct _xmlNode *root; /* the <html> element (or the document's first element) */
} ns_pg_dom;
int ns_pg_dom_index(ns_pg_dom *d, struct _xmlNode *root);
void ns_pg_dom_free(ns_pg_dom *d);
size_t ns_pg_dom_id(const struct _xmlNode *node); /* SIZE_MAX when not indexed */
/* The paragraphs of element el's own text, as <br><br> or a block child
 * separates them (the blocks' text not counted): each one's non-space
 * bytes and commas into text[] and commas[]; returns how many, at most
 * cap (the last then holds the rest). */
size_t ns_pg_dom_br_runs(const ns_pg_dom *d, size_t el, size_t *text, size_t *commas, size_t cap);
int ns_pg_tag_is(const struct _xmlNode *node, const char *tag);
/* The node after n in document order under root: its first child when
 * descend, else its next sibling or an ancestor's; NULL at the end. */
struct _xmlNode *ns_pg_dom_next(struct _xmlNode *n, const struct _xmlNode *root, int descend);
/* Text of an attribute (malloc'd, NULL when absent or OOM). */
char *ns_pg_attr(const struct _xmlNode *node, const char *name);
/* Renders the blocks under root as paragraphs: white space collapsed, <br>
 * a line break, every block element a boundary.  skip(el, ctx) == 1 leaves
 * an element's subtree out.  emit gets each non-empty paragraph (trimmed)
 * and how many of its bytes were link text; emit returns nonzero to stop. */
typedef int (*ns_pg_skip_fn)(const ns_pg_dom *d, size_t el, void *ctx);
typedef int (*ns_pg_emit_fn)(const char *s, size_t n, size_t link_bytes, void *ctx);
int ns_pg_dom_render(const ns_pg_dom *d, struct _xmlNode *root, ns_pg_skip_fn skip, ns_pg_emit_fn emit,
                     void *ctx);
/* The same, visiting at most budget nodes (for names and titles, which are
 * short: a tag that never closed must not make each of them cost the page). */
int ns_pg_dom_render_n(const ns_pg_dom *d, struct _xmlNode *root, ns_pg_skip_fn skip, ns_pg_emit_fn emit,
                       void *ctx, size_t budget);
/* Markup inside another format (a JSON field holding "<p>...</p>"): does
 * s[0..n) look like HTML, and its paragraphs given to emit (read_html.c).
 * The fragment returns NS_ESYSTEM when out of memory. */
int ns_pg_looks_like_html(const char *s, size_t n);
int ns_pg_html_fragment(const char *s, size_t n, ns_pg_emit_fn emit, void *ctx);
/* Does comment item start with its author's name, in an element of its
 * own?  2: beside a date ("Jane · 3h"), 1: alone, 0: no, -1: out of
 * memory.  strict: a person's name or a user name, not any short words. */
int ns_pg_starts_with_name(const ns_pg_dom *d, size_t item, int strict);
/* No comment marked, no heading: a list of blocks built alike after the
 * article, most starting with a name and a date, is the comments.  best is
 * the article's container; *found says whether one was marked. */
int ns_pg_dom_mark_lists(ns_pg_dom *d, size_t best, int *found);
/* The page's title into the builder (html_title.c); the three strings come
 * from the page's head and may be NULL. */
int ns_pg_html_title(const ns_pg_dom *d, const char *og_title, const char *title, const char *site,
                     ns_pg_builder *b);
/* The comments of the page into the builder (html_comments.c). */
int ns_pg_html_comments(const ns_pg_dom *d, ns_pg_builder *b);
/* A page with no marked comments but a "Comments" heading: marks what
 * follows the heading as comments, before the article is chosen. */
int ns_pg_dom_mark_comments(ns_pg_dom *d);

/* Line classification shared by the text and HTML readers (textscan.c).
 * All take a trimmed piece s[0..n) of valid UTF-8. */
size_t ns_pg_space_at(const char *s, size_t n); /* bytes of one space char, 0 if none */
void ns_pg_trim(const char *s, size_t *start, size_t *end);
/* The end of the line at i in t[0..n): the index of its '\n', or n. */
size_t ns_pg_line_end(const char *t, size_t n, size_t i);
size_t ns_pg_bullet_at(const char *s, size_t n); /* bytes of a bullet + spaces, 0 if none */
int ns_pg_is_date(const char *s, size_t n);      /* "3 days ago", "June 5, 2017 at 3:12 pm" */
int ns_pg_is_boiler(const char *s, size_t n);    /* Reply, Share, dates, "12 likes", ... */
/* Whether s[0..n) has no letter: ASCII figures and signs, and beyond
 * ASCII only punctuation and symbols (lead byte E2) and emoji (F0): "+1",
 * "14 !", "👍", a comment a vote count looks like. */
int ns_pg_no_letters(const char *s, size_t n);
/* A line of hashtags alone ("#Ukraine #Avdiivka"): a post's tags, no body
 * paragraph (a comment may be nothing else, and stays one). */
int ns_pg_is_hashtag_row(const char *s, size_t n);
int ns_pg_has_date(const char *s, size_t n);            /* a date, alone or among "·"-separated pieces */
int ns_pg_is_comments_heading(const char *s, size_t n); /* "3 Comments", "Leave a reply", ... */
int ns_pg_is_form_heading(const char *s, size_t n);     /* the reply form's: "Leave a reply", ... */
/* A heading that also names an article's own section ("Discussion",
 * "Reactions"): comments only when comments follow it. */
int ns_pg_is_weak_heading(const char *s, size_t n);
int ns_pg_is_byline(const char *s, size_t n); /* "By Jane Doe", "Posted on ... by ..." */
/* A line about the article's writer: "Jane Doe is our political correspondent. Follow her on X." */
int ns_pg_author_bio(const char *s, size_t n);
/* A consent wall's, a paywall's or a bot check's text ("We use cookies …
 * Accept all", "Subscribe to continue reading", "Checking your browser"). */
int ns_pg_is_gate(const char *s, size_t n);
int ns_pg_name_like(const char *s, size_t n, int strict);
/* A place after a commenter's name: "Portland, OR", "Leeds, United Kingdom". */
int ns_pg_place_like(const char *s, size_t n);
/* The length of a LinkedIn connection's degree ending s[0..n) ("2nd" in
 * "Sarah Whitfield • 2nd"), or 0. */
size_t ns_pg_degree_suffix(const char *s, size_t n);
/* The whole of s[0..n) is one separator ("·", "•", "|", "–"). */
int ns_pg_is_separator(const char *s, size_t n);
int ns_pg_ends_sentence(const char *s, size_t n); /* last char (before quotes) is . , ; : */
/* The length of the wire dateline that opens s[0..n), dash included
 * ("CHERRY HILL, March 25 - ", "LONDON (Reuters) — "), else 0: a place in
 * capitals, a few words to the dash, and a figure before the dash or a
 * sentence after it ("EXPORT BUSINESS - GRAINS/OILSEEDS COMPLEX" is none). */
size_t ns_pg_dateline(const char *s, size_t n);
/* An author line: "Name says:", "Name wrote: text", "Name · 2 hours ago",
 * "Name on June 5, 2017 at 3:12 pm said:".  Returns 1 and the name's length
 * (from s) and where text on the same line starts (n when none); 0 if not. */
int ns_pg_author_line(const char *s, size_t n, size_t *name_len, size_t *text_at);
/* Narrows [*start, *end) of s to the name: "1. Jane" → "Jane", "Jane → Bob" → "Jane". */
void ns_pg_clean_author(const char *s, size_t *start, size_t *end);
int ns_pg_is_related_heading(const char *s, size_t n); /* "Related", "Read more:", "Also on X" */
/* s ends with "says:"-like words after a name: returns the name length, else n. */
size_t ns_pg_strip_says(const char *s, size_t n);

#endif
