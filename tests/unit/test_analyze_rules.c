/* test_analyze_rules.c — the rule-based analyzers: sourcing (quotes,
 * speakers, cited outlets and people, vague attributions), headline markers,
 * and the site reputation lists.
 *
 * Data is read from the repository (models/) and from ../shared next to it;
 * NS_TEST_ROOT names the repository root (tests/run-all sets it; "." when
 * unset). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyze/markers.h"
#include "analyze/sources.h"
#include "analyze/sourcing.h"
#include "repo_files.h"

/* ------------------------------------------------------------- helpers */

/* Paragraphs: the text split at blank lines, trimmed. */
static size_t split_paras(const char *t, size_t n, ns_span *out, size_t max)
{
    size_t np = 0, i = 0;
    while (i < n && np < max) {
        while (i < n && (t[i] == '\n' || t[i] == ' ' || t[i] == '\r'))
            i++;
        size_t s = i;
        while (i < n && !(t[i] == '\n' && i + 1 < n && t[i + 1] == '\n'))
            i++;
        size_t e = i;
        while (e > s && (t[e - 1] == '\n' || t[e - 1] == ' ' || t[e - 1] == '\r'))
            e--;
        if (e > s)
            out[np++] = (ns_span){(uint32_t)s, (uint32_t)e};
    }
    return np;
}

static ns_span span_of(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    if (!p)
        fail_msg("not in text: %s", needle);
    return (ns_span){(uint32_t)(p - text), (uint32_t)(p - text + strlen(needle))};
}

static ns_outlets *gaz;
static ns_bait *bait;

