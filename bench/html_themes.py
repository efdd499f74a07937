"""News-site page themes for bench/page_readers.py: the same article and comments in the
markup of several kinds of real site, with their furniture around and among the paragraphs.

Each theme is a function (rng, title, paras, comments_html, others) -> HTML, where others
is a list of (headline, summary) of other articles for teasers, related links and sidebars.
The themes imitate, without copying, what readers meet:

- simple:   a clean theme (nav, article, sidebar, footer), as the bench had from the start;
- semantic: HTML5 news theme: cookie banner, header nav, breadcrumbs, byline with rel=author,
            share bar, a figure with its caption, an ad slot and a "Read more:" link among the
            paragraphs, tags, a newsletter box, related stories with summaries, most read;
- soup:     an old table layout: the story in one <div> joined by <br><br>, a column of
            teasers (a link, <br>, a summary) beside it, no semantic tags;
- teasers:  a Bootstrap blog: cards and a "more stories" row with summaries, an author bio;
- bbc:      each paragraph in wrappers of its own with hashed class names, a data-component
            byline block, an image block, "More on this story", promos with summaries;
- cnn:      paragraphs as <div class="zn-body__paragraph">, an embedded related article and
            an ad among them, a rail of paid content;
- hashed:   CSS-in-JS class names (the same name for the same role), section[name=articleBody],
            a standfirst, related items with summaries;
- inline:   a regional paper: "READ MORE:" links, a newsletter sign-up and a tip line in <em>
            among the paragraphs, share links, a widget of latest stories.
"""
import html
import itertools

e = html.escape
NAV = ["Home", "World", "UK", "Business", "Politics", "Tech", "Science", "Health", "Sport", "Culture",
       "Opinion", "Video"]


def _nav():
    return "".join('<li><a href="/%s/">%s</a></li>' % (x.lower(), x) for x in NAV)


def simple(rng, title, paras, comments_html, others):
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s &#8211; Daily Site</title></head><body>'
            '<nav><a href="/">Home</a> <a href="/world/">World</a></nav><main><article class="post"><h1 '
            'class="entry-title">%s</h1><div class="entry-content">%s</div></article>%s</main><aside '
            'class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Another story</a></li></ul></aside>'
            '<footer>&copy; Daily Site</footer></body></html>' % (
                e(title), e(title), "".join("<p>%s</p>" % e(p) for p in paras), comments_html))


def semantic(rng, title, paras, comments_html, others):
    body = []
    for i, p in enumerate(paras):
        body.append("<p>%s</p>" % e(p))
        if i == 1:
            body.append('<figure class="media"><img src="/img/1.jpg" alt="photo"><figcaption>%s <span '
                        'class="credit">Photo: Reuters</span></figcaption></figure>' % e(others[0][1][:80]))
        if i == 3:
            body.append('<div class="ad-slot ad"><span>Advertisement</span><div id="div-gpt-ad-1"></div></div>')
        if i == 5:
            body.append('<p class="related-link"><strong>Read more:</strong> <a href="/s/9">%s</a></p>'
                        % e(others[1][0]))
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s | The Daily Ledger</title>'
            '<meta property="og:title" content="%s"><script>window.dataLayer=[];</script><style>.x{}</style>'
            '</head><body><div class="cookie-banner">We use cookies to improve your experience. <button>Accept'
            '</button></div><header class="site-header"><a class="logo" href="/">The Daily Ledger</a><nav><ul>%s'
            '</ul></nav><form class="search"><input name="q"></form></header><main><nav class="breadcrumbs"><a '
            'href="/">Home</a> &rsaquo; <a href="/world/">World</a></nav><article><header><h1>%s</h1><div '
            'class="byline">By <a rel="author" href="/by/jane">Jane Doe</a>, Political Correspondent</div><time '
            'datetime="2026-03-01">1 March 2026</time><ul class="share"><li><a>Facebook</a></li><li><a>Twitter'
            '</a></li><li><a>Email</a></li></ul></header><div class="article-body">%s</div><ul class="tags"><li>'
            '<a>Politics</a></li><li><a>Europe</a></li></ul><div class="newsletter-signup"><h3>Get the morning '
            'briefing</h3><p>Sign up for our newsletter, delivered every weekday morning, with the news you need '
            'to know.</p><form><input type="email"><button>Sign up</button></form></div></article><section '
            'class="related"><h2>Related stories</h2><ul>%s</ul></section>%s</main><aside class="sidebar"><h3>'
            'Most read</h3><ol>%s</ol></aside><footer class="site-footer"><ul>%s</ul><p>&copy; 2026 The Daily '
            'Ledger Ltd. All rights reserved.</p></footer></body></html>') % (
        e(title), e(title), _nav(), e(title), "".join(body),
        "".join('<li class="related-item"><a href="/s/%d"><h3>%s</h3></a><p>%s</p></li>' % (i, e(t), e(s))
                for i, (t, s) in enumerate(others[2:5])),
        comments_html, "".join('<li><a href="/m/%d">%s</a></li>' % (i, e(t)) for i, (t, s) in enumerate(others[5:10])),
        _nav())


