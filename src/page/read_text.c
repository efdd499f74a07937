/*
 * read_text.c — a page as scraped to plain text: an optional title line, the
 * body paragraphs, then the reader comments.  The canonical text is the
 * input with invalid UTF-8 bytes replaced by U+FFFD, so every span points
 * into the user's own file.
 *
 * Lines are classified once (blank, text, furniture, comment heading,
 * byline) and the lines that can open a comment are collected: a bullet with
 * a name ("• Ron Wheeler"), an author line ("Jane says:", "Jane · 2 hours
 * ago"), or a name with a date on the next line.  The comment section starts
 * at a comment heading ("3 Comments") or at the first such line that looks
 * like the start of a run of comments rather than part of the article.
 * Reading the comment section is text_comments.c's.  Everything is one
 * pass or a bounded look-ahead, so time is linear.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page/page.h"
#include "page/text_reader.h"
#include "util/grow.h"

static int push_line(reader *r, line l)
{
    if (ns_grow((void **)&r->L, &r->cap_l, r->nl + 1, sizeof *r->L) < 0)
        return -1;
    r->L[r->nl++] = l;
    return 0;
}

static int push_cand(reader *r, cand c)
{
    if (ns_grow((void **)&r->C, &r->cap_c, r->nc + 1, sizeof *r->C) < 0)
        return -1;
    r->C[r->nc++] = c;
    return 0;
}

/* ---------------------------------------------------------------- lines */

static int split_lines(reader *r)
{
    const char *t = r->t;
    size_t n = r->n, ls = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && t[i] != '\n')
            continue;
        size_t a = ls, e = i;
        ns_pg_trim(t, &a, &e);
        line l = {(uint32_t)a, (uint32_t)e, (uint32_t)(a - ls), L_BLANK, 0, 0, C_NONE, 0};
        if (a < e) {
            size_t b = ns_pg_bullet_at(t + a, e - a);
            l.bullet = (uint8_t)(b > 255 ? 0 : b);
            const char *c = t + a + l.bullet;
            size_t cn = e - a - l.bullet;
            l.kind = L_TEXT;
            if (cn <= 240) {
                if (!l.bullet && ns_pg_is_comments_heading(c, cn))
                    l.kind = L_HEAD;
                else if (ns_pg_is_boiler(c, cn)) {
                    l.kind = L_BOILER;
                    l.dated = (uint8_t)ns_pg_has_date(c, cn);
                } else if (!l.bullet && ns_pg_is_byline(c, cn))
                    l.kind = L_BYLINE;
            }
        }
        if (push_line(r, l) < 0)
            return -1;
        ls = i + 1;
    }
    return 0;
}

static size_t next_nonblank(const reader *r, size_t i);

/* A link to another story under a "Related" heading: short, no sentence. */
static int headline_like(const reader *r, const line *l)
{
    const char *s = r->t + l->s;
    size_t n = l->e - l->s;
    if ((l->kind != L_TEXT && l->kind != L_BOILER) || n > 220 || words_in(s, n) > 30)
        return 0;
    return !ns_pg_ends_sentence(s, n) && s[n - 1] != '.';
}

static int starts_word(const reader *r, size_t j, const char *word, int exact);
static int comment_opener(const reader *r, size_t j);
static size_t next_nonblank(const reader *r, size_t i);

/* The page's first text line a writer's name over the writer's role
 * ("Mitchell Nathanson" / "Opinion contributor", USA Today's): a byline,
 * not a headline, and the role furniture. */
static void writer_over_role(reader *r)
{
    static const char *const roles[] = {"opinion contributor", "contributor",     "columnist",
                                        "opinion columnist",   "guest columnist", "staff writer",
                                        "staff reporter",      "senior writer",   NULL};
    size_t i = 0;
    while (i < r->nl && r->L[i].kind != L_TEXT)
        i++;
    if (i >= r->nl || r->L[i].bullet || !ns_pg_name_like(r->t + r->L[i].s, r->L[i].e - r->L[i].s, 1))
        return;
    size_t j = next_nonblank(r, i);
    for (const char *const *p = roles; j < r->nl && *p; p++)
        if (starts_word(r, j, *p, 1)) {
            r->L[i].kind = L_BYLINE, r->L[j].kind = L_BOILER;
            return;
        }
}

/* Whether s[0..n) has no lower-case letter: a wire headline in capitals. */
static int in_capitals(const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (s[k] >= 'a' && s[k] <= 'z')
            return 0;
    return 1;
}

/* Whether s[0..n) ends in initials ("U.S.", "U.K.", "D.C.": letter, dot,
 * letter, dot), whose full stop may end no sentence. */
static int ends_in_initials(const char *s, size_t n)
{
    size_t w = n;
    while (w > 0 && s[w - 1] != ' ')
        w--;
    return n - w >= 4 && n - w <= 6 && s[n - 1] == '.' && s[n - 3] == '.';
}

/* The longest item of a numbered list under a "Related" heading after its
 * first ("2. Harvard's e-learning platform edX launched a free ... course
 * on ventilator use ...": a teaser of two sentences). */
#define RELATED_NUMBERED_MAX 400

/* A story's headline in the list under a "Related" heading (line j, after
 * `after` items of it): a headline, or one that ends in a full stop
 * ("MERRILL MANDATED FOR IEL U.S. NOTE.", "'Is this a joke?' Inside the
 * market for face masks.") when it is numbered ("3. ..."), in capitals,
 * ends in initials ("... in Virginia, Maryland and D.C."), another
 * headline follows it (then it may be a teaser of two sentences, as
 * long as a numbered one), or it is the list's last before furniture,
 * the comments' heading, a comment's first line or the page's end (then it
 * may be as long as a teaser if it ends no sentence). */
static int related_item(const reader *r, size_t j, size_t after)
{
    const line *l = &r->L[j];
    if (headline_like(r, l))
        return 1;
    const char *s = r->t + l->s;
    size_t n = l->e - l->s;
    if (l->kind != L_TEXT && l->kind != L_BOILER)
        return 0;
    size_t d = 0;
    while (d < n && d < 3 && s[d] >= '0' && s[d] <= '9')
        d++;
    int numbered = d && d + 1 < n && (s[d] == '.' || s[d] == ')') && s[d + 1] == ' ';
    if (numbered && after && n <= RELATED_NUMBERED_MAX)
        return 1;
    size_t k = next_nonblank(r, j);
    int opener_next = k < r->nl && comment_opener(r, k);
    int headline_next = k < r->nl && r->L[k].kind != L_HEAD && headline_like(r, &r->L[k]) && !opener_next;
    /* the list's last: before the page's end, the comments' heading, a
     * comment's first line ("• Tom", "Olga Brown says:") or furniture (not
     * a comment's text over its "Reply") */
    int last = after && (k >= r->nl || r->L[k].kind == L_HEAD || opener_next ||
                         (r->L[k].kind == L_BOILER && !starts_word(r, k, "reply", 1)));
    if (n > 220 || words_in(s, n) > 25) /* a teaser of a sentence or two over the next headline, */
        return n <= RELATED_NUMBERED_MAX &&
               (headline_next || (last && !ns_pg_ends_sentence(s, n) && s[n - 1] != '.')); /* or a long one */
    if (numbered || in_capitals(s, n) || ends_in_initials(s, n))
        return 1;
    return last || headline_next;
}

/* "Jane · 3 hours ago", "Jane | 2 days ago": a date after the line's
 * last separator. */