static int setup_data(void **state __attribute__((unused)))
{
    ns_error err = {0};
    if (ns_outlets_load(&gaz, path_of("models/outlets.tsv"), &err) ||
        ns_bait_load(&bait, path_of("models/bait-phrases.txt"), &err)) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static int teardown_data(void **state __attribute__((unused)))
{
    ns_outlets_free(gaz);
    ns_bait_free(bait);
    return 0;
}

/* Runs sourcing over text split into paragraphs (all of them). */
static void sourcing_of(const char *text, ns_sourcing *s)
{
    ns_span paras[256];
    size_t np = split_paras(text, strlen(text), paras, 256);
    ns_error err = {0};
    assert_int_equal(ns_sourcing_find(text, strlen(text), paras, np, gaz, s, &err), NS_OK);
}

static const ns_cited *cited_at(const ns_sourcing *s, ns_span sp)
{
    for (size_t i = 0; i < s->n_cited; i++)
        if (s->cited[i].span.start == sp.start && s->cited[i].span.end == sp.end)
            return &s->cited[i];
    return NULL;
}

static const ns_quote *quote_starting(const ns_sourcing *s, const char *text, const char *start)
{
    for (size_t i = 0; i < s->n_quotes; i++)
        if (!strncmp(text + s->quotes[i].span.start, start, strlen(start)))
            return &s->quotes[i];
    return NULL;
}

/* ---------------------------------------------------- the example page */

static void test_example_sourcing(void **state __attribute__((unused)))
{
    size_t len;
    char *text = read_all(path_of("../shared/examples/syria-page.txt"), &len);
    ns_span paras[128];
    size_t np = split_paras(text, len, paras, 128);
    assert_true(np > 10);
    ns_sourcing s;
    ns_error err = {0};
    /* the first paragraph is the title */
    assert_int_equal(ns_sourcing_find(text, len, paras + 1, np - 1, gaz, &s, &err), NS_OK);

    /* the quote, without its marks, and its speaker */
    const char *qs = "The Iranians are the ones promoting their movement towards al-Tanf";
    const ns_quote *q = quote_starting(&s, text, qs);
    assert_non_null(q);
    ns_span want = span_of(text, qs);
    const char *close = strstr(text, "coalition,\xE2\x80\x9D");
    assert_non_null(close);
    assert_int_equal(q->span.start, want.start);
    assert_int_equal(q->span.end, (uint32_t)(close - text) + strlen("coalition,"));
    assert_memory_equal(text + q->span.start - 3, "\xE2\x80\x9C", 3);
    assert_true(q->has_speaker);
    assert_string_equal(q->speaker, "Mozahem al-Saloum");
    ns_span sp = span_of(text, "Mozahem al-Saloum");
    assert_int_equal(q->speaker_span.start, sp.start);
    assert_int_equal(q->speaker_span.end, sp.end);

    /* The Telegraph, twice: "The Telegraph reports:" and "told the Telegraph" */
    ns_span t1 = span_of(text, "The Telegraph reports");
    t1.end = t1.start + 13;
    ns_span t2 = span_of(text, "told the Telegraph");
    t2.start += 5;
    const ns_cited *c1 = cited_at(&s, t1), *c2 = cited_at(&s, t2);
    assert_non_null(c1);
    assert_non_null(c2);
    assert_string_equal(c1->name, "The Telegraph");
    assert_string_equal(c1->kind, "outlet");
    assert_string_equal(c2->name, "The Telegraph");
    assert_string_equal(c2->kind, "outlet");
    /* the spokesman, a person */
    const ns_cited *c3 = cited_at(&s, sp);
    assert_non_null(c3);
    assert_string_equal(c3->kind, "person");
    size_t outlets = 0;
    for (size_t i = 0; i < s.n_cited; i++)
        outlets += !strcmp(s.cited[i].kind, "outlet") || !strcmp(s.cited[i].kind, "agency");
    assert_int_equal(outlets, 2);

    /* vague attributions with their exact spans */
    ns_span v1 = span_of(text, "According to reports"), v2 = span_of(text, "It looks like");
    int f1 = 0, f2 = 0;
    for (size_t i = 0; i < s.n_vague; i++) {
        if (s.vague[i].span.start == v1.start && s.vague[i].span.end == v1.end)
            f1 = 1, assert_string_equal(s.vague[i].text, "According to reports");
        if (s.vague[i].span.start == v2.start && s.vague[i].span.end == v2.end)
            f2 = 1, assert_string_equal(s.vague[i].text, "It looks like");
    }
    assert_true(f1);
    assert_true(f2);
    /* results are in text order */
    for (size_t i = 1; i < s.n_vague; i++)
        assert_true(s.vague[i - 1].span.start < s.vague[i].span.start);
    for (size_t i = 1; i < s.n_cited; i++)
        assert_true(s.cited[i - 1].span.start <= s.cited[i].span.start);
    ns_sourcing_free(&s);

    /* the title: US and UK are acronyms, nothing shouts */
    ns_marker *m;
    size_t n;
    assert_int_equal(ns_headline_markers(text, len, paras[0], bait, &m, &n, &err), NS_OK);
    for (size_t i = 0; i < n; i++)
        assert_string_not_equal(m[i].kind, "all_caps");
    free(m);
    free(text);
}

/* ------------------------------------------------------------- sourcing */

static void test_speaker_patterns(void **state __attribute__((unused)))
{
    const char *text =
        "LONDON (Reuters) - Prices rose sharply on Monday, Reuters reported.\n\n"
        "\"We will not back down from this fight,\" said John Smith, a spokesman for the group.\n\n"
        "Jane Doe said: \"The numbers simply do not add up at all.\"\n\n"
        "\xE2\x80\x9CThis is a very serious situation for everyone,\xE2\x80\x9D he said.\n\n"
        "Mr. Brown told the BBC: \xE2\x80\x9CNobody expected the result to be this close.\xE2\x80\x9D\n\n"
        "\xE2\x80\x9C"
        "All the goodies will be in place by June,\xE2\x80\x9D Morgan Grenfell economist "
        "Stephen Bell said.\n\n"
        "\xE2\x80\x9CI don't know what you mean by that,\xE2\x80\x9D Smith, who has worked there since "
        "1999, told reporters.\n\n"
        "\xE2\x80\x98This is a single quoted statement here,\xE2\x80\x99 said Osama bin Laden.\n\n"
        "\"Too short,\" she said.\n\n"
        "Biden said:\n\n"
        "\xE2\x80\x9CThis is a guy who said it was good business.\xE2\x80\x9D\n\n"
        "\"We needed a new approach here,\" DeLeo says. \"This will give people more options.\"\n\n"
        "\"We promised residents we would act,\" said council leader Priya Shah.\n\n"
        "\"People have waited long enough for this,\" said the mayor, Sarah Lund.\n\n"
        "\"We will vote against the plan tonight,\" said Labour leader Keir Starmer.\n\n"
        "\"The repairs will take the whole summer,\" said the mayor on Tuesday.\n\n"
        "\"I have lived here for forty years,\" said one man who lives nearby.\n\n"
        "\"It is the Brazil business that is doing it,\" said ING analyst Gerard Rijk of Inbev's results.\n\n"
        "\"There is too much disagreement here,\" said one U.K. merchant bank trader.\n\n"
        "The minister, Sarah Lund, said: \"We will not move the date.\"\n\n"
        "Euronext said any offer would be in cash, but added that: \"There can be no assurances.\"\n\n"
        "\"We are interested in bidding,\" said Paris-based Euronext.\n\n"
        "Note continued: 1986 qtr excludes extraordinary loss of 3.6 mln dlrs.\n\n"
        "\"I welcome the words of Mr Snow,\" said Joaquin Almunia, \"but we will need to see decisions.\" "
        "Economists point out that whatever Europe says, the dollar will fall.\n\n"
        "\"What we propose is a civic commons,\" Jane Davies, senior research fellow at the IPPR told the BBC.\n\n"
        "Natsuo Okada of Sumitomo Bank in New York warned, \"The dollar has not bottomed out yet.\"\n\n"
        "\"We will hold rates for now,\" the Bank of England said.\n\n"
        "\"We have had the tapes for years,\" Nogar's son Stephen, 57, said. \"And we could use the money.\"\n\n"
        "\"They have shown great talent,\" Film-maker Spike Lee said.\n\n"
        "\"A commons is what we want,\" Will Davies, senior fellow at the IPPR told the BBC.\n";
    ns_sourcing s;
    sourcing_of(text, &s);
    struct {
        const char *quote, *speaker;
    } want[] = {
        {"We will not back down", "John Smith"},
        {"The numbers simply", "Jane Doe"},
        {"This is a very serious", NULL},
        {"Nobody expected", "Mr. Brown"},
        {"All the goodies", "Stephen Bell"},
        {"I don't know", "Smith"},
        {"This is a single", "Osama bin Laden"},
        {"This is a guy", "Biden"}, /* announced by the paragraph before */
        {"We needed a new", "DeLeo"},
        {"This will give people", "DeLeo"}, /* the same speaker goes on */
        {"We promised residents", "Priya Shah"},  /* said ROLE NAME */
        {"People have waited", "Sarah Lund"},     /* said the ROLE, NAME */
        {"We will vote against", "Keir Starmer"}, /* not "Labour" */
        {"The repairs will take", NULL},          /* a role, then no name */
        {"I have lived here", NULL},
        {"It is the Brazil", "Gerard Rijk"}, /* not "ING" */
        {"There is too much", NULL},         /* not "U.K" */
        {"We will not move", "Sarah Lund"},  /* the ROLE, NAME, said: */
        {"There can be no", "Euronext"},     /* NAME said ..., but added that: */
        {"We are interested", "Euronext"},   /* not "Paris-based Euronext" */
        {"I welcome the words", "Joaquin Almunia"},
        {"but we will need", "Joaquin Almunia"}, /* not "whatever Europe says" after it */
        {"What we propose", "Jane Davies"},      /* NAME, ROLE at the ORG told: not "IPPR" */
        {"The dollar has not", "Natsuo Okada"},  /* not "... of Sumitomo Bank" nor "New York" */
        {"We will hold rates", "Bank of England"},
        {"We have had the tapes", "Stephen"},
        {"And we could use", "Stephen"}, /* the same speaker goes on past an age */
        {"They have shown great", "Spike Lee"}, /* a job before the name is not the name */
        {"A commons is what", "Will Davies"},  /* "Will" a first name, not the modal */
    };
    assert_int_equal(s.n_quotes, sizeof want / sizeof *want); /* "Too short" has 2 words */
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const ns_quote *q = quote_starting(&s, text, want[i].quote);
        if (!q)
            fail_msg("quote not found: %s", want[i].quote);
        if (!want[i].speaker) {
            assert_false(q->has_speaker);
            assert_null(q->speaker);
            continue;
        }
        assert_true(q->has_speaker);
        assert_string_equal(q->speaker, want[i].speaker);
        assert_int_equal(q->speaker_span.end - q->speaker_span.start, strlen(want[i].speaker));
        assert_memory_equal(text + q->speaker_span.start, want[i].speaker, strlen(want[i].speaker));
    }
    /* (Reuters), Reuters reported, told the BBC */
    ns_span r1 = span_of(text, "Reuters) -");
    r1.end = r1.start + 7;
    ns_span r2 = span_of(text, "Reuters reported");
    r2.end = r2.start + 7;
    ns_span b = span_of(text, "BBC");
    const ns_cited *c;
    assert_non_null(c = cited_at(&s, r1));
    assert_string_equal(c->kind, "agency");
    assert_non_null(c = cited_at(&s, r2));
    assert_string_equal(c->name, "Reuters");
    assert_non_null(c = cited_at(&s, b));
    assert_string_equal(c->kind, "outlet");
    ns_span eu = span_of(text, "Euronext.\n");
    eu.end = eu.start + 8;
    assert_non_null(c = cited_at(&s, eu));
    assert_string_equal(c->kind, "organization"); /* "Paris-based" says so */
    for (size_t i = 0; i < s.n_cited; i++) /* an editor's label, not a speaker */
        assert_string_not_equal(s.cited[i].name, "Note");
    ns_sourcing_free(&s);
}

