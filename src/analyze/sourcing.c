/* sourcing.c — quotes and their speakers, cited outlets and people, and vague
 * attributions, by rule over word and punctuation tokens.
 *
 * The outlet names come from the gazetteer file (models/outlets.tsv), never
 * from a list in this file.  The short word lists below are grammar (speech
 * verbs, pronouns, name particles) and the vague-attribution phrases. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

#include "analyze/sourcing.h"
#include "text/utf8.h"
#include "util/grow.h"

#define MAX_NAME_TOKENS 6

/* ------------------------------------------------------------ tokens */

static int32_t cp_at(const unsigned char *s, size_t n, size_t i, size_t *k)
{
    int32_t cp = s[i];
    *k = 1;
    if (s[i] >= 0x80) {
        *k = ns_utf8_seq(s + i, n - i, &cp);
        if (!*k)
            *k = 1, cp = -1; /* an invalid byte: treated as white space */
    }
    return cp;
}

int ns_an_is_wordcp(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 0 && ((unsigned)((cp | 32) - 'a') < 26u || (unsigned)(cp - '0') < 10u);
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO;
}

static int is_space(int32_t cp)
{
    return cp < 0 || cp == ' ' || (cp >= 9 && cp <= 13) || cp == 0 || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
           cp == 0x3000 || cp == 0xFEFF;
}

static int is_joiner(int32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == '-' || cp == '.' || cp == 0x2010 || cp == 0x2011;
}

static int keys_put(ns_an_toks *tt, const char *s, size_t n)
{
    if (ns_grow((void **)&tt->keys, &tt->keys_cap, tt->keys_len + n + 1, 1) < 0)
        return -1;
    memcpy(tt->keys + tt->keys_len, s, n);
    tt->keys_len += n;
    tt->keys[tt->keys_len] = 0;
    return 0;
}

static int tok_push(ns_an_toks *tt, const ns_an_tok *t)
{
    if (ns_grow((void **)&tt->t, &tt->cap, tt->n + 1, sizeof *tt->t) < 0)
        return -1;
    tt->t[tt->n++] = *t;
    return 0;
}

/* The ASCII letters and digits from s[i] on, put into the key (letters
 * lower-cased) and counted as the word loop below does it one character at
 * a time, in one go: they are most of a page.  Returns where they end, or
 * SIZE_MAX when out of memory. */
static size_t ascii_word_run(ns_an_toks *tt, const unsigned char *s, size_t i, size_t end, unsigned *letters,
                             unsigned *upper, unsigned *lower, int *first)
{
    size_t j = i;
    while (j < end && s[j] < 0x80 && ns_an_is_wordcp(s[j]))
        j++;
    if (j == i)
        return i;
    if (keys_put(tt, (const char *)s + i, j - i))
        return SIZE_MAX;
    char *o = tt->keys + tt->keys_len - (j - i);
    for (size_t x = i; x < j; x++) {
        unsigned c = s[x];
        if ((c | 32) - 'a' < 26u) {
            int up = c <= 'Z';
            (*letters)++;
            *upper += (unsigned)up;
            *lower += (unsigned)!up;
            if (*first < 0)
                *first = up;
            o[x - i] = (char)(c | 32);
        }
    }
    return j;
}

int ns_an_tokenize(ns_an_toks *tt, const char *text, size_t start, size_t end)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = start, k;
    while (i < end) {
        int32_t cp = cp_at(s, end, i, &k);
        if (is_space(cp)) {
            i += k;
            continue;
        }
        if (!ns_an_is_wordcp(cp)) {
            ns_an_tok t = {(uint32_t)i, (uint32_t)(i + k), (uint32_t)tt->keys_len, 0, cp, 0, 0, 0, 0};
            if (tok_push(tt, &t))
                return -1;
            i += k;
            continue;
        }
        ns_an_tok t = {(uint32_t)i, 0, (uint32_t)tt->keys_len, 0, 0, 1, 0, 0, 0};
        unsigned letters = 0, upper = 0, lower = 0;
        int first = -1;
        for (;;) {
            if (cp < 0x80) {
                /* ASCII fast path */
                char ch = (char)cp;
                if ((unsigned)((cp | 32) - 'a') < 26u) {
                    int up = cp <= 'Z';
                    letters++;
                    upper += up;
                    lower += !up;
                    if (first < 0)
                        first = up;
                    ch = (char)(cp | 32);
                }
                if (keys_put(tt, &ch, 1))
                    return -1;
            } else {
                utf8proc_category_t c = utf8proc_category(cp);
                if (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) {
                    int up = c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
                    letters++;
                    upper += up;
                    lower += c == UTF8PROC_CATEGORY_LL;
                    if (first < 0)
                        first = up;
                }
                utf8proc_uint8_t enc[4];
                utf8proc_ssize_t el = utf8proc_encode_char(utf8proc_tolower(cp), enc);
                if (keys_put(tt, (const char *)enc, (size_t)el))
                    return -1;
            }
            i += k;
            if ((i = ascii_word_run(tt, s, i, end, &letters, &upper, &lower, &first)) == SIZE_MAX)
                return -1;
            if (i >= end)
                break;
            cp = cp_at(s, end, i, &k);
            if (ns_an_is_wordcp(cp))
                continue;
            if (is_joiner(cp) && i + k < end) {
                size_t k2;
                int32_t nx = cp_at(s, end, i + k, &k2);
                if (ns_an_is_wordcp(nx)) {
                    char j = cp == 0x2019 ? '\'' : (cp == 0x2010 || cp == 0x2011) ? '-' : (char)cp;
                    if (keys_put(tt, &j, 1))
                        return -1;
                    i += k;
                    cp = nx, k = k2;
                    continue;
                }
            }
            break;
        }
        t.end = (uint32_t)i;
        t.key_len = (uint32_t)(tt->keys_len - t.key);
        t.cap = first == 1;
        t.allcaps = upper > 0 && lower == 0;
        t.letters = letters > 255 ? 255 : (uint8_t)letters;
        if (tok_push(tt, &t))
            return -1;
    }
    return 0;
}

void ns_an_toks_free(ns_an_toks *tt)
{
    free(tt->t);
    free(tt->keys);
    memset(tt, 0, sizeof *tt);
}

/* ------------------------------------------------------ phrase matching */

static const char *const NUMBER_WORDS[] = {
    "one",      "two",    "three",  "four",     "five",     "six",     "seven",   "eight",     "nine",
    "ten",      "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty",    "fifty",    "hundred", "dozen",   NULL};

static int prev_is_word(const unsigned char *s, size_t pos)
{
    if (pos == 0)
        return 0;
    size_t b = pos - 1;
    while (b > 0 && pos - b < 4 && (s[b] & 0xC0) == 0x80)
        b--;
    int32_t cp;
    size_t k = s[b] < 0x80 ? (cp = s[b], 1) : ns_utf8_seq(s + b, pos - b, &cp);
    return k == pos - b && ns_an_is_wordcp(cp);
}

static size_t space_len(const unsigned char *s, size_t len, size_t i)
{
    size_t j = i, k;
    while (j < len) {
        int32_t cp = cp_at(s, len, j, &k);
        if (cp < 0 || !is_space(cp) || cp == 0)
            break;
        j += k;
    }
    return j - i;
}

size_t ns_an_phrase_at(const char *text, size_t len, size_t pos, const char *phrase, int numbers)
{
    const unsigned char *s = (const unsigned char *)text;
    if (pos >= len || prev_is_word(s, pos))
        return 0;
    size_t i = pos;
    for (const char *p = phrase; *p;) {
        if (*p == ' ') {
            size_t w = space_len(s, len, i);
            if (!w)
                return 0;
            i += w, p++;
            continue;
        }
        if (numbers && !strncmp(p, "{n}", 3)) {
            size_t j = i;
            while (j < len && s[j] >= '0' && s[j] <= '9')
                j++;
            if (j == i) {
                for (int w = 0; NUMBER_WORDS[w] && i < len; w++) {
                    if ((s[i] | 32) != (unsigned char)NUMBER_WORDS[w][0]) /* cheap first test */
                        continue;
                    size_t wl = strlen(NUMBER_WORDS[w]);
                    if (i + wl <= len && !strncasecmp((const char *)s + i, NUMBER_WORDS[w], wl) &&
                        !(i + wl < len && ns_an_is_wordcp(s[i + wl]))) {
                        j = i + wl;
                        break;
                    }
                }
            }
            if (j == i)
                return 0;
            i = j, p += 3;
            continue;
        }
        if (i >= len)
            return 0;
        if (*p == '\'') {
            if (s[i] == '\'')
                i++;
            else if (i + 3 <= len && s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0x99)
                i += 3;
            else
                return 0;
            p++;
            continue;
        }
        unsigned char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c |= 32;
        if (c != (unsigned char)*p)
            return 0;
        i++, p++;
    }
    if (i < len) {
        size_t k;
        int32_t cp = cp_at(s, len, i, &k);
        if (ns_an_is_wordcp(cp))
            return 0;
    }
    return i - pos;
}

/* ------------------------------------------------------------ gazetteer */

typedef struct outlet {
    char *name;
    const char *kind;
    char *domain;
} outlet;

#define FIRST_BITS (1u << 16)
#define SEQ_BITS (1u << 19)

typedef struct pattern {
    uint64_t hash;
    uint32_t outlet;
    uint32_t key, key_len; /* token keys joined by ' ' in g->keys */
    uint8_t ntok;
    uint8_t req[MAX_NAME_TOKENS]; /* 0 any case, 1 capitalised, 2 in capitals */
} pattern;

struct ns_outlets {
    outlet *o;
    size_t n_o, cap_o;
    pattern *p;
    size_t n_p, cap_p;
    char *keys;
    size_t keys_len, keys_cap;
    uint32_t *slots; /* pattern index + 1, 0 empty */
    size_t mask;
    /* A bit per hash of some pattern's first token: almost no word of a page
     * starts a name, and this rules them out before any n-token hashing. */
    uint64_t first[FIRST_BITS / 64];
    /* A bit per sequence hash of some pattern's first k tokens, 0 < k <= its
     * length.  Most runs of words after a name's first word go no further
     * than a token or two into any name, and most candidates are no name:
     * the bits rule both out before a probe of the table (a cache miss in
     * the slots, another in the patterns).  A stray bit only costs a probe. */
    uint64_t seq[SEQ_BITS / 64];
};

