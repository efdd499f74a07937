/* tokenize.c — words, numbers, URLs, @handles, #tags, punctuation runs and
 * emoji, each with its byte span in the original text and a normalised form.
 *
 * The text is read as a stream of characters, where a character is one
 * well-formed UTF-8 sequence or one HTML entity (&amp; &#8217; &#x1F602;)
 * decoded to its code point: scraped text and tweets are full of entities,
 * and "&#128514;" must be the emoji it stands for, spanning all its bytes.
 * Invalid bytes separate tokens like white space.  docs/model-format.md
 * specifies the rules; features are hashed from the normalised forms, so a
 * change here changes every model: bump the model format version. */
#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/tokenize.h"
#include "text/utf8.h"

#define NORM_MAX 64

enum cclass { C_SPACE, C_WORD, C_DIGIT, C_APOS, C_PUNCT, C_EMOJI, C_JOIN };

typedef struct ch {
    int32_t cp;
    uint32_t start, end;
    uint8_t cls;
} ch;

/* Decodes &name; &#N; &#xN; at s[i..n).  Returns the entity's length or 0. */
static size_t entity_at(const unsigned char *s, size_t i, size_t n, int32_t *cp)
{
    size_t j = i + 1, lim = i + 12 < n ? i + 12 : n;
    if (j >= n)
        return 0;
    if (s[j] == '#') {
        int hex = 0;
        uint32_t v = 0;
        j++;
        if (j < lim && (s[j] == 'x' || s[j] == 'X'))
            hex = 1, j++;
        size_t digits = 0;
        for (; j < lim && s[j] != ';'; j++, digits++) {
            unsigned c = s[j], d;
            if (c >= '0' && c <= '9')
                d = c - '0';
            else if (hex && (c | 32) >= 'a' && (c | 32) <= 'f')
                d = (c | 32) - 'a' + 10;
            else
                return 0;
            v = v * (hex ? 16 : 10) + d;
            if (v > 0x10FFFF)
                return 0;
        }
        if (!digits || j >= lim || s[j] != ';' || !v || (v >= 0xD800 && v <= 0xDFFF))
            return 0;
        *cp = (int32_t)v;
        return j + 1 - i;
    }
    char name[16];
    size_t k = 0;
    for (; j < lim && s[j] != ';'; j++) {
        unsigned c = s[j];
        if (!((c | 32) >= 'a' && (c | 32) <= 'z') && !(c >= '0' && c <= '9'))
            return 0;
        name[k++] = (char)c;
    }
    if (!k || j >= lim)
        return 0;
    name[k] = '\0';
    const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
    if (!e)
        return 0;
    *cp = (int32_t)e->value;
    return j + 1 - i;
}

static uint8_t classify(int32_t cp)
{
    if (cp < 0x80) {
        if ((cp | 32) >= 'a' && (cp | 32) <= 'z')
            return C_WORD;
        if (cp >= '0' && cp <= '9')
            return C_DIGIT;
        if (cp == '\'')
            return C_APOS;
        if (cp <= ' ' || cp == 0x7F)
            return C_SPACE;
        return C_PUNCT;
    }
    if (cp == 0x2019 || cp == 0x02BC)
        return C_APOS;
    if (cp == 0x200D || cp == 0xFE0F || cp == 0xFE0E || (cp >= 0x1F3FB && cp <= 0x1F3FF))
        return C_JOIN; /* zero-width joiner, variation selectors, skin tones */
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME: return C_WORD;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO: return C_DIGIT;
    case UTF8PROC_CATEGORY_SO: return C_EMOJI;
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
    case UTF8PROC_CATEGORY_SM:
    case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK: return C_PUNCT;
    default: return C_SPACE; /* separators, controls, format characters, unassigned */
    }
}

/* Reads the character at *pos; returns 0 at the end of the text. */
/* Classes of the ASCII characters other than '&', filled on first use. */
static uint8_t ascii_class[128];
static int ascii_ready;

