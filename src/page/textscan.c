/*
 * textscan.c — classifying short pieces of page text: white space, bullets,
 * dates, page furniture ("Reply", "Share", "3 comments"), comment headings,
 * bylines, names and author lines.  Shared by the text and HTML readers.
 *
 * Every check looks at one trimmed piece of at most PG_MAX bytes (longer
 * pieces are never furniture), so the cost per line is bounded.
 */
#include <string.h>

#include "page/page.h"

#define PG_MAX 240

/* ----------------------------------------------------------- characters */

size_t ns_pg_space_at(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n == 0)
        return 0;
    if (u[0] == ' ' || (u[0] >= '\t' && u[0] <= '\r'))
        return 1;
    if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
        return 2; /* NBSP */
    if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
        ((u[2] >= 0x80 && u[2] <= 0x8B) || u[2] == 0xA8 || u[2] == 0xA9 || u[2] == 0xAF))
        return 3; /* U+2000-200B, 2028/9, 202F */
    if (n >= 3 && u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F)
        return 3; /* U+205F */
    if (n >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
        return 3; /* U+3000 */
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        return 3; /* BOM */
    if (n >= 3 && u[0] == 0xE1 && u[1] == 0x9A && u[2] == 0x80)
        return 3; /* U+1680 */
    return 0;
}

/* Length of the space character ending at s[n-1], 0 if none. */
static size_t space_before(const char *s, size_t n)
{
    for (size_t k = 1; k <= 3 && k <= n; k++) {
        size_t l = ns_pg_space_at(s + n - k, k);
        if (l == k)
            return k;
    }
    return 0;
}

void ns_pg_trim(const char *s, size_t *start, size_t *end)
{
    size_t a = *start, b = *end, l;
    while (a < b && (l = ns_pg_space_at(s + a, b - a)) > 0)
        a += l;
    while (b > a && (l = space_before(s + a, b - a)) > 0)
        b -= l;
    *start = a;
    *end = b;
}

size_t ns_pg_line_end(const char *t, size_t n, size_t i)
{
    const char *nl = memchr(t + i, '\n', n - i);
    return nl ? (size_t)(nl - t) : n;
}

static const char *const bullets[] = {
    "\xE2\x80\xA2", /* • */ "\xC2\xB7",     /* · */ "\xE2\x97\x8F", /* ● */
    "\xE2\x96\xAA", /* ▪ */ "\xE2\x97\xA6", /* ◦ */ "\xE2\x80\xA3", /* ‣ */
    "\xE2\x81\x83", /* ⁃ */ "\xE2\x97\x8B", /* ○ */ "\xE2\x96\xA0", /* ■ */
    "\xE2\x96\xA1", /* □ */ "\xE2\x96\xBA", /* ► */ "\xE2\x96\xB8", /* ▸ */
    "\xE2\x96\xB6", /* ▶ */ "\xE2\x97\x86", /* ◆ */ "\xE2\x97\x87", /* ◇ */
    "\xE2\x88\x99", /* ∙ */ "\xE2\x8B\x85", /* ⋅ */ "\xE2\x9E\xA4", /* ➤ */
    "\xE2\x96\xAB", /* ▫ */ "\xE2\x97\xBE", /* ◾ */ "\xE2\x97\xBD", /* ◽ */
};

size_t ns_pg_bullet_at(const char *s, size_t n)
{
    size_t k = 0, l;
    for (size_t i = 0; i < sizeof bullets / sizeof *bullets; i++) {
        size_t bl = strlen(bullets[i]);
        if (n >= bl && memcmp(s, bullets[i], bl) == 0) {
            k = bl;
            break;
        }
    }
    if (k == 0 && n >= 2 && (s[0] == '*' || s[0] == '-' || s[0] == '+') && ns_pg_space_at(s + 1, n - 1) > 0)
        k = 1;
    if (k == 0)
        return 0;
    while (k < n && (l = ns_pg_space_at(s + k, n - k)) > 0)
        k += l;
    return k;
}

/* ------------------------------------------------------ normalised pieces */

/* Lower-cases ASCII, turns runs of white space into one ' ', trims; returns
 * the length, or 0 when the piece is empty or too long for out. */
