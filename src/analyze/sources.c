/* sources.c — site reputation lists (OpenSources JSON/CSV, MBFC JSON, Baly
 * TSV) loaded into one table and looked up by domain.  See sources.h for the
 * formats and how each list's ratings become tags and a factuality. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/sources.h"
#include "util/grow.h"

struct ns_source_entry {
    char *host; /* "theadvocate.com" */
    char *path; /* "/acadiana", or NULL */
    char *key;  /* host + path */
    char **tags;
    size_t n_tags;
    double fact;
    char *label;
    uint32_t list;
};

typedef struct ns_source_entry entry;

/* ---------------------------------------------------------------- utils */

static char *dupn(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = 0;
    }
    return d;
}

static int is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Normalises a domain or URL into host and path (path NULL when none).
 * list != 0 also drops index pages ("/index.html") from the path.
 * Returns 1, 0 when there is no usable host, -1 when out of memory. */
static int norm_domain(const char *s, size_t n, int list, char **host, char **path)
{
    *host = *path = NULL;
    char *b = malloc(n + 1);
    if (!b)
        return -1;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_ws(c) || c == 0)
            continue;
        b[m++] = (char)(c >= 'A' && c <= 'Z' ? c | 32 : c);
    }
    b[m] = 0;
    char *p = b;
    /* scheme */
    char *sep = strstr(p, "://");
    if (sep && sep - p <= 16) {
        int ok = sep > p;
        for (char *q = p; q < sep; q++)
            ok &= (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '+' || *q == '.' || *q == '-';
        if (ok)
            p = sep + 3;
    } else if (p[0] == '/' && p[1] == '/') {
        p += 2;
    }
    size_t hl = strcspn(p, "/?#");
    char *rest = p + hl;
    /* user info and port */
    char *at = memchr(p, '@', hl);
    if (at)
        hl -= (size_t)(at + 1 - p), p = at + 1;
    char *colon = memchr(p, ':', hl);
    if (colon)
        hl = (size_t)(colon - p);
    while (hl && p[hl - 1] == '.')
        hl--;
    while (hl && p[0] == '.')
        p++, hl--;
    if (hl > 4 && !memcmp(p, "www.", 4))
        p += 4, hl -= 4;
    else if (hl > 5 && !memcmp(p, "www", 3) && p[3] >= '0' && p[3] <= '9' && p[4] == '.')
        p += 5, hl -= 5;
    int ok = hl > 0 && hl < 256;
    for (size_t i = 0; ok && i < hl; i++) {
        unsigned char c = (unsigned char)p[i];
        ok =
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c >= 0x80;
        if (c == '.' && i && p[i - 1] == '.')
            ok = 0;
    }
    if (!ok) {
        free(b);
        return 0;
    }
    /* the path: up to ? or #, without trailing slashes */
    size_t pl = 0;
    if (*rest == '/') {
        pl = strcspn(rest, "?#");
        for (;;) {
            while (pl && rest[pl - 1] == '/')
                pl--;
            if (!list)
                break;
            /* index pages name the folder they are in */
            size_t ls = pl;
            while (ls && rest[ls - 1] != '/')
                ls--;
            const char *last = rest + ls;
            size_t ll = pl - ls;
            if (ll &&
                (!strncmp(last, "index", 5 < ll ? 5 : ll) || !strncmp(last, "home", 4 < ll ? 4 : ll) ||
                 !strncmp(last, "default", 7 < ll ? 7 : ll)) &&
                (ll == 4 || ll == 5 || ll == 7 || memchr(last, '.', ll))) {
                pl = ls;
                continue;
            }
            break;
        }
    }
    *host = dupn(p, hl);
    if (pl)
        *path = dupn(rest, pl);
    free(b);
    if (!*host || (pl && !*path)) {
        free(*host), free(*path);
        *host = *path = NULL;
        return -1;
    }
    return 1;
}

static void entry_free(entry *e)
{
    free(e->host);
    free(e->path);
    free(e->key);
    for (size_t i = 0; i < e->n_tags; i++)
        free(e->tags[i]);
    free(e->tags);
    free(e->label);
}

void ns_sources_free(ns_sources *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        entry_free(&s->e[i]);
    for (size_t i = 0; i < s->n_lists; i++)
        free(s->lists[i]);
    free(s->e);
    free(s->lists);
    free(s->order);
    memset(s, 0, sizeof *s);
}

