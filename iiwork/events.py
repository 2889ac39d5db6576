"""Rule-based, explainable business-event tags (funding, acquisition, earnings, ...) from a title and opening text."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from .errors import InvalidInput

EVENT_TYPES = ("funding", "acquisition", "earnings", "leadership", "product", "partnership", "layoffs",
               "expansion", "legal", "other")
OTHER = "other"
COLUMNS = ("event_type", "event_match")
OPENING_CHARS = 300

# Building blocks shared by several rules.
_MONEY = (r"(?:(?:US|C|A|HK|S|NZ)?[$€£¥₹]\s?\d[\d.,]*(?<![.,])(?!\d)(?:\s?(?:[kmbt]n?|mln|bln|million|billion|trillion)\b)?"
          r"|(?:USD|EUR|GBP|CHF|JPY|INR|CNY)\s?\d[\d.,]*(?<![.,])(?!\d)(?:\s?(?:[kmb]n?|million|billion)\b)?"
          r"|\d[\d.,]*\s?(?:million|billion|mln|bln|bn|mn)\b(?:\s(?:dollars|euros|pounds|yen|yuan|rupees))?)")
_ROLE = (r"(?:CEO|CFO|COO|CTO|CMO|CIO|CPO|CRO|CISO|chief\s+(?:\w+\s+){0,2}?(?:officer|executive)|chief|president"
         r"|chair(?:man|woman|person)?|managing\s+director|general\s+counsel|head\s+of\s+\w+|board\s+(?:member|director)"
         r"|(?:executive\s+|senior\s+)?vice\s+president|EVP|SVP|VP|top\s+(?:executive|boss)|boss|co-?founder)\b")
_GAP = r"(?:[^\s.;:!?]+\s+){0,%d}?"
_STAFF = r"(?:jobs|roles|positions|posts|staff|staffers|workers|employees|people|engineers|headcount|workforce)\b"
_SITE = (r"(?:offices?|headquarters|HQ|plants?|factor(?:y|ies)|gigafactor(?:y|ies)|facilit(?:y|ies)|campus|hub"
         r"|data\s+cent(?:er|re)s?|stores?|warehouses?|distribution\s+cent(?:er|re)s?|(?:R&D|research|tech|innovation)"
         r"\s+cent(?:er|re)s?|sites?|branch(?:es)?|mills?|labs?)\b")
_SITE_END = (r"(?=\s*$|\s*[,.;:!?(]|\s+(?:in|at|on|near|for|to|with|and|as|after|outside|across|by|from|this|next|"
             r"that|which|amid|over|under|within|serving)\b)")
_NOT_LAUNCHED = (r"(?!" + _GAP % 2 + r"(?:investigations?|probes?|inquir(?:y|ies)|enquir(?:y|ies)|review|audit|"
                 r"lawsuits?|suit|legal|appeal|bid|takeover|offer|tender|campaign|search|IPO|listing|restructuring|"
                 r"layoffs?|results|earnings|statement|report|data|figures|guidance|outlook|forecast|"
                 r"hostages?|buybacks?|share\s+buyback)\b)")

# Per type: (strong rules, weak rules). A strong rule is an unambiguous event phrase; a weak one a hint.
RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "acquisition": ((
        r"acquir(?:es|ed|ing|e)\b(?!\s+" + _GAP % 2 + r"(?:customers|users|subscribers|talent|skills|taste|data)\b)",
        r"(?:acquisition|takeover|buyout|buy-out|merger)s?\b",
        r"merg(?:es|ed|ing|e)\s+with", r"take-?over\s+(?:bid|offer|deal|battle|target|approach)",
        r"(?:buys?|bought|buying|to\s+buy)\s+(?!back\b)(?:" + _GAP % 3 + r"(?:stake|unit|division|business|rival|"
        r"startup|start-up|company|firm|maker|operator|assets|brand|chain|developer|provider)\b|(?-i:[A-Z0-9]))",
        r"(?:snaps?|snapped|scoops?|scooped)\s+up",
        r"(?:sells?|sold|selling|to\s+sell|offloads?|offloaded)\s+" + _GAP % 3 + r"(?:unit|division|business|stake|"
        r"arm|subsidiary|brand|assets|operations)\s+to\b",
        r"divest(?:s|ed|iture|ment|ing)?\b", r"spin(?:s|ning)?\s+off\b", r"spin-?off\b", r"carve-?out\b",
        r"agrees?\s+to\s+(?:be\s+)?(?:bought|acquired|sold|buy|acquire|merge)\b",
        r"in\s+talks\s+to\s+(?:buy|acquire|merge)\b", r"(?:deal|bid|offer)\s+(?:to\s+buy|for\s+(?-i:[A-Z]))",
        r"(?:all-cash|all-stock|cash-and-stock)\s+deal",
        r"(?:complet|clos|finali[sz]|announc)(?:es|ed|ing|e)\s+" + _GAP % 2 + r"(?:purchase|sale)\s+of\b",
    ), (r"(?:deal|bid)\s+for\b", r"combine\s+with\b", r"purchase\s+of\b")),
    "layoffs": ((
        r"lay(?:s|ing)?\s+off\b", r"laid\s+off\b", r"lay-?offs?\b",
        r"(?:cuts?|cutting|slash(?:es|ed|ing)?|ax(?:es|ed|ing)|axe|eliminat(?:es|ed|ing|e)|shed(?:s|ding)?|trims?|"
        r"trimmed|reduc(?:es|ed|ing|e)|fires?|fired|sacks?|sacked)\s+" + _GAP % 4 + _STAFF,
        r"job\s+(?:cuts|losses|reductions|cull)", r"redundanc(?:y|ies)\b", r"furloughs?\b", r"furloughed\b",
        r"downsiz(?:es|ed|ing|e)\b", r"restructur(?:es|ed|ing|e)\b", r"reorgani[sz](?:ation|es|ed|ing)\b",
        r"(?:workforce|headcount|staff)\s+(?:reduction|cuts?)", r"hiring\s+freeze",
        r"(?:files?|filed|filing)\s+for\s+(?:chapter\s+(?:11|7)\s+)?(?:bankruptcy|insolvency|administration)\b",
        r"bankrupt(?:cy)?\b", r"chapter\s+11\b", r"insolven(?:cy|t)\b", r"(?:enters|entered|into)\s+administration",
        r"(?:clos(?:es|ed|ing|e)|shut(?:s|ting)?(?:\s+down)?|to\s+close|to\s+shut)\s+" + _GAP % 3 + _SITE + _SITE_END,
        r"(?:winds?|winding)\s+down\b", r"cost[- ]cutting\b",
    ), ()),
    "legal": ((
        r"su(?:es|ed|ing)\b", r"lawsuits?\b", r"class[- ]action\b", r"(?:files?|filed)\s+(?:a\s+)?(?:suit|complaint)",
        r"litigation\b", r"legal\s+(?:action|battle|fight|challenge|dispute|case|threat)",
        r"(?:court|judge|jury|tribunal|regulators?|watchdog)\s+(?:rules?|ruled|finds?|found|orders?|ordered|sides?|"
        r"dismiss(?:es|ed)|rejects?|rejected|blocks?|blocked|halts?|halted|probes?|investigates?|fines?|fined)\b",
        r"verdict\b", r"(?:stands?|on)\s+trial\b", r"indict(?:ed|ment|s)?\b", r"charged\s+with\b",
        r"plead(?:s|ed)?\s+guilty", r"settles?\b", r"settled\b", r"settlements?\b", r"fined\b",
        r"fines\s+(?-i:[A-Z])", r"(?:faces?|facing|hit\s+with|slapped\s+with|pays?|paid|record|hefty)\s+"
        + _GAP % 2 + r"(?:fines?|penalt(?:y|ies))\b", _MONEY + r"\s+(?:fines?|penalty)\b", r"sanction(?:s|ed)\b",
        r"probes\b", r"probed\b", r"investigates\b", r"investigated\b",
        r"(?:launch(?:es|ed)?|opens?|opened|faces?|facing|under|begins?|widens?|federal|criminal|antitrust|"
        r"regulatory)\s+(?:an?\s+|internal\s+|formal\s+)?(?:investigation|probe|inquiry)",
        r"antitrust\b", r"anti-trust\b", r"subpoena(?:s|ed)?\b", r"injunction\b", r"arbitration\b",
        r"infring(?:es|ed|ing|ement)\b", r"patent\s+(?:dispute|suit|case|fight|battle|claim|war)",
        r"recall(?:s|ed|ing)?\b", r"banned\s+from\b", r"bann?(?:s|ed)?\s+(?:on\s+)?(?:\w+\s+)?(?:sales|imports?|"
        r"exports?|use|app|products?)\b", r"blocks?\s+" + _GAP % 3 + r"(?:deal|merger|acquisition|takeover|sale)",
        r"whistle-?blower\b", r"allegations?\b", r"alleg(?:es|ed|edly)\b", r"accus(?:es|ed)\b",
        r"violat(?:es|ed|ion|ions)\b", r"consent\s+decree", r"raid(?:s|ed)\b", r"appeals?\s+(?:court|ruling|against)",
    ), (
        r"court\b", r"judge\b", r"investigations?\b", r"probe\b", r"inquiry\b", r"regulators?\b",
        r"regulatory\b", r"watchdog\b", r"(?-i:SEC|FTC|DOJ|CMA|FCA|FDA|EPA|NHTSA)\b", r"Justice\s+Department",
        r"European\s+Commission", r"approv(?:al|es|ed)\b", r"permits?\b", r"compliance\b", r"GDPR\b",
        r"scrutiny\b",
    )),
    "funding": ((
        r"(?:rais(?:es|ed|ing|e)|secur(?:es|ed|ing|e)|lands?|landed|clos(?:es|ed|ing)|bag(?:s|ged)|nets?|netted|"
        r"gets?|got|receiv(?:es|ed)|attracts?|attracted|pulls?\s+in|snag(?:s|ged)|scores?|scored|wins?|won)\s+"
        + _GAP % 2 + _MONEY + r"(?!\s+" + _GAP % 3 + r"(?:contracts?|orders?|deals?|acquisition|buyout|takeover|"
        r"revenue|sales|profit|loss|fines?|penalty|settlement|damages|lawsuit|jackpot|prize)\b)",
        r"rais(?:es|ed|ing|e)\s+" + _GAP % 3 + r"(?:funding|capital|financing|round|investment|seed|cash|money|"
        r"(?-i:Series))\b",
        r"(?-i:Series [A-H])\b", r"series\s+[a-h]\s+(?:round|funding|financing|raise)", r"(?:pre-)?seed\s+(?:round|"
        r"funding|financing|investment)", r"(?:funding|financing|investment|capital)\s+(?:round|from|led\s+by)",
        r"venture\s+(?:funding|capital|round|debt)", r"valu(?:ation|ed\s+at)\b", r"unicorn\b",
        r"IPO\b", r"initial\s+public\s+offering", r"(?:goes|go|going|to\s+go)\s+public\b",
        r"(?:stock\s+market|market|trading|Nasdaq|NYSE)\s+debut", r"SPAC\b", r"crowdfunding\b",
        r"backs\s+(?-i:[A-Z])", r"backed\s+by\b", r"invests?\s+in\s+(?-i:[A-Z])", r"fundraising\b", r"funding\b",
    ), (r"investors?\b", r"invest(?:s|ed|ment)\b")),
    "earnings": ((
        r"earnings\b",
        r"(?:quarterly|annual|full-year|half-year|interim|first-half|second-half|H[12]|Q[1-4]|(?:first|second|third|"
        r"fourth)[- ]quarter|fiscal(?:\s+year)?(?:\s+\d{4})?|FY\s?\d{2,4})\s+(?:\w+\s+)?(?:results|revenues?|sales|"
        r"profits?|loss(?:es)?|income|EPS|numbers|figures|update)\b",
        r"(?:profits?|revenues?|sales|income|EPS|margins?|loss(?:es)?|turnover|EBITDA)\s+(?:\w+\s+)?(?:rises?|rose|"
        r"jumps?|jumped|climbs?|climbed|falls?|fell|drops?|dropped|slumps?|slumped|soars?|soared|surges?|surged|"
        r"plunges?|plunged|grows?|grew|tops?|topped|beats?|misses|missed|declines?|declined|doubles?|doubled|"
        r"widens?|widened|narrows?|narrowed|increases?|increased|decreases?|decreased|tumbles?|tumbled|slides?|slid|"
        r"dips?|dipped|improves?|improved|rebounds?|rebounded|sinks?|sank|halves|halved|slips?|slipped)\b",
        r"(?:beats?|misses|missed|tops?|topped|exceeds?|exceeded|falls?\s+short\s+of|fell\s+short\s+of|in\s+line\s+"
        r"with)\s+" + _GAP % 3 + r"(?:estimates|expectations|forecasts|consensus|views)\b",
        r"(?:rais(?:es|ed|ing|e)|lifts?|lifted|boosts?|boosted|cuts?|lowers?|lowered|slash(?:es|ed)|trims?|trimmed|"
        r"reaffirms?|reiterates?|maintains?|withdraws?|withdrew|hikes?|hiked|ups)\s+" + _GAP % 3 + r"(?:guidance|"
        r"outlook|forecasts?|dividend)\b",
        r"(?:reports?|reported|posts?|posted|books?|booked|logs?|logged|swings?\s+to|swung\s+to|returns?\s+to|"
        r"delivers?|delivered)\s+" + _GAP % 3 + r"(?:results|profits?|loss(?:es)?|revenues?|earnings|sales)\b",
        r"profit\s+warning", r"net\s+(?:income|loss|profit)\b", r"per\s+share\b",
    ), (r"(?:share\s+)?buybacks?\b", r"dividends?\b", r"results\b")),
    "leadership": ((
        r"(?:names?|named|appoints?|appointed|hires?|hired|taps?|tapped|picks?|picked|promotes?|promoted|elevates?|"
        r"elevated|selects?|selected|welcomes?|welcomed|poach(?:es|ed)|recruits?|recruited|elects?|elected)\s+"
        r"(?:[^.;:!?]{0,50}?\s)?(?:as\s+)?(?:its\s+|the\s+)?(?:new\s+|next\s+|interim\s+|acting\s+|permanent\s+|"
        r"incoming\s+)?" + _ROLE,
        _ROLE + r"\s+" + _GAP % 3 + r"(?:steps?\s+down|stepping\s+down|to\s+step\s+down|resigns?|resigned|"
        r"resignation|quits?|departs?|departure|exits?|to\s+exit|to\s+leave|leaves|retires?|retirement|to\s+retire|"
        r"ousted|is\s+ousted|fired|sacked|replaced|succession|shake-?up)\b",
        r"(?:ousts?|ousted|fires?|fired|sacks?|sacked|removes?|removed|replaces?|replaced|dismiss(?:es|ed))\s+"
        r"(?:its\s+|their\s+|the\s+)?(?:\w+\s+)?" + _ROLE,
        r"(?:new|interim|acting|incoming|next)\s+(?:CEO|CFO|COO|CTO|chief\s+(?:\w+\s+){0,2}?(?:officer|executive)|"
        r"chair(?:man|woman)?|president)\b",
        r"(?:leadership|management|executive|boardroom|C-suite)\s+(?:changes?|shake-?up|shuffle|reshuffle|overhaul|"
        r"transition)", r"takes?\s+(?:over\s+)?the\s+helm", r"takes?\s+over\s+as\b", r"(?:to\s+)?succeeds?\s+(?-i:[A-Z])",
        r"successor\b", r"joins\s+" + _GAP % 4 + r"as\s+(?:its\s+)?(?:new\s+)?" + _ROLE,
    ), (r"(?:steps?|stepping)\s+down\b", r"resigns?\b", r"resignation\b")),
    "partnership": ((
        r"partner(?:s|ed|ing)?\s+with\b", r"partnerships?\b", r"teams?\s+up\b", r"teamed\s+up\b",
        r"join(?:s|ed)?\s+forces\b", r"alliance\b", r"collaborat(?:es|ed|ing|ion)\b", r"tie-?up\b",
        r"joint\s+venture\b", r"memorandum\s+of\s+understanding", r"(?-i:MoU|MOU)\b",
        r"(?:signs?|signed|inks?|inked|strikes?|struck|seals?|sealed|clinch(?:es|ed)|wins?|won|lands?|landed|"
        r"secur(?:es|ed)|awarded|bags?|bagged|agrees?|agreed|reach(?:es|ed)|announces?)\s+" + _GAP % 4 + r"(?:deal|"
        r"agreement|contract|pact|order|MoU)s?\b",
        r"(?:selects?|selected|picks?|picked|chooses|chose|taps|tapped)\s+" + _GAP % 3 + r"(?:for|to\s+(?:supply|"
        r"provide|build|power|deliver|run))\b",
        r"(?:supply|licensing|distribution|offtake|reseller)\s+(?:deal|agreement|contract|pact)", r"to\s+supply\b",
    ), (r"integrat(?:es|ion)\s+with\b", r"(?:works?|working)\s+with\b", r"contracts?\b")),
    "product": ((
        r"(?:launch(?:es|ed|ing)?|to\s+launch|unveil(?:s|ed|ing)?|to\s+unveil|introduc(?:es|ed|ing)|to\s+introduce|"
        r"debut(?:s|ed|ing)?|to\s+debut|roll(?:s|ed|ing)?\s+out|to\s+roll\s+out|releas(?:es|ed|ing)|to\s+release|"
        r"show(?:s|ed|cases?|cased)|previews?|previewed|open-sources?|open-sourced|ships?|shipping)\s+"
        + _NOT_LAUNCHED,
        r"(?:now|generally)\s+available\b", r"general\s+availability\b", r"goes\s+on\s+sale\b", r"pre-?orders?\b",
        r"product\s+launch\b", r"(?:launch|debut|release|rollout)\s+of\b", r"(?:beta|early\s+access)\s+(?:version|"
        r"launch|release|program)",
    ), (
        r"(?:new|next-generation|next-gen|latest)\s+(?:\w+\s+){0,2}?(?:products?|apps?|models?|smartphones?|phones?|"
        r"chips?|devices?|platforms?|services?|features?|software|versions?|lineup|range|cars?|vehicles?|drugs?|"
        r"tools?|systems?|drones?|robots?|laptops?|tablets?|headphones|earbuds|cameras?|consoles?|games?|watch(?:es)?|"
        r"TVs?|trucks?|SUVs?|aircraft|jets?|medicines?|vaccines?|therap(?:y|ies)|treatments?|chatbots?|AI\s+model)\b",
        r"next-gen(?:eration)?\s+\w+", r"launch(?:es|ed)?\b", r"unveil(?:s|ed)?\b",
    )),
    "expansion": ((
        r"(?:hir(?:es|ed|ing|e)|recruit(?:s|ed|ing)?|add(?:s|ed|ing)?|creat(?:es|ed|ing|e))\s+" + _GAP % 4 + _STAFF,
        r"hiring\s+(?:spree|push|drive|plans?|boom)", r"(?:is|are|now|still)\s+hiring\b", r"new\s+jobs\b",
        r"(?:opens?|opened|opening|to\s+open|unveils|launch(?:es|ed)|breaks?\s+ground\s+on|builds?|to\s+build|"
        r"building|plans?|announces?|adds?)\s+" + _GAP % 4 + _SITE + _SITE_END,
        r"(?:adds?|added|launch(?:es|ed)|opens?|opened|new)\s+" + _GAP % 2 + r"(?:routes?|flights\s+to|"
        r"destinations|locations|countries|cities|markets)\b",
        r"breaks?\s+ground\b", r"groundbreaking\b",
        r"expan(?:ds?|ded|ding)\s+(?:into|to|in|its|across|operations|presence|footprint|production|capacity)\b",
        r"(?:enters?|entered|entering|to\s+enter)\s+(?:the\s+)?" + _GAP % 2 + r"markets?\b",
        r"(?:moves?|moved|relocat(?:es|ed|ing|e))\s+(?:its\s+)?headquarters",
        r"invests?\s+" + _MONEY + r"\s+in\s+" + _GAP % 3 + r"(?:plants?|factor(?:y|ies)|facilit(?:y|ies)|sites?|campus"
        r"|operations|expansion|capacity|production)",
        r"new\s+(?:plant|factory|headquarters|office|campus|facility|hub|data\s+cent(?:er|re))",
        r"(?:boosts?|increases?|doubles?|triples?|expands?|ramps?\s+up)\s+" + _GAP % 2 + r"(?:capacity|production|"
        r"output|headcount|workforce)\b",
    ), (r"expansion\b", r"expand(?:s|ed|ing)?\b", r"growth\s+plans?")),
}
PRIORITY = ("legal", "acquisition", "layoffs", "funding", "earnings", "leadership", "partnership", "expansion",
            "product")

_SUBORDINATE = re.compile(
    r"\s(?:after|amid|as|despite|following|ahead\s+of|before|while|since|weeks\s+after|days\s+after|"
    r"in\s+the\s+wake\s+of|to\s+fund|to\s+finance|to\s+pay\s+for|to\s+help\s+fund|on\s+hopes\s+of|"
    r"in\s+a\s+bid\s+to|even\s+as|months\s+after)\s", re.I)


def _compile() -> tuple[re.Pattern, dict[str, tuple[str, int]]]:
    """One pattern over all rules (strong ones first, each type's a named group) in a lookahead, so matches overlap."""
    groups, meaning = [], {}
    for strength in (2, 1):
        for kind in PRIORITY:
            rules = RULES[kind][2 - strength]
            if rules:
                meaning[f"{kind}_{strength}"] = (kind, strength)
                groups.append(f"(?P<{kind}_{strength}>{'|'.join(f'(?:{rule})' for rule in rules)})")
    return re.compile(rf"\b(?=(?:{'|'.join(groups)}))", re.I), meaning


_PATTERN, _MEANING = _compile()
_RANK = {kind: len(PRIORITY) - i for i, kind in enumerate(PRIORITY)}


def tag_event(title: str, text: str | None = None) -> tuple[str, str | None]:
    """(event type, the words that decided it exactly as written) from the title, else the text's opening.

    Strong rules beat weak ones, a match before "after", "amid", "to fund"... beats one after it, and then the
    order of `PRIORITY` decides (so "acquires" beats "raises" and "lays off" beats "hires"). ("other", None)
    when no rule matches.
    """
    for field in (title, (text or "")[:OPENING_CHARS]):
        found = _best(_text(field))
        if found:
            return found
    return OTHER, None


def tag_events(df: pd.DataFrame) -> pd.DataFrame:
    """tag_event over a frame's title and summary columns: a frame of event_type, event_match on its index."""
    if not isinstance(df, pd.DataFrame) or "title" not in df.columns:
        raise InvalidInput("tag_events needs a DataFrame with a 'title' column (and optionally 'summary')")
    titles = _column(df, "title")
    summaries = _column(df, "summary") if "summary" in df.columns else [""] * len(df)
    cache: dict[tuple[str, str], tuple[str, str | None]] = {}
    tags = [_cached(cache, title, summary) for title, summary in zip(titles, summaries)]
    frame = pd.DataFrame(tags, columns=list(COLUMNS), index=df.index) if tags else None
    if frame is None:
        return pd.DataFrame({"event_type": pd.Series(dtype=object), "event_match": pd.Series(dtype=object)},
                            index=df.index)
    return frame


def _cached(cache: dict[tuple[str, str], tuple[str, str | None]], title: str, summary: str) -> tuple[str, str | None]:
    key = (title, summary)
    found = cache.get(key)
    if found is None:
        found = cache[key] = tag_event(title, summary)
    return found


def _column(df: pd.DataFrame, name: str) -> list[str]:
    values = df[name]
    return ["" if not isinstance(v, str) and pd.isna(v) else str(v) for v in values.tolist()]


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return value if isinstance(value, str) else str(value)


def _best(field: str) -> tuple[str, str] | None:
    """The winning (type, match) in one field, or None."""
    if not field:
        return None
    cut = _SUBORDINATE.search(field)
    main_end = cut.start() if cut else len(field)
    best, best_key = None, None
    for found in _PATTERN.finditer(field):
        kind, strength = _MEANING[found.lastgroup]
        key = (strength, found.start() < main_end, _RANK[kind], -found.start())
        if best_key is None or key > best_key:
            best, best_key = (kind, found.group(found.lastgroup).strip()), key
    return best


def _types(values: Iterable[str]) -> list[str]:
    return [value for value in values if value in EVENT_TYPES]