static size_t norm(const char *s, size_t n, char *out, size_t cap)
{
    size_t a = 0, b = n, o = 0, l;
    ns_pg_trim(s, &a, &b);
    if (b - a >= cap)
        return 0;
    int sp = 0;
    for (size_t i = a; i < b;) {
        if ((l = ns_pg_space_at(s + i, b - i)) > 0) {
            sp = 1;
            i += l;
            continue;
        }
        if (sp && o > 0)
            out[o++] = ' ';
        sp = 0;
        char c = s[i++];
        out[o++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    out[o] = 0;
    return o;
}

static int in_list(const char *w, size_t n, const char *const *list)
{
    if (n == 0) {
        for (; *list; list++)
            if (**list == 0)
                return 1;
        return 0;
    }
    for (; *list; list++)
        if ((*list)[0] == w[0] && strlen(*list) == n && !memcmp(*list, w, n))
            return 1;
    return 0;
}

static int starts(const char *s, size_t n, const char *p)
{
    size_t pl = strlen(p);
    return n >= pl && memcmp(s, p, pl) == 0;
}

static size_t words_of(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        w += s[i] != ' ' && (i == 0 || s[i - 1] == ' ');
    return w;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}
static int is_alpha(char c)
{
    return (c | 32) >= 'a' && (c | 32) <= 'z';
}

/* ------------------------------------------------------------------ dates */

static const char *const months[] = {
    "january", "february", "march",    "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan",   "feb", "mar",  "apr",  "jun",    "jul",
    "aug",     "sep",      "sept",     "oct",   "nov", "dec",  NULL};
static const char *const weekdays[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                       "sunday", "mon",     "tue",       "tues",     "wed",    "thu",
                                       "thur",   "thurs",   "fri",       "sat",      "sun",    NULL};
static const char *const date_glue[] = {
    "at", "on", "of", "the", "posted", "updated", "published", "edited", "last", "am", "pm", "a.m", "p.m",
    "utc", "gmt", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "cet", "cest", "bst", "ist", "et",
    "pt", "ct", "z", "a", "an", "one", "few", "about", "over", "almost", "around", "@", "-", "second",
    "seconds", "sec", "secs", "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "day", "days",
    "week", "weeks", "wk", "wks", "month", "months", "mo", "mos", "year", "years", "yr", "yrs", "just",
    /* "5 min read", a reading time beside the date */
    "read",
    /* "vor 2 Stunden", "hace 2 horas", "il y a 2 heures", "2 ore fa", "2 uur geleden" */
    "vor", "hace", "il", "y", "fa", "geleden", "temu", NULL};
static const char *const date_anchor[] = {"ago", "yesterday", "today", "now", NULL};

/* Digits with / - . : (dates, times, "2017-06-05t09:14:00"), then an
 * optional suffix: "5th", "3pm", "3:12pm", or a relative unit ("2h", "3d",
 * "5min").  *anchor is set when the token alone says "a date or a time". */
static int numeric_token(const char *w, size_t n, int *anchor)
{
    size_t i = 0, d = 0, sep = 0, colon = 0;
    if (n == 0 || !is_digit(w[0]))
        return 0;
    while (i < n) {
        char c = w[i];
        if (is_digit(c))
            d++;
        else if (c == ':')
            colon++;
        else if (c == '/' || c == '-' || c == '.')
            sep++;
        else if (c == '+' && d > 0)
            sep++;
        else if (c == 't' && i > 0 && is_digit(w[i - 1]) && i + 1 < n && is_digit(w[i + 1]) && sep >= 2)
            sep++;
        else if (c == 'z' && i + 1 == n && colon > 0)
            sep++;
        else
            break;
        i++;
    }
    const char *rest = w + i;
    size_t rl = n - i;
    static const char *const ordinal[] = {"", "st", "nd", "rd", "th", NULL};
    static const char *const ampm[] = {"am", "pm", "a.m", "p.m", "a.m.", "p.m.", NULL};
    static const char *const unit[] = {"h",  "d",   "m",  "w",   "y",  "s",   "mo",  "min",  "mins",
                                       "hr", "hrs", "yr", "yrs", "wk", "wks", "sec", "secs", NULL};
    if (in_list(rest, rl, ampm)) {
        *anchor = 1;
        return 1;
    }
    if (sep == 0 && colon == 0 && in_list(rest, rl, unit)) {
        *anchor = 1;
        return 1;
    }
    if (!in_list(rest, rl, ordinal))
        return 0;
    if (colon > 0 || sep >= 2)
        *anchor = 1;
    return 1;
}

/* A date in a normalised piece. */
static int date_n(const char *buf, size_t L)
{
    if (L == 0)
        return 0;
    static const char *const units[] = {
        "second", "seconds", "sec", "secs", "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs",
        "day", "days", "week", "weeks", "wk", "wks", "month", "months", "mo", "mos", "year", "years", "yr",
        "yrs",
        /* German, French, Spanish, Italian, Dutch */
        "stunde", "stunden", "minuten", "tag", "tagen", "tage", "woche", "wochen", "monat", "monaten", "jahr",
        "jahren", "heure", "heures", "jour", "jours", "semaine", "semaines", "mois", "ans", "hora", "horas",
        "d\xC3\xAD"
        "a",
        "d\xC3\xAD"
        "as",
        "semana", "semanas", "mes", "meses", "a\xC3\xB1o", "a\xC3\xB1os", "minuto", "minutos", "ore", "ora",
        "giorno", "giorni", "minuti", "settimane", "mesi", "anni", "uur", "dag", "dagen", "weken", "maanden",
        "jaar", NULL};
    int anchor = 0, words = 0, prev_just = 0, prev_num = 0;
    size_t i = 0;
    while (i < L) {
        while (i < L && (buf[i] == ' ' || buf[i] == ',' || buf[i] == '(' || buf[i] == ')'))
            i++;
        if (i >= L)
            break;
        size_t a = i;
        while (i < L && buf[i] != ' ' && buf[i] != ',' && buf[i] != '(' && buf[i] != ')')
            i++;
        size_t wl = i - a;
        const char *w = buf + a;
        while (wl > 1 && w[wl - 1] == '.' && !(wl >= 3 && w[wl - 3] == '.'))
            wl--; /* "Jun." */
        words++;
        if (words > 12)
            return 0;
        int num = 0;
        if (in_list(w, wl, months) || in_list(w, wl, weekdays))
            anchor = 1;
        else if (prev_num && in_list(w, wl, units))
            anchor = 1; /* "12 min", "3 days" */
        else if (in_list(w, wl, date_anchor)) {
            if (!(wl == 3 && memcmp(w, "now", 3) == 0) || prev_just || words == 1)
                anchor = 1;
        } else if (in_list(w, wl, date_glue)) {
        } else if (!(num = numeric_token(w, wl, &anchor)))
            return 0;
        prev_just = (wl == 4 && memcmp(w, "just", 4) == 0);
        prev_num = num;
    }
    return anchor;
}

int ns_pg_is_date(const char *s, size_t n)
{
    char buf[PG_MAX + 1];
    return date_n(buf, norm(s, n, buf, sizeof buf));
}

/* ------------------------------------------------------------- furniture */

/* Words that alone, or in a line made only of such words, are page
 * furniture. */
static const char *const boiler_words[] = {"reply",
                                           "antworten",
                                           "répondre",
                                           "responder",
                                           "rispondi",
                                           "reageer",
                                           "odpowiedz",
                                           "svara",
                                           "replies",
                                           "share",
                                           "shares",
                                           "shared",
                                           "like",
                                           "likes",
                                           "liked",
                                           "unlike",
                                           "dislike",
                                           "dislikes",
                                           "report",
                                           "flag",
                                           "edit",
                                           "edited",
                                           "delete",
                                           "permalink",
                                           "embed",
                                           "award",
                                           "awards",
                                           "link",
                                           "quote",
                                           "upvote",
                                           "upvotes",
                                           "downvote",
                                           "downvotes",
                                           "vote",
                                           "votes",
                                           "point",
                                           "points",
                                           "follow",
                                           "following",
                                           "unfollow",
                                           "tweet",
                                           "email",
                                           "e-mail",
                                           "facebook",
                                           "twitter",
                                           "whatsapp",
                                           "linkedin",
                                           "reddit",
                                           "pinterest",
                                           "telegram",
                                           "print",
                                           "comment",
                                           "comments",
                                           "response",
                                           "responses",
                                           "reactions",
                                           "reaction",
                                           "subscribe",
                                           "login",
                                           "logout",
                                           "register",
                                           "advertisement",
                                           "advertisements",
                                           "ad",
                                           "sponsored",
                                           "related",
                                           "newest",
                                           "all",
                                           "oldest",
                                           "best",
                                           "top",
                                           "hot",
                                           "popular",
                                           "loading",
                                           "loading...",
                                           "more",
                                           "menu",
                                           "home",
                                           "search",
                                           "close",
                                           "cancel",
                                           "submit",
                                           "send",
                                           "post",
                                           "views",
                                           "view",
                                           "reposts",
                                           "repost",
                                           "retweets",
                                           "retweet",
                                           "quotes",
                                           "bookmarks",
                                           "bookmark",
                                           "retruths",
                                           "retruth",
                                           "recommend",
                                           "recommended",
                                           "\xC2\xB7",
                                           "|",
                                           "-",
                                           "+",
                                           "^",
                                           "+1",
                                           "-1",
                                           "0",
                                           "x",
                                           "copy",
                                           "save",
                                           "saved",
                                           "mute",
                                           "block",
                                           "hide",
                                           "show",
                                           "collapse",
                                           "expand",
                                           "translate",
                                           "helpful",
                                           "unhelpful",
                                           "avatar",
                                           "next",
                                           "prev",
                                           "previous",
                                           "parent",
                                           NULL};

static const char *const boiler_phrases[] = {
    "load more", "load more comments", "load more replies", "continue this thread", "best rated",
    "worst rated", "view all", "click to rate", "reader picks", "nyt picks", "top picks", "most relevant",
    "newest", "oldest", "top fan", "top contributor", "rising contributor", "show more", "show more comments",
    "show more replies", "view more comments", "view more replies", "view more", "see more", "read more",
    "view replies", "show replies", "hide replies", "view all comments", "view all replies",
    "see all comments", "show all comments", "leave a reply", "leave a comment", "post a comment",
    "add a comment", "write a comment", "add your comment", "cancel reply", "post comment", "post reply",
    "submit comment", "log in to reply", "login to reply", "sign in to reply", "log in to comment",
    "sign in to comment", "log in", "sign in", "sign up", "sign out", "log out", "share this", "like this",
    "share on facebook", "share on twitter", "share this article", "share this story", "share this post",
    "click to share", "related posts", "related articles", "related stories", "related content",
    "you may also like", "you might also like", "recommended for you", "more stories", "more from",
    "in reply to", "report abuse", "flag as inappropriate", "mark as spam", "report comment", "sort by",
    "comments are closed", "comments closed", "join the discussion", "join the conversation",
    "what do you think", "what do you think?", "powered by disqus", "all rights reserved", "name", "email",
    "website", "name *", "email *", "website *", "comment *", "previous post", "next post",
    "previous article", "next article", "previous", "next", "back to top", "skip to content",
    "skip to main content", "skip to navigation", "support us", "read next", "most popular", "most read",
    "trending", "trending now", "top stories", "more on this story", "related topics",
    /* a site's header and footer links, one a line */
    "terms of use", "terms and conditions", "terms & conditions", "cookie settings", "manage cookies",
    "do not sell my personal information", "accessibility", "site map", "sitemap", "advertise with us",
    "advertise", "careers", "help", "faq", "rss", "rss feeds", "corrections", "contact", "about", "subscribe",
    "menu", "search", "home", "privacy", "do not sell my data",
    /* Disqus's header as copied: "Disqus' Privacy Policy", "Favorite", "LOG IN WITH" */
    "disqus' privacy policy", "disqus\xE2\x80\x99 privacy policy", "favorite", "log in with",
    "or sign up with disqus",
    /* Reddit's buttons as copied */
    "give award", "award", "follow", "save", "[removed]", "[deleted]",
    /* the Guardian's comment controls as copied */
    "per page", "display threads", "collapsed", "expanded", "unthreaded", "threaded",
    "listen to this article", "print this article", "story continues below advertisement", "continue reading",
    "advertisement", "scroll to continue", "newest first", "oldest first", "top comments", "best comments",
    "most liked", "most recent", "most upvoted", "follow us", "share this:", "like this:", "loading…",
    "be the first to comment", "be the first to like this", "no comments yet", "no comments", "show comments",
    "hide comments", "view comments", "load comments", "comment policy", "community guidelines",
    "terms of service", "privacy policy", "cookie policy", "contact us", "about us", "sponsored content",
    "paid content", "ad feedback", "editor's pick", "editors' picks", "click here to comment", "reply ↓",
    "user avatar", "profile picture", "profile image", "facebook comments plugin",
    "comments powered by disqus", "we were unable to load disqus", "what are your thoughts",
    "what are your thoughts?", "reply to this comment", "newsletter", "sign up for our newsletter",
    /* a news site's tools and a picture's label */
    "share full article", "gift this article", "save article", "image", "photo", "video", "image caption",
    "media caption", "skip advertisement", NULL};

static const char *const boiler_prefixes[] = {"image source, ",
                                              "image caption, ",
                                              "media caption, ",
                                              "listen to this article",
                                              "this article is more than",
                                              "a version of this article appears in print",
                                              "our standards:",
                                              "sort by",
                                              "sorted by",
                                              "for immediate release",
                                              "sign in or ",
                                              "log in or ",
                                              "login or ",
                                              "create an account",
                                              "we use cookies",
                                              "this site uses cookies",
                                              "this website uses cookies",
                                              "our site uses cookies",
                                              "by continuing to browse",
                                              "by continuing to use",
                                              "by using this site",
                                              "by using our site",
                                              "your email address will not be published",
                                              "your email will not be published",
                                              "notify me of",
                                              "this site uses akismet",
                                              "you must be logged in",
                                              "required fields are marked",
                                              "comments are closed",
                                              "\xC2\xA9",
                                              "this comment has been",
                                              "comment removed",
                                              "comment deleted",
                                              "this comment was deleted",
                                              "this comment was removed",
                                              "you are commenting",
                                              "already a subscriber",
                                              "comments for this",
                                              "commenting is closed",
                                              "comments have been closed",
                                              "comments are moderated",
                                              "be respectful",
                                              "share or comment on this article",
                                              "loading comments",
                                              "please be respectful",
                                              "please keep comments",
                                              "keep it civil",
                                              "the comments below have",
                                              "comments below have not",
                                              "readers shared their",
                                              "click to share",
                                              "click to email",
                                              "click to print",
                                              NULL};

/* Prefixes that mark furniture only on a short line. */
static const char *const short_prefixes[] = {
    "photograph:", "image credit:",   "photo credit:", "click here ",  "copyright ",    "copyright\xC2\xA0",
    "powered by",  "in reply to ",    "share this",    "posted in ",   "filed under",   "tags:",
    "topics:",     "related topics:", "tagged:",       "categories:",  "labels:",       "category:",
    "related:",    "read more:",      "see also:",     "follow us on", "sign up for",   "subscribe to our",
    "view all ",   "load more",       "show more",     "reply to ",    "replying to ",  "log in to ",
    "login to ",   "sign in to ",     "by commenting", "by posting",   "advertisement", NULL};

/* Words counted by a number: "3 comments", "12 likes", "Comments (3)". */
static const char *const counted[] = {"comment",
                                      "comments",
                                      "reply",
                                      "replies",
                                      "response",
                                      "responses",
                                      "like",
                                      "likes",
                                      "point",
                                      "points",
                                      "vote",
                                      "votes",
                                      "share",
                                      "shares",
                                      "view",
                                      "views",
                                      "repost",
                                      "reposts",
                                      "retweet",
                                      "retweets",
                                      "quote",
                                      "quotes",
                                      "bookmark",
                                      "bookmarks",
                                      "retruth",
                                      "retruths",
                                      "reaction",
                                      "reactions",
                                      "thought",
                                      "thoughts",
                                      "upvote",
                                      "upvotes",
                                      "downvote",
                                      "downvotes",
                                      "people like this",
                                      "people liked this",
                                      "person likes this",
                                      "more replies",
                                      "more comments",
                                      "new comments",
                                      "new replies",
                                      "hidden replies",
                                      "hide replies",
                                      "show replies",
                                      "view replies",
                                      "per page",
                                      "level", /* a thread's depth: "level 2" */
                                      "rating",
                                      "recommend",
                                      "recommends",
                                      NULL};

/* Strips a leading count ("12", "1,024", "1.2k", "one") and returns where
 * the rest starts, or 0 when there is none. */
static size_t leading_count(const char *L, size_t n)
{
    size_t i = 0;
    static const char *const num_words[] = {"one",   "two",   "three", "four", "five", "six",
                                            "seven", "eight", "nine",  "ten",  "no",   NULL};
    for (const char *const *w = num_words; *w; w++) {
        size_t wl = strlen(*w);
        if (n > wl && memcmp(L, *w, wl) == 0 && L[wl] == ' ')
            return wl + 1;
    }
    while (i < n && (is_digit(L[i]) || ((L[i] == ',' || L[i] == '.') && i > 0)))
        i++;
    if (i == 0)
        return 0;
    if (i < n && (L[i] == 'k' || L[i] == 'm'))
        i++;
    if (i < n && L[i] == ' ')
        return i + 1;
    return 0;
}

/* "foo (12)" / "foo 12" → length of "foo". */
static size_t trailing_count(const char *L, size_t n)
{
    size_t e = n;
    if (e > 0 && L[e - 1] == ')') {
        size_t k = e - 1;
        while (k > 0 && is_digit(L[k - 1]))
            k--;
        if (k > 0 && L[k - 1] == '(' && k < e - 1) {
            e = k - 1;
            while (e > 0 && L[e - 1] == ' ')
                e--;
            return e;
        }
        return n;
    }
    size_t k = e;
    while (k > 0 && is_digit(L[k - 1]))
        k--;
    if (k < e && k > 0 && L[k - 1] == ' ') {
        e = k - 1;
        return e;
    }
    return n;
}

static int counted_phrase(const char *L, size_t n)
{
    size_t c = leading_count(L, n);
    if (c > 0) {
        const char *r = L + c;
        size_t rl = n - c;
        if (in_list(r, rl, counted))
            return 1;
        static const char *const about[] = {"thoughts on ", "thought on ",   "responses to ", "response to ",
                                            "comments on ", "comment on ",   "comments to ",  "replies to ",
                                            "reply to ",    "reactions to ", "comments for ", NULL};
        for (const char *const *p = about; *p; p++)
            if (starts(r, rl, *p))
                return 1;
    }
    size_t e = trailing_count(L, n);
    if (e < n && e > 0 && in_list(L, e, counted))
        return 1;
    return 0;
}

static const char *const headings[] = {
    "comment", "comments",
    /* the same in the languages of Europe's larger news sites */
    "kommentare", "leserkommentare", "commentaires", "comentarios", "commenti", "comentários", "reacties",
    "komentarze", "kommentarer", "reader comments", "readers' comments", "readers comments",
    "reader's comments", "user comments", "your comments", "visitor comments", "join the discussion",
    "join the conversation", "leave a reply", "leave a comment", "post a comment", "add a comment",
    "write a comment", "add your comment", "what do you think?", "what do you think", "have your say",
    "share what you think", "show comments", "view comments", "load comments", "comments section",
    "comment section", "discuss this article", "comments and reactions", "top comments", "all comments",
    "comments closed", "discussion", "discussion about this post", "conversation", "responses",
    "reader responses", "readers respond", "reader reactions", "reactions", "replies",
    "what readers are saying", "what readers say", "your views", "readers' views", NULL};

/* Removes trailing ':' '…' "..." '*' and spaces from a normalised piece. */
static size_t strip_tail(const char *L, size_t n)
{
    for (;;) {
        if (n > 0 && (L[n - 1] == ':' || L[n - 1] == '*' || L[n - 1] == ' '))
            n--;
        else if (n >= 3 && !memcmp(L + n - 3, "...", 3))
            n -= 3;
        else if (n >= 3 && memcmp(L + n - 3, "\xE2\x80\xA6", 3) == 0)
            n -= 3;
        else
            return n;
    }
}

static int heading_n(const char *buf, size_t L)
{
    if (L == 0)
        return 0;
    static const char *const all[] = {"all ", "view all ", "show all ", "see all ", NULL};
    for (const char *const *p = all; *p; p++)
        if (starts(buf, L, *p) && L > strlen(*p) && buf[strlen(*p)] >= '0' && buf[strlen(*p)] <= '9') {
            buf += strlen(*p); /* "all 1,204 comments" */
            L -= strlen(*p);
            break;
        }
    size_t e = strip_tail(buf, L);
    if (e == 0)
        return 0;
    if (buf[e - 1] == '?' && in_list(buf, e, headings))
        return 1;
    if (in_list(buf, e, headings))
        return 1;
    size_t t = trailing_count(buf, e);
    if (t < e && t > 0 && in_list(buf, t, headings))
        return 1;
    size_t c = leading_count(buf, e);
    if (c > 0) {
        const char *r = buf + c;
        size_t rl = e - c;
        static const char *const h2[] = {"comment",      "comments",    "responses",       "response",
                                         "replies",      "reactions",   "reader comments", "kommentare",
                                         "commentaires", "comentarios", "commenti",        "comentários",
                                         "reacties",     "komentarze",  "kommentarer",     NULL};
        if (in_list(r, rl, h2))
            return 1;
        static const char *const about[] = {"thoughts on ",
                                            "thought on ",
                                            "responses to ",
                                            "response to ",
                                            "comments on ",
                                            "comment on ",
                                            "comments to ",
                                            "replies to ",
                                            "reactions to ",
                                            "comments for ",
                                            NULL};
        for (const char *const *p = about; *p; p++)
            if (starts(r, rl, *p))
                return 1;
    }
    return 0;
}

int ns_pg_is_comments_heading(const char *s, size_t n)
{
    char buf[PG_MAX + 1];
    return heading_n(buf, norm(s, n, buf, sizeof buf));
}

int ns_pg_is_weak_heading(const char *s, size_t n)
{
    char buf[PG_MAX + 1];
    size_t L = norm(s, n, buf, sizeof buf);
    L = strip_tail(buf, L);
    static const char *const weak[] = {"discussion",       "conversation", "responses", "reactions",
                                       "reader reactions", "replies",      NULL};
    return in_list(buf, L, weak);
}

int ns_pg_is_form_heading(const char *s, size_t n)
{
    char buf[PG_MAX + 1];
    size_t L = norm(s, n, buf, sizeof buf);
    static const char *const pre[] = {"leave a ",        "post a ",   "add a ",    "add your ",
                                      "write a ",        "submit a ", "join the ", "comments are closed",
                                      "comments closed", NULL};
    for (const char *const *p = pre; *p; p++)
        if (starts(buf, L, *p) || (L + 1 == strlen(*p) && !memcmp(buf, *p, L)))
            return 1;
    return 0;
}

/* Only punctuation, symbols we know and spaces: "* * *", "---", "▲ 3 ▼". */
static int only_symbols(const char *s, size_t n)
{
    size_t i = 0, l;
    for (size_t k = 0; k < n; k++)
        if (is_alpha(s[k]) || is_digit(s[k]))
            return 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if ((l = ns_pg_space_at(s + i, n - i)) > 0) {
            i += l;
            continue;
        }
        if ((l = ns_pg_bullet_at(s + i, n - i)) > 0 && !(c == '-' || c == '*' || c == '+')) {
            i += l;
            continue;
        }
        if (c < 0x80) {
            if (is_alpha((char)c) || is_digit((char)c))
                return 0;
            i++;
            continue;
        }
        /* general punctuation (dashes, quotes, › …), arrows, shapes ▲▼, dingbat arrows */
        unsigned char c1 = n - i >= 2 ? (unsigned char)s[i + 1] : 0;
        unsigned char c2 = n - i >= 3 ? (unsigned char)s[i + 2] : 0;
        if (n - i >= 3 && c == 0xE2 &&
            ((c1 == 0x80 && c2 >= 0x90) || (c1 == 0x81 && c2 <= 0x9E) || c1 == 0x86 || c1 == 0x96 ||
             c1 == 0x97 || c1 == 0x9E)) {
            i += 3;
            continue;
        }
        if (n - i >= 2 && c == 0xC2 && (c1 == 0xAB || c1 == 0xBB || c1 == 0xB7)) { /* « » · */
            i += 2;
            continue;
        }
        return 0;
    }
    return 1;
}

static int boiler_piece(const char *s, size_t n);

/* The length of the separator (· • | – — " - ") at s[i], or 0. */
static size_t separator_at(const char *s, size_t n, size_t i)
{
    const unsigned char *u = (const unsigned char *)s + i;
    size_t r = n - i;
    if (r >= 2 && u[0] == 0xC2 && u[1] == 0xB7)
        return 2; /* · */
    if (r >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xA2 || u[2] == 0x93 || u[2] == 0x94))
        return 3; /* • – — */
    if (r >= 3 && u[0] == 0xE2 && u[1] == 0x8B && u[2] == 0x85)
        return 3; /* ⋅ */
    if (r >= 3 && u[0] == 0xE2 && u[1] == 0x88 && u[2] == 0x99)
        return 3; /* ∙ */
    if (u[0] == '|')
        return 1;
    if (u[0] == '-' && i > 0 && r >= 2 && s[i - 1] == ' ' && s[i + 1] == ' ')
        return 1;
    return 0;
}

