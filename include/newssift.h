/*
 * newssift.h — the public interface of libnewssift, and its manual.
 *
 * newssift reads text (a tweet, a headline, an article, a whole news page) and
 * says what it is with evidence a person can check.  The library is layered:
 *
 *   errors      ns_error: every call that can fail fills one; nothing prints.
 *   text        UTF-8 repair, tokens with byte spans, sentences.
 *   features    hashed word and character n-grams plus a few style features.
 *   models      train, save, load (mmap, checksummed), predict, explain.
 *   data        JSONL / CSV / TSV / plain-text records for train, predict, eval.
 *   evaluation  accuracy, macro-F1, per-class figures, confusion matrix.
 *
 * Conventions (as in SQLite and Lua): every symbol starts with ns_; handles are
 * opaque pointers passed first; functions that can fail return an int status
 * (NS_OK or one of NS_E*) and fill a caller-owned ns_error with a one-line
 * message naming the file and line or byte.  Spans are [start, end) byte
 * offsets into the text the caller passed in.
 */
#ifndef NEWSSIFT_H
#define NEWSSIFT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NS_VERSION "0.1.0"

/* ------------------------------------------------------------------ errors */

/* Status codes.  They map one-to-one onto the CLI's exit status. */
enum {
    NS_OK = 0,
    NS_EUSAGE = 1,  /* the caller asked for something meaningless      */
    NS_EINPUT = 2,  /* a data, model, page or index file is bad         */
    NS_ESYSTEM = 3, /* out of memory, a failed read or write, disk full */
};

typedef struct ns_error {
    int code;      /* NS_OK when nothing went wrong */
    char msg[512]; /* "FILE:LINE: what is wrong" or "FILE: byte N: ..." */
} ns_error;