static inline int next_char(const unsigned char *s, size_t n, size_t *pos, ch *c)
{
    size_t i = *pos;
    /* the common case, one ASCII byte, without a call */
    if (i < n && s[i] < 0x80 && s[i] != '&') {
        c->cp = s[i];
        c->start = (uint32_t)i;
        c->end = (uint32_t)i + 1;
        c->cls = ascii_class[s[i]];
        *pos = i + 1;
        return 1;
    }
    while (i < n) {
        unsigned b = s[i];
        size_t k = 1;
        int32_t cp = (int32_t)b;
        if (b == '&') {
            size_t e = entity_at(s, i, n, &cp);
            k = e ? e : 1;
            if (!e)
                cp = '&';
        } else if (b >= 0x80) {
            k = ns_utf8_seq(s + i, n - i, &cp);
            if (!k) { /* an invalid byte separates tokens */
                c->cp = ' ', c->start = (uint32_t)i, c->end = (uint32_t)i + 1, c->cls = C_SPACE;
                *pos = i + 1;
                return 1;
            }
        }
        c->cp = cp;
        c->start = (uint32_t)i;
        c->end = (uint32_t)(i + k);
        c->cls = classify(cp);
        *pos = i + k;
        return 1;
    }
    return 0;
}

static int norm_reserve(ns_tokens *t, size_t more)
{
    if (t->norm_len + more <= t->norm_cap)
        return 0;
    size_t cap = t->norm_cap ? t->norm_cap * 2 : 4096;
    while (cap < t->norm_len + more)
        cap *= 2;
    char *p = realloc(t->norm, cap);
    if (!p)
        return -1;
    t->norm = p, t->norm_cap = cap;
    return 0;
}

/* Appends the normalised form of cp to the current token's form (which
 * starts at `from`), keeping it within NORM_MAX bytes. */
static int norm_put(ns_tokens *t, size_t from, int32_t cp)
{
    /* the common case: an ASCII character with room to spare */
    if (cp < 0x80 && t->norm_len + 1 < t->norm_cap && t->norm_len - from < NORM_MAX) {
        t->norm[t->norm_len++] = (char)((cp >= 'A' && cp <= 'Z') ? cp + 32 : cp);
        return 0;
    }
    if (norm_reserve(t, 64) < 0)
        return -1;
    unsigned char *o = (unsigned char *)t->norm + t->norm_len;
    size_t room = NORM_MAX - (t->norm_len - from), w = 0;
    if (cp < 0x80) {
        if (room >= 1)
            o[w++] = (unsigned char)((cp >= 'A' && cp <= 'Z') ? cp + 32 : cp);
    } else {
        utf8proc_int32_t buf[8];
        int last = 0;
        /* Quotes and apostrophes of every style read as the ASCII ones. */
        if (cp == 0x2018 || cp == 0x2019 || cp == 0x201B || cp == 0x02BC)
            cp = '\'';
        else if (cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0x201F)
            cp = '"';
        utf8proc_ssize_t k = cp < 0x80 ? (buf[0] = cp, 1)
                                       : utf8proc_decompose_char(cp, buf, 8,
                                                                 UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                                                     UTF8PROC_STRIPMARK | UTF8PROC_DECOMPOSE,
                                                                 &last);
        if (k < 0 || k > 8) /* unassigned or too long: keep it as it is */
            buf[0] = cp, k = 1;
        for (utf8proc_ssize_t j = 0; j < k; j++) {
            unsigned char enc[4];
            utf8proc_ssize_t m = utf8proc_encode_char(buf[j], enc);
            if ((size_t)m > room - w || (size_t)m > room)
                break;
            memcpy(o + w, enc, (size_t)m);
            w += (size_t)m;
        }
    }
    t->norm_len += w;
    return 0;
}

/* The ASCII letters and digits from s[i] on that continue a word, taken
 * as next_char, the classes and norm_put would take them (lower-cased into
 * the form while it has room, letters and capitals counted), but without
 * their general machinery: they are the bulk of most text.  Stops where
 * that machinery is needed (any other byte, or a full norm buffer) and
 * returns the position reached. */