def soup(rng, title, paras, comments_html, others):
    return ('<html><head><title>%s - Valley Gazette</title></head><body><div id="wrapper"><div id="top"><img '
            'src="/logo.gif"><div class="menu">%s</div></div><table width="100%%"><tr><td valign="top" '
            'class="leftcol">%s</td><td valign="top"><div class="headline">%s</div><div class="date">Posted: Mar 1, '
            '2026 10:14 AM</div><div class="storytext">%s</div>%s</td><td class="rightcol" valign="top"><b>Top '
            'Stories</b><br>%s</td></tr></table><div id="bottom">Copyright 2026 Valley Gazette. <a href="/privacy">'
            'Privacy</a> | <a href="/terms">Terms</a></div></div></body></html>') % (
        e(title), " | ".join('<a href="/%s">%s</a>' % (x.lower(), x) for x in NAV),
        "<br>".join('<a href="/c/%d">%s</a>' % (i, x) for i, x in enumerate(NAV)), e(title),
        "<br><br>".join(e(p) for p in paras), comments_html,
        "".join('<div class="teaser"><a href="/t/%d">%s</a><br>%s</div>' % (i, e(t), e(s))
                for i, (t, s) in enumerate(others[:5])))


def teasers(rng, title, paras, comments_html, others):
    return ('<!doctype html><html><head><title>%s</title></head><body><header><h2 class="site-name"><a href="/">'
            'Northern Post</a></h2></header><div class="container"><div class="row"><div class="col-md-8"><h1 '
            'class="post-title">%s</h1><p class="post-meta">Staff reporter &middot; 5 min read</p><div '
            'class="post-content">%s</div><div class="author-bio"><img src="/a.jpg"><p>Jane Doe covers politics '
            'for the Northern Post. She has reported from Brussels, Kyiv and Washington, and was previously at '
            'the Herald.</p></div>%s</div><div class="col-md-4">%s</div></div><div class="row more-stories">%s'
            '</div></div><footer><p>Northern Post, 1 High Street, Leeds. Registered in England, no. 1234567.</p>'
            '</footer></body></html>') % (
        e(title), e(title), "".join("<p>%s</p>" % e(p) for p in paras), comments_html,
        "".join('<div class="card"><h4><a href="/c/%d">%s</a></h4><p>%s</p></div>' % (i, e(t), e(s))
                for i, (t, s) in enumerate(others[:4])),
        "".join('<div class="col-md-3"><a href="/m/%d"><img src="/x.jpg"></a><h3><a href="/m/%d">%s</a></h3><p>%s'
                '</p></div>' % (i, i, e(t), e(s)) for i, (t, s) in enumerate(others[4:8])))


