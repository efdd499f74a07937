/* mime_headers.h — header blocks as MIME messages and HTTP responses write
 * them (src/page only): an MHTML file's, its parts', and the HTTP head a
 * page saved with "curl -i" begins with. */
#ifndef NS_MIME_HEADERS_H
#define NS_MIME_HEADERS_H

#include <stddef.h>

/* A header value is kept to this many bytes at most (a frame's URL can be
 * long); a longer one is cut, so it matches nothing. */
#define NS_PG_HEADER_MAX 4096

/* Where the header block at d[0..n) ends: the first byte after the blank
 * line that closes it, or n when none does. */
size_t ns_pg_headers_end(const char *d, size_t n);
/* The value of header `name` in the block d[0..n) into out (cap bytes,
 * unfolded, white space trimmed); 0 when the block has no such header. */
int ns_pg_header(const char *d, size_t n, const char *name, char *out, size_t cap);
/* The media type of a Content-Type value, lower case, no parameters. */
void ns_pg_media_type(const char *v, char *out, size_t cap);
/* Parameter `name` of a header value ("text/html; charset=\"utf-8\""),
 * its quotes removed; 0 when absent. */
int ns_pg_header_param(const char *v, const char *name, char *out, size_t cap);

/* A page saved with the HTTP response's head before its body ("curl -i",
 * "curl -D -", a proxy's dump): "HTTP/1.1 200 OK" or "HTTP/2 200" and its
 * header lines, several such heads when redirects were followed or a
 * "100 Continue" came first.  Returns where the body starts, 0 when d does
 * not start with a response head.  The last head's Content-Type goes into
 * ctype and the last absolute http(s) Location (the URL the page came
 * from after redirects) into location, each NS_PG_HEADER_MAX bytes, ""
 * when none. */
size_t ns_pg_http_head(const char *d, size_t len, char *ctype, char *location);

#endif
