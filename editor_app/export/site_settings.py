"""What the exported site says about itself: its address, name, description and language.

Kept in the library (`library.get_setting`), so the window and the command line publish
the same site, and a desk shares it with the library. The address is what makes a site
findable: canonical links, social cards with absolute image URLs, the sitemaps and
absolute feed links all need it; without it the export still works from any folder.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from urllib.parse import urlsplit

from .errors import SiteSettingsError

DEFAULT_SITE_NAME = "Copydesk"
SETTING_KEYS = {
    "url": "site.url",
    "name": "site.name",
    "description": "site.description",
    "language": "site.language",
}


@dataclass(frozen=True)
class SiteSettings:
    url: str = ""
    """The published site's address, e.g. https://news.example/ (empty: not published yet)."""
    name: str = DEFAULT_SITE_NAME
    description: str = ""
    language: str = "en"

    def __post_init__(self) -> None:
        object.__setattr__(self, "url", normalized_site_url(self.url))
        object.__setattr__(self, "name", " ".join(str(self.name).split()) or DEFAULT_SITE_NAME)
        object.__setattr__(self, "description", " ".join(str(self.description).split()))
        object.__setattr__(self, "language", _checked_language(self.language))

    @classmethod
    def from_library(cls, library) -> SiteSettings:
        """The settings the library remembers (defaults for those never set)."""
        values = {field: library.get_setting(key) for field, key in SETTING_KEYS.items()}
        stored = {field: value for field, value in values.items() if isinstance(value, str)}
        try:
            return cls(**stored)
        except SiteSettingsError:
            return cls(**{k: v for k, v in stored.items() if k != "url"})  # a bad stored URL is no URL

    def with_changes(self, **changes) -> SiteSettings:
        """These settings with the given fields replaced (None leaves a field as it is)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})

    def remember(self, library) -> None:
        """Store every field in the library (through its writer thread)."""
        for field, key in SETTING_KEYS.items():
            library.set_setting(key, getattr(self, field))


def normalized_site_url(url: str) -> str:
    """`url` as the site's base address ending in "/", or "" for none; SiteSettingsError if unusable."""
    url = str(url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise SiteSettingsError(
            f"The site URL must be the address the site is published at, such as https://news.example/, not {url!r}."
        )
    return url if url.endswith("/") else url + "/"


def _checked_language(language: str) -> str:
    from editor_app.render.language import normalized_language

    language = str(language or "").strip() or "en"
    if normalized_language(language).casefold() != language.casefold():
        raise SiteSettingsError(f"{language!r} is not a language tag such as en, fa or pt-BR.")
    return normalized_language(language)
