/*
 * test_page.c — the page readers: plain text, JSON and HTML pages, format
 * sniffing, and every bad input the issue names.  Every page read here is
 * checked for the invariants: valid UTF-8 canonical text, NUL-terminated,
 * every span inside it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "page/page.h"

#if defined(__SANITIZE_ADDRESS__)
#define SLOW_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define SLOW_BUILD 1
#endif
#endif
#ifndef SLOW_BUILD
#define SLOW_BUILD 0
#endif

/* ------------------------------------------------------------- helpers */

static void check_span(const ns_page *p, ns_span s)
{
    assert_true(s.start <= s.end);
    assert_true(s.end <= p->len);
}

/* The invariants every page keeps. */
static void check_page(const ns_page *p)
{
    assert_non_null(p);
    assert_non_null(p->text);
    assert_int_equal(p->text[p->len], 0);
    size_t bad = 0;
    assert_true(ns_utf8_valid(p->text, p->len, &bad));
    if (p->has_title) check_span(p, p->title);
    else {
        assert_int_equal(p->title.start, 0);
        assert_int_equal(p->title.end, 0);
    }
    for (size_t i = 0; i < p->n_paragraphs; i++) check_span(p, p->paragraphs[i]);
    for (size_t i = 0; i < p->n_comments; i++) {
        check_span(p, p->comments[i].text);
        check_span(p, p->comments[i].author);
        if (!p->comments[i].has_author) {
            assert_int_equal(p->comments[i].author.start, 0);
            assert_int_equal(p->comments[i].author.end, 0);
        }
    }
}

static char *span_dup(const ns_page *p, ns_span s)
{
    char *r = malloc(s.end - s.start + 1);
    assert_non_null(r);
    memcpy(r, p->text + s.start, s.end - s.start);
    r[s.end - s.start] = 0;
    return r;
}

#define assert_span(p, s, want)                                                         \
    do {                                                                                \
        char *got_ = span_dup((p), (s));                                                \
        assert_string_equal(got_, (want));                                              \
        free(got_);                                                                     \
    } while (0)

/* Reads a page that must be read without error, and checks it. */
static ns_page *read_ok(const char *data, size_t len, ns_page_format fmt)
{
    ns_page *p = NULL;
    ns_error err;
    int rc = ns_page_read(&p, data, len, fmt, "page", &err);
    if (rc != NS_OK) fail_msg("ns_page_read: %d %s", rc, err.msg);
    check_page(p);
    return p;
}

static ns_page *read_str(const char *s, ns_page_format fmt)
{
    return read_ok(s, strlen(s), fmt);
}