def bbc(rng, title, paras, comments_html, others):
    blocks = ['<div data-component="text-block" class="ssrcss-11r1m41-RichTextComponentWrapper ep2nwvo0"><div '
              'class="ssrcss-7uxr49-RichTextContainer e5tfeyi1"><p class="ssrcss-1q0x1qg-Paragraph e1jhz7w10">%s'
              '</p></div></div>' % e(p) for p in paras]
    blocks.insert(1, '<div data-component="image-block" class="ssrcss-l3zbvn-ComponentWrapper"><figure '
                     'class="ssrcss-wpgbih-StyledFigure"><img src="/i.jpg" alt="x"><figcaption '
                     'class="ssrcss-1tnx2vc-Caption"><span class="ssrcss-1pvwv4b-VisuallyHidden">Image caption, '
                     '</span>%s</figcaption></figure></div>' % e(others[0][0]))
    return ('<!DOCTYPE html><html lang="en-GB"><head><title>%s - BBC News</title><meta property="og:title" '
            'content="%s"></head><body><header class="ssrcss-1sj26zu-GlobalNavigation"><nav><ul>%s</ul></nav>'
            '</header><div id="main-wrapper"><main id="main-content"><article class="ssrcss-pv1rh6-ArticleWrapper">'
            '<header class="ssrcss-1eqcsb1-HeadingWrapper"><h1 id="main-heading" '
            'class="ssrcss-15xko80-StyledHeading">%s</h1></header><div data-component="byline-block" '
            'class="ssrcss-1wrqehx-ComponentWrapper"><div class="ssrcss-68pt20-Text-TextContributorName">By Jane '
            'Doe</div><div class="ssrcss-84ltp5-Text">BBC News</div></div>%s<div data-component="links-block" '
            'class="ssrcss-1dq2hsi-ComponentWrapper"><h2>More on this story</h2><ul>%s</ul></div><section '
            'data-component="tag-list"><ul><li><a>Politics</a></li><li><a>Europe</a></li></ul></section></article>'
            '%s</main><div class="ssrcss-1ocoo3l-Wrap"><section aria-labelledby="related"><h2 id="related">Top '
            'stories</h2>%s</section></div></div><footer><nav><ul>%s</ul></nav><p>Copyright 2026 BBC. The BBC is '
            'not responsible for the content of external sites.</p></footer></body></html>') % (
        e(title), e(title), _nav(), e(title), "".join(blocks),
        "".join('<li><a href="/n/%d">%s</a></li>' % (i, e(t)) for i, (t, s) in enumerate(others[1:4])),
        comments_html,
        "".join('<div class="ssrcss-promo"><a href="/p/%d"><p class="ssrcss-17zglt8-PromoHeadline"><span>%s</span>'
                '</p></a><p class="ssrcss-1q0x1qg-Paragraph">%s</p></div>' % (i, e(t), e(s[:120]))
                for i, (t, s) in enumerate(others[4:9])), _nav())


def cnn(rng, title, paras, comments_html, others):
    body = []
    for i, p in enumerate(paras):
        body.append('<div class="zn-body__paragraph%s">%s</div>' % (" speakable" if i < 2 else "", e(p)))
        if i == 2:
            body.append('<div class="el__embedded el__embedded--standard"><div class="el__article--embed"><a '
                        'href="/r/1"><h3>Related Article</h3><span class="cd__headline-text">%s</span></a></div>'
                        '</div>' % e(others[0][0]))
        if i == 4:
            body.append('<div class="ad ad--epic"><div id="ad_bnr_atf_01"></div></div>')
    return ('<html><head><title>%s | CNN Politics</title></head><body><div class="pg-header"><nav class="nav">%s'
            '</nav></div><div class="pg-right-rail-tall pg-wrapper"><article class="pg-rail-tall '
            'pg-rail--align-right"><div class="l-container"><h1 class="pg-headline">%s</h1><div class="metadata">'
            '<p class="metadata__byline">By <span class="metadata__byline__author">Jane Doe, CNN</span></p><p '
            'class="update-time">Updated 2:14 PM ET, Sun March 1, 2026</p></div></div><div class="l-container">'
            '<div class="pg-rail-tall__body"><section id="body-text" class="zn zn-body-text"><div '
            'class="l-container">%s</div></section></div><div class="pg-rail-tall__rail"><div '
            'class="zn-large-media"><h2>Paid Content</h2>%s</div></div></div></article>%s</div><footer '
            'class="l-footer"><p>&copy; 2026 Cable News Network. A Warner Bros. Discovery Company. All Rights '
            'Reserved.</p></footer></body></html>') % (
        e(title), _nav(), e(title), "".join(body),
        "".join('<article class="cd"><a href="/x/%d"><h3 class="cd__headline"><span>%s</span></h3></a></article>'
                % (i, e(t)) for i, (t, s) in enumerate(others[1:6])), comments_html)