int ns_pg_is_separator(const char *s, size_t n)
{
    return n > 0 && separator_at(s, n, 0) == n;
}

/* Splits a piece at separators and at nothing else. */
static int split_pieces(const char *s, size_t n, int (*fn)(const char *, size_t, void *), void *ctx,
                        int *count)
{
    size_t a = 0, i = 0;
    *count = 0;
    while (i <= n) {
        size_t sl = i < n ? separator_at(s, n, i) : 0;
        if (i == n || sl > 0) {
            size_t b = i, x = a;
            ns_pg_trim(s, &x, &b);
            if (b > x) {
                (*count)++;
                if (!fn(s + x, b - x, ctx))
                    return 0;
            }
            if (i == n)
                break;
            i += sl;
            a = i;
            continue;
        }
        i++;
    }
    return 1;
}

/* The next space-separated word of s[0..n) from *i: its start and length,
 * with *i left just past it; 0 when only spaces remain. */
static int next_word(const char *s, size_t n, size_t *i, size_t *start, size_t *len)
{
    while (*i < n && s[*i] == ' ')
        (*i)++;
    if (*i >= n)
        return 0;
    *start = *i;
    while (*i < n && s[*i] != ' ')
        (*i)++;
    *len = *i - *start;
    return 1;
}

static int all_boiler_words(const char *L, size_t n)
{
    size_t i = 0, a, wl;
    int words = 0;
    while (next_word(L, n, &i, &a, &wl)) {
        const char *w = L + a;
        while (wl > 1 && (w[wl - 1] == ':' || w[wl - 1] == ','))
            wl--;
        int num = 1;
        for (size_t k = 0; k < wl; k++)
            if (!is_digit(w[k]) && !(k > 0 && (w[k] == ',' || w[k] == '.' || w[k] == 'k')) &&
                !(k == 0 && (w[k] == '+' || w[k] == '-')))
                num = 0;
        if (num && wl > 0 && (w[wl - 1] == '.' || w[wl - 1] == ','))
            num = 0;
        if (!num && !in_list(w, wl, boiler_words) && !only_symbols(w, wl))
            return 0;
        words++;
    }
    return words > 0;
}