/* Reads a page that must fail with code; returns the message. */
static void read_fails(const char *data, size_t len, ns_page_format fmt, int code, char *msg,
                       size_t cap)
{
    ns_page *p = (ns_page *)1;
    ns_error err;
    int rc = ns_page_read(&p, data, len, fmt, "page.json", &err);
    assert_int_equal(rc, code);
    assert_int_equal(err.code, code);
    assert_null(p);
    assert_true(strlen(err.msg) > 0);
    if (msg) snprintf(msg, cap, "%s", err.msg);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0, k;
    char *b = malloc(cap);
    while (b && (k = fread(b + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            char *q = realloc(b, cap *= 2);
            if (!q) { free(b); b = NULL; }
            b = q;
        }
    }
    fclose(f);
    if (b) *len = n;
    return b;
}

/* The example pages: ../shared/examples beside the repository, else the
 * copies in the fuzz corpus. */
static char *example(const char *name, size_t *len)
{
    char path[4096];
    const char *root = getenv("NS_TEST_ROOT");
    const char *dirs[] = {"%s/../shared/examples/%s", "%s/tests/fuzz/corpus/page/%s", NULL};
    for (int i = 0; dirs[i]; i++) {
        snprintf(path, sizeof path, dirs[i], root ? root : ".", name);
        char *d = slurp(path, len);
        if (d) return d;
    }
    fail_msg("example %s not found (run from the repository root)", name);
    return NULL;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A growable string for building big pages. */
typedef struct sb { char *s; size_t n, cap; } sb;
static void sb_add(sb *b, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int k = vsnprintf(b->s ? b->s + b->n : NULL, b->s ? b->cap - b->n : 0, fmt, ap);
        va_end(ap);
        assert_true(k >= 0);
        if (b->s && b->n + (size_t)k < b->cap) { b->n += (size_t)k; return; }
        b->cap = (b->cap + (size_t)k + 1) * 2;
        b->s = realloc(b->s, b->cap);
        assert_non_null(b->s);
    }
}

/* --------------------------------------------------- the example page */

static const char *const ex_title = "Russian Backed Syrian Troops Advance Towards US & UK Special Forces";
static const char *const ex_authors[] = {"Ron Wheeler", "John C Carlton", "Robert Walters"};

static void check_example(const ns_page *p)
{
    assert_true(p->has_title);
    assert_span(p, p->title, ex_title);
    assert_int_equal(p->n_paragraphs, 14);
    assert_span(p, p->paragraphs[0],
                "It looks like the US is heading towards a direct conflict with its Cold War adversary.");
    assert_span(p, p->paragraphs[3], "The Telegraph reports:");
    char *last = span_dup(p, p->paragraphs[13]);
    assert_true(strncmp(last, "The US has sent a clear message", 31) == 0);
    size_t ll = strlen(last);
    assert_string_equal(last + ll - strlen("any serious provocation."), "any serious provocation.");
    free(last);
    assert_int_equal(p->n_comments, 3);
    for (int i = 0; i < 3; i++) {
        assert_true(p->comments[i].has_author);
        assert_span(p, p->comments[i].author, ex_authors[i]);
    }
    char *c0 = span_dup(p, p->comments[0].text);
    assert_true(strncmp(c0, "\xE2\x80\x9CThe US has sent a clear message", 34) == 0);
    assert_non_null(strstr(c0, "at the end of a gun barrow."));
    free(c0);
    char *c2 = span_dup(p, p->comments[2].text);
    assert_true(strncmp(c2, "We need to end the war in Syria", 31) == 0);
    assert_non_null(strstr(c2, "Establish a new government for the people of Syria."));
    assert_non_null(strstr(c2, "Then the governments in Europe"));
    assert_non_null(strstr(c2, "WE ARE ONE NATION UNDER GOD and he\xE2\x80\x99s not a MUSLIM !"));
    free(c2);
    /* no comment text in the body, no body text in a comment */
    for (size_t i = 0; i < p->n_paragraphs; i++)
        assert_true(p->paragraphs[i].end <= p->comments[0].text.start);
}

static void test_text_example(void **state)
{
    (void)state;
    size_t len;
    char *d = example("syria-page.txt", &len);
    ns_page *p = read_ok(d, len, NS_PAGE_TEXT);
    check_example(p);
    /* plain text: spans point into the file itself */
    assert_int_equal(p->len, len);
    assert_memory_equal(p->text, d, len);
    assert_int_equal(p->replaced_bytes, 0);
    /* the last comment runs over its two lines */
    char *c2 = span_dup(p, p->comments[2].text);
    assert_non_null(strchr(c2, '\n'));
    free(c2);
    assert_null(p->url);
    assert_null(p->domain);
    ns_page_free(p);
    /* AUTO picks text */
    p = read_ok(d, len, NS_PAGE_AUTO);
    check_example(p);
    ns_page_free(p);
    free(d);
}

static void test_json_example(void **state)
{
    (void)state;
    size_t len;
    char *d = example("syria-page.json", &len);
    ns_page *p = read_ok(d, len, NS_PAGE_JSON);
    check_example(p);
    /* canonical: title, "\n\n", paragraphs..., author "\n" text */
    assert_int_equal(p->title.start, 0);
    assert_int_equal(p->paragraphs[0].start, p->title.end + 2);
    assert_memory_equal(p->text + p->title.end, "\n\n", 2);
    for (size_t i = 0; i < p->n_comments; i++) {
        assert_int_equal(p->comments[i].text.start, p->comments[i].author.end + 1);
        assert_int_equal(p->text[p->comments[i].author.end], '\n');
    }
    assert_int_equal(p->comments[2].text.end, p->len);
    ns_page_free(p);
    p = read_ok(d, len, NS_PAGE_AUTO);
    check_example(p);
    ns_page_free(p);
    free(d);
}

static void test_html_example(void **state)
{
    (void)state;
    size_t jl, hl;
    char *j = example("syria-page.json", &jl);
    char *h = example("syria-page.html", &hl);
    ns_page *pj = read_ok(j, jl, NS_PAGE_JSON);
    ns_page *ph = read_ok(h, hl, NS_PAGE_HTML);
    check_example(ph);
    /* the same page, so the same canonical text, byte for byte */
    assert_int_equal(pj->len, ph->len);
    assert_memory_equal(pj->text, ph->text, pj->len);
    assert_int_equal(pj->n_paragraphs, ph->n_paragraphs);
    for (size_t i = 0; i < pj->n_paragraphs; i++) {
        assert_int_equal(pj->paragraphs[i].start, ph->paragraphs[i].start);
        assert_int_equal(pj->paragraphs[i].end, ph->paragraphs[i].end);
    }
    for (size_t i = 0; i < pj->n_comments; i++) {
        assert_int_equal(pj->comments[i].author.start, ph->comments[i].author.start);
        assert_int_equal(pj->comments[i].text.end, ph->comments[i].text.end);
    }
    ns_page_free(ph);
    ph = read_ok(h, hl, NS_PAGE_AUTO);
    assert_int_equal(pj->len, ph->len);
    assert_memory_equal(pj->text, ph->text, pj->len);
    ns_page_free(ph);
    ns_page_free(pj);
    free(j);
    free(h);
}

/* ------------------------------------------------ other text layouts */

static void test_text_says_layout(void **state)
{
    (void)state;
    ns_page *p = read_str(
        "Mayor Announces New Budget Plan for City Schools\n\nBy Jane Reporter\nJune 5, 2017\n\n"
        "The mayor on Monday announced a new budget plan that would increase funding.\n\n"
        "\"This is a historic investment in our children,\" the mayor said.\n\n"
        "Share this:\nFacebook\nTwitter\n\n3 Comments\n\n"
        "Tom Baker says:\nJune 5, 2017 at 3:12 pm\nAbout time they did something.\nReply\n\n"
        "Mary Lou says:\nJune 5, 2017 at 4:40 pm\nWhere is the money coming from?\n\nI have seen this before.\nReply\n\n"
        "Steve_99 says:\nJune 6, 2017 at 8:01 am\nTypical politician.\nReply\n\n"
        "Leave a Reply\nYour email address will not be published. Required fields are marked *\n",
        NS_PAGE_TEXT);
    assert_span(p, p->title, "Mayor Announces New Budget Plan for City Schools");
    assert_int_equal(p->n_paragraphs, 2);
    assert_int_equal(p->n_comments, 3);
    assert_span(p, p->comments[0].author, "Tom Baker");
    assert_span(p, p->comments[0].text, "About time they did something.");
    assert_span(p, p->comments[1].author, "Mary Lou");
    assert_span(p, p->comments[1].text, "Where is the money coming from?\n\nI have seen this before.");
    assert_span(p, p->comments[2].author, "Steve_99");
    ns_page_free(p);
}

static void test_text_dot_layout(void **state)
{
    (void)state;
    ns_page *p = read_str(
        "Scientists Discover New Species of Frog\n\n"
        "Researchers have identified a previously unknown species of frog.\n\n"
        "Comments\n\n"
        "Alice Smith \xC2\xB7 2 hours ago\nAmazing discovery!\nLike \xC2\xB7 Reply \xC2\xB7 Share\n\n"
        "bob_1984 \xC2\xB7 5 hours ago\nHow many more species are out there?\nLike \xC2\xB7 Reply\n"
        "Load more comments\n",
        NS_PAGE_AUTO);
    assert_int_equal(p->n_paragraphs, 1);
    assert_int_equal(p->n_comments, 2);
    assert_span(p, p->comments[0].author, "Alice Smith");
    assert_span(p, p->comments[0].text, "Amazing discovery!");
    assert_span(p, p->comments[1].author, "bob_1984");
    assert_span(p, p->comments[1].text, "How many more species are out there?");
    ns_page_free(p);
}

static void test_text_heading_blocks(void **state)
{
    (void)state;
    /* a "Comments" heading, then unbulleted blocks: name line, text lines */
    ns_page *p = read_str("Local Team Wins Championship\n\n"
                          "The local football team won the championship on Saturday.\n\n"
                          "Comments\n\nRon Wheeler\nWhat a game! I was there.\n\n"
                          "Jenny Park\nCongratulations to the whole team.\nThey deserved it.\n",
                          NS_PAGE_TEXT);
    assert_int_equal(p->n_paragraphs, 1);
    assert_int_equal(p->n_comments, 2);
    assert_span(p, p->comments[0].author, "Ron Wheeler");
    assert_span(p, p->comments[1].text, "Congratulations to the whole team.\nThey deserved it.");
    ns_page_free(p);
    /* blocks without names are comments without authors */
    p = read_str("Another Headline Here\n\nBody paragraph one is here.\n\n2 comments\n\n"
                 "This is the first comment, it has no author at all.\n\n"
                 "And this is the second comment.\nReply\n",
                 NS_PAGE_TEXT);
    assert_int_equal(p->n_comments, 2);
    assert_false(p->comments[0].has_author);
    assert_span(p, p->comments[1].text, "And this is the second comment.");
    ns_page_free(p);
    /* a name, then a date line */
    p = read_str("Shutdown Looms as Talks Stall\n\nNegotiations broke down on Friday.\n\n"
                 "12 Comments\nSort by Newest\n\nJane Doe\n3 days ago\nThis is ridiculous.\n"
                 "12 likes Reply\n\nPeter Pan\n4 days ago\nSame story every year.\nReply\n",
                 NS_PAGE_TEXT);
    assert_int_equal(p->n_comments, 2);
    assert_span(p, p->comments[0].author, "Jane Doe");
    assert_span(p, p->comments[0].text, "This is ridiculous.");
    assert_span(p, p->comments[1].author, "Peter Pan");
    ns_page_free(p);
}

static void test_text_more_layouts(void **state)
{
    (void)state;
    /* the example's layout with furniture between the comments */
    ns_page *p = read_str(
        "Troops Advance\n\nFirst body paragraph.\n\nSecond body paragraph.\n\n3 comments\n\n"
        "  \xE2\x80\xA2 Ron Wheeler\n    June 5, 2017 at 3:12 pm\n\n    Oh great.\n\n    Reply\n\n"
        "  \xE2\x80\xA2 John C Carlton\n    3 days ago\n\n    ohh gee\n    second line\n"
        "    Like \xC2\xB7 Reply\nLoad more comments\nLeave a reply\n",
        NS_PAGE_TEXT);
    assert_int_equal(p->n_paragraphs, 2);
    assert_int_equal(p->n_comments, 2);
    assert_span(p, p->comments[0].text, "Oh great.");
    assert_span(p, p->comments[1].author, "John C Carlton");
    assert_span(p, p->comments[1].text, "ohh gee\n    second line");
    ns_page_free(p);
    /* a comment system's own furniture above the comments */
    p = read_str("Markets Rally\n\nStocks rose sharply on Friday.\n\n12 comments\nDaily News Wire\n"
                 "Login\nRecommend\nShare\nSort by Best\nJoin the discussion\xE2\x80\xA6\n\n"
                 "Jane Doe \xE2\x80\xA2 3 years ago\nBuy the dip.\n \xE2\x80\xA2 Reply \xE2\x80\xA2 Share \xE2\x80\xBA\n\n"
                 "Avatar\nPeter Smith \xE2\x80\xA2 3 years ago\nThis will end badly.\n",
                 NS_PAGE_TEXT);
    assert_int_equal(p->n_comments, 2);
    assert_span(p, p->comments[0].author, "Jane Doe");
    assert_span(p, p->comments[0].text, "Buy the dip.");
    assert_span(p, p->comments[1].author, "Peter Smith");
    ns_page_free(p);
    /* "says:" with the date on the same line; "Posted by" lines */
    p = read_str("Title Here\n\nBody paragraph.\n\nRon Wheeler says: June 5, 2017 at 3:12 pm\n"
                 "First comment.\n\nMary says: June 6, 2017 at 1:00 am\nSecond comment.\n",
                 NS_PAGE_TEXT);
    assert_int_equal(p->n_comments, 2);
    assert_span(p, p->comments[0].text, "First comment.");
    ns_page_free(p);
    p = read_str("Title Here\n\nBody paragraph.\n\nComments (2)\n\n"
                 "Posted by Jane Doe on June 5, 2017 at 3:12 pm\nFirst comment.\n\n"
                 "Posted by Max on June 6, 2017\nSecond comment.\n",
                 NS_PAGE_TEXT);
    assert_int_equal(p->n_comments, 2);
    assert_span(p, p->comments[0].author, "Jane Doe");
    assert_span(p, p->comments[1].author, "Max");
    ns_page_free(p);
    /* "• Name: text" comments end a page; a list of key points does not */
    p = read_str("Bullets With Colon\n\nBody paragraph.\n\n\xE2\x80\xA2 Ron Wheeler: I think this is wrong.\n"
                 "\xE2\x80\xA2 Mary Ann: Agreed.\n",
                 NS_PAGE_TEXT);
    assert_int_equal(p->n_comments, 2);
    assert_span(p, p->comments[1].author, "Mary Ann");
    assert_span(p, p->comments[1].text, "Agreed.");
    ns_page_free(p);
    p = read_str("Key Points\n\n\xE2\x80\xA2 Iran: denies any involvement.\n\xE2\x80\xA2 Russia: calls for calm.\n\n"
                 "The article continues.\n\nAnother paragraph.\n\nA third one.\n",
                 NS_PAGE_TEXT);
    assert_int_equal(p->n_comments, 0);
    assert_int_equal(p->n_paragraphs, 5);
    assert_span(p, p->paragraphs[0], "Iran: denies any involvement.");
    ns_page_free(p);
    /* an article's dateline and a quote introduced by "said:" are not comments */
    p = read_str("Talks Collapse\n\nJohn Smith\nJune 5, 2017\n\nParagraph one.\n\nParagraph two.\n\n"
                 "Paragraph three.\n\nParagraph four.\n\nParagraph five.\n\nThe minister said:\n\n"
                 "\"We will not give in.\"\n\nParagraph six.\n\nParagraph seven.\n\nParagraph eight.\n\n"
                 "Paragraph nine.\n\nParagraph ten.\n",
                 NS_PAGE_TEXT);
    assert_int_equal(p->n_comments, 0);
    assert_int_equal(p->n_paragraphs, 12);
    assert_span(p, p->paragraphs[0], "Paragraph one.");
    ns_page_free(p);
}

static void test_text_paragraphs(void **state)
{
    (void)state;
    /* no blank lines: one paragraph a line */
    ns_page *p = read_str("It looks like the economy is slowing down.\n"
                          "The central bank said growth had fallen to 1.2 percent.\n"
                          "Analysts expect further cuts.\n",
                          NS_PAGE_TEXT);
    assert_false(p->has_title);
    assert_int_equal(p->n_paragraphs, 3);
    assert_span(p, p->paragraphs[2], "Analysts expect further cuts.");
    ns_page_free(p);
    /* hard-wrapped text: a block is one paragraph */
    p = read_str("Hard Wrapped Title\n\n"
                 "This is a hard wrapped paragraph of text that goes on for a while and\n"
                 "wraps at about seventy characters per line, as emails do, and it is\n"
                 "one single paragraph.\n\nSecond paragraph.\n",
                 NS_PAGE_TEXT);
    assert_int_equal(p->n_paragraphs, 2);
    assert_int_equal(p->paragraphs[0].end - p->paragraphs[0].start,
                     strlen("This is a hard wrapped paragraph of text that goes on for a while and\n"
                            "wraps at about seventy characters per line, as emails do, and it is\n"
                            "one single paragraph."));
    ns_page_free(p);
    /* CRLF line ends and surrounding spaces stay out of spans */
    p = read_str("Title Line\r\n\r\n  First paragraph.  \r\n\r\nSecond.\r\n", NS_PAGE_TEXT);
    assert_span(p, p->title, "Title Line");
    assert_int_equal(p->n_paragraphs, 2);
    assert_span(p, p->paragraphs[0], "First paragraph.");
    ns_page_free(p);
}

/* ------------------------------------------------------- other HTML */

static void test_html_layouts(void **state)
{
    (void)state;
    /* generic classes, a canonical link, a site suffix in <title> */
    ns_page *p = read_str(
        "<html><head><title>Council Votes to Ban Plastic Bags | The Daily Bugle</title>"
        "<link rel=\"canonical\" href=\"https://www.DailyBugle.com:443/news/bags?x=1\"></head>"
        "<body><div id=\"nav\"><a href=\"/\">Home</a></div><div class=\"main-column\">"
        "<div class=\"story-body\"><p>The city council voted 7-2 on Tuesday to ban plastic bags, "
        "starting next year.</p><p>Supporters said the ban would reduce litter, while opponents "
        "warned of costs.</p></div><div class=\"related\"><ul><li><a href=\"/a\">Council raises "
        "fees</a></li></ul></div></div><section class=\"user-comments\"><h3>2 Comments</h3>"
        "<div class=\"comment\"><span class=\"username\">greenmom</span> <span class=\"timestamp\">"
        "2 hours ago</span><div class=\"text\"><p>Finally!</p></div><a>Reply</a></div>"
        "<div class=\"comment\"><span class=\"username\">TaxpayerJoe</span><div class=\"text\">"
        "<p>Another tax.</p><p>Paper costs more.</p></div></div></section></body></html>",
        NS_PAGE_AUTO);
    assert_span(p, p->title, "Council Votes to Ban Plastic Bags");
    assert_string_equal(p->domain, "dailybugle.com");
    assert_int_equal(p->n_paragraphs, 2);
    assert_int_equal(p->n_comments, 2);
    assert_span(p, p->comments[0].author, "greenmom");
    assert_span(p, p->comments[0].text, "Finally!");
    assert_span(p, p->comments[1].text, "Another tax.\nPaper costs more.");
    ns_page_free(p);

    /* Disqus-like markup: no "comment" class on the items */
    p = read_str("<!DOCTYPE html><html><head><meta property=\"og:title\" content=\"Storm Hits Coast\">"
                 "<meta property=\"og:url\" content=\"http://news.example.org/storm\"></head><body>"
                 "<article><h1>Storm Hits Coast</h1><div class=\"article-content\"><p>A powerful storm "
                 "hit the coast on Sunday, knocking out power.</p></div></article>"
                 "<div id=\"disqus_thread\"><ul id=\"post-list\"><li class=\"post\"><div class=\"post-content\">"
                 "<span class=\"author\"><a href=\"/u/1\">Weather Watcher</a></span><span class=\"post-meta\">"
                 "3 days ago</span><div class=\"post-message\"><p>Stay safe everyone.</p></div></div></li>"
                 "<li class=\"post\"><div class=\"post-content\"><span class=\"author\">Anon123</span>"
                 "<div class=\"post-message\"><p>Climate change is real.</p></div></div></li></ul></div>"
                 "</body></html>",
                 NS_PAGE_AUTO);
    assert_span(p, p->title, "Storm Hits Coast");
    assert_string_equal(p->domain, "news.example.org");
    assert_int_equal(p->n_paragraphs, 1);
    assert_int_equal(p->n_comments, 2);
    assert_span(p, p->comments[0].author, "Weather Watcher");
    assert_span(p, p->comments[1].text, "Climate change is real.");
    ns_page_free(p);

    /* schema.org microdata */
    p = read_str("<html><body><main><h1>Microdata Page</h1><div itemprop=\"articleBody\"><p>First "
                 "paragraph of the article body, long enough to count.</p></div><div>"
                 "<div itemprop=\"comment\" itemscope itemtype=\"https://schema.org/Comment\"><span "
                 "itemprop=\"author\"><span itemprop=\"name\">Dana Scully</span></span><p itemprop=\"text\">"
                 "The truth is out there.</p></div></div></main></body></html>",
                 NS_PAGE_HTML);
    assert_int_equal(p->n_comments, 1);
    assert_span(p, p->comments[0].author, "Dana Scully");
    assert_span(p, p->comments[0].text, "The truth is out there.");
    ns_page_free(p);

    /* no classes at all: a "Comments" heading and "X says:" */
    p = read_str("<html><body><h1>Plain Page</h1><p>This page has no classes at all, only plain "
                 "paragraphs of text in the body.</p><h3>Comments</h3><div><b>Alice</b> says:<p>I "
                 "liked this plain page.</p></div><div><b>Bob Jones</b> says:<p>Me too.</p></div>"
                 "</body></html>",
                 NS_PAGE_HTML);
    assert_int_equal(p->n_paragraphs, 1);
    assert_int_equal(p->n_comments, 2);
    assert_span(p, p->comments[0].author, "Alice");
    assert_span(p, p->comments[1].author, "Bob Jones");
    assert_span(p, p->comments[1].text, "Me too.");
    ns_page_free(p);

    /* names in bold or in a heading inside each comment */
    p = read_str("<html><body><h1>Inline Names</h1><p>The article text of this page is a single paragraph.</p>"
                 "<h2>Comments</h2><ul><li><strong>Jane</strong>: I agree with this.</li><li><strong>Bob "
                 "Smith</strong> &mdash; Nonsense!</li><li><a href=\"/u/x\">xuser</a> wrote: <p>Text.</p></li></ul>"
                 "</body></html>",
                 NS_PAGE_HTML);
    assert_int_equal(p->n_paragraphs, 1);
    assert_int_equal(p->n_comments, 3);
    assert_span(p, p->comments[0].author, "Jane");
    assert_span(p, p->comments[0].text, "I agree with this.");
    assert_span(p, p->comments[1].author, "Bob Smith");
    assert_span(p, p->comments[1].text, "Nonsense!");
    assert_span(p, p->comments[2].author, "xuser");
    assert_span(p, p->comments[2].text, "Text.");
    ns_page_free(p);
    p = read_str("<html><body><div class=\"post-body\"><p>The article text of this page, with a comma, is one "
                 "paragraph.</p></div><div id=\"comments\"><div class=\"c\"><h4>Jane Roe</h4><p>Heading names."
                 "</p></div><div class=\"c\"><h4>Rick</h4><p>Indeed.</p></div></div></body></html>",
                 NS_PAGE_HTML);
    assert_int_equal(p->n_comments, 2);
    assert_span(p, p->comments[0].author, "Jane Roe");
    assert_span(p, p->comments[1].text, "Indeed.");
    ns_page_free(p);
    /* a wrapper whose class mentions comments does not hide the article */
    p = read_str("<html><body><div class=\"wrapper has-comments no-sidebar\"><h1>Hidden By Class</h1><p>The "
                 "article text is inside a wrapper.</p><p>Second paragraph.</p></div></body></html>",
                 NS_PAGE_HTML);
    assert_int_equal(p->n_paragraphs, 2);
    ns_page_free(p);
    /* a comment system's name before "comments" names the area; a word of
     * state ("no-comments") does not */
    p = read_str("<html><body><div class=\"post\"><p>Article text here, long enough to be a paragraph.</p></div>"
                 "<div id=\"discourse-comments\"><article class=\"topic-post\"><span class=\"username\">ann</span>"
                 "<div class=\"cooked\"><p>One.</p></div></article><article class=\"topic-post\"><span "
                 "class=\"username\">bo</span><div class=\"cooked\"><p>Two.</p></div></article></div></body></html>",
                 NS_PAGE_HTML);
    assert_int_equal(p->n_comments, 2);
    assert_span(p, p->comments[1].author, "bo");
    ns_page_free(p);
    p = read_str("<html><body><div class=\"entry no-comments\"><h1>Closed</h1><p>The article text is inside a "
                 "wrapper.</p><p>Second paragraph.</p></div></body></html>",
                 NS_PAGE_HTML);
    assert_int_equal(p->n_paragraphs, 2);
    ns_page_free(p);

    /* class "comments" is the area, its repeated children the comments */
    p = read_str("<html><body><div class=\"post\"><p>Article text here, long enough to be a paragraph.</p></div>"
                 "<div class=\"comments\"><div class=\"comment-body\"><span class=\"author\">Alpha</span><p>First."
                 "</p></div><div class=\"comment-body\"><span class=\"author\">Beta</span><p>Second.</p></div>"
                 "</div></body></html>",
                 NS_PAGE_HTML);
    assert_int_equal(p->n_paragraphs, 1);
    assert_int_equal(p->n_comments, 2);
    assert_span(p, p->comments[1].author, "Beta");
    assert_span(p, p->comments[1].text, "Second.");
    ns_page_free(p);

    /* the site's logo in an <h1> is not the headline */
    p = read_str("<html><head><title>Headline About The Economy &ndash; Daily News Wire</title></head><body>"
                 "<header><h1 class=\"site-title\">Daily News Wire</h1></header><div class=\"content\"><h1>"
                 "Headline About The Economy</h1><p>The economy grew at a steady pace.</p></div></body></html>",
                 NS_PAGE_HTML);
    assert_span(p, p->title, "Headline About The Economy");
    assert_int_equal(p->n_paragraphs, 1);
    ns_page_free(p);
    /* og:site_name cuts the site from og:title; <title> alone loses a short tail */
    p = read_str("<html><head><meta property=\"og:title\" content=\"Rates Rise Again | BEM Times\">"
                 "<meta property=\"og:site_name\" content=\"BEM Times\"></head><body><p>Text.</p></body></html>",
                 NS_PAGE_HTML);
    assert_span(p, p->title, "Rates Rise Again");
    ns_page_free(p);
    p = read_str("<html><head><title>Rates Rise Again For Third Month - BEM Times</title></head><body><p>Text."
                 "</p></body></html>",
                 NS_PAGE_HTML);
    assert_span(p, p->title, "Rates Rise Again For Third Month");
    ns_page_free(p);

    /* an old theme with a threaded reply */
    p = read_str("<html><head><title>Old Theme Post &raquo; My Blog</title></head><body><div class=\"post\">"
                 "<div class=\"entry\"><p>This blog post uses an old theme, with comments below.</p></div>"
                 "</div><ol class=\"commentlist\"><li class=\"comment\" id=\"li-comment-1\"><div id=\"comment-1\">"
                 "<div class=\"comment-author vcard\"><cite class=\"fn\"><a href=\"#\">Kim Lee</a></cite> "
                 "<span class=\"says\">says:</span></div><div class=\"comment-meta\"><a>June 5, 2017 at "
                 "3:12 pm</a></div><p>Nice post.</p><div class=\"reply\"><a>Reply</a></div></div>"
                 "<ul class=\"children\"><li class=\"comment\" id=\"li-comment-2\"><div id=\"comment-2\">"
                 "<div class=\"comment-author\"><cite class=\"fn\">admin</cite> says:</div><p>Thanks Kim!</p>"
                 "</div></li></ul></li></ol></body></html>",
                 NS_PAGE_HTML);
    assert_span(p, p->title, "Old Theme Post");
    assert_int_equal(p->n_comments, 2);
    assert_span(p, p->comments[0].author, "Kim Lee");
    assert_span(p, p->comments[0].text, "Nice post.");
    assert_span(p, p->comments[1].author, "admin");
    assert_span(p, p->comments[1].text, "Thanks Kim!");
    ns_page_free(p);
}

/* -------------------------------------------------------------- JSON */

static void test_json_fields(void **state)
{
    (void)state;
    ns_page *p = read_str("{\"url\": \"HTTPS://www.Example.COM:8080/a/b?c#d\", \"title\": null, "
                          "\"text\": \"one\\ntwo\\nthree\", \"comments\": [{\"text\": \"anon\"}, "
                          "{\"author\": \"A\", \"text\": null}, \"bare\", null]}",
                          NS_PAGE_JSON);
    assert_false(p->has_title);
    assert_string_equal(p->url, "HTTPS://www.Example.COM:8080/a/b?c#d");
    assert_string_equal(p->domain, "example.com");
    assert_int_equal(p->n_paragraphs, 3); /* no blank lines: one a line */
    assert_span(p, p->paragraphs[0], "one");
    assert_int_equal(p->paragraphs[0].start, 0);
    assert_int_equal(p->n_comments, 3);
    assert_false(p->comments[0].has_author);
    assert_span(p, p->comments[0].text, "anon");
    assert_true(p->comments[1].has_author);
    assert_span(p, p->comments[1].author, "A");
    assert_int_equal(p->comments[1].text.start, p->comments[1].text.end);
    assert_span(p, p->comments[2].text, "bare");
    assert_string_equal(p->text, "one\n\ntwo\n\nthree\n\nanon\n\nA\n\n\nbare");
    ns_page_free(p);

    /* blank lines split paragraphs; CRLF becomes LF */
    p = read_str("{\"title\": \" T \", \"text\": \"a\\r\\nb\\r\\n\\r\\nc\"}", NS_PAGE_JSON);
    assert_span(p, p->title, "T");
    assert_int_equal(p->n_paragraphs, 2);
    assert_span(p, p->paragraphs[0], "a\nb");
    ns_page_free(p);

    /* an empty object is a page with nothing in it */
    p = read_str("{}", NS_PAGE_JSON);
    assert_int_equal(p->len, 0);
    assert_int_equal(p->n_paragraphs + p->n_comments, 0);
    ns_page_free(p);
}

static void test_json_wrong_types(void **state)
{
    (void)state;
    char msg[512];
    const char *s = "{\"comments\": [{\"author\": \"a\", \"text\": \"x\"}, {}, {\"author\": 5}]}";
    read_fails(s, strlen(s), NS_PAGE_JSON, NS_EINPUT, msg, sizeof msg);
    assert_string_equal(msg, "page.json: \"comments\"[2].author: expected a string or an object with a name");
    s = "{\"title\": 1}";
    read_fails(s, strlen(s), NS_PAGE_JSON, NS_EINPUT, msg, sizeof msg);
    assert_string_equal(msg, "page.json: \"title\": expected a string");
    s = "{\"text\": [\"a\"]}";
    read_fails(s, strlen(s), NS_PAGE_JSON, NS_EINPUT, msg, sizeof msg);
    assert_string_equal(msg, "page.json: \"text\": expected a string");
    s = "{\"url\": {}}";
    read_fails(s, strlen(s), NS_PAGE_JSON, NS_EINPUT, msg, sizeof msg);
    assert_string_equal(msg, "page.json: \"url\": expected a string");
    s = "{\"comments\": {\"author\": \"a\"}}";
    read_fails(s, strlen(s), NS_PAGE_JSON, NS_EINPUT, msg, sizeof msg);
    assert_string_equal(msg, "page.json: \"comments\": expected an array");
    s = "{\"text\": \"Body.\", \"discussion\": {\"total\": 1, \"items\": [{\"text\": true}]}}";
    read_fails(s, strlen(s), NS_PAGE_JSON, NS_EINPUT, msg, sizeof msg);
    assert_string_equal(msg, "page.json: \"discussion\".items[0].text: expected a string");
    s = "{\"comments\": [{\"text\": true}]}";
    read_fails(s, strlen(s), NS_PAGE_JSON, NS_EINPUT, msg, sizeof msg);
    assert_string_equal(msg, "page.json: \"comments\"[0].text: expected a string");
    s = "{\"comments\": [42]}";
    read_fails(s, strlen(s), NS_PAGE_JSON, NS_EINPUT, msg, sizeof msg);
    assert_string_equal(msg, "page.json: \"comments\"[0]: expected an object");
    s = "[1, 2]";
    read_fails(s, strlen(s), NS_PAGE_JSON, NS_EINPUT, msg, sizeof msg);
    assert_string_equal(msg, "page.json: [0]: expected an object (a page or a comment)");
    s = "[{\"kind\": \"Listing\", \"data\": {\"children\": [{\"data\": {\"title\": \"T\"}}]}},"
        " {\"data\": {\"children\": [{\"data\": {\"body\": 7, \"text\": true}}]}}]";
    read_fails(s, strlen(s), NS_PAGE_JSON, NS_EINPUT, msg, sizeof msg);
    assert_string_equal(msg, "page.json: [1].data.children[0].data.text: expected a string");
    s = "{\"comments\": {\"kind\": \"Listing\", \"data\": {\"children\": [{\"author\": 7, \"body\": \"x\"}]}}}";
    read_fails(s, strlen(s), NS_PAGE_JSON, NS_EINPUT, msg, sizeof msg);
    assert_string_equal(msg, "page.json: \"comments\".data.children[0].author: expected a string or an object with a name");
    s = "{\"title\": {\"rendered\": 3}}";
    read_fails(s, strlen(s), NS_PAGE_JSON, NS_EINPUT, msg, sizeof msg);
    assert_string_equal(msg, "page.json: \"title\": expected a string");
    s = "{\"objects\": [{\"title\": \"T\", \"text\": 5}]}";
    read_fails(s, strlen(s), NS_PAGE_JSON, NS_EINPUT, msg, sizeof msg);
    assert_string_equal(msg, "page.json: \"objects\"[0].\"text\": expected a string");
}

/* Synonyms scrapers use, taken only when the documented field is absent;
 * a synonym of an unusable type is passed over, a documented field of the
 * wrong type is still an error, also in a nested reply. */
static void test_json_synonyms(void **state)
{
    (void)state;
    ns_page *p = read_str("{\"headline\": \"H\", \"body\": [\"one\", {\"text\": \"two\"}, 3],"
                          " \"replies\": [{\"user\": {\"name\": \"Ann\"}, \"message\": \"hi\","
                          " \"children\": [{\"username\": \"bob\", \"content\": \"<p>a</p><p>b</p>\"}]},"
                          " {\"author\": {\"id\": 3}, \"body\": \"no name\"}]}",
                          NS_PAGE_JSON);
    assert_span(p, p->title, "H");
    assert_int_equal(p->n_paragraphs, 2);
    assert_span(p, p->paragraphs[1], "two");
    assert_int_equal(p->n_comments, 3);
    assert_span(p, p->comments[0].author, "Ann");
    assert_span(p, p->comments[1].author, "bob");
    assert_span(p, p->comments[1].text, "a\nb");
    assert_false(p->comments[2].has_author);
    assert_string_equal(p->text, "H\n\none\n\ntwo\n\nAnn\nhi\n\nbob\na\nb\n\nno name");
    ns_page_free(p);

    /* the documented names win; synonyms of other types are passed over */
    p = read_str("{\"title\": \"T\", \"headline\": 5, \"text\": \"x\", \"body\": \"y\","
                 " \"replies\": 7, \"comments\": null}", NS_PAGE_JSON);
    assert_string_equal(p->text, "T\n\nx");
    assert_int_equal(p->n_comments, 0);
    ns_page_free(p);

    /* markup in a body string becomes paragraphs; "<3" is not markup */
    p = read_str("{\"content\": \"<p>One &amp; two.</p>\\n<p>Three.<br><br>Four.</p>\"}", NS_PAGE_JSON);
    assert_int_equal(p->n_paragraphs, 3);
    assert_span(p, p->paragraphs[0], "One & two.");
    ns_page_free(p);
    p = read_str("{\"text\": \"<3 love it\"}", NS_PAGE_JSON);
    assert_span(p, p->paragraphs[0], "<3 love it");
    ns_page_free(p);

    /* research crawlers' names: news-please's "maintext", goose3's
     * "cleaned_text" and "final_url" */
    p = read_str("{\"title\": \"T\", \"maintext\": \"m\", \"url\": \"https://e.com/a\"}", NS_PAGE_JSON);
    assert_string_equal(p->text, "T\n\nm");
    ns_page_free(p);
    p = read_str("{\"title\": \"T\", \"cleaned_text\": \"c\", \"final_url\": \"https://e.com/a\"}", NS_PAGE_JSON);
    assert_string_equal(p->text, "T\n\nc");
    assert_string_equal(p->url, "https://e.com/a");
    ns_page_free(p);

    /* a page one level down */
    p = read_str("{\"article\": {\"title\": \"In\", \"body\": \"b\"}, \"comments\": [\"c\"]}", NS_PAGE_JSON);
    assert_string_equal(p->text, "In\n\nb\n\nc");
    ns_page_free(p);

    char msg[512];
    const char *s = "{\"comments\": [{\"text\": \"a\", \"replies\": [{\"text\": \"b\"}, {\"text\": 1}]}]}";
    read_fails(s, strlen(s), NS_PAGE_JSON, NS_EINPUT, msg, sizeof msg);
    assert_string_equal(msg, "page.json: \"comments\"[0].replies[1].text: expected a string");
    s = "{\"article\": {\"title\": [1]}}";
    read_fails(s, strlen(s), NS_PAGE_JSON, NS_EINPUT, msg, sizeof msg);
    assert_string_equal(msg, "page.json: \"article\".\"title\": expected a string");
}

/* The line classes the readers share (textscan.c), on the forms the
 * layouts in tests/data/pages use. */
static int author_of(const char *line, char *out, size_t cap)
{
    size_t nl, ta;
    if (!ns_pg_author_line(line, strlen(line), &nl, &ta)) return 0;
    snprintf(out, cap, "%.*s", (int)nl, line);
    return 1;
}

static void test_line_classes(void **state)
{
    (void)state;
    char name[128];
    assert_true(author_of("Marjorie Tate said...", name, sizeof name));
    assert_string_equal(name, "Marjorie Tate");
    assert_true(author_of("concerned_mom wrote on 11/14/2006 10:02 PM:", name, sizeof name));
    assert_string_equal(name, "concerned_mom");
    assert_true(author_of("Maria Gonzalez\t2 days ago", name, sizeof name));
    assert_string_equal(name, "Maria Gonzalez");
    assert_true(author_of("pavlov 3 hours ago | parent | next [\xE2\x80\x93]", name, sizeof name));
    assert_string_equal(name, "pavlov");
    assert_true(author_of("Mykola P. \xC2\xB7 12 min", name, sizeof name));
    assert_string_equal(name, "Mykola P.");
    assert_false(author_of("Trump said the talks would go on.", name, sizeof name));
    assert_false(author_of("the meeting 3 days ago", name, sizeof name));
    /* the Daily Mail's "Name, Town, Country, date" */
    assert_true(author_of("Bob from Leeds, Leeds, United Kingdom, 2 hours ago", name, sizeof name));
    assert_string_equal(name, "Bob from Leeds");
    /* the date after the name, before the first comma */
    assert_true(author_of("Mike Ferraro March 3, 2026 at 9:12 pm", name, sizeof name));
    assert_string_equal(name, "Mike Ferraro");
    assert_true(author_of("April Smith March 3, 2026", name, sizeof name));
    assert_string_equal(name, "April Smith");
    assert_false(author_of("Yes, London, 2012 was the best year", name, sizeof name));
    const char *bio = "Jane Doe is the Daily Ledger's political correspondent. Follow her on X.";
    assert_true(ns_pg_author_bio(bio, strlen(bio)));
    bio = "Jane Doe is expected to resign on Friday, officials said.";
    assert_false(ns_pg_author_bio(bio, strlen(bio)));
    assert_true(ns_pg_place_like("Portland, OR", 12));
    assert_true(ns_pg_place_like("Leeds, United Kingdom", 21));
    assert_false(ns_pg_place_like("Aug. 2", 6));
    assert_false(ns_pg_place_like("This is a sentence, really.", 27));

    const char *s = "1. Carol Benning";
    size_t a = 0, e = strlen(s);
    ns_pg_clean_author(s, &a, &e);
    assert_int_equal(a, 3);
    assert_int_equal(e, strlen(s));
    s = "Dale Hutchins \xE2\x86\x92 Margaret Oyelaran";
    a = 0, e = strlen(s);
    ns_pg_clean_author(s, &a, &e);
    assert_int_equal(e - a, strlen("Dale Hutchins"));
    s = "Tom B  Sarah K"; /* Disqus's reply line, its arrow icon lost */
    a = 0, e = strlen(s);
    ns_pg_clean_author(s, &a, &e);
    assert_int_equal(e - a, strlen("Tom B"));
    s = "Tom B\tSarah K";
    a = 0, e = strlen(s);
    ns_pg_clean_author(s, &a, &e);
    assert_int_equal(e - a, strlen("Tom B"));
    s = "Kiwi in Berlin @kiwi_berlin"; /* X: name and handle */
    a = 0, e = strlen(s);
    ns_pg_clean_author(s, &a, &e);
    assert_int_equal(e - a, strlen("Kiwi in Berlin"));
    s = "@kiwi_berlin"; /* a handle alone is the name */
    a = 0, e = strlen(s);
    ns_pg_clean_author(s, &a, &e);
    assert_int_equal(e - a, strlen(s));
    s = "James O'Neill \xE2\x80\xA2 3rd+"; /* LinkedIn: the connection's degree */
    a = 0, e = strlen(s);
    ns_pg_clean_author(s, &a, &e);
    assert_int_equal(e - a, strlen("James O'Neill"));
    assert_int_equal(ns_pg_degree_suffix("Sarah Whitfield \xC2\xB7 2nd", 22), 3);
    assert_int_equal(ns_pg_degree_suffix("Henry the 3rd", 13), 0);
    assert_int_equal(ns_pg_degree_suffix("Anna 2nd", 8), 0);
    assert_true(ns_pg_is_separator("\xC2\xB7", 2));
    assert_false(ns_pg_is_separator("\xC2\xB7 5h", 5));

    assert_true(ns_pg_is_date("12 min", 6));
    assert_true(ns_pg_is_date("3 days", 6));
    /* a reading time stands where a date does ("5 min read · Mar 2, 2024")
     * and is furniture like it */
    assert_true(ns_pg_is_date("12 min read", 11));
#define BYLINE(x) ns_pg_is_byline(x, strlen(x))
    assert_true(BYLINE("Jane Doe, Political Correspondent"));
    assert_true(BYLINE("By Jane Doe"));
    assert_false(BYLINE("Jane Doe, the council's editor, said the wall would be fixed."));
    assert_false(BYLINE("Storms, floods and the editor"));
    /* a time stamp has a figure near its word, or is short; a headline
     * flagged as updated is neither */
    assert_true(BYLINE("Updated at 10:17 p.m. ET"));
    assert_true(BYLINE("submitted 7 hours ago by neuro_nerd to r/science"));
    assert_true(BYLINE("Last updated on 12 March 2026"));
    assert_true(BYLINE("Posted in Politics"));
    assert_false(BYLINE("UPDATED Regime air raids kill 42 near Syria capital New toll"));
    assert_false(BYLINE("Updated guidance tells schools to keep windows open all winter"));
#undef BYLINE
#define DATELINE(x) ns_pg_dateline(x, strlen(x))
    assert_int_equal(DATELINE("CHERRY HILL, March 25 - The Travelers Corp said it would buy"), 24);
    assert_int_equal(DATELINE("LONDON (Reuters) - Shares fell"), 19);
    assert_int_equal(DATELINE("WASHINGTON \xE2\x80\x94 The Senate voted"), 15);
    assert_int_equal(DATELINE("TRENTON, N.J., April 7 -- The state said"), 26);
    /* a headline in capitals with a dash, a sentence with one, a name */
    assert_int_equal(DATELINE("EXPORT BUSINESS - GRAINS/OILSEEDS COMPLEX"), 0);
    assert_int_equal(DATELINE("The council said - again - that the bridge is safe"), 0);
    assert_int_equal(DATELINE("US stocks fell on Monday - the worst day in a month"), 0);
    assert_int_equal(DATELINE("Obama, Trump - the debate"), 0);
    assert_int_equal(DATELINE("OPEC WANTS 18 DLR OIL PRICE - OAPEC OFFICIAL"), 0);
    /* a date before the dash makes it one, whatever follows */
    assert_int_equal(DATELINE("JOHANNESBURG, April 7 - 1ST QTR TO MARCH 31"), 24);
#undef DATELINE
#define SIGNS(x) ns_pg_no_letters(x, strlen(x))
    assert_true(SIGNS("+1"));
    assert_true(SIGNS("14 !"));
    assert_true(SIGNS("\xF0\x9F\x91\x8D\xE2\x80\xA6")); /* thumbs up, ellipsis */
    assert_false(SIGNS("Reply"));
    assert_false(SIGNS("12 likes"));
    assert_false(SIGNS("\xC3\xA9t\xC3\xA9")); /* "été" */
    assert_false(SIGNS("\xD9\x86\xD8\xB9\xD9\x85")); /* Arabic "yes" */
#undef SIGNS
#define GATE(x) ns_pg_is_gate(x, strlen(x))
    assert_true(GATE("We use cookies and data to deliver and maintain services."));
    assert_true(GATE("If you choose to 'Accept all', we will also use cookies and data to develop services."));
    assert_true(GATE("Subscribe to continue reading. Already a subscriber? Sign in."));
    assert_true(GATE("Checking your browser before accessing example.com"));
    assert_false(GATE("Google will phase out third-party cookies, a privacy campaigner said on Monday."));
    assert_false(GATE("The council said it would accept the report's findings."));
#undef GATE
    assert_true(ns_pg_is_date("5 minute read", 13));
    assert_false(ns_pg_is_date("I read it 3 days ago.", 21));
#define BOILER(x) ns_pg_is_boiler(x, strlen(x))
    assert_true(BOILER("Leave a Reply Cancel reply"));
    assert_true(BOILER("level 2"));           /* a thread's depth */
    assert_true(BOILER("\xC2\xB7 5h"));        /* "· 5h": a date after a separator */
    assert_true(BOILER("| edited 2h"));
    assert_true(BOILER("3h  \xC2\xB7 "));            /* Facebook: the date before the audience icon */
    assert_false(BOILER("Putin is a liar \xC2\xB7")); /* not a date before it */
    assert_false(BOILER("#Ukraine #Avdiivka"));     /* a post's tags: no body, but a comment may be them */
    assert_true(ns_pg_is_hashtag_row("#Ukraine #Avdiivka", 18));
    assert_false(ns_pg_is_hashtag_row("#1 in the charts again this week", 32));
    assert_false(ns_pg_is_hashtag_row("# of votes", 10));
    assert_true(BOILER("\xF0\x9F\x91\x81 48.2K  edited  11:40")); /* Telegram's views */
    assert_false(BOILER("\xF0\x9F\x91\x81 They are watching every move you make online, and they will not stop."));
    assert_true(BOILER("harbourherald.example"));   /* a shared link's preview names its site */
    assert_true(BOILER("BBC.CO.UK"));
    assert_false(BOILER("U.S."));
    assert_true(BOILER("Continue this thread"));
    assert_false(BOILER("\xC2\xB7 Putin is a liar"));
    assert_true(BOILER("Listen to this article \xC2\xB7 5:12 min Learn more"));
    assert_true(BOILER("The Bundestag in Berlin.Credit...Hannibal Hanschke/Reuters"));
    assert_false(BOILER("They deserve the credit... for now, at least."));
    assert_true(BOILER("Associated Press writer Jill Lawless contributed to this report."));
    assert_true(BOILER("Image caption, Crews worked through the night"));
    assert_true(BOILER("CLICK HERE TO GET THE FOX NEWS APP"));
    assert_false(BOILER("Photographs of the flood were shared widely."));
    assert_false(BOILER("| a real comment here"));
    assert_true(BOILER("Hacker News new | past | comments | ask | show | jobs"));
    assert_true(BOILER("412 points by nalgeon 3 hours ago | hide | past | favorite | 238 comments"));
    assert_true(BOILER("We use cookies to give you the best experience. Accept"));
    assert_true(BOILER("Sign in or create your account to join the discussion."));
    assert_true(BOILER("Copyright 2023 The Associated Press. All rights reserved."));
    assert_false(BOILER("Rail fares will rise by 3.1 per cent in January, the biggest rise in five years."));
    assert_false(BOILER("Agreed."));
    assert_true(BOILER("Sign up to our free daily newsletter for the latest headlines, delivered every morning."));
    assert_true(BOILER("Have a story? Email us at news@gazette.example or call 0800 123 456."));
    assert_true(BOILER("More on this story"));
    assert_false(BOILER("Sign up rates for the scheme fell by a third, the council said."));
    assert_true(BOILER("Home > World > Europe"));
    assert_true(BOILER("News \xE2\x80\xBA UK \xE2\x80\xBA Politics"));
    assert_false(BOILER("Prices rose 3% in May > 2% in April"));
    assert_false(BOILER("He said costs > benefits > risks in the long run, and left."));
    assert_true(BOILER("Terms of Use"));
    assert_true(BOILER("Disqus' Privacy Policy"));
    assert_true(BOILER("OR SIGN UP WITH DISQUS"));
    assert_true(BOILER("Give Award"));
    assert_true(BOILER("[removed]"));
    assert_true(BOILER("Be respectful. Comments are moderated."));
    assert_true(BOILER("Display threads"));
    assert_true(BOILER("Loading comments\xE2\x80\xA6 Trouble loading?"));
    assert_true(BOILER("READ MORE: 'We have been forgotten': islanders on the winter timetable and what it means "
                       "for families who rely on the boat"));
#undef BOILER
    assert_true(ns_pg_is_related_heading("Also on The Valley Ledger", 25));
    assert_true(ns_pg_is_related_heading("Read more:", 10));
    assert_false(ns_pg_is_related_heading("Related news was scarce that week.", 34));
    assert_true(ns_pg_is_comments_heading("Discussion", 10));
    assert_true(ns_pg_is_form_heading("Leave a Reply", 13));
    assert_false(ns_pg_is_form_heading("12 Comments", 11));
}

/* Text layouts beyond the example's: the page set in tests/data/pages has
 * the full versions; these keep the rules visible here. */
static void test_text_new_layouts(void **state)
{
    (void)state;
    /* a text browser's dump: reference marks and the "References" list
     * are blanked, the text keeping its length (spans point into the
     * file); a page that only cites "[1]" keeps its marks */
    const char *dump = "[1]Home [2]News [3]Sport\n\nCouncil delays vote on bus lanes\n\nThe council [4]put off a "
                       "vote on Wednesday.\n\nReferences\n\n   1. https://x.example/\n   2. https://x.example/news\n";
    ns_page *d = read_str(dump, NS_PAGE_TEXT);
    assert_int_equal(d->len, strlen(dump));
    assert_null(strstr(d->text, "[4]"));
    assert_null(strstr(d->text, "https://"));
    assert_non_null(strstr(d->text, "The council    put off a vote"));
    ns_page_free(d);
    /* Markdown: link, heading and bold marks blanked, lengths kept; text
     * with no Markdown link keeps its stars */
    const char *md = "# Council delays vote\n\nThe council [put off](/v) a vote on **Wednesday**, [it said](/s).\n";
    d = read_str(md, NS_PAGE_TEXT);
    assert_int_equal(d->len, strlen(md));
    assert_span(d, d->title, "Council delays vote");
    assert_null(strstr(d->text, "]("));
    assert_null(strstr(d->text, "**"));
    ns_page_free(d);
    d = read_str("Film review\n\nRated **** by critics, it opens on Friday.\n", NS_PAGE_TEXT);
    assert_non_null(strstr(d->text, "Rated ****"));
    ns_page_free(d);
    d = read_str("Study finds sleep helps memory\n\nSleep helps memory [1], as earlier work [2] and [3] found.\n\n"
                 "References\n\nSmith, J. (2020). Sleep. Nature.\n",
                 NS_PAGE_TEXT);
    assert_non_null(strstr(d->text, "memory [1], as"));
    assert_non_null(strstr(d->text, "Smith, J."));
    ns_page_free(d);

    /* a standfirst under the headline, a byline over a date, a lone name
     * above "Reader comments" that is the article's */
    ns_page *p = read_str("Bottle scheme delayed until 2027\n\nMinisters blame the devolved governments\n\n"
                          "Helena Horton\n19 Jan 2024 14.15 GMT\n\nA scheme has been delayed again.\n\n"
                          "Reader comments (2)\n\nGreenGrocer\n19 Jan 2024 14:40\nNot complicated.\nReport\n",
                          NS_PAGE_TEXT);
    assert_span(p, p->title, "Bottle scheme delayed until 2027");
    assert_int_equal(p->n_paragraphs, 1);
    assert_span(p, p->paragraphs[0], "A scheme has been delayed again.");
    assert_int_equal(p->n_comments, 1);
    assert_span(p, p->comments[0].author, "GreenGrocer");
    assert_span(p, p->comments[0].text, "Not complicated.");
    ns_page_free(p);

    /* comments signed after their text */
    p = read_str("Title of the story here\n\nBody text of the story.\n\nComments\n\nGlad it's over.\n"
                 "Posted by: Donna K | April 14, 2022 at 09:12 AM\n\nLet them vote.\nSarah Hill, Glasgow\n",
                 NS_PAGE_TEXT);
    assert_int_equal(p->n_comments, 2);
    assert_span(p, p->comments[0].author, "Donna K");
    assert_span(p, p->comments[0].text, "Glad it's over.");
    assert_span(p, p->comments[1].author, "Sarah Hill");
    ns_page_free(p);

    /* "Name: text" lines open comments inside a comment section only */
    p = read_str("Council Approves Budget\n\nKey votes:\nChancellor: David Marsh voted yes.\n\nComments\n\n"
                 "Jane Doe: I agree with this.\nNote: this is not a name.\nMark Li: Nonsense.\n",
                 NS_PAGE_TEXT);
    assert_int_equal(p->n_paragraphs, 2);
    assert_int_equal(p->n_comments, 2);
    assert_span(p, p->comments[0].author, "Jane Doe");
    assert_span(p, p->comments[0].text, "I agree with this.\nNote: this is not a name.");
    assert_span(p, p->comments[1].author, "Mark Li");
    ns_page_free(p);

    /* "Reactions" over prose is a section of the article, not comments */
    p = read_str("Parliament Passes Climate Bill\n\nThe bill passed on Tuesday.\n\nReactions\n\n"
                 "The prime minister said the vote was a historic step for the country and its children.\n",
                 NS_PAGE_TEXT);
    assert_int_equal(p->n_paragraphs, 2);
    assert_int_equal(p->n_comments, 0);
    ns_page_free(p);

    /* links under a "Related" heading and a newsletter box are not the body */
    p = read_str("A Headline With Several Words\n\nFirst paragraph of the story.\n\nSign up for our briefing\n"
                 "The news you need, delivered to your inbox.\n\nLast paragraph.\n\nRelated\n\n"
                 "Fire chief to retire after 31 years\nBudget hearing set for Thursday\n",
                 NS_PAGE_TEXT);
    assert_int_equal(p->n_paragraphs, 2);
    assert_span(p, p->paragraphs[1], "Last paragraph.");
    ns_page_free(p);
}

/* HTML comments found by structure, not by class names. */
static void test_html_structure(void **state)
{
    (void)state;
    const char *art = "<html><body><div class=a><h1>A Headline For The Test</h1><p>The article's only paragraph, "
                      "long enough to be the article, with commas, and more.</p></div>";
    char buf[4096];
    /* a bare <dl> under a heading: the <dt> names the author of the <dd> */
    snprintf(buf, sizeof buf, "%s<h3>Comments</h3><dl><dt>Pete Rollins, 14 June 2019</dt><dd>Two years.</dd>"
             "<dt>Sue Menzies</dt><dd>At last!</dd></dl><div id=foot>Westport Gazette</div></body></html>", art);
    ns_page *p = read_str(buf, NS_PAGE_HTML);
    assert_int_equal(p->n_comments, 2);
    assert_span(p, p->comments[0].author, "Pete Rollins");
    assert_span(p, p->comments[1].text, "At last!");
    ns_page_free(p);

    /* an <article> per comment with its author in an <h3> of its <header> */
    snprintf(buf, sizeof buf, "%s<section id=comments><h2>2 comments</h2><article><header><h3>Beth Lawson</h3>"
             "<time>2 days ago</time></header><p>We got six hens.</p><footer><a>Reply</a></footer></article>"
             "<article><header><h3>marcus_7</h3></header><p>Funny how.</p></article></section></body></html>", art);
    p = read_str(buf, NS_PAGE_HTML);
    assert_int_equal(p->n_comments, 2);
    assert_span(p, p->comments[0].author, "Beth Lawson");
    assert_span(p, p->comments[0].text, "We got six hens.");
    assert_span(p, p->comments[1].author, "marcus_7");
    ns_page_free(p);

    /* no marks, no heading: repeated blocks of a name beside a date, then text */
    snprintf(buf, sizeof buf, "%s<div class=x1><div class=k9><div><span>Luca B.</span> <span>25/04/2024 09:12</span>"
             "</div><div>Five euros will not stop anyone.</div></div><div class=k9><div><span>Margaret Hill</span>"
             "<span>2h</span></div><div>We visited last year.</div></div></div></body></html>", art);
    p = read_str(buf, NS_PAGE_HTML);
    assert_int_equal(p->n_paragraphs, 1);
    assert_int_equal(p->n_comments, 2);
    assert_span(p, p->comments[1].author, "Margaret Hill");
    assert_span(p, p->comments[1].text, "We visited last year.");
    ns_page_free(p);

    /* nor is an article's own "Reactions" section */
    p = read_str("<html><body><article><h1>Parliament Passes Climate Bill</h1><p>The bill passed by 320 votes "
                 "on Tuesday, after a long debate.</p><h2>Reactions</h2><p>The prime minister said the vote was "
                 "historic.</p><p>The opposition said it would cost families.</p></article></body></html>",
                 NS_PAGE_HTML);
    assert_int_equal(p->n_paragraphs, 3);
    assert_int_equal(p->n_comments, 0);
    ns_page_free(p);

    /* but a list of story links is not comments */
    snprintf(buf, sizeof buf, "%s<div class=more><div class=c><a href=#><h3>Stocks rally as inflation cools "
             "again</h3></a><span>2h</span><p>Markets rose.</p></div><div class=c><a href=#><h3>Airline fined over "
             "late refunds</h3></a><span>3h</span><p>The fine was large.</p></div></div></body></html>", art);
    p = read_str(buf, NS_PAGE_HTML);
    assert_int_equal(p->n_comments, 0);
    ns_page_free(p);
}

static void test_json_malformed(void **state)
{
    (void)state;
    char msg[512];
    const char *s = "{\n  \"title\": \"a\",\n  \"text\": oops\n}";
    read_fails(s, strlen(s), NS_PAGE_JSON, NS_EINPUT, msg, sizeof msg);
    assert_true(strncmp(msg, "page.json:3: column ", 20) == 0);
    s = "{\"title\": \"a\"";
    read_fails(s, strlen(s), NS_PAGE_AUTO, NS_EINPUT, msg, sizeof msg);
    assert_true(strncmp(msg, "page.json:1: column ", 20) == 0);
    s = "{\"title\": \"\xFF\"}"; /* invalid UTF-8 is malformed JSON */
    read_fails(s, strlen(s), NS_PAGE_JSON, NS_EINPUT, msg, sizeof msg);
    assert_true(ns_utf8_valid(msg, strlen(msg), NULL));
    s = "{\"text\": \"a\\u0000b\"}";
    read_fails(s, strlen(s), NS_PAGE_JSON, NS_EINPUT, NULL, 0);
    s = "{} {}";
    read_fails(s, strlen(s), NS_PAGE_JSON, NS_EINPUT, NULL, 0);
}

/* --------------------------------------------------------- sniffing */

static void test_sniff(void **state)
{
    (void)state;
    assert_int_equal(ns_page_sniff("  \n{\"a\":1}", 10), NS_PAGE_JSON);
    assert_int_equal(ns_page_sniff("\xEF\xBB\xBF{}", 5), NS_PAGE_JSON);
    assert_int_equal(ns_page_sniff("<!DOCTYPE html><p>", 18), NS_PAGE_HTML);
    assert_int_equal(ns_page_sniff("<HTML>", 6), NS_PAGE_HTML);
    assert_int_equal(ns_page_sniff("\n <div class=x>", 15), NS_PAGE_HTML);
    assert_int_equal(ns_page_sniff("<p>hi", 5), NS_PAGE_HTML);
    assert_int_equal(ns_page_sniff("<!-- c --><html>", 16), NS_PAGE_HTML);
    assert_int_equal(ns_page_sniff("<3 love this", 12), NS_PAGE_TEXT);
    assert_int_equal(ns_page_sniff("<pineapple>", 11), NS_PAGE_TEXT);
    assert_int_equal(ns_page_sniff("Title\n\nBody", 11), NS_PAGE_TEXT);
    assert_int_equal(ns_page_sniff("", 0), NS_PAGE_TEXT);
    assert_int_equal(ns_page_format_from_name("html"), NS_PAGE_HTML);
    assert_int_equal(ns_page_format_from_name("json"), NS_PAGE_JSON);
    assert_int_equal(ns_page_format_from_name("text"), NS_PAGE_TEXT);
    assert_int_equal(ns_page_format_from_name("auto"), NS_PAGE_AUTO);
    assert_int_equal(ns_page_format_from_name("pdf"), -1);
}

static void test_domains(void **state)
{
    (void)state;
    struct { const char *url, *want; } t[] = {
        {"http://www.Example.com/x", "example.com"}, {"https://user:pw@news.bbc.co.uk:443/", "news.bbc.co.uk"},
        {"//cdn.example.org/a", "cdn.example.org"}, {"example.net/path", "example.net"},
        {"https://WWW.foo.com.", "foo.com"}, {"http://[::1]:8080/", "::1"},
        {"mailto:a@b.c", NULL}, {"/relative/path", NULL}, {"http://", NULL},
        {"http://bad host/", NULL}, {"www.", "www"},
        /* an archive's or a proxy's copy: the site copied */
        {"https://web.archive.org/web/20240302101500/https://www.infowars.com/posts/storm", "infowars.com"},
        {"https://web.archive.org/web/2024id_/http://infowars.com/x", "infowars.com"},
        {"https://web.archive.org/web/2024/infowars.com/x", "infowars.com"},
        {"http://archive.ph/2024.03.02-101500/https://www.bbc.co.uk/news/1", "bbc.co.uk"},
        {"https://web.archive.org/web/2024/https://archive.ph/2024/https://www.bbc.co.uk/news", "bbc.co.uk"},
        {"https://www-infowars-com.cdn.ampproject.org/c/s/www.infowars.com/posts/storm", "infowars.com"},
        {"https://www-foo--bar-com.translate.goog/x?_x_tr_sl=auto", "foo-bar.com"},
        {"https://archive.ph/AbCdE", "archive.ph"},         /* a short link names no page */
        {"https://web.archive.org/web/2024/", "web.archive.org"}, /* nor does this */
        {"https://example.com/?u=https://other.org/", "example.com"},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        char *d = ns_pg_domain(t[i].url, strlen(t[i].url));
        if (!t[i].want) assert_null(d);
        else {
            assert_non_null(d);
            assert_string_equal(d, t[i].want);
        }
        free(d);
    }
    const char *wb = "https://web.archive.org/web/20240302101500/https://www.infowars.com/posts/storm";
    assert_string_equal(wb + ns_pg_copied_at(wb, strlen(wb)), "https://www.infowars.com/posts/storm");
    assert_int_equal(ns_pg_copied_at("https://example.com/a", 21), 0);
}

/* ------------------------------------------------------- bad inputs */

static void test_no_title(void **state)
{
    (void)state;
    ns_page *p = read_str("This page starts with a sentence, so it has no title.\n\nSecond paragraph.\n",
                          NS_PAGE_TEXT);
    assert_false(p->has_title);
    assert_int_equal(p->n_paragraphs, 2);
    ns_page_free(p);
    p = read_str("{\"text\": \"Body only.\"}", NS_PAGE_JSON);
    assert_false(p->has_title);
    assert_int_equal(p->n_paragraphs, 1);
    ns_page_free(p);
    p = read_str("<html><body><p>Body only, no title anywhere.</p></body></html>", NS_PAGE_HTML);
    assert_false(p->has_title);
    assert_int_equal(p->n_paragraphs, 1);
    ns_page_free(p);
}

static void test_no_body(void **state)
{
    (void)state;
    ns_page *p = read_str("Title Without Body\n\n  \xE2\x80\xA2 Jane Roe\n\n    First!\n\n"
                          "  \xE2\x80\xA2 Max Mustermann\n\n    Second.\n",
                          NS_PAGE_TEXT);
    assert_true(p->has_title);
    assert_int_equal(p->n_paragraphs, 0);
    assert_int_equal(p->n_comments, 2);
    assert_span(p, p->comments[1].author, "Max Mustermann");
    ns_page_free(p);
    p = read_str("{\"title\": \"T\", \"comments\": [{\"author\": \"a\", \"text\": \"b\"}]}", NS_PAGE_JSON);
    assert_int_equal(p->n_paragraphs, 0);
    assert_int_equal(p->n_comments, 1);
    assert_string_equal(p->text, "T\n\na\nb");
    ns_page_free(p);
    p = read_str("<html><head><title>Only a title</title></head><body></body></html>", NS_PAGE_HTML);
    assert_true(p->has_title);
    assert_int_equal(p->n_paragraphs, 0);
    ns_page_free(p);
}

static void test_only_comments(void **state)
{
    (void)state;
    ns_page *p = read_str("\xE2\x80\xA2 Jane Roe\n    First comment here.\n"
                          "\xE2\x80\xA2 Max Mustermann\n    Second comment,\n    on two lines.\n",
                          NS_PAGE_AUTO);
    assert_false(p->has_title);
    assert_int_equal(p->n_paragraphs, 0);
    assert_int_equal(p->n_comments, 2);
    assert_span(p, p->comments[0].author, "Jane Roe");
    assert_span(p, p->comments[1].text, "Second comment,\n    on two lines.");
    ns_page_free(p);
    p = read_str("Comments\n\nFirst comment.\n\nSecond comment.\n", NS_PAGE_TEXT);
    assert_int_equal(p->n_paragraphs, 0);
    assert_int_equal(p->n_comments, 2);
    ns_page_free(p);
    p = read_str("{\"comments\": [{\"author\": \"a\", \"text\": \"b\"}, {\"text\": \"c\"}]}", NS_PAGE_JSON);
    assert_false(p->has_title);
    assert_int_equal(p->n_paragraphs, 0);
    assert_int_equal(p->n_comments, 2);
    ns_page_free(p);
}

static void test_many_comments(void **state)
{
    (void)state;
    const int N = 50000;
    double limit = SLOW_BUILD ? 10.0 : 1.0;
    sb t = {0}, j = {0}, h = {0};
    sb_add(&t, "A Page With Fifty Thousand Comments\n\nThe article is short.\n\n");
    sb_add(&j, "{\"title\": \"T\", \"text\": \"The article is short.\", \"comments\": [");
    sb_add(&h, "<html><body><h1>T</h1><div class=\"entry-content\"><p>The article is short, "
               "but long enough.</p></div><ol class=\"comment-list\">");
    for (int i = 0; i < N; i++) {
        sb_add(&t, "  \xE2\x80\xA2 Reader %d\n\n    Comment number %d, with an opinion.\n\n", i % 1000, i);
        sb_add(&j, "%s{\"author\": \"Reader %d\", \"text\": \"Comment %d.\"}", i ? ", " : "", i % 1000, i);
        sb_add(&h, "<li class=\"comment\"><cite class=\"fn\">Reader %d</cite><div class=\"comment-content\">"
                   "<p>Comment %d.</p></div></li>", i % 1000, i);
    }
    sb_add(&j, "]}");
    sb_add(&h, "</ol></body></html>");

    double t0 = now();
    ns_page *p = read_ok(t.s, t.n, NS_PAGE_TEXT);
    double dt = now() - t0;
    assert_int_equal(p->n_comments, (size_t)N);
    assert_int_equal(p->n_paragraphs, 1);
    assert_span(p, p->comments[N - 1].author, "Reader 999");
    assert_span(p, p->comments[N - 1].text, "Comment number 49999, with an opinion.");
    ns_page_free(p);
    print_message("# text page, %d comments: %.3f s\n", N, dt);
    assert_true(dt < limit);

    t0 = now();
    p = read_ok(j.s, j.n, NS_PAGE_JSON);
    dt = now() - t0;
    assert_int_equal(p->n_comments, (size_t)N);
    ns_page_free(p);
    print_message("# JSON page, %d comments: %.3f s\n", N, dt);
    assert_true(dt < limit);

    t0 = now();
    p = read_ok(h.s, h.n, NS_PAGE_HTML);
    dt = now() - t0;
    assert_int_equal(p->n_comments, (size_t)N);
    assert_span(p, p->comments[N - 1].text, "Comment 49999.");
    ns_page_free(p);
    print_message("# HTML page, %d comments: %.3f s\n", N, dt);
    assert_true(dt < 3 * limit); /* most of it is libxml2 building the tree */
    free(t.s);
    free(j.s);
    free(h.s);
}

static void test_binary_junk(void **state)
{
    (void)state;
    uint64_t x = 0x9E3779B97F4A7C15u;
    for (int round = 0; round < 20; round++) {
        size_t n = 1 + (size_t)(round * 997) % 5000;
        unsigned char *d = malloc(n);
        assert_non_null(d);
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            d[i] = (unsigned char)(x >> 24);
            if (i % 37 == 0) d[i] = 0;
        }
        if (round == 1) d[0] = '<';
        if (round == 2) d[0] = '{';
        for (int f = NS_PAGE_AUTO; f <= NS_PAGE_JSON; f++) {
            ns_page *p = NULL;
            ns_error err;
            int rc = ns_page_read(&p, (const char *)d, n, (ns_page_format)f, "junk", &err);
            if (rc == NS_OK) {
                check_page(p);
                if (f == NS_PAGE_TEXT && n > 100) assert_true(p->replaced_bytes > 0);
                ns_page_free(p);
            } else {
                assert_int_equal(rc, NS_EINPUT);
                assert_null(p);
                assert_true(strncmp(err.msg, "junk", 4) == 0);
            }
        }
        free(d);
    }
    /* invalid bytes in text become U+FFFD, counted */
    ns_page *p = read_str("Title\xFF\n\nBody \xC3\x28 text.\n", NS_PAGE_TEXT);
    assert_int_equal(p->replaced_bytes, 2);
    assert_span(p, p->title, "Title\xEF\xBF\xBD");
    ns_page_free(p);
    /* in HTML that declares no charset and holds no multi-byte UTF-8,
     * they are windows-1252 (a legacy page that lost its HTTP header) */
    p = read_str("<html><body><p>caf\xE9 au lait, \x93hot\x94 \xFF</p></body></html>", NS_PAGE_HTML);
    assert_int_equal(p->n_paragraphs, 1);
    assert_int_equal(p->replaced_bytes, 0);
    assert_span(p, p->paragraphs[0], "caf\xC3\xA9 au lait, \xE2\x80\x9Chot\xE2\x80\x9D \xC3\xBF");
    ns_page_free(p);
    /* with multi-byte UTF-8 elsewhere they are damage, repaired */
    p = read_str("<html><body><p>caf\xC3\xA9 au lait, \xFF</p></body></html>", NS_PAGE_HTML);
    assert_int_equal(p->replaced_bytes, 1);
    assert_span(p, p->paragraphs[0], "caf\xC3\xA9 au lait, \xEF\xBF\xBD");
    ns_page_free(p);
    /* a declared single-byte charset is honoured */
    p = read_str("<html><head><meta charset=\"iso-8859-1\"></head><body><p>caf\xE9</p></body></html>",
                 NS_PAGE_HTML);
    assert_int_equal(p->n_paragraphs, 1);
    assert_span(p, p->paragraphs[0], "caf\xC3\xA9");
    ns_page_free(p);
}