static const char KIND_OUTLET[] = "outlet", KIND_AGENCY[] = "agency", KIND_PERSON[] = "person",
                  KIND_ORG[] = "organization";

static uint64_t tok_hash(const char *k, size_t n)
{
    return XXH3_64bits(k, n);
}

static uint64_t seq_step(uint64_t h, uint64_t th)
{
    h = (h ^ th) * 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 29);
}
#define SEQ_SEED 0x6e73676174ULL

static void first_set(ns_outlets *g, uint64_t th)
{
    g->first[(th >> 6) & (FIRST_BITS / 64 - 1)] |= 1ull << (th & 63);
}

static int first_has(const ns_outlets *g, uint64_t th)
{
    return g->first[(th >> 6) & (FIRST_BITS / 64 - 1)] >> (th & 63) & 1;
}

static void seq_set(ns_outlets *g, uint64_t h)
{
    g->seq[(h >> 6) & (SEQ_BITS / 64 - 1)] |= 1ull << (h & 63);
}

static int seq_has(const ns_outlets *g, uint64_t h)
{
    return g->seq[(h >> 6) & (SEQ_BITS / 64 - 1)] >> (h & 63) & 1;
}

static const pattern *gaz_find(const ns_outlets *g, uint64_t h, size_t ntok, const char *key, size_t key_len)
{
    if (!g->slots)
        return NULL;
    for (size_t i = h & g->mask;; i = (i + 1) & g->mask) {
        uint32_t v = g->slots[i];
        if (!v)
            return NULL;
        const pattern *p = &g->p[v - 1];
        if (p->hash == h && p->ntok == ntok && p->key_len == key_len &&
            !memcmp(g->keys + p->key, key, key_len))
            return p;
    }
}

/* Whether some pattern has this hash, token count and key length (no key
 * comparison: gaz_find settles it). */
static int gaz_probe(const ns_outlets *g, uint64_t h, size_t ntok, size_t key_len)
{
    for (size_t i = h & g->mask;; i = (i + 1) & g->mask) {
        uint32_t v = g->slots[i];
        if (!v)
            return 0;
        const pattern *p = &g->p[v - 1];
        if (p->hash == h && p->ntok == ntok && p->key_len == key_len)
            return 1;
    }
}

static int gaz_grow_slots(ns_outlets *g)
{
    size_t cap = 64;
    while (cap < g->n_p * 2 + 2)
        cap *= 2;
    if (g->slots && g->mask + 1 >= cap)
        return 0;
    uint32_t *sl = calloc(cap, sizeof *sl);
    if (!sl)
        return -1;
    free(g->slots);
    g->slots = sl, g->mask = cap - 1;
    for (size_t j = 0; j < g->n_p; j++) {
        size_t i = g->p[j].hash & g->mask;
        while (sl[i])
            i = (i + 1) & g->mask;
        sl[i] = (uint32_t)(j + 1);
    }
    return 0;
}

/* Adds the pattern of word tokens w[0..n) of tt (from a name). */
static int gaz_add_pattern(ns_outlets *g, const ns_an_toks *tt, const size_t *w, size_t n, uint32_t oi,
                           int casefree)
{
    if (!n || n > MAX_NAME_TOKENS)
        return 0;
    size_t start = g->keys_len;
    uint64_t h = SEQ_SEED;
    pattern p = {0};
    for (size_t i = 0; i < n; i++) {
        const ns_an_tok *t = &tt->t[w[i]];
        h = seq_step(h, tok_hash(tt->keys + t->key, t->key_len));
        seq_set(g, h);
        p.req[i] = casefree ? 0 : (t->allcaps && t->letters >= 2) ? 2 : t->cap ? 1 : 0;
    }
    /* the joined key */
    size_t need = 0;
    for (size_t i = 0; i < n; i++)
        need += tt->t[w[i]].key_len + 1;
    if (ns_grow((void **)&g->keys, &g->keys_cap, g->keys_len + need + 1, 1) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const ns_an_tok *t = &tt->t[w[i]];
        if (i)
            g->keys[g->keys_len++] = ' ';
        memcpy(g->keys + g->keys_len, tt->keys + t->key, t->key_len);
        g->keys_len += t->key_len;
    }
    if (gaz_find(g, h, n, g->keys + start, g->keys_len - start)) {
        g->keys_len = start; /* the first spelling wins */
        return 0;
    }
    first_set(g, tok_hash(tt->keys + tt->t[w[0]].key, tt->t[w[0]].key_len));
    p.hash = h, p.outlet = oi, p.key = (uint32_t)start, p.key_len = (uint32_t)(g->keys_len - start);
    p.ntok = (uint8_t)n;
    if (ns_grow((void **)&g->p, &g->cap_p, g->n_p + 1, sizeof *g->p) < 0)
        return -1;
    g->p[g->n_p++] = p;
    if (g->n_p * 2 + 2 > g->mask + 1 || !g->slots)
        return gaz_grow_slots(g);
    size_t i = h & g->mask;
    while (g->slots[i])
        i = (i + 1) & g->mask;
    g->slots[i] = (uint32_t)g->n_p;
    return 0;
}

static int keyeq(const ns_an_toks *tt, size_t i, const char *w)
{
    size_t n = strlen(w);
    return tt->t[i].word && tt->t[i].key_len == n && !memcmp(tt->keys + tt->t[i].key, w, n);
}

static int gaz_add_name(ns_outlets *g, ns_an_toks *tt, const char *name, size_t nl, uint32_t oi, int casefree)
{
    tt->n = 0, tt->keys_len = 0;
    if (ns_an_tokenize(tt, name, 0, nl))
        return -1;
    size_t w[MAX_NAME_TOKENS], n = 0;
    for (size_t i = 0; i < tt->n; i++) {
        if (!tt->t[i].word)
            continue;
        if (n == MAX_NAME_TOKENS)
            return 0; /* too long to match */
        w[n++] = i;
    }
    if (!n)
        return 0;
    int the = keyeq(tt, w[0], "the");
    if (the)
        tt->t[w[0]].cap = 0, tt->t[w[0]].allcaps = 0; /* "the" or "The" */
    if (gaz_add_pattern(g, tt, w, n, oi, casefree))
        return -1;
    if (the && n >= 3 && gaz_add_pattern(g, tt, w + 1, n - 1, oi, casefree))
        return -1;
    return 0;
}

void ns_outlets_free(ns_outlets *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n_o; i++)
        free(g->o[i].name), free(g->o[i].domain);
    free(g->o);
    free(g->p);
    free(g->keys);
    free(g->slots);
    free(g);
}

size_t ns_outlets_size(const ns_outlets *g)
{
    return g ? g->n_o : 0;
}

static char *dupn(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = 0;
    }
    return d;
}

int ns_outlets_load_memory(ns_outlets **out, const char *data, size_t len, const char *name, ns_error *err)
{
    *out = NULL;
    if (!name)
        name = "outlets";
    if (len > UINT32_MAX / 2)
        return ns_fail(err, NS_EINPUT, "%s: gazetteer too large", name);
    size_t bad;
    if (!ns_utf8_valid(data, len, &bad))
        return ns_fail(err, NS_EINPUT, "%s: byte %zu: invalid UTF-8", name, bad);
    ns_outlets *g = calloc(1, sizeof *g);
    ns_an_toks tt = {0};
    if (!g)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    int rc = NS_OK;
    unsigned long line = 0;
    for (size_t i = 0; i < len;) {
        size_t e = i;
        while (e < len && data[e] != '\n')
            e++;
        size_t next = e < len ? e + 1 : e;
        line++;
        if (e > i && data[e - 1] == '\r')
            e--;
        if (line == 1 && e - i >= 3 && !memcmp(data + i, "\xEF\xBB\xBF", 3))
            i += 3;
        size_t a = i;
        while (a < e && (data[a] == ' ' || data[a] == '\t'))
            a++;
        if (a == e || data[a] == '#') {
            i = next;
            continue;
        }
        const char *t1 = memchr(data + i, '\t', e - i);
        if (!t1) {
            rc = ns_fail(err, NS_EINPUT, "%s:%lu: expected NAME<TAB>KIND<TAB>DOMAIN", name, line);
            break;
        }
        const char *kb = t1 + 1, *t2 = memchr(kb, '\t', (size_t)(data + e - kb));
        const char *ke = t2 ? t2 : data + e, *db = t2 ? t2 + 1 : data + e;
        const char *de = memchr(db, '\t', (size_t)(data + e - db));
        if (!de)
            de = data + e;
        const char *kind;
        size_t kl = (size_t)(ke - kb);
        if ((kl == 6 && !memcmp(kb, "outlet", 6)) || kl == 0)
            kind = KIND_OUTLET;
        else if (kl == 6 && !memcmp(kb, "agency", 6))
            kind = KIND_AGENCY;
        else if (kl == 12 && !memcmp(kb, "organization", 12))
            kind = KIND_ORG;
        else {
            rc = ns_fail(err, NS_EINPUT,
                         "%s:%lu: unknown kind \"%.*s\" (expected outlet, agency or organization)", name,
                         line, (int)(kl > 40 ? 40 : kl), kb);
            break;
        }
        size_t nb = i, ne = (size_t)(t1 - data);
        while (nb < ne && data[nb] == ' ')
            nb++;
        while (ne > nb && data[ne - 1] == ' ')
            ne--;
        if (nb == ne) {
            rc = ns_fail(err, NS_EINPUT, "%s:%lu: empty name", name, line);
            break;
        }
        if (ns_grow((void **)&g->o, &g->cap_o, g->n_o + 1, sizeof *g->o) < 0) {
            rc = ns_fail(err, NS_ESYSTEM, "out of memory");
            break;
        }
        outlet *o = &g->o[g->n_o];
        o->name = dupn(data + nb, ne - nb);
        o->domain = dupn(db, (size_t)(de - db));
        o->kind = kind;
        if (!o->name || !o->domain) {
            free(o->name), free(o->domain);
            rc = ns_fail(err, NS_ESYSTEM, "out of memory");
            break;
        }
        uint32_t oi = (uint32_t)g->n_o++;
        if (gaz_add_name(g, &tt, o->name, ne - nb, oi, 0)) {
            rc = ns_fail(err, NS_ESYSTEM, "out of memory");
            break;
        }
        /* a domain without a path is a name too: "telegraph.co.uk" */
        size_t dl = strlen(o->domain);
        if (dl && !memchr(o->domain, '/', dl) && memchr(o->domain, '.', dl)) {
            tt.n = 0, tt.keys_len = 0;
            if (ns_an_tokenize(&tt, o->domain, 0, dl)) {
                rc = ns_fail(err, NS_ESYSTEM, "out of memory");
                break;
            }
            if (tt.n == 1 && tt.t[0].word && tt.t[0].end == dl) {
                size_t w0 = 0;
                if (gaz_add_pattern(g, &tt, &w0, 1, oi, 1)) {
                    rc = ns_fail(err, NS_ESYSTEM, "out of memory");
                    break;
                }
            }
        }
        i = next;
    }
    ns_an_toks_free(&tt);
    if (rc == NS_OK && gaz_grow_slots(g))
        rc = ns_fail(err, NS_ESYSTEM, "out of memory");
    if (rc != NS_OK) {
        ns_outlets_free(g);
        return rc;
    }
    *out = g;
    return NS_OK;
}

