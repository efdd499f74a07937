/* markers.c — headline markers: shouted words, ! and ? runs, bait phrases
 * (a data file, models/bait-phrases.txt), listicle numbers, superlatives.
 * The word lists here are grammar, not data about outlets or topics. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/markers.h"
#include "analyze/sourcing.h"
#include "text/utf8.h"
#include "util/grow.h"

static const char K_CAPS[] = "all_caps", K_EXCL[] = "exclamation", K_QUES[] = "question",
                  K_BAIT[] = "bait_phrase", K_LIST[] = "number_list", K_SUP[] = "superlative";

/* Short words that are shouted, not acronyms, when written in capitals
 * (lower case here).  WHO, US, IT, AM, PM are left out on purpose. */
static const char *const SHOUT_SHORT[] = {
    "wow",  "omg",  "lol",  "wtf",  "omfg", "lmao", "rofl", "oops", "yes",  "no",   "now",  "new",  "this",
    "must", "see",  "huge", "fake", "lies", "lie",  "dead", "ever", "just", "what", "why",  "how",  "the",
    "and",  "for",  "you",  "all",  "out",  "hot",  "big",  "bad",  "she",  "her",  "his",  "are",  "was",
    "not",  "but",  "own",  "get",  "got",  "has",  "had",  "can",  "will", "with", "that", "they", "them",
    "then", "from", "have", "been", "were", "when", "your", "over", "only", "very", "more", "most", "some",
    "like", "back", "down", "into", "even", "also", "epic", "fail", "win",  "sad",  "stop", "look", "read",
    "wait", "true", "real", "here", "our",  "one",  "off",  "too",  "did",  "does", "done", "gone", "need",
    "free", "love", "hate", "evil", "sick", "war",  "kill", "die",  "dies", "died", "news", "miss", "end",
    "warn", "lose", "lost", "wins", "won",  "best", "fact", "hoax", "scam", "liar", "lied", "rage", "pure",
    "wild", "mad",  "life", "time", "day",  "year", "dont", "cant", "wont", NULL};

/* Acronyms of five or more capitals (lower case here). */
static const char *const LONG_ACRONYMS[] = {
    "covid",   "nasdaq", "unesco",  "unicef",   "naacp",   "asean",    "norad",  "nhtsa",   "interpol",
    "centcom", "nascar", "brics",   "mercosur", "unhcr",   "unrwa",    "cites",  "nafta",   "usmca",
    "darpa",   "usaid",  "unaids",  "icann",    "lgbtq",   "lgbtqia",  "scotus", "potus",   "flotus",
    "aipac",   "ecowas", "niaid",   "hipaa",    "africom", "eucom",    "socom",  "ussocom", "nsdap",
    "unscr",   "unmiss", "minusma", "frontex",  "europol", "eurostat", "ofcom",  "ofgem",   "ofsted",
    "unifil",  "undof",  "unodc",   "unfpa",    "unctad",  "unido",    NULL};

static const char *const SUPERLATIVE_WORDS[] = {"best", "worst", "most", "least", NULL};

/* Words ending in -est that are no superlatives. */
static const char *const EST_WORDS[] = {
    "forest",  "honest",     "modest",    "arrest",    "invest",     "digest",      "harvest",  "protest",
    "request", "suggest",    "contest",   "interest",  "manifest",   "conquest",    "inquest",  "earnest",
    "tempest", "midwest",    "southwest", "northwest", "unrest",     "attest",      "detest",   "behest",
    "bequest", "everest",    "budapest",  "bucharest", "priest",     "infest",      "molest",   "divest",
    "ingest",  "congest",    "retest",    "pretest",   "latest",     "dishonest",   "rearrest", "interest",
    "celest",  "palimpsest", "deforest",  "reforest",  "overinvest", "disinterest", NULL};

/* Words after a listicle's plural noun: "10 Things You...", "5 Ways to...". */
static const char *const LIST_FOLLOW[] = {
    "you", "that", "which", "who", "to",   "for",  "of",   "we", "i",         "every", "everyone", "about",
    "in",  "why",  "how",   "the", "your", "will", "from", "on", "everybody", "only",  "people",   "ever",
    "all", "this", "these", "our", "he",   "she",  "they", "it", "and",       "or",    "never",    NULL};

static const char *const NUMBER_WORDS[] = {
    "two",    "three",    "four",     "five",    "six",    "seven",  "eight", "nine",    "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "twenty", "thirty", "fifty", "hundred", NULL};

/* ------------------------------------------------------------ bait list */

struct ns_bait {
    char **p;
    size_t n, cap;
};

void ns_bait_free(ns_bait *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++)
        free(b->p[i]);
    free(b->p);
    free(b);
}