static int dated_after_separator(const char *s, size_t n)
{
    for (size_t i = n; i-- > 0;) {
        size_t sep = 0;
        if (s[i] == '|')
            sep = 1;
        else if (i + 1 < n && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xB7)
            sep = 2; /* "·" */
        if (!sep)
            continue;
        size_t a = i + sep, b = n;
        ns_pg_trim(s, &a, &b);
        return a < b && ns_pg_is_date(s + a, b - a);
    }
    return 0;
}

/* Whether line j, after the links under a "Related" heading, opens a
 * comment instead: "• Priya", "Jane says:", "Jane · 3 hours ago", or a
 * short line (a name) over prose, a date or a place ("Leeds, UK"), or
 * over a line with a date or "Reply" under it. */
static int comment_opener(const reader *r, size_t j)
{
    const line *l = &r->L[j];
    const char *s = r->t + l->s;
    size_t n = l->e - l->s;
    if (l->bullet || s[n - 1] == ':' || ns_pg_has_date(s, n) || dated_after_separator(s, n))
        return 1;
    if (words_in(s, n) >= 4)
        return 0;
    size_t k = next_nonblank(r, j);
    if (k >= r->nl)
        return 0;
    const line *m = &r->L[k];
    const char *ms = r->t + m->s;
    size_t mn = m->e - m->s;
    if (m->kind == L_HEAD)
        return 0; /* the last link over the comments' heading */
    if (ms[mn - 1] == ':' && words_in(ms, mn) <= 4)
        return 0; /* the last link over the first comment's "Linda says:" */
    /* over prose; over furniture only when it is the comment's ("3 days
     * ago", "Reply"), not the site's footer ("(c) 2026 The Daily Ledger.") */
    if ((m->kind != L_BOILER && !headline_like(r, m)) || ns_pg_is_date(ms, mn) ||
        (memchr(ms, ',', mn) && ns_pg_place_like(ms, mn)) ||
        (m->kind == L_BOILER && starts_word(r, k, "reply", 1)))
        return 1;
    /* a social app's: the name over a text that ends no sentence, then
     * "2h", "Like", "Reply" */
    for (size_t q = k + 1; q < r->nl && q <= k + 3 && r->L[q].kind != L_BLANK; q++)
        if (ns_pg_is_date(r->t + r->L[q].s, r->L[q].e - r->L[q].s) || starts_word(r, q, "reply", 1))
            return 1;
    return 0;
}

/* Newsletter and subscription boxes ("Sign up for our briefing" over "The
 * news you need, delivered to your inbox"). */
static int promo_words(const char *s, size_t n)
{
    static const char *const w[] = {"newsletter", "inbox", "sign up", "subscribe", "subscription", NULL};
    for (const char *const *p = w; *p; p++) {
        size_t pl = strlen(*p);
        for (size_t i = 0; i + pl <= n; i++)
            if (!strncasecmp(s + i, *p, pl))
                return 1;
    }
    return 0;
}

/* Whether line j goes on a newsletter box from its button line, walking
 * away from it (*crossed: a blank line lay between): a line of promotion
 * next to it (the box's own lines), or, across a blank line, a short one
 * ("Subscribe to The Harbour Letter" / "Thousands of paid subscribers" /
 * blank / "Subscribe"). */
static int promo_line(const reader *r, size_t j, int *crossed)
{
    const line *l = &r->L[j];
    if (l->kind == L_BLANK)
        return *crossed = 1;
    if (l->kind != L_TEXT || !promo_words(r->t + l->s, l->e - l->s))
        return 0;
    return !*crossed || l->e - l->s <= 100;
}

/* Furniture that is only furniture by its neighbours: the links under a
 * "Related" / "Read more:" / "Also on Site" heading, and the lines of a
 * newsletter box.  Runs before the candidates are found. */
static void mark_furniture(reader *r)
{
    line *L = r->L;
    const char *t = r->t;
    writer_over_role(r);
    /* "Reactions" over prose is the article's; over a name, the comments' */
    for (size_t i = 0; i < r->nl; i++) {
        if (L[i].kind != L_HEAD || !ns_pg_is_weak_heading(t + L[i].s, L[i].e - L[i].s))
            continue;
        size_t j = next_nonblank(r, i);
        if (j >= r->nl || (L[j].kind == L_TEXT && L[j].e - L[j].s > 64 && !L[j].bullet))
            L[i].kind = L_BOILER;
    }
    /* Disqus's header as copied names the site on the line above its
     * privacy link: "12 Comments / The Harbour Times / Disqus' Privacy Policy" */
    for (size_t i = 1; i < r->nl; i++) {
        if (L[i].kind != L_BOILER || L[i].e - L[i].s < 22 || L[i].e - L[i].s > 40 ||
            strncasecmp(t + L[i].s, "disqus", 6) || strncasecmp(t + L[i].e - 14, "privacy policy", 14))
            continue;
        if (L[i - 1].kind == L_TEXT && words_in(t + L[i - 1].s, L[i - 1].e - L[i - 1].s) <= 6)
            L[i - 1].kind = L_BOILER;
    }
    for (size_t i = 0; i < r->nl; i++) {
        if (L[i].kind != L_BOILER || L[i].e - L[i].s > 240 || !promo_words(t + L[i].s, L[i].e - L[i].s))
            continue;
        int crossed = 0;
        for (size_t j = i + 1; j < r->nl && promo_line(r, j, &crossed); j++)
            if (L[j].kind == L_TEXT)
                L[j].kind = L_BOILER;
        crossed = 0;
        for (size_t j = i; j-- > 0 && promo_line(r, j, &crossed);)
            if (L[j].kind == L_TEXT)
                L[j].kind = L_BOILER;
    }
    for (size_t i = 0; i < r->nl; i++) {
        line *l = &L[i];
        if (l->kind == L_BLANK || l->kind == L_HEAD || l->bullet ||
            !ns_pg_is_related_heading(t + l->s, l->e - l->s))
            continue;
        l->kind = L_BOILER;
        size_t j = i + 1, marked = 0;
        for (; j < r->nl; j++) {
            if (L[j].kind == L_BLANK)
                continue;
            if (!related_item(r, j, marked) || L[j].kind == L_HEAD || comment_opener(r, j))
                break;
            L[j].kind = L_BOILER;
            marked++;
        }
        if (marked)
            i = j - 1;
    }
}

/* The next line after i that is not blank, or nl. */
static size_t next_nonblank(const reader *r, size_t i)
{
    for (i++; i < r->nl && r->L[i].kind == L_BLANK; i++) {
    }
    return i;
}

/* The next line after i that is neither blank nor furniture, or nl. */
static size_t next_content(const reader *r, size_t i)
{
    for (i++; i < r->nl && (r->L[i].kind == L_BLANK || r->L[i].kind == L_BOILER); i++) {
    }
    return i;
}

/* ----------------------------------------------------------- candidates */

/* "Jane Doe: text" → length of "Jane Doe" (a short capitalised name), or 0. */
static size_t colon_name(const char *c, size_t cn)
{
    for (size_t i = 1; i < cn && i <= 32; i++) {
        if (c[i] != ':')
            continue;
        if (i + 1 < cn && c[i + 1] != ' ')
            return 0; /* "10:30", "http:" */
        if (memchr(c, '@', i) || memchr(c, '#', i))
            return 0; /* a retweet's "RT @user: text", a reply's "@user: text", a tag's "#Florence: text" */
        return ns_pg_name_like(c, i, 1) ? i : 0;
    }
    return 0;
}

