/*
 * text_dump.c — a page as a text browser dumps it (`lynx -dump`): every
 * link's text carries a reference number ("[12]News"), and a "References"
 * list of the numbered URLs ends the page.  The numbers are not the page's
 * words and the list is not its text, so both go before the text reader
 * reads the lines.  They are blanked, not cut out: the page's text keeps
 * the input's length, so every span still points at the same bytes of the
 * user's file.
 */
#include <string.h>

#include "page/text_reader.h"

/* The length of a reference mark "[123]" at s (at most five digits), or 0. */
static size_t mark_at(const char *s, size_t n)
{
    if (n < 3 || s[0] != '[')
        return 0;
    size_t i = 1;
    while (i < n && i <= 5 && s[i] >= '0' && s[i] <= '9')
        i++;
    return i > 1 && i < n && s[i] == ']' ? i + 1 : 0;
}

/* Where the "References" list starts (its heading line), or n: a line that
 * says just "References", the rest of the page numbered URLs. */
static size_t references_at(const char *t, size_t n)
{
    for (size_t a = n; a > 0;) {
        size_t e = a;
        a = e - 1;
        while (a > 0 && t[a - 1] != '\n')
            a--;
        size_t x = a, y = e;
        while (x < y && (t[x] == ' ' || t[x] == '\t'))
            x++;
        while (y > x && (t[y - 1] == ' ' || t[y - 1] == '\t' || t[y - 1] == '\r' || t[y - 1] == '\n'))
            y--;
        if (y == x)
            continue;
        if (y - x == 10 && !memcmp(t + x, "References", 10))
            return a;
        /* "12. https://…": a numbered URL, else this is no list's tail */
        size_t d = x;
        while (d < y && t[d] >= '0' && t[d] <= '9')
            d++;
        if (d == x || d + 2 >= y || t[d] != '.' || !memmem(t + d, y - d, "://", 3))
            return n;
    }
    return n;
}

void ns_pgt_undump(char *t, size_t n)
{
    size_t marks = 0;
    for (size_t i = 0; i < n && marks < 3; i++)
        if (t[i] == '[') {
            size_t m = mark_at(t + i, n - i);
            marks += m && i + m < n && t[i + m] != ' ' && t[i + m] != '\n';
        }
    size_t end = marks >= 3 ? references_at(t, n) : n;
    if (end == n)
        return;
    for (size_t i = 0; i < end;) {
        size_t m = t[i] == '[' ? mark_at(t + i, end - i) : 0;
        if (m)
            memset(t + i, ' ', m);
        i += m ? m : 1;
    }
    for (size_t i = end; i < n; i++)
        if (t[i] != '\n')
            t[i] = ' ';
}