size_t ns_bait_size(const ns_bait *b)
{
    return b ? b->n : 0;
}

int ns_bait_load_memory(ns_bait **out, const char *data, size_t len, const char *name, ns_error *err)
{
    *out = NULL;
    if (!name)
        name = "bait";
    ns_bait *b = calloc(1, sizeof *b);
    if (!b)
        return ns_fail(err, NS_ESYSTEM, "out of memory");
    unsigned long line = 0;
    for (size_t i = 0; i < len;) {
        size_t e = i;
        while (e < len && data[e] != '\n')
            e++;
        size_t next = e < len ? e + 1 : e;
        line++;
        size_t a = i;
        if (line == 1 && e - a >= 3 && !memcmp(data + a, "\xEF\xBB\xBF", 3))
            a += 3;
        while (a < e && (data[a] == ' ' || data[a] == '\t' || data[a] == '\r'))
            a++;
        while (e > a && (data[e - 1] == ' ' || data[e - 1] == '\t' || data[e - 1] == '\r'))
            e--;
        i = next;
        /* "# ..." is a comment; "#{n} will" is a phrase */
        if (a == e || (data[a] == '#' &&
                       (a + 1 == e || data[a + 1] == ' ' || data[a + 1] == '\t' || data[a + 1] == '#')))
            continue;
        if (e - a > 200) {
            ns_bait_free(b);
            return ns_fail(err, NS_EINPUT, "%s:%lu: phrase longer than 200 bytes", name, line);
        }
        /* ASCII lower case, single spaces; anything else is an error */
        char *p = malloc(e - a + 1);
        if (!p) {
            ns_bait_free(b);
            return ns_fail(err, NS_ESYSTEM, "out of memory");
        }
        size_t m = 0;
        int bad = 0;
        for (size_t k = a; k < e; k++) {
            unsigned char c = (unsigned char)data[k];
            if (c == ' ' || c == '\t') {
                if (m && p[m - 1] != ' ')
                    p[m++] = ' ';
                continue;
            }
            if (c >= 'A' && c <= 'Z')
                c |= 32;
            if (c < 0x20 || c >= 0x7F) {
                bad = 1;
                break;
            }
            p[m++] = (char)c;
        }
        p[m] = 0;
        if (bad) {
            free(p);
            ns_bait_free(b);
            return ns_fail(err, NS_EINPUT, "%s:%lu: phrases must be printable ASCII", name, line);
        }
        if (ns_grow((void **)&b->p, &b->cap, b->n + 1, sizeof *b->p) < 0) {
            free(p);
            ns_bait_free(b);
            return ns_fail(err, NS_ESYSTEM, "out of memory");
        }
        b->p[b->n++] = p;
    }
    *out = b;
    return NS_OK;
}

int ns_bait_load(ns_bait **out, const char *path, ns_error *err)
{
    *out = NULL;
    char *buf;
    size_t n;
    int rc = ns_read_file(path, &buf, &n, err);
    if (rc)
        return rc;
    rc = ns_bait_load_memory(out, buf, n, path, err);
    free(buf);
    return rc;
}

/* -------------------------------------------------------------- markers */

typedef struct mlist {
    ns_marker *v;
    size_t n, cap;
} mlist;

static int push(mlist *m, const char *kind, size_t s, size_t e)
{
    if (ns_grow((void **)&m->v, &m->cap, m->n + 1, sizeof *m->v) < 0)
        return -1;
    m->v[m->n++] = (ns_marker){kind, {(uint32_t)s, (uint32_t)e}};
    return 0;
}

static int in_listn(const char *k, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == n && !memcmp(*list, k, n))
            return 1;
    return 0;
}

static int is_upper_ascii(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
}

