"""Article extraction: main text, title, date, author, language and paywall status of one HTML page."""

from __future__ import annotations

import codecs
import json
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.xml import xmltotxt

from ..times import read_iso, source_utc

MAX_BYTES = 5_000_000
PAYWALL_CHARS = 1500  # a page flagged as paywalled is only a teaser below this many characters
SPLIT_BODY_CHARS = 200  # a body chunk needs this much <p> text to be merged with its siblings
LINK_BLOCK_WORDS = 25  # link-only blocks up to this long are navigation, not article text
LINK_SHARE = 0.8

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—:·•]\s+")
_SENTENCE_END = re.compile(r"(?<!\.\.)[.!?][\"”’)]?$")
_COPYRIGHT = re.compile(r"^\s*(copyright\b|©)", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-z0-9_.:-]+)""", re.I)
_MARKUP = re.compile(r"<\s*[a-z!?/]", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LEGACY_ALIASES = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "utf-16": "utf-8",
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
}
_LOCKED_XPATH = "//meta[(@property='article:content_tier' or @name='article:content_tier') and @content='locked']"
_PAYWALL_PROMPT = re.compile(
    r"subscribe (now )?to (continue|keep) reading|to continue reading,? (please )?(subscribe|log ?in|sign ?in)"
    r"|(this|the rest of this) (article|story|content) is (only )?(available |reserved )?(to|for) (paying )?subscribers",
    re.I,
)
_ARTICLE_TYPE = re.compile(r"Article|Posting|Report", re.I)
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datePublished",
    "pubdate",
    "publishdate",
    "date",
    "dc.date",
    "dcterms.created",
)


def extract_article(html: str | bytes, url: str | None = None, *, max_bytes: int = MAX_BYTES) -> dict:
    """Extract one page's article; never raises: problems are reported in `status` and `error`.

    status: "ok", "paywalled" (teaser text only), "empty" (no article text found) or "failed".
    """
    try:
        return _extract(html, url, max_bytes=max_bytes)
    except Exception as exc:
        return _result(status="failed", error=_one_line(f"{type(exc).__name__}: {exc}"))


def _extract(html: str | bytes, url: str | None, *, max_bytes: int) -> dict:
    if len(html) > max_bytes:  # bytes, or characters for str input
        return _result(status="failed", error=f"input too large: {len(html)} > {max_bytes} limit, not parsed")
    text = decode_html(html) if isinstance(html, bytes) else html
    problem = _input_problem(text)
    if problem:
        return _result(status="empty" if problem == "empty input" else "failed", error=problem)
    tree = trafilatura.load_html(text)
    if tree is None:
        return _result(status="failed", error="HTML could not be parsed")
    return _extract_tree(tree, url)


def _extract_tree(tree: HtmlElement, url: str | None) -> dict:
    facts = _page_facts(tree)
    _drop_hidden(tree)
    _merge_split_bodies(tree)
    doc = _trafilatura(tree, url)
    title = _strip_site_name(_clean(getattr(doc, "title", None)) or facts["headline"], getattr(doc, "sitename", None))
    text = _doc_text(doc, title)
    if not text:  # nothing found: retry with trafilatura's recall-oriented settings
        text = _doc_text(_trafilatura(tree, url, favor_recall=True), title)
    text = _prefer_structured_body(text, facts["article_body"])
    fields = {
        "title": title,
        "published": facts["published"] or _to_utc(getattr(doc, "date", None)),
        "author": facts["author"] or _clean(getattr(doc, "author", None)),
        "lang": facts["lang"] or _language_code(getattr(doc, "language", None)),
    }
    return _result(text=text, status=_status(text, facts["paywall"]), **fields)


def _trafilatura(tree: HtmlElement, url: str | None, *, favor_recall: bool = False) -> Any:
    """trafilatura's Document (or None); links are kept for the link-density clean-up, then stripped."""
    return trafilatura.bare_extraction(
        tree,
        url=url,
        favor_recall=favor_recall,
        include_comments=False,
        include_tables=True,
        include_links=True,
        with_metadata=True,
    )


