"""Text helpers of the knowledge base: Markdown shown safely, the text the search reads, and
taking personal data out of a case's answer."""

from __future__ import annotations

import re
import unicodedata

import markdown
import nh3

BODY_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h2", "h3", "h4", "blockquote",
             "table", "thead", "tbody", "tr", "th", "td", "code", "pre", "hr", "a"}  # fmt: skip


def body_html(text: str) -> str:
    """Articles are written in Markdown; what is shown is sanitised (nh3): no script, no
    style, no image from elsewhere, links only to http(s) and mail."""
    rendered = markdown.markdown(text or "", extensions=["tables", "sane_lists"])
    return nh3.clean(
        rendered, tags=BODY_TAGS, url_schemes={"http", "https", "mailto"}, link_rel="noopener"
    )


def fold(text: str) -> str:
    """Lower case without accents ("Pemberdayaan Désa" → "pemberdayaan desa"): what the
    search compares, on SQLite and PostgreSQL alike. Done here rather than with PostgreSQL's
    `unaccent`, which is an extension to install and not immutable, so no index could use it;
    Indonesian is written without accents anyway, only names and pasted text carry some."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def search_text(*parts: str) -> str:
    """The words an article is found by, folded, one space between them."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(" ".join(parts))))


def words(text: str, *, limit: int = 8, stopwords=frozenset()) -> list[str]:
    """The distinct search words of a query, in order (letters and digits only, so they are
    safe in a raw PostgreSQL tsquery), without the stopwords, at most `limit`."""
    found = []
    for word in re.findall(r"[a-z0-9]+", fold(text)):
        if word not in found and word not in stopwords and len(word) > 1:
            found.append(word)
    return found[:limit]


# --- personal data ---------------------------------------------------------------------------

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Indonesian phone numbers: +62 / 62 / 0, then 8 (mobile) or an area code, in groups.
PHONE = re.compile(r"(?<!\w)(?:\+62|62|0)[\s.-]?\d{2,4}[\s.-]?\d{3,4}[\s.-]?\d{2,5}(?!\w)")
# NIK (16 digits), KK and other long numbers that identify a person.
DIGIT_RUN = re.compile(r"(?<!\d)\d(?:[\s.-]?\d){9,}(?!\d)")
# Titles and degrees around a name ("Drs. H. Ahmad, S.Sos.").
TITLE = re.compile(r"^(?:[A-Za-z]{1,4}\.)+$")

NAME_MARK = "[nama]"
PHONE_MARK = "[nomor telepon]"
NUMBER_MARK = "[nomor]"
EMAIL_MARK = "[e-mail]"


def name_variants(full_name: str) -> list[str]:
    """A person's name as it may be written: in full, without titles and degrees, and
    without the part after a comma ("Drs. H. Ahmad Yani, M.Si." → also "Ahmad Yani")."""
    name = (full_name or "").strip()
    if not name:
        return []
    variants = {name}
    bare = name.split(",")[0]
    variants.add(bare.strip())
    tokens = [t for t in bare.split() if not TITLE.match(t)]
    if tokens:
        variants.add(" ".join(tokens))
    return sorted((v for v in variants if len(v) >= 3), key=len, reverse=True)


def scrub(text: str, *, names=()) -> str:
    """The text without e-mail addresses, phone numbers, long digit runs (NIK) and the given
    people's names. What is left an officer still reads before publishing."""
    text = EMAIL.sub(EMAIL_MARK, text or "")
    text = PHONE.sub(PHONE_MARK, text)
    text = DIGIT_RUN.sub(NUMBER_MARK, text)
    for name in sorted({v for n in names for v in name_variants(n)}, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", NAME_MARK, text, flags=re.IGNORECASE)
    return text