/* A page with a UTF-16 byte-order mark is read as its UTF-8; a lone
 * surrogate and an odd last byte become U+FFFD, counted. */
static void test_utf16(void **state)
{
    (void)state;
    static const char le[] = "\xFF\xFE"
                             "T\0i\0t\0l\0e\0 \0\xAC\x20\n\0\n\0" /* "Title €" */
                             "B\0o\0d\0y\0 \0\x3D\xD8\x00\xDE.\0"   /* "Body 😀." */
                             "\x00\xD8!\0"                                 /* lone surrogate, "!" */
                             "x";                                            /* odd byte */
    ns_page *p = read_ok(le, sizeof le - 1, NS_PAGE_AUTO);
    assert_span(p, p->title, "Title \xE2\x82\xAC");
    assert_int_equal(p->n_paragraphs, 1);
    assert_span(p, p->paragraphs[0], "Body \xF0\x9F\x98\x80.\xEF\xBF\xBD!\xEF\xBF\xBD");
    assert_int_equal(p->replaced_bytes, 2);
    ns_page_free(p);
    static const char be[] = "\xFE\xFF\0<\0p\0>\0c\0a\0f\0\xE9\0<\0/\0p\0>";
    p = read_ok(be, sizeof be - 1, NS_PAGE_AUTO);
    assert_int_equal(p->n_paragraphs, 1);
    assert_span(p, p->paragraphs[0], "caf\xC3\xA9");
    ns_page_free(p);
    /* a byte-order mark alone is an empty page */
    char msg[256];
    read_fails("\xFF\xFE", 2, NS_PAGE_AUTO, NS_EINPUT, msg, sizeof msg);
}