def _doc_text(doc: Any, title: str | None) -> str | None:
    body = getattr(doc, "body", None)
    return _body_text(body, title) if body is not None else None


def _result(**fields: Any) -> dict:
    base = {"text": None, "title": None, "published": None, "author": None, "lang": None, "status": "ok", "error": None}
    return {**base, **fields}


def _status(text: str | None, paywall_marked: bool) -> str:
    """A paywall flag or prompt only counts when the text is short: metered pages flag full articles too."""
    marked = paywall_marked or bool(_PAYWALL_PROMPT.search((text or "")[-400:]))
    if marked and len(text or "") < PAYWALL_CHARS:
        return "paywalled"
    return "ok" if text else "empty"


def _one_line(message: str, limit: int = 300) -> str:
    return _SPACE.sub(" ", message).strip()[:limit]


def _strip_site_name(title: str | None, site: str | None) -> str | None:
    """'Headline | Site Name' -> 'Headline' when the last part is the site's name."""
    if not title or not site:
        return title
    for sep in reversed(list(_TITLE_SEPARATOR.finditer(title))):
        head, tail = title[: sep.start()].strip(), title[sep.end() :]
        if head and _norm(tail) == _norm(site):
            return head
    return title


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return _SPACE.sub(" ", value).strip() or None


# -- decoding -----------------------------------------------------------------------------------


