/* text_chat.c — a chat exported as text (WhatsApp's "Export chat"):
 *
 *   02/03/2024, 10:15 - Uncle Bob: *URGENT* The government will …
 *   [02/03/2024, 10:17:05] Ann Porter: Is this true?
 *
 * Fact-checkers' tiplines receive forwarded messages this way.  The
 * longest message is the page's article (the forward; chats open with
 * greetings and "can you check this?"), each other message a comment by
 * its sender.  System lines (no "Name: "), "<Media omitted>" and
 * "<attached: …>" are left out.  Spans point into the text as given. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page/text_reader.h"
#include "util/grow.h"

static int digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Digits, 1 to max of them, at t[*i]; advances past them. */
static int digits(const char *t, size_t n, size_t *i, int max)
{
    int k = 0;
    while (*i < n && digit(t[*i]) && k < max)
        (*i)++, k++;
    return k > 0 && !(*i < n && digit(t[*i]));
}

/* The header of a message at t[ls..le): "DD/MM/YYYY, HH:MM - " or
 * "[DD/MM/YYYY, HH:MM:SS] " (with AM/PM, '.' or '-' in dates, a
 * left-to-right mark before it).  Returns the offset after it, 0 if none. */
static size_t header_end(const char *t, size_t ls, size_t le)
{
    size_t i = ls;
    if (le - i >= 3 && !memcmp(t + i, "\xE2\x80\x8E", 3))
        i += 3; /* U+200E */
    int bracket = i < le && t[i] == '[';
    i += (size_t)bracket;
    for (int part = 0; part < 3; part++) {
        if (!digits(t, le, &i, part == 2 ? 4 : 2))
            return 0;
        if (part < 2) {
            if (i >= le || (t[i] != '/' && t[i] != '.' && t[i] != '-'))
                return 0;
            i++;
        }
    }
    if (i < le && t[i] == ',')
        i++;
    if (i >= le || t[i] != ' ')
        return 0;
    i++;
    if (!digits(t, le, &i, 2) || i >= le || t[i] != ':' || (i++, !digits(t, le, &i, 2)))
        return 0;
    if (i < le && t[i] == ':' && (i++, !digits(t, le, &i, 2)))
        return 0;
    /* " AM", with a space or U+202F before it */
    size_t j = i;
    if (le - j >= 3 && !memcmp(t + j, "\xE2\x80\xAF", 3))
        j += 3;
    else if (j < le && t[j] == ' ')
        j++;
    if (le - j >= 2 && (t[j] == 'A' || t[j] == 'P' || t[j] == 'a' || t[j] == 'p') &&
        (t[j + 1] == 'M' || t[j + 1] == 'm'))
        i = j + 2;
    if (bracket)
        return le - i >= 2 && t[i] == ']' && t[i + 1] == ' ' ? i + 2 : 0;
    if (le - i >= 3 && !memcmp(t + i, " - ", 3))
        return i + 3;
    if (le - i >= 5 && !memcmp(t + i, " \xE2\x80\x93 ", 5))
        return i + 5; /* an en dash */
    return 0;
}

typedef struct msg {
    size_t as, ae; /* sender */
    size_t ts, te; /* text, to the next header */
} msg;

/* "<Media omitted>", "<attached: 00000012-PHOTO.jpg>", "image omitted". */
static int media_only(const char *s, size_t n)
{
    return (n >= 2 && s[0] == '<' && s[n - 1] == '>') || (n >= 8 && !memcmp(s + n - 7, "omitted", 7));
}

int ns_pgt_chat(ns_page *p, int *rc)
{
    const char *t = p->text;
    size_t n = p->len, i = 0, headers = 0, first_text = 0;
    /* the first line of text must be a header, and another one follow */
    while (i < n && (t[i] == '\n' || t[i] == '\r' || t[i] == ' ' || t[i] == '\t'))
        i++;
    first_text = i;
    for (size_t ls = first_text; ls < n && headers < 2;) {
        size_t le = ns_pg_line_end(t, n, ls);
        if (header_end(t, ls, le))
            headers++;
        else if (ls == first_text)
            return 0;
        ls = le + 1;
    }
    if (headers < 2)
        return 0;

    msg *m = NULL;
    size_t nm = 0, cap = 0;
    *rc = NS_ESYSTEM;
    for (size_t ls = first_text; ls < n;) {
        size_t le = ns_pg_line_end(t, n, ls), h = header_end(t, ls, le);
        if (h) {
            /* "Name: text"; a system line has no sender */
            const char *colon = memchr(t + h, ':', le - h);
            size_t c = colon ? (size_t)(colon - t) : le;
            int sender = colon && c > h && c - h <= 60 && c + 1 < le && t[c + 1] == ' ';
            if (ns_grow((void **)&m, &cap, nm + 1, sizeof *m) < 0)
                goto out;
            m[nm++] = sender ? (msg){h, c, c + 2, le} : (msg){0, 0, 0, 0};
        } else if (nm && m[nm - 1].te) {
            m[nm - 1].te = le; /* the message goes on */
        }
        ls = le + 1;
    }
    /* each message's text trimmed; the longest is the article */
    size_t best = SIZE_MAX, best_len = 0;
    for (size_t k = 0; k < nm; k++) {
        if (!m[k].te)
            continue;
        ns_pg_trim(t, &m[k].ts, &m[k].te);
        if (m[k].te == m[k].ts || media_only(t + m[k].ts, m[k].te - m[k].ts)) {
            m[k].te = 0;
            continue;
        }
        if (m[k].te - m[k].ts > best_len)
            best = k, best_len = m[k].te - m[k].ts;
    }
    size_t cap_par = 0, cap_com = 0;
    if (best != SIZE_MAX)
        for (size_t a = m[best].ts; a < m[best].te;) { /* its lines, each a paragraph */
            size_t e = ns_pg_line_end(t, m[best].te, a), s = a, f = e;
            ns_pg_trim(t, &s, &f);
            /* the app's "Forwarded many times" label, when copied with it */
            int label = (f - s == 9 || f - s == 20) && !strncasecmp(t + s, "forwarded", 9) &&
                        (f - s == 9 || !strncasecmp(t + s + 9, " many times", 11));
            if (f > s && !label && ns_pg_add_paragraph(p, &cap_par, s, f) != NS_OK)
                goto out;
            a = e + 1;
        }
    for (size_t k = 0; k < nm; k++)
        if (m[k].te && k != best &&
            ns_pg_add_comment(p, &cap_com, 1, m[k].as, m[k].ae, m[k].ts, m[k].te) != NS_OK)
            goto out;
    *rc = NS_OK;
out:
    free(m);
    return 1;
}