static void test_cited_outlets_and_people(void **state __attribute__((unused)))
{
    const char *text =
        "The Pentagon said it was reviewing the claims, according to The New York Times.\n\n"
        "The Washington Post's Jane Roe wrote that it was over. In an interview with CNN, the "
        "minister denied it.\n\n"
        "CNN is terrible and the Guardian is a paper. Hill said nothing. The Hill reported it.\n\n"
        "She read the telegraph in bed. Most Gibraltarians said no. According to Dr. Ahmed Khan, "
        "it spreads.\n\n"
        "Data from telegraph.co.uk, as the Telegraph reported, was wrong.\n\n"
        "The BBC\xE2\x80\x99s Nick Robinson said so. Fox News host Sean Hannity agreed, and an "
        "Associated Press photographer saw it. He watched BBC's coverage.\n";
    ns_sourcing s;
    sourcing_of(text, &s);
    const ns_cited *c;
    /* an acronym's possessive ("BBC’s", small s), and the outlet's people
     * by their role (host, photographer) */
    ns_span bbc = span_of(text, "BBC\xE2\x80\x99s Nick");
    bbc.end = bbc.start + 3;
    assert_non_null(c = cited_at(&s, bbc));
    assert_string_equal(c->name, "BBC");
    assert_non_null(cited_at(&s, span_of(text, "Fox News")));
    assert_non_null(c = cited_at(&s, span_of(text, "Associated Press")));
    assert_string_equal(c->kind, "agency");
    ns_span sp = span_of(text, "The New York Times");
    assert_non_null(c = cited_at(&s, sp));
    assert_string_equal(c->name, "The New York Times");
    sp = span_of(text, "The Washington Post");
    assert_non_null(c = cited_at(&s, sp)); /* the possessive is not in the span */
    assert_string_equal(c->kind, "outlet");
    sp = span_of(text, "Jane Roe");
    assert_non_null(c = cited_at(&s, sp));
    assert_string_equal(c->kind, "person");
    sp = span_of(text, "CNN, the");
    sp.end = sp.start + 3;
    assert_non_null(cited_at(&s, sp));
    sp = span_of(text, "Pentagon");
    assert_non_null(c = cited_at(&s, sp));
    assert_string_equal(c->kind, "organization");
    sp = span_of(text, "The Hill");
    assert_non_null(c = cited_at(&s, sp));
    assert_string_equal(c->name, "The Hill");
    sp = span_of(text, "Dr. Ahmed Khan");
    assert_non_null(c = cited_at(&s, sp));
    assert_string_equal(c->kind, "person");
    sp = span_of(text, "the Telegraph reported");
    sp.end = sp.start + 13;
    assert_non_null(cited_at(&s, sp));
    /* not cited: CNN without a cue, the Guardian without one, a lower-case
     * telegraph, "Hill said" (a person, not The Hill), plural demonyms */
    for (size_t i = 0; i < s.n_cited; i++) {
        const char *w = text + s.cited[i].span.start;
        assert_false(!strncmp(w, "CNN is", 6));
        assert_false(!strncmp(w, "Guardian", 8));
        assert_false(!strncmp(w, "telegraph in", 12));
        assert_false(!strncmp(w, "Gibraltarians", 13));
        assert_false(!strncmp(w, "BBC's coverage", 14)); /* a possessive without a cue */
        if (!strncmp(w, "Hill said", 9))
            assert_string_equal(s.cited[i].kind, "person");
    }
    ns_sourcing_free(&s);
}

/* "according to" an organisation, or its statement, report or data; an
 * organisation's name joined by "of" or "for"; journals as outlets. */