/* A picture's caption with its credit run on, as copied from the New York
 * Times: "The Bundestag in Berlin.Credit...Hannibal Hanschke/Reuters" (not
 * "they deserve the credit... for now"). */
static int credit_run_on(const char *buf, size_t L)
{
    for (const char *p = buf; (p = memmem(p, L - (size_t)(p - buf), "credit", 6)); p += 6) {
        size_t rest = L - (size_t)(p - buf) - 6;
        int dots =
            (rest >= 3 && !memcmp(p + 6, "...", 3)) || (rest >= 3 && !memcmp(p + 6, "\xE2\x80\xA6", 3));
        if (dots && (p == buf || p[-1] != ' '))
            return 1;
    }
    return 0;
}

static int boiler_piece(const char *s, size_t n)
{
    char buf[PG_MAX + 1];
    if (only_symbols(s, n))
        return 1;
    size_t L = norm(s, n, buf, sizeof buf);
    if (L == 0)
        return 0;
    if (credit_run_on(buf, L))
        return 1;
    /* the agency's note on who else reported: "Jill Lawless contributed to
     * this report." */
    static const char *const contributed[] = {"contributed to this report.", "contributed reporting.", NULL};
    for (const char *const *p = contributed; L <= 200 && *p; p++)
        if (L >= strlen(*p) && !memcmp(buf + L - strlen(*p), *p, strlen(*p)))
            return 1;
    /* the site's own promotions inside the article: "Sign up to our free
     * daily newsletter …", "Have a story? Email us at …" */
    static const char *const tip_lines[] = {"have a story?", "got a story?", "have a news tip",
                                            "got a news tip", NULL};
    if (L <= 240 && (starts(buf, L, "sign up ") || starts(buf, L, "subscribe to ")) &&
        memmem(buf, L, "newsletter", 10))
        return 1;
    for (const char *const *p = tip_lines; L <= 240 && *p; p++)
        if (starts(buf, L, *p))
            return 1;
    /* a link to another story, whose headline may ask: "Read more: Who is next?" */
    static const char *const link_prefixes[] = {"read more:", "see also:", "related:", "more:", NULL};
    for (const char *const *p = link_prefixes; L <= 200 && *p; p++)
        if (starts(buf, L, *p))
            return 1;
    if (L > 120) { /* only the long notices are furniture this long */
        for (const char *const *p = boiler_prefixes; *p; p++)
            if (buf[0] == (*p)[0] && starts(buf, L, *p))
                return 1;
        return 0;
    }
    if (date_n(buf, L))
        return 1;
    size_t e = strip_tail(buf, L);
    if (e == 0)
        return 1;
    if (in_list(buf, e, boiler_phrases) || in_list(buf, L, boiler_phrases))
        return 1;
    for (const char *const *p = boiler_prefixes; *p; p++)
        if (buf[0] == (*p)[0] && starts(buf, L, *p))
            return 1;
    if (L <= 80 && buf[L - 1] != '.' && buf[L - 1] != '!' && buf[L - 1] != '?')
        for (const char *const *p = short_prefixes; *p; p++)
            if (buf[0] == (*p)[0] && starts(buf, L, *p))
                return 1;
    if (counted_phrase(buf, L))
        return 1; /* "12 likes", not "Comment 12." */
    if (heading_n(buf, L))
        return 1;
    if (all_boiler_words(buf, e))
        return 1;
    /* two notices run together: "Leave a Reply Cancel reply" */
    for (size_t k = 1; L <= 80 && k + 1 < L; k++) {
        if (buf[k] != ' ' || !(in_list(buf, k, boiler_phrases) || heading_n(buf, k)))
            continue;
        const char *r = buf + k + 1;
        size_t rl = strip_tail(r, L - k - 1);
        if (rl > 0 && (in_list(r, rl, boiler_phrases) || all_boiler_words(r, rl)))
            return 1;
    }
    return 0;
}