/* "Note: ...", "Update: ...": a label, not a name */
static int colon_word(const char *c, size_t n)
{
    static const char *const labels[] = {
        "note",    "notes",   "update",  "updated",    "edit",    "edited",   "ps",         "p.s.",     "btw",
        "fyi",     "source",  "sources", "correction", "warning", "question", "answer",     "q",        "a",
        "summary", "example", "also",    "and",        "but",     "tldr",     "disclaimer", "reminder", NULL};
    char low[32];
    if (n >= sizeof low)
        return 0;
    for (size_t i = 0; i < n; i++)
        low[i] = (c[i] >= 'A' && c[i] <= 'Z') ? (char)(c[i] + 32) : c[i];
    for (const char *const *w = labels; *w; w++)
        if (strlen(*w) == n && !memcmp(low, *w, n))
            return 1;
    return 0;
}

/* "@kiwi_berlin": a handle, which X (Twitter) shows under the name, of
 * at most max bytes. */
static int handle_like(const char *p, size_t n, size_t max)
{
    if (n < 2 || n > max || p[0] != '@')
        return 0;
    for (size_t k = 1; k < n; k++)
        if (!((p[k] | 32) >= 'a' && (p[k] | 32) <= 'z') && !(p[k] >= '0' && p[k] <= '9') && p[k] != '_')
            return 0;
    return 1;
}

/* The next line after i that is neither blank nor a lone separator ("·",
 * between a handle and its date). */
static size_t next_past_separator(const reader *r, size_t i)
{
    size_t j = next_nonblank(r, i);
    while (j < r->nl && r->L[j].kind == L_BOILER && r->L[j].e - r->L[j].s <= 3 &&
           ns_pg_is_separator(r->t + r->L[j].s, r->L[j].e - r->L[j].s))
        j = next_nonblank(r, j);
    return j;
}

/* Line i is a place ("Portland, OR", "NYC") or a handle ("@kiwi_berlin")
 * under a short name alone after a blank line or furniture ("Margaret
 * H."). */
static int name_over_place(const reader *r, size_t i)
{
    const line *l = &r->L[i], *nm = i > 0 ? &r->L[i - 1] : NULL;
    const char *p = r->t + l->s;
    size_t pn = l->e - l->s;
    /* a handle over a "·" or a date (X, Truth Social: "Karen Smith" /
     * "@karensmith" / "·" / "1h") opens a post even right under the one
     * before, copied without blank lines */
    int posted = 0;
    if (handle_like(p, pn, 16)) {
        size_t after = next_past_separator(r, i);
        posted = after < r->nl && after == i + 1 + (r->L[i + 1].kind == L_BOILER) && r->L[after].dated;
    }
    if (!nm || nm->kind != L_TEXT || nm->bullet || nm->cand != C_NONE ||
        (i > 1 && !posted && r->L[i - 2].kind != L_BLANK && r->L[i - 2].kind != L_BOILER &&
         r->L[i - 2].kind != L_HEAD))
        return 0;
    const char *s = r->t + nm->s;
    size_t n = nm->e - nm->s;
    /* a place with a comma, or an abbreviation: "Texas" alone could be a
     * name, unless an earlier comment had its place under its name */
    int abbrev = pn >= 2 && pn <= 4;
    for (size_t k = 0; k < pn && abbrev; k++)
        abbrev = p[k] >= 'A' && p[k] <= 'Z';
    /* under a LinkedIn name ("Sarah Whitfield • 2nd"), the line is the
     * writer's job ("Retail Analyst at Kantar") */
    int job = ns_pg_degree_suffix(s, n) > 0 && !ends_paragraph(p, pn);
    if (!job && !handle_like(p, pn, 16) &&
        (!(memchr(p, ',', pn) || abbrev || r->places) || !ns_pg_place_like(p, pn)))
        return 0;
    /* the name ends in a letter or an initial's dot, not a sentence's */
    if (n == 0 || n > 40 || words_in(s, n) > 4 || s[n - 1] == '!' || s[n - 1] == '?' ||
        (s[n - 1] == '.' && !(n >= 2 && s[n - 2] >= 'A' && s[n - 2] <= 'Z' && (n == 2 || s[n - 3] == ' '))))
        return 0;
    return ns_pg_name_like(s, n, 0);
}

/* A one-word user name as apps show it ("lindam_77", "garyp"): no spaces,
 * ASCII letters, digits, '_' and '.', at most 30 bytes, and in lower case
 * or with a digit or '_' (a live blog's "Schools" is a heading). */
int ns_pgt_user_like(const char *s, size_t n)
{
    if (n < 2 || n > 30 || ends_paragraph(s, n))
        return 0;
    int lower = 1, mark = 0;
    for (size_t k = 0; k < n; k++) {
        char ch = s[k];
        if (ch >= 'A' && ch <= 'Z')
            lower = 0;
        else if ((ch >= '0' && ch <= '9') || ch == '_')
            mark = 1;
        else if (!(ch >= 'a' && ch <= 'z') && ch != '.')
            return 0;
    }
    return lower || mark;
}

/* Line j starts with word (any case), or with exact set is just it: a
 * comment's "Like" / "Reply" buttons ("Like · Reply · 2h" counts). */
static int starts_word(const reader *r, size_t j, const char *word, int exact)
{
    size_t n = r->L[j].e - r->L[j].s, wl = strlen(word);
    return (exact ? n == wl : n >= wl) && !strncasecmp(r->t + r->L[j].s, word, wl);
}

/* Line i opens a block laid out as apps lay out a comment, its time after
 * the text: "Linda Morgan" / ("Top fan") / text / "2h" / "Like" / "Reply" /
 * "12".  The name alone on the block's first line, one or more lines of
 * text, then only furniture, one line of it a date. */
static int name_text_date_block(const reader *r, size_t i)
{
    const line *L = r->L;
    if (L[i].kind != L_TEXT || L[i].bullet || L[i].cand != C_NONE ||
        (i > 0 && L[i - 1].kind != L_BLANK && L[i - 1].kind != L_HEAD))
        return 0;
    const char *c = r->t + L[i].s;
    size_t cn = L[i].e - L[i].s;
    if (!(ns_pg_name_like(c, cn, 0) || ns_pgt_user_like(c, cn)))
        return 0;
    size_t j = i + 1, text = 0;
    while (j < r->nl && L[j].kind == L_BOILER && !L[j].dated && !text) /* badges: "Top fan" */
        j++;
    /* the comment, not a place ("Margaret H." / "Portland, OR" / "Aug. 2");
     * it may be short ("@Lurk_God fag"), or start like a picture's credit
     * ("Photo: Seriously ... http://t.co/...") */
    for (; j < r->nl && (L[j].kind == L_TEXT || L[j].kind == L_BYLINE); j++) {
        const char *x = r->t + L[j].s;
        size_t xn = L[j].e - L[j].s;
        text +=
            words_in(x, xn) >= 4 || ends_paragraph(x, xn) || !memchr(x, ',', xn) || !ns_pg_place_like(x, xn);
    }
    /* the furniture has a date, and a reply or like button: a live blog's
     * entries ("Schools" / text / "3h ago" / "Share") have no such button */
    int dated = 0, button = 0;
    for (; j < r->nl && L[j].kind == L_BOILER; j++) {
        dated |= L[j].dated;
        button |= starts_word(r, j, "like", 0) || starts_word(r, j, "reply", 0);
    }
    return text > 0 && dated && button && (j >= r->nl || L[j].kind == L_BLANK);
}