/* An imageboard thread copied as text: the OP is the article (its subject
 * the title), each reply a comment by its poster; file lines and the
 * OP's references are no text; one post header alone is no thread. */
static void test_imageboard_thread(void **state)
{
    (void)state;
    const char *t = "Storm coverup Anonymous (ID: Xk3vP9aQ)  03/04/24(Mon)11:40:02 No.462019283\n"
                    "File: storm.jpg (84 KB, 800x450)\n"
                    "storm.jpg\n"
                    "They are hiding the real death toll from the storm.\n"
                    "Anonymous 03/04/24(Mon)11:42 No.462019411\n"
                    ">>462019283 (OP)\n"
                    "Source? Every paper reported the same figures.\n"
                    "Jim !Tr1pC0de 03/04/24(Mon) 11:45:50 No. 462019602\n"
                    "Exactly. Bump.\n";
    ns_page *p = read_str(t, NS_PAGE_TEXT);
    assert_span(p, p->title, "Storm coverup");
    assert_int_equal(p->n_paragraphs, 1);
    assert_span(p, p->paragraphs[0], "They are hiding the real death toll from the storm.");
    assert_int_equal(p->n_comments, 2);
    assert_span(p, p->comments[0].author, "Anonymous");
    assert_span(p, p->comments[0].text, "Source? Every paper reported the same figures."); /* after the quote */
    assert_span(p, p->comments[1].author, "Jim !Tr1pC0de");
    assert_span(p, p->comments[1].text, "Exactly. Bump.");
    ns_page_free(p);
    /* one header: a page about a post, read as any text page */
    p = read_str("Anonymous 03/04/24(Mon)11:42 No.462019411 was the first to post it.\n\n"
                 "The claim spread from there to other sites within the hour.\n", NS_PAGE_TEXT);
    assert_int_equal(p->n_comments, 0);
    ns_page_free(p);
}