static int has_separator(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '|' || (c == '-' && i > 0 && i + 1 < n && s[i - 1] == ' ' && s[i + 1] == ' '))
            return 1;
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xB7)
            return 1;
        if (c == 0xE2 && i + 2 < n)
            return 1; /* • – — ⋅ ∙ and other E2 symbols: let split decide */
    }
    return 0;
}

static size_t ci_find(const char *s, size_t n, const char *p);

/* A row of four or more short pieces between '|': a menu ("Home | News |
 * Sport | ..."), or a row of links under a title ("87 points by x | hide |
 * past | 31 comments"). */
static int bar_row(const char *s, size_t n)
{
    size_t pieces = 1, words = 0, most = 0;
    if (ns_pg_ends_sentence(s, n) || s[n - 1] == '!' || s[n - 1] == '?')
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '|') {
            pieces++;
            most = words > most ? words : most;
            words = 0;
        } else if (s[i] != ' ' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '|')) {
            words++;
        }
    }
    most = words > most ? words : most;
    return pieces >= 4 && most <= 8;
}

/* A breadcrumb trail: three or more short pieces between one kind of
 * arrow ("Home > World > Europe", "News › UK › Politics", "Home / Sport / Football"). */
static int crumb_row(const char *s, size_t n)
{
    static const char *const arrows[] = {" > ", " \xE2\x80\xBA ", " \xC2\xBB ", " / ", NULL};
    if (n > 160 || ns_pg_ends_sentence(s, n))
        return 0;
    for (const char *const *a = arrows; *a; a++) {
        size_t al = strlen(*a), pieces = 1, words = 1, most = 0;
        for (size_t i = 0; i < n; i++) {
            if (i + al <= n && !memcmp(s + i, *a, al)) {
                pieces++;
                most = words > most ? words : most;
                words = 1;
                i += al - 1;
            } else if (s[i] == ' ') {
                words++;
            }
        }
        most = words > most ? words : most;
        if (pieces >= 3 && most <= 3)
            return 1;
    }
    return 0;
}

static int piece_cb(const char *s, size_t n, void *ctx)
{
    (void)ctx;
    return boiler_piece(s, n);
}

/* A line that is a bare host name ("harbourherald.example",
 * "BBC.CO.UK"): a shared link's preview names its site so. */
static int bare_host(const char *s, size_t n)
{
    size_t a = 0, b = n, labels = 1, last = 0;
    ns_pg_trim(s, &a, &b);
    if (b - a < 4 || b - a > 64 || s[a] == '.' || s[b - 1] == '.')
        return 0;
    for (size_t i = a; i < b; i++) {
        char c = s[i];
        if (c == '.') {
            if (s[i - 1] == '.')
                return 0;
            labels++, last = i + 1;
        } else if (!is_alpha(c) && !is_digit(c) && c != '-') {
            return 0;
        }
    }
    if (labels < 2 || b - last < 2)
        return 0;
    for (size_t i = last; i < b; i++)
        if (!is_alpha(s[i]))
            return 0; /* a top-level domain of letters: "3.14" is no host */
    return 1;
}

int ns_pg_no_letters(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z')
            return 0;
        if (ch >= 0xC0 && ch != 0xE2 && ch != 0xF0)
            return 0;
    }
    return 1;
}

int ns_pg_is_hashtag_row(const char *s, size_t n)
{
    size_t tags = 0;
    if (n > 200)
        return 0;
    for (size_t i = 0; i < n;) {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
            i++;
        if (i >= n)
            break;
        if (s[i] != '#' || i + 1 >= n || s[i + 1] == ' ' || s[i + 1] == '#')
            return 0;
        while (i < n && s[i] != ' ' && s[i] != '\t')
            i++;
        tags++;
    }
    return tags > 0;
}

/* Telegram's line under a post: its views after an eye, perhaps "edited"
 * and the time ("👁 48.2K  edited  11:40"). */
static int views_row(const char *s, size_t n)
{
    static const char eye[] = "\xF0\x9F\x91\x81";
    size_t a = 0, b = n;
    ns_pg_trim(s, &a, &b);
    return b - a > 4 && b - a <= 48 && !memcmp(s + a, eye, 4) && words_of(s + a, b - a) <= 5;
}

int ns_pg_is_boiler(const char *s, size_t n)
{
    if (n == 0)
        return 1;
    if (n > PG_MAX)
        return 0;
    if (boiler_piece(s, n))
        return 1;
    if (ci_find(s, n, "all rights reserved") != (size_t)-1)
        return 1;
    if (bare_host(s, n) || bar_row(s, n) || crumb_row(s, n) || views_row(s, n))
        return 1;
    if (!has_separator(s, n))
        return 0;
    int count;
    if (!split_pieces(s, n, piece_cb, NULL, &count))
        return 0;
    /* "· 5h", "| edited 2h": furniture after a separator, the name before
     * it on the line above; "3h ·": before one, the audience icon after it
     * (Facebook) */
    size_t a = 0, b = n;
    ns_pg_trim(s, &a, &b);
    if (count == 1 && a < b && separator_at(s, b, a) == 0) {
        for (size_t k = 1; k <= 3 && k <= b - a; k++)
            if (separator_at(s, b, b - k) == k)
                return 1;
    }
    return count > 1 || (count == 1 && a < b && separator_at(s, b, a) > 0);
}

/* ----------------------------------------------------------------- names */

int ns_pg_ends_sentence(const char *s, size_t n)
{
    while (n > 0) {
        unsigned char c = (unsigned char)s[n - 1];
        if (c == '"' || c == '\'' || c == ')' || c == ']' || c == ' ') {
            n--;
            continue;
        }
        if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
            (c == 0x9D || c == 0x99)) {
            n -= 3;
            continue;
        } /* ” ’ */
        if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && c == 0xBB) {
            n -= 2;
            continue;
        } /* » */
        break;
    }
    if (n == 0)
        return 0;
    char c = s[n - 1];
    if (c == '.')
        return !(n >= 3 && s[n - 2] == '.' && s[n - 3] == '.'); /* not "..." */
    return c == ',' || c == ';' || c == ':';
}

static const char *const particles[] = {"de",  "da",  "di", "del", "della", "der", "den", "van",
                                        "von", "al",  "el", "bin", "ibn",   "la",  "le",  "du",
                                        "dos", "das", "y",  "of",  "al-",   "ben", "mc",  NULL};
static const char *const not_first[] = {
    "i",          "the",     "this",   "that",  "it",    "its",  "it's", "we",      "you",  "my",
    "what",       "why",     "how",    "so",    "and",   "but",  "yes",  "no",      "ok",   "okay",
    "lol",        "thanks",  "thank",  "great", "good",  "well", "me",   "not",     "is",   "are",
    "agreed",     "exactly", "true",   "wow",   "nice",  "very", "they", "he",      "she",  "our",
    "your",       "their",   "there",  "here",  "if",    "when", "who",  "in",      "on",   "at",
    "for",        "to",      "a",      "an",    "all",   "just", "love", "hate",    "amen", "indeed",
    "absolutely", "totally", "right",  "wrong", "sad",   "same", "fake", "another", "more", "read",
    "see",        "click",   "posted", "share", "reply", NULL};

int ns_pg_name_like(const char *s, size_t n, int strict)
{
    size_t a = 0, b = n;
    ns_pg_trim(s, &a, &b);
    s += a;
    n = b - a;
    if (n == 0 || n > 64)
        return 0;
    int letter = 0, words = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_alpha((char)c) || c >= 0x80)
            letter = 1;
        if (c == '!' || c == '?' || c == ';' || c == '"' || c == ':' || c == ',' || c == '<' || c == '>' ||
            c == '{' || c == '}' || c == '=' || c < 0x20)
            return 0;
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0x9C || (unsigned char)s[i + 2] == 0x9D ||
             (unsigned char)s[i + 2] == 0xA6))
            return 0; /* “ ” … */
    }
    if (!letter)
        return 0;
    if (s[n - 1] == '.') {
        size_t k = n - 1;
        while (k > 0 && s[k - 1] != ' ')
            k--;
        if (n - 1 - k > 3)
            return 0;
    }
    size_t i = 0, w, wl;
    while (next_word(s, n, &i, &w, &wl)) {
        words++;
        if (words > 6)
            return 0;
        if (strict) {
            char low[32];
            if (wl < sizeof low) {
                for (size_t k = 0; k < wl; k++)
                    low[k] = (s[w + k] >= 'A' && s[w + k] <= 'Z') ? (char)(s[w + k] + 32) : s[w + k];
                if (words == 1 && in_list(low, wl, not_first))
                    return 0;
                if (in_list(low, wl, particles))
                    continue;
            }
            if (s[w] >= 'a' && s[w] <= 'z') {
                /* a lower-case user name: one token with a digit, '_' or '.' */
                int mark = 0;
                for (size_t k = w; k < w + wl; k++)
                    if (is_digit(s[k]) || s[k] == '_' || (s[k] >= 'A' && s[k] <= 'Z'))
                        mark = 1;
                if (!(mark && i >= n && words == 1))
                    return 0;
            }
        }
    }
    if (strict && words > 4)
        return 0;
    if (words == 0 || ns_pg_is_boiler(s, n))
        return 0;
    return 1;
}