int ns_outlets_load(ns_outlets **out, const char *path, ns_error *err)
{
    *out = NULL;
    char *buf;
    size_t n;
    int rc = ns_read_file(path, &buf, &n, err);
    if (rc)
        return rc;
    rc = ns_outlets_load_memory(out, buf, n, path, err);
    free(buf);
    return rc;
}

/* Possessive "'s" / "’s" at the end of token t: its byte length, else 0. */
static size_t possessive(const char *text, const ns_an_toks *tt, size_t i)
{
    const ns_an_tok *t = &tt->t[i];
    const char *k = tt->keys + t->key;
    if (t->key_len < 3 || k[t->key_len - 2] != '\'' || k[t->key_len - 1] != 's')
        return 0;
    return text[t->end - 2] == '\'' ? 2 : 4;
}

static int caps_ok(const ns_an_tok *t, int req)
{
    return req == 0 || (req == 1 && (t->cap || t->allcaps)) || (req == 2 && t->allcaps);
}

/* caps_ok for a token whose last pl bytes are a possessive: "CNN's" is an
 * acronym's, though its "s" is small. */
static int caps_ok_poss(const char *text, const ns_an_tok *t, size_t pl, int req)
{
    if (req != 2 || !pl)
        return caps_ok(t, req);
    int letters = 0;
    for (size_t b = t->start; b + pl < t->end; b++) {
        char ch = text[b];
        if (ch >= 'a' && ch <= 'z')
            return 0;
        letters += ch >= 'A' && ch <= 'Z';
    }
    return letters > 0;
}

/* The longest gazetteer name starting at word token i (tokens limited to
 * [.., lim)).  Returns the pattern and sets *last (last token) and *end
 * (span end, before any possessive). */
static const pattern *gaz_match(const ns_outlets *g, const char *text, const ns_an_toks *tt, size_t i,
                                size_t lim, size_t *last, size_t *end)
{
    if (!g || !g->slots || !tt->t[i].word)
        return NULL;
    const ns_an_tok *t0 = &tt->t[i];
    if (!first_has(g, tok_hash(tt->keys + t0->key, t0->key_len)) &&
        !(possessive(text, tt, i) && first_has(g, tok_hash(tt->keys + t0->key, t0->key_len - 2))))
        return NULL;
    size_t w[MAX_NAME_TOKENS], m = 0;
    for (size_t j = i; j < lim && m < MAX_NAME_TOKENS;) {
        if (!tt->t[j].word)
            break;
        w[m++] = j;
        size_t nx = j + 1;
        while (nx < lim && !tt->t[nx].word && (tt->t[nx].cp == '&' || tt->t[nx].cp == '+'))
            nx++;
        j = nx;
    }
    /* h[k]: the sequence hash of the first k words; a name of n words (with
     * or without a possessive on the last) needs h[n - 1] among the names'
     * sequences, so words are hashed only as far as that holds. */
    uint64_t h[MAX_NAME_TOKENS + 1];
    h[0] = SEQ_SEED;
    size_t longest = 1;
    h[1] = seq_step(h[0], tok_hash(tt->keys + t0->key, t0->key_len));
    while (longest < m && seq_has(g, h[longest])) {
        const ns_an_tok *t = &tt->t[w[longest]];
        h[longest + 1] = seq_step(h[longest], tok_hash(tt->keys + t->key, t->key_len));
        longest++;
    }
    char key[1024];
    for (size_t n = longest; n >= 1; n--) {
        for (int poss = 0; poss < 2; poss++) {
            size_t pl = 0;
            if (poss && !(pl = possessive(text, tt, w[n - 1])))
                continue;
            /* the key's length and hash first: most candidates have no pattern
             * with that hash, and are dropped before the key is written */
            size_t kl = 0;
            int fits = 1;
            for (size_t k = 0; k < n && fits; k++) {
                size_t tl = tt->t[w[k]].key_len - (poss && k == n - 1 ? 2 : 0);
                if (kl + tl + 1 >= sizeof key)
                    fits = 0;
                else
                    kl += (k ? 1 : 0) + tl;
            }
            if (!fits)
                continue;
            const ns_an_tok *lt = &tt->t[w[n - 1]];
            uint64_t hh = poss ? seq_step(h[n - 1], tok_hash(tt->keys + lt->key, lt->key_len - 2)) : h[n];
            if (!seq_has(g, hh) || !gaz_probe(g, hh, n, kl))
                continue;
            kl = 0;
            for (size_t k = 0; k < n; k++) {
                const ns_an_tok *t = &tt->t[w[k]];
                size_t tl = t->key_len - (poss && k == n - 1 ? 2 : 0);
                if (k)
                    key[kl++] = ' ';
                memcpy(key + kl, tt->keys + t->key, tl);
                kl += tl;
            }
            const pattern *p = gaz_find(g, hh, n, key, kl);
            if (!p)
                continue;
            int ok = 1;
            for (size_t k = 0; k < n && ok; k++)
                ok = caps_ok_poss(text, &tt->t[w[k]], k == n - 1 ? pl : 0, p->req[k]);
            if (!ok)
                continue;
            *last = w[n - 1];
            *end = tt->t[w[n - 1]].end - pl;
            return p;
        }
    }
    return NULL;
}

int ns_outlets_scan(const ns_outlets *g, const char *text, size_t len, ns_span range, ns_outlet_hit **out,
                    size_t *n, ns_error *err)
{
    *out = NULL, *n = 0;
    if (!g || range.start >= range.end || range.start >= len)
        return NS_OK;
    size_t e = range.end < len ? range.end : len;
    ns_an_toks tt = {0};
    ns_outlet_hit *v = NULL;
    size_t nv = 0, cap = 0;
    if (ns_an_tokenize(&tt, text, range.start, e))
        goto oom;
    for (size_t i = 0; i < tt.n; i++) {
        size_t last, end;
        const pattern *p = gaz_match(g, text, &tt, i, tt.n, &last, &end);
        if (!p)
            continue;
        if (ns_grow((void **)&v, &cap, nv + 1, sizeof *v) < 0)
            goto oom;
        const outlet *o = &g->o[p->outlet];
        v[nv++] = (ns_outlet_hit){{tt.t[i].start, (uint32_t)end}, o->name, o->kind, o->domain};
        i = last;
    }
    ns_an_toks_free(&tt);
    *out = v, *n = nv;
    return NS_OK;
oom:
    ns_an_toks_free(&tt);
    free(v);
    return ns_fail(err, NS_ESYSTEM, "out of memory");
}

/* ---------------------------------------------------------- word lists */

/* Whether word token i is in list (defined after the lists). */
static int in_list(const ns_an_toks *tt, size_t i, const char *const *list);

/* Verbs that attribute speech to the name before them ("Smith said"). */
static const char *const SPEECH_VERBS[] = {
    "said",       "says",       "say",       "told",       "tells",     "added",
    "adds",       "explained",  "explains",  "stated",     "states",    "claimed",
    "claims",     "noted",      "notes",     "wrote",      "writes",    "warned",
    "warns",      "insisted",   "insists",   "argued",     "argues",    "declared",
    "declares",   "announced",  "asked",     "asks",       "replied",   "responded",
    "continued",  "recalled",   "tweeted",   "posted",     "admitted",  "acknowledged",
    "confirmed",  "denied",     "suggested", "maintained", "stressed",  "emphasised",
    "emphasized", "commented",  "observed",  "remarked",   "answered",  "shouted",
    "exclaimed",  "cautioned",  "predicted", "concluded",  "contended", "conceded",
    "boasted",    "complained", "lamented",  "quipped",    "vowed",     "urged",
    "testified",  "alleged",    "reported",  NULL};

/* Verbs that may come before the name after a quote ("...," said Smith). */
static const char *const INVERTED_VERBS[] = {
    "said",     "says",     "added",    "adds",     "asked",     "asks",     "explained", "continued",
    "wrote",    "writes",   "replied",  "recalled", "noted",     "insisted", "warned",    "argued",
    "declared", "remarked", "answered", "shouted",  "exclaimed", "tweeted",  "concluded", NULL};

/* Words between a name and its verb: "Smith has said", "Smith later told". */
static const char *const AUX[] = {"has",     "had",  "have",  "also",       "later",     "then", "previously",
                                  "earlier", "once", "again", "reportedly", "allegedly", NULL};