static size_t ascii_run(ns_tokens *t, const unsigned char *s, size_t n, size_t i, size_t from,
                        uint32_t *letters, uint32_t *uppers, int *only_digits)
{
    /* Kept in locals: a store into the form (a char) may alias t and the
     * counters, and the compiler reloaded them all at every byte. */
    char *norm = t->norm;
    size_t len = t->norm_len, room_end = t->norm_cap ? t->norm_cap - 1 : 0, form_end = from + NORM_MAX;
    uint32_t lt = *letters, up = *uppers;
    int digits = *only_digits;
    for (; i < n && s[i] < 0x80 && len < room_end; i++) {
        unsigned b = s[i];
        uint8_t cls = ascii_class[b];
        int cap = b >= 'A' && b <= 'Z';
        if (cls == C_WORD) {
            digits = 0;
            lt++;
            up += (uint32_t)cap;
        } else if (cls != C_DIGIT) {
            break;
        }
        if (len < form_end)
            norm[len++] = (char)(cap ? b + 32 : b);
    }
    t->norm_len = len;
    *letters = lt, *uppers = up, *only_digits = digits;
    return i;
}

/* Room for one more token: twice the list, out of line (rarely needed). */
static __attribute__((noinline)) int grow_tokens(ns_tokens *t)
{
    size_t cap = t->cap ? t->cap * 2 : 256;
    ns_token *p = realloc(t->tok, cap * sizeof *p);
    if (!p)
        return -1;
    t->tok = p, t->cap = cap;
    return 0;
}

/* Inline: it is called for every token, and was a call of its own. */
static inline int push(ns_tokens *t, uint32_t start, uint32_t end, size_t from, int kind, int upper)
{
    if (t->n == t->cap && grow_tokens(t) < 0)
        return -1;
    ns_token *k = &t->tok[t->n++];
    k->start = start, k->end = end;
    k->norm_off = (uint32_t)from;
    k->norm_len = (uint16_t)(t->norm_len - from);
    k->kind = (uint8_t)kind;
    k->upper = (uint8_t)upper;
    return 0;
}

/* Eight bytes at a time: bit 7 of each byte of a mask stands for that
 * byte (the first byte in the low bits, as loaded on a little-endian
 * machine). */
#define ONES 0x0101010101010101ull
#define HIGHS (ONES * 0x80)

/* The bytes of y (each below 0x80) that are at least c. */
static inline uint64_t bytes_at_least(uint64_t y, unsigned c)
{
    return (y + ONES * (0x80 - c)) & HIGHS;
}

/* The ASCII letters of x in *letters, its capitals in *caps; returns its
 * ASCII letters and digits (what ascii_class calls C_WORD and C_DIGIT). */
static inline uint64_t ascii_alnum(uint64_t x, uint64_t *letters, uint64_t *caps)
{
    uint64_t y = x & ~HIGHS, ascii = ~x & HIGHS;
    uint64_t up = bytes_at_least(y, 'A') & ~bytes_at_least(y, 'Z' + 1);
    uint64_t low = bytes_at_least(y, 'a') & ~bytes_at_least(y, 'z' + 1);
    uint64_t digit = bytes_at_least(y, '0') & ~bytes_at_least(y, '9' + 1);
    *letters = (up | low) & ascii, *caps = up & ascii;
    return (up | low | digit) & ascii;
}

/* The number of bytes a mask marks. */
static inline uint32_t marked(uint64_t m)
{
    return (uint32_t)(((m >> 7) * ONES) >> 56);
}

/* The run of ASCII letters and digits from s[i], lower-cased into norm
 * from *len while it stays below form_end (room for 8 bytes past it is
 * reserved), its letters and capitals counted; returns where it ends.
 * Eight bytes at a time, so a word of up to seven bytes ends without the
 * mispredicted exit of a byte loop (a fifth of ns_tokenize's time). */
static size_t alnum_run(const unsigned char *s, size_t n, size_t i, char *norm, size_t *len, size_t form_end,
                        uint32_t *letters, uint32_t *uppers)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (i + 8 <= n) {
        uint64_t x, lt, up;
        memcpy(&x, s + i, 8);
        uint64_t stop = ~ascii_alnum(x, &lt, &up) & HIGHS;
        size_t k = stop ? (size_t)__builtin_ctzll(stop) / 8 : 8;
        uint64_t in = k == 8 ? ~0ull : ((uint64_t)1 << (8 * k)) - 1;
        *letters += marked(lt & in), *uppers += marked(up & in);
        if (*len < form_end) {
            uint64_t lower = x | (up & in) >> 2; /* 0x20 onto each capital */
            memcpy(norm + *len, &lower, 8);
            *len = *len + k < form_end ? *len + k : form_end;
        }
        i += k;
        if (k < 8)
            return i;
    }