/* ---------------------------------------------------------- author lines */

/* "2,341 points 7 hours ago": a count of something, then a date. */
static int counted_date(const char *s, size_t n)
{
    char buf[PG_MAX + 1];
    size_t L = norm(s, n, buf, sizeof buf), sp = 0;
    for (size_t i = 0, words = 0; i < L; i++)
        if (buf[i] == ' ' && ++words == 2) {
            sp = i;
            break;
        }
    return sp > 0 && counted_phrase(buf, sp) && date_n(buf + sp + 1, L - sp - 1);
}

/* One token that can be a user name ("pavlov", "mdw"), not a word that
 * starts a sentence or a date. */
static int handle_like(const char *s, size_t n)
{
    char low[32];
    if (n < 2 || n >= sizeof low || memchr(s, ' ', n) || !ns_pg_name_like(s, n, 0))
        return 0;
    for (size_t k = 0; k < n; k++)
        low[k] = (s[k] >= 'A' && s[k] <= 'Z') ? (char)(s[k] + 32) : s[k];
    return !in_list(low, n, not_first) && !in_list(low, n, months) && !in_list(low, n, weekdays) &&
           !in_list(low, n, date_glue);
}

/* Case-insensitive search of the lower-case p in s[0..n). */
static size_t ci_find(const char *s, size_t n, const char *p)
{
    size_t pl = strlen(p);
    if (pl == 0 || pl > n)
        return (size_t)-1;
    char c0 = p[0], u0 = (c0 >= 'a' && c0 <= 'z') ? (char)(c0 - 32) : c0;
    for (size_t i = 0; i + pl <= n; i++) {
        if (s[i] != c0 && s[i] != u0)
            continue;
        size_t k = 1;
        while (k < pl && (char)(s[i + k] | ((s[i + k] >= 'A' && s[i + k] <= 'Z') ? 32 : 0)) == p[k])
            k++;
        if (k == pl)
            return i;
    }
    return (size_t)-1;
}

static const char *const says_verbs[] = {" says:",    " said:",      " wrote:",           " writes:",
                                         " replied:", " commented:", " responded:",       " said...",
                                         " says...",  " wrote...",   " said\xE2\x80\xA6", " says",
                                         " said",     " wrote",      " writes",           NULL};

size_t ns_pg_strip_says(const char *s, size_t n)
{
    size_t a = 0, b = n;
    ns_pg_trim(s, &a, &b);
    if (a != 0)
        return n;
    for (const char *const *v = says_verbs; *v; v++) {
        size_t vl = strlen(*v);
        if (b >= vl && ci_find(s + b - vl, vl, *v) == 0) {
            size_t e = b - vl, z = 0;
            ns_pg_trim(s, &z, &e);
            return e;
        }
    }
    if (b > 0 && s[b - 1] == ':') {
        size_t e = b - 1, z = 0;
        ns_pg_trim(s, &z, &e);
        return e;
    }
    return n;
}

/* "Name on June 5, 2017 at 3:12 pm" → length of "Name" when the rest is a
 * date; else n. */
static size_t strip_on_date(const char *s, size_t n)
{
    size_t p = ci_find(s, n, " on ");
    if (p != (size_t)-1 && p > 0 && ns_pg_is_date(s + p + 4, n - p - 4))
        return p;
    p = ci_find(s, n, " at ");
    if (p != (size_t)-1 && p > 0 && ns_pg_is_date(s + p + 4, n - p - 4))
        return p;
    return n;
}

struct date_seen {
    int date;
};

static int piece_date_cb(const char *s, size_t n, void *ctx)
{
    struct date_seen *d = ctx;
    if (ns_pg_is_date(s, n))
        d->date = 1;
    return boiler_piece(s, n);
}

/* The rest of an author line: furniture with at least one date in it. */
static int dated_rest(const char *s, size_t n)
{
    size_t a = 0, b = n;
    ns_pg_trim(s, &a, &b);
    if (b <= a)
        return 0;
    struct date_seen d = {0};
    int count;
    if (!split_pieces(s + a, b - a, piece_date_cb, &d, &count))
        return 0;
    return d.date;
}

int ns_pg_has_date(const char *s, size_t n)
{
    if (n > PG_MAX)
        return 0;
    if (ns_pg_is_date(s, n))
        return 1;
    struct date_seen d = {0};
    int count;
    split_pieces(s, n, piece_date_cb, &d, &count);
    return d.date;
}

/* One piece of a place: at most three capitalised words, no digits. */
static int place_piece(const char *s, size_t n)
{
    if (n == 0 || n > 40 || !(s[0] >= 'A' && s[0] <= 'Z') || words_of(s, n) > 3)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (is_digit(s[i]))
            return 0;
    return ns_pg_name_like(s, n, 0);
}

/* How many comma-separated places (three at most) start s[0..n); *rest
 * is where the first piece that is not one starts (past n when all are). */
static size_t places(const char *s, size_t n, size_t *rest)
{
    size_t a = 0, count = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != ',')
            continue;
        size_t x = a, y = i;
        ns_pg_trim(s, &x, &y);
        if (count == 3 || !place_piece(s + x, y - x))
            break;
        count++;
        a = i + 1;
    }
    *rest = a;
    return count;
}

int ns_pg_place_like(const char *s, size_t n)
{
    size_t rest;
    return places(s, n, &rest) > 0 && rest > n;
}

/* The dash that ends a wire dateline, at s[i]: " - ", " -- ", " — ",
 * " – " or an em dash without spaces; its length, else 0. */
static size_t dateline_dash(const char *s, size_t n, size_t i)
{
    static const char *const dashes[] = {" - ",          " -- ", " \xE2\x80\x94 ", " \xE2\x80\x93 ",
                                         "\xE2\x80\x94", NULL};
    for (const char *const *d = dashes; *d; d++) {
        size_t dl = strlen(*d);
        if (n - i >= dl && !memcmp(s + i, *d, dl))
            return dl;
    }
    return 0;
}

size_t ns_pg_dateline(const char *s, size_t n)
{
    /* the place: one to four words in capitals, three letters at least */
    size_t i = 0, letters = 0, words = 0;
    while (i < n && words < 5) {
        size_t w = i;
        while (i < n && ((s[i] >= 'A' && s[i] <= 'Z') || s[i] == '.' || s[i] == '\'' || s[i] == '-'))
            letters += s[i] >= 'A' && s[i] <= 'Z', i++;
        if (i == w || (i < n && s[i] != ' ' && s[i] != ','))
            return 0;
        words++;
        if (i < n && s[i] == ' ' && i + 1 < n && s[i + 1] >= 'A' && s[i + 1] <= 'Z' &&
            !dateline_dash(s, n, i))
            i++;
        else
            break;
    }
    if (letters < 3 || words > 4)
        return 0;
    /* the place ends at a comma, an agency in brackets or the dash */
    if (i < n && s[i] != ',' && !(s[i] == ' ' && i + 1 < n && s[i + 1] == '(') && !dateline_dash(s, n, i))
        return 0;
    /* then ", March 25", ", Calif., March 25", " (Reuters)": a few words
     * without a sentence, to the dash */
    size_t rest = i, rest_words = 0;
    int sure = 0; /* a figure before the dash, or a lower-case letter after it */
    for (; i < n && i < 80; i++) {
        size_t dl = dateline_dash(s, n, i);
        if (dl) { /* a date or a sentence: not a headline in capitals */
            for (size_t k = i + dl; k < n && !sure; k++)
                sure = s[k] >= 'a' && s[k] <= 'z';
            return sure ? i + dl : 0;
        }
        sure |= is_digit(s[i]);
        if (s[i] == ' ')
            rest_words++;
        if (rest_words > 6 || s[i] == '!' || s[i] == '?' || s[i] == ';' || s[i] == '"' ||
            (s[i] >= 'a' && s[i] <= 'z' && i > rest && s[i - 1] == ' '))
            return 0; /* a lower-case word: a sentence, not a dateline */
    }
    return 0;
}

/* "London, United Kingdom, 3 hours ago": places, then a date (the rest of
 * "Karen, London, United Kingdom, 3 hours ago"). */
static int places_then_date(const char *s, size_t n)
{
    size_t rest;
    return places(s, n, &rest) > 0 && rest <= n && ns_pg_is_date(s + rest, n - rest);
}

/* Where a date that runs to the end of s[0..n) starts within its first
 * nl bytes ("Mike Ferraro March 3, 2026 at 9:12 pm" cut at the first ','
 * gives "Mike Ferraro March 3"): the name's length without it, else nl. */