/* all_caps over the parts of a word split at - and . ("COVID-19"). */
static int caps_word(mlist *m, const char *text, const ns_an_toks *tt, size_t i)
{
    const ns_an_tok *t = &tt->t[i];
    if (!t->allcaps)
        return 0;
    const char *key = tt->keys + t->key;
    size_t kl = t->key_len;
    /* key bytes and text bytes line up only for ASCII; other scripts are
     * judged on the whole word */
    int ascii = kl == t->end - t->start;
    for (size_t k = 0; ascii && k < kl; k++)
        ascii = (unsigned char)key[k] < 0x80;
    size_t a = 0;
    while (a < kl) {
        size_t b = a;
        if (ascii)
            while (b < kl && key[b] != '-' && key[b] != '.')
                b++;
        else
            b = kl;
        /* one part key[a..b) */
        size_t letters = 0, digits = 0, apos = 0, stem = b - a;
        for (size_t k = a; k < b; k++) {
            unsigned char c = (unsigned char)key[k];
            if (c == '\'') {
                if (!apos)
                    stem = k - a;
                apos++;
            } else if (c >= '0' && c <= '9')
                digits++;
            else if (!apos && (c < 0x80 || c >= 0xC0))
                letters++; /* a letter, or the first byte of a non-ASCII one */
        }
        int shout = 0;
        if (!digits && letters >= 2) {
            /* "DON'T", "CAN'T" shout; "NATO'S" is judged on "NATO" */
            int contraction = apos && !(b - a - stem == 2 && key[a + stem + 1] == 's');
            if (contraction)
                shout = letters >= 2;
            else if (letters >= 5)
                shout = !in_listn(key + a, stem, LONG_ACRONYMS);
            else
                shout = in_listn(key + a, stem, SHOUT_SHORT);
            /* a part must itself be capitals in the text ("Covid-19" is not) */
            if (shout && ascii)
                for (size_t k = a; k < b; k++)
                    if (key[k] != '\'' && !(key[k] >= '0' && key[k] <= '9') &&
                        !is_upper_ascii((unsigned char)text[t->start + k]))
                        shout = 0;
        }
        if (shout && push(m, K_CAPS, t->start + (ascii ? a : 0), ascii ? t->start + b : t->end))
            return -1;
        a = b + 1;
    }
    return 0;
}

static int is_number_tok(const ns_an_toks *tt, size_t i)
{
    const ns_an_tok *t = &tt->t[i];
    if (!t->word)
        return 0;
    const char *k = tt->keys + t->key;
    size_t n = t->key_len, d = 0;
    while (d < n && k[d] >= '0' && k[d] <= '9')
        d++;
    if (d == n && n >= 1 && n <= 4 && !(n == 1 && k[0] < '2'))
        return 1;
    return in_listn(k, n, NUMBER_WORDS);
}

static int plural_noun(const ns_an_toks *tt, size_t i)
{
    const ns_an_tok *t = &tt->t[i];
    if (!t->word || t->letters < 4)
        return 0;
    const char *k = tt->keys + t->key;
    size_t n = t->key_len;
    return k[n - 1] == 's' && k[n - 2] != 's' && k[n - 2] != 'u' && k[n - 2] != 'i' && k[n - 2] != '\'';
}

static int kind_rank(const char *k)
{
    return k == K_CAPS ? 0 : k == K_BAIT ? 1 : k == K_SUP ? 2 : k == K_LIST ? 3 : k == K_EXCL ? 4 : 5;
}

static int cmp_marker(const void *x, const void *y)
{
    const ns_marker *a = x, *b = y;
    if (a->span.start != b->span.start)
        return a->span.start < b->span.start ? -1 : 1;
    int ra = kind_rank(a->kind), rb = kind_rank(b->kind);
    if (ra != rb)
        return ra - rb;
    return (a->span.end > b->span.end) - (a->span.end < b->span.end);
}