size_t ns_sources_count(const ns_sources *s)
{
    return s ? s->n : 0;
}

/* A load in progress: entries are appended to s and removed on failure. */
typedef struct loader {
    ns_sources *s;
    const char *name;
    uint32_t list;
    ns_error *err;
} loader;

/* Adds an entry for domain d[0..dl) (takes ownership of tags and label even
 * on failure).  Returns 0, or -1 out of memory.  An unusable domain counts
 * as skipped. */
static int add_entry(loader *L, const char *d, size_t dl, int has_path_scope, char **tags, size_t n_tags,
                     double fact, char *label)
{
    ns_sources *s = L->s;
    char *host = NULL, *path = NULL;
    int r = label ? norm_domain(d, dl, 1, &host, &path) : -1;
    if (r <= 0) {
        for (size_t i = 0; i < n_tags; i++)
            free(tags[i]);
        free(tags);
        free(label);
        if (r == 0) {
            s->skipped++;
            return 0;
        }
        return -1;
    }
    if (!has_path_scope)
        free(path), path = NULL;
    size_t hl = strlen(host), pl = path ? strlen(path) : 0;
    char *key = malloc(hl + pl + 1);
    if (s->n == s->cap) {
        size_t c = s->cap ? s->cap * 2 : 1024;
        entry *e = realloc(s->e, c * sizeof *e);
        if (e)
            s->e = e, s->cap = c;
    }
    if (!key || s->n == s->cap) {
        entry tmp = {host, path, key, tags, n_tags, fact, label, 0};
        entry_free(&tmp);
        return -1;
    }
    memcpy(key, host, hl);
    if (pl)
        memcpy(key + hl, path, pl);
    key[hl + pl] = 0;
    s->e[s->n++] = (entry){host, path, key, tags, n_tags, fact, label, L->list};
    return 0;
}

static int oom(loader *L)
{
    return ns_fail(L->err, NS_ESYSTEM, "out of memory");
}

/* ----------------------------------------------------------- OpenSources */

static const struct {
    const char *tag;
    double fact;
} OS_TAGS[] = {
    {"fake", 0.1},      {"conspiracy", 0.1}, {"junksci", 0.1},   {"hate", 0.2},
    {"rumor", 0.2},     {"satire", 0.2},     {"bias", 0.3},      {"unreliable", 0.3},
    {"clickbait", 0.3}, {"state", 0.3},      {"political", 0.4}, {"reliable", 0.9},
};

/* Normalises one OpenSources type into a new string; NULL when empty (or
 * *oom set when out of memory). */