static void test_according_to_organisations(void **state __attribute__((unused)))
{
    const char *text =
        "According to the Ministry of Foreign Affairs, the talks failed.\n\n"
        "According to data from the Office for National Statistics, prices rose.\n\n"
        "Lending fell, according to figures released by the Bank of England.\n\n"
        "According to a statement from the Pentagon, two drones were shot down.\n\n"
        "According to the US Food and Drug Administration, it is safe. According to the Centers for Disease "
        "Control and Prevention, it is. According to the Pentagon and Congress, it is not.\n\n"
        "A study published in The Lancet found no link.\n\n"
        "According to the report, the deal is off. According to Smith of Reuters, it is not.\n";
    ns_sourcing s;
    sourcing_of(text, &s);
    const char *want[][2] = {{"Ministry of Foreign Affairs", "organization"},
                             {"Office for National Statistics", "organization"},
                             {"Bank of England", "organization"},
                             {"Pentagon", "organization"},
                             {"US Food and Drug Administration", "organization"},
                             {"Centers for Disease Control and Prevention", "organization"},
                             {"Pentagon and", "organization"},
                             {"The Lancet", "outlet"}};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const char *name = want[i][0];
        ns_span sp = span_of(text, name);
        if (!strcmp(name, "Pentagon and"))
            sp = span_of(text, "Pentagon and Congress"), sp.end = sp.start + 8, name = "Pentagon";
        const ns_cited *c = cited_at(&s, sp);
        if (!c)
            fail_msg("not cited: %s", name);
        assert_string_equal(c->name, name);
        assert_string_equal(c->kind, want[i][1]);
    }
    assert_int_equal(s.n_cited, sizeof want / sizeof *want); /* "the report", "Smith of Reuters": none */
    ns_sourcing_free(&s);
}

static void test_person_names(void **state __attribute__((unused)))
{
    const char *text =
        "Former Federal Reserve Chairman Ben Bernanke said rates would rise.\n\n"
        "Democratic Rep. Grier Martin of Raleigh said it was wrong.\n\n"
        "The new health minister for Wales says there are lessons.\n\n"
        "NEW YORK, March 3 - Most Traders said prices fell. The Bank of England said no.\n\n"
        "Searches by Zip code, according to Zip code rules. Goodyear Tire and Rubber Co said so.\n";
    ns_sourcing s;
    sourcing_of(text, &s);
    const char *want[][2] = {{"Ben Bernanke", "person"},
                             {"Rep. Grier Martin", "person"},
                             {"Bank of England", "organization"},
                             {"Rubber Co", "organization"}};
    assert_int_equal(s.n_cited, sizeof want / sizeof *want);
    for (size_t i = 0; i < s.n_cited; i++) {
        assert_string_equal(s.cited[i].name, want[i][0]);
        assert_string_equal(s.cited[i].kind, want[i][1]);
        ns_span sp = span_of(text, want[i][0]);
        assert_int_equal(s.cited[i].span.start, sp.start);
        assert_int_equal(s.cited[i].span.end, sp.end);
    }
    ns_sourcing_free(&s);
}

static void test_vague(void **state __attribute__((unused)))
{
    const char *text =
        "Experts say the plan will fail. SOURCES SAID the deal was off. Rumours are flying, and "
        "allegedly the deal is reportedly dead. It is believed that many people are saying it "
        "seems bad.\n\n"
        "Unreportedly and allegedlyx are no words; the reportedly-named thing is. "
        "It\xE2\x80\x99s said nothing, and we\xE2\x80\x99re told  it is\nreported.\n\n"
        "Talks stalled, people familiar with the matter said; an aide, speaking on condition of "
        "anonymity, and an official who asked not to be named agreed.\n";
    ns_sourcing s;
    sourcing_of(text, &s);
    const char *seen[32];
    size_t n = 0;
    for (size_t i = 0; i < s.n_vague && n < 32; i++) {
        assert_int_equal(strlen(s.vague[i].text), s.vague[i].span.end - s.vague[i].span.start);
        assert_memory_equal(text + s.vague[i].span.start, s.vague[i].text, strlen(s.vague[i].text));
        seen[n++] = s.vague[i].text;
    }
    const char *expect[] = {
        "Experts say",    "SOURCES SAID",           "Rumours",  "allegedly",  "reportedly",
        "It is believed", "many people are saying", "it seems", "reportedly", "we\xE2\x80\x99re told",
        "it is\nreported", "people familiar with", "on condition of anonymity", "asked not to be named"};
    assert_int_equal(n, sizeof expect / sizeof *expect);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(seen[i], expect[i]);
    ns_sourcing_free(&s);
}