/* A web page saved as MHTML: the root part found and decoded (quoted-
 * printable with soft breaks, base64), a frame's body read where its
 * <iframe> stood, the part's charset for HTML that declares none, the
 * saved URL for a page that names none; and the files it refuses. */
static void test_mhtml(void **state)
{
    (void)state;
    static const char chrome[] =
        "From: <Saved by Blink>\r\n"
        "Snapshot-Content-Location: https://www.example.co.uk/news/a\r\n"
        "Subject: =?utf-8?Q?Storm_hits?=\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/related;\r\n"
        "\ttype=\"text/html\";\r\n"
        "\tboundary=\"----MultipartBoundary--x1----\"\r\n\r\n\r\n"
        "------MultipartBoundary--x1----\r\n"
        "Content-Type: text/html\r\n"
        "Content-ID: <frame-A@mhtml.blink>\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        "<html><head><title>Storm hits the coast</title></head><body><article><h1>Storm hits the c=\r\n"
        "oast</h1><p>The storm reached the coast on Monday night and cut power to thou=\r\n"
        "sands of homes, the utility said.</p><p>Caf=C3=A9s on the seafront stayed sh=\r\n"
        "ut on Tuesday as crews cleared the roads.</p></article><div id=3D\"comments\">=\r\n"
        "<iframe src=3D\"cid:frame-B@mhtml.blink\">no frames</iframe></div></body></html>\r\n"
        "------MultipartBoundary--x1----\r\n"
        "Content-Type: image/png\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n"
        "iVBORw0KGgo=\r\n"
        "------MultipartBoundary--x1----\r\n"
        "Content-Type: text/html\r\n"
        "Content-ID: <frame-B@mhtml.blink>\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n"
        /* <ul><li class="comment"><span class="author">Ann</span><p>Stay safe everyone.</p></li></ul> */
        "PHVsPjxsaSBjbGFzcz0iY29tbWVudCI+PHNwYW4gY2xhc3M9ImF1dGhvciI+QW5uPC9zcGFuPjxw\r\n"
        "PlN0YXkgc2FmZSBldmVyeW9uZS48L3A+PC9saT48L3VsPg==\r\n"
        "------MultipartBoundary--x1------\r\n";
    assert_int_equal(ns_page_sniff(chrome, sizeof chrome - 1), NS_PAGE_MHTML);
    ns_page *p = read_ok(chrome, sizeof chrome - 1, NS_PAGE_AUTO);
    assert_span(p, p->title, "Storm hits the coast");
    assert_string_equal(p->url, "https://www.example.co.uk/news/a");
    assert_string_equal(p->domain, "example.co.uk");
    assert_int_equal(p->n_paragraphs, 2);
    assert_span(p, p->paragraphs[0],
                "The storm reached the coast on Monday night and cut power to thousands of homes, the utility said.");
    assert_span(p, p->paragraphs[1], "Caf\xC3\xA9s on the seafront stayed shut on Tuesday as crews cleared the roads.");
    assert_int_equal(p->n_comments, 1);
    assert_span(p, p->comments[0].author, "Ann");
    assert_span(p, p->comments[0].text, "Stay safe everyone.");
    ns_page_free(p);

    /* LF line ends, a part's charset (ISO-8859-2) for HTML that declares
     * none, an unquoted boundary, a file cut short before its last
     * boundary, and an <iframe> of the page itself (no frame part: it
     * stays out) */
    static const char latin2[] =
        "MIME-Version: 1.0\n"
        "Content-Type: multipart/related; boundary=b42\n\n"
        "preamble\n"
        "--b42\n"
        "Content-Type: text/html; charset=\"iso-8859-2\"\n"
        "Content-Location: http://gazeta.example.pl/a.html\n\n"
        "<html><body><h1>Za\xBF\xF3\xB3\xE6</h1><p>Za\xBF\xF3\xB3\xE6 g\xEA\xB6l\xB1 ja\xBC\xF1, "
        "napisa\xB3 nasz reporter w poniedzia\xB3" "ek.</p>"
        "<iframe src=\"http://gazeta.example.pl/a.html\"></iframe></body></html>\n"
        "--b42\n"
        "Content-Type: text/css\n\n"
        "p { color: red }";
    p = read_ok(latin2, sizeof latin2 - 1, NS_PAGE_MHTML);
    assert_string_equal(p->url, "http://gazeta.example.pl/a.html");
    assert_int_equal(p->n_paragraphs, 1);
    assert_span(p, p->paragraphs[0],
                "Za\xC5\xBC\xC3\xB3\xC5\x82\xC4\x87 g\xC4\x99\xC5\x9Bl\xC4\x85 ja\xC5\xBA\xC5\x84, "
                "napisa\xC5\x82 nasz reporter w poniedzia\xC5\x82" "ek.");
    assert_int_equal(p->replaced_bytes, 0);
    ns_page_free(p);

    /* not MHTML: a text page that opens with a line like a header */
    assert_int_equal(ns_page_sniff("Update: storm hits coast\n\nThe storm.", 37), NS_PAGE_TEXT);
    assert_int_equal(ns_page_sniff("From: Ann\nSubject: hi\n\nHello", 30), NS_PAGE_TEXT);
    assert_int_equal(ns_page_format_from_name("mhtml"), NS_PAGE_MHTML);
    assert_int_equal(ns_page_format_from_name("mht"), NS_PAGE_MHTML);

    char msg[256];
    static const char no_boundary[] = "MIME-Version: 1.0\nContent-Type: multipart/related\n\n<p>x</p>";
    read_fails(no_boundary, sizeof no_boundary - 1, NS_PAGE_AUTO, NS_EINPUT, msg, sizeof msg);
    assert_non_null(strstr(msg, "names no boundary"));
    static const char no_html[] = "Content-Type: multipart/related; boundary=\"q\"\n\n--q\n"
                                  "Content-Type: image/gif\n\nGIF89a\n--q--\n";
    read_fails(no_html, sizeof no_html - 1, NS_PAGE_AUTO, NS_EINPUT, msg, sizeof msg);
    assert_non_null(strstr(msg, "none of its 1 parts is HTML"));
    read_fails("Hello there\n\nA page.", 20, NS_PAGE_MHTML, NS_EINPUT, msg, sizeof msg);
    assert_non_null(strstr(msg, "no Content-Type header"));
}