#endif
    for (; i < n && s[i] < 0x80; i++) {
        unsigned b = s[i];
        uint8_t cls = ascii_class[b];
        int cap = b >= 'A' && b <= 'Z';
        if (cls == C_WORD)
            (*letters)++, *uppers += (uint32_t)cap;
        else if (cls != C_DIGIT)
            break;
        if (*len < form_end)
            norm[(*len)++] = (char)(cap ? b + 32 : b);
    }
    return i;
}

/* A word or number of plain ASCII letters and digits at s[start..), whose
 * first byte is one, taken whole when nothing after it can join it: the
 * byte that ends it is ASCII and neither an apostrophe, nor '&' (an entity
 * may be a letter), nor '.' or ',' after digits alone.  Pushes the token
 * and counts it as the general loop of ns_tokenize would (same form, span,
 * kind, capitals and counters), and returns where it ends; returns 0,
 * with nothing pushed or counted, when the general loop must read it.  Most
 * of a news text's tokens are such words, and this reads them without
 * next_char, norm_put and the joining checks. */
static size_t ascii_word(ns_tokens *t, const unsigned char *s, size_t n, size_t start, size_t from)
{
    if (norm_reserve(t, NORM_MAX + 8) < 0)
        return 0; /* the general loop meets the same refusal and reports it */
    size_t len = from;
    uint32_t letters = 0, uppers = 0;
    size_t i = alnum_run(s, n, start, t->norm, &len, from + NORM_MAX, &letters, &uppers);
    if (i < n) {
        unsigned b = s[i];
        if (b >= 0x80 || b == '&' || b == '\'' || (!letters && (b == '.' || b == ',')))
            return 0;
    }
    int upper = letters >= 2 && uppers == letters;
    t->norm_len = len;
    if (push(t, (uint32_t)start, (uint32_t)i, from, letters ? NS_TOK_WORD : NS_TOK_NUMBER, upper) < 0) {
        t->norm_len = from;
        return 0;
    }
    t->letters += letters, t->upper_letters += uppers;
    t->words++;
    t->caps_words += (uint32_t)upper;
    return i;
}

static int put_literal(ns_tokens *t, const char *lit)
{
    size_t n = strlen(lit);
    if (norm_reserve(t, n) < 0)
        return -1;
    memcpy(t->norm + t->norm_len, lit, n);
    t->norm_len += n;
    return 0;
}

static int starts_with_ci(const unsigned char *s, size_t n, const char *p)
{
    size_t k = strlen(p);
    if (n < k)
        return 0;
    for (size_t i = 0; i < k; i++)
        if ((s[i] | 32) != (unsigned char)p[i])
            return 0;
    return 1;
}

/* A URL runs to the next white space or markup delimiter, without the
 * sentence punctuation that usually follows it. */
static size_t url_end(const unsigned char *s, size_t i, size_t n)
{
    size_t j = i;
    while (j < n && s[j] > ' ' && s[j] != '<' && s[j] != '>' && s[j] != '"')
        j++;
    while (j > i && strchr(".,;:!?)]'", s[j - 1]))
        j--;
    return j;
}

static int is_handle_byte(unsigned c)
{
    return (c | 32) >= 'a' && (c | 32) <= 'z' ? 1 : (c >= '0' && c <= '9') || c == '_';
}

/* ns_tokenize, with (fast) or without ascii_word: two copies, each with
 * the flag a constant. */
