/*
 * text_comments.c — the comment section of a plain-text page: comments
 * opened by author lines or bullets (marked), blocks of text that may start
 * with a name (plain), or blocks signed at their end ("Posted by: Jane |
 * date", "Jane Doe, Leeds").  Spans point into the page's own text.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page/page.h"
#include "page/text_reader.h"
#include "util/grow.h"

/* ------------------------------------------------------------- comments */

/* How far back a reply's parent is looked for (a thread copies its replies
 * right under the comment they answer; a page of 50,000 comments must not
 * compare each with all before it). */
#define REPLIED_TO_BACK 64

/* A reply's author line as Disqus's page copies it names the comment
 * replied to after the writer ("Margaret Innes seadog_41"): an earlier
 * comment's author at the end of the line is cut off. */
static void cut_replied_to(const reader *r, size_t as, size_t *ae)
{
    const ns_page *p = r->p;
    if (!memchr(r->t + as, ' ', *ae - as))
        return;
    size_t from = p->n_comments > REPLIED_TO_BACK ? p->n_comments - REPLIED_TO_BACK : 0;
    for (size_t i = p->n_comments; i-- > from;) {
        const ns_comment *c = &p->comments[i];
        size_t n = c->author.end - c->author.start;
        if (!c->has_author || n == 0 || *ae - as < n + 2 || r->t[*ae - n - 1] != ' ' ||
            memcmp(r->t + *ae - n, r->t + c->author.start, n))
            continue;
        *ae -= n + 1;
        while (*ae > as && r->t[*ae - 1] == ' ')
            (*ae)--;
        return;
    }
}

static int add_comment(reader *r, int has_author, size_t as, size_t ae, size_t ts, size_t te)
{
    if (has_author) {
        ns_pg_clean_author(r->t, &as, &ae);
        cut_replied_to(r, as, &ae);
    }
    return ns_pg_add_comment(r->p, &r->cap_com, has_author, as, ae, ts, te);
}

typedef struct cur {
    int active, closed, has_author, has_text, from_bullet, before_first, lines;
    size_t as, ae, ts, te, bs, be;
} cur;

static int flush(reader *r, cur *c)
{
    int rc = NS_OK;
    /* a lone short name-like line above the first comment is the site's
     * or the comment system's name ("Daily News Wire", "Disqus") */
    if (c->active && c->has_text && c->before_first && !c->has_author && c->lines == 1 &&
        (ns_pg_name_like(r->t + c->ts, c->te - c->ts, 1) ||
         (words_in(r->t + c->ts, c->te - c->ts) <= 6 && !ends_paragraph(r->t + c->ts, c->te - c->ts))))
        c->has_text = 0;
    if (c->active && c->has_text)
        rc = add_comment(r, c->has_author, c->as, c->ae, c->ts, c->te);
    else if (c->active && c->from_bullet && c->be > c->bs) /* "• Great read" alone */
        rc = add_comment(r, 0, 0, 0, c->bs, c->be);
    memset(c, 0, sizeof *c);
    return rc;
}

static void add_text(cur *c, size_t s, size_t e)
{
    if (!c->has_text)
        c->ts = s;
    c->te = e;
    c->has_text = 1;
    c->lines++;
}

static int marked_comments(reader *r, size_t from, size_t ci)
{
    const line *L = r->L;
    cur c = {0};
    int want_author = 0, seen = 0;
    for (size_t j = from; j < r->nl; j++) {
        const line *l = &L[j];
        while (ci < r->nc && r->C[ci].line < j)
            ci++;
        const cand *k = (ci < r->nc && r->C[ci].line == j) ? &r->C[ci] : NULL;
        if (k) {
            if (flush(r, &c) != NS_OK)
                return NS_ESYSTEM;
            c.active = 1;
            seen = 1;
            want_author = k->kind == C_BULLET_EMPTY;
            if (k->ae > k->as) {
                c.has_author = 1;
                c.as = k->as;
                c.ae = k->ae;
            }
            if (k->kind == C_BULLET_NAME || k->kind == C_BULLET_TEXT) {
                c.from_bullet = 1;
                c.bs = l->s + l->bullet;
                c.be = l->e;
            }
            if (k->ts)
                add_text(&c, k->ts, l->e);
            continue;
        }
        if (l->kind == L_BLANK)
            continue;
        if (l->kind == L_BOILER || l->kind == L_HEAD) {
            if (c.has_text)
                c.closed = 1;
            continue;
        }
        if (want_author) {
            want_author = 0;
            c.has_author = 1;
            c.as = l->s;
            c.ae = l->s + ns_pg_strip_says(r->t + l->s, l->e - l->s);
            continue;
        }
        if (!c.active || c.closed) {
            if (flush(r, &c) != NS_OK)
                return NS_ESYSTEM;
            c.active = 1;
            c.before_first = !seen;
        }
        add_text(&c, l->quoted ? l->s : l->s + l->bullet, l->e); /* "- " opening the text is the writer's */
    }
    return flush(r, &c);
}

/* The blocks of text from line `from` on (between blank lines and
 * furniture), as [first line, end) pairs in *B; their number, or SIZE_MAX
 * when out of memory. */