/* The URL a saved page notes: Chrome's "saved from url=(N)" comment,
 * SingleFile's; not "about:internet", not over a canonical link. */
static void test_saved_from_notes(void **state)
{
    (void)state;
    static const char *const pages[][2] = {
        {"<!DOCTYPE html>\n<!-- saved from url=(0041)https://www.example.com/world/storm-hits -->\n"
         "<html><head><title>Storm</title></head><body><p>The storm reached the coast on Monday night.</p>"
         "</body></html>",
         "https://www.example.com/world/storm-hits"},
        {"<!DOCTYPE html> <html lang=\"en\"><!--\n Page saved with SingleFile \n url: "
         "https://www.example.com/world/storm-hits \n saved date: Mon Mar 04 2024\n--><head><title>Storm</title>"
         "</head><body><p>The storm reached the coast on Monday night.</p></body></html>",
         "https://www.example.com/world/storm-hits"},
        {"<!-- saved from url=(0014)about:internet -->\n<html><head><title>Storm</title></head><body>"
         "<p>The storm reached the coast on Monday night.</p></body></html>",
         NULL},
        {"<!-- saved from url=(0041)https://www.example.com/world/storm-hits -->\n<html><head>"
         "<link rel=\"canonical\" href=\"https://www.example.com/storm\"><title>Storm</title></head><body>"
         "<p>The storm reached the coast on Monday night.</p></body></html>",
         "https://www.example.com/storm"},
    };
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        ns_page *p = read_str(pages[i][0], NS_PAGE_AUTO);
        if (pages[i][1])
            assert_string_equal(p->url, pages[i][1]);
        else
            assert_null(p->url);
        ns_page_free(p);
    }
}