int ns_headline_markers(const char *text, size_t len, ns_span title, const ns_bait *bait, ns_marker **out,
                        size_t *n, ns_error *err)
{
    *out = NULL, *n = 0;
    size_t s = title.start, e = title.end < len ? title.end : len;
    if (s >= e)
        return NS_OK;
    if (len > UINT32_MAX)
        return ns_fail(err, NS_EINPUT, "text over 4 GiB");
    ns_an_toks tt = {0};
    mlist m = {0};
    if (ns_an_tokenize(&tt, text, s, e))
        goto oom;
    const unsigned char *u = (const unsigned char *)text;
    /* ! and ? runs */
    for (size_t i = s; i < e;) {
        size_t j = i;
        int ex = 0, qu = 0;
        for (;;) {
            if (j < e && u[j] == '!')
                ex = 1, j++;
            else if (j < e && u[j] == '?')
                qu = 1, j++;
            else if (j + 3 <= e && u[j] == 0xEF && u[j + 1] == 0xBC && (u[j + 2] == 0x81 || u[j + 2] == 0x9F))
                ex |= u[j + 2] == 0x81, qu |= u[j + 2] == 0x9F, j += 3; /* ！ ？ */
            else if (j + 3 <= e && u[j] == 0xE2 && u[j + 1] == 0x80 && u[j + 2] == 0xBC)
                ex = 1, j += 3; /* ‼ */
            else if (j + 3 <= e && u[j] == 0xE2 && u[j + 1] == 0x81 && u[j + 2] >= 0x87 && u[j + 2] <= 0x89)
                ex = 1, qu = 1, j += 3; /* ⁇ ⁈ ⁉ */
            else
                break;
        }
        if (j == i) {
            i++;
            continue;
        }
        if ((ex && push(&m, K_EXCL, i, j)) || (qu && push(&m, K_QUES, i, j)))
            goto oom;
        i = j;
    }
    size_t first_word = tt.n, bait_end = 0;
    for (size_t i = 0; i < tt.n; i++) {
        const ns_an_tok *t = &tt.t[i];
        /* bait phrases may start at any token ("#3 will...") */
        if (bait) {
            size_t best = 0;
            /* a phrase can only match where the token's first byte (lower-cased,
             * as ns_an_phrase_at compares) is its first byte: the others are
             * skipped without a call.  ' ', '{' (a number) and '\'' match more. */
            unsigned char c0 = (unsigned char)text[t->start];
            if (c0 >= 'A' && c0 <= 'Z')
                c0 |= 32;
            for (size_t p = 0; p < bait->n; p++) {
                unsigned char p0 = (unsigned char)bait->p[p][0];
                if (p0 != c0 && p0 != ' ' && p0 != '{' && p0 != '\'')
                    continue;
                size_t l = ns_an_phrase_at(text, e, t->start, bait->p[p], 1);
                if (l > best)
                    best = l;
            }
            /* a phrase inside the previous one is not a marker of its own */
            if (best && t->start + best > bait_end) {
                if (push(&m, K_BAIT, t->start, t->start + best))
                    goto oom;
                bait_end = t->start + best;
            }
        }
        if (!t->word)
            continue;
        if (first_word == tt.n)
            first_word = i;
        if (caps_word(&m, text, &tt, i))
            goto oom;
        const char *k = tt.keys + t->key;
        size_t kl = t->key_len;
        /* superlatives */
        if (in_listn(k, kl, SUPERLATIVE_WORDS)) {
            if ((kl == 4 && (!memcmp(k, "most", 4))) || (kl == 5 && !memcmp(k, "least", 5))) {
                /* "the most dangerous": only after "the", with its adjective */
                if (i > 0 && tt.t[i - 1].word && tt.t[i - 1].key_len == 3 &&
                    !memcmp(tt.keys + tt.t[i - 1].key, "the", 3) && i + 1 < tt.n && tt.t[i + 1].word) {
                    if (push(&m, K_SUP, t->start, tt.t[i + 1].end))
                        goto oom;
                }
            } else if (push(&m, K_SUP, t->start, t->end))
                goto oom;
        } else if (kl >= 6 && t->letters == kl && !memcmp(k + kl - 3, "est", 3) &&
                   !in_listn(k, kl, EST_WORDS)) {
            if (push(&m, K_SUP, t->start, t->end))
                goto oom;
        } else if (kl == 2 && !memcmp(k, "of", 2) && i + 2 < tt.n && tt.t[i + 1].key_len == 3 &&
                   !memcmp(tt.keys + tt.t[i + 1].key, "all", 3) && tt.t[i + 2].key_len == 4 &&
                   !memcmp(tt.keys + tt.t[i + 2].key, "time", 4)) {
            if (push(&m, K_SUP, t->start, tt.t[i + 2].end))
                goto oom;
        }
    }
    /* listicles: "10 Things You...", "Top 10", "These 7 Photos That..." */
    if (first_word < tt.n) {
        size_t i = first_word;
        const char *k = tt.keys + tt.t[i].key;
        size_t kl = tt.t[i].key_len;
        int top = kl == 3 && !memcmp(k, "top", 3);
        if ((top || (kl == 5 && !memcmp(k, "these", 5))) && i + 1 < tt.n)
            i++;
        if (is_number_tok(&tt, i)) {
            if (top) {
                if (push(&m, K_LIST, tt.t[first_word].start, tt.t[i].end))
                    goto oom;
            } else {
                for (size_t j = i + 1; j < tt.n && j <= i + 3; j++) {
                    if (!tt.t[j].word)
                        break;
                    if (!plural_noun(&tt, j))
                        continue;
                    int ok = j + 1 >= tt.n || !tt.t[j + 1].word;
                    if (!ok)
                        ok = in_listn(tt.keys + tt.t[j + 1].key, tt.t[j + 1].key_len, LIST_FOLLOW);
                    if (ok && push(&m, K_LIST, tt.t[i].start, tt.t[j].end))
                        goto oom;
                    break;
                }
            }
        }
    }
    ns_an_toks_free(&tt);
    if (m.n)
        qsort(m.v, m.n, sizeof *m.v, cmp_marker);
    *out = m.v, *n = m.n;
    return NS_OK;
oom:
    ns_an_toks_free(&tt);
    free(m.v);
    return ns_fail(err, NS_ESYSTEM, "out of memory");
}
