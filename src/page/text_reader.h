/* text_reader.h — what read_text.c and text_comments.c share: the lines of
 * a plain-text page, the lines that can open a comment, and the reader. */
#ifndef NS_TEXT_READER_H
#define NS_TEXT_READER_H

#include <stddef.h>
#include <stdint.h>

#include "page/page.h"

enum { L_BLANK, L_TEXT, L_BOILER, L_HEAD, L_BYLINE };
/* C_COLON: "Jane Doe: text" without a bullet, which opens a comment only
 * inside a comment section (the article's "Chancellor: David Marsh" lists
 * look the same) */
enum { C_NONE, C_BULLET_NAME, C_BULLET_EMPTY, C_BULLET_TEXT, C_AUTHOR, C_NAMELINE, C_BYLINE, C_COLON };

typedef struct line {
    uint32_t s, e;   /* trimmed content */
    uint32_t indent; /* bytes of leading white space */
    uint8_t kind;    /* L_* */
    uint8_t bullet;  /* bytes of the bullet and the spaces after it */
    uint8_t dated;   /* furniture holding a date ("3 days ago") */
    uint8_t cand;    /* C_*: this line can open a comment */
    uint8_t quoted;  /* a bulleted line that is the text of the opener above it */
} line;

typedef struct cand {
    size_t line;
    int kind;
    size_t as, ae; /* author span, as == ae when none */
    size_t ts;     /* text on the same line starts here; 0 when none */
    int dated;     /* a date next to the author: strong evidence */
    int follows;   /* comment text follows before the next opener */
    int colon;     /* "• Name: text", which a list of key points also looks like */
} cand;

typedef struct reader {
    const char *t;
    size_t n;
    line *L;
    size_t nl, cap_l;
    cand *C;
    size_t nc, cap_c;
    ns_page *p;
    size_t cap_par, cap_com;
    size_t tail_of, tail; /* text blocks after the run of "• Name:" openers ending at tail_of - 1 */
    size_t lead_head;     /* the first "3 Comments"-like heading (not a reply form's), or nl */
    size_t run_lo;        /* where that run was entered */
    int places;           /* "Name" over "City, ST" comment headers seen so far */
    size_t top;           /* where the page's own lines start: 0, or after a site's menu */
} reader;

/* The comments from line cstart on into r->p: openers from r->C[ci] when
 * marked, blocks of text otherwise, or comments signed after their text. */
int ns_pgt_comments(reader *r, size_t cstart, size_t ci, int marked);

/* With no heading and no opener: the first line of a run of two comments
 * or more that ends the page, each a block opened by its writer's name
 * ("Jane Doe" over its text, or a block of its own before it), after a
 * block of the article at least; r->nl when there is none. */
size_t ns_pgt_named_tail(const reader *r, size_t from);

/* A page dumped by a text browser (reference marks "[12]" in the text, a
 * "References" list of URLs at its end): both blanked with spaces in t, in
 * place (t unchanged when it is no such dump). */
void ns_pgt_undump(char *t, size_t n);

/* A page scraped to Markdown ("[text](url)" links, "# Headline",
 * "![alt](url)", "**bold**"): the marks overwritten with fill in t, in
 * place (spaces keep the text's length; another byte marks them for
 * removal); 0, t unchanged, when it reads as no Markdown. */
int ns_pgt_unmarkdown(char *t, size_t n, char fill);

/* A chat exported as text (WhatsApp: "02/03/2024, 10:15 - Name: text"):
 * when p->text is one, its longest message becomes p's body and the
 * others its comments, *rc the outcome (NS_OK or NS_ESYSTEM), and 1 is
 * returned; 0 when it is no chat. */
int ns_pgt_chat(ns_page *p, int *rc);

/* An imageboard thread copied as text (4chan: "Anonymous (ID: X)
 * 03/04/24(Mon)11:40:02 No.462019283" over each post): when p->text is
 * one, its first post becomes p's title (its subject) and body, every
 * other post a comment by its poster, *rc the outcome, and 1 is returned;
 * 0 when it is no such thread. */
int ns_pgt_board(ns_page *p, int *rc);

/* A one-word user name ("lindam_77", "tidewatcher"). */
int ns_pgt_user_like(const char *s, size_t n);

/* A line that ends a paragraph (. ! ? :, before closing quotes). */
static inline int ends_paragraph(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == '"' || s[n - 1] == '\'' || s[n - 1] == ')'))
        n--;
    if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
        ((unsigned char)s[n - 1] == 0x9D || (unsigned char)s[n - 1] == 0x99))
        n -= 3;
    return n > 0 && (s[n - 1] == '.' || s[n - 1] == '!' || s[n - 1] == '?' || s[n - 1] == ':');
}

static inline size_t words_in(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && (i == 0 || s[i - 1] == ' '))
            w++;
    return w;
}

#endif
