/*
 * url.c — the domain of a page's URL: lower-case host without "www." and
 * without port, user info, path, query or fragment; for a copy kept by an
 * archive or served by a proxy, the domain of the page it copies.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page/page.h"

/* The host of url[0..n) as ns_pg_domain gives it, and in *rest the offset
 * where what follows the host (and port) begins. */
static char *host_of(const char *url, size_t n, size_t *rest)
{
    size_t i = 0;
    *rest = n;
    while (i < n && (url[i] == ' ' || url[i] == '\t'))
        i++;
    /* scheme: "http://"; a scheme without "//" (mailto:) has no host */
    size_t k = i;
    while (k < n &&
           (((url[k] | 32) >= 'a' && (url[k] | 32) <= 'z') ||
            (k > i && ((url[k] >= '0' && url[k] <= '9') || url[k] == '+' || url[k] == '-' || url[k] == '.'))))
        k++;
    if (k > i && k < n && url[k] == ':') {
        if (k + 2 < n && url[k + 1] == '/' && url[k + 2] == '/')
            i = k + 3;
        else if (!(k + 1 < n && url[k + 1] >= '0' && url[k + 1] <= '9'))
            return NULL; /* "mailto:x" (but "host:8080" is a host) */
    } else if (i + 1 < n && url[i] == '/' && url[i + 1] == '/') {
        i += 2;
    } else if (i < n && url[i] == '/') {
        return NULL; /* a relative path */
    }
    size_t e = i;
    while (e < n && url[e] != '/' && url[e] != '?' && url[e] != '#' && url[e] != '\\')
        e++;
    *rest = e;
    /* user info */
    for (size_t j = e; j > i; j--)
        if (url[j - 1] == '@') {
            i = j;
            break;
        }
    size_t h = i, he;
    if (h < e && url[h] == '[') { /* IPv6 literal */
        he = h;
        while (he < e && url[he] != ']')
            he++;
        if (he >= e)
            return NULL;
        h++;
    } else {
        he = h;
        while (he < e && url[he] != ':')
            he++;
    }
    while (he > h && url[he - 1] == '.')
        he--;
    if (he <= h || he - h > 253)
        return NULL;
    int v6 = h > i;
    for (size_t j = h; j < he; j++) {
        unsigned char c = (unsigned char)url[j];
        int ok = c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '.' || c == '_' || (v6 && c == ':');
        if (!ok)
            return NULL;
    }
    if (he - h >= 4 && (url[h] | 32) == 'w' && (url[h + 1] | 32) == 'w' && (url[h + 2] | 32) == 'w' &&
        url[h + 3] == '.' && he - h > 4)
        h += 4;
    char *d = malloc(he - h + 1);
    if (!d)
        return NULL;
    for (size_t j = h; j < he; j++) {
        char c = url[j];
        d[j - h] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    d[he - h] = 0;
    return d;
}

/* Hosts whose URLs carry the URL of the page they hold a copy of:
 * "web.archive.org/web/20240302101500/https://example.com/story",
 * "archive.ph/2024.03.02-101500/https://example.com/story". */
static const char *const archive_hosts[] = {"web.archive.org",
                                            "wayback.archive.org",
                                            "archive.ph",
                                            "archive.today",
                                            "archive.is",
                                            "archive.li",
                                            "archive.vn",
                                            "archive.md",
                                            "archive.fo",
                                            "webcache.googleusercontent.com",
                                            NULL};

size_t ns_pg_http_prefix(const char *s, size_t n)
{
    if (n >= 7 && !strncasecmp(s, "http://", 7))
        return 7;
    return n >= 8 && !strncasecmp(s, "https://", 8) ? 8 : 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

/* Where in url[0..n) the URL of the copied page starts, its host being
 * host and the rest starting at url[at]; 0 when url holds no copy. */
static size_t copied_url(const char *host, const char *url, size_t n, size_t at)
{
    for (const char *const *h = archive_hosts; *h; h++) {
        if (strcmp(host, *h))
            continue;
        for (size_t i = at; i + 7 < n; i++)
            if (ns_pg_http_prefix(url + i, n - i))
                return i;
        /* the Wayback Machine also takes "/web/2024/example.com/story" */
        if (n - at > 5 && !strncmp(url + at, "/web/", 5)) {
            size_t i = at + 5;
            while (i < n && url[i] != '/')
                i++;
            return i + 1 < n ? i + 1 : 0;
        }
        return 0;
    }
    /* Google's AMP cache: "<any>.cdn.ampproject.org/c/s/example.com/story" */
    if (ends_with(host, ".cdn.ampproject.org") && n - at > 3 && url[at] == '/' && url[at + 2] == '/') {
        size_t i = at + 3;
        if (n - i > 2 && url[i] == 's' && url[i + 1] == '/')
            i += 2;
        return i < n ? i : 0;
    }
    return 0;
}

/* Google Translate's proxy names the site in its host, dots as dashes
 * and dashes doubled: "www-foo--bar-com.translate.goog" is www.foo-bar.com. */
static void untranslate(char *d)
{
    static const char proxy[] = ".translate.goog";
    size_t n = strlen(d), p = sizeof proxy - 1;
    if (n <= p || !ends_with(d, proxy))
        return;
    size_t o = 0;
    for (size_t i = 0; i < n - p; i++) {
        if (d[i] == '-' && i + 1 < n - p && d[i + 1] == '-')
            d[o++] = '-', i++;
        else
            d[o++] = d[i] == '-' ? '.' : d[i];
    }
    d[o] = 0;
    if (o > 4 && !strncmp(d, "www.", 4))
        memmove(d, d + 4, o - 3);
}

size_t ns_pg_copied_at(const char *url, size_t n)
{
    size_t off = 0;
    /* an archive's copy of an archive's copy: a few levels at most */
    for (int depth = 0; url && depth < 4; depth++) {
        size_t rest;
        char *d = host_of(url + off, n - off, &rest);
        size_t at = d ? copied_url(d, url + off, n - off, rest) : 0;
        free(d);
        char *inner = at ? host_of(url + off + at, n - off - at, &rest) : NULL;
        if (!inner)
            break; /* no copy, or a copy whose URL names no host */
        free(inner);
        off += at;
    }
    return off;
}

char *ns_pg_domain(const char *url, size_t n)
{
    if (!url)
        return NULL;
    size_t at = ns_pg_copied_at(url, n), rest;
    char *d = host_of(url + at, n - at, &rest);
    if (d)
        untranslate(d);
    return d;
}