/* Capitalised words that do not start a name. */
static const char *const NOT_NAMES[] = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those", "his",
    "her", "its", "their", "our", "my", "your", "but", "and", "or", "so", "yet", "in", "on", "at", "for",
    "with", "from", "by", "to", "of", "as", "if", "when", "while", "after", "before", "then", "later",
    "meanwhile", "also", "however", "yesterday", "today", "tomorrow", "here", "there", "what", "who", "why",
    "how", "where", "which", "one", "some", "many", "most", "all", "both", "each", "every", "no", "not",
    "officials", "official", "sources", "source", "experts", "expert", "analysts", "witnesses", "residents",
    "critics", "police", "authorities", "observers", "scientists", "researchers", "doctors", "reports",
    "report", "activists", "protesters", "diplomats", "investigators", "prosecutors", "lawyers", "others",
    "people", "someone", "everyone", "nobody", "spokesman", "spokeswoman", "spokesperson", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "according", "said", "says", "told",
    "asked", "oh", "yes", "well", "now", "just", "still", "even", "because", "although", "though", "since",
    "until", "during", "about", "over", "under", "into", "than", "like", "do", "does", "did", "is", "are",
    "was", "were", "be", "been", "will", "would", "can", "could", "should", "may", "might", "must", "shall",
    "let", "mr", "mrs", "ms", "dr", "prof", "sir", "dear", "thank", "thanks", "please", "hi", "hello",
    /* groups of people, capitalised at the start of a sentence */
    "traders", "dealers", "investors", "economists", "republicans", "democrats", "conservatives", "liberals",
    "americans", "europeans", "britons", "israelis", "palestinians", "russians", "ukrainians", "syrians",
    "iranians", "chinese", "voters", "shoppers", "consumers", "users", "fans", "parents", "students",
    "teachers", "workers", "employees", "executives", "bankers", "brokers", "farmers", "nurses", "patients",
    "lawmakers", "legislators", "senators", "members", "leaders", "officers", "rebels", "militants",
    "insurgents", "fighters", "soldiers", "troops", "locals", "neighbours", "neighbors", "friends",
    "relatives", "families", "supporters", "opponents", "demonstrators", "organisers", "organizers",
    "participants", "visitors", "tourists", "commentators", "pundits", "bloggers", "journalists", "reporters",
    "editors", "historians", "academics", "studies", "polls", "figures", "data", "documents", "records",
    "estimates", "forecasts", "insiders", "rumours", "rumors", "others", "several", "few", "both",
    /* an editor's labels: "Note continued: ...", "Update: ..." */
    "note", "notes", "update", "correction", "clarification", NULL};

/* Job titles before a name: "Treasury Secretary James Baker" is "James Baker". */
static const char *const TITLES[] = {
    "secretary", "minister", "president", "chairman", "chairwoman", "chairperson", "chair", "governor",
    "senator", "representative", "mayor", "director", "chief", "executive", "ceo", "cfo", "spokesman",
    "spokeswoman", "spokesperson", "general", "judge", "justice", "leader", "ambassador", "commissioner",
    "officer", "king", "queen", "prince", "princess", "pope", "sheikh", "chancellor", "premier", "speaker",
    "attorney", "professor", "deputy", "head", "founder", "economist", "analyst", "manager", "editor",
    "correspondent", "coach", "captain", "commander", "superintendent", "inspector", "detective", "sergeant",
    "constable", "lieutenant", "colonel", "admiral", "marshal", "dean", "bishop", "archbishop", "cardinal",
    "rabbi", "imam", "reverend", "councillor", "councilman", "councilwoman", "trustee", "treasurer",
    "prosecutor", "sheriff", "lawyer", "counsel", "adviser", "advisor", "aide", "envoy", "delegate",
    "diplomat", "consul", "official", "directorate",
    /* lawmakers and campaigners: "said Labour MP Priya Shah" */
    "mp", "mep", "msp", "lawmaker", "congressman", "congresswoman", "campaigner", "activist",
    /* people in the news for their work: "Film-maker Spike Lee said" */
    "film-maker", "filmmaker", "producer", "actor", "actress", "singer", "novelist", "author", "writer",
    "artist", "musician", "comedian", "broadcaster", "presenter", "historian", "scientist", "researcher",
    "doctor", "surgeon", NULL};

/* Lower-case words that may follow "according to NAME". */
static const char *const AFTER_ACCORDING[] = {
    "who",   "which", "that", "the",  "a",  "an", "and", "in",  "on",  "at", "for", "this", "it",
    "there", "he",    "she",  "they", "we", "is", "was", "has", "had", "as", "but", "to",   NULL};

/* Prepositions whose object is no speaker: "the minister for Wales says". */
static const char *const PREPS[] = {"for",  "in",    "from",    "at",      "to",     "with",
                                    "by",   "on",    "into",    "near",    "across", "about",
                                    "over", "under", "against", "between", "of",     NULL};

/* Lower-case words inside names: "Osama bin Laden", "Ursula von der Leyen". */
static const char *const PARTICLES[] = {"al",  "el", "bin", "ibn", "de",   "van", "von", "der", "den",
                                        "da",  "di", "du",  "la",  "le",   "del", "dos", "das", "ben",
                                        "ter", "af", "zu",  "y",   "bint", "abu", NULL};

/* Titles written with a full stop: "Mr. Smith", "Dr. Jones". */
static const char *const TITLE_ABBREVS[] = {"mr",  "mrs", "ms",  "dr",   "prof", "gen",  "sen",
                                            "rep", "lt",  "col", "capt", "sgt",  "gov",  "st",
                                            "jr",  "sr",  "rev", "maj",  "adm",  "pres", NULL};

/* Head words that make a name an organization. */
static const char *const ORG_WORDS[] = {"ministry",
                                        "department",
                                        "army",
                                        "police",
                                        "agency",
                                        "office",
                                        "council",
                                        "committee",
                                        "government",
                                        "pentagon",
                                        "kremlin",
                                        "commission",
                                        "organization",
                                        "organisation",
                                        "party",
                                        "court",
                                        "company",
                                        "inc",
                                        "corp",
                                        "ltd",
                                        "llc",
                                        "university",
                                        "institute",
                                        "forces",
                                        "military",
                                        "command",
                                        "coalition",
                                        "union",
                                        "bank",
                                        "group",
                                        "association",
                                        "authority",
                                        "service",
                                        "services",
                                        "house",
                                        "centre",
                                        "center",
                                        "centers",
                                        "centres",
                                        "foundation",
                                        "observatory",
                                        "embassy",
                                        "administration",
                                        "board",
                                        "bureau",
                                        "parliament",
                                        "congress",
                                        "senate",
                                        "navy",
                                        "force",
                                        "brigade",
                                        "front",
                                        "movement",
                                        "network",
                                        "church",
                                        "school",
                                        "hospital",
                                        "fund",
                                        "federation",
                                        "league",
                                        "alliance",
                                        "guard",
                                        "corps",
                                        "state",
                                        "trust",
                                        "society",
                                        "club",
                                        "team",
                                        "cabinet",
                                        "assembly",
                                        "regime",
                                        "news",
                                        "times",
                                        "post",
                                        "journal",
                                        "magazine",
                                        "herald",
                                        "tribune",
                                        "gazette",
                                        "daily",
                                        "press",
                                        "radio",
                                        "tv",
                                        "television",
                                        "channel",
                                        "media",
                                        "newspaper",
                                        "co",
                                        "plc",
                                        "ag",
                                        "sa",
                                        "nv",
                                        "gmbh",
                                        "holdings",
                                        "partners",
                                        "capital",
                                        "research",
                                        "securities",
                                        "industries",
                                        "systems",
                                        "airlines",
                                        "motors",
                                        "international",
                                        "directorate",
                                        "legislature",
                                        "ministries",
                                        "reserve",
                                        "exchange",
                                        "ngo",
                                        NULL};

static const char *const PRONOUNS[] = {"he", "she", "they", "i", "we", "it", "you", "one", NULL};

/* Words after an outlet that make it cited: "The Telegraph reports". */
static const char *const OUTLET_AFTER[] = {
    "reports",    "reported",    "reporting",   "report",        "says",        "said",
    "writes",     "wrote",       "notes",       "noted",         "claims",      "claimed",
    "reveals",    "revealed",    "learned",     "learnt",        "understands", "published",
    "publishes",  "quoted",      "quotes",      "quoting",       "cited",       "cites",
    "citing",     "confirmed",   "confirms",    "added",         "adds",        "stated",
    "states",     "tweeted",     "announced",   "broadcast",     "aired",       "obtained",
    "found",      "article",     "story",       "investigation", "interview",   "analysis",
    "poll",       "survey",      "editorial",   "correspondent", "reporter",    "reporters",
    "journalist", "journalists", "columnist",   "editor",        "footage",     "video",
    "exclusive",  "piece",       "headline",    "broke",         "host",        "anchor",
    "presenter",  "commentator", "contributor", "photographer",  "producer",    NULL};

/* Words before "to"/"by"/"in"/"with" + outlet that make it cited. */
static const char *const OUTLET_BEFORE_TO[] = {
    "according", "told",  "said",      "speaking", "spoke", "talking", "statement", "interview", "confirmed",
    "revealed",  "wrote", "explained", "admitted", "tells", "comment", "comments",  "letter",    NULL};
static const char *const OUTLET_BEFORE_BY[] = {
    "reported", "published", "obtained", "seen",         "quoted",    "cited",   "confirmed", "reviewed",
    "released", "broadcast", "aired",    "first",        "report",    "article", "interview", "investigation",
    "analysis", "poll",      "survey",   "commissioned", "conducted", "broken",  NULL};
static const char *const OUTLET_BEFORE_IN[] = {
    "wrote",     "writes",    "writing", "published", "reported", "report",    "reports",
    "article",   "interview", "op-ed",   "column",    "piece",    "editorial", "appeared",
    "appearing", "quoted",    "story",   "spoke",     "speaking", "said",      "interviewed",
    "told",      "cited",     "letter",  "told",      "comments", "remarks",   NULL};
static const char *const OUTLET_BEFORE[] = {"told",   "tells",   "tell",   "via", "per",
                                            "citing", "quoting", "quoted", NULL};

/* Vague attributions, longest first where one starts another. */
static const char *const VAGUE[] = {
    "according to unconfirmed reports", "according to media reports", "according to some reports",
    "according to some sources", "according to reports", "according to sources", "according to insiders",
    "according to rumours", "according to rumors", "according to some", "reports say", "reports said",
    "reports suggest", "reports claim", "reports indicate", "there are reports", "unconfirmed reports",
    "media reports", "it has been reported", "it has been claimed", "it has been said", "widely reported",
    "sources say", "sources said", "sources claim", "sources told", "sources tell", "a source said",
    "a source says", "one source said", "a source close to", "sources close to", "anonymous sources",
    /* sources the reader cannot name or check */
    "on condition of anonymity", "asked not to be named", "declined to be named", "did not want to be named",
    "asked not to be identified", "declined to be identified", "requested anonymity", "people familiar with",
    "a person familiar with", "people with knowledge of", "a person with knowledge of", "an unnamed official",
    "unnamed sources", "unnamed officials", "it is believed", "it is thought", "it is said", "it is claimed",
    "it is alleged", "it is understood", "it is rumoured", "it is rumored", "it is reported",
    "it was reported", "it is feared", "it is suspected", "is believed to", "are believed to", "is said to",
    "are said to", "is thought to", "are thought to", "widely believed", "it looks like", "it seems",
    "it appears", "it would seem", "it would appear", "some people say", "some say", "some believe",
    "some claim", "some are saying", "many people are saying", "a lot of people are saying",
    "people are saying", "many are saying", "many say", "many believe", "they say", "critics say",
    "observers say", "analysts say", "insiders say", "insiders said", "an insider said", "an insider says",
    "experts say", "experts said", "experts believe", "experts warn", "scientists say", "rumour has it",
    "rumor has it", "rumours", "rumors", "rumour", "rumor", "rumoured", "rumored", "allegedly", "reportedly",
    "supposedly", "purportedly", "apparently", "word is", "we are told", "we're told", "we have been told",
    "insiders claim", "some reports", NULL};

