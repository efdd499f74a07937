/*
 * text_markdown.c — a page scraped to Markdown (html2text, pandoc, the
 * readers that feed language models): "# Headline", "[text](url)" links,
 * "![alt](url)" images, "**bold**".  The marks are not the page's words:
 * they are blanked with spaces before the text reader reads the lines, so
 * that the canonical text keeps the input's length and every span still
 * points at the same bytes of the user's file (a JSON page's text, laid
 * out anew, has them cut out instead).  List bullets and numbers stay: the
 * reader knows them.
 */
#include <string.h>

#include "page/text_reader.h"

/* The end of a link's "(url)" right after its "]" at s[i] ("](" ...
 * ")"), or 0 when none: the URL holds no space, line break or '['. */
static size_t link_end(const char *t, size_t n, size_t i)
{
    if (i + 1 >= n || t[i] != ']' || t[i + 1] != '(')
        return 0;
    for (size_t k = i + 2; k < n && k < i + 2048; k++) {
        if (t[k] == ')')
            return k + 1;
        if (t[k] == ' ' || t[k] == '\n' || t[k] == '\t' || t[k] == '[')
            return 0;
    }
    return 0;
}

/* The "]" closing a link's text opened at s[i] == '[', on the same line
 * and before the next '[' (so that a text of brackets costs one pass),
 * when a "(url)" follows it; else 0. */
static size_t link_close(const char *t, size_t n, size_t i)
{
    for (size_t k = i + 1; k < n && k < i + 1024 && t[k] != '\n' && t[k] != '['; k++)
        if (t[k] == ']')
            return link_end(t, n, k) ? k : 0;
    return 0;
}

static int markdown(const char *t, size_t n)
{
    size_t links = 0, heads = 0, bold = 0;
    for (size_t i = 0; i < n && links < 2; i++) {
        if (t[i] == '[' && link_close(t, n, i))
            links++;
        if (t[i] == '*' && i + 2 < n && t[i + 1] == '*' && t[i + 2] != '*' && t[i + 2] != ' ')
            bold++; /* "**Wednesday**", not "****" */
        if (t[i] == '#' && (i == 0 || t[i - 1] == '\n')) {
            size_t k = i;
            while (k < n && t[k] == '#')
                k++;
            heads += k - i <= 6 && k < n && t[k] == ' ';
        }
    }
    return links >= 2 || (links >= 1 && (heads >= 1 || bold >= 1));
}

static void blank(char *t, size_t a, size_t b, char fill)
{
    memset(t + a, fill, b - a);
}

int ns_pgt_unmarkdown(char *t, size_t n, char fill)
{
    if (!markdown(t, n))
        return 0;
    for (size_t i = 0; i < n; i++) {
        int line_start = i == 0 || t[i - 1] == '\n';
        if (line_start && t[i] == '#') { /* "## Heading" */
            size_t k = i;
            while (k < n && t[k] == '#')
                k++;
            if (k - i <= 6 && k < n && t[k] == ' ')
                blank(t, i, k + 1, fill);
            i = k;
            continue;
        }
        if (t[i] == '!' && i + 1 < n && t[i + 1] == '[') { /* an image: nothing to read */
            size_t c = link_close(t, n, i + 1);
            if (c) {
                size_t e = link_end(t, n, c);
                blank(t, i, e, fill);
                i = e - 1;
                continue;
            }
        }
        if (t[i] == '[') { /* a link: its text stays */
            size_t c = link_close(t, n, i);
            if (c) {
                size_t e = link_end(t, n, c);
                t[i] = fill;
                blank(t, c, e, fill);
                continue;
            }
        }
        /* "**bold**", "__bold__": the pairs of marks (a lone "*" may be a
         * bullet, or a footnote) */
        if ((t[i] == '*' || t[i] == '_') && i + 1 < n && t[i + 1] == t[i]) {
            t[i] = t[i + 1] = fill;
            i++;
        }
    }
    return 1;
}