static void test_sourcing_edges(void **state __attribute__((unused)))
{
    ns_sourcing s;
    ns_error err = {0};
    /* no paragraphs, empty and out-of-range spans, no gazetteer */
    assert_int_equal(ns_sourcing_find("", 0, NULL, 0, NULL, &s, &err), NS_OK);
    assert_int_equal(s.n_quotes + s.n_cited + s.n_vague, 0);
    ns_sourcing_free(&s);
    const char *t = "\xE2\x80\x9CUnclosed quote of many words here, Smith said. It seems.";
    ns_span p[] = {{0, (uint32_t)strlen(t)}, {5, 5}, {1000, 2000}, {10, 3}};
    assert_int_equal(ns_sourcing_find(t, strlen(t), p, 4, NULL, &s, &err), NS_OK);
    assert_int_equal(s.n_quotes, 0);
    assert_int_equal(s.n_vague, 1);
    ns_sourcing_free(&s);
    ns_sourcing_free(&s); /* twice is harmless */

    /* random bytes: every span inside the text, never a crash */
    uint64_t x = 88172645463325252ULL;
    static const char *const pieces[] = {"\xE2\x80\x9C",
                                         "\xE2\x80\x9D",
                                         "\"",
                                         "'",
                                         " said ",
                                         "Reuters",
                                         " the ",
                                         "Telegraph",
                                         ", ",
                                         ".",
                                         "\n\n",
                                         "According to",
                                         " Smith",
                                         "\xE2\x80\x99",
                                         "\xFF",
                                         "al-",
                                         "WOW",
                                         "!!",
                                         "?",
                                         "{n}",
                                         " 10 Things",
                                         "\xC3\xA9"};
    char buf[600];
    for (int round = 0; round < 300; round++) {
        size_t n = 0;
        while (n < sizeof buf - 20) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            const char *pc = pieces[x % (sizeof pieces / sizeof *pieces)];
            if ((x >> 20) % 4 == 0) {
                buf[n++] = (char)(x >> 32);
                continue;
            }
            memcpy(buf + n, pc, strlen(pc));
            n += strlen(pc);
        }
        ns_span paras[64];
        size_t np = split_paras(buf, n, paras, 64);
        assert_int_equal(ns_sourcing_find(buf, n, paras, np, gaz, &s, &err), NS_OK);
        for (size_t i = 0; i < s.n_quotes; i++)
            assert_true(s.quotes[i].span.start <= s.quotes[i].span.end && s.quotes[i].span.end <= n);
        for (size_t i = 0; i < s.n_cited; i++)
            assert_true(s.cited[i].span.start < s.cited[i].span.end && s.cited[i].span.end <= n);
        for (size_t i = 0; i < s.n_vague; i++)
            assert_true(s.vague[i].span.start < s.vague[i].span.end && s.vague[i].span.end <= n);
        ns_sourcing_free(&s);
        ns_marker *m;
        size_t nm;
        assert_int_equal(ns_headline_markers(buf, n, (ns_span){0, (uint32_t)n}, bait, &m, &nm, &err), NS_OK);
        for (size_t i = 0; i < nm; i++)
            assert_true(m[i].span.start < m[i].span.end && m[i].span.end <= n);
        free(m);
        ns_outlet_hit *h;
        size_t nh;
        assert_int_equal(ns_outlets_scan(gaz, buf, n, (ns_span){0, (uint32_t)n}, &h, &nh, &err), NS_OK);
        free(h);
    }
}

/* ------------------------------------------------------------ gazetteer */

static void test_gazetteer(void **state __attribute__((unused)))
{
    assert_true(ns_outlets_size(gaz) > 5000);
    const char *t = "told the Telegraph; BBC and bbc; Agence France-Presse; telegraph.co.uk; "
                    "the hill; The Village Voice; a telegraph pole; The Hill; New York Times' desk; "
                    "Human Rights Watch";
    ns_outlet_hit *h;
    size_t n;
    ns_error err = {0};
    assert_int_equal(ns_outlets_scan(gaz, t, strlen(t), (ns_span){0, (uint32_t)strlen(t)}, &h, &n, &err),
                     NS_OK);
    const char *want[][2] = {{"the Telegraph", "The Telegraph"},
                             {"BBC", "BBC"},
                             {"Agence France-Presse", "Agence France-Presse"},
                             {"telegraph.co.uk", NULL},
                             {"The Village Voice", "The Village Voice"},
                             {"The Hill", "The Hill"},
                             {"New York Times", "New York Times"},
                             {"Human Rights Watch", "Human Rights Watch"}};
    assert_int_equal(n, sizeof want / sizeof *want);
    for (size_t i = 0; i < n; i++) {
        size_t wl = strlen(want[i][0]);
        assert_int_equal(h[i].span.end - h[i].span.start, wl);
        assert_memory_equal(t + h[i].span.start, want[i][0], wl);
        if (want[i][1])
            assert_string_equal(h[i].name, want[i][1]);
    }
    assert_string_equal(h[2].kind, "agency");
    assert_string_equal(h[3].domain, "telegraph.co.uk");
    assert_string_equal(h[7].kind, "organization"); /* MBFC rates NGOs too */
    free(h);

    /* malformed gazetteers */
    ns_outlets *g;
    const char *bad1 = "# c\nGood Name\toutlet\tgood.com\nno tab here\n";
    assert_int_equal(ns_outlets_load_memory(&g, bad1, strlen(bad1), "g.tsv", &err), NS_EINPUT);
    assert_string_equal(err.msg, "g.tsv:3: expected NAME<TAB>KIND<TAB>DOMAIN");
    assert_null(g);
    const char *bad2 = "X Y\tnewspaper\t\n";
    assert_int_equal(ns_outlets_load_memory(&g, bad2, strlen(bad2), "g.tsv", &err), NS_EINPUT);
    assert_non_null(strstr(err.msg, "g.tsv:1: unknown kind"));
    assert_int_equal(ns_outlets_load_memory(&g, "A B\toutlet\t\xFF\n", 12, "g.tsv", &err), NS_EINPUT);
    assert_int_equal(ns_outlets_load(&g, "/nonexistent/outlets.tsv", &err), NS_EINPUT);
    assert_non_null(strstr(err.msg, "/nonexistent/outlets.tsv: cannot open"));
    const char *ok = "\xEF\xBB\xBFThe Daily Example\tagency\t\r\n\n";
    assert_int_equal(ns_outlets_load_memory(&g, ok, strlen(ok), "g.tsv", &err), NS_OK);
    assert_int_equal(ns_outlets_size(g), 1);
    ns_outlets_free(g);
}

/* -------------------------------------------------------------- markers */