/* "Carlos says:" / date / "+1" / "Reply": figures and signs under a
 * comment's opener, past its dates and before any other furniture, are
 * the comment's text, not a vote count. */
static void signs_comment(reader *r, size_t opener)
{
    size_t f = next_nonblank(r, opener);
    while (f < r->nl && r->L[f].kind == L_BOILER && r->L[f].dated)
        f = next_nonblank(r, f);
    if (f < r->nl && r->L[f].kind == L_BOILER && ns_pg_no_letters(r->t + r->L[f].s, r->L[f].e - r->L[f].s))
        r->L[f].kind = L_TEXT;
}

static int find_candidates(reader *r)
{
    const char *t = r->t;
    /* two blocks or more laid out as app comments make it a layout, and so
     * does one that ends the page */
    size_t app_blocks = 0, last = 0;
    for (size_t i = 0; i < r->nl; i++)
        if (name_text_date_block(r, i))
            app_blocks++, last = i;
    int app_layout = app_blocks >= 2;
    if (app_blocks == 1) { /* ... and only the site's furniture after it: "© 2026 ...", "Privacy Policy" */
        size_t j = last;
        while (j < r->nl && r->L[j].kind != L_BLANK)
            j++;
        while (j < r->nl && (r->L[j].kind == L_BLANK || r->L[j].kind == L_BOILER))
            j++;
        app_layout = j >= r->nl;
    }
    for (size_t i = 0; i < r->nl; i++) {
        line *l = &r->L[i];
        if (l->kind != L_TEXT && l->kind != L_BYLINE && !(l->kind == L_BOILER && l->bullet))
            continue;
        if (app_layout && name_text_date_block(r, i)) {
            /* its name opens it; its lines of text are no name over a date */
            cand k = {i, C_NAMELINE, l->s, l->e, 0, 1, 0, 0};
            l->cand = C_NAMELINE;
            if (push_cand(r, k) < 0)
                return -1;
            while (i + 1 < r->nl && r->L[i + 1].kind != L_BLANK) {
                i++;
                r->L[i].quoted = r->L[i].bullet && r->L[i].kind == L_TEXT; /* "- a dash's text" */
            }
            continue;
        }
        const char *c = t + l->s + l->bullet;
        size_t cn = l->e - l->s - l->bullet, nlen, tat;
        cand k = {i, C_NONE, 0, 0, 0, 0, 0, 0};
        if (l->kind == L_BYLINE) {
            /* "Posted by Jane on June 5, 2017": opens a comment inside the
             * comment section only (above it, it is the article's byline) */
            size_t p = 0;
            while (p < cn && p < 24 &&
                   !(c[p] == ' ' && p >= 2 && (c[p - 1] | 32) == 'y' && (c[p - 2] | 32) == 'b'))
                p++;
            if (p >= cn || p >= 24)
                continue;
            p++;
            const char *r2 = c + p;
            size_t rn = cn - p;
            if (ns_pg_author_line(r2, rn, &nlen, &tat)) {
                k.ts = tat < rn ? l->s + p + tat : 0;
            } else if (ns_pg_name_like(r2, rn, 0)) {
                nlen = rn;
            } else {
                continue;
            }
            k.kind = C_BYLINE;
            k.as = l->s + p;
            k.ae = k.as + nlen;
        } else if (l->bullet) {
            if (cn == 0 || l->kind == L_BOILER) {
                size_t j = next_nonblank(r, i);
                if (cn == 0 && j < r->nl && r->L[j].kind == L_TEXT && !r->L[j].bullet &&
                    ns_pg_name_like(t + r->L[j].s, r->L[j].e - r->L[j].s, 0))
                    k.kind = C_BULLET_EMPTY;
                else
                    continue;
            } else if (cn <= 240 && ns_pg_author_line(c, cn, &nlen, &tat)) {
                k.kind = C_BULLET_NAME;
                k.as = l->s + l->bullet;
                k.ae = k.as + nlen;
                k.ts = tat < cn ? k.as + tat : 0;
                k.dated = tat >= cn && ns_pg_strip_says(c, cn) == cn;
            } else if (cn <= 64 && ns_pg_name_like(c, cn, 0)) {
                size_t sl = ns_pg_strip_says(c, cn);
                k.kind = C_BULLET_NAME;
                k.as = l->s + l->bullet;
                k.ae = k.as + sl;
            } else if ((nlen = colon_name(c, cn)) > 0) {
                /* "• Jane Doe: the comment" */
                k.kind = C_BULLET_NAME;
                k.colon = 1;
                k.as = l->s + l->bullet;
                k.ae = k.as + nlen;
                size_t x = nlen + 1, y = cn;
                ns_pg_trim(c, &x, &y);
                k.ts = x < y ? k.as + x : 0;
            } else {
                k.kind = C_BULLET_TEXT;
                k.ts = l->s + l->bullet;
            }
        } else if (cn <= 240 && ns_pg_author_line(c, cn, &nlen, &tat)) {
            k.kind = C_AUTHOR;
            k.as = l->s;
            k.ae = l->s + nlen;
            k.ts = tat < cn ? l->s + tat : 0;
            k.dated = tat >= cn && (ns_pg_strip_says(c, cn) == cn); /* "Name · date" */
            size_t j = next_nonblank(r, i);
            if (j < r->nl && r->L[j].dated)
                k.dated = 1;
        } else if (cn <= 64) {
            size_t j = next_past_separator(r, i);
            if (j < r->nl && r->L[j].dated && name_over_place(r, i)) {
                /* "Margaret H." / "Portland, OR" / "Aug. 2" (The New York
                 * Times): the name is the line above, this line its place */
                line *nm = &r->L[i - 1];
                l->kind = L_BOILER;
                cand up = {i - 1, C_NAMELINE, nm->s, nm->e, 0, 1, 0, 0};
                nm->cand = C_NAMELINE;
                r->places++;
                if (push_cand(r, up) < 0)
                    return -1;
                continue;
            }
            if (j < r->nl && r->L[j].dated && ns_pg_name_like(c, cn, 0)) {
                k.kind = C_NAMELINE;
                k.as = l->s;
                k.ae = l->e;
                k.dated = 1;
            }
        }
        if (k.kind == C_NONE && !l->bullet && cn <= 2000 && (nlen = colon_name(c, cn)) > 0 &&
            !colon_word(c, nlen)) {
            size_t x = nlen + 1, y = cn;
            ns_pg_trim(c, &x, &y);
            if (x < y) {
                k.kind = C_COLON;
                k.colon = 1;
                k.as = l->s;
                k.ae = l->s + nlen;
                k.ts = l->s + x;
            }
        }
        if (k.kind == C_NONE)
            continue;
        l->cand = (uint8_t)k.kind;
        if (push_cand(r, k) < 0)
            return -1;
    }
    /* "Mo Brooks: The 15M ..." indented under a bulleted name is its
     * comment's text quoting someone, not a comment of its own; so is such
     * a line first under an opener with no text of its own ("Linda says:" /
     * "Senate Leader: 'Half of my family' ...", or "- a dash's text") */
    size_t kept = 0, bullet_indent = SIZE_MAX;
    char name_mark = 0; /* the first byte of the names' bullet */
    for (size_t ci = 0; ci < r->nc; ci++) {
        cand *k = &r->C[ci];
        line *l = &r->L[k->line];
        if (k->kind == C_BULLET_NAME || k->kind == C_BULLET_EMPTY)
            bullet_indent = l->indent, name_mark = t[l->s];
        const cand *prev = kept ? &r->C[kept - 1] : NULL;
        int first_text = prev && prev->kind != C_COLON && !prev->ts && next_content(r, prev->line) == k->line;
        int under_bullet = bullet_indent != SIZE_MAX &&
                           (l->indent > bullet_indent || (bullet_indent > 0 && l->indent == bullet_indent));
        /* "- My children ..." in a section of "• Name" comments: a list in
         * the comment, not a comment of its own */
        int other_mark = name_mark && t[l->s] != name_mark && prev && prev->kind != C_BULLET_TEXT;
        if ((k->kind == C_COLON && (first_text || under_bullet)) ||
            (k->kind == C_BULLET_TEXT && (first_text || other_mark))) {
            l->cand = C_NONE;
            l->quoted = k->kind == C_BULLET_TEXT;
            continue;
        }
        r->C[kept++] = *k;
    }
    r->nc = kept;
    /* does comment text follow (on the same line, or on a text line before
     * the next line that opens a comment)? */
    for (size_t ci = 0; ci < r->nc; ci++) {
        cand *k = &r->C[ci];
        signs_comment(r, k->line);
        if (k->ts) {
            k->follows = 1;
            continue;
        }
        size_t j = next_content(r, k->line);
        if (k->kind == C_BULLET_EMPTY)
            j = next_content(r, j);
        if (j < r->nl && r->L[j].kind != L_HEAD && (!r->L[j].bullet || r->L[j].quoted) &&
            r->L[j].cand == C_NONE)
            k->follows = 1;
    }
    return 0;
}

