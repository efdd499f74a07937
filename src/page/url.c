/*
 * url.c — the domain of a page's URL: lower-case host without "www." and
 * without port, user info, path, query or fragment.
 */
#include <stdlib.h>
#include <string.h>

#include "page/page.h"

char *ns_pg_domain(const char *url, size_t n)
{
    size_t i = 0;
    if (!url)
        return NULL;
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
