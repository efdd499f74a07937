/* text_board.c — an imageboard thread copied as text (4chan, 8kun and the
 * archives that mirror them):
 *
 *   Council approves flood plan Anonymous (ID: Xk3vP9aQ)  03/04/24(Mon)11:40:02 No.462019283
 *   File: flood.jpg (84 KB, 800x450)
 *   They are spending twelve million pounds on a wall ...
 *
 *   Anonymous (ID: 7hQm2LbZ)  03/04/24(Mon)11:42:17 No.462019411
 *   >>462019283
 *   Who do you think is getting the construction contract?
 *
 * Researchers follow stories that start on such boards.  The first post
 * (the OP) is the page's article, its subject the title; every other post
 * is a comment by its poster's name ("Anonymous" on most).  A post's
 * header line, its "File: ..." line and lines of bare post references
 * (">>462019283") are no text; a reply's own leading references are left
 * to the comment-quote rule (page.c).  Spans point into the text as given. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page/text_reader.h"
#include "util/grow.h"

static int digit(char c)
{
    return c >= '0' && c <= '9';
}

/* A post's date at t[i..le): "03/04/24(Mon)11:40:02" (seconds optional, a
 * space before the time allowed); returns the offset after it, 0 if none. */
static size_t board_date(const char *t, size_t i, size_t le)
{
    static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    if (le - i < 18)
        return 0;
    for (int k = 0; k < 8; k++) { /* DD/DD/DD */
        int sep = k == 2 || k == 5;
        if (sep ? t[i + (size_t)k] != '/' : !digit(t[i + (size_t)k]))
            return 0;
    }
    if (t[i + 8] != '(' || t[i + 12] != ')')
        return 0;
    int day = 0;
    for (int d = 0; d < 7 && !day; d++)
        day = !memcmp(t + i + 9, days[d], 3);
    size_t j = i + 13;
    if (!day)
        return 0;
    if (j < le && t[j] == ' ')
        j++;
    if (le - j < 5 || !digit(t[j]) || !digit(t[j + 1]) || t[j + 2] != ':' || !digit(t[j + 3]) ||
        !digit(t[j + 4]))
        return 0;
    j += 5;
    if (le - j >= 3 && t[j] == ':' && digit(t[j + 1]) && digit(t[j + 2]))
        j += 3;
    return j;
}

typedef struct post {
    size_t ss, se; /* subject, ss == se: none */
    size_t ns, ne; /* the poster's name */
    size_t ts, te; /* text: after the header, to the next header */
} post;

/* The header of a post at t[ls..le): "[Subject] Name [(ID: ...)] [flag]
 * DATE No.123"; fills the post's subject and name, returns 1; 0 if none. */
static int board_header(const char *t, size_t ls, size_t le, post *p)
{
    for (size_t i = ls; i + 18 <= le; i++) {
        if (!digit(t[i]) || (i > ls && t[i - 1] != ' ' && t[i - 1] != '\t'))
            continue;
        size_t d = board_date(t, i, le);
        if (!d)
            continue;
        size_t k = d;
        while (k < le && (t[k] == ' ' || t[k] == '\t'))
            k++;
        if (le - k < 4 || memcmp(t + k, "No.", 3))
            return 0;
        k += 3;
        if (k < le && t[k] == ' ')
            k++;
        if (k >= le || !digit(t[k]))
            return 0;
        /* before the date: "Subject Name (ID: X) Country" */
        size_t e = i;
        const char *id = NULL;
        for (size_t m = ls; m + 4 <= e && !id; m++)
            if (!memcmp(t + m, "(ID:", 4))
                id = t + m;
        if (id)
            e = (size_t)(id - t);
        size_t s = ls;
        ns_pg_trim(t, &s, &e);
        if (e == s)
            return 0;
        *p = (post){s, s, s, e, 0, 0};
        /* a subject before the default name: "Council approves ... Anonymous" */
        static const char anon[] = "Anonymous";
        size_t al = sizeof anon - 1;
        if (e - s > al + 1 && !memcmp(t + e - al, anon, al) && t[e - al - 1] == ' ') {
            p->ns = e - al;
            p->ss = s, p->se = e - al - 1;
            ns_pg_trim(t, &p->ss, &p->se);
        }
        return 1;
    }
    return 0;
}

