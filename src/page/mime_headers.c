/*
 * mime_headers.c — header blocks: "Name: value" lines, folded lines that
 * go on with white space, a blank line to end them (RFC 5322 and 2045, as
 * MHTML files write them), and the HTTP response heads a page saved with
 * "curl -i" starts with.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "page/mime_headers.h"
#include "page/page.h"

static int blank_line(const char *d, size_t a, size_t b)
{
    return b == a || (b == a + 1 && d[a] == '\r');
}

/* Where the header block at d[0..n) ends: the first byte after the blank
 * line that closes it, or n when none does. */
size_t ns_pg_headers_end(const char *d, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t e = ns_pg_line_end(d, n, i);
        if (blank_line(d, i, e))
            return e < n ? e + 1 : n;
        i = e + 1;
    }
    return n;
}

/* Is d[a..b) the header line "Name: ..." for name? */
static int header_named(const char *d, size_t a, size_t b, const char *name)
{
    size_t nl = strlen(name);
    return b - a > nl && !strncasecmp(d + a, name, nl) && d[a + nl] == ':';
}

/* The value of header `name` in the block d[0..n) into out (unfolded, its
 * white space trimmed); 0 when the block has no such header. */
int ns_pg_header(const char *d, size_t n, const char *name, char *out, size_t cap)
{
    out[0] = 0;
    for (size_t i = 0; i < n;) {
        size_t e = ns_pg_line_end(d, n, i);
        if (!header_named(d, i, e, name)) {
            i = e + 1;
            continue;
        }
        size_t o = 0;
        size_t a = i + strlen(name) + 1;
        for (;;) { /* this line, and each continuation line that folds into it */
            for (size_t k = a; k < e && o + 1 < cap; k++) {
                char c = d[k] == '\t' || d[k] == '\r' ? ' ' : d[k];
                if (c == ' ' && (o == 0 || out[o - 1] == ' '))
                    continue;
                out[o++] = c;
            }
            if (e + 1 >= n || (d[e + 1] != ' ' && d[e + 1] != '\t'))
                break;
            a = e + 1;
            e = ns_pg_line_end(d, n, a);
            if (o && out[o - 1] != ' ' && o + 1 < cap)
                out[o++] = ' ';
        }
        while (o && out[o - 1] == ' ')
            o--;
        out[o] = 0;
        return 1;
    }
    return 0;
}

/* The media type of a Content-Type value, lower case, into out. */
void ns_pg_media_type(const char *v, char *out, size_t cap)
{
    size_t o = 0;
    for (; *v && *v != ';' && *v != ' ' && o + 1 < cap; v++)
        out[o++] = (char)(*v >= 'A' && *v <= 'Z' ? *v + 32 : *v);
    out[o] = 0;
}

/* Parameter `name` of a header value ("multipart/related; type=\"text/html\";
 * boundary=\"----X\"") into out, its quotes removed; 0 when absent. */
int ns_pg_header_param(const char *v, const char *name, char *out, size_t cap)
{
    size_t nl = strlen(name);
    out[0] = 0;
    for (const char *s = strchr(v, ';'); s; s = strchr(s + 1, ';')) {
        const char *k = s + 1;
        while (*k == ' ')
            k++;
        if (strncasecmp(k, name, nl))
            continue;
        k += nl;
        while (*k == ' ')
            k++;
        if (*k != '=')
            continue;
        k++;
        while (*k == ' ')
            k++;
        size_t o = 0;
        if (*k == '"') {
            for (k++; *k && *k != '"' && o + 1 < cap; k++)
                out[o++] = *k;
        } else {
            for (; *k && *k != ';' && *k != ' ' && o + 1 < cap; k++)
                out[o++] = *k;
        }
        out[o] = 0;
        return o > 0;
    }
    return 0;
}

/* Is d[a..b) an HTTP status line: "HTTP/1.1 200 OK", "HTTP/2 301"? */
static int status_line(const char *d, size_t a, size_t b)
{
    const char *s = d + a;
    size_t n = b - a, i = 5;
    if (n < 10 || strncmp(s, "HTTP/", 5) || s[i] < '0' || s[i] > '9')
        return 0;
    i++;
    if (s[i] == '.' && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9')
        i += 2;
    if (i + 4 > n || s[i] != ' ')
        return 0;
    for (size_t k = i + 1; k < i + 4; k++)
        if (s[k] < '0' || s[k] > '9')
            return 0;
    return i + 4 == n || s[i + 4] == ' ' || s[i + 4] == '\r';
}

/* Is d[a..b) a header line ("Name: value"; a name of token bytes)? */
static int header_line(const char *d, size_t a, size_t b)
{
    size_t k = a;
    while (k < b && d[k] != ':' && d[k] > ' ' && d[k] < 127)
        k++;
    return k > a && k < b && d[k] == ':';
}

size_t ns_pg_http_head(const char *d, size_t len, char *ctype, char *location)
{
    ctype[0] = location[0] = 0;
    size_t i = 0, body = 0;
    for (;;) {
        size_t e = ns_pg_line_end(d, len, i);
        if (i >= len || !status_line(d, i, e))
            return body;
        size_t head = e + 1, k = head;
        if (head > len)
            return body;
        for (;;) { /* its header lines, to the blank line that ends them */
            size_t le = ns_pg_line_end(d, len, k);
            if (blank_line(d, k, le))
                break;
            if (le >= len || !header_line(d, k, le))
                return body; /* never ends, or no header: not a response head */
            k = le + 1;
        }
        size_t end = ns_pg_headers_end(d + head, len - head) + head;
        char v[NS_PG_HEADER_MAX];
        if (ns_pg_header(d + head, end - head, "Location", v, sizeof v) && ns_pg_http_prefix(v, strlen(v)))
            snprintf(location, NS_PG_HEADER_MAX, "%s", v);
        if (!ns_pg_header(d + head, end - head, "Content-Type", ctype, NS_PG_HEADER_MAX))
            ctype[0] = 0;
        body = i = end;
    }
}
