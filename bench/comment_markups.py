"""Comment sections in the markup of real comment systems, for bench/page_readers.py.

MARKUPS maps a name to a function (comments) -> HTML, comments being [(author, text), ...].
FIRST are the four markups the bench started with (WordPress's list, Disqus's embed, blocks with
no class names under a heading, a Bootstrap-style media list); LATER are comment systems that
render into the page: Coral, Viafoura, OpenWeb (Spot.IM), Commento, Drupal's comment module and
Discourse's embed.  The class names imitate what each system's rendered page carries.
"""
import html

e = html.escape


def wordpress(comments):
    return ('<div id="comments" class="comments-area"><h2 class="comments-title">%d thoughts</h2><ol '
            'class="comment-list">%s</ol></div>' % (len(comments), "".join(
                '<li class="comment"><article class="comment-body"><footer class="comment-meta"><div '
                'class="comment-author vcard"><b class="fn">%s</b> <span class="says">says:</span></div><div '
                'class="comment-metadata"><time>June 5, 2017 at 10:%02d am</time></div></footer><div '
                'class="comment-content"><p>%s</p></div><div class="reply"><a class="comment-reply-link" '
                'href="#">Reply</a></div></article></li>' % (e(name), k, e(text))
                for k, (name, text) in enumerate(comments))))


def disqus(comments):
    return ('<div id="disqus_thread"><div class="thread"><h3 class="comment-count">%d Comments</h3><ul '
            'class="post-list">%s</ul></div></div>' % (len(comments), "".join(
                '<li class="post"><div class="post-content"><div class="post-header"><span class="author"><a '
                'href="https://disqus.com/by/u%d/">%s</a></span> <span class="post-meta"><a class="time-ago" '
                'href="#">%d hours ago</a></span></div><div class="post-body"><div class="post-message"><p>%s'
                '</p></div></div><footer><a class="vote-up">5</a> <a class="reply">Reply</a></footer></div></li>'
                % (k, e(name), k + 1, e(text)) for k, (name, text) in enumerate(comments))))


def plain(comments):
    return ('<section><h2>Reader comments</h2>%s</section>' % "".join(
        '<div><p><b>%s</b> <span>%d days ago</span></p><p>%s</p></div>' % (e(name), k + 1, e(text))
        for k, (name, text) in enumerate(comments)))


def media(comments):
    return ('<div class="comments"><h4>Comments (%d)</h4>%s</div>' % (len(comments), "".join(
        '<div class="media"><img class="mr-3" src="/a.png" alt=""><div class="media-body"><h5 class="mt-0">%s '
        '<small>March %d, 2026 at 9:%02d am</small></h5>%s</div></div>' % (e(name), k + 1, k, e(text))
        for k, (name, text) in enumerate(comments))))


def coral(comments):
    return ('<div id="coral_thread"><div class="coral coral-stream"><div class="coral-counts">%d Comments</div>%s'
            '</div></div>' % (len(comments), "".join(
                '<div class="coral-comment" role="article"><div class="coral-comment-topBar"><span '
                'class="coral-comment-username coral-username">%s</span> <span class="coral-timestamp '
                'coral-comment-timestamp">%d hours ago</span></div><div class="coral-comment-content '
                'coral-content">%s</div><div class="coral-comment-actionBar"><button '
                'class="coral-comment-reactButton">Respect</button><button class="coral-comment-replyButton">Reply'
                '</button><button class="coral-comment-reportButton">Report</button></div></div>'
                % (e(n), k + 1, e(t)) for k, (n, t) in enumerate(comments))))


def viafoura(comments):
    return ('<div class="viafoura"><vf-conversations><div class="vf-comments"><h2 '
            'class="vf-conversations-title">Conversation</h2>%s</div></vf-conversations></div>' % "".join(
                '<div class="vf-comment vf3-comment"><div class="vf-comment-header"><a class="vf-username '
                'vf3-comment__username" href="#">%s</a><time class="vf-timestamp">%dh</time></div><div '
                'class="vf-content vf3-comment__content"><p>%s</p></div><div class="vf-comment-actions"><button>'
                'Like</button><button>Reply</button></div></div>' % (e(n), k + 1, e(t))
                for k, (n, t) in enumerate(comments)))


def openweb(comments):
    return ('<div data-spotim-module="conversation"><div class="spcv_conversation"><div '
            'class="spcv_messages-list"><ul class="spcv_messages">%s</ul></div></div></div>' % "".join(
                '<li class="spcv_list-item"><article class="spcv_message" data-spot-im-class="message-view"><header>'
                '<span class="spcv_username" data-spot-im-class="message-username">%s</span><time '
                'data-spot-im-class="message-timestamp">%d hours ago</time></header><div class="spcv_message-text" '
                'data-spot-im-class="message-text"><p>%s</p></div><footer><button>Reply</button><span>%d</span>'
                '</footer></article></li>' % (e(n), k + 1, e(t), k) for k, (n, t) in enumerate(comments)))


def commento(comments):
    return ('<div id="commento"><div class="commento-main-area"><div class="commento-comments">%s</div></div>'
            '</div>' % "".join(
                '<div class="commento-card"><div class="commento-header"><div class="commento-name">%s</div><div '
                'class="commento-subtitle"><div class="commento-timeago">%d days ago</div></div></div><div '
                'class="commento-body"><p>%s</p></div><div class="commento-options"><button '
                'class="commento-option-reply">Reply</button></div></div>' % (e(n), k + 1, e(t))
                for k, (n, t) in enumerate(comments)))


def drupal(comments):
    return ('<section class="comments"><h2 class="title comment-form__title">Comments</h2>%s</section>' % "".join(
        '<article role="article" class="comment js-comment by-anonymous"><span class="hidden" '
        'data-comment-user-id="0"></span><footer class="comment__meta"><p class="comment__author"><span>%s</span></p>'
        '<p class="comment__time">Mon, 03/0%d/2026 - 10:14</p></footer><div class="comment__content"><div '
        'class="field field--name-comment-body field--type-text-long"><p>%s</p></div><ul class="links inline"><li '
        'class="comment-reply"><a href="#">Reply</a></li></ul></div></article>' % (e(n), k % 9 + 1, e(t))
        for k, (n, t) in enumerate(comments)))


def discourse(comments):
    return ('<div id="discourse-comments"><div class="topic-posts">%s</div></div>' % "".join(
        '<article class="topic-post"><div class="row"><div class="topic-avatar"><img src="/u.png"></div><div '
        'class="topic-body"><div class="topic-meta-data"><div class="names"><span class="first username"><a '
        'href="/u/x%d">%s</a></span></div><div class="post-info post-date">%dh</div></div><div class="cooked"><p>%s'
        '</p></div></div></div></article>' % (k, e(n), k + 1, e(t)) for k, (n, t) in enumerate(comments)))


FIRST = ("wordpress", "disqus", "plain", "media")
LATER = ("coral", "viafoura", "openweb", "commento", "drupal", "discourse")
MARKUPS = {"wordpress": wordpress, "disqus": disqus, "plain": plain, "media": media, "coral": coral,
           "viafoura": viafoura, "openweb": openweb, "commento": commento, "drupal": drupal,
           "discourse": discourse}
