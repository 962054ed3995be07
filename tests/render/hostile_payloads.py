"""Hostile Markdown the renderer must defuse, in one place: the renderer's own tests check
the HTML it makes of them, and the real-browser export test opens the exported pages.

Each list is what one rule of the sanitizer is about.
"""

from __future__ import annotations

# Images from anywhere but the article's own placed photos.
FOREIGN_IMAGES = [
    "![x](http://tracker.example/pixel.gif)",
    "![x](https://tracker.example/pixel.gif)",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "![x](photos/someone-else.jpg)",
    '<img src="https://tracker.example/p.gif">',
    '<IMG SRC="https://tracker.example/p.gif">',
    '<image src="https://tracker.example/p.gif">',
    '<div><img\nsrc="//tracker.example/p.gif"></div>',
    "Text <img src=x onerror=alert(1)> more",
    '<picture><source srcset="https://t.example/a.jpg"><img src="a.jpg"></picture>',
]

# Links whose target is not http(s), mailto or an anchor: they keep their text, lose their href.
FORBIDDEN_LINKS = [
    "[a](javascript:alert(1))",
    "[a](JaVaScRiPt:alert(1))",
    "[a](vbscript:msgbox(1))",
    "[a](data:text/html;base64,PHNjcmlwdD4=)",
    '<a href="jav&#x09;ascript:alert(1)">a</a>',
    '<a href=" javascript:alert(1)">a</a>',
    "[a](other-article.html)",
    "[a](../secret/index.html)",
    "[a](/etc/passwd)",
    "[a](//evil.example/)",
    "[a](file:///etc/passwd)",
    "[a](ftp://example.org/)",
]

# Elements removed together with their content.
FORBIDDEN_ELEMENTS = [
    "<script>alert('x')</script>",
    "<style>body{display:none}</style>",
    "<iframe src='https://example.org'></iframe>",
    "<object data='x'></object><embed src='x'>",
    "<form action='https://x'><input name=a><button>go</button></form>",
    "<svg><script>alert(1)</script><circle r=1 /></svg>",
    "<math><mi>x</mi></math>",
    "Paragraph\n\n<script>\nalert('leak')\n</script>\n\nAfter",
]

# Attributes that run script or restyle the page, typed as HTML or as Markdown attribute lists.
EVENT_HANDLERS_AND_STYLES = (
    '<p onclick="alert(1)" style="color:red" onmouseover=x>Hi</p>\n\n'
    'Para with attributes\n{: onclick="alert(1)" style="color:red" .evil #anchor }'
)

# For the plain-text fields (headline, standfirst, tags) that reach the page's head and JSON-LD.
HOSTILE_TEXT = "</script><script>alert(1)</script><!-- & -->"

HOSTILE_BODIES = [*FOREIGN_IMAGES, *FORBIDDEN_LINKS, *FORBIDDEN_ELEMENTS, EVENT_HANDLERS_AND_STYLES]
