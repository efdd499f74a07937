/* cmd_serve.c — `newssift serve`: the HTTP service until SIGTERM or SIGINT. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cli.h"

static const char help[] =
    "usage: newssift serve [options]\n"
    "\n"
    "Serves the trust report, predictions and the web page over HTTP (docs/http-api.md):\n"
    "POST /v1/analyze, /v1/predict, /v1/batch, /v1/trace/add; GET /v1/models, /healthz,\n"
    "/metrics and / (the web page).  SIGTERM or SIGINT stops it gracefully: it stops\n"
    "accepting, answers the requests in flight, then exits 0.\n"
    "\n"
    "  --host ADDR           IPv4 or IPv6 address to listen on            [127.0.0.1]\n"
    "  --port N              port; 0 picks a free one (printed on stderr)       [8080]\n"
    "  --models DIR          the bundled models; every DIR/NAME.nsm is served to\n"
    "                        /v1/predict as NAME               [" NS_DEFAULT_MODELS "]\n"
    "  --sources FILE        a site reputation list; repeat for several\n"
    "  --index INDEX         a trace index (made when missing): reports get their trace,\n"
    "                        and POST /v1/trace/add adds to it\n"
    "  --api-key-file FILE   /v1/trace/add then wants 'Authorization: Bearer KEY', KEY\n"
    "                        being the file's first line\n"
    "  --max-body BYTES      largest request body (413 above)              [16777216]\n"
    "  --max-buffered BYTES  request bodies held at once (503 above)   [64 x max-body]\n"
    "  --threads N           worker threads                                   [cores]\n"
    "  --read-timeout SECS   time a client has to send a whole request; also the idle\n"
    "                        keep-alive limit                                     [30]\n"
    "  --max-connections N   open connections at once          [the open-file limit]\n"
    "  --drain-timeout SECS  on SIGTERM, how long requests in flight may take      [30]\n";

static void log_line(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, "newssift serve: %s\n", line);
}

/* The key is the file's first line, without surrounding white space. */
static int read_key(const char *path, char **key, ns_error *err)
{
    char *data;
    size_t len;
    int rc = ns_read_file(path, &data, &len, err);
    if (rc)
        return rc;
    char *s = data;
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    size_t n = strcspn(s, "\r\n");
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0 || memchr(data, '\0', len)) {
        free(data);
        return ns_fail(err, NS_EINPUT, "%s: no API key in the file (its first line is the key)", path);
    }
    memmove(data, s, n);
    data[n] = '\0';
    *key = data;
    return NS_OK;
}

int cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"host", required_argument, 0, 'H'},
        {"port", required_argument, 0, 'p'},
        {"models", required_argument, 0, 'm'},
        {"sources", required_argument, 0, 's'},
        {"index", required_argument, 0, 'i'},
        {"api-key-file", required_argument, 0, 'k'},
        {"max-body", required_argument, 0, 'b'},
        {"max-buffered", required_argument, 0, 'B'},
        {"threads", required_argument, 0, 't'},
        {"read-timeout", required_argument, 0, 'r'},
        {"max-connections", required_argument, 0, 'c'},
        {"drain-timeout", required_argument, 0, 'd'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    const char *sources[64], *key_file = NULL, *index = NULL;
    ns_server_options so = {0};
    so.host = "127.0.0.1";
    so.port = 8080;
    so.analyzer = (ns_analyzer_options){.models_dir = ns_models_default(), .sources = sources};
    so.threads = default_threads();
    so.log = log_line;
    double secs, drain_s = 30;
    long l;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'H': so.host = optarg; break;
        case 'p':
            if (parse_long(optarg, 0, 65535, &l))
                return usage_error("serve", "--port wants a number within 0-65535, not '%s'", optarg);
            so.port = (unsigned)l;
            break;
        case 'm': so.analyzer.models_dir = optarg; break;
        case 's':
            if (so.analyzer.n_sources == 64)
                return usage_error("serve", "at most 64 --sources files");
            sources[so.analyzer.n_sources++] = optarg;
            break;
        case 'i': index = optarg; break;
        case 'k': key_file = optarg; break;
        case 'b':
        case 'B':
            if (parse_long(optarg, 1, (long)1 << 40, &l))
                return usage_error("serve", "--%s wants a number of bytes within 1-2^40, not '%s'",
                                   c == 'b' ? "max-body" : "max-buffered", optarg);
            *(c == 'b' ? &so.max_body : &so.max_buffered) = (size_t)l;
            break;
        case 't':
            if (parse_long(optarg, 1, 256, &l))
                return usage_error("serve", "--threads wants a number within 1-256, not '%s'", optarg);
            so.threads = (int)l;
            break;
        case 'r':
            if (parse_double(optarg, 0.1, 86400, &secs))
                return usage_error("serve", "--read-timeout wants seconds within 0.1-86400, not '%s'",
                                   optarg);
            so.read_timeout_ms = (unsigned)(secs * 1000 + 0.5);
            break;
        case 'c':
            if (parse_long(optarg, 1, 1000000, &l))
                return usage_error("serve", "--max-connections wants a number within 1-1000000, not '%s'",
                                   optarg);
            so.max_connections = (unsigned)l;
            break;
        case 'd':
            if (parse_double(optarg, 0, 86400, &drain_s))
                return usage_error("serve", "--drain-timeout wants seconds within 0-86400, not '%s'", optarg);
            break;
        case 'h': fputs(help, stdout); return 0;
        default: return usage_error("serve", "bad option");
        }
    }
    if (optind < argc)
        return usage_error("serve", "no operands (got '%s')", argv[optind]);
    ns_error err = {0};
    so.index = index;
    char *key = NULL;
    if (key_file && read_key(key_file, &key, &err))
        return report(&err);
    so.api_key = key;

    /* a server wants many sockets: take the whole open-file allowance */
    struct rlimit rl;
    if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    /* the signals wait for sigwait below; the server's threads inherit the mask */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    ns_server *s = NULL;
    int rc = ns_server_start(&s, &so, &err);
    free(key);
    if (rc)
        return report(&err);
    fprintf(stderr, "newssift serve: listening on http://%s%s%s:%u/ (%d threads)\n",
            strchr(so.host, ':') ? "[" : "", so.host, strchr(so.host, ':') ? "]" : "", ns_server_port(s),
            so.threads);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "newssift serve: %s: finishing the requests in flight\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    ns_server_stop(s, (unsigned)(drain_s * 1000));
    fprintf(stderr, "newssift serve: stopped\n");
    return 0;
}