/* ------------------------------------------------------------ sourcing */

typedef struct para_ctx {
    const char *text;
    size_t len;
    const ns_an_toks *tt;
    size_t lo, hi; /* token range of the paragraph */
    uint8_t *inq;  /* per token: inside a quote */
    uint8_t *outl; /* per token: part of an outlet name */
} para_ctx;

static int punct_is(const para_ctx *c, size_t i, int32_t cp)
{
    return i >= c->lo && i < c->hi && !c->tt->t[i].word && c->tt->t[i].cp == cp;
}

static int is_quote_cp(int32_t cp)
{
    return cp == '"' || cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0x2018 || cp == 0x2019 ||
           cp == 0xAB || cp == 0xBB || cp == '\'';
}

static int sentence_end(const para_ctx *c, size_t i)
{
    const ns_an_tok *t = &c->tt->t[i];
    if (t->word)
        return 0;
    if (t->cp == '!' || t->cp == '?' || t->cp == ';' || t->cp == 0x2026)
        return 1;
    if (t->cp != '.')
        return 0;
    /* "U.S. official" goes on; ". The" ends */
    if (i + 1 >= c->hi)
        return 1;
    const ns_an_tok *n = &c->tt->t[i + 1];
    return !n->word || n->cap || n->allcaps || !n->letters;
}

static int namecap(const para_ctx *c, size_t i)
{
    if (i < c->lo || i >= c->hi)
        return 0;
    const ns_an_tok *t = &c->tt->t[i];
    if (!t->word || c->outl[i])
        return 0;
    if (t->cap && !in_list(c->tt, i, NOT_NAMES))
        return 1;
    /* "Will Davies": the modal as a first name, in mid-sentence before a
     * capitalised surname ("Will the council ..." opens a sentence, and so
     * does an opening quote; a quote closed by its comma does not) */
    if (t->cap && keyeq(c->tt, i, "will") && i > c->lo && i + 1 < c->hi && !sentence_end(c, i - 1) &&
        (c->tt->t[i - 1].word || !is_quote_cp(c->tt->t[i - 1].cp) ||
         (i >= c->lo + 2 && punct_is(c, i - 2, ','))) &&
        c->tt->t[i + 1].word && c->tt->t[i + 1].cap && !in_list(c->tt, i + 1, NOT_NAMES))
        return 1;
    /* "al-Saloum": a lower-case prefix joined to a capitalised part */
    if (t->cap)
        return 0;
    for (size_t b = t->start + 1; b < t->end && b <= t->start + 4; b++)
        if (c->text[b] == '-')
            return b + 1 < t->end && c->text[b + 1] >= 'A' && c->text[b + 1] <= 'Z';
    return 0;
}

static int initial_at(const para_ctx *c, size_t i)
{
    /* "J." or "Mr." directly followed by a name word */
    if (i + 2 >= c->hi || !c->tt->t[i].word || !punct_is(c, i + 1, '.') ||
        c->tt->t[i + 1].start != c->tt->t[i].end)
        return 0;
    const ns_an_tok *t = &c->tt->t[i];
    int initial = t->letters == 1 && t->cap && t->end - t->start == 1;
    return (initial || (t->cap && in_list(c->tt, i, TITLE_ABBREVS))) && namecap(c, i + 2);
}

/* Words before a capitalised plural that make it no name ("Most Gibraltarians said"). */
static const char *const QUANTIFIERS[] = {
    "most",  "many", "some", "all",      "few",    "several",  "both",      "other", "these",
    "those", "such", "no",   "two",      "three",  "four",     "five",      "six",   "seven",
    "eight", "nine", "ten",  "numerous", "dozens", "hundreds", "thousands", NULL};

/* The lists in_list is asked about, and one hash table of all their words
 * with a bit per list that holds the word, built once: every capitalised
 * word of a page is looked up in the long lists (NOT_NAMES has 244 words),
 * and the scans with strncmp were a few percent of a page's analysis. */
static const char *const *const WORD_LISTS[] = {SPEECH_VERBS,
                                                INVERTED_VERBS,
                                                AUX,
                                                NOT_NAMES,
                                                TITLES,
                                                AFTER_ACCORDING,
                                                PREPS,
                                                PARTICLES,
                                                TITLE_ABBREVS,
                                                ORG_WORDS,
                                                PRONOUNS,
                                                OUTLET_AFTER,
                                                OUTLET_BEFORE_TO,
                                                OUTLET_BEFORE_BY,
                                                OUTLET_BEFORE_IN,
                                                OUTLET_BEFORE,
                                                QUANTIFIERS,
                                                NULL};
#define WL_SLOTS 2048u /* over three times the lists' 611 words; 32 KB */

typedef struct wl_entry {
    const char *word; /* NULL: empty slot */
    uint32_t len;
    uint32_t lists; /* bit b: WORD_LISTS[b] holds the word */
} wl_entry;

static wl_entry wl_table[WL_SLOTS];
static pthread_once_t wl_once = PTHREAD_ONCE_INIT;

/* The slot of word k[0..n) (FNV-1a), or the empty slot where it would go. */
static wl_entry *wl_slot(const char *k, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t j = 0; j < n; j++)
        h = (h ^ (unsigned char)k[j]) * 16777619u;
    for (size_t i = h & (WL_SLOTS - 1);; i = (i + 1) & (WL_SLOTS - 1))
        if (!wl_table[i].word || (wl_table[i].len == n && !memcmp(wl_table[i].word, k, n)))
            return &wl_table[i];
}

static void wl_build(void)
{
    for (size_t b = 0; WORD_LISTS[b]; b++)
        for (const char *const *w = WORD_LISTS[b]; *w; w++) {
            wl_entry *e = wl_slot(*w, strlen(*w));
            e->word = *w, e->len = (uint32_t)strlen(*w), e->lists |= 1u << b;
        }
}

static int in_list(const ns_an_toks *tt, size_t i, const char *const *list)
{
    if (!tt->t[i].word)
        return 0;
    const char *k = tt->keys + tt->t[i].key;
    size_t n = tt->t[i].key_len;
    for (size_t b = 0; WORD_LISTS[b]; b++)
        if (WORD_LISTS[b] == list) {
            pthread_once(&wl_once, wl_build);
            return (wl_slot(k, n)->lists >> b) & 1;
        }
    for (; *list; list++) /* a list left out of WORD_LISTS */
        if (strlen(*list) == n && !memcmp(*list, k, n))
            return 1;
    return 0;
}

/* A name starting at token i: sets *a (its first token: after a possessive,
 * "Morgan Grenfell's Bell" is "Bell") and *e (one past its last token). */
static int name_fwd(const para_ctx *c, size_t i, size_t *a, size_t *e)
{
    size_t j = i, cnt = 0, first = i;
    if (i > c->lo && i < c->hi &&
        (in_list(c->tt, i - 1, QUANTIFIERS) || (c->tt->t[i - 1].word && !c->tt->t[i - 1].letters)))
        return 0;
    while (j < c->hi && cnt < MAX_NAME_TOKENS && j < i + 3 * MAX_NAME_TOKENS && !c->inq[j]) {
        if (initial_at(c, j)) {
            j += 2, cnt++;
            continue;
        }
        if (namecap(c, j)) {
            const char *k = c->tt->keys + c->tt->t[j].key;
            size_t kl = c->tt->t[j].key_len;
            if (kl > 2 && k[kl - 2] == '\'' && k[kl - 1] == 's') {
                if (!namecap(c, j + 1))
                    break; /* "Smith's report" */
                first = j + 1, cnt = 0, j++;
                continue;
            }
            j++, cnt++;
            continue;
        }
        if (cnt && in_list(c->tt, j, PARTICLES) && !c->tt->t[j].cap && namecap(c, j + 1)) {
            j++;
            continue;
        }
        break;
    }
    if (!cnt)
        return 0;
    *a = first;
    *e = j;
    return 1;
}

/* A name ending just before token e: sets *a (its first token). */
static int name_bwd(const para_ctx *c, size_t e, size_t *a)
{
    size_t j = e;
    while (j > c->lo && e - j < 3 * MAX_NAME_TOKENS) {
        size_t p = j - 1;
        if (c->inq[p])
            break;
        if (namecap(c, p) || (j < e && in_list(c->tt, p, PARTICLES) && namecap(c, j))) {
            j--;
            continue;
        }
        if (p > c->lo && punct_is(c, p, '.') && initial_at(c, p - 1)) {
            j -= 2;
            continue;
        }
        break;
    }
    for (; j < e; j++) {
        size_t aa, ee;
        if (name_fwd(c, j, &aa, &ee) && ee == e) {
            *a = aa;
            return 1;
        }
    }
    return 0;
}

/* Checks and trims a name [*a, *e): a dateline in capitals ("NEW YORK") is
 * no name; job titles before it are dropped. */
/* "Paris-based Euronext", "state-owned Gazprom", "London-listed Glencore":
 * a word joined by a hyphen that describes a company, not part of its
 * name. */
static int org_modifier(const ns_an_toks *tt, size_t i)
{
    static const char *const suffixes[] = {"-based", "-owned", "-run", "-listed", "-headquartered", NULL};
    const ns_an_tok *t = &tt->t[i];
    const char *k = tt->keys + t->key;
    for (const char *const *p = suffixes; t->word && *p; p++) {
        size_t n = strlen(*p);
        if (t->key_len > n && !memcmp(k + t->key_len - n, *p, n))
            return 1;
    }
    return 0;
}