static int same_kind(int a, int b)
{
    int ba = a == C_BULLET_NAME || a == C_BULLET_EMPTY, bb = b == C_BULLET_NAME || b == C_BULLET_EMPTY;
    return ba ? bb : a == b;
}

/* Is candidate ci the start of the comment section?  body_before: the
 * article had text before it. */
static int opens_section(reader *r, size_t ci, int body_before)
{
    const cand *k = &r->C[ci];
    if (k->kind == C_BULLET_TEXT || k->kind == C_BYLINE || k->kind == C_COLON || !k->follows)
        return 0;
    const line *L = r->L;
    size_t end = ci + 1 < r->nc ? r->C[ci + 1].line : r->nl;
    /* its text: how many blocks, and is it indented under the opener? */
    size_t blocks = 0, text_lines = 0, indented = 0, at_bullet = 0;
    int in_block = 0;
    for (size_t j = k->line + 1; j < end; j++) {
        if (L[j].kind == L_HEAD)
            break;
        if (L[j].kind == L_TEXT || L[j].kind == L_BYLINE) {
            if (!in_block)
                blocks++;
            in_block = 1;
            text_lines++;
            indented += L[j].indent > L[k->line].indent;
            at_bullet += L[j].indent >= L[k->line].indent;
        } else if (L[j].kind == L_BLANK) {
            in_block = 0;
        }
    }
    int indent_ok = text_lines > 0 && indented == text_lines;
    /* or indented as far as the bullet, which article paragraphs are not:
     * "  • Mary Nguyen" / "  Speaking of ..." */
    int text_indented = indent_ok || (text_lines > 0 && L[k->line].indent > 0 && at_bullet == text_lines);
    if (blocks > 4 && !indent_ok)
        return 0;
    if (k->colon) {
        /* only if the page ends with them: after the last opener of the run,
         * at most two blocks of unindented text */
        size_t last = ci;
        if (r->tail_of > ci && r->run_lo <= ci)
            last = r->tail_of - 1; /* same run */
        else {
            while (last + 1 < r->nc && r->C[last + 1].colon)
                last++;
            r->run_lo = ci;
            r->tail_of = 0;
        }
        if (r->tail_of != last + 1) { /* once per run of openers */
            size_t tail = 0;
            int inb = 0;
            for (size_t j = r->C[last].line + 1; j < r->nl && tail <= 2; j++) {
                if (L[j].kind == L_TEXT && L[j].indent == 0) {
                    tail += !inb;
                    inb = 1;
                } else if (L[j].kind == L_BLANK)
                    inb = 0;
            }
            r->tail_of = last + 1;
            r->tail = tail;
        }
        if (r->tail > 2)
            return 0;
    }
    size_t same = 0;
    for (size_t j = ci; j < r->nc && same < 2 && r->C[j].line < r->lead_head; j++)
        if (same_kind(r->C[j].kind, k->kind) && r->C[j].follows)
            same++;
    /* a lone "Name / date" above "3 Comments" is the byline, and so is one
     * atop a page with no heading; but on a page with no heading, after the
     * body, a lone bulleted name with its text indented under it, or with
     * a block or two of text (six lines at most) up to the page's end, or
     * such a lone author line dated ("Olga · 1 hours ago") or with a "Reply"
     * button under its text, is the one comment */
    int reply_after = 0; /* "Reply" under the text: a comment's button */
    for (size_t j = k->line + 1; j < end && !reply_after; j++)
        reply_after = L[j].kind == L_BOILER && starts_word(r, j, "reply", 1);
    int last_short = ci + 1 == r->nc && blocks <= 2 && text_lines <= 6; /* to the page's end */
    size_t above = k->line; /* a list's last item ("• Peter Lang" / "• Susan Ward") is no comment */
    while (above > 0 && L[above - 1].kind == L_BLANK)
        above--;
    int in_list = above > 0 && L[above - 1].bullet;
    int lone_comment =
        r->lead_head == r->nl && body_before &&
        ((k->kind == C_BULLET_NAME && (text_indented || (!k->ts && !k->colon && last_short && !in_list))) ||
         (k->kind == C_AUTHOR && (k->dated || reply_after) && last_short) ||
         (k->kind == C_NAMELINE && k->dated && reply_after && last_short));
    if (k->line < r->lead_head)
        return same >= 2 || lone_comment;
    return same >= 2 || !body_before || k->dated || indent_ok;
}

/* ------------------------------------------------------------------ body */

static size_t chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Lines [a, b) of one block of text: one paragraph when hard-wrapped (every
 * line but the last 30-100 characters long, most of them ending mid-
 * sentence), else one per line. */
static int block_paragraphs(reader *r, size_t a, size_t b)
{
    const line *L = r->L;
    int wrapped = b - a > 1;
    size_t ends = 0;
    for (size_t j = a; j + 1 < b && wrapped; j++) {
        size_t c = chars(r->t + L[j].s, L[j].e - L[j].s);
        if (c < 30 || c > 100 || L[j + 1].bullet)
            wrapped = 0;
        ends += ends_paragraph(r->t + L[j].s, L[j].e - L[j].s);
    }
    /* lines that each end a sentence are paragraphs of their own */
    if (wrapped && 2 * ends >= b - a - 1)
        wrapped = 0;
    if (wrapped)
        return ns_pg_add_paragraph(r->p, &r->cap_par, L[a].s, L[b - 1].e);
    for (size_t j = a; j < b; j++)
        if (!ns_pg_is_hashtag_row(r->t + L[j].s, L[j].e - L[j].s) &&
            ns_pg_add_paragraph(r->p, &r->cap_par, L[j].s + L[j].bullet, L[j].e) != NS_OK)
            return NS_ESYSTEM;
    return NS_OK;
}