/* Fills err and returns code, so failures read `return ns_fail(err, ...)`. */
int ns_fail(ns_error *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ------------------------------------------------------------------- text */

/* Copies `len` bytes into a new NUL-terminated buffer in which every byte
 * that is not part of well-formed UTF-8 is replaced by U+FFFD (EF BF BD).
 * *replaced receives the number of bytes replaced.  NULL when out of memory. */
char *ns_utf8_repair(const char *s, size_t len, size_t *out_len, size_t *replaced);

/* Nonzero when s[0..len) is well-formed UTF-8; *bad_at gets the first bad byte. */
int ns_utf8_valid(const char *s, size_t len, size_t *bad_at);

typedef enum ns_token_kind {
    NS_TOK_WORD,    /* letters and digits, with inner apostrophes */
    NS_TOK_NUMBER,  /* digits with inner . or ,                    */
    NS_TOK_URL,     /* http://..., https://..., www....            */
    NS_TOK_HANDLE,  /* @name                                      */
    NS_TOK_HASHTAG, /* #name                                      */
    NS_TOK_PUNCT,   /* a run of one punctuation character: "!!!"  */
    NS_TOK_EMOJI,   /* one pictographic symbol                    */
} ns_token_kind;

typedef struct ns_token {
    uint32_t start, end; /* span in the original text                      */
    uint32_t norm_off;   /* offset of the normalised form in norm buffer   */
    uint16_t norm_len;   /* its length (forms are capped at 64 bytes)      */
    uint8_t kind;        /* ns_token_kind                                  */
    uint8_t upper;       /* 1 when every letter of the word was upper case */
} ns_token;

/* A growable list of tokens and the buffer holding their normalised forms.
 * Normalisation is specified in docs/model-format.md: HTML entities decoded,
 * NFKD compatibility decomposition, case folding, combining marks dropped;
 * URLs become "<url>" and @handles "@user". */
typedef struct ns_tokens {
    ns_token *tok;
    size_t n, cap;
    char *norm;
    size_t norm_len, norm_cap;
    /* style counts gathered in the same pass, for the dense features */
    uint32_t letters, upper_letters, exclaim_runs, question_runs, caps_words, words;
} ns_tokens;

/* Tokenizes s[0..len) (any bytes: invalid UTF-8 is skipped like whitespace)
 * into t, which is cleared first and reused across calls.  Returns NS_OK or
 * NS_ESYSTEM when out of memory.  Texts over 4 GiB are refused (NS_EINPUT). */
int ns_tokenize(ns_tokens *t, const char *s, size_t len, ns_error *err);
void ns_tokens_free(ns_tokens *t);

typedef struct ns_span {
    uint32_t start, end;
} ns_span;

/* Sentence spans of s[0..len): a sentence ends at . ! ? (and closing quotes)
 * followed by space and an upper-case letter, digit or quote, or at a line
 * break.  Returns the count, fills *out (malloc'd; caller frees). -1 on OOM. */
long ns_sentences(const char *s, size_t len, ns_span **out);

/* --------------------------------------------------------------- features */

typedef struct ns_feature_config {
    uint8_t word_min, word_max; /* word n-gram orders, 1..3           */
    uint8_t char_min, char_max; /* character n-grams of words; 0 = off */
    uint8_t bits;               /* 2^bits hash buckets, 10..24          */
    uint8_t dense;              /* nonzero: add the style features      */
} ns_feature_config;

#define NS_DENSE_FEATURES 6

/* ----------------------------------------------------------------- models */

typedef struct ns_model ns_model;

/* Loads a model by mmap, verifying its magic, version, sizes and checksum.
 * Any damage (truncation, a flipped byte, a newer format) is NS_EINPUT with
 * a message naming the file and the byte where the problem was seen. */
int ns_model_open(ns_model **out, const char *path, ns_error *err);
void ns_model_close(ns_model *m);

/* Checks a model already in memory (used by ns_model_open and by fuzzing). */
int ns_model_from_memory(ns_model **out, const void *data, size_t size, const char *name, ns_error *err);

size_t ns_model_labels(const ns_model *m);
const char *ns_model_label(const ns_model *m, size_t i);
/* Index of a label, or -1. */
long ns_model_label_index(const ns_model *m, const char *label);
const ns_feature_config *ns_model_features(const ns_model *m);
/* The training summary stored in the model, a JSON object as text. */
const char *ns_model_summary(const ns_model *m);
/* Writes a human-readable description (used by `newssift model info`). */
int ns_model_describe(const ns_model *m, char **out);
/* Verifies what a load leaves out for speed (every weight finite). */
int ns_model_check_weights(const ns_model *m, const char *name, ns_error *err);

/* One feature's part in a decision. */
typedef struct ns_evidence {
    char *feature;  /* the normalised n-gram, or "style:NAME"          */
    double weight;  /* logit(pred) - logit(runner-up) it contributed   */
    ns_span *spans; /* where it occurs in the text                     */
    size_t n_spans;
} ns_evidence;

typedef struct ns_prediction {
    size_t label;     /* index of the most probable label          */
    size_t runner_up; /* index of the second most probable label   */
    double *probs;    /* ns_model_labels(m) calibrated probabilities */
    ns_evidence *pro; /* up to k features pushing toward label, strongest first */
    size_t n_pro;
    ns_evidence *con; /* up to k features pushing against it */
    size_t n_con;
} ns_prediction;

/* Scratch space for predicting; one per thread, reused across calls. */
typedef struct ns_scratch ns_scratch;
ns_scratch *ns_scratch_new(void);
void ns_scratch_free(ns_scratch *s);

/* Classifies text[0..len).  explain_k > 0 fills pro/con with up to k entries
 * each; explain_k < 0 fills neither but keeps what ns_explain_phrases needs.
 * p must be zeroed before first use; ns_prediction_clear frees it. */
int ns_predict(const ns_model *m, ns_scratch *s, const char *text, size_t len, int explain_k,
               ns_prediction *p, ns_error *err);
void ns_prediction_clear(ns_prediction *p);

/* Evidence as phrases a person can read: every feature's part in the margin
 * between label `toward` and label `against` is spread over the tokens it
 * covers, and the k strongest windows of up to 6 consecutive tokens (never
 * overlapping, each with a positive sum) are returned, strongest first, in
 * out[0..*n_out).  Reads the text of the last ns_predict call on s, which
 * must have had explain_k != 0. */
typedef struct ns_phrase {
    ns_span span;
    double weight;
} ns_phrase;
int ns_explain_phrases(const ns_model *m, ns_scratch *s, size_t toward, size_t against, int k, ns_phrase *out,
                       size_t *n_out, ns_error *err);

/* The prediction as one JSON object (no newline): {"id", "label", "probs",
 * and with explained != 0 "explain": {"for": [...], "against": [...]}}, each
 * evidence {"feature", "weight", "spans": [[start, end], ...]}.  id may be
 * NULL.  Returns a malloc'd string, NULL when out of memory. */
char *ns_prediction_json(const ns_model *m, const ns_prediction *p, const char *id, int explained);

/* --------------------------------------------------------------- datasets */

typedef enum ns_format { NS_FMT_AUTO, NS_FMT_JSONL, NS_FMT_CSV, NS_FMT_TSV, NS_FMT_TEXT } ns_format;

/* Which fields to read.  Column names apply to CSV/TSV and to JSONL keys. */
typedef struct ns_columns {
    const char *text;  /* default "text"  */
    const char *label; /* default "label" */
    const char *title; /* default "title" */
    const char *id;    /* default "id"    */
    int need_label;    /* a record without a label is an error */
} ns_columns;

/* One record.  text is title + "\n" + text when there is a title; spans in
 * predictions refer to this string.  Strings are owned by the reader and
 * valid until the next call. */
typedef struct ns_record {
    const char *id; /* NULL when absent */
    const char *text;
    size_t text_len;
    const char *label;  /* NULL when absent */
    unsigned long line; /* 1-based line of the record's start */
} ns_record;

typedef struct ns_reader ns_reader;

/* Opens path ("-" or NULL = standard input).  fmt NS_FMT_AUTO follows the
 * extension (.jsonl/.json, .csv, .tsv, else JSONL; stdin is JSONL). */
int ns_reader_open(ns_reader **out, const char *path, ns_format fmt, const ns_columns *cols, ns_error *err);
/* 1 = a record, 0 = end of input, else an NS_E* code with err filled. */
int ns_reader_next(ns_reader *r, ns_record *rec, ns_error *err);
void ns_reader_close(ns_reader *r);
ns_format ns_format_from_name(const char *name); /* -1 if unknown */

/* --------------------------------------------------------------- training */

typedef struct ns_train_options {
    ns_feature_config features;
    int epochs;       /* maximum epochs (default 20)          */
    int patience;     /* with dev: stop after this many epochs
                         without a better dev macro-F1 (default 4) */
    double l1, l2;    /* FTRL-proximal penalties              */
    double alpha;     /* FTRL learning rate (default 0.5)     */
    int balanced;     /* class weights inversely to frequency */
    char partial_sep; /* nonzero: a label "a|b" (with sep '|') means
                         "one of a, b" (partial labels); 0: off   */
    int quantize;     /* store int8 weights                   */
    int idf;          /* weight hashed rows by their inverse document
                         frequency in train (stored in the model)   */
    int min_df;       /* with idf: rows in fewer training documents
                         than this are left out (default 1)         */
    uint64_t seed;
    int threads;
    /* called after every epoch with its dev macro-F1 (or -1), may be NULL */
    void (*progress)(void *ctx, int epoch, int epochs, double dev_f1);
    void *progress_ctx;
} ns_train_options;

void ns_train_options_default(ns_train_options *o);

typedef struct ns_train_summary {
    size_t examples, dev_examples, classes, features_used;
    int best_epoch;
    double dev_macro_f1; /* -1 without dev */
    double temperature;
} ns_train_summary;

/* A labelled corpus held in memory. */
typedef struct ns_corpus ns_corpus;
ns_corpus *ns_corpus_new(void);
void ns_corpus_free(ns_corpus *c);
int ns_corpus_add(ns_corpus *c, const char *text, size_t len, const char *label, ns_error *err);
/* Reads every record of a reader into the corpus (labels required). */
int ns_corpus_read(ns_corpus *c, ns_reader *r, ns_error *err);
size_t ns_corpus_size(const ns_corpus *c);

/* Trains on train (dev may be NULL) and writes the model to path atomically
 * (a temporary file renamed when complete).  Labels keep their first-seen
 * order in train.  Deterministic for the same inputs, options and seed. */
int ns_train(const ns_corpus *train, const ns_corpus *dev, const ns_train_options *o, const char *path,
             ns_train_summary *summary, ns_error *err);

/* ------------------------------------------------------------- evaluation */

typedef struct ns_eval ns_eval;
/* An evaluation over the model's labels plus any unknown gold labels. */
ns_eval *ns_eval_new(const ns_model *m);
int ns_eval_add(ns_eval *e, const char *gold, size_t predicted);
/* Text table or JSON ({"n","accuracy","macro_f1","labels","per_class","confusion"}). */
int ns_eval_report(const ns_eval *e, int json, char **out);
double ns_eval_macro_f1(const ns_eval *e);
void ns_eval_free(ns_eval *e);

/* ------------------------------------------------------------------ pages */

/* The page formats ns_analyze reads (docs/page-formats.md):
 * plain text as scraped, a JSON page {"url", "title", "text", "comments":
 * [{"author", "text"}]}, HTML, or a web page saved as MHTML (a browser's
 * "Webpage, Single File": the page's HTML and its frames' in one MIME
 * file).  AUTO sniffs the first bytes. */
typedef enum ns_page_format {
    NS_PAGE_AUTO,
    NS_PAGE_TEXT,
    NS_PAGE_HTML,
    NS_PAGE_JSON,
    NS_PAGE_MHTML
} ns_page_format;

/*
 * The page structure every reader fills and every analyzer reads.
 *
 * A page has one canonical text, page->text, and every span anywhere in a
 * report is [start, end) in UTF-8 bytes of it:
 *   - plain-text input: the input itself, each invalid UTF-8 byte replaced by
 *     U+FFFD (so for valid UTF-8 spans point into the user's own file); an
 *     input of any format that starts with a UTF-16 byte-order mark is
 *     first converted to UTF-8, and its spans point into that;
 *   - JSON, HTML and MHTML input: the title, then each body paragraph, then
 *     for each comment its author, "\n" and its text, all separated by "\n\n".
 */
typedef struct ns_comment {
    ns_span author; /* {0,0} with has_author == 0 when the page names no author */
    int has_author;
    ns_span text;
} ns_comment;

typedef struct ns_page {
    char *url;    /* NULL when unknown */
    char *domain; /* lower-case host without "www.", NULL when unknown; for
                     an archive's or proxy's copy, the copied page's
                     (docs/page-formats.md) */
    char *text;   /* canonical text, NUL-terminated */
    size_t len;
    size_t replaced_bytes; /* invalid UTF-8 bytes replaced by U+FFFD */
    ns_span title;         /* has_title == 0: no title */
    int has_title;
    ns_span *paragraphs; /* article body paragraphs, in order */
    size_t n_paragraphs;
    ns_comment *comments;
    size_t n_comments;
} ns_page;

/* Reads one page from data[0..len).  name is used in error messages
 * ("FILE: byte N: ..." / "FILE:LINE: ...").  AUTO sniffs: a leading '{',
 * or '[' before '{' or ']' (after whitespace/BOM), is JSON, a leading '<' with an html/head/body/div/p
 * tag or doctype is HTML, a MIME header block whose Content-Type is
 * multipart/related (or text/html, with MIME-Version) is MHTML, anything
 * else is text.  (The HTML sniff also takes
 * "<!--", "<?xml" and the other common tags: article, section, main, meta,
 * title, span, table, h1-h6, ul, ol, a, ...; "<3 love it" stays text.)
 *
 * Results and errors:
 *   - NS_OK and *out set (free it with ns_page_free); every span lies in
 *     [0, len] with start <= end, and text is well-formed UTF-8 (plain-text
 *     input may contain NUL bytes, which are well-formed; text[len] == 0).
 *   - NS_EINPUT: input that is empty or only whitespace ("NAME: empty page"),
 *     a canonical text over 4 GiB (spans are 32-bit), malformed JSON
 *     ("NAME:LINE: column C: ..."), a JSON value of the wrong type
 *     ("NAME: \"comments\"[2].author: expected a string").
 *   - NS_ESYSTEM: out of memory.
 * A JSON page may also give a comment as a bare string (its text, no author).
 * Any other byte sequence gives a page: readers never crash and run in time
 * linear in the input (up to the HTML parser's own costs).
 *
 * How the readers find the parts (generic rules, no site is special-cased):
 *   text  title: the first line of text (after a menu of one- or two-word
 *         lines, if any) when it is at most 300 bytes, does not end in . , ; :
 *         and more follows.  Comments start at a heading ("3 Comments",
 *         "Comments", "Leave a reply", "N thoughts on ...") or at the first
 *         line that opens a run of comments: a bullet (• * - · ● ▪ ...) with a
 *         name, "Name says:", "Name · 2 hours ago", "Name on June 5, 2017 at
 *         3:12 pm", a name over a date line, "• Name: text" when the page ends
 *         with them; a lone such line inside the article (a dateline, "X
 *         said:" before a quote) does not.  Without openers, blocks after a
 *         heading are comments, authored when most start with a name line.
 *         Body paragraphs: blocks between blank lines (a hard-wrapped block
 *         is one paragraph, other multi-line blocks one per line).  Furniture
 *         (Reply, Share, Like, "12 likes", dates, "Load more comments",
 *         "Sort by ...", bylines, copyright) stays out of body and comments;
 *         spans never include surrounding white space.
 *   html  libxml2's HTML parser (encoding: UTF-8 when the bytes are UTF-8,
 *         else a declared single-byte charset, else windows-1252 when the
 *         page declares none and holds no multi-byte UTF-8, else repaired).  Title: the
 *         <h1> that og:title or <title> contains, else og:title, else <title>
 *         without its site name, else the first <h1>.  Article: readability
 *         scoring (see read_html.c); comments: see html_comments.c.
 *         url: <link rel=canonical>, else og:url, else the Wayback
 *         toolbar's, the JSON-LD article's, or the URL a saver noted in a
 *         comment ("saved from url=(N)...", SingleFile's "url: ...").
 *   An input that starts with HTTP response heads ("curl -i": "HTTP/1.1
 *   200 OK" and header lines) is read from its body, in the format its
 *   last Content-Type names (AUTO) and its charset; the last redirect's
 *   Location is the URL when the page names none.  Not with TEXT.
 *   mhtml the root HTML part (the one the "start" parameter names, else
 *         the first HTML part), quoted-printable or base64 decoded and read
 *         as html, its charset parameter standing in for a declaration the
 *         HTML lacks; each other HTML part is a frame, read where the
 *         <iframe> whose src is "cid:" its Content-ID, or its
 *         Content-Location, stood (a comment section drawn in a frame).
 *         url: the HTML's, else the Snapshot-Content-Location header.
 *         NS_EINPUT: no Content-Type, no boundary, no HTML part.
 * The format names "auto", "text", "html", "json", "mhtml" map to the enum through
 * ns_page_format_from_name (-1 when unknown). */
int ns_page_read(ns_page **out, const char *data, size_t len, ns_page_format fmt, const char *name,
                 ns_error *err);
void ns_page_free(ns_page *p);
int ns_page_format_from_name(const char *name);
/* What AUTO would pick for data[0..len): NS_PAGE_TEXT, _HTML, _JSON or _MHTML. */
ns_page_format ns_page_sniff(const char *data, size_t len);

/* ---------------------------------------------------------------- analyze */

typedef struct ns_analyzer ns_analyzer;
typedef struct ns_report ns_report;

struct ns_index;

typedef struct ns_analyzer_options {
    const char *models_dir;     /* article/headline/propaganda/comment.nsm and
                                   combiner.json, outlets.tsv, bait-phrases.txt */
    const char *const *sources; /* site reputation lists to load */
    size_t n_sources;
    /* A trace index (see "trace" below) fills the report's trace section
     * and its signal; without one both have no information.  Give a path
     * (opened by ns_analyzer_open, closed by ns_analyzer_close) or an open
     * handle (borrowed: the caller closes it after the analyzer). */
    const char *index;
    struct ns_index *index_handle;
} ns_analyzer_options;

/* Loads the models and lists; the analyzer is read-only afterwards, so
 * threads may share it (each with its own scratch). */
int ns_analyzer_open(ns_analyzer **out, const ns_analyzer_options *o, ns_error *err);
void ns_analyzer_close(ns_analyzer *a);

/* Reads one page from data[0..len) and analyzes it.  scratch may be NULL (one
 * is made for the call).  name appears in error messages. */
int ns_analyze(const ns_analyzer *a, ns_scratch *scratch, const char *data, size_t len, ns_page_format fmt,
               const char *name, ns_report **out, ns_error *err);
void ns_report_free(ns_report *r);

/* The report as JSON (docs/report.schema.json), as text for a terminal
 * (ANSI colour when color != 0, lines within 80 columns), or as one
 * self-contained HTML file with the evidence highlighted in the page text.
 * Each returns a malloc'd NUL-terminated string, or NULL when out of memory. */
char *ns_report_json(const ns_report *r);
char *ns_report_text(const ns_report *r, int color);
char *ns_report_html(const ns_report *r);
int ns_report_trust(const ns_report *r);
const char *ns_report_verdict(const ns_report *r);

/* ------------------------------------------------------------------ trace */

/*
 * Provenance: an index of reference articles (an SQLite file in WAL mode)
 * and, for a page, the articles its body copied, what it copied from each
 * (sentence by sentence, exact or near with the changed words marked, quoted
 * when the page names the source there) and what it added.  docs/trace.md
 * describes the method, the file format and the figures behind its choices.
 *
 * Articles are JSONL, one object a line: "id" (a non-empty string, or an
 * integer read as its decimal text), "text" (non-empty, at most 8 MiB), and
 * optional "url", "title", "date", "outlet" (the outlet's name, e.g. "The
 * Telegraph", used with the URL's domain to tell whether a page names the
 * source), each a string or null; other keys are ignored.
 */
typedef struct ns_index ns_index;

/* Opens the index at path; create != 0 makes it when missing.  A file that
 * is not SQLite, an SQLite file that is not a newssift index, an index of a
 * newer format or built with other fingerprint settings, or (create == 0) a
 * missing file is NS_EINPUT with a message naming the file. */
int ns_index_open(ns_index **out, const char *path, int create, ns_error *err);
void ns_index_close(ns_index *ix);

/* Worker threads parsing and fingerprinting articles in ns_index_add_jsonl
 * (default 1: all work on the calling thread); the order of the articles and
 * the resulting index never depend on it.  Returns NS_EUSAGE when n < 1. */
int ns_index_set_threads(ns_index *ix, int n);
/* Articles per transaction in ns_index_add_jsonl; 0 (the default) lets the
 * batch grow with the index (see docs/trace.md).  A process killed during an
 * add keeps every batch committed before. */
int ns_index_set_batch(ns_index *ix, size_t articles);
/* Loads the outlet gazetteer (models/outlets.tsv) that tells whether a page
 * names the source it copies ("The Telegraph reports:"); without it no copy
 * is marked "quoted". */
int ns_index_load_outlets(ns_index *ix, const char *path, ns_error *err);

/* Called after each chunk of input is read with the bytes done so far and
 * the total (0 when unknown). */
typedef void (*ns_progress_fn)(void *arg, size_t done, size_t total_bytes_or_0);

/* Adds the JSONL articles in data[0..len) (name is used in messages).
 * One add at a time on an ns_index (queries may run meanwhile, on other
 * threads or processes: they see the batches committed before they
 * started).  Re-adding an id replaces the article.  Articles are committed in batches
 * (ns_index_set_batch); when this returns NS_OK every article is durable.
 * The add stops at the first bad line: every article before it is added and
 * committed, none from it on, and the error names the line ("NAME:LINE: ...":
 * not JSON, no id, no text, a text over 8 MiB, an id seen earlier in the
 * same input).  An empty input is NS_EINPUT.  A full disk or a failed write
 * is NS_ESYSTEM, and the batch being written is rolled back.  *added (may be
 * NULL) receives the number of articles added and committed. */
int ns_index_add_jsonl(ns_index *ix, const char *data, size_t len, const char *name, ns_progress_fn progress,
                       void *arg, size_t *added, ns_error *err);

/* {"articles", "stored_bytes", "postings", "file_bytes", "wal_bytes",
 * "overhead_per_article", "format", "settings": {...}} as a malloc'd string. */
char *ns_index_stats_json(ns_index *ix, ns_error *err);
/* PRAGMA integrity_check plus the index's own invariants; NS_EINPUT with
 * the first problem found. */
int ns_index_check(ns_index *ix, ns_error *err);

typedef struct ns_trace ns_trace;

/* Finds up to top_k (1..100) sources the body paragraphs of page copied.
 * Safe to call from several threads on one ns_index at once (each call
 * borrows a read connection from a small pool).  Spans are UTF-8 byte
 * offsets into page->text; source spans into the source article's text. */
int ns_trace_page(ns_index *ix, const ns_page *page, int top_k, ns_trace **out, ns_error *err);
/* The DESIGN `trace` object, {"sources": [...]}, malloc'd; NULL on OOM. */
char *ns_trace_json(const ns_trace *t);
/* A summary for a terminal (ANSI colour when color != 0); malloc'd. */
char *ns_trace_text(const ns_trace *t, const ns_page *page, int color);
/* Number of sources found. */
size_t ns_trace_count(const ns_trace *t);
void ns_trace_free(ns_trace *t);
/* --------------------------------------------------------------- bindings */

/* For callers through a foreign-function interface (bindings/python uses
 * ctypes): calls that take and give plain strings, so that a binding never
 * mirrors a struct of this header beyond ns_error, and frees what the
 * library allocated with the library's own allocator. */

/* Frees a string the library returned (ns_report_json/_text/_html,
 * ns_prediction_json, ns_predict_json, ns_model_describe). */
void ns_free(void *p);

/* The version of the library loaded, NS_VERSION at its build. */
const char *ns_version(void);

/* The models folder used when none is given: models/ of the source tree the
 * library was built in when it holds article.nsm, else
 * $(PREFIX)/share/newssift/models (where `make install` puts them). */
const char *ns_models_default(void);

/* ns_analyzer_open with its options as a NULL-terminated array of
 * "NAME=VALUE" strings named as the CLI's options (args may be NULL):
 *   "models=DIR"    the models folder          [ns_models_default()]
 *   "sources=FILE"  a site reputation list; repeat for several (up to 64)
 *   "index=INDEX"   a trace index (see ns_analyzer_options.index)
 * An unknown name or a string without '=' is NS_EUSAGE.  New options become
 * new names, so this signature never changes. */
int ns_analyzer_open_args(ns_analyzer **out, const char *const *args, ns_error *err);

/* ns_predict then ns_prediction_json in one call: *out receives predict's
 * JSON object for text[0..len) (id may be NULL; explain_k > 0 adds "explain"
 * with up to explain_k features each way).  scratch may be NULL (one is made
 * for the call).  Free *out with ns_free. */
int ns_predict_json(const ns_model *m, ns_scratch *scratch, const char *text, size_t len, const char *id,
                    int explain_k, char **out, ns_error *err);

/* ------------------------------------------------------------------- input */

/* Reads a whole file (or stream) into a malloc'd buffer with a NUL after its
 * len bytes.  Errors name the file. */
int ns_read_file(const char *path, char **out, size_t *len, ns_error *err);
int ns_read_stream(FILE *f, const char *name, char **out, size_t *len, ns_error *err);

/* ------------------------------------------------------------------ output */

/* Writes path atomically: data goes to a temporary file in the same folder
 * which is renamed over path when complete.  NULL or "-" = standard output. */
typedef struct ns_outfile ns_outfile;
int ns_outfile_open(ns_outfile **out, const char *path, ns_error *err);
int ns_outfile_write(ns_outfile *o, const void *data, size_t len, ns_error *err);
/* The underlying stream, for callers that format output with stdio. */
FILE *ns_outfile_stream(ns_outfile *o);
/* commit != 0: flush and rename into place; 0: remove the temporary file. */
int ns_outfile_close(ns_outfile *o, int commit, ns_error *err);

/* ------------------------------------------------------------------ serve */

/* The HTTP service behind `newssift serve` (routes, bodies, status codes and
 * metrics in docs/http-api.md), on libmicrohttpd in epoll mode with a pool of
 * worker threads, each with its own scratch.  The server prints nothing: it
 * hands the lines worth logging (libmicrohttpd's own errors, failures inside
 * a request) to opts->log when one is given. */
typedef struct ns_server ns_server;

typedef struct ns_server_options {
    const char *host;             /* IPv4 or IPv6 address to bind; NULL = 127.0.0.1 */
    unsigned port;                /* 0 = any free port (ns_server_port tells which) */
    ns_analyzer_options analyzer; /* models_dir also holds the models of /v1/predict */
    const char *index;            /* a trace index (made when missing), lent to the
                                     analyzer and added to by POST /v1/trace/add;
                                     NULL = none (analyzer.index is then used as is) */
    const char *api_key;          /* routes that write want "Authorization: Bearer KEY";
                                     NULL = no key asked */
    size_t max_body;              /* largest request body in bytes (413 above); 0 = 16 MiB */
    size_t max_buffered;          /* bodies held at once, all connections together
                                     (503 above); 0 = 64 x max_body */
    int threads;                  /* worker threads (the pool); < 1 = 1 */
    unsigned read_timeout_ms;     /* time a connection has to deliver a whole request,
                                     counted from when it opened or its last answer was
                                     sent; also the idle keep-alive limit; 0 = 30 s */
    unsigned max_connections;     /* 0 = what the open-file limit allows */
    void (*log)(void *ctx, const char *line);
    void *log_ctx;
} ns_server_options;

/* Loads the analyzer and every models_dir/NAME.nsm, binds and starts
 * serving in background threads.  Errors: NS_EINPUT for a model or list
 * that cannot be loaded, NS_EUSAGE for a bad host, NS_ESYSTEM when the
 * address cannot be bound (the message says why, e.g. in use). */
int ns_server_start(ns_server **out, const ns_server_options *o, ns_error *err);
unsigned ns_server_port(const ns_server *s);
/* Graceful stop: stops accepting connections, answers new requests on open
 * connections 503, waits up to drain_ms for the requests in flight to be
 * answered, then closes every connection and frees the server. */
void ns_server_stop(ns_server *s, unsigned drain_ms);

#ifdef __cplusplus
}
#endif
#endif