static void expect_markers(const char *title, const char *const *want)
{
    ns_marker *m;
    size_t n, k = 0;
    ns_error err = {0};
    size_t len = strlen(title);
    assert_int_equal(ns_headline_markers(title, len, (ns_span){0, (uint32_t)len}, bait, &m, &n, &err), NS_OK);
    for (; want[k]; k += 2) {
        if (k / 2 >= n)
            fail_msg("%s: missing %s '%s'", title, want[k], want[k + 1]);
        const ns_marker *x = &m[k / 2];
        size_t wl = strlen(want[k + 1]);
        if (strcmp(x->kind, want[k]) || x->span.end - x->span.start != wl ||
            memcmp(title + x->span.start, want[k + 1], wl))
            fail_msg("%s: marker %zu is %s '%.*s', want %s '%s'", title, k / 2, x->kind,
                     (int)(x->span.end - x->span.start), title + x->span.start, want[k], want[k + 1]);
    }
    if (n != k / 2)
        fail_msg("%s: %zu markers, want %zu", title, n, k / 2);
    free(m);
}

static void test_acronyms(void **state __attribute__((unused)))
{
    expect_markers("NATO, FBI and ISIS: EU, UN, CEO, US, UK, ISIL warn", (const char *[]){NULL});
    expect_markers("COVID-19 and UNESCO; NASA's plan", (const char *[]){NULL});
    expect_markers("SHOCKING Report: BREAKING Story",
                   (const char *[]){"all_caps", "SHOCKING", "bait_phrase", "SHOCKING", "all_caps", "BREAKING",
                                    "bait_phrase", "BREAKING", NULL});
    expect_markers("WOW, They DON'T Know",
                   (const char *[]){"all_caps", "WOW", "bait_phrase", "WOW", "all_caps", "DON'T", NULL});
    expect_markers("\xC3\x89NORME scandale", (const char *[]){"all_caps", "\xC3\x89NORME", NULL});
    expect_markers("NATO\xE2\x80\x99S plan, DON\xE2\x80\x99T",
                   (const char *[]){"all_caps", "DON\xE2\x80\x99T", NULL});
}

static void test_bait_and_markers(void **state __attribute__((unused)))
{
    expect_markers("You Won\xE2\x80\x99t Believe What Happened Next!!!",
                   (const char *[]){"bait_phrase", "You Won\xE2\x80\x99t Believe", "bait_phrase",
                                    "What Happened Next", "exclamation", "!!!", NULL});
    expect_markers(
        "Number 7 will  blow your mind",
        (const char *[]){"bait_phrase", "Number 7 will", "bait_phrase", "will  blow your mind", NULL});
    expect_markers("Shockingly calm markets", (const char *[]){NULL}); /* word boundary */
    expect_markers("10 Things You Didn't Know About Cats",
                   (const char *[]){"bait_phrase", "10 Things", "number_list", "10 Things", NULL});
    expect_markers("Two Soldiers Killed In Attack", (const char *[]){NULL});
    expect_markers("Top 10 Movies of All Time",
                   (const char *[]){"number_list", "Top 10", "superlative", "of All Time", NULL});
    expect_markers(
        "Is This The Most Dangerous Man Alive?!",
        (const char *[]){"superlative", "Most Dangerous", "exclamation", "?!", "question", "?!", NULL});
    expect_markers("The latest protest in the forest is the biggest",
                   (const char *[]){"superlative", "biggest", NULL});
    expect_markers("Why? Because.", (const char *[]){"question", "?", NULL});

    /* title spans are clipped; an empty title has no markers */
    ns_marker *m;
    size_t n;
    ns_error err = {0};
    assert_int_equal(ns_headline_markers("WOW!", 4, (ns_span){2, 100}, bait, &m, &n, &err), NS_OK);
    assert_int_equal(n, 1);
    assert_string_equal(m[0].kind, "exclamation");
    free(m);
    assert_int_equal(ns_headline_markers("WOW!", 4, (ns_span){3, 3}, NULL, &m, &n, &err), NS_OK);
    assert_int_equal(n, 0);
    assert_null(m);
    /* no bait list: no bait markers */
    assert_int_equal(ns_headline_markers("WOW", 3, (ns_span){0, 3}, NULL, &m, &n, &err), NS_OK);
    assert_int_equal(n, 1);
    assert_string_equal(m[0].kind, "all_caps");
    free(m);

    /* the bait file */
    assert_true(ns_bait_size(bait) > 50);
    ns_bait *b;
    const char *src = "# comment\n\n  You Won't   Believe \n#{n} will\n";
    assert_int_equal(ns_bait_load_memory(&b, src, strlen(src), "b.txt", &err), NS_OK);
    assert_int_equal(ns_bait_size(b), 2);
    ns_bait_free(b);
    const char *bad = "ok\nnon-ascii \xC3\xA9\n";
    assert_int_equal(ns_bait_load_memory(&b, bad, strlen(bad), "b.txt", &err), NS_EINPUT);
    assert_string_equal(err.msg, "b.txt:2: phrases must be printable ASCII");
    assert_int_equal(ns_bait_load(&b, "/nonexistent/bait.txt", &err), NS_EINPUT);
}

/* ---------------------------------------------------------------- lists */

static const char *SRC = "../shared/data/news/sources/";

static void load_list(ns_sources *s, const char *rel)
{
    char p[4096];
    snprintf(p, sizeof p, "%s%s", SRC, rel);
    ns_error err = {0};
    if (ns_sources_load(s, path_of(p), &err))
        fail_msg("%s", err.msg);
}

static int has_tag(const ns_source_hit *h, const char *tag)
{
    for (size_t i = 0; i < h->n_tags; i++)
        if (!strcmp(h->tags[i], tag))
            return 1;
    return 0;
}

static void lookup1(const ns_sources *s, const char *dom, ns_source_hit **h, size_t *n)
{
    assert_int_equal(ns_sources_lookup(s, dom, h, n), NS_OK);
}

