"""One hostile text, fed to every field a person or a file can write: Markdown links and images, an
autolink, raw HTML, a `javascript:` link, an e-mail address, a Streamlit colour directive."""

from __future__ import annotations

EVIL = "evil.example"
HOSTILE = ("[Reconnectez-vous](https://evil.example/login) ![p](https://evil.example/p.png) www.evil.example "
           "<img src=https://evil.example/i.png><b id=pwned>x</b> [j](javascript:alert(1)) x@evil.example :red[!]")
assert len(HOSTILE) <= 200  # fits every title
