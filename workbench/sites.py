"""Web sites from host names: which site a sub-domain belongs to, and what is a domain at all.

By the Public Suffix List as tldextract ships it (BSD-3-Clause; the list's snapshot is inside the
package and is never fetched here), so that ``english.chinadaily.com.cn`` is ``chinadaily.com.cn``,
``bbc.co.uk`` stays whole, and two blogs on ``blogspot.com`` stay two sites.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

#: A domain as an alias is written: labels of letters, digits and hyphens joined by dots.
_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}")


def is_domain(text: str) -> bool:
    """Whether ``text`` names a web domain ("chinadaily.com.cn") rather than an outlet's name."""
    return bool(_DOMAIN.fullmatch(text.strip().lower()))


@cache
def _extractor() -> Any:
    import tldextract  # deferred: only imports with a domain need it

    # The Public Suffix List snapshot inside the package; never fetched (no URLs, no cache).
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


def site_of(domain: str) -> str:
    """The site a host belongs to: ``english.chinadaily.com.cn`` → ``chinadaily.com.cn``.

    By the Public Suffix List, so that ``bbc.co.uk`` stays whole and two blogs on
    ``blogspot.com`` stay two sites; a host the list cannot place is its own site.
    """
    host = domain.strip().lower().removeprefix("www.")
    found = _extractor()(host)
    # tldextract 5.3 renamed registered_domain (now deprecated) to top_domain_under_public_suffix
    renamed = "top_domain_under_public_suffix"
    site = getattr(found, renamed) if hasattr(found, renamed) else found.registered_domain
    return str(site or host)