static void test_opensources(void **state __attribute__((unused)))
{
    for (int csv = 0; csv < 2; csv++) {
        ns_sources s = {0};
        load_list(&s, csv ? "opensources/sources.csv" : "opensources/sources.json");
        assert_true(ns_sources_count(&s) > 800);
        ns_source_hit *h;
        size_t n;
        lookup1(&s, "100percentfedup.com", &h, &n);
        assert_int_equal(n, 1);
        assert_string_equal(h[0].list, csv ? "sources.csv" : "sources.json");
        assert_true(has_tag(&h[0], "bias"));
        assert_true(h[0].factuality > 0.29 && h[0].factuality < 0.31);
        assert_string_equal(h[0].label, "OpenSources: bias");
        free(h);
        lookup1(&s, "https://WWW.100PercentFedUp.com/2017/some-story/", &h, &n);
        assert_int_equal(n, 1);
        free(h);
        /* "fake news" -> fake, "Conspiracy" -> conspiracy, mixed case domain keys */
        lookup1(&s, "farmwars.info", &h, &n);
        assert_int_equal(n, 1);
        assert_true(has_tag(&h[0], "fake"));
        assert_true(has_tag(&h[0], "conspiracy"));
        assert_true(h[0].factuality > 0.09 && h[0].factuality < 0.11);
        free(h);
        lookup1(&s, "endoftheamericandream.com", &h, &n);
        assert_int_equal(n, 1);
        assert_int_equal(h[0].n_tags, 3);
        assert_string_equal(h[0].tags[0], "conspiracy");
        assert_string_equal(h[0].tags[2], "political");
        free(h);
        /* a path entry: actforamerica.org/news only */
        lookup1(&s, "actforamerica.org/news/item", &h, &n);
        assert_int_equal(n, 1);
        assert_string_equal(h[0].entry, "actforamerica.org/news");
        free(h);
        lookup1(&s, "actforamerica.org/newsletter", &h, &n);
        assert_int_equal(n, 0);
        assert_null(h);
        /* a blog on a shared host, and the host itself */
        lookup1(&s, "4threvolutionarywar.wordpress.com", &h, &n);
        assert_int_equal(n, 1);
        free(h);
        lookup1(&s, "wordpress.com", &h, &n);
        assert_int_equal(n, 0);
        lookup1(&s, "nytimes.com", &h, &n);
        assert_int_equal(n, 0);
        assert_true(ns_sources_prior(h, n) == -1);
        ns_sources_free(&s);
    }
}

static void test_mbfc_and_baly(void **state __attribute__((unused)))
{
    ns_sources s = {0};
    load_list(&s, "mbfc-hirschan/media_data.json");
    load_list(&s, "baly-news-media-reliability/emnlp18/corpus.tsv");
    load_list(&s, "baly-news-media-reliability/acl2020/corpus.tsv");
    assert_int_equal(s.n_lists, 3);
    ns_source_hit *h;
    size_t n;
    lookup1(&s, "montrealgazette.com", &h, &n);
    assert_int_equal(n, 2);
    assert_string_equal(h[0].list, "media_data.json");
    assert_true(h[0].factuality > 0.79 && h[0].factuality < 0.81); /* 5 of 1..6 */
    assert_string_equal(h[0].label, "MBFC: factual reporting High (5/6), credibility High (3/3)");
    assert_int_equal(h[0].n_tags, 0);
    assert_string_equal(h[1].list, "corpus.tsv");
    assert_true(h[1].factuality == 1);
    assert_true(has_tag(&h[1], "left-center"));
    assert_true(ns_sources_prior(h, n) > 0.89 && ns_sources_prior(h, n) < 0.91);
    free(h);
    /* both Baly versions, the second named by its folder */
    lookup1(&s, "http://www.villagevoice.com/", &h, &n);
    assert_int_equal(n, 3);
    assert_string_equal(h[2].list, "acl2020/corpus.tsv");
    assert_true(has_tag(&h[2], "left"));
    free(h);
    /* "N/A" ratings: factuality unknown */
    lookup1(&s, "imao.us", &h, &n);
    assert_int_equal(n, 1);
    assert_true(h[0].factuality == -1);
    assert_string_equal(h[0].label, "MBFC: factual reporting N/A, credibility N/A");
    assert_true(ns_sources_prior(h, n) == -1);
    free(h);
    /* paths: theadvocate.com/acadiana is its own outlet */
    lookup1(&s, "https://www.theadvocate.com/acadiana/news/story.html", &h, &n);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].entry, "theadvocate.com/acadiana");
    free(h);
    lookup1(&s, "theadvocate.com/baton_rouge/news", &h, &n);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].entry, "theadvocate.com");
    free(h);
    ns_sources_free(&s);
}

static void test_parent_domains(void **state __attribute__((unused)))
{
    ns_sources s = {0};
    load_list(&s, "mbfc-hirschan/media_data.json");
    ns_source_hit *h;
    size_t n;
    lookup1(&s, "news.telegraph.co.uk", &h, &n);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].entry, "telegraph.co.uk");
    free(h);
    lookup1(&s, "co.uk", &h, &n);
    assert_int_equal(n, 0);
    lookup1(&s, "uk", &h, &n);
    assert_int_equal(n, 0);
    ns_sources_free(&s);

    /* the most specific entry of each list wins */
    const char *list = ",type,2nd type,3rd type,\n"
                       "example.co.uk,fake,,\n"
                       "blog.example.co.uk,satire,,\n"
                       "co.uk,reliable,,\n";
    const char *tsv = "source_url\tsource_url_normalized\tref\tfact\tbias\n"
                      "http://example.co.uk/\texample.co.uk\tx\thigh\tcenter\n";
    ns_error err = {0};
    assert_int_equal(ns_sources_load_memory(&s, list, strlen(list), "mem/a.csv", &err), NS_OK);
    assert_int_equal(ns_sources_load_memory(&s, tsv, strlen(tsv), "mem/b.tsv", &err), NS_OK);
    lookup1(&s, "https://deep.blog.example.co.uk:8080/x", &h, &n);
    assert_int_equal(n, 2);
    assert_string_equal(h[0].entry, "blog.example.co.uk");
    assert_true(has_tag(&h[0], "satire"));
    assert_string_equal(h[1].list, "b.tsv");
    assert_string_equal(h[1].entry, "example.co.uk");
    assert_true(ns_sources_prior(h, n) > 0.59 && ns_sources_prior(h, n) < 0.61); /* (0.2 + 1) / 2 */
    free(h);
    lookup1(&s, "other.co.uk", &h, &n);
    assert_int_equal(n, 0);
    lookup1(&s, "", &h, &n);
    assert_int_equal(n, 0);
    lookup1(&s, "not a domain!", &h, &n);
    assert_int_equal(n, 0);
    ns_sources_free(&s);
}