static size_t text_blocks(const reader *r, size_t from, size_t (**B)[2])
{
    const line *L = r->L;
    size_t nb = 0, cap = 0;
    int open = 0;
    *B = NULL;
    for (size_t j = from; j <= r->nl; j++) {
        int text = j < r->nl && (L[j].kind == L_TEXT || L[j].kind == L_BYLINE);
        if (text && !open) {
            if (ns_grow((void **)B, &cap, nb + 1, sizeof **B) < 0) {
                free(*B);
                *B = NULL;
                return SIZE_MAX;
            }
            (*B)[nb][0] = j;
            open = 1;
        }
        if (!text && open) {
            (*B)[nb++][1] = j;
            open = 0;
        }
    }
    return nb;
}

/* A block's first line names its writer: a person's name, or a user name
 * over the text ("tidewatcher" / "Stay safe everyone."). */
static int names_writer(const reader *r, const size_t *b)
{
    const line *l = &r->L[b[0]];
    return ns_pg_name_like(r->t + l->s, l->e - l->s, 1) ||
           (b[1] - b[0] >= 2 && ns_pgt_user_like(r->t + l->s, l->e - l->s));
}

/* names_writer, without a heading to say comments follow: a name of two
 * words or more ("Ron Wheeler"), or a user name; a live blog's one-word
 * heading ("Schools" / "All schools will stay closed") is neither. */
static int names_writer_alone(const reader *r, const size_t *b)
{
    const line *l = &r->L[b[0]];
    return names_writer(r, b) &&
           (memchr(r->t + l->s, ' ', l->e - l->s) || ns_pgt_user_like(r->t + l->s, l->e - l->s));
}

/* Does s[0..n) speak as a reader does: in the first or second person
 * ("I", "we", "you", ...), or with an exclamation or a question?  An
 * article's sections under title-case headings ("Sea Wall" / "The new wall
 * will be two metres higher") report in the third. */
static int readers_voice(const char *s, size_t n)
{
    static const char *const words[] = {"i",     "i'm", "i've", "i'd", "me",     "my",   "we",
                                        "we're", "our", "us",   "you", "you're", "your", NULL};
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '!' || s[i] == '?')
            return 1;
        if (i && isalpha((unsigned char)s[i - 1]))
            continue;
        size_t e = i;
        while (e < n && (isalpha((unsigned char)s[e]) || s[e] == '\''))
            e++;
        for (const char *const *w = words; e > i && *w; w++)
            if (strlen(*w) == e - i && !strncasecmp(s + i, *w, e - i))
                return 1;
    }
    return 0;
}

size_t ns_pgt_named_tail(const reader *r, size_t from)
{
    size_t(*B)[2], nb = text_blocks(r, from, &B), b = nb, comments = 0;
    if (nb == SIZE_MAX)
        return r->nl;
    size_t voiced = 0;
    while (b > 0) {
        size_t ts, te = r->L[B[b - 1][1] - 1].e;
        if (B[b - 1][1] - B[b - 1][0] >= 2 && names_writer_alone(r, B[b - 1])) {
            ts = r->L[B[b - 1][0] + 1].s;
            b--; /* "Jane Doe" / "the comment" */
        } else if (b >= 2 && B[b - 2][1] - B[b - 2][0] == 1 && names_writer_alone(r, B[b - 2]) &&
                   !names_writer(r, B[b - 1])) {
            ts = r->L[B[b - 1][0]].s;
            b -= 2; /* "Jane Doe" / "" / "the comment" */
        } else {
            break;
        }
        comments++;
        voiced += readers_voice(r->t + ts, te - ts);
    }
    size_t at = comments >= 2 && 2 * voiced >= comments && b > 0 ? B[b][0] : r->nl;
    free(B);
    return at;
}

/* No openers: blocks of text between blank lines and furniture.  When most
 * blocks start with a name ("Jane Doe\ntext" or "Jane Doe\n\ntext"), the
 * name is the author. */
static int plain_comments(reader *r, size_t from)
{
    const line *L = r->L;
    const char *t = r->t;
    size_t(*B)[2], nb = text_blocks(r, from, &B);
    if (nb == SIZE_MAX)
        return NS_ESYSTEM;
    size_t A = 0, S = 0;
    for (size_t b = 0; b < nb; b++) {
        if (B[b][1] - B[b][0] >= 2 && names_writer(r, B[b]))
            A++;
        else if (B[b][1] - B[b][0] == 1 && b + 1 < nb && names_writer(r, B[b]) &&
                 !(B[b + 1][1] - B[b + 1][0] == 1 && names_writer(r, B[b + 1]))) {
            S++;
            b++;
        }
    }
    int names = A + S > 0 && 10 * (A + 2 * S) >= 6 * nb;
    int rc = NS_OK;
    for (size_t b = 0; b < nb && rc == NS_OK; b++) {
        size_t f = B[b][0], e = B[b][1];
        if (names && e - f >= 2 && names_writer(r, B[b])) {
            size_t ae = L[f].s + ns_pg_strip_says(t + L[f].s, L[f].e - L[f].s);
            rc = add_comment(r, 1, L[f].s, ae, L[f + 1].s, L[e - 1].e);
        } else if (names && e - f == 1 && b + 1 < nb && names_writer(r, B[b]) &&
                   !(B[b + 1][1] - B[b + 1][0] == 1 && names_writer(r, B[b + 1]))) {
            size_t ae = L[f].s + ns_pg_strip_says(t + L[f].s, L[f].e - L[f].s);
            size_t g = B[b + 1][0], h = B[b + 1][1];
            rc = add_comment(r, 1, L[f].s, ae, L[g].s, L[h - 1].e);
            b++;
        } else {
            rc = add_comment(r, 0, 0, 0, L[f].s + L[f].bullet, L[e - 1].e);
        }
    }
    free(B);
    return rc;
}