static inline __attribute__((always_inline)) int tokenize(ns_tokens *t, const char *text, size_t n,
                                                          ns_error *err, int fast)
{
    const unsigned char *s = (const unsigned char *)text;
    if (!ascii_ready) { /* idempotent, so racing threads write the same bytes */
        for (int i = 0; i < 128; i++)
            ascii_class[i] = classify(i);
        ascii_ready = 1;
    }
    t->n = 0, t->norm_len = 0;
    t->letters = t->upper_letters = t->exclaim_runs = t->question_runs = 0;
    t->caps_words = t->words = 0;
    if (n > UINT32_MAX - 16)
        return ns_fail(err, NS_EINPUT, "text of %zu bytes is over the 4 GiB limit", n);
    size_t pos = 0;
    ch c;
    int have = next_char(s, n, &pos, &c);
    while (have) {
        if (c.cls == C_SPACE || c.cls == C_JOIN || c.cls == C_APOS) {
            have = next_char(s, n, &pos, &c);
            continue;
        }
        size_t from = t->norm_len;
        uint32_t start = c.start;
        size_t rest = n - start;
        /* URLs, handles and hashtags are recognised on the raw bytes. */
        if ((c.cp == 'h' || c.cp == 'H' || c.cp == 'w' || c.cp == 'W') &&
            (starts_with_ci(s + start, rest, "http://") || starts_with_ci(s + start, rest, "https://") ||
             starts_with_ci(s + start, rest, "www."))) {
            size_t e = url_end(s, start, n);
            if (put_literal(t, "<url>") < 0 || push(t, start, (uint32_t)e, from, NS_TOK_URL, 0) < 0)
                goto oom;
            pos = e;
            have = next_char(s, n, &pos, &c);
            continue;
        }
        if ((c.cp == '@' || c.cp == '#') && c.end < n && is_handle_byte(s[c.end])) {
            size_t e = c.end;
            int hashtag = c.cp == '#';
            if (hashtag) {
                if (norm_put(t, from, '#') < 0)
                    goto oom;
                while (e < n && is_handle_byte(s[e])) {
                    if (norm_put(t, from, s[e]) < 0)
                        goto oom;
                    e++;
                }
            } else {
                while (e < n && is_handle_byte(s[e]))
                    e++;
                if (put_literal(t, "@user") < 0)
                    goto oom;
            }
            if (push(t, start, (uint32_t)e, from, hashtag ? NS_TOK_HASHTAG : NS_TOK_HANDLE, 0) < 0)
                goto oom;
            pos = e;
            have = next_char(s, n, &pos, &c);
            continue;
        }
        if (fast && (c.cls == C_WORD || c.cls == C_DIGIT) && c.cp < 0x80 && c.end == start + 1) {
            size_t e = ascii_word(t, s, n, start, from);
            if (e) {
                /* the space that most often follows, skipped here rather
                 * than by a turn of the loop of its own */
                pos = e + (e < n && s[e] == ' ');
                have = next_char(s, n, &pos, &c);
                continue;
            }
        }
        if (c.cls == C_WORD || c.cls == C_DIGIT) {
            uint32_t end = c.end, letters = 0, uppers = 0;
            int only_digits = 1;
            for (;;) {
                if (c.cls == C_WORD) {
                    only_digits = 0;
                    utf8proc_category_t cat = c.cp < 0x80 ? 0 : utf8proc_category(c.cp);
                    int up = c.cp < 0x80 ? (c.cp >= 'A' && c.cp <= 'Z') : cat == UTF8PROC_CATEGORY_LU;
                    letters++, uppers += (uint32_t)up;
                }
                if (norm_put(t, from, c.cp) < 0)
                    goto oom;
                pos = ascii_run(t, s, n, c.end, from, &letters, &uppers, &only_digits);
                end = (uint32_t)pos;
                have = next_char(s, n, &pos, &c);
                if (!have)
                    break;
                if (c.cls == C_WORD || c.cls == C_DIGIT || c.cls == C_JOIN)
                    continue;
                /* An apostrophe inside a word, or . , inside a number, joins. */
                size_t save = pos;
                ch nx;
                int inner =
                    (c.cls == C_APOS && !only_digits) || (only_digits && (c.cp == '.' || c.cp == ','));
                if (inner && next_char(s, n, &save, &nx) &&
                    (nx.cls == C_WORD || (only_digits && nx.cls == C_DIGIT))) {
                    if (norm_put(t, from, c.cls == C_APOS ? '\'' : c.cp) < 0)
                        goto oom;
                    c = nx, pos = save;
                    continue;
                }
                break;
            }
            int upper = letters >= 2 && uppers == letters;
            t->letters += letters, t->upper_letters += uppers;
            t->words++;
            t->caps_words += (uint32_t)upper;
            if (push(t, start, end, from, only_digits ? NS_TOK_NUMBER : NS_TOK_WORD, upper) < 0)
                goto oom;
            continue;
        }
        if (c.cls == C_EMOJI) {
            uint32_t end = c.end;
            if (norm_put(t, from, c.cp) < 0)
                goto oom;
            /* Joiners, variation selectors and skin tones stay with it; so
             * does a symbol after a zero-width joiner (a ZWJ sequence such
             * as a family) and the second regional indicator of a flag.
             * Skin tones and variation selectors are left out of the form. */
            int32_t prev = c.cp, ri = c.cp >= 0x1F1E6 && c.cp <= 0x1F1FF;
            while ((have = next_char(s, n, &pos, &c))) {
                if (c.cls == C_JOIN) {
                    end = c.end, prev = c.cp;
                    continue;
                }
                if (c.cls == C_EMOJI && prev == 0x200D) {
                    if (norm_put(t, from, 0x200D) < 0 || norm_put(t, from, c.cp) < 0)
                        goto oom;
                    end = c.end, prev = c.cp;
                    continue;
                }
                if (ri == 1 && c.cp >= 0x1F1E6 && c.cp <= 0x1F1FF) {
                    if (norm_put(t, from, c.cp) < 0)
                        goto oom;
                    end = c.end, prev = c.cp, ri = 2;
                    continue;
                }
                break;
            }
            if (push(t, start, end, from, NS_TOK_EMOJI, 0) < 0)
                goto oom;
            continue;
        }
        /* A run of one punctuation character, its form capped at three. */
        int32_t first = c.cp;
        uint32_t end = c.end, run = 0;
        do {
            if (run < 3 && norm_put(t, from, c.cp) < 0)
                goto oom;
            run++;
            end = c.end;
            have = next_char(s, n, &pos, &c);
        } while (have && c.cp == first);
        if (first == '!')
            t->exclaim_runs++;
        else if (first == '?')
            t->question_runs++;
        if (push(t, start, end, from, NS_TOK_PUNCT, 0) < 0)
            goto oom;
    }
    return NS_OK;
oom:
    return ns_fail(err, NS_ESYSTEM, "out of memory while tokenizing");
}