def decode_html(data: bytes) -> str:
    """Decode page bytes: byte-order mark, then <meta charset>/XML declaration, else UTF-8 with replacement."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    declared = _declared_encoding(data[:8192])
    try:
        return data.decode(declared or "utf-8", errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def _declared_encoding(head: bytes) -> str | None:
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    return _LEGACY_ALIASES.get(name, name)  # browsers read latin-1 as windows-1252, ignore utf-16 in meta


def _input_problem(text: str) -> str | None:
    sample = text[:20_000]
    if not sample.strip():
        return "empty input"
    if sample.count("\x00") or len(_CONTROL.findall(sample)) > len(sample) / 100:
        return "input looks binary, not HTML"
    if not _MARKUP.search(sample):
        return "input is not HTML: no markup found"
    return None


# -- page facts read before extraction (JSON-LD, meta tags) ---------------------------------------


def _page_facts(tree: HtmlElement) -> dict:
    objects = list(_jsonld_objects(tree))
    first = _main_article(objects)
    return {
        "headline": _clean(first.get("headline")),
        "article_body": _clean_block_text(first.get("articleBody")),
        "published": _to_utc(first.get("datePublished")) or _meta_date(tree),
        "author": _jsonld_author(first.get("author")),
        "lang": _language_code(tree.get("lang") or tree.get("xml:lang") or _meta(tree, "og:locale")),
        "paywall": _paywall_marked(tree, objects),
    }


def _main_article(objects: Sequence[dict]) -> dict:
    """The JSON-LD object describing the article: an *Article/*Posting typed one first."""
    candidates = [o for o in objects if o.get("articleBody") or o.get("datePublished") or o.get("headline")]
    typed = [o for o in candidates if _ARTICLE_TYPE.search(str(o.get("@type", "")))]
    return (typed or candidates or [{}])[0]


def _jsonld_objects(tree: HtmlElement) -> Iterator[dict]:
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        yield from _walk_json(data)


def _walk_json(node: object, depth: int = 0) -> Iterator[dict]:
    if depth > 20:
        return
    if isinstance(node, dict):
        yield node
        node = list(node.values())
    if isinstance(node, list):
        for child in node:
            yield from _walk_json(child, depth + 1)


def _jsonld_author(author: object) -> str | None:
    people = author if isinstance(author, list) else [author]
    names = [p.get("name") if isinstance(p, dict) else p for p in people]
    return _clean("; ".join(n.strip() for n in names if isinstance(n, str) and n.strip()))


def _paywall_marked(tree: HtmlElement, objects: Sequence[dict]) -> bool:
    flags = [o.get("isAccessibleForFree") for o in objects if "isAccessibleForFree" in o]
    if any(str(flag).strip().lower() in ("false", "0", "no") for flag in flags):
        return True
    return bool(tree.xpath(_LOCKED_XPATH))


def _meta(tree: HtmlElement, name: str) -> str | None:
    for node in tree.xpath("//meta[@property=$n or @name=$n or @itemprop=$n]", n=name):
        if _clean(node.get("content")):
            return _clean(node.get("content"))
    return None


def _meta_date(tree: HtmlElement) -> datetime | None:
    for name in _DATE_META:
        found = _to_utc(_meta(tree, name))
        if found:
            return found
    return None


def _clean_block_text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    lines = (_SPACE.sub(" ", line).strip() for line in value.splitlines())
    return "\n".join(line for line in lines if line) or None


# -- normalising values ---------------------------------------------------------------------------


def _to_utc(value: object) -> datetime | None:
    """ISO-8601 date or datetime (str, date or datetime) -> aware UTC datetime; naive means UTC."""
    if isinstance(value, str):
        value = read_iso(value.strip())
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if not isinstance(value, datetime):
        return None
    try:
        return source_utc(value)
    except (OverflowError, ValueError):  # e.g. year 1 with a positive offset
        return None


def _language_code(value: object) -> str | None:
    match = re.match(r"\s*([a-zA-Z]{2,3})(?:[-_]|\s*$)", value) if isinstance(value, str) else None
    return match.group(1).lower() if match else None


# -- tree preparation (before trafilatura) ----------------------------------------------------------


def _drop_hidden(tree: HtmlElement) -> None:
    """Remove elements a browser would not show: inline display:none / visibility:hidden, `hidden`."""
    for node in tree.xpath("//body//*[@style or @hidden]"):
        hidden = node.get("hidden") is not None or _HIDDEN_STYLE.search(node.get("style") or "")
        if hidden and node.getparent() is not None:
            node.drop_tree()


def _merge_split_bodies(tree: HtmlElement) -> None:
    """Join an article body split into same-class chunks (between ads) into its first chunk."""
    groups: dict[tuple[str, str], list[HtmlElement]] = defaultdict(list)
    for node in tree.xpath("//body//div[@class] | //body//section[@class]"):
        if _paragraph_chars(node) > SPLIT_BODY_CHARS:
            groups[(node.tag, node.get("class"))].append(node)
    for first, *rest in (chunks for chunks in groups.values() if len(chunks) > 1):
        near = set(list(first.iterancestors())[:3])
        for chunk in rest:
            if near & set(list(chunk.iterancestors())[:3]) and not _nested(first, chunk):
                first.extend(list(chunk))
                chunk.getparent().remove(chunk)


def _paragraph_chars(node: HtmlElement) -> int:
    return sum(len(p.text_content()) for p in node.iterchildren("p"))


def _nested(a: HtmlElement, b: HtmlElement) -> bool:
    return any(x is a for x in b.iterancestors()) or any(x is b for x in a.iterancestors())


# -- body clean-up (after trafilatura, on its XML: p, head, list/item, quote, table, ref...) ------


def _body_text(body: etree._Element, title: str | None) -> str | None:
    _drop_link_blocks(body)
    _drop_headline(body, title)
    _drop_copyright_tail(body)
    _unlink(body)
    lines = (_SPACE.sub(" ", line).strip() for line in xmltotxt(body, False).split("\n"))
    return "\n".join(line for line in lines if line) or None


def _unlink(body: etree._Element) -> None:
    """Strip <ref> tags; source newlines around a link are layout, so squash whitespace around it first."""
    parents = {id(ref.getparent()): ref.getparent() for ref in body.iter("ref")}
    for parent in parents.values():
        if parent is not None and parent.tag != "code":
            parent.text = _squash(parent.text)
            for child in parent:
                child.tail = _squash(child.tail)
                child.text = _squash(child.text) if child.tag == "ref" else child.text
    etree.strip_tags(body, "ref")


def _squash(text: str | None) -> str | None:
    return _SPACE.sub(" ", text) if text else text


def _drop_link_blocks(body: etree._Element) -> None:
    """Drop short blocks that are only a link (related stories, promos) and lists made of them."""
    for block in list(body):
        if (block.tag in ("p", "head") and _is_link_block(block)) or (
            block.tag == "list" and len(block) and all(_is_link_block(item) for item in block)
        ):
            _remove(block)


def _is_link_block(block: etree._Element) -> bool:
    text = "".join(block.itertext()).strip()
    if len(_WORD.findall(text)) > LINK_BLOCK_WORDS or _SENTENCE_END.search(text):
        return False
    return _link_share(block) >= LINK_SHARE


def _link_share(block: etree._Element) -> float:
    total = len(_norm("".join(block.itertext())))
    linked = sum(len(_norm("".join(ref.itertext()))) for ref in block.iter("ref"))
    return linked / total if total else 0.0


def _drop_headline(body: etree._Element, title: str | None) -> None:
    """The headline is returned as `title`: drop a leading <h1>, or an early block repeating the title."""
    blocks = list(body)[:3]
    for block in blocks:
        is_h1 = block is blocks[0] and block.tag == "head" and block.get("rend") == "h1"
        if is_h1 or (title and _norm("".join(block.itertext())) == _norm(title)):
            _remove(block)
            return


def _drop_copyright_tail(body: etree._Element) -> None:
    """Cut a copyright notice among the last three blocks, and what follows it."""
    blocks = list(body)
    for index in range(max(0, len(blocks) - 3), len(blocks)):
        text = "".join(blocks[index].itertext())
        if _COPYRIGHT.search(text) and len(_WORD.findall(text)) <= 40:
            for block in blocks[index:]:
                _remove(block)
            return


def _remove(node: etree._Element) -> None:
    """Remove `node` but keep its tail text."""
    parent = node.getparent()
    if parent is None:
        return
    if node.tail and node.tail.strip():
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def _norm(text: str | None) -> str:
    return " ".join(_WORD.findall((text or "").lower()))


def _prefer_structured_body(text: str | None, article_body: str | None) -> str | None:
    """Use the page's own JSON-LD articleBody when the extraction found (almost) nothing."""
    if article_body and len(text or "") < len(article_body) / 4:
        return article_body
    return text


# -- evaluation helper ------------------------------------------------------------------------------


def shingle_f1(pred: Sequence[str | None], gold: Sequence[str]) -> tuple[float, float, float]:
    """Zyte article-extraction-benchmark score: (precision, recall, F1) over word 4-gram multisets.

    Per document, precision = tp/(tp+fp) and recall = tp/(tp+fn) (both 1 when nothing is missed
    or extra); each is averaged over the documents where it is defined; F1 = 2PR/(P+R).
    """
    counts = [_shingle_counts(p or "", g or "") for p, g in zip(pred, gold, strict=True)]
    precisions = [_ratio(tp, fp, fn) for tp, fp, fn in counts if tp + fp > 0]
    recalls = [_ratio(tp, fn, fp) for tp, fp, fn in counts if tp + fn > 0]
    p = statistics.fmean(precisions) if precisions else 0.0
    r = statistics.fmean(recalls) if recalls else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _ratio(tp: int, wrong: int, other: int) -> float:
    return 1.0 if wrong == other == 0 else tp / (tp + wrong)


def _shingle_counts(pred: str, gold: str) -> tuple[int, int, int]:
    p, g = _shingles(pred), _shingles(gold)
    return sum((p & g).values()), sum((p - g).values()), sum((g - p).values())


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _WORD.findall(text)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])