/* A page saved with its HTTP response heads ("curl -i -L"): the body read
 * in the format and charset the last head names, the URL from the
 * redirect; a status line without headers after it is text. */
static void test_http_response_head(void **state)
{
    (void)state;
    static const char html[] =
        "HTTP/1.1 301 Moved Permanently\r\nLocation: https://gazeta.example.pl/a.html\r\n\r\n"
        "HTTP/1.1 100 Continue\r\n\r\n"
        "HTTP/2 200 \r\ncontent-type: text/html; charset=ISO-8859-2\r\nx-cache: HIT\r\n\r\n"
        "<html><body><p>Burza dotar\xB3" "a do wybrze\xBF" "a w poniedzia\xB3" "ek w nocy.</p></body></html>";
    ns_page *p = read_ok(html, sizeof html - 1, NS_PAGE_AUTO);
    assert_string_equal(p->url, "https://gazeta.example.pl/a.html");
    assert_int_equal(p->n_paragraphs, 1);
    assert_span(p, p->paragraphs[0], "Burza dotar\xC5\x82" "a do wybrze\xC5\xBC" "a w poniedzia\xC5\x82" "ek w nocy.");
    ns_page_free(p);
    static const char json[] = "HTTP/1.1 200 OK\nContent-Type: application/json\n\n"
                               "{\"title\": \"Storm hits\", \"text\": \"The storm reached the coast.\"}";
    p = read_ok(json, sizeof json - 1, NS_PAGE_AUTO);
    assert_span(p, p->title, "Storm hits");
    assert_int_equal(p->n_paragraphs, 1);
    ns_page_free(p);
    /* no header lines after the status line: a text page about it */
    p = read_str("HTTP/1.1 404 Not Found\nThe page you asked for is gone.\n\nMore text here.", NS_PAGE_AUTO);
    assert_span(p, p->title, "HTTP/1.1 404 Not Found");
    ns_page_free(p);
    /* a head and nothing after it */
    char msg[256];
    static const char head_only[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    read_fails(head_only, sizeof head_only - 1, NS_PAGE_AUTO, NS_EINPUT, msg, sizeof msg);
    assert_non_null(strstr(msg, "empty page"));
}

/* A chat exported as text: the longest message is the article, the
 * others comments; iOS's "[date, time] Name: text", a left-to-right mark,
 * a narrow space before PM, system lines and "image omitted" left out. */
static void test_chat_export(void **state)
{
    (void)state;
    ns_page *p = read_str("[02/03/2024, 10:15:23] Uncle Bob: \xE2\x80\x8Eimage omitted\n"
                          "\xE2\x80\x8E[02/03/2024, 10:15:40] Uncle Bob: URGENT!!! The grid goes off "
                          "tomorrow.\nMy friend at the council confirmed it.\n"
                          "[02/03/2024, 10:17:05] Ann Porter: Is this true?\n"
                          "[02/03/2024, 10:18:00] Messages and calls are end-to-end encrypted.\n"
                          "[2/3/24, 10:20:11\xE2\x80\xAFPM] Dev Malik: This is fake.\n",
                          NS_PAGE_TEXT);
    assert_false(p->has_title);
    assert_int_equal(p->n_paragraphs, 2);
    assert_span(p, p->paragraphs[0], "URGENT!!! The grid goes off tomorrow.");
    assert_int_equal(p->n_comments, 2);
    assert_span(p, p->comments[0].author, "Ann Porter");
    assert_span(p, p->comments[1].author, "Dev Malik");
    assert_span(p, p->comments[1].text, "This is fake.");
    ns_page_free(p);
    /* one dated line is no chat: a page that starts with a date stays a page */
    p = read_str("02/03/2024, 10:15 - Update: roads are closed\n\nThe storm hit the coast.\n", NS_PAGE_TEXT);
    assert_int_equal(p->n_comments, 0);
    ns_page_free(p);
}

/* A comment that opens by quoting another ("> …" lines) is spanned from
 * its own words; one that is all quote, or ">_<", keeps its text. */
static void test_comment_quotes(void **state)
{
    (void)state;
    ns_page *p = read_str("{\"title\": \"T\", \"text\": \"Body.\", \"comments\": ["
                          "{\"author\": \"A\", \"text\": \"> quoted line\\n>\\n> more\\n\\nMy reply.\"},"
                          "{\"author\": \"B\", \"text\": \"> only a quote\"},"
                          "{\"author\": \"C\", \"text\": \">_< so sad\"}]}",
                          NS_PAGE_JSON);
    assert_int_equal(p->n_comments, 3);
    assert_span(p, p->comments[0].text, "My reply.");
    assert_span(p, p->comments[1].text, "> only a quote");
    assert_span(p, p->comments[2].text, ">_< so sad");
    ns_page_free(p);
}

/* An array of whole pages is refused, not read as one page whose
 * comments are all the pages' (the second page's article was lost). */
static void test_json_array_of_pages(void **state)
{
    (void)state;
    char msg[256];
    const char *two = "[{\"title\": \"A\", \"url\": \"https://a.example/1\", \"text\": \"Body a.\"},"
                      " {\"title\": \"B\", \"url\": \"https://a.example/2\", \"text\": \"Body b.\"}]";
    read_fails(two, strlen(two), NS_PAGE_JSON, NS_EINPUT, msg, sizeof msg);
    assert_non_null(strstr(msg, "[1]: a second page"));
    /* a forum thread's replies have a subject and a body: comments */
    ns_page *q = read_str("[{\"title\": \"Storm\", \"text\": \"The storm hit.\"},"
                          " {\"subject\": \"Re: Storm\", \"body\": \"Stay safe.\", \"link\": \"https://f/2\"}]",
                          NS_PAGE_JSON);
    assert_int_equal(q->n_comments, 1);
    ns_page_free(q);
}

/* A UTF-8 byte-order mark before a JSON page is ignored, as RFC 8259
 * allows and Windows tools write it. */
static void test_json_bom(void **state)
{
    (void)state;
    ns_page *p = read_str("\xEF\xBB\xBF{\"title\": \"T\", \"text\": \"Body.\"}", NS_PAGE_AUTO);
    assert_span(p, p->title, "T");
    assert_int_equal(p->n_paragraphs, 1);
    ns_page_free(p);
}

static void test_unclosed_html(void **state)
{
    (void)state;
    sb h = {0};
    sb_add(&h, "<html><body><h1>Never closed");
    for (int i = 0; i < 20000; i++) sb_add(&h, "<div class=\"x%d\"><p>paragraph %d, words", i % 7, i);
    ns_page *p = read_ok(h.s, h.n, NS_PAGE_HTML);
    assert_true(p->n_paragraphs > 0);
    ns_page_free(p);
    h.n = 0;
    sb_add(&h, "<html><body>");
    for (int i = 0; i < 20000; i++) sb_add(&h, "<div class=\"comment\"><span><b>text %d ", i);
    p = read_ok(h.s, h.n, NS_PAGE_HTML);
    ns_page_free(p);
    free(h.s);
    p = read_str("<html><body><p>unterminated <a href=\"x", NS_PAGE_HTML);
    ns_page_free(p);
    p = read_str("<div", NS_PAGE_AUTO);
    ns_page_free(p);
    p = read_str("<html><body><script>var a = '<p>not text</p>';", NS_PAGE_HTML);
    assert_int_equal(p->n_paragraphs, 0);
    ns_page_free(p);
}

static void test_empty(void **state)
{
    (void)state;
    char msg[512];
    for (int f = NS_PAGE_AUTO; f <= NS_PAGE_JSON; f++) {
        read_fails("", 0, (ns_page_format)f, NS_EINPUT, msg, sizeof msg);
        assert_string_equal(msg, "page.json: empty page");
        read_fails(" \n\t\r\n", 5, (ns_page_format)f, NS_EINPUT, NULL, 0);
        read_fails(NULL, 0, (ns_page_format)f, NS_EINPUT, NULL, 0);
    }
    ns_error err;
    assert_int_equal(ns_page_read(NULL, "x", 1, NS_PAGE_TEXT, "x", &err), NS_EUSAGE);
    ns_page *p;
    assert_int_equal(ns_page_read(&p, "x", 1, (ns_page_format)42, "x", &err), NS_EUSAGE);
    ns_page_free(NULL);
}

static void test_one_megabyte_line(void **state)
{
    (void)state;
    size_t n = 1 << 20;
    char *d = malloc(n + 64);
    assert_non_null(d);
    for (size_t i = 0; i < n; i++) d[i] = (i % 7 == 6) ? ' ' : (char)('a' + i % 26);
    ns_page *p = read_ok(d, n, NS_PAGE_TEXT);
    assert_false(p->has_title);
    assert_int_equal(p->n_paragraphs, 1);
    assert_int_equal(p->paragraphs[0].end - p->paragraphs[0].start, n - (d[n - 1] == ' '));
    ns_page_free(p);
    p = read_ok(d, n, NS_PAGE_HTML);
    assert_int_equal(p->n_paragraphs, 1);
    ns_page_free(p);
    /* one long JSON line */
    memcpy(d, "{\"text\": \"", 10);
    memcpy(d + n - 2, "\"}", 2);
    p = read_ok(d, n, NS_PAGE_AUTO);
    assert_int_equal(p->n_paragraphs, 1);
    ns_page_free(p);
    free(d);
}

static void test_deep_nesting(void **state)
{
    (void)state;
    sb h = {0};
    sb_add(&h, "<html><body>");
    for (int i = 0; i < 100000; i++) sb_add(&h, "<div>");
    sb_add(&h, "<p>deep text, found at the bottom of it all.</p>");
    double t0 = now();
    ns_page *p = read_ok(h.s, h.n, NS_PAGE_HTML);
    double dt = now() - t0;
    assert_int_equal(p->n_paragraphs, 1);
    ns_page_free(p);
    print_message("# 100,000 nested divs: %.3f s\n", dt);
    assert_true(dt < (SLOW_BUILD ? 20.0 : 3.0));
    free(h.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_example),     cmocka_unit_test(test_json_example),
        cmocka_unit_test(test_html_example),     cmocka_unit_test(test_text_says_layout),
        cmocka_unit_test(test_text_dot_layout),  cmocka_unit_test(test_text_heading_blocks),
        cmocka_unit_test(test_text_paragraphs),  cmocka_unit_test(test_html_layouts),
        cmocka_unit_test(test_text_more_layouts),
        cmocka_unit_test(test_json_fields),      cmocka_unit_test(test_json_wrong_types),
        cmocka_unit_test(test_json_synonyms),    cmocka_unit_test(test_line_classes),
        cmocka_unit_test(test_text_new_layouts), cmocka_unit_test(test_html_structure),
        cmocka_unit_test(test_json_malformed),   cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_domains),          cmocka_unit_test(test_no_title),
        cmocka_unit_test(test_no_body),          cmocka_unit_test(test_only_comments),
        cmocka_unit_test(test_many_comments),    cmocka_unit_test(test_binary_junk),
        cmocka_unit_test(test_utf16),            cmocka_unit_test(test_json_bom),
        cmocka_unit_test(test_comment_quotes),   cmocka_unit_test(test_json_array_of_pages),
        cmocka_unit_test(test_chat_export),      cmocka_unit_test(test_mhtml),
        cmocka_unit_test(test_saved_from_notes), cmocka_unit_test(test_http_response_head),
        cmocka_unit_test(test_imageboard_thread),
        cmocka_unit_test(test_unclosed_html),    cmocka_unit_test(test_empty),
        cmocka_unit_test(test_one_megabyte_line), cmocka_unit_test(test_deep_nesting),
    };
    return cmocka_run_group_tests_name("page", tests, NULL, NULL);
}