int ns_tokenize(ns_tokens *t, const char *text, size_t n, ns_error *err)
{
    return tokenize(t, text, n, err, 1);
}

int ns_tokenize_general(ns_tokens *t, const char *text, size_t n, ns_error *err)
{
    return tokenize(t, text, n, err, 0);
}

/* Letters and capitals of the word token tk, counted as the word loop of
 * ns_tokenize counts them: every character of its span of class C_WORD. */
static void word_letters(const unsigned char *s, size_t n, const ns_token *tk, uint32_t *letters,
                         uint32_t *uppers)
{
    size_t pos = tk->start;
    ch c;
    while (pos < tk->end && next_char(s, n, &pos, &c)) {
        if (c.cls != C_WORD)
            continue;
        (*letters)++;
        *uppers +=
            c.cp < 0x80 ? (c.cp >= 'A' && c.cp <= 'Z') : utf8proc_category(c.cp) == UTF8PROC_CATEGORY_LU;
    }
}

void ns_tokens_style(const ns_tokens *t, const char *text, size_t n, size_t a, size_t b, ns_tokens *out)
{
    const unsigned char *s = (const unsigned char *)text;
    out->letters = out->upper_letters = out->exclaim_runs = out->question_runs = 0;
    out->caps_words = out->words = 0;
    for (size_t i = a; i < b; i++) {
        const ns_token *tk = &t->tok[i];
        if (tk->kind == NS_TOK_WORD || tk->kind == NS_TOK_NUMBER) {
            out->words++;
            out->caps_words += tk->upper;
            if (tk->kind == NS_TOK_WORD)
                word_letters(s, n, tk, &out->letters, &out->upper_letters);
        } else if (tk->kind == NS_TOK_PUNCT) {
            size_t pos = tk->start; /* the run's character, as read (an entity decoded) */
            ch c;
            if (next_char(s, n, &pos, &c))
                out->exclaim_runs += c.cp == '!', out->question_runs += c.cp == '?';
        }
    }
}

void ns_tokens_free(ns_tokens *t)
{
    free(t->tok);
    free(t->norm);
    memset(t, 0, sizeof *t);
}