static int finish_name(const para_ctx *c, size_t *a, size_t *e)
{
    const ns_an_toks *tt = c->tt;
    for (size_t k = *e - 1; k-- > *a;)
        if (org_modifier(tt, k)) {
            *a = k + 1;
            break;
        }
    if (*e - *a >= 2) {
        int caps = 1;
        for (size_t i = *a; i < *e && caps; i++)
            caps = !tt->t[i].word || (tt->t[i].allcaps && tt->t[i].letters >= 2);
        if (caps)
            return 0;
    }
    /* "Democratic Rep. Grier Martin", "GOP Sen. X": from the honorific on */
    for (size_t k = *a + 1; k + 1 < *e; k++)
        if (tt->t[k].word && in_list(tt, k, TITLE_ABBREVS) && punct_is(c, k + 1, '.')) {
            *a = k;
            break;
        }
    for (size_t k = *e - 1; k > *a; k--) {
        if (!in_list(tt, k - 1, TITLES))
            continue;
        size_t rest = *e - k;
        if (rest >= 2 || k - 1 > *a)
            *a = k;
        break;
    }
    return 1;
}

/* The name that a speech verb at v attributes to: "NAME[, ROLE,] [has] v",
 * "ROLE, NAME, v", and for a second verb "NAME said ... but added", the
 * first one's. */
static int name_before_verb(const para_ctx *c, size_t v, size_t *a, size_t *e)
{
    size_t j = v;
    while (j > c->lo && in_list(c->tt, j - 1, AUX))
        j--;
    if (j > c->lo && (keyeq(c->tt, j - 1, "but") || keyeq(c->tt, j - 1, "and"))) {
        /* "Euronext said any offer would be in cash, but added that:" */
        for (size_t m = j - 1, steps = 0; m > c->lo && steps < 40; steps++) {
            m--;
            if (c->inq[m] || sentence_end(c, m))
                break;
            if (in_list(c->tt, m, SPEECH_VERBS))
                return m < j - 2 && name_before_verb(c, m, a, e);
        }
        return 0;
    }
    if (j > c->lo && punct_is(c, j - 1, ',')) {
        /* an apposition: back to the comma after the name */
        size_t m = j - 1, lim = j > c->lo + 40 ? j - 40 : c->lo;
        int found = 0;
        while (m > lim) {
            m--;
            if (c->inq[m] || sentence_end(c, m))
                break;
            if (punct_is(c, m, ',')) {
                found = 1;
                break;
            }
        }
        if (!found)
            return 0;
        /* "the minister, Sarah Lund, said": the name is the apposition */
        size_t na, ne;
        if (!name_bwd(c, m, &na) && name_fwd(c, m + 1, &na, &ne) && ne == j - 1) {
            *a = na, *e = ne;
            return finish_name(c, a, e);
        }
        j = m;
    }
    if (!name_bwd(c, j, a))
        return 0;
    *e = j;
    size_t p = *a, r = p > c->lo && keyeq(c->tt, p - 1, "the") ? p - 1 : p;
    if (r > c->lo && !keyeq(c->tt, r - 1, "of") && in_list(c->tt, r - 1, PREPS)) {
        /* "Will Davies, senior research fellow at the IPPR told": the
         * name before the role's comma, the role's closing comma left out */
        for (size_t m = r - 1, steps = 0; m > c->lo && steps < 12; steps++) {
            m--;
            if (c->inq[m] || sentence_end(c, m))
                break;
            size_t a2;
            if (punct_is(c, m, ',')) {
                /* the role reads "a spokesman for", "senior fellow at": in
                 * lower case ("Similarly, Natsuo Okada of Sumitomo Bank in
                 * New York" has none; nor has a dateline's "March 19") */
                if (!c->tt->t[m + 1].word || c->tt->t[m + 1].cap || !name_bwd(c, m, &a2) ||
                    (c->tt->t[a2].allcaps && c->tt->t[a2].letters >= 2))
                    break;
                *a = a2, *e = m;
                return finish_name(c, a, e);
            }
        }
    }
    size_t a3;
    if (p > c->lo + 1 && keyeq(c->tt, p - 1, "in") && name_bwd(c, p - 1, &a3) && a3 > c->lo &&
        keyeq(c->tt, a3 - 1, "of")) {
        /* "Natsuo Okada of Sumitomo Bank in New York warned": the place
         * after the firm is not the speaker */
        *e = p - 1;
        *a = p = a3;
    }
    if (p > c->lo && c->tt->t[p - 1].word && !c->tt->t[p - 1].cap && in_list(c->tt, p - 1, PREPS)) {
        /* "Grier Martin of Raleigh said": the name before "of" spoke;
         * "the minister for Wales says": no name spoke */
        size_t a2;
        if (!keyeq(c->tt, p - 1, "of") || p - 1 <= c->lo || !name_bwd(c, p - 1, &a2))
            return 0;
        /* "Ministry of Defence" is one name, "Natsuo Okada of Sumitomo
         * Bank" a person and a firm: the organisation's word comes first */
        int org = 0;
        for (size_t i = a2; i < p - 1; i++)
            org |= in_list(c->tt, i, ORG_WORDS);
        *a = a2;
        if (!org)
            *e = p - 1;
    }
    return finish_name(c, a, e);
}

static const char *name_kind(const para_ctx *c, size_t a, size_t e)
{
    if (a > c->lo && (keyeq(c->tt, a - 1, "the") || org_modifier(c->tt, a - 1)))
        return KIND_ORG;
    if (e - a == 1 && c->tt->t[a].allcaps && c->tt->t[a].letters >= 2)
        return KIND_ORG;
    for (size_t i = a; i < e; i++)
        if (in_list(c->tt, i, ORG_WORDS))
            return KIND_ORG;
    return KIND_PERSON;
}

typedef struct acc {
    ns_sourcing *s;
    size_t cap_q, cap_c, cap_v;
} acc;

/* room for one more in arr (n used, cap allocated), or return -1 */
#define GROW(arr, n, cap)                                                                                    \
    do {                                                                                                     \
        if (ns_grow((void **)&(arr), &(cap), (n) + 1, sizeof *(arr)) < 0)                                    \
            return -1;                                                                                       \
    } while (0)

static int add_cited(acc *A, const char *name, size_t nl, const char *kind, size_t s, size_t e)
{
    ns_sourcing *S = A->s;
    /* a mention found twice (a speaker is also a person who said something)
     * is dropped after sorting */
    GROW(S->cited, S->n_cited, A->cap_c);
    char *d = dupn(name, nl);
    if (!d)
        return -1;
    S->cited[S->n_cited++] = (ns_cited){d, kind, {(uint32_t)s, (uint32_t)e}};
    return 0;
}

static int add_person(acc *A, const para_ctx *c, size_t a, size_t e)
{
    size_t s = c->tt->t[a].start, en = c->tt->t[e - 1].end;
    return add_cited(A, c->text + s, en - s, name_kind(c, a, e), s, en);
}

/* What an organisation puts out, named before it: "according to a
 * statement from the Ministry of Defence", "according to figures released
 * by the Office for National Statistics". */
static const char *const SOURCE_NOUNS[] = {"statement", "report",    "study",    "data",       "figures",
                                           "survey",    "poll",      "analysis", "estimate",   "estimates",
                                           "records",   "documents", "research", "assessment", "tally",
                                           "count",     "filing",    "filings",  "letter",     NULL};
static const char *const SOURCE_PARTICIPLES[] = {"published", "released", "issued",       "compiled",
                                                 "collected", "provided", "commissioned", NULL};

/* Where an organisation's name [a, e) ends when "of" or "for" joins it to
 * more capitalised words: "Ministry of Defence", "Office for National
 * Statistics", "Bank of England".  Only a name with an organisation's word
 * goes on: "Smith of Reuters" is Smith. */
static size_t org_name_end(const para_ctx *c, size_t a, size_t e)
{
    const ns_an_toks *tt = c->tt;
    int joined = 0;
    for (int joins = 0; joins < 3 && e + 1 < c->hi; joins++) {
        int and = keyeq(tt, e, "and");
        if (tt->t[e].cap || !(and || keyeq(tt, e, "of") || keyeq(tt, e, "for")))
            break;
        /* the capitalised words after it, an outlet's name among them or
         * not: the gazetteer's "Foreign Affairs" is the Ministry's here */
        size_t ne = e + 1;
        while (ne < c->hi && ne < e + 1 + MAX_NAME_TOKENS && !c->inq[ne] && tt->t[ne].word && tt->t[ne].cap &&
               !in_list(tt, ne, NOT_NAMES))
            ne++;
        if (ne == e + 1)
            break;
        int org = 0;
        for (size_t i = a; i < e; i++)
            org |= in_list(tt, i, ORG_WORDS);
        /* "and": "Department of Health and Human Services", "Centers for
         * Disease Control and Prevention" (after an "of" or "for"); "Food and
         * Drug Administration", whose organisation's word comes after it; not
         * "the Pentagon and Congress" */
        if (and? !(joined || (!org && in_list(tt, ne - 1, ORG_WORDS))) : !org)
            break;
        joined |= !and;
        e = ne;
    }
    return e;
}

/* The name in "according to NAME", starting at token i: a person's ("Jane
 * Doe"), an organisation's ("the Ministry of Defence"), or that of the
 * one whose statement, report or data it is. */
static int according_name(const para_ctx *c, size_t i, size_t *a, size_t *e)
{
    const ns_an_toks *tt = c->tt;
    size_t k = i;
    if (k + 1 < c->hi &&
        (keyeq(tt, k, "a") || keyeq(tt, k, "an") || keyeq(tt, k, "the") || keyeq(tt, k, "new")) &&
        in_list(tt, k + 1, SOURCE_NOUNS))
        k++;
    if (k + 1 < c->hi && in_list(tt, k, SOURCE_NOUNS)) {
        size_t p = k + 1;
        if (in_list(tt, p, SOURCE_PARTICIPLES))
            p++;
        if (p < c->hi && (keyeq(tt, p, "from") || keyeq(tt, p, "by") || keyeq(tt, p, "of")))
            i = p + 1;
    }
    if (i + 1 < c->hi && keyeq(tt, i, "the") && namecap(c, i + 1))
        i++; /* name_kind reads the "the" before it: an organisation */
    if (!name_fwd(c, i, a, e))
        return 0;
    *e = org_name_end(c, *a, *e);
    /* "according to Zip code" names no one */
    if (*e < c->hi && c->tt->t[*e].word && !c->tt->t[*e].cap && !in_list(c->tt, *e, AFTER_ACCORDING))
        return 0;
    return finish_name(c, a, e);
}

/* Words that end a speaker's role before any name came: "...," said the
 * mayor on Tuesday, "...," said one man who lives nearby. */
static const char *const ROLE_STOPS[] = {"who",   "which", "whose", "that",    "and",   "or",     "but",
                                         "as",    "when",  "while", "because", "after", "before", "if",
                                         "than",  "not",   "is",    "was",     "has",   "had",    "will",
                                         "would", "he",    "she",   "they",    "it",    NULL};

