"""A news site's furniture around a page copied as text, for bench/page_readers.py: what a
reader gets from selecting a whole page in a browser, or from a scraper that keeps every line.

wrap(rng, title, paras, comments_text, others) -> the page's text, where comments_text is the
comment section as page_readers wrote it and others are headlines of other articles.  Drawn at
random: above the headline, a "Skip to main content" line, the site's name and its menu one item a
line, a row of links between '|', a menu of account links, or a breadcrumb trail; under it, a
byline over a date, a writer's name with "Published 3 hours ago", or a line of byline, date and
reading time over share buttons; among the paragraphs, "Advertisement" or a "READ MORE:" link to
another story; and around the comments, related stories, a numbered "Most read" list, share links,
and the footer's copyright and links.
"""
NAV = ["Home", "World", "UK", "Business", "Politics", "Tech", "Science", "Health", "Sport", "Opinion"]


def wrap(rng, title, paras, comments_text, others):
    top = rng.choice([
        "Skip to main content\n\nThe Daily Ledger\n\n" + "\n".join(NAV) + "\n\n",
        "Menu\nSearch\nSubscribe\nSign in\n\n",
        "The Daily Ledger | " + " | ".join(NAV) + "\n\n",
        "Home > World > Europe\n\n",
        ""])
    by = rng.choice(["By Jane Doe\n1 March 2026\n\n", "Jane Doe, Political Correspondent\nPublished 3 hours ago\n\n",
                     "By JANE DOE | March 1, 2026 | 5 min read\n\nShare\nTweet\nEmail\n\n", ""])
    blocks = list(paras)
    blocks.insert(min(2, len(blocks)), rng.choice(["Advertisement", "READ MORE: " + others[0],
                                                   "Story continues below advertisement"]))
    related = "Related stories\n\n" + "\n\n".join(others[1:4]) + "\n\n"
    most_read = "Most read\n\n" + "\n".join("%d. %s" % (i + 1, o) for i, o in enumerate(others[1:6])) + "\n\n"
    share = "Share this article\nFacebook\nTwitter\nEmail\n\n"
    footer = "\u00a9 2026 The Daily Ledger. All rights reserved.\nPrivacy Policy\nTerms of Use\nContact\n"
    before = rng.choice([share, related, ""])
    after = rng.choice([related + footer, most_read, footer, ""])
    return top + title + "\n\n" + by + "\n\n".join(blocks) + "\n\n" + before + comments_text + \
        ("\n\n" if after and not comments_text.endswith("\n\n") else "") + after
