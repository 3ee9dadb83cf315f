"""Sites as packs name them. A module of its own, light enough for the CLI's parser and
`learn` to import without loading the engine."""
from __future__ import annotations

from urllib.parse import urlsplit


def site_name(site: str) -> str:
    """A site as packs name it, from a domain or a URL: the host, lower case, without `www.`
    ("https://WWW.Example.com:8080/a" -> "example.com"); "" when there is none."""
    site = site.strip()
    try:
        host = urlsplit(site if "//" in site else "//" + site).hostname or ""
    except ValueError:  # an unbalanced [ ] taken for an IPv6 address
        return ""
    host = host.rstrip(".")
    return host[4:] if host.startswith("www.") else host