static int body(reader *r, size_t from, size_t to)
{
    /* a closing line about the writer is not the article */
    size_t last = to;
    while (last > from && r->L[last - 1].kind != L_TEXT)
        last--;
    /* (only after other paragraphs: an article of one line stays one) */
    if (last > from + 1 && r->L[last - 2].kind != L_TEXT) {
        line *l = &r->L[last - 1];
        if (!l->bullet && ns_pg_author_bio(r->t + l->s, l->e - l->s))
            l->kind = L_BOILER;
    }
    size_t a = from;
    int open = 0;
    for (size_t j = from; j <= to; j++) {
        /* (a name over a date line, in the article, is its byline) */
        int text = j < to && r->L[j].kind == L_TEXT && r->L[j].cand != C_NAMELINE;
        if (text && !open) {
            a = j;
            open = 1;
        }
        if (!text && open) {
            if (block_paragraphs(r, a, j) != NS_OK)
                return NS_ESYSTEM;
            open = 0;
        }
    }
    return NS_OK;
}

/* ----------------------------------------------------------------- main */

/* A run of three or more adjacent lines of one or two words each, from line
 * i: a navigation menu, bulleted or not (a text browser's "* News").
 * Returns the line after it, or i when there is none. */
static size_t menu_run(const reader *r, size_t i)
{
    size_t j = i, count = 0;
    while (j < r->nl && j - i < 40 && (r->L[j].kind == L_TEXT || r->L[j].kind == L_BOILER) &&
           words_in(r->t + r->L[j].s + r->L[j].bullet, r->L[j].e - r->L[j].s - r->L[j].bullet) <= 2 &&
           !ns_pg_ends_sentence(r->t + r->L[j].s, r->L[j].e - r->L[j].s)) {
        j++;
        count++;
    }
    return count >= 3 ? j : i;
}

/* A headline in capitals whose last word is an abbreviation: "LONDON
 * FREIGHT MARKET FEATURES GRAIN OUT OF U.S." ends no sentence. */
static int shouted_abbrev(const char *s, size_t n)
{
    return in_capitals(s, n) && ends_in_initials(s, n);
}

/* Whether most words of s[0..n) start with a capital: a headline in title
 * case ("Now I'm Voting for Trump. Here's Why."), not a paragraph. */
static int title_case(const char *s, size_t n)
{
    size_t words = 0, caps = 0;
    for (size_t k = 0; k < n; k++) {
        if (s[k] == ' ' || (k > 0 && s[k - 1] != ' '))
            continue;
        /* a word's first letter or figure, past an opening quote; a
         * token of neither ("&", "-") is no word */
        size_t j = k;
        while (j < n && s[j] != ' ' && !isalnum((unsigned char)s[j]) && !((unsigned char)s[j] & 0x80))
            j++;
        if (j == n || s[j] == ' ')
            continue;
        words++;
        caps += (s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= '0' && s[j] <= '9');
    }
    return words >= 4 && caps * 4 >= words * 3;
}

/* Whether line i is the first of the page's text (furniture aside: "Skip
 * to main content", a menu), in a block of its own. */
static int first_block(const reader *r, size_t i)
{
    for (size_t j = r->top; j < i; j++)
        if (r->L[j].kind != L_BLANK && r->L[j].kind != L_BOILER)
            return 0;
    return i + 1 < r->nl && r->L[i + 1].kind == L_BLANK;
}

/* The most words of a headline over a byline ("... about reopening the
 * US. Here are the 5 things they're most worried about." over "By Jane
 * Doe"). */
#define BYLINED_HEADLINE_WORDS 40

/* A first block with a byline under it is the headline, whatever it reads
 * like: several sentences, or "LME METAL VOLUMES - APR 7", which has the
 * shape of a comment's name and date.  A byline with a date or "5 min
 * read" in it is marked as furniture. */
static int over_byline(const reader *r, size_t i)
{
    const line *l = &r->L[i];
    if (l->kind != L_TEXT || l->bullet || words_in(r->t + l->s, l->e - l->s) > BYLINED_HEADLINE_WORDS ||
        !first_block(r, i))
        return 0;
    size_t b = next_nonblank(r, i);
    return b < r->nl &&
           (r->L[b].kind == L_BYLINE ||
            (r->L[b].kind == L_BOILER && ns_pg_is_byline(r->t + r->L[b].s, r->L[b].e - r->L[b].s)));
}

/* Whether a sentence ends at s[k] ('.', '!' or '?') with a space after it. */
static int stop_and_space(const char *s, size_t n, size_t k)
{
    return k + 1 < n && (s[k] == '.' || s[k] == '!' || s[k] == '?') && s[k + 1] == ' ';
}

/* "... amid coronavirus. Here's what they look like.": a headline whose
 * last sentence points to the story ("Here's what", "Here are the 5
 * things"), as the page's first block. */
static int here_headline(const reader *r, size_t i)
{
    const line *l = &r->L[i];
    const char *s = r->t + l->s;
    size_t n = l->e - l->s;
    if (words_in(s, n) > BYLINED_HEADLINE_WORDS || !first_block(r, i))
        return 0;
    for (size_t k = 0; k + 2 < n; k++)
        if (stop_and_space(s, n, k)) {
            const char *u = s + k + 2;
            size_t un = n - k - 2;
            static const char *const leads[] = {"Here's ", "Here\xE2\x80\x99s ", "Here is ", "Here are ",
                                                NULL};
            for (const char *const *p = leads; *p; p++)
                if (un > strlen(*p) && !strncmp(u, *p, strlen(*p)))
                    return 1;
        }
    return 0;
}

/* SANA's and others' copy opens with the headline again, after the date
 * ("23 November 2016 2 killed ... in Aleppo and Quneitra. One civilian
 * ..."): a first line that the next paragraph repeats near its start is
 * the headline, however long a sentence (a lede is not said twice). */
static int repeated_headline(const reader *r, size_t i)
{
    const line *l = &r->L[i];
    size_t n = l->e - l->s, b = next_nonblank(r, i);
    if (n < 20 || !first_block(r, i) || b >= r->nl || r->L[b].kind != L_TEXT)
        return 0;
    const char *s = r->t + l->s, *u = r->t + r->L[b].s;
    size_t un = r->L[b].e - r->L[b].s;
    for (size_t k = 0; k <= 60 && k + n < un; k++)
        if ((k == 0 || u[k - 1] == ' ') && !memcmp(u + k, s, n))
            return 1;
    return 0;
}

/* A headline written as a short sentence ("The reason there's still a
 * pasta shortage."): the page's first block, one sentence of at most 14
 * words ending in a full stop (at most 20 in title case, where it may be
 * several), or two over a longer paragraph, with two lines of text or
 * more after it. */
static int sentence_headline(const reader *r, size_t i)
{
    const line *l = &r->L[i];
    const char *s = r->t + l->s;
    size_t n = l->e - l->s;
    if (n && (here_headline(r, i) || repeated_headline(r, i)))
        return 1;
    int titled = n && title_case(s, n);
    if (n == 0 || s[n - 1] != '.' || words_in(s, n) > (titled ? 20u : 14u) || ns_pg_ends_sentence(s, n - 1) ||
        !first_block(r, i))
        return 0;
    size_t breaks = 0;
    for (size_t k = 0; k + 2 < n && !titled; k++)
        breaks += stop_and_space(s, n, k) && s[k + 2] >= 'A' && s[k + 2] <= 'Z';
    /* two sentences ("Trump says he opposed the Iraq War. That's still
     * false.") are a headline over a paragraph of twice their words at
     * least, among the next three (a byline may come first); a lede of
     * two short sentences has paragraphs like it after */
    size_t text = 0, longest = 0;
    for (size_t j = i + 1; j < r->nl && text < 3; j++)
        if (r->L[j].kind == L_TEXT) {
            size_t w = words_in(r->t + r->L[j].s, r->L[j].e - r->L[j].s);
            longest = w > longest ? w : longest;
            text++;
        }
    if (text < 2 || breaks > 1)
        return 0;
    return !breaks || longest >= 2 * words_in(s, n);
}