/* -------------------------------------------------- signed after the text */

/* A signature closing a comment: "Posted by: Jane | May 3, 2019 at 9:12
 * AM", "— Jane Doe", "Jane Doe, Leeds".  Sets the name's span. */
static int signature(const reader *r, const line *l, size_t *as, size_t *ae)
{
    const char *s = r->t + l->s;
    size_t n = l->e - l->s, a = 0, nl, ta;
    if (n > 120 || ends_paragraph(s, n) || l->bullet)
        return 0;
    static const char *const pre[] = {"posted by:",   "posted by", "written by", "by ", "\xE2\x80\x94",
                                      "\xE2\x80\x93", "--",        "- ",         "~",   NULL};
    for (const char *const *p = pre; *p && a == 0; p++) {
        size_t pl = strlen(*p);
        if (n > pl && !strncasecmp(s, *p, pl))
            a = pl;
    }
    while (a < n && (s[a] == ' ' || s[a] == '\t'))
        a++;
    const char *x = s + a;
    size_t xn = n - a;
    if (xn == 0)
        return 0;
    if (ns_pg_author_line(x, xn, &nl, &ta) && ta >= xn) {
        *as = l->s + a;
        *ae = *as + nl;
        return 1;
    }
    const char *comma = memchr(x, ',', xn);
    size_t left = comma ? (size_t)(comma - x) : xn;
    if (words_in(x, left) > 4 || !ns_pg_name_like(x, left, a == 0))
        return 0;
    if (comma) { /* "Jane Doe, Leeds": a place after the name */
        size_t pa = left + 1, pe = xn;
        ns_pg_trim(x, &pa, &pe);
        if (pe <= pa || words_in(x + pa, pe - pa) > 4 || !ns_pg_name_like(x + pa, pe - pa, 0) ||
            !(x[pa] >= 'A' && x[pa] <= 'Z'))
            return 0;
    }
    *as = l->s + a;
    *ae = *as + left;
    return 1;
}

/* Blocks of text from cstart: [from, to) line ranges, by callback. */
typedef int (*block_fn)(reader *r, size_t from, size_t to, void *ctx);
static int blocks_from(reader *r, size_t cstart, block_fn fn, void *ctx)
{
    size_t a = 0;
    int open = 0;
    for (size_t j = cstart; j <= r->nl; j++) {
        int text = j < r->nl && (r->L[j].kind == L_TEXT || r->L[j].kind == L_BYLINE);
        if (text && !open) {
            a = j;
            open = 1;
        }
        if (!text && open) {
            open = 0;
            int rc = fn(r, a, j, ctx);
            if (rc)
                return rc;
        }
    }
    return 0;
}

struct sig_count {
    size_t multi, signed_, led;
};

static int count_block(reader *r, size_t a, size_t b, void *vc)
{
    struct sig_count *c = vc;
    size_t as, ae;
    if (b - a >= 2) {
        c->multi++;
        c->signed_ += signature(r, &r->L[b - 1], &as, &ae);
    }
    c->led += r->L[a].cand != C_NONE && r->L[a].cand != C_BULLET_TEXT;
    return 0;
}

/* Do most comments end with their author's signature, none start with it? */
static int signature_layout(reader *r, size_t cstart)
{
    struct sig_count c = {0, 0, 0};
    blocks_from(r, cstart, count_block, &c);
    return c.signed_ >= 2 && 3 * c.signed_ >= 2 * c.multi && c.signed_ > c.led;
}

static int signed_block(reader *r, size_t a, size_t b, void *vc)
{
    (void)vc;
    size_t as, ae;
    if (b - a >= 2 && signature(r, &r->L[b - 1], &as, &ae))
        return add_comment(r, 1, as, ae, r->L[a].s, r->L[b - 2].e) != NS_OK;
    return add_comment(r, 0, 0, 0, r->L[a].s + r->L[a].bullet, r->L[b - 1].e) != NS_OK;
}

static int signed_comments(reader *r, size_t cstart)
{
    return blocks_from(r, cstart, signed_block, NULL) ? NS_ESYSTEM : NS_OK;
}

int ns_pgt_comments(reader *r, size_t cstart, size_t ci, int marked)
{
    if (signature_layout(r, cstart))
        return signed_comments(r, cstart);
    return marked ? marked_comments(r, cstart, ci) : plain_comments(r, cstart);
}