static size_t before_date(const char *s, size_t nl, size_t n)
{
    for (size_t k = 1; k < nl; k++)
        if (s[k] == ' ' && s[k - 1] != ' ' && ns_pg_is_date(s + k + 1, n - k - 1))
            return k;
    return nl;
}

int ns_pg_author_line(const char *s, size_t n, size_t *name_len, size_t *text_at)
{
    if (n == 0 || n > PG_MAX * 4)
        return 0;
    /* a line that ends a sentence is not a name line ("Jr." aside) */
    if (s[n - 1] == '!' || s[n - 1] == '?' || s[n - 1] == '"' ||
        (s[n - 1] == '.' && !(n >= 4 && s[n - 4] == ' ')))
        if (n > 160 || (ci_find(s, n < 160 ? n : 160, ":") == (size_t)-1 && ns_pg_strip_says(s, n) == n))
            return 0;
    size_t lim = n < 160 ? n : 160;
    /* "Name says:" / "Name said: text" */
    for (const char *const *v = says_verbs; *v; v++) {
        size_t p = ci_find(s, lim, *v);
        if (p == (size_t)-1 || p == 0)
            continue;
        size_t vl = strlen(*v), after = p + vl;
        int colon = (*v)[vl - 1] == ':';
        if (!colon) {
            size_t x = after, y = n;
            ns_pg_trim(s, &x, &y);
            if (y > x && s[y - 1] == ':')
                y--;
            /* "Trump says the..." is a sentence; "Jane wrote on 11/14/2006 10:02 PM:" is not */
            if (x != y && !(y - x > 3 && (ci_find(s + x, 3, "on ") == 0 || ci_find(s + x, 3, "at ") == 0) &&
                            ns_pg_is_date(s + x + 3, y - x - 3))) {
                continue;
            }
            if (x != y) {
                size_t nl = strip_on_date(s, p);
                if (!ns_pg_name_like(s, nl, 0))
                    continue;
                *name_len = nl;
                *text_at = n;
                return 1;
            }
        }
        size_t nl = strip_on_date(s, p);
        size_t x = after, y = n;
        ns_pg_trim(s, &x, &y);
        /* "Jane says: text" needs a real name: "As the coach said: we won" is prose */
        if (!ns_pg_name_like(s, nl, x < y))
            continue;
        /* 'Ponomarev said: "It is far too premature ..."' reports a speech */
        if (x < y && ci_find(*v, vl, "said") != (size_t)-1 &&
            (s[x] == '"' || (y - x >= 3 && (unsigned char)s[x] == 0xE2 && (unsigned char)s[x + 1] == 0x80 &&
                             (unsigned char)s[x + 2] == 0x9C)))
            continue;
        *name_len = nl;
        /* "Jane says: June 5, 2017 at 3:12 pm" has no text on the line */
        *text_at = (x < y && !ns_pg_is_boiler(s + x, y - x)) ? x : n;
        return 1;
    }
    /* "Jane Doe (March 3, 2019): text" */
    const char *par = memchr(s, '(', n < 64 ? n : 64);
    if (par && par > s) {
        size_t po = (size_t)(par - s);
        const char *cl = memchr(par, ')', n - po);
        if (cl && ns_pg_is_date(par + 1, (size_t)(cl - par) - 1)) {
            size_t after = (size_t)(cl - s) + 1, x, y = n;
            if (after < n && s[after] == ':')
                after++;
            x = after;
            ns_pg_trim(s, &x, &y);
            size_t nl = po, z = 0;
            ns_pg_trim(s, &z, &nl);
            if (ns_pg_name_like(s, nl, x < y)) {
                *name_len = nl;
                *text_at = x < y ? x : n;
                return 1;
            }
        }
    }
    if (n > PG_MAX)
        return 0;
    /* "Name on June 5, 2017 at 3:12 pm" */
    size_t od = strip_on_date(s, n);
    if (od < n && ns_pg_name_like(s, od, 0) &&
        words_of(s, od) <= 4) { /* not "TALKS TO CONTINUE ON SATURDAY" */
        *name_len = od;
        *text_at = n;
        return 1;
    }
    /* "Name · 2 hours ago", "Name | June 5, 2017 · Reply" */
    for (size_t i = 1; i < n; i++) {
        const unsigned char *u = (const unsigned char *)s + i;
        size_t r = n - i, sl = 0;
        if (r >= 2 && u[0] == 0xC2 && u[1] == 0xB7)
            sl = 2;
        else if (r >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xA2 || u[2] == 0x93 || u[2] == 0x94))
            sl = 3;
        else if (u[0] == '|' || u[0] == ',')
            sl = 1;
        else if (u[0] == '-' && s[i - 1] == ' ' && r >= 2 && s[i + 1] == ' ')
            sl = 1;
        else if (u[0] == '\t' || (u[0] == ' ' && r >= 2 && u[1] == ' ')) /* "Name<TAB>2 days ago" */
            while (sl < r && (u[sl] == ' ' || u[sl] == '\t'))
                sl++;
        if (sl == 0)
            continue;
        size_t nl = i;
        size_t z = 0;
        ns_pg_trim(s, &z, &nl);
        const char *rest = s + i + sl;
        size_t rn = n - i - sl;
        int dated = dated_rest(rest, rn) || (u[0] == ',' && places_then_date(rest, rn));
        if (dated)
            nl = before_date(s, nl, n);
        if (dated && ns_pg_name_like(s, nl, 0)) {
            *name_len = nl;
            *text_at = n;
            return 1;
        }
        break; /* only the first separator can end the name */
    }
    /* "Jane Doe 3 days ago": a capitalised name, then a date */
    int datey = 0;
    for (size_t i = 0; i < n && !datey; i++)
        datey = is_digit(s[i]);
    if (!datey)
        datey = ci_find(s, n, "ago") != (size_t)-1 || ci_find(s, n, "yesterday") != (size_t)-1 ||
                ci_find(s, n, "today") != (size_t)-1 || ci_find(s, n, "now") != (size_t)-1;
    if (!datey)
        return 0;
    size_t words = 0;
    for (size_t i = 1; i < n && words < 5; i++) {
        if (s[i] != ' ')
            continue;
        words++;
        /* "jane_d 3 hours ago | parent | next [–]", "jane 12 points 3 hours ago" */
        if ((ns_pg_is_date(s + i, n - i) || dated_rest(s + i, n - i) || counted_date(s + i, n - i)) &&
            (ns_pg_name_like(s, i, 1) || (words == 1 && handle_like(s, i)))) {
            *name_len = i;
            *text_at = n;
            return 1;
        }
    }
    return 0;
}

/* Where the separator that ends at s[y] starts (not before lo), or
 * SIZE_MAX when none ends there. */
static size_t separator_ending(const char *s, size_t lo, size_t y)
{
    for (size_t k = y > lo + 3 ? y - 3 : lo; k < y; k++)
        if (separator_at(s, y, k) == y - k)
            return k;
    return SIZE_MAX;
}

size_t ns_pg_degree_suffix(const char *s, size_t n)
{
    static const char *const degrees[] = {" 1st", " 2nd", " 3rd", " 3rd+", NULL};
    for (const char *const *dg = degrees; *dg; dg++) {
        size_t dl = strlen(*dg);
        if (n <= dl + 4 || memcmp(s + n - dl, *dg, dl))
            continue;
        /* after a separator: "Henry the 3rd" is a name */
        return separator_ending(s, 0, n - dl) != SIZE_MAX ? dl - 1 : 0;
    }
    return 0;
}

/* Cuts what is not the name off an author: a number ("1. Jane", "#12
 * Jane") before it, the person replied to ("Jane → Bob", "Jane ▸ Bob")
 * after it.  Scraped text often loses the reply arrow's icon and keeps the
 * gap around it (Disqus: "Tom B  Sarah K • an hour ago"), so a run of two
 * spaces or a tab between two names counts as an arrow too. */