/* The speaker after a verb that comes first ("...," said ...) and the
 * speaker's role: "said council leader Priya Shah", "said the Labour
 * leader, Keir Starmer", "said his lawyer, John Roe".  The role is at most
 * four words besides capitalised ones, none a preposition or a word in
 * ROLE_STOPS, and a name counts only where the clause ends with it. */
static int role_then_name(const para_ctx *c, size_t k, size_t *a, size_t *e)
{
    const ns_an_toks *tt = c->tt;
    static const char *const DET[] = {"the", "a", "an", "his", "her", "their", "its", "our", NULL};
    if (k < c->hi && in_list(tt, k, DET))
        k++;
    size_t words = 0;
    int comma = 0;
    while (k < c->hi && !c->inq[k] && words <= 4) {
        if (!tt->t[k].word) {
            if (!punct_is(c, k, ',') || comma || k == 0 || !tt->t[k - 1].word)
                return 0;
            comma = 1, k++; /* "the council leader, Priya Shah" */
            continue;
        }
        size_t na, ne;
        if (namecap(c, k) && name_fwd(c, k, &na, &ne)) {
            /* the clause ends, or names where the speaker is from: "said ING
             * analyst Gerard Rijk of Inbev's ..." */
            int ends =
                ne >= c->hi || !tt->t[ne].word || keyeq(tt, ne, "who") ||
                ((keyeq(tt, ne, "of") || keyeq(tt, ne, "at") || keyeq(tt, ne, "from")) && namecap(c, ne + 1));
            /* "said one U.K. merchant bank trader": a country's initials */
            int initials = ne == na + 1 && tt->t[na].allcaps &&
                           memchr(c->text + tt->t[na].start, '.', tt->t[na].end - tt->t[na].start);
            if (ends && !initials)
                return na == k && (*a = na, *e = ne, finish_name(c, a, e));
            k = ne; /* a capitalised part of the role: "Labour" in "Labour leader" */
            continue;
        }
        if (tt->t[k].cap || in_list(tt, k, PREPS) || in_list(tt, k, ROLE_STOPS))
            return 0;
        words++, k++;
    }
    return 0;
}

/* The speaker of the quote between tokens o (opening mark) and q (closing). */
static int find_speaker(const para_ctx *c, size_t o, size_t q, size_t *a, size_t *e)
{
    const ns_an_toks *tt = c->tt;
    size_t j = q + 1;
    while (j < c->hi && punct_is(c, j, ','))
        j++;
    if (j < c->hi && !c->inq[j]) {
        size_t na, ne;
        if (in_list(tt, j, INVERTED_VERBS)) {
            /* "...," said Smith; not "Labour" of "said Labour leader Keir Starmer" */
            if (name_fwd(c, j + 1, a, e) && !(*e < c->hi && in_list(tt, *e, TITLES)) && finish_name(c, a, e))
                return 1;
            if (role_then_name(c, j + 1, a, e))
                return 1;
        } else if (keyeq(tt, j, "according") && j + 1 < c->hi && keyeq(tt, j + 1, "to")) {
            if (according_name(c, j + 2, a, e))
                return 1;
        } else if (!in_list(tt, j, PRONOUNS)) {
            /* the first speech verb of the sentence after the quote */
            size_t v = 0;
            for (size_t m = j; m < c->hi && m < j + 40; m++) {
                if (c->inq[m] || sentence_end(c, m) || (!tt->t[m].word && is_quote_cp(tt->t[m].cp)))
                    break;
                if (in_list(tt, m, SPEECH_VERBS)) {
                    v = m;
                    break;
                }
            }
            if (v && name_fwd(c, j, &na, &ne)) {
                size_t k = ne;
                while (k < c->hi && in_list(tt, k, AUX))
                    k++;
                /* "NAME said", "NAME, ROLE, told", "NAME of X said" */
                if ((k == v || punct_is(c, k, ',') || keyeq(tt, k, "of") || keyeq(tt, k, "from") ||
                     keyeq(tt, k, "at") || keyeq(tt, k, "who") || keyeq(tt, k, "with")) &&
                    finish_name(c, &na, &ne)) {
                    *a = na, *e = ne;
                    return 1;
                }
            }
            /* "ROLE NAME said": "Morgan Grenfell economist Stephen Bell said";
             * not what a clause says: "... that whatever Europe says, ..." */
            if (v && name_before_verb(c, v, &na, &ne) && na >= j &&
                !(na > j && (keyeq(tt, na - 1, "whatever") || keyeq(tt, na - 1, "what") ||
                             keyeq(tt, na - 1, "whether") || keyeq(tt, na - 1, "how")))) {
                *a = na, *e = ne;
                return 1;
            }
        }
    }
    /* before the quote: "NAME said: “...”", "NAME told reporters: “...”" */
    if (o <= c->lo)
        return 0;
    size_t p = o - 1;
    if (punct_is(c, p, ':') || punct_is(c, p, ','))
        p--;
    if (p + 1 <= c->lo || p >= c->hi)
        return 0;
    for (size_t v = p + 1, steps = 0; v > c->lo && steps < 6; steps++) {
        v--;
        if (!tt->t[v].word || c->inq[v])
            break;
        if (keyeq(tt, v, "to") && v > c->lo && keyeq(tt, v - 1, "according"))
            return according_name(c, v + 1, a, e) && *e <= o;
        if (in_list(tt, v, SPEECH_VERBS))
            return name_before_verb(c, v, a, e);
    }
    return 0;
}

static int cue_before(const para_ctx *c, size_t i)
{
    const ns_an_toks *tt = c->tt;
    if (i <= c->lo)
        return 0;
    size_t p = i - 1;
    if (keyeq(tt, p, "the")) {
        if (p <= c->lo)
            return 0;
        p--;
    }
    if (in_list(tt, p, OUTLET_BEFORE))
        return 1;
    if (p <= c->lo)
        return 0;
    if (keyeq(tt, p, "to"))
        return in_list(tt, p - 1, OUTLET_BEFORE_TO);
    if (keyeq(tt, p, "by"))
        return in_list(tt, p - 1, OUTLET_BEFORE_BY);
    if (keyeq(tt, p, "in") || keyeq(tt, p, "on") || keyeq(tt, p, "with"))
        return in_list(tt, p - 1, OUTLET_BEFORE_IN);
    return 0;
}

static int cue_after(const para_ctx *c, size_t last, int poss)
{
    const ns_an_toks *tt = c->tt;
    for (size_t j = last + 1, words = 0; j < c->hi && words < 4; j++) {
        if (!tt->t[j].word) {
            if (tt->t[j].cp == ',' || tt->t[j].cp == 0x2019 || tt->t[j].cp == '\'')
                continue;
            return 0;
        }
        if (in_list(tt, j, OUTLET_AFTER))
            return 1;
        words++;
        if (!poss && words >= 3)
            return 0;
    }
    return 0;
}

static int do_paragraph(acc *A, para_ctx *c, const ns_outlets *gaz)
{
    const ns_an_toks *tt = c->tt;
    ns_sourcing *S = A->s;
    /* quotes */
    int no_close[3] = {0, 0, 0}; /* " ‘ ' */
    for (size_t i = c->lo; i < c->hi; i++) {
        const ns_an_tok *t = &tt->t[i];
        if (t->word)
            continue;
        int32_t cp = t->cp;
        size_t close = 0;
        int found = 0;
        if (cp == 0x201C || cp == 0x201E || cp == 0xAB) {
            for (size_t j = i + 1; j < c->hi; j++) {
                int32_t d = tt->t[j].word ? 0 : tt->t[j].cp;
                if (d == 0x201D || (cp == 0x201C && d == '"') || (cp == 0xAB && d == 0xBB) ||
                    (cp == 0x201E && d == 0x201C)) {
                    close = j, found = 1;
                    break;
                }
                if (d == 0x201C || d == 0x201E || (cp == 0xAB && d == 0xAB))
                    break; /* a new opening: this one never closed */
            }
        } else if ((cp == '"' && !no_close[0]) || (cp == 0x2018 && !no_close[1]) ||
                   (cp == '\'' && !no_close[2])) {
            /* an opening mark: after space or an opening bracket, before a word */
            if (i + 1 >= c->hi || !tt->t[i + 1].word || tt->t[i + 1].start != t->end)
                continue;
            if (i > c->lo && tt->t[i - 1].end == t->start && (tt->t[i - 1].word || tt->t[i - 1].cp == '.'))
                continue;
            int32_t want = cp == 0x2018 ? 0x2019 : cp;
            for (size_t j = i + 1; j < c->hi; j++) {
                const ns_an_tok *u = &tt->t[j];
                if (u->word || u->cp != want)
                    continue;
                /* a closing mark: after a non-space, not before a word */
                if (u->start != tt->t[j - 1].end)
                    continue;
                if (j + 1 < c->hi && tt->t[j + 1].word && tt->t[j + 1].start == u->end)
                    continue;
                close = j, found = 1;
                break;
            }
            /* no closing mark after i: none after a later opening either */
            if (!found)
                no_close[cp == '"' ? 0 : cp == 0x2018 ? 1 : 2] = 1;
        }
        if (!found)
            continue;
        size_t words = 0;
        for (size_t j = i + 1; j < close; j++)
            words += tt->t[j].word;
        if (words < 3) {
            i = close;
            continue;
        }
        for (size_t j = i + 1; j < close; j++)
            c->inq[j] = 1;
        GROW(S->quotes, S->n_quotes, A->cap_q);
        ns_quote *q = &S->quotes[S->n_quotes++];
        memset(q, 0, sizeof *q);
        q->span = (ns_span){t->end, tt->t[close].start};
        /* remember the marks for the speaker pass */
        q->speaker_span = (ns_span){(uint32_t)i, (uint32_t)close};
        i = close;
    }
    /* outlets (before people, so that names are not taken for people) */
    if (gaz) {
        for (size_t i = c->lo; i < c->hi; i++) {
            if (c->inq[i] || !tt->t[i].word)
                continue;
            size_t last, end;
            const pattern *p = gaz_match(gaz, c->text, tt, i, c->hi, &last, &end);
            if (!p)
                continue;
            int inside = 0;
            for (size_t j = i; j <= last; j++)
                inside |= c->inq[j];
            if (inside)
                continue;
            for (size_t j = i; j <= last; j++)
                c->outl[j] = 1;
            size_t first = i;
            /* the pattern may have matched "the" as part of the name */
            int poss = end < tt->t[last].end;
            if (cue_before(c, first) || cue_after(c, last, poss) ||
                (punct_is(c, first - 1, '(') && punct_is(c, last + 1, ')'))) {
                const outlet *o = &gaz->o[p->outlet];
                if (add_cited(A, o->name, strlen(o->name), o->kind, tt->t[first].start, end))
                    return -1;
            }
            i = last;
        }
    }
    return 0;
}