def hashed(rng, title, paras, comments_html, others):
    names = {}

    def cls(role):
        if role not in names:
            names[role] = "css-" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(6))
        return names[role]
    n = itertools.count()

    def c():
        return cls(next(n))
    return ('<!DOCTYPE html><html><head><title>%s - The New York Chronicle</title><meta property="og:title" '
            'content="%s"></head><body><div id="app"><div class="%s"><header class="%s"><div class="%s">%s</div>'
            '</header><main id="site-content"><div class="%s"><article id="story" class="%s"><header class="%s">'
            '<h1 class="%s" data-testid="headline">%s</h1><p class="%s">%s</p><div class="%s"><p class="%s">By <a '
            'href="/by/jane-doe" class="%s">Jane Doe</a></p><time class="%s">March 1, 2026</time></div></header>'
            '<section name="articleBody" class="meteredContent %s">%s</section></article></div>%s</main><div '
            'class="%s"><h2 class="%s">More in World</h2><ol>%s</ol></div><footer class="%s"><nav>%s</nav>'
            '</footer></div></div></body></html>') % (
        e(title), e(title), c(), c(), c(), " ".join('<a href="/s/%d">%s</a>' % (i, x) for i, x in enumerate(NAV)),
        c(), c(), c(), c(), e(title), c(), e(others[0][1][:110]), c(), c(), c(), c(), c(),
        "".join('<div class="%s StoryBodyCompanionColumn"><div class="%s"><p class="%s">%s</p></div></div>'
                % (cls("col"), cls("colin"), cls("p"), e(p)) for p in paras),
        comments_html, c(), c(),
        "".join('<li class="%s"><a href="/m/%d"><h3 class="%s">%s</h3><p class="%s">%s</p></a></li>'
                % (cls("li"), i, cls("h3"), e(t), cls("p2"), e(s[:140])) for i, (t, s) in enumerate(others[1:6])),
        c(), _nav())


def inline(rng, title, paras, comments_html, others):
    body = []
    for i, p in enumerate(paras):
        body.append("<p>%s</p>" % e(p))
        if i == 1:
            body.append('<p><strong>READ MORE:</strong> <a href="/r/1">%s</a></p>' % e(others[0][0]))
        if i == 3:
            body.append('<p><em>Sign up to our free daily newsletter for the latest headlines, delivered to your '
                        'inbox every morning.</em></p>')
        if i == 5:
            body.append('<div class="inline-ad"><p>Advertisement</p></div>')
    body.append('<p><em>Have a story? Email us at news@gazette.example or call 0800 123 456.</em></p>')
    return ('<!doctype html><html><head><title>%s | Evening Gazette</title></head><body><div class="site"><div '
            'class="top-bar"><a href="/">Evening Gazette</a> <a href="/subscribe">Subscribe</a></div><div '
            'class="content-area"><div class="post"><h1>%s</h1><div class="post-byline">Jane Doe, Chief Reporter'
            '</div><div class="post-body">%s</div><div class="post-share"><a>Share on Facebook</a> <a>Share on X'
            '</a></div></div>%s</div><div class="widget-area"><section class="widget"><h2 class="widget-title">'
            'Latest</h2><ul>%s</ul></section></div></div></body></html>') % (
        e(title), e(title), "".join(body), comments_html,
        "".join('<li><a href="/l/%d">%s</a></li>' % (i, e(t)) for i, (t, s) in enumerate(others[1:7])))


THEMES = {"simple": simple, "semantic": semantic, "soup": soup, "teasers": teasers, "bbc": bbc, "cnn": cnn,
          "hashed": hashed, "inline": inline}