static void test_malformed_lists(void **state __attribute__((unused)))
{
    ns_sources s = {0};
    ns_error err = {0};
    const char *good = "{\"a.com\": {\"type\": \"fake\"}}";
    assert_int_equal(ns_sources_load_memory(&s, good, strlen(good), "good.json", &err), NS_OK);
    assert_int_equal(ns_sources_count(&s), 1);
    struct {
        const char *data, *name, *msg;
    } bad[] = {
        {"{\"a.com\": {\"type\": \"fake\"},\n  \"b.com\": }", "bad.json", "bad.json:2: column "},
        {"[1, 2", "bad.json", "bad.json:1: column "},
        {",type,2nd type\nx.com,bias\n\"y.com,bias\n", "bad.csv", "bad.csv:3: unterminated quoted field"},
        {"domain,types\nx.com,bias\n", "bad.csv", "bad.csv:1: expected a header with a \"type\" column"},
        {"source_url\tsource_url_normalized\tref\tfact\tbias\nhttp://a.com\ta.com\tr\thigh\tleft\n"
         "http://b.com\tb.com\n",
         "bad.tsv", "bad.tsv:3: expected 4 tab-separated fields, found 2"},
        {"source_url\tbias\nhttp://a.com\tleft\n", "bad.tsv",
         "bad.tsv:1: expected a header with \"source_url\" and \"fact\" columns"},
        {"hello\nworld\n", "bad.txt", "bad.txt:1: unrecognised list format"},
        {" \n\t", "empty.json", "empty.json: empty list file"},
        {"\"just a string\"", "str.json", "str.json:1: unrecognised list format"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        memset(&err, 0, sizeof err);
        int rc = ns_sources_load_memory(&s, bad[i].data, strlen(bad[i].data), bad[i].name, &err);
        if (rc != NS_EINPUT || strncmp(err.msg, bad[i].msg, strlen(bad[i].msg)))
            fail_msg("case %zu: rc %d, message \"%s\", want \"%s...\"", i, rc, err.msg, bad[i].msg);
        assert_int_equal(ns_sources_count(&s), 1); /* nothing of a failed load stays */
        assert_int_equal(s.n_lists, 1);
    }
    assert_int_equal(ns_sources_load(&s, "/nonexistent/list.json", &err), NS_EINPUT);
    assert_non_null(strstr(err.msg, "/nonexistent/list.json: cannot open"));
    ns_source_hit *h;
    size_t n;
    lookup1(&s, "a.com", &h, &n);
    assert_int_equal(n, 1);
    free(h);

    /* wrong types inside entries are skipped, never fatal */
    const char *mbfc = "[{\"URL\": 5}, {\"URL\": \"x.com\", \"Objective Reporting\": \"N/A\", "
                       "\"Accuracy\": 2.0}, {\"URL\": \"y.com\", \"Objective Reporting\": 99, "
                       "\"Accuracy\": \"3\"}, {\"URL\": \"z.com\", \"Objective Reporting\": \"4\"}, 7, "
                       "\"s\", {\"URL\": \"\"}]";
    size_t sk = s.skipped;
    assert_int_equal(ns_sources_load_memory(&s, mbfc, strlen(mbfc), "mixed.json", &err), NS_OK);
    assert_int_equal(ns_sources_count(&s), 4);
    assert_int_equal(s.skipped - sk, 4);
    lookup1(&s, "x.com", &h, &n);
    assert_int_equal(n, 1);
    assert_true(h[0].factuality == 0.5); /* from Accuracy 2 of 1..3 */
    free(h);
    lookup1(&s, "y.com", &h, &n);
    assert_true(h[0].factuality == 1); /* Objective 99 is no rating; Accuracy "3" */
    free(h);
    lookup1(&s, "z.com", &h, &n);
    assert_true(h[0].factuality > 0.59 && h[0].factuality < 0.61);
    free(h);
    const char *os = "{\"a.org\": {\"type\": 3, \"2nd type\": \" Fake \"}, \"b.org\": [], "
                     "\"c.org\": {}}";
    assert_int_equal(ns_sources_load_memory(&s, os, strlen(os), "os.json", &err), NS_OK);
    lookup1(&s, "a.org", &h, &n);
    assert_int_equal(n, 1);
    assert_int_equal(h[0].n_tags, 1);
    assert_string_equal(h[0].tags[0], "fake");
    free(h);
    lookup1(&s, "c.org", &h, &n);
    assert_int_equal(n, 1);
    assert_true(h[0].factuality == -1);
    free(h);
    ns_sources_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example_sourcing),
        cmocka_unit_test(test_speaker_patterns),
        cmocka_unit_test(test_according_to_organisations),
        cmocka_unit_test(test_cited_outlets_and_people),
        cmocka_unit_test(test_person_names),
        cmocka_unit_test(test_vague),
        cmocka_unit_test(test_sourcing_edges),
        cmocka_unit_test(test_gazetteer),
        cmocka_unit_test(test_acronyms),
        cmocka_unit_test(test_bait_and_markers),
        cmocka_unit_test(test_opensources),
        cmocka_unit_test(test_mbfc_and_baly),
        cmocka_unit_test(test_parent_domains),
        cmocka_unit_test(test_malformed_lists),
    };
    return cmocka_run_group_tests(tests, setup_data, teardown_data);
}