static char *os_tag(const char *v, size_t n, int *no_mem)
{
    while (n && is_ws((unsigned char)*v))
        v++, n--;
    while (n && is_ws((unsigned char)v[n - 1]))
        n--;
    if (!n)
        return NULL;
    char *t = dupn(v, n);
    if (!t) {
        *no_mem = 1;
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (t[i] >= 'A' && t[i] <= 'Z')
            t[i] |= 32;
    if (!strcmp(t, "fake news"))
        t[4] = 0;
    return t;
}

/* Builds an OpenSources entry from up to 3 raw types. */
static int os_entry(loader *L, const char *dom, size_t dl, const char *const *types, const size_t *lens,
                    size_t nt)
{
    char **tags = calloc(nt ? nt : 1, sizeof *tags);
    if (!tags)
        return oom(L);
    size_t n = 0;
    int no_mem = 0;
    double fact = -1;
    for (size_t i = 0; i < nt; i++) {
        char *t = os_tag(types[i], lens[i], &no_mem);
        if (!t)
            continue;
        int dup = 0;
        for (size_t j = 0; j < n; j++)
            dup |= !strcmp(tags[j], t);
        if (dup) {
            free(t);
            continue;
        }
        tags[n++] = t;
        for (size_t k = 0; k < sizeof OS_TAGS / sizeof *OS_TAGS; k++)
            if (!strcmp(t, OS_TAGS[k].tag) && (fact < 0 || OS_TAGS[k].fact < fact))
                fact = OS_TAGS[k].fact;
    }
    /* the label: "OpenSources: bias, conspiracy" */
    size_t ll = 32;
    for (size_t i = 0; i < n; i++)
        ll += strlen(tags[i]) + 2;
    char *label = malloc(ll);
    if (label) {
        size_t o = (size_t)snprintf(label, ll, "OpenSources: %s", n ? "" : "listed, no type");
        for (size_t i = 0; i < n; i++)
            o += (size_t)snprintf(label + o, ll - o, "%s%s", i ? ", " : "", tags[i]);
    }
    if (no_mem) {
        for (size_t i = 0; i < n; i++)
            free(tags[i]);
        free(tags);
        free(label);
        return oom(L);
    }
    if (add_entry(L, dom, dl, 1, tags, n, fact, label))
        return oom(L);
    return NS_OK;
}

static int load_os_json(loader *L, json_t *root)
{
    const char *key;
    json_t *v;
    static const char *const F[] = {"type", "2nd type", "3rd type"};
    json_object_foreach(root, key, v)
    {
        if (!json_is_object(v)) {
            L->s->skipped++;
            continue;
        }
        const char *types[3];
        size_t lens[3], nt = 0;
        for (int f = 0; f < 3; f++) {
            json_t *t = json_object_get(v, F[f]);
            if (json_is_string(t))
                types[nt] = json_string_value(t), lens[nt++] = json_string_length(t);
        }
        int rc = os_entry(L, key, strlen(key), types, lens, nt);
        if (rc)
            return rc;
    }
    return NS_OK;
}

/* One CSV record: fields (pointers into buf, unescaped in place). */
typedef struct csv {
    char *buf;
    size_t len, pos;
    unsigned long line; /* line of the next record */
    char **f;
    size_t *fl;
    size_t nf, cap;
} csv;

/* Reads the next record.  1 = a record, 0 = end, -1 = malformed (with err),
 * -2 = out of memory. */
static int csv_next(csv *c, char delim, loader *L)
{
    if (c->pos >= c->len)
        return 0;
    c->nf = 0;
    unsigned long start_line = c->line;
    for (;;) {
        if (c->nf == c->cap) {
            size_t cap = c->cap ? c->cap * 2 : 16;
            char **f = realloc(c->f, cap * sizeof *f);
            if (!f)
                return -2;
            c->f = f;
            size_t *fl = realloc(c->fl, cap * sizeof *fl);
            if (!fl)
                return -2;
            c->fl = fl, c->cap = cap;
        }
        char *out = c->buf + c->pos, *w = out;
        if (c->pos < c->len && c->buf[c->pos] == '"' && delim == ',') {
            c->pos++;
            for (;;) {
                if (c->pos >= c->len) {
                    ns_fail(L->err, NS_EINPUT, "%s:%lu: unterminated quoted field", L->name, start_line);
                    return -1;
                }
                char ch = c->buf[c->pos++];
                if (ch == '"') {
                    if (c->pos < c->len && c->buf[c->pos] == '"') {
                        *w++ = '"', c->pos++;
                        continue;
                    }
                    break;
                }
                if (ch == '\n')
                    c->line++;
                *w++ = ch;
            }
            /* anything up to the delimiter after the closing quote is kept */
            while (c->pos < c->len && c->buf[c->pos] != delim && c->buf[c->pos] != '\n')
                *w++ = c->buf[c->pos++];
        } else {
            while (c->pos < c->len && c->buf[c->pos] != delim && c->buf[c->pos] != '\n')
                *w++ = c->buf[c->pos++];
        }
        size_t n = (size_t)(w - out);
        if (n && out[n - 1] == '\r' && (c->pos >= c->len || c->buf[c->pos] == '\n'))
            n--;
        c->f[c->nf] = out, c->fl[c->nf++] = n;
        if (c->pos >= c->len)
            break;
        char ch = c->buf[c->pos++];
        if (ch == '\n') {
            c->line++;
            break;
        }
    }
    return 1;
}

static int field_is(const char *f, size_t n, const char *name)
{
    while (n && is_ws((unsigned char)*f))
        f++, n--;
    while (n && is_ws((unsigned char)f[n - 1]))
        n--;
    return n == strlen(name) && !strncasecmp(f, name, n);
}

static int blank_record(const csv *c)
{
    for (size_t i = 0; i < c->nf; i++)
        for (size_t j = 0; j < c->fl[i]; j++)
            if (!is_ws((unsigned char)c->f[i][j]))
                return 0;
    return 1;
}

static int load_os_csv(loader *L, const char *data, size_t len)
{
    csv c = {0};
    c.buf = dupn(data, len);
    c.len = len, c.line = 1;
    if (!c.buf)
        return oom(L);
    int rc = NS_OK, r;
    long col[3] = {-1, -1, -1};
    static const char *const F[] = {"type", "2nd type", "3rd type"};
    r = csv_next(&c, ',', L);
    if (r == 1) {
        for (size_t i = 1; i < c.nf; i++)
            for (int k = 0; k < 3; k++)
                if (col[k] < 0 && field_is(c.f[i], c.fl[i], F[k]))
                    col[k] = (long)i;
        if (col[0] < 0)
            rc = ns_fail(L->err, NS_EINPUT, "%s:1: expected a header with a \"type\" column", L->name);
    } else if (r == 0) {
        rc = ns_fail(L->err, NS_EINPUT, "%s: empty list file", L->name);
    }
    while (rc == NS_OK && r > 0 && (r = csv_next(&c, ',', L)) == 1) {
        if (blank_record(&c))
            continue;
        const char *types[3];
        size_t lens[3], nt = 0;
        for (int k = 0; k < 3; k++)
            if (col[k] >= 0 && (size_t)col[k] < c.nf)
                types[nt] = c.f[col[k]], lens[nt++] = c.fl[col[k]];
        if (!c.fl[0]) {
            L->s->skipped++;
            continue;
        }
        rc = os_entry(L, c.f[0], c.fl[0], types, lens, nt);
    }
    if (rc == NS_OK && r == -1)
        rc = NS_EINPUT;
    if (rc == NS_OK && r == -2)
        rc = oom(L);
    free(c.buf), free(c.f), free(c.fl);
    return rc;
}

/* ------------------------------------------------------------------ MBFC */

static const char *const MBFC_FACT[] = {"Very Low", "Low", "Mixed", "Mostly Factual", "High", "Very High"};
static const char *const MBFC_CRED[] = {"Low", "Medium", "High"};

/* An integer rating lo..hi from an int, an integral real or a numeric
 * string; 0 when absent, "N/A" or anything else. */
static int rating(json_t *v, int lo, int hi)
{
    long long x;
    if (json_is_integer(v))
        x = json_integer_value(v);
    else if (json_is_real(v)) {
        double d = json_real_value(v);
        if (!(d >= lo && d <= hi) || d != (double)(long long)d)
            return 0;
        x = (long long)d;
    } else if (json_is_string(v)) {
        const char *s = json_string_value(v);
        char *end;
        errno = 0;
        x = strtoll(s, &end, 10);
        if (end == s || *end || errno)
            return 0;
    } else
        return 0;
    return x >= lo && x <= hi ? (int)x : 0;
}

static int load_mbfc(loader *L, json_t *root)
{
    size_t i;
    json_t *v;
    json_array_foreach(root, i, v)
    {
        json_t *url = json_object_get(v, "URL"); /* NULL when v is no object */
        if (!json_is_string(url)) {
            L->s->skipped++;
            continue;
        }
        int obj = rating(json_object_get(v, "Objective Reporting"), 1, 6);
        int acc = rating(json_object_get(v, "Accuracy"), 1, 3);
        double fact = obj ? (obj - 1) / 5.0 : acc ? (acc - 1) / 2.0 : -1;
        char label[160];
        int o = snprintf(label, sizeof label, "MBFC: factual reporting ");
        if (obj)
            o += snprintf(label + o, sizeof label - (size_t)o, "%s (%d/6)", MBFC_FACT[obj - 1], obj);
        else
            o += snprintf(label + o, sizeof label - (size_t)o, "N/A");
        if (acc)
            snprintf(label + o, sizeof label - (size_t)o, ", credibility %s (%d/3)", MBFC_CRED[acc - 1], acc);
        else
            snprintf(label + o, sizeof label - (size_t)o, ", credibility N/A");
        char *lab = dupn(label, strlen(label));
        if (!lab || add_entry(L, json_string_value(url), json_string_length(url), 1, NULL, 0, fact, lab))
            return oom(L);
    }
    return NS_OK;
}

/* ------------------------------------------------------------------ Baly */

static int load_baly(loader *L, const char *data, size_t len)
{
    csv c = {0};
    c.buf = dupn(data, len);
    c.len = len, c.line = 1;
    if (!c.buf)
        return oom(L);
    int rc = NS_OK, r;
    long iu = -1, in = -1, ifact = -1, ib = -1;
    r = csv_next(&c, '\t', L);
    if (r == 1) {
        for (size_t i = 0; i < c.nf; i++) {
            if (field_is(c.f[i], c.fl[i], "source_url"))
                iu = (long)i;
            else if (field_is(c.f[i], c.fl[i], "source_url_normalized"))
                in = (long)i;
            else if (field_is(c.f[i], c.fl[i], "fact"))
                ifact = (long)i;
            else if (field_is(c.f[i], c.fl[i], "bias"))
                ib = (long)i;
        }
        if (iu < 0 || ifact < 0)
            rc = ns_fail(L->err, NS_EINPUT,
                         "%s:1: expected a header with \"source_url\" and \"fact\" columns", L->name);
    }
    long need = iu > ifact ? iu : ifact;
    while (rc == NS_OK && r > 0) {
        unsigned long line = c.line;
        r = csv_next(&c, '\t', L);
        if (r != 1)
            break;
        if (blank_record(&c))
            continue;
        if ((long)c.nf <= need) {
            rc = ns_fail(L->err, NS_EINPUT, "%s:%lu: expected %ld tab-separated fields, found %zu", L->name,
                         line, need + 1, c.nf);
            break;
        }
        const char *f = c.f[ifact];
        size_t fl = c.fl[ifact];
        double fact = field_is(f, fl, "low")     ? 0
                      : field_is(f, fl, "mixed") ? 0.5
                      : field_is(f, fl, "high")  ? 1
                                                 : -1;
        char **tags = NULL;
        size_t nt = 0;
        const char *bias = ib >= 0 && (size_t)ib < c.nf ? c.f[ib] : "";
        size_t bl = ib >= 0 && (size_t)ib < c.nf ? c.fl[ib] : 0;
        int no_mem = 0;
        char *bt = os_tag(bias, bl, &no_mem);
        if (bt) {
            tags = malloc(sizeof *tags);
            if (!tags) {
                free(bt);
                no_mem = 1;
            } else
                tags[nt++] = bt;
        }
        if (no_mem) {
            rc = oom(L);
            break;
        }
        char label[200];
        snprintf(label, sizeof label, "MBFC (Baly et al.): factuality %.*s, bias %.*s",
                 (int)(fl > 20 ? 20 : fl), fl ? f : "?", (int)(bt ? strlen(bt) > 40 ? 40 : strlen(bt) : 1),
                 bt ? bt : "?");
        /* the path is part of the entry only where the normalised id says so
         * ("itv.com-news"); "independent.co.uk/us" is the whole site */
        int scoped = 1;
        char *h, *p;
        int nr = norm_domain(c.f[iu], c.fl[iu], 1, &h, &p);
        if (nr < 0) {
            rc = oom(L);
            break;
        }
        if (nr > 0 && in >= 0 && (size_t)in < c.nf) {
            size_t hl = strlen(h);
            const char *nv = c.f[in];
            size_t nl = c.fl[in];
            if (nl >= 4 && !strncasecmp(nv, "www.", 4))
                nv += 4, nl -= 4;
            if (nl == hl && !strncasecmp(nv, h, hl))
                scoped = 0;
        }
        free(h), free(p);
        char *lab = dupn(label, strlen(label));
        if (!lab || add_entry(L, c.f[iu], c.fl[iu], scoped, tags, nt, fact, lab)) {
            rc = oom(L);
            break;
        }
    }
    if (rc == NS_OK && r == -1)
        rc = NS_EINPUT;
    if (rc == NS_OK && r == -2)
        rc = oom(L);
    free(c.buf), free(c.f), free(c.fl);
    return rc;
}

/* -------------------------------------------------------------- loading */

static const char *base_name(const char *p)
{
    const char *b = strrchr(p, '/');
    return b ? b + 1 : p;
}

static int cmp_order(const void *x, const void *y, void *ctx)
{
    const ns_sources *s = ctx;
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    int c = strcmp(s->e[a].host, s->e[b].host);
    return c ? c : (a > b) - (a < b);
}

/* Sorts the entries by host into s->order.  grow == 0: the array already
 * holds s->n entries (after a failed load shrank s->n), so nothing can fail. */
static int reindex(ns_sources *s, int grow)
{
    if (grow) {
        uint32_t *o = realloc(s->order, (s->n ? s->n : 1) * sizeof *o);
        if (!o)
            return -1;
        s->order = o;
    }
    for (size_t i = 0; i < s->n; i++)
        s->order[i] = (uint32_t)i;
    qsort_r(s->order, s->n, sizeof *s->order, cmp_order, s);
    return 0;
}

static char *list_name(const ns_sources *s, const char *name)
{
    const char *b = base_name(name);
    int taken = 0;
    for (size_t i = 0; i < s->n_lists; i++)
        taken |= !strcmp(s->lists[i], b);
    if (taken && b > name + 1) {
        /* the last two components: "acl2020/corpus.tsv" */
        const char *q = b - 1;
        while (q > name && q[-1] != '/')
            q--;
        b = q;
    }
    char *d = strdup(b);
    return d;
}

int ns_sources_load_memory(ns_sources *s, const char *data, size_t len, const char *name, ns_error *err)
{
    if (!name)
        name = "sources";
    if (len >= UINT32_MAX)
        return ns_fail(err, NS_EINPUT, "%s: list too large", name);
    size_t i = 0;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        i = 3;
    size_t body = i;
    while (i < len && is_ws((unsigned char)data[i]))
        i++;
    if (i == len)
        return ns_fail(err, NS_EINPUT, "%s: empty list file", name);
    char **lists = realloc(s->lists, (s->n_lists + 1) * sizeof *lists);
    if (!lists)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    s->lists = lists;
    char *ln = list_name(s, name);
    if (!ln)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    size_t n0 = s->n, sk0 = s->skipped;
    loader L = {s, name, (uint32_t)s->n_lists, err};
    int rc;
    if (data[i] == '{' || data[i] == '[') {
        json_error_t je;
        json_t *root = json_loadb(data + body, len - body, JSON_DECODE_ANY, &je);
        if (!root) {
            if (je.line > 0)
                rc = ns_fail(err, NS_EINPUT, "%s:%d: column %d: %s", name, je.line, je.column, je.text);
            else
                rc = ns_fail(err, NS_EINPUT, "%s: %s", name, je.text);
        } else if (json_is_object(root)) {
            rc = load_os_json(&L, root);
        } else if (json_is_array(root)) {
            rc = load_mbfc(&L, root);
        } else {
            rc = ns_fail(err, NS_EINPUT, "%s: expected a JSON object (OpenSources) or array (MBFC)", name);
        }
        json_decref(root);
    } else {
        size_t le = i;
        while (le < len && data[le] != '\n')
            le++;
        const char *nl = data + i;
        size_t n = le - i;
        if (memchr(nl, '\t', n) && memmem(nl, n, "source_url", 10))
            rc = load_baly(&L, data + body, len - body);
        else if (memchr(nl, ',', n) && memmem(nl, n, "type", 4))
            rc = load_os_csv(&L, data + body, len - body);
        else
            rc = ns_fail(err, NS_EINPUT,
                         "%s:1: unrecognised list format (expected OpenSources JSON or CSV, "
                         "MBFC JSON, or a TSV with source_url and fact columns)",
                         name);
    }
    if (rc == NS_OK && reindex(s, 1))
        rc = ns_fail(err, NS_ESYSTEM, "out of memory");
    if (rc != NS_OK) {
        for (size_t k = n0; k < s->n; k++)
            entry_free(&s->e[k]);
        s->n = n0, s->skipped = sk0;
        free(ln);
        if (s->order)
            reindex(s, 0);
        return rc;
    }
    s->lists[s->n_lists++] = ln;
    return NS_OK;
}

int ns_sources_load(ns_sources *s, const char *path, ns_error *err)
{
    char *buf;
    size_t n;
    int rc = ns_read_file(path, &buf, &n, err);
    if (rc)
        return rc;
    rc = ns_sources_load_memory(s, buf, n, path, err);
    free(buf);
    return rc;
}

/* --------------------------------------------------------------- lookup */

/* Whether a candidate parent domain is only a public suffix ("co.uk"). */
static int suffix_only(const char *h)
{
    const char *dot = strchr(h, '.');
    if (!dot)
        return 1;
    if (strchr(dot + 1, '.'))
        return 0;
    static const char *const SLD[] = {"co",  "com", "org", "net", "gov", "ac",   "edu", "gob",
                                      "ne",  "or",  "go",  "mil", "nic", "ltd",  "plc", "sch",
                                      "nhs", "int", "in",  "gen", "web", "info", NULL};
    size_t fl = (size_t)(dot - h);
    if (strlen(dot + 1) != 2)
        return 0;
    for (int i = 0; SLD[i]; i++)
        if (strlen(SLD[i]) == fl && !strncmp(h, SLD[i], fl))
            return 1;
    return 0;
}

static int path_under(const char *path, const char *scope)
{
    if (!scope)
        return 1;
    if (!path)
        return 0;
    size_t n = strlen(scope);
    return !strncmp(path, scope, n) && (path[n] == 0 || path[n] == '/');
}

typedef struct cand {
    uint32_t e;
    uint32_t level;
    uint32_t path_len;
} cand;

int ns_sources_lookup(const ns_sources *s, const char *domain, ns_source_hit **hits, size_t *n)
{
    *hits = NULL, *n = 0;
    if (!s || !s->n || !domain || !s->order)
        return NS_OK;
    char *host, *path;
    int r = norm_domain(domain, strlen(domain), 0, &host, &path);
    if (r < 0)
        return NS_ESYSTEM;
    if (r == 0)
        return NS_OK;
    cand *cv = NULL;
    size_t nc = 0, cc = 0;
    int rc = NS_OK;
    const char *h = host;
    for (uint32_t level = 0; h && *h; level++) {
        if (level && suffix_only(h))
            break;
        /* the first entry with this host */
        size_t lo = 0, hi = s->n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (strcmp(s->e[s->order[mid]].host, h) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t k = lo; k < s->n && !strcmp(s->e[s->order[k]].host, h); k++) {
            const entry *e = &s->e[s->order[k]];
            if (!path_under(path, e->path))
                continue;
            if (ns_grow((void **)&cv, &cc, nc + 1, sizeof *cv) < 0) {
                rc = NS_ESYSTEM;
                goto done;
            }
            cv[nc++] = (cand){s->order[k], level, e->path ? (uint32_t)strlen(e->path) : 0};
        }
        h = strchr(h, '.');
        if (h)
            h++;
        if (h && !strchr(h, '.'))
            break; /* a bare TLD */
    }
    if (nc) {
        ns_source_hit *out = malloc(nc * sizeof *out);
        if (!out) {
            rc = NS_ESYSTEM;
            goto done;
        }
        size_t m = 0;
        for (uint32_t li = 0; li < s->n_lists; li++) {
            /* per list: the deepest host, then the longest path */
            uint32_t best_level = UINT32_MAX, best_path = 0;
            for (size_t k = 0; k < nc; k++) {
                if (s->e[cv[k].e].list != li)
                    continue;
                if (cv[k].level < best_level)
                    best_level = cv[k].level, best_path = cv[k].path_len;
                else if (cv[k].level == best_level && cv[k].path_len > best_path)
                    best_path = cv[k].path_len;
            }
            for (size_t k = 0; k < nc; k++) {
                const entry *e = &s->e[cv[k].e];
                if (e->list != li || cv[k].level != best_level || cv[k].path_len != best_path)
                    continue;
                int dup = 0;
                for (size_t j = 0; j < m; j++)
                    dup |= out[j].list == s->lists[li] && !strcmp(out[j].entry, e->key) &&
                           out[j].factuality == e->fact && !strcmp(out[j].label, e->label);
                if (dup)
                    continue;
                out[m++] = (ns_source_hit){s->lists[li], e->key,  (const char *const *)e->tags,
                                           e->n_tags,    e->fact, e->label};
            }
        }
        *hits = out, *n = m;
    }
done:
    free(cv);
    free(host);
    free(path);
    return rc;
}

double ns_sources_prior(const ns_source_hit *hits, size_t n)
{
    double sum = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (hits[i].factuality >= 0 && hits[i].factuality <= 1)
            sum += hits[i].factuality, k++;
    return k ? sum / (double)k : -1;
}