void ns_pg_clean_author(const char *s, size_t *start, size_t *end)
{
    size_t a = *start, e = *end, i = a;
    if (e - a > 2 && s[a] == '[') { /* "[–]jane": a collapse toggle */
        const char *cb = memchr(s + a, ']', e - a < 8 ? e - a : 8);
        if (cb && (size_t)(cb - s) + 1 < e) {
            a = (size_t)(cb - s) + 1;
            ns_pg_trim(s, &a, &e);
            i = a;
        }
    }
    int hash = i < e && s[i] == '#';
    i += hash;
    size_t d = i;
    while (i < e && i - d < 4 && is_digit(s[i]))
        i++;
    if (i > d && i < e && (s[i] == '.' || s[i] == ')' || (hash && s[i] == ' '))) {
        size_t j = i + (s[i] != ' ');
        if (j < e && ns_pg_space_at(s + j, e - j) > 0) {
            ns_pg_trim(s, &j, &e);
            if (j < e)
                a = j;
        }
    }
    static const char *const arrows[] = {
        "\xE2\x86\x92", /* → */
        "\xE2\x96\xB8", /* ▸ */
        "\xE2\x96\xBA", /* ► */
        "\xE2\x96\xB6", /* ▶ */
        "\xE2\x86\xAA", /* ↪ */
        "\xE2\x9E\xA4", /* ➤ */
        "\xC2\xBB",     /* » */
        " > ",          /* > */
        "  ",           /* an icon lost in scraping */
        "\t",           /* the same */
        NULL,
    };
    for (size_t k = a + 1; k < e; k++)
        for (const char *const *ar = arrows; *ar; ar++) {
            size_t al = strlen(*ar);
            if (k + al <= e && !memcmp(s + k, *ar, al)) {
                size_t x = a, y = k;
                ns_pg_trim(s, &x, &y);
                if (y > x) {
                    *start = x;
                    *end = y;
                    return;
                }
            }
        }
    /* "Kiwi in Berlin @kiwi_berlin" (X): the name, not the handle too */
    for (size_t k = e; k-- > a + 1;) {
        if (s[k] == ' ')
            break;
        if (s[k] == '@' && s[k - 1] == ' ' && k + 1 < e) {
            size_t x = a, y = k;
            ns_pg_trim(s, &x, &y);
            if (y > x)
                e = y;
            break;
        }
    }
    /* "James O'Neill • 3rd+" (LinkedIn): the connection's degree and its
     * separator are no part of the name */
    size_t dl = ns_pg_degree_suffix(s + a, e - a);
    if (dl) {
        size_t x = a, y = e - dl;
        ns_pg_trim(s, &x, &y);
        size_t k = separator_ending(s, x, y);
        if (k != SIZE_MAX)
            y = k;
        ns_pg_trim(s, &x, &y);
        if (y > x)
            e = y;
    }
    *start = a;
    *end = e;
}

/* A heading over links to other stories: "Related", "Read more:", "Also on
 * Site", "More from Site", "You may also like". */
int ns_pg_is_related_heading(const char *s, size_t n)
{
    char buf[PG_MAX + 1];
    if (n > 80)
        return 0;
    size_t L = norm(s, n, buf, sizeof buf);
    L = strip_tail(buf, L);
    if (L == 0)
        return 0;
    static const char *const whole[] = {"related",
                                        "related posts",
                                        "related articles",
                                        "related stories",
                                        "related content",
                                        "related coverage",
                                        "related links",
                                        "related news",
                                        "related reading",
                                        "related topics",
                                        "media contact",
                                        "media contacts",
                                        "press contact",
                                        "press contacts",
                                        "for more information",
                                        "topics",
                                        "tags",
                                        "more about",
                                        "explore more on these topics",
                                        "read more",
                                        "read next",
                                        "read also",
                                        "also read",
                                        "see also",
                                        "more stories",
                                        "more news",
                                        "more like this",
                                        "more on this story",
                                        "further reading",
                                        "you may also like",
                                        "you might also like",
                                        "you may have missed",
                                        "recommended",
                                        "recommended for you",
                                        "recommended stories",
                                        "most read",
                                        "most popular",
                                        "most viewed",
                                        "popular now",
                                        "trending",
                                        "trending now",
                                        "top stories",
                                        "latest news",
                                        "latest stories",
                                        "editor's picks",
                                        "editors' picks",
                                        "around the web",
                                        "from the web",
                                        "in other news",
                                        "don't miss",
                                        NULL};
    if (in_list(buf, L, whole))
        return 1;
    static const char *const pre[] = {"also on ", "more from ", "more in ", "more on ", "related: ", NULL};
    for (const char *const *p = pre; *p; p++)
        if (starts(buf, L, *p) && words_of(buf, L) <= 6)
            return 1;
    return 0;
}

/* -------------------------------------------------------------- bylines */

int ns_pg_is_gate(const char *s, size_t n)
{
    /* a consent wall: "we use cookies", or cookies (or your data) and a
     * choice to make */
    if (ci_find(s, n, "we use cookies") != (size_t)-1 || ci_find(s, n, "site uses cookies") != (size_t)-1)
        return 1;
    if ((ci_find(s, n, "cookie") != (size_t)-1 || ci_find(s, n, "your data") != (size_t)-1) &&
        (ci_find(s, n, "accept") != (size_t)-1 || ci_find(s, n, "consent") != (size_t)-1 ||
         ci_find(s, n, "partners") != (size_t)-1 || ci_find(s, n, "reject") != (size_t)-1 ||
         ci_find(s, n, "manage") != (size_t)-1))
        return 1;
    /* a paywall or a sign-in wall */
    static const char *const walls[] = {"subscribe to continue",
                                        "subscribe to read",
                                        "to continue reading",
                                        "already a subscriber",
                                        "already subscribed",
                                        "sign in to continue",
                                        "log in to continue",
                                        "enable javascript",
                                        "javascript is disabled",
                                        "you have reached your limit",
                                        "free articles",
                                        "are you a robot",
                                        "verify you are human",
                                        "checking your browser",
                                        "browser will redirect",
                                        "ddos protection",
                                        "cloudflare ray id",
                                        "access denied",
                                        "have permission to access",
                                        NULL};
    for (const char *const *w = walls; *w; w++)
        if (ci_find(s, n, *w) != (size_t)-1)
            return 1;
    return 0;
}

int ns_pg_author_bio(const char *s, size_t n)
{
    if (n > 400)
        return 0;
    size_t is = ci_find(s, n < 60 ? n : 60, " is ");
    if (is == (size_t)-1 || is == 0 || words_of(s, is) > 4 || !ns_pg_name_like(s, is, 1))
        return 0;
    static const char *const roles[] = {"reporter",   "correspondent", "editor",      "writer",
                                        "journalist", "columnist",     "contributor", "producer",
                                        "freelance",  "staff writer",  NULL};
    for (const char *const *r = roles; *r; r++)
        if (ci_find(s + is, n - is, *r) != (size_t)-1)
            return 1;
    return 0;
}

/* "Jane Doe, Political Correspondent": a name, a comma and a writer's
 * role, ending no sentence. */
static int name_and_role(const char *s, size_t n)
{
    static const char *const roles[] = {"correspondent", "editor",     "reporter",    "writer",
                                        "columnist",     "journalist", "contributor", "producer",
                                        "analyst",       "critic",     NULL};
    const char *comma = memchr(s, ',', n);
    if (!comma || n > 80 || ns_pg_ends_sentence(s, n) || !memchr(s, ' ', (size_t)(comma - s)) ||
        !ns_pg_name_like(s, (size_t)(comma - s), 1))
        return 0; /* a full name: "Storms, floods and the editor" is none */
    size_t w = n;
    while (w > 0 && s[w - 1] != ' ' && s[w - 1] != ',')
        w--;
    char last[16];
    size_t ln = n - w;
    if (ln == 0 || ln >= sizeof last)
        return 0;
    for (size_t k = 0; k < ln; k++)
        last[k] = (char)(s[w + k] | 32);
    last[ln] = 0;
    for (const char *const *r = roles; *r; r++)
        if (!strcmp(last, *r))
            return 1;
    return 0;
}

int ns_pg_is_byline(const char *s, size_t n)
{
    char buf[PG_MAX + 1];
    if (n > 160)
        return 0;
    if (name_and_role(s, n))
        return 1;
    size_t L = norm(s, n, buf, sizeof buf);
    if (L == 0 || buf[L - 1] == '.' || buf[L - 1] == '?' || buf[L - 1] == '!')
        return 0;
    if (starts(buf, L, "by ") && L > 3) {
        size_t a = 0, b = n;
        ns_pg_trim(s, &a, &b);
        unsigned char c = (unsigned char)s[a + 3];
        int words = 0;
        for (size_t i = 0; i < L; i++)
            words += buf[i] == ' ';
        return words <= 10 && ((c >= 'A' && c <= 'Z') || c >= 0x80 || c == '@');
    }
    static const char *const pre[] = {
        "posted by ", "written by ", "words by ", "story by ",    "reporting by ", "photo by ",
        "photo:",     "image:",      "credit:",   "reviewed by ", "edited by ",    NULL};
    for (const char *const *p = pre; *p; p++)
        if (starts(buf, L, *p))
            return 1;
    /* a time stamp's words, with a figure in the two words after them
     * ("Updated at 10:17 p.m. ET", "submitted 7 hours ago by ...") or
     * short ("Posted in Politics"); a long line without one is a headline
     * flagged as updated ("UPDATED Regime air raids kill 42 near Syria
     * capital New toll") */
    static const char *const stamp[] = {"posted on ",      "published ", "updated ",   "last updated",
                                        "posted:",         "published:", "updated:",   "posted at ",
                                        "first published", "posted ",    "submitted ", NULL};
    for (const char *const *p = stamp; *p; p++) {
        size_t pl = strlen(*p);
        if (!starts(buf, L, *p))
            continue;
        size_t i = pl, seen = 0;
        while (i < L && buf[i] == ' ')
            i++;
        for (; i < L && seen < 2; i++) {
            seen += buf[i] == ' ';
            if (is_digit(buf[i]))
                return 1;
        }
        return words_of(buf, L) <= 6;
    }
    return 0;
}