/* "Ireland v USA", "Celtic vs. Rangers": a match between two sides (over
 * "(Sat)", the shape of "Name (date)"), no one's name. */
static int fixture(const char *s, size_t n)
{
    for (size_t i = 1; i + 2 < n; i++) {
        if (s[i - 1] != ' ' || s[i] != 'v')
            continue;
        size_t k = i + 1;
        if (k < n && s[k] == 's')
            k++;
        if (k < n && s[k] == '.')
            k++;
        if (k + 1 < n && s[k] == ' ' && s[k + 1] >= 'A' && s[k + 1] <= 'Z' && s[0] >= 'A' && s[0] <= 'Z')
            return 1;
    }
    return 0;
}

/* A wire story's first line: "HOUSTON, March 2 - Qtr ended Jan 31",
 * "LONDON (Reuters) - ...", a dateline with a date or an agency, never a
 * headline's ("EXCLUSIVE - Senate passes the bill" may be one). */
static int wire_dateline(const char *s, size_t n)
{
    size_t d = ns_pg_dateline(s, n);
    for (size_t k = 0; k < d; k++)
        if ((s[k] >= '0' && s[k] <= '9') || s[k] == '(')
            return 1;
    return 0;
}

static int looks_like_title(reader *r, size_t i)
{
    const line *l = &r->L[i];
    size_t n = l->e - l->s;
    if (l->kind != L_TEXT || l->bullet || n > 300)
        return 0;
    if (over_byline(r, i))
        return 1;
    if (l->cand == C_AUTHOR && first_block(r, i)) {
        /* "LME METAL PM 2ND RING VOLUMES/PAIDS - APR 7" opening the page
         * has the shape of "Name - date", but no one is named in 5 words,
         * nor in 3 or 4 in capitals ("REUTER COMMODITIES NEWS HIGHLIGHTS") */
        int shouted = in_capitals(r->t + l->s, n);
        for (size_t ci = 0; ci < r->nc; ci++) {
            const char *a = r->t + r->C[ci].as;
            size_t an = r->C[ci].ae - r->C[ci].as, w = words_in(a, an);
            if (r->C[ci].line == i && (w > 4 || (shouted && w >= 3) || fixture(a, an)))
                return 1;
        }
    }
    if (l->cand == C_AUTHOR || l->cand == C_BULLET_NAME || wire_dateline(r->t + l->s, n))
        return 0;
    /* a site's words run on to the story's ("Story highlights The campaigns
     * of ...", CNN's), or its note about pictures ("CLICK HERE if you're
     * having a problem viewing the photos ..."): never a headline */
    if (starts_word(r, i, "story highlights ", 0) || starts_word(r, i, "click here ", 0))
        return 0;
    if (ns_pg_ends_sentence(r->t + l->s, n) && !shouted_abbrev(r->t + l->s, n) && !sentence_headline(r, i))
        return 0;
    if (next_nonblank(r, i) >= r->nl)
        return 0; /* a one-line page is its body */
    if (l->cand == C_NAMELINE) {
        /* "Jane Doe\n3 days ago\n..." opening a run of comments */
        for (size_t ci = 0; ci < r->nc; ci++)
            if (r->C[ci].line == i)
                return !opens_section(r, ci, 0) || !(ci + 1 < r->nc && r->C[ci + 1].kind == C_NAMELINE);
    }
    return 1;
}

static int no_sentence_end(const reader *r, size_t j)
{
    const line *l = &r->L[j];
    return !ends_paragraph(r->t + l->s, l->e - l->s) && !ns_pg_ends_sentence(r->t + l->s, l->e - l->s);
}

/* The longest line a standfirst may be: a scraped article of one long
 * line that ends no sentence (in a footer's links) is the body. */
#define STANDFIRST_MAX 400

/* Words from which a line that ends no sentence but has one inside is a
 * lede that lost its full stop, not a standfirst. */
#define CUT_LEDE_WORDS 30

/* "... as certain regions begin to reopen. \"You're going to see ...,\"
 * Cuomo said at his daily coronavirus briefing": a lede of two sentences
 * whose last lost its full stop in the scrape.  A standfirst is a phrase
 * or a sentence of twenty-odd words. */
static int cut_lede(const reader *r, size_t j)
{
    const char *s = r->t + r->L[j].s;
    size_t n = r->L[j].e - r->L[j].s;
    if (words_in(s, n) < CUT_LEDE_WORDS)
        return 0;
    for (size_t k = 0; k + 2 < n; k++)
        if (stop_and_space(s, n, k) &&
            ((s[k + 2] >= 'A' && s[k + 2] <= 'Z') || s[k + 2] == '"' || (unsigned char)s[k + 2] == 0xE2))
            return 1;
    return 0;
}

/* The standfirst under a headline: one or two lines of text that end no
 * sentence, before the first line that does (or that opens with a wire
 * dateline, the body's first words).  They are not the body. */
static void standfirst(reader *r, size_t from)
{
    size_t deck[2], nd = 0;
    for (size_t j = from; j < r->nl; j++) {
        line *l = &r->L[j];
        if (l->kind == L_BLANK || l->kind == L_BOILER || l->kind == L_BYLINE || l->cand == C_NAMELINE)
            continue;
        if (l->kind != L_TEXT || l->bullet || l->cand != C_NONE)
            return;
        /* the body starts at a sentence's end, or a paragraph over several
         * lines (not two lines that each end no sentence, the Daily Mail's
         * pair of points under its headline) */
        int two_points = nd == 0 && j + 1 < r->nl && r->L[j + 1].kind == L_TEXT && !r->L[j + 1].bullet &&
                         (j + 2 >= r->nl || r->L[j + 2].kind == L_BLANK) && no_sentence_end(r, j) &&
                         no_sentence_end(r, j + 1);
        if (two_points) {
            deck[nd++] = j++;
            deck[nd++] = j;
            continue;
        }
        if ((j + 1 < r->nl && r->L[j + 1].kind == L_TEXT) || !no_sentence_end(r, j) ||
            l->e - l->s > STANDFIRST_MAX || ns_pg_dateline(r->t + l->s, l->e - l->s) || cut_lede(r, j)) {
            for (size_t k = 0; k < nd; k++)
                r->L[deck[k]].kind = L_BOILER;
            return;
        }
        if (nd == 2)
            return;
        deck[nd++] = j;
    }
}

/* Whether the comments from line cstart on (its first opener r->C[ci]) are
 * opened by openers, unless only a stray line or two in a section of plain
 * blocks looks like one ("Jane says:" quoted inside a comment). */