/* A speaker announced at the end of the previous paragraph ("Biden said:"),
 * for a quote that opens the next one.  Text offsets; has == 0 when none. */
typedef struct pending {
    int has;
    size_t start, end;
} pending;

static int set_speaker(ns_quote *q, const char *text, size_t s, size_t en)
{
    q->speaker = dupn(text + s, en - s);
    if (!q->speaker)
        return -1;
    q->speaker_span = (ns_span){(uint32_t)s, (uint32_t)en};
    q->has_speaker = 1;
    return 0;
}

static int speakers_and_people(acc *A, para_ctx *c, size_t q0, pending *pend)
{
    const ns_an_toks *tt = c->tt;
    ns_sourcing *S = A->s;
    size_t prev_close = 0, prev_a = 0, prev_e = 0;
    int prev_has = 0;
    for (size_t k = q0; k < S->n_quotes; k++) {
        ns_quote *q = &S->quotes[k];
        size_t o = q->speaker_span.start, cl = q->speaker_span.end, a, e;
        q->speaker_span = (ns_span){0, 0};
        if (find_speaker(c, o, cl, &a, &e)) {
            if (set_speaker(q, c->text, tt->t[a].start, tt->t[e - 1].end) || add_person(A, c, a, e))
                return -1;
            prev_has = 1, prev_a = a, prev_e = e;
        } else if (k == q0 && o == c->lo && pend->has) {
            /* "Biden said:" <new paragraph> "“...”" */
            if (set_speaker(q, c->text, pend->start, pend->end))
                return -1;
            prev_has = 0;
        } else if (k > q0 && prev_has && prev_a > prev_close && prev_e <= o && o - prev_e <= 7) {
            /* “A,” says Smith. “B.”: B is Smith's too (also “A,” Smith,
             * 57, said. “B.”: an age is no other speaker) */
            int only = 1;
            for (size_t m = prev_e; m < o && only; m++)
                only = !tt->t[m].word || !tt->t[m].letters || in_list(tt, m, SPEECH_VERBS) ||
                       in_list(tt, m, AUX);
            if (only && set_speaker(q, c->text, tt->t[prev_a].start, tt->t[prev_e - 1].end))
                return -1;
            prev_has = 0;
        } else {
            prev_has = 0;
        }
        prev_close = cl;
    }
    /* a paragraph ending "NAME said:" announces the next paragraph's quote */
    pend->has = 0;
    if (c->hi - c->lo >= 2 && punct_is(c, c->hi - 1, ':') && !c->inq[c->hi - 2]) {
        for (size_t v = c->hi - 1, steps = 0; v > c->lo && steps < 6; steps++) {
            v--;
            if (!tt->t[v].word)
                break;
            if (in_list(tt, v, SPEECH_VERBS)) {
                size_t a, e;
                if (name_before_verb(c, v, &a, &e)) {
                    pend->has = 1;
                    pend->start = tt->t[a].start, pend->end = tt->t[e - 1].end;
                }
                break;
            }
        }
    }
    for (size_t v = c->lo; v < c->hi; v++) {
        if (c->inq[v] || !tt->t[v].word)
            continue;
        size_t a, e;
        if (keyeq(tt, v, "according") && v + 1 < c->hi && keyeq(tt, v + 1, "to")) {
            if (according_name(c, v + 2, &a, &e) && add_person(A, c, a, e))
                return -1;
            continue;
        }
        if (!in_list(tt, v, SPEECH_VERBS) || keyeq(tt, v, "say") || keyeq(tt, v, "reported"))
            continue;
        if (name_before_verb(c, v, &a, &e) && add_person(A, c, a, e))
            return -1;
    }
    return 0;
}

/* VAGUE's phrases by their first byte, so that a word is compared with the
 * few phrases that start with its letter rather than scanning all of them
 * (the scan was most of this pass).  The longest match wins whatever the
 * order, so the order within a letter does not matter. */
#define VAGUE_PER_BYTE 64 /* the list has 92 phrases, at most 23 a letter */
static uint8_t vague_by_first[256][VAGUE_PER_BYTE], n_vague_by_first[256];
static pthread_once_t vague_once = PTHREAD_ONCE_INIT;

static void vague_index(void)
{
    for (size_t p = 0; VAGUE[p]; p++) {
        unsigned char b = (unsigned char)VAGUE[p][0];
        if (n_vague_by_first[b] < VAGUE_PER_BYTE && p < 256)
            vague_by_first[b][n_vague_by_first[b]++] = (uint8_t)p;
    }
}

static int vague_pass(acc *A, const para_ctx *c)
{
    pthread_once(&vague_once, vague_index);
    const ns_an_toks *tt = c->tt;
    ns_sourcing *S = A->s;
    for (size_t i = c->lo; i < c->hi; i++) {
        if (!tt->t[i].word)
            continue;
        size_t best = 0;
        size_t lim = tt->t[c->hi - 1].end, at = tt->t[i].start;
        unsigned char c0 = (unsigned char)c->text[at] | 32;
        /* the second byte too, when the phrase's is a plain letter: the
         * call below would compare it the same way (lower-cased ASCII) */
        unsigned char c1 = at + 1 < lim ? (unsigned char)c->text[at + 1] | 32 : 0;
        for (size_t q = 0; q < n_vague_by_first[c0]; q++) {
            size_t p = vague_by_first[c0][q];
            unsigned char p1 = (unsigned char)VAGUE[p][1];
            if (p1 >= 'a' && p1 <= 'z' && p1 != c1)
                continue;
            size_t m = ns_an_phrase_at(c->text, tt->t[c->hi - 1].end, tt->t[i].start, VAGUE[p], 0);
            if (m > best)
                best = m;
        }
        if (!best)
            continue;
        size_t s = tt->t[i].start, e = s + best;
        GROW(S->vague, S->n_vague, A->cap_v);
        char *d = dupn(c->text + s, e - s);
        if (!d)
            return -1;
        S->vague[S->n_vague++] = (ns_vague){{(uint32_t)s, (uint32_t)e}, d};
        while (i + 1 < c->hi && tt->t[i + 1].start < e)
            i++;
    }
    return 0;
}

static int kind_rank(const char *k)
{
    return k == KIND_OUTLET ? 0 : k == KIND_AGENCY ? 1 : k == KIND_PERSON ? 2 : 3;
}

static int cmp_cited(const void *x, const void *y)
{
    const ns_cited *a = x, *b = y;
    if (a->span.start != b->span.start)
        return a->span.start < b->span.start ? -1 : 1;
    if (a->span.end != b->span.end)
        return a->span.end < b->span.end ? -1 : 1;
    int c = kind_rank(a->kind) - kind_rank(b->kind);
    return c ? c : strcmp(a->name, b->name);
}
static int cmp_quote(const void *x, const void *y)
{
    const ns_quote *a = x, *b = y;
    return (a->span.start > b->span.start) - (a->span.start < b->span.start);
}
static int cmp_vague(const void *x, const void *y)
{
    const ns_vague *a = x, *b = y;
    return (a->span.start > b->span.start) - (a->span.start < b->span.start);
}

void ns_sourcing_free(ns_sourcing *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_quotes; i++)
        free(s->quotes[i].speaker);
    for (size_t i = 0; i < s->n_cited; i++)
        free(s->cited[i].name);
    for (size_t i = 0; i < s->n_vague; i++)
        free(s->vague[i].text);
    free(s->quotes);
    free(s->cited);
    free(s->vague);
    memset(s, 0, sizeof *s);
}

int ns_sourcing_find(const char *text, size_t len, const ns_span *paras, size_t n_paras,
                     const ns_outlets *gaz, ns_sourcing *out, ns_error *err)
{
    memset(out, 0, sizeof *out);
    if (len > UINT32_MAX)
        return ns_fail(err, NS_EINPUT, "text over 4 GiB");
    acc A = {out, 0, 0, 0};
    ns_an_toks tt = {0};
    uint8_t *flags = NULL;
    size_t flags_cap = 0;
    int rc = 0;
    pending pend = {0, 0, 0};
    for (size_t p = 0; p < n_paras && !rc; p++) {
        size_t s = paras[p].start, e = paras[p].end;
        if (e > len)
            e = len;
        if (s >= e)
            continue;
        tt.n = 0, tt.keys_len = 0;
        if (ns_an_tokenize(&tt, text, s, e)) {
            rc = -1;
            break;
        }
        if (!tt.n) {
            pend.has = 0;
            continue;
        }
        if (tt.n * 2 > flags_cap) {
            uint8_t *f = realloc(flags, tt.n * 2);
            if (!f) {
                rc = -1;
                break;
            }
            flags = f, flags_cap = tt.n * 2;
        }
        memset(flags, 0, tt.n * 2);
        para_ctx c = {text, len, &tt, 0, tt.n, flags, flags + tt.n};
        size_t q0 = out->n_quotes;
        rc = do_paragraph(&A, &c, gaz);
        if (!rc)
            rc = speakers_and_people(&A, &c, q0, &pend);
        if (!rc)
            rc = vague_pass(&A, &c);
    }
    ns_an_toks_free(&tt);
    free(flags);
    if (rc) {
        ns_sourcing_free(out);
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    }
    if (out->n_quotes)
        qsort(out->quotes, out->n_quotes, sizeof *out->quotes, cmp_quote);
    if (out->n_cited) {
        qsort(out->cited, out->n_cited, sizeof *out->cited, cmp_cited);
        size_t m = 1;
        for (size_t i = 1; i < out->n_cited; i++) {
            ns_cited *prev = &out->cited[m - 1], *c = &out->cited[i];
            if (c->span.start == prev->span.start && c->span.end == prev->span.end)
                free(c->name);
            else
                out->cited[m++] = *c;
        }
        out->n_cited = m;
    }
    if (out->n_vague)
        qsort(out->vague, out->n_vague, sizeof *out->vague, cmp_vague);
    return NS_OK;
}