/* A line that is only post references: ">>462019283 >>462019411". */
static int references_only(const char *t, size_t s, size_t e)
{
    int any = 0;
    for (size_t i = s; i < e;) {
        if (t[i] == ' ' || t[i] == '\t' || t[i] == '\r') {
            i++;
            continue;
        }
        if (e - i < 3 || t[i] != '>' || t[i + 1] != '>' || !digit(t[i + 2]))
            return 0;
        for (i += 2; i < e && digit(t[i]);)
            i++;
        any = 1;
    }
    return any;
}

/* "File: flood.jpg (84 KB, 800x450)", and the file's name alone on the
 * line under it ("flood.jpg": the thumbnail, as a browser copies it). */
static int file_line(const char *t, size_t s, size_t e)
{
    static const char *const ext[] = {".jpg", ".jpeg", ".png", ".gif", ".webm", ".webp", ".mp4", NULL};
    if (e - s > 6 && !memcmp(t + s, "File: ", 6))
        return 1;
    if (memchr(t + s, ' ', e - s))
        return 0;
    for (size_t i = 0; ext[i]; i++) {
        size_t l = strlen(ext[i]);
        if (e - s > l && !strncasecmp(t + e - l, ext[i], l))
            return 1;
    }
    return 0;
}

/* Lines before the first post that may be the board's furniture ("/pol/ -
 * Politically Incorrect", a menu). */
#define LEAD_LINES 8

int ns_pgt_board(ns_page *p, int *rc)
{
    const char *t = p->text;
    size_t n = p->len, headers = 0, lines = 0, first = SIZE_MAX;
    post tmp;
    for (size_t ls = 0; ls < n && headers < 2;) {
        size_t le = ns_pg_line_end(t, n, ls);
        if (board_header(t, ls, le, &tmp)) {
            headers++;
            if (first == SIZE_MAX)
                first = ls;
        } else if (first == SIZE_MAX && le > ls && ++lines > LEAD_LINES) {
            return 0;
        }
        ls = le + 1;
    }
    if (headers < 2)
        return 0;

    post *ps = NULL;
    size_t np = 0, cap = 0;
    *rc = NS_ESYSTEM;
    for (size_t ls = first; ls < n;) {
        size_t le = ns_pg_line_end(t, n, ls);
        if (board_header(t, ls, le, &tmp)) {
            if (ns_grow((void **)&ps, &cap, np + 1, sizeof *ps) < 0)
                goto out;
            tmp.ts = tmp.te = le < n ? le + 1 : n;
            ps[np++] = tmp;
        } else if (np) {
            size_t s = ls, e = le;
            ns_pg_trim(t, &s, &e);
            post *q = &ps[np - 1];
            /* the file line and reference lines before any text are no text */
            if (q->te == q->ts && (s == e || file_line(t, s, e) || (np == 1 && references_only(t, s, e))))
                q->ts = q->te = le < n ? le + 1 : n;
            else if (s < e)
                q->te = e;
        }
        ls = le + 1;
    }
    size_t cap_par = 0, cap_com = 0;
    const post *op = &ps[0];
    if (op->se > op->ss) {
        p->title = (ns_span){(uint32_t)op->ss, (uint32_t)op->se};
        p->has_title = 1;
    }
    for (size_t a = op->ts; a < op->te;) { /* the OP's lines, each a paragraph */
        size_t e = ns_pg_line_end(t, op->te, a), s = a, f = e;
        ns_pg_trim(t, &s, &f);
        if (f > s && !references_only(t, s, f) && !file_line(t, s, f) &&
            ns_pg_add_paragraph(p, &cap_par, s, f) != NS_OK)
            goto out;
        a = e + 1;
    }
    for (size_t k = 1; k < np; k++)
        if (ps[k].te > ps[k].ts &&
            ns_pg_add_comment(p, &cap_com, 1, ps[k].ns, ps[k].ne, ps[k].ts, ps[k].te) != NS_OK)
            goto out;
    *rc = NS_OK;
out:
    free(ps);
    return 1;
}