static int by_openers(const reader *r, size_t cstart, size_t ci)
{
    if (ci >= r->nc || cstart >= r->nl)
        return 0;
    size_t blocks = 0, openers = 0;
    int inb = 0;
    for (size_t j = cstart; j < r->nl; j++) {
        int text = r->L[j].kind == L_TEXT || r->L[j].kind == L_BYLINE;
        if (text && !inb)
            blocks++;
        inb = text;
    }
    for (size_t k = ci; k < r->nc; k++)
        openers += r->C[k].follows || r->C[k].kind == C_BULLET_TEXT;
    return openers > 0 && openers * 3 >= blocks;
}

int ns_pg_text_comments(ns_pg_builder *b, const char *s, size_t n)
{
    if (n > UINT32_MAX)
        return NS_OK;
    ns_page *p = ns_pg_new();
    if (!p)
        return NS_ESYSTEM;
    size_t replaced;
    int rc = NS_ESYSTEM;
    reader r = {.p = p};
    if (!(p->text = ns_utf8_repair(s, n, &p->len, &replaced)))
        goto out;
    r.t = p->text, r.n = p->len;
    if (split_lines(&r) < 0)
        goto out;
    mark_furniture(&r);
    if (find_candidates(&r) < 0)
        goto out;
    r.lead_head = r.nl;
    size_t from = 0, ci = 0;
    while (from < r.nl && r.L[from].kind != L_TEXT && r.L[from].kind != L_BYLINE &&
           !(ci < r.nc && r.C[ci].line == from)) {
        from++;
        while (ci < r.nc && r.C[ci].line < from)
            ci++;
    }
    int marked = by_openers(&r, from, ci), blank = 0;
    for (size_t j = from; j < r.nl && !blank; j++)
        blank = r.L[j].kind == L_BLANK && j + 1 < r.nl && r.L[j + 1].kind != L_BLANK;
    if (!marked && !blank) { /* one comment a line: no blank line parts them */
        for (size_t j = from; j < r.nl; j++)
            if (r.L[j].kind == L_TEXT)
                ns_pg_builder_comment(b, NULL, 0, r.t + r.L[j].s, r.L[j].e - r.L[j].s);
        rc = NS_OK;
        goto out;
    }
    if (ns_pgt_comments(&r, from, ci, marked) != NS_OK)
        goto out;
    for (size_t i = 0; i < p->n_comments; i++) {
        const ns_comment *c = &p->comments[i];
        ns_pg_builder_comment(b, c->has_author ? p->text + c->author.start : NULL,
                              c->author.end - c->author.start, p->text + c->text.start,
                              c->text.end - c->text.start);
    }
    rc = NS_OK;
out:
    free(r.L);
    free(r.C);
    ns_page_free(p);
    return rc;
}

int ns_pg_read_text(ns_page *p, const char *data, size_t len, const char *name, ns_error *err)
{
    size_t n, replaced;
    if (len > UINT32_MAX)
        return ns_fail(err, NS_EINPUT, "%s: page text over 4 GiB", name);
    char *t = ns_utf8_repair(data, len, &n, &replaced);
    if (!t)
        return ns_fail(err, NS_ESYSTEM, "%s: out of memory", name);
    p->text = t;
    p->len = n;
    p->replaced_bytes = replaced;
    if (n > UINT32_MAX)
        return ns_fail(err, NS_EINPUT, "%s: page text over 4 GiB", name);
    ns_pgt_undump(t, n);
    ns_pgt_unmarkdown(t, n, ' ');
    int chat_rc;
    if (ns_pgt_chat(p, &chat_rc) || ns_pgt_board(p, &chat_rc))
        return chat_rc == NS_OK ? NS_OK : ns_fail(err, chat_rc, "%s: out of memory", name);

    reader r = {.t = t, .n = n, .p = p};
    int rc = NS_ESYSTEM;
    if (split_lines(&r) < 0)
        goto out;
    mark_furniture(&r);
    if (find_candidates(&r) < 0)
        goto out;

    /* the title: the first line of text, if it reads like one */
    size_t first = 0;
    while (first < r.nl && r.L[first].kind != L_TEXT && r.L[first].kind != L_HEAD &&
           !(r.L[first].kind == L_BOILER && r.L[first].bullet))
        first++;
    size_t menu = menu_run(&r, first);
    /* the site's name over its menu: "The Daily Ledger\n\nHome\nWorld\n..." */
    size_t after_name = next_nonblank(&r, first);
    if (menu == first && first < r.nl && after_name < r.nl &&
        words_in(t + r.L[first].s, r.L[first].e - r.L[first].s) <= 4) {
        size_t below = menu_run(&r, after_name);
        if (below > after_name)
            menu = below;
    }
    if (menu > first) { /* a site's menu above the headline: "Home\nWorld\nPolitics" */
        first = menu;
        r.top = menu;
        while (first < r.nl && r.L[first].kind != L_TEXT && r.L[first].kind != L_HEAD)
            first++;
    }
    /* a section or site name above the headline: "Politics", "r/space"
     * (Reddit's post header between them: "•", "Posted by u/x", "5 hours ago") */
    if (first < r.nl && looks_like_title(&r, first) &&
        words_in(t + r.L[first].s, r.L[first].e - r.L[first].s) <= 2) {
        size_t next = next_content(&r, first);
        while (next < r.nl && next - first <= 6 && r.L[next].kind == L_BYLINE)
            next = next_content(&r, next);
        if (next < r.nl && looks_like_title(&r, next) &&
            words_in(t + r.L[next].s, r.L[next].e - r.L[next].s) >= 4)
            first = next;
    }
    size_t from = 0;
    if (first < r.nl && looks_like_title(&r, first)) {
        p->title = (ns_span){r.L[first].s, r.L[first].e};
        p->has_title = 1;
        from = first + 1;
        /* a post's writer as a lone @handle right under the name (X); only
         * here, since under each reply's name it tells the replies apart */
        if (from < r.nl && handle_like(t + r.L[from].s, r.L[from].e - r.L[from].s, 40))
            r.L[from].kind = L_BYLINE;
        standfirst(&r, from);
    }

    /* where the comments start */
    r.lead_head = r.nl;
    for (size_t j = from; j < r.nl && r.lead_head == r.nl; j++)
        if (r.L[j].kind == L_HEAD && !ns_pg_is_form_heading(t + r.L[j].s, r.L[j].e - r.L[j].s))
            r.lead_head = j;
    size_t body_end = r.nl, cstart = r.nl, ci = 0;
    int body_before = 0, marked = 0;
    for (size_t j = from; j < r.nl; j++) {
        while (ci < r.nc && r.C[ci].line < j)
            ci++;
        if (r.L[j].kind == L_HEAD) {
            body_end = j;
            cstart = j + 1;
            break;
        }
        if (ci < r.nc && r.C[ci].line == j && opens_section(&r, ci, body_before)) {
            body_end = cstart = j;
            break;
        }
        if (r.L[j].kind == L_TEXT)
            body_before = 1;
    }
    if (cstart == r.nl && body_before) /* "Jane Doe\ntext" blocks ending the page */
        body_end = cstart = ns_pgt_named_tail(&r, from);
    while (ci < r.nc && r.C[ci].line < cstart)
        ci++;
    marked = by_openers(&r, cstart, ci);
    if (body(&r, from, body_end) != NS_OK)
        goto out;
    if (cstart < r.nl) {
        if (ns_pgt_comments(&r, cstart, ci, marked) != NS_OK)
            goto out;
    }
    rc = NS_OK;
out:
    free(r.L);
    free(r.C);
    if (rc != NS_OK)
        return ns_fail(err, rc, "%s: out of memory", name);
    return NS_OK;
}
