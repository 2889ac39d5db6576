"""Rule-based, explainable business-event tags (funding, acquisition, earnings, ...) from a title and opening text."""

from __future__ import annotations

import bisect
import re

import pandas as pd

from ..errors import InvalidInput

EVENT_TYPES = (
    "funding",
    "acquisition",
    "earnings",
    "leadership",
    "product",
    "partnership",
    "layoffs",
    "expansion",
    "legal",
    "other",
)
OTHER = "other"
COLUMNS = ("event_type", "event_match")
OPENING_CHARS = 300

# Building blocks shared by several rules.
_NUMBER = r"\d[\d.,]*(?<![.,])(?!\d)"
_MONEY = (
    rf"(?:(?:us|c|a|hk|s|nz)?[$€£¥₹]\s?{_NUMBER}(?:\s?(?:[kmbt]n?|mln|bln|million|billion|trillion)\b)?"
    rf"|(?:usd|eur|gbp|chf|jpy|inr|cny)\s?{_NUMBER}(?:\s?(?:[kmb]n?|million|billion)\b)?"
    rf"|{_NUMBER}\s?(?:million|billion|mln|bln|bn|mn)\b(?:\s(?:dollars|euros|pounds|yen|yuan|rupees))?)"
)
_ROLE = (
    r"(?:ceo|cfo|coo|cto|cmo|cio|cpo|cro|ciso|chief\s+(?:\w+\s+){0,2}?(?:officer|executive)|chief|president"
    r"|chair(?:man|woman|person)?|managing\s+director|general\s+counsel|head\s+of\s+\w+|board\s+(?:member|director)"
    r"|(?:executive\s+|senior\s+)?vice\s+president|evp|svp|vp|top\s+(?:executive|boss)|boss|co-?founder)\b"
)
_GAP = r"(?:[^\s;:!?]*[^\s.,;:!?]\s+){0,%d}?"
_STAFF = r"(?:jobs|roles|positions|posts|staff|staffers|workers|employees|people|engineers|headcount|workforce)\b"
_SITE = (
    r"(?:offices?|headquarters|hq|plants?|factor(?:y|ies)|gigafactor(?:y|ies)|facilit(?:y|ies)|campus|hub"
    r"|data\s+cent(?:er|re)s?|stores?|warehouses?|distribution\s+cent(?:er|re)s?|(?:r&d|research|tech|innovation)"
    r"\s+cent(?:er|re)s?|sites?|branch(?:es)?|mills?|labs?)\b"
)
_SITE_END = (
    r"(?=\s*$|\s*[,.;:!?(]|\s+(?:in|at|on|near|for|to|with|and|as|after|outside|across|by|from|this|next|"
    r"that|which|amid|over|under|within|serving)\b)"
)
_NOT_LAUNCHED = (
    r"(?!" + _GAP % 2 + r"(?:investigations?|probes?|inquir(?:y|ies)|enquir(?:y|ies)|review|audit|"
    r"lawsuits?|suit|legal|appeal|bid|takeover|offer|tender|campaign|search|ipo|listing|restructuring|"
    r"layoffs?|results|earnings|statement|report|data|figures|guidance|outlook|forecast|hostages?|"
    r"buybacks?|strikes?|airstrikes?|attacks?|missiles?|rockets?|offensive|counteroffensive|assault|"
    r"invasion|raids?|war|operation|plan|plans|strategy|budget|files|documents|efforts?|push|crackdown)\b)"
)
_NOT_LAUNCHED_AFTER = r"(?!\s*" + _NOT_LAUNCHED[3:]
_NOT_STOCK_WORD = (
    r"(?!(?:in|now|instead|new|before|after|or|the|a|an|this|these|that|today|right|more|less|land|"
    r"time|back|up|into|it|them|one|two|three|stocks?|shares?|tickets?|homes?|houses?|gold|oil)\b)"
)

# Per type: (strong rules, weak rules). A strong rule is an unambiguous event phrase; a weak one a hint.
RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "legal": (
        (
            r"su(?:e|es|ed|ing)\b",
            r"lawsuits?\b",
            r"class[- ]action\b",
            r"(?:files?|filed)\s+(?:a\s+)?(?:suit|complaint)",
            r"litigation\b",
            r"legal\s+(?:action|battle|fight|challenge|dispute|case|threat)",
            r"(?:court|judge|jury|tribunal|regulators?|watchdog)\s+(?:rules?|ruled|finds?|found|orders?|ordered|sides?|"
            r"dismiss(?:es|ed)|rejects?|rejected|blocks?|blocked|halts?|halted|probes?|investigates?|fines?|fined)\b",
            r"verdict\b",
            r"(?:stands?|on|heads?\s+to|goes\s+on|going\s+on)\s+trial\b",
            r"(?:loses?|lost|wins?|won)\s+(?:\w+\s+)?(?:case|lawsuit|suit|appeal|trial)\b",
            r"charges\s+" + _GAP % 6 + r"with\b",
            r"indict(?:ed|ment|s)?\b",
            r"charged\s+(?:with|over)\b",
            r"plead(?:s|ed)?\s+guilty",
            r"settles?\b",
            r"settled\b",
            r"settlements?\b",
            r"fined\b",
            r"fines\s+(?!for|of|and|are|were|totaling|over|in|to)\b",
            r"(?:faces?|facing|hit\s+with|slapped\s+with|pays?|paid|record|hefty)\s+"
            + _GAP % 2
            + r"(?:fines?|penalt(?:y|ies))\b",
            _MONEY + r"\s+(?:fines?|penalty)\b",
            r"probes\b",
            r"probed\b",
            r"investigates\b",
            r"investigated\b",
            r"(?:launch(?:es|ed)?|opens?|opened|faces?|facing|under|begins?|widens?|federal|criminal|antitrust|"
            r"regulatory)\s+(?:an?\s+|internal\s+|formal\s+|\w+\s+)?(?:investigation|probe|inquiry)",
            r"antitrust\b",
            r"anti-trust\b",
            r"subpoena(?:s|ed)?\b",
            r"injunction\b",
            r"arbitration\b",
            r"infring(?:es|ed|ing|ement)\b",
            r"patent\s+(?:dispute|suit|case|fight|battle|claim|war)",
            r"recall(?:s|ed|ing)?\s+" + _GAP % 4 + r"(?:products?|vehicles?|cars|trucks|suvs|units|devices|batteries|"
            r"batch(?:es)?|lots|packages|bags|pounds|formula|foods?|toys|drugs|pills|tablets)\b",
            r"recalled\b",
            r"recall\s+of\b",
            r"banned\s+from\b",
            r"bann?(?:s|ed)?\s+(?:on\s+)?(?:\w+\s+)?(?:sales|imports?|"
            r"exports?|use|app|products?)\b",
            r"blocks?\s+" + _GAP % 3 + r"(?:deal|merger|acquisition|takeover|sale)",
            r"whistle-?blower\b",
            r"consent\s+decree",
            r"appeals?\s+(?:court|ruling|against)",
        ),
        (
            r"investigations?\b",
            r"probe\b",
            r"inquiry\b",
            r"allegations?\b",
            r"alleg(?:es|ed|edly)\b",
            r"accus(?:es|ed)\b",
            r"violat(?:es|ed|ion|ions)\b",
        ),
    ),
    "acquisition": (
        (
            r"acquir(?:es|ed|ing|e)\b(?!\s+"
            + _GAP % 2
            + r"(?:customers|users|subscribers|talent|skills|taste|data)\b)",
            r"(?:acquisition|takeover|buyout|buy-out|merger)s?\b",
            r"merg(?:es|ed|ing|e)\s+with",
            r"(?:buys?|bought|buying|to\s+buy)\s+(?!back\b)" + _GAP % 3 + r"(?:stake|unit|division|business|rival|"
            r"startup|start-up|company|firm|maker|operator|assets|brand|chain|developer|provider|magazine|newspaper|"
            r"team|club|studio|lender|bank|insurer|retailer|carrier|airline)\b",
            r"(?:buys?|bought|buying|to\s+buy)\s+(?!back\b)" + _GAP % 4 + r"(?:for|in)\s+(?:an?\s+)?" + _MONEY,
            r"(?:snaps?|snapped|scoops?|scooped)\s+up",
            r"(?:sells?|sold|selling|to\s+sell|offloads?|offloaded)\s+" + _GAP % 3 + r"(?:unit|division|business|stake|"
            r"arm|subsidiary|brand|assets|operations)\s+to\b",
            r"divest(?:s|ed|iture|ment|ing)?\b",
            r"spin(?:s|ning)?\s+off\b",
            r"spin-?off\b",
            r"carve-?out\b",
            r"agrees?\s+to\s+(?:be\s+)?(?:bought|acquired|sold|buy|acquire|merge)\b",
            r"in\s+talks\s+to\s+(?:buy|acquire|merge)\b",
            r"(?:deal|offer)\s+to\s+buy\b",
            r"(?:all-cash|all-stock|cash-and-stock)\s+deal",
            r"(?:complet|clos|finali[sz]|announc)(?:es|ed|ing|e)\s+" + _GAP % 2 + r"(?:purchase|sale)\s+of\b",
        ),
        (
            r"bid\s+for\b",
            r"combine\s+with\b",
            r"purchase\s+of\b",
            r"(?:buys?|bought|to\s+buy)\s+" + _NOT_STOCK_WORD + r"\w",
        ),
    ),
    "layoffs": (
        (
            r"lay(?:s|ing)?\s+off\b",
            r"laid\s+off\b",
            r"lay-?offs?\b",
            r"(?:cuts?|cutting|slash(?:es|ed|ing)?|ax(?:es|ed|ing)|axe|eliminat(?:es|ed|ing|e)|shed(?:s|ding)?|trims?|"
            r"trimmed|reduc(?:es|ed|ing|e)|fires?|fired|sacks?|sacked)\s+" + _GAP % 4 + _STAFF,
            r"job\s+(?:cuts|losses|reductions|cull)",
            r"redundanc(?:y|ies)\b",
            r"furloughs?\b",
            r"furloughed\b",
            r"downsiz(?:es|ed|ing|e)\b",
            r"restructur(?:es|ed|ing|e)\b",
            r"(?:workforce|headcount|staff)\s+(?:reduction|cuts?)",
            r"hiring\s+freeze",
            r"(?:files?|filed|filing)\s+for\s+(?:chapter\s+(?:11|7)\s+)?(?:bankruptcy|insolvency)\b",
            r"bankrupt(?:cy)?\b",
            r"chapter\s+11\b",
            r"insolven(?:cy|t)\b",
            r"(?:enters|entered)\s+administration",
            r"(?:clos(?:es|ed|ing|e)|shut(?:s|ting)?(?:\s+down)?|to\s+close|to\s+shut)\s+"
            + _GAP % 3
            + _SITE
            + _SITE_END,
            r"(?:winds?|winding)\s+down\b",
        ),
        (r"cost[- ]cutting\b", r"reorgani[sz](?:ation|es|ed|ing)\b"),
    ),
    "funding": (
        (
            r"(?:rais(?:es|ed|ing|e)|secur(?:es|ed|ing|e)|lands?|landed|bag(?:s|ged)|"
            r"attracts?|attracted|pulls?\s+in|snag(?:s|ged))\s+"
            + _GAP % 2
            + _MONEY
            + r"(?!\s+"
            + _GAP % 3
            + r"(?:contracts?|orders?|deals?|acquisition|buyout|takeover|"
            r"revenue|sales|profit|loss|fines?|penalty|settlement|damages|lawsuit|jackpot|prize|lottery|powerball)\b)",
            r"rais(?:es|ed|ing|e)\s+" + _GAP % 3 + r"(?:funding|capital|financing|round|investment|seed|cash|money|"
            r"series)\b",
            r"(?:gets?|got|receiv(?:es|ed)|wins?|won|clos(?:es|ed|ing))\s+"
            + _GAP % 2
            + _MONEY
            + r"\s+"
            + _GAP % 2
            + r"(?:investment|"
            r"funding|financing|backing|injection|grant|loan|round|raise)\b",
            r"series\s+[a-h](?:\s+(?:round|funding|financing|raise|extension)\b|\s*[,.;:!?]|\s*$|\s+(?:to|from|led|at|for|with|as)\b)",
            r"(?:pre-)?seed\s+(?:round|"
            r"funding|financing|investment)",
            r"(?:funding|financing|investment|capital)\s+(?:round|from|led\s+by)",
            r"(?:growth|equity|strategic|minority|venture)\s+investment",
            r"venture\s+(?:funding|capital|round|debt)",
            r"unicorn\b",
            r"valued\s+at\s+" + _MONEY,
            r"ipo\b",
            r"initial\s+public\s+offering",
            r"(?:goes|go|going|to\s+go)\s+public\b",
            r"(?:stock\s+market|market|trading|nasdaq|nyse)\s+debut",
            r"spac\b",
            r"crowdfunding\b",
            r"backs\s+" + _GAP % 3 + r"with\s+" + _MONEY,
            r"fundraising\b",
            r"invest(?:s|ed)?\s+" + _GAP % 2 + r"in\s+" + _GAP % 3 + r"(?:startups?|start-ups?|maker|firm|company|"
            r"developer|provider)\b",
        ),
        (r"funding\b", r"backed\s+by\b", r"valu(?:ation|ed\s+at)\b"),
    ),
    "earnings": (
        (
            r"earnings\b",
            r"(?<!in )(?:quarterly|annual|full-year|half-year|interim|first-half|second-half|h[12]|q[1-4]|(?:first|second|third|"
            r"fourth)[- ]quarter|fiscal(?:\s+year)?(?:\s+\d{4})?|fy\s?\d{2,4})\s+(?:\w+\s+)?(?:results|revenues?|sales|"
            r"profits?|loss(?:es)?|income|eps|earnings)\b",
            r"(?:profits?|revenues?|sales|income|eps|margins?|loss(?:es)?|turnover|ebitda)\s+(?:\w+\s+)?(?:rises?|rose|"
            r"jumps?|jumped|climbs?|climbed|falls?|fell|drops?|dropped|slumps?|slumped|soars?|soared|surges?|surged|"
            r"plunges?|plunged|grows?|grew|tops?|topped|beats?|misses|missed|declines?|declined|doubles?|doubled|"
            r"widens?|widened|narrows?|narrowed|increases?|increased|decreases?|decreased|tumbles?|tumbled|slides?|slid|"
            r"dips?|dipped|improves?|improved|rebounds?|rebounded|sinks?|sank|halves|halved|slips?|slipped)\b",
            r"(?:beats?|misses|missed|tops?|topped|exceeds?|exceeded|falls?\s+short\s+of|fell\s+short\s+of|in\s+line\s+"
            r"with)\s+" + _GAP % 3 + r"(?:estimates|expectations|forecasts|consensus|views)\b",
            r"(?:rais(?:es|ed|ing|e)|lifts?|lifted|boosts?|boosted|cuts?|lowers?|lowered|slash(?:es|ed)|trims?|trimmed|"
            r"reaffirms?|reiterates?|maintains?|withdraws?|withdrew|hikes?|hiked|ups)\s+" + _GAP % 3 + r"(?:guidance|"
            r"outlook|(?:profit|sales|revenue|earnings|annual|full-year|its|their)\s+forecasts?|dividend)\b",
            r"(?:reports?|reported|posts?|posted|books?|booked|logs?|logged|swings?\s+to|swung\s+to|returns?\s+to|"
            r"delivers?|delivered)\s+" + _GAP % 3 + r"(?:results|profits?|loss(?:es)?|revenues?|earnings|sales)\b",
            r"profit\s+warning",
            r"(?:to\s+)?(?:releases?|reports?|announces?|posts?)\s+(?:its\s+)?(?:\w+\s+)?results\b",
            r"net\s+(?:income|loss|profit)\b",
        ),
        (
            r"(?:share\s+)?buybacks?\b",
            r"dividends?\b(?!\s+(?:stocks?|etfs?|funds?|investors?|investing|yields?)\b)",
            r"(?<!election )(?<!primary )(?<!test )(?<!search )(?<!poll )results\b",
        ),
    ),
    "leadership": (
        (
            r"(?:names?|named|appoints?|appointed|hires?|hired|taps?|tapped|picks?|picked|promotes?|promoted|elevates?|"
            r"elevated|selects?|selected|welcomes?|welcomed|poach(?:es|ed)|recruits?|recruited|elects?|elected)\s+"
            r"(?:[^.;:!?]{0,50}?\s)?(?:as\s+)?(?:its\s+|the\s+)?(?:new\s+|next\s+|interim\s+|acting\s+|permanent\s+|"
            r"incoming\s+)?" + _ROLE,
            _ROLE + r"\s+" + _GAP % 3 + r"(?:steps?\s+down|stepping\s+down|to\s+step\s+down|resigns?|resigned|"
            r"resignation|quits?|departs?|departure|exits?|to\s+exit|to\s+leave|leaves|retires?|retirement|to\s+retire|"
            r"ousted|is\s+ousted|fired|sacked|replaced|succession|shake-?up)\b",
            r"(?:ousts?|ousted|fires?|fired|sacks?|sacked|removes?|removed|replaces?|replaced|dismiss(?:es|ed))\s+"
            r"(?:its\s+|their\s+|the\s+)?(?:\w+\s+)?" + _ROLE,
            r"(?:new|next|interim|acting|incoming)\s+(?:ceo|cfo|coo|cto|chief\s+(?:\w+\s+){0,2}?(?:officer|executive)|"
            r"chair(?:man|woman)?)\b",
            r"(?:interim|acting|incoming)\s+president\b",
            r"(?:leadership|management|executive|boardroom|c-suite)\s+(?:changes?|shake-?up|shuffle|reshuffle|overhaul|"
            r"transition)",
            r"takes?\s+(?:over\s+)?the\s+helm",
            r"takes?\s+over\s+as\b",
            r"(?:to\s+)?succeeds?\s+(?!in|at|with|by|as)\b",
            r"successor\b",
            r"(?:(?:steps?|stepping|to\s+step)\s+down|resigns?|resigned|to\s+resign)\s+as\s+(?:its\s+)?" + _ROLE,
            r"joins\s+" + _GAP % 4 + r"as\s+(?:its\s+)?(?:new\s+)?" + _ROLE,
        ),
        (r"(?:steps?|stepping)\s+down\b", r"resigns?\b", r"resignation\b"),
    ),
    "partnership": (
        (
            r"partner(?:s|ed|ing)?\s+with\b",
            r"partnerships?\b",
            r"teams?\s+up\b",
            r"teamed\s+up\b",
            r"join(?:s|ed)?\s+forces\b",
            r"alliance\b",
            r"collaborat(?:es|ed|ing|ion)\b",
            r"tie-?up\b",
            r"joint\s+venture\b",
            r"memorandum\s+of\s+understanding",
            r"mou\b",
            r"(?:signs?|signed|inks?|inked|seals?|sealed|clinch(?:es|ed)|wins?|won|lands?|landed|secur(?:es|ed)|"
            r"awarded|bags?|bagged|agrees?|agreed|reach(?:es|ed)|announces?)\s+" + _GAP % 4 + r"(?:deal|agreement|"
            r"contract|pact|mou)s?\b",
            r"(?:strikes?|struck)\s+(?:an?\s+)?" + _GAP % 2 + r"(?:deal|agreement|pact)s?\b",
            r"(?:wins?|won|lands?|landed|secur(?:es|ed)|bags?|bagged|receiv(?:es|ed)|books?|booked)\s+"
            + _GAP % 3
            + r"orders?\b",
            r"(?:selects?|selected|picks?|picked|chooses|chose|taps|tapped)\s+(?:[^\s.,;:!?]+\s+){1,3}?for\b",
            r"(?:selects?|selected|picks?|picked|chooses|chose|taps|tapped)\s+" + _GAP % 3 + r"to\s+(?:supply|provide|"
            r"build|power|deliver|run)\b",
            r"(?:supply|licensing|distribution|offtake|reseller)\s+(?:deal|agreement|contract|pact)",
            r"to\s+supply\b(?!\s+chains?)",
        ),
        (r"integrat(?:es|ion)\s+with\b",),
    ),
    "expansion": (
        (
            r"(?:hir(?:es|ed|ing|e)|recruit(?:s|ed|ing)?|add(?:s|ed|ing)?|creat(?:es|ed|ing|e))\s+" + _GAP % 4 + _STAFF,
            r"hiring\s+(?:spree|push|drive|plans?|boom)",
            r"(?:is|are|now|still)\s+hiring\b",
            r"new\s+jobs\b",
            r"(?:opens?|opened|opening|to\s+open|unveils|launch(?:es|ed)|breaks?\s+ground\s+on|builds?|to\s+build|"
            r"building|plans?|announces?|adds?)\s+" + _GAP % 4 + _SITE + _SITE_END,
            r"(?:adds?|added|launch(?:es|ed)|opens?|opened|new)\s+" + _GAP % 2 + r"(?:routes?|flights\s+to|"
            r"destinations)\b",
            r"breaks?\s+ground\b",
            r"groundbreaking\b",
            r"expan(?:ds?|ded|ding)\s+(?:into|to|in|its|across|operations|presence|footprint|production|capacity)\b",
            r"(?:enters?|entered|entering|to\s+enter)\s+(?:the\s+)?" + _GAP % 2 + r"markets?\b",
            r"(?:moves?|moved|relocat(?:es|ed|ing|e))\s+(?:its\s+)?headquarters",
            r"invests?\s+"
            + _MONEY
            + r"\s+in\s+"
            + _GAP % 3
            + r"(?:plants?|factor(?:y|ies)|facilit(?:y|ies)|sites?|campus"
            r"|operations|expansion|capacity|production)",
            r"new\s+(?:plant|factory|headquarters|office|campus|facility|hub|data\s+cent(?:er|re))",
            r"(?:boosts?|increases?|doubles?|triples?|expands?|ramps?\s+up)\s+" + _GAP % 2 + r"(?:capacity|production|"
            r"output|headcount|workforce)\b",
        ),
        (r"expansion\b", r"growth\s+plans?"),
    ),
    "product": (
        (
            r"(?:launch(?:es|ed|ing)?|to\s+launch|unveil(?:s|ed|ing)?|to\s+unveil|introduc(?:es|ed|ing)|to\s+introduce|"
            r"debut(?:s|ed|ing)?|to\s+debut|roll(?:s|ed|ing)?\s+out|to\s+roll\s+out|releas(?:es|ed|ing)|to\s+release|"
            r"show(?:s|ed)\s+off|previews?|previewed|open-sources?|open-sourced)\s+" + _NOT_LAUNCHED,
            r"(?:starts?|started|begins?|began)\s+shipping\b",
            r"(?:now|to)\s+ship(?:ping)?\b",
            r"ships\s+(?:its|new|first)",
            r"(?:now|generally)\s+available\b",
            r"general\s+availability\b",
            r"goes\s+on\s+sale\b",
            r"pre-?orders?\b",
            r"product\s+launch\b",
            r"(?:launch|debut|rollout)\s+of\b",
            r"(?:beta|early\s+access)\s+(?:version|"
            r"launch|release|program)",
        ),
        (
            r"next-?gen(?:eration)?\s+\w+",
            r"launch(?:es|ed)?\b" + _NOT_LAUNCHED_AFTER,
            r"unveil(?:s|ed)?\b" + _NOT_LAUNCHED_AFTER,
        ),
    ),
}
PRIORITY = (
    "legal",
    "acquisition",
    "layoffs",
    "funding",
    "earnings",
    "leadership",
    "partnership",
    "expansion",
    "product",
)

# Trigger words: every rule of a type needs one of its type's (words of up to 4 letters whole, longer ones as
# word starts), and only the rules of types whose trigger words occur in a text are tried.
TRIGGERS: dict[str, str] = {
    "legal": "sue sues sued suing lawsu class suit suits case charges compla litig legal court judge jury tribun regul watchd "
    "verdic trial indict charged plead settl fine fined fines penal sanct probe probes probed investig "
    "inquir antit subpo injunc arbitr infrin patent recall ban bans banned block whistl alleg accus "
    "violat consent raid raids raided appeal sec ftc doj cma fca fda epa nhtsa justice commis approv permit "
    "gdpr scruti compli",
    "acquisition": "acqui takeov buyou buy buys bought buying merge mergi snap snaps snapped scoop sell sells sold "
    "selling offloa divest spin spins spinni spinof carve deal purcha sale bid combin",
    "layoffs": "lay lays laying layof laid cut cuts cutting slash axe axes axed axing elimin shed sheds sheddi trim "
    "trims trimme reduc redund fire fires fired sack sacks sacked cull losses furlo downsi restru workfo "
    "headco staff freeze bankr chapter insolv enters entered close closes closed closin shut shuts "
    "shutti wind winds windin reorg",
    "funding": "get gets got receiv win wins won close closes closed closin raise raises raised raisin secure secures secured securin land lands landed bags bagged attrac pull "
    "pulls pulled snag snags snagge invest fundin fundra financ backin inject grant loan round series "
    "seed capita ventur unicor ipo initia public debut spac crowdf backs backed valuat valued",
    "earnings": "report posts posted books booked logs logged swing swings swung return delive raise raises raised lift lifts lifted boost boosts boosted lower lowers lowere slash trims trimme reaffi reiter mainta withdr hike hikes hiked ups in earnin result revenu sales profit loss losses income eps margin turnov ebitda beat beats misses "
    "missed tops topped exceed short guidan outloo foreca divide buybac net",
    "leadership": "presid founde cofoun name names named appoin hire hires hired tap taps tapped pick picks picked promot elevat select "
    "welcom poach recrui elect elects electe step steps steppi resign quit quits depart exit exits exited "
    "leave leaves leavin retire ousted ouster oust ousts fire fired fires sacked sacks replac succes succee "
    "dismis remove remova interi acting incomi ceo cfo coo cto cmo cio cpo cro ciso chief chair transi "
    "shake shuffl reshuf overha change helm takes joins",
    "partnership": "sign signs signed ink inks inked agree seal seals sealed clinch awarde agrees agreed reach reache announ strike struck partne team teams teamed join joins joined joint ventur allian collab tie tieup memora mou deal deals agreem "
    "contrac pact pacts win wins won land lands landed secure secures secured bags bagged receiv book "
    "books booked select pick picks picked choose chose taps tapped suppli supply licens distri "
    "offtak resell integr",
    "expansion": "open opens opened openin unveil launch breaks build builds buildi plan plans announ hire hires hired hiring recrui add adds added adding create creates created creati jobs office "
    "headqu hq plant plants factor gigafa facili campus hub data store stores wareho distri center "
    "centre site sites branch mill mills lab labs route routes flight destin ground expan enter enters "
    "entere enteri relocat invest growth capaci output headco workfo producti",
    "product": "launch unveil introd debut roll rolls rolled rollin rollou releas shows showed previe source "
    "sourced shippi ship ships availa goes pre preord produc beta access gen nextge genera",
}
# A business event needs a business subject: a field must name an organisation (company words, a company's
# legal form, markets words, a well-known company, or a title opening with a name) for a weak rule or for the
# types whose trigger words are common outside business (legal, product, leadership, layoffs, expansion); and a
# match whose preceding words are about government, politics, war or crime and name no business does not count.
_BUSINESS = re.compile(
    r"(?<![\w])(?:compan(?:y|ies)|firms?|startups?|start-ups?|corporations?|business(?:es)?|brands?|makers?|"
    r"retailers?|chains?|lenders?|banks?|insurers?|carriers?|airlines?|automakers?|carmakers?|drugmakers?|"
    r"chipmakers?|miners?|manufacturers?|suppliers?|conglomerates?|investors?|shareholders?|shares|stocks?|"
    r"ipo|nasdaq|nyse|(?:inc|corp|co|ltd|plc|llc|ag|sa|nv|gmbh)\b\.?|holdings|ventures|capital|labs|"
    r"technologies|pharma(?:ceuticals)?|motors|apple|google|alphabet|meta|facebook|instagram|whatsapp|amazon|"
    r"microsoft|nvidia|openai|anthropic|tesla|spacex|intel|amd|ibm|oracle|samsung|sony|nintendo|netflix|"
    r"disney|uber|lyft|airbnb|twitter|tiktok|bytedance|reddit|spotify|paypal|mastercard|walmart|"
    r"starbucks|boeing|airbus|gm|toyota|volkswagen|stellantis|pfizer|moderna|goldman|jpmorgan|citi|"
    r"morgan\s+stanley|cnn|cbs|nbc|paramount|warner|comcast|hbo|activision|blizzard|waymo|doordash|shein|temu|"
    r"alibaba|tencent|huawei|xiaomi|foxconn|tsmc|qualcomm|broadcom|salesforce|adobe|cisco|dell|hp|"
    r"glencore|rio\s+tinto|bp|exxon(?:mobil)?|chevron|aramco|peloton|fitbit|youtube|x\s+corp|"
    r"[a-z]+\s+&\s+[a-z]+)(?![\w])"
)
_NON_BUSINESS = re.compile(
    r"(?<![\w])(?:trump|biden|obama|harris|putin|xi|zelensky|netanyahu|starmer|white\s+house|administration|"
    r"government|govt|gov’t|congress|senate|senators?|lawmakers?|gop|democrats?|republicans?|parliament|"
    r"ministers?|minister|prime\s+minister|chancellor|governor|gov\.|mayor|presidential|election|vote|"
    r"supreme\s+court|police|prosecutors?|military|army|navy|troops|soldiers|war|ceasefire|strikes?|attacks?|"
    r"israel(?:i|is)?|gaza|palestinians?|hamas|hezbollah|ukraine|russia|iran|venezuela|cuba|taiwan|"
    r"nato|eu|un|wh|advisers?|aides?|officials?|firefighters?|pentagon|fbi|cia|ice|state\s+department|countries|"
    r"committee|oversight|vance|hegseth|rubio|bondi|noem|newsom|secret\s+service|killer|suspect|gunman|"
    r"country|nation|killed|kills|shooting|shot|u\.s\.|us|d\.c\.|u\.k\.|uk|china|beijing|japan|india|france|germany|"
    r"britain|mexico|canada|brazil|europe|european\s+union|kremlin|moscow|washington|federal|feds|judges?|"
    r"courts?|jury|justice\s+department|doj|attorneys?\s+general|ag|states|alabama|alaska|arizona|arkansas|"
    r"california|colorado|connecticut|delaware|florida|georgia|hawaii|idaho|illinois|indiana|iowa|kansas|"
    r"kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|mississippi|missouri|montana|nebraska|"
    r"nevada|new\s+(?:hampshire|jersey|mexico|york)|ohio|oklahoma|oregon|pennsylvania|rhode\s+island|"
    r"(?:north|south)\s+(?:carolina|dakota)|tennessee|texas|utah|vermont|virginia|wisconsin|wyoming|"
    r"stabbed|murder|hostages?|refugees?|protest(?:ers|s)?|executes?|executed|death|died|dies|"
    r"season|coach|quarterback|nfl|nba|royal|prince|princess|king|queen|pope|church|school|students?)(?![\w])"
)
# Company names that are also common words count only as written ("Target", not "target").
_CASED_BUSINESS = re.compile(r"(?<![\w])(?:Target|Ford|Shell|Quest|Visa|Arm|Gap|Snap|Block|Square)(?![\w])")
# Or the title opens with a name: up to 6 capitalised words (so a Title-Case title's subject and verb, "Helio Cell
# Works Appoints ..."), then at most a few lowercase words before the match ("Bad Wolf announced new partnerships");
# not a generic opener ("Judge ...", "Families ...", "New ..."), a place or a politics word.
_PREFIX = re.compile(r"\s*(?:(?:exclusive|breaking|update|report|analysis|watch|video|opinion)\s*[:|]\s*)?", re.I)
_WORD = re.compile(r"\S+")
_CAPITALISED = re.compile(r"[\"'‘“(]?(?:[A-Z0-9][\w&.'’+-]*|&|of|and|de)[\"'’”),]*$")
_GENERIC_OPENERS = frozenset(
    [
        "the",
        "a",
        "an",
        "as",
        "why",
        "how",
        "what",
        "when",
        "where",
        "who",
        "which",
        "in",
        "on",
        "at",
        "after",
        "before",
        "is",
        "are",
        "here",
        "live",
        "this",
        "these",
        "that",
        "those",
        "more",
        "most",
        "new",
        "former",
        "ex",
        "top",
        "big",
        "small",
        "several",
        "some",
        "many",
        "all",
        "no",
        "every",
        "each",
        "one",
        "two",
        "three",
        "first",
        "last",
        "next",
        "report",
        "reports",
        "study",
        "poll",
        "survey",
        "sources",
        "jobs",
        "job",
        "stock",
        "stocks",
        "markets",
        "market",
        "wall",
        "global",
        "world",
        "local",
        "blue",
        "red",
        "federal",
        "state",
        "national",
        "city",
        "county",
        "judge",
        "court",
        "jury",
        "police",
        "man",
        "woman",
        "men",
        "women",
        "people",
        "families",
        "parents",
        "kids",
        "children",
        "workers",
        "employees",
        "staff",
        "residents",
        "officials",
        "lawmakers",
        "voters",
        "users",
        "customers",
        "fans",
        "scientists",
        "researchers",
        "experts",
        "analysts",
        "investors",
        "doctors",
        "nurses",
        "teachers",
        "students",
        "americans",
        "inside",
        "meet",
        "welcome",
        "layoffs",
        "black",
        "white",
        "there",
        "it",
        "its",
        "we",
        "i",
        "you",
        "they",
        "he",
        "she",
        "his",
        "her",
        "our",
        "their",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "supreme",
        "house",
        "secret",
        "free",
        "worst",
        "best",
        "environmental",
    ]
)
# Who brings a legal matter; the business is then the object ("Regulators probe Swiftpay", "EU fines Searchly").
_ENFORCER = re.compile(
    r"(?:(?:the|u\.s\.|us|eu|federal|state|district|appeals|high|supreme)\s+)*(?:courts?|judges?|jury|tribunal|"
    r"regulators?|watchdogs?|ftc|sec|doj|cma|fca|fda|faa|epa|nhtsa|eu|european\s+commission|justice\s+department|"
    r"attorneys?\s+general|ag|prosecutors?)\s*$"
)
_PEOPLE_PLURAL = re.compile(r"[A-Z][a-z]+(?:ers|ists|ies|ans|ents|ors|ees)")
_AUXILIARY = frozenset(
    [
        "to",
        "will",
        "is",
        "has",
        "have",
        "also",
        "now",
        "reportedly",
        "officially",
        "quietly",
        "just",
        "finally",
        "could",
        "may",
    ]
)
_NAME_WORDS, _NAME_GAP = 6, 3
# Market wraps and live blogs mention companies' results and deals in passing: no event of their own.
_ROUNDUP = re.compile(
    r"(?:\S+\s+){0,2}?(?:stocks?|stock\s+market|markets|futures|dow|wall\s+st(?:reet)?|nikkei)\b(?!\s+(?:debut|listing))"
    r"|.*\b(?:live\s+(?:updates|coverage|blog)|what\s+to\s+(?:expect|watch)\s+in\s+markets|morning\s+squawk)\b"
)

# A filing's type comes from its form code (the start of an EDGAR item's title), and an 8-K's from its items.
_FORM = re.compile(
    r"\s*(?P<form>8-k|10-q|10-k(?:405|sb)?|20-f|40-f|6-k|10-qsb|s-1|s-3|s-4|f-1|f-3|f-4|424b\d|fwp|"
    r"sc\s+13[dg]|sc\s+to-[tci]|sc\s+14d9|def\s+14a|defa14a|defm14a|prem14a|px14a6g|sd|3|4|5|144|11-k|"
    r"13f-hr|n-px|8-a12b|s-8|cert\w*|25-nse|upload|corresp)(?:/a)?(?:\s*\[amend\])?\s+-\s"
)
_FORM_TYPES = {
    "10-q": "earnings",
    "10-k": "earnings",
    "10-k405": "earnings",
    "10-ksb": "earnings",
    "10-qsb": "earnings",
    "20-f": "earnings",
    "40-f": "earnings",
    "s-1": "funding",
    "s-3": "funding",
    "f-1": "funding",
    "f-3": "funding",
    "424b": "funding",
    "fwp": "funding",
    "s-4": "acquisition",
    "f-4": "acquisition",
    "defm14a": "acquisition",
    "sc to-t": "acquisition",
    "sc to-c": "acquisition",
    "sc 14d9": "acquisition",
}
# 8-K items, most telling first: what each says about the company.
_ITEMS = (
    ("2.01", "acquisition"),
    ("1.03", "layoffs"),
    ("2.05", "layoffs"),
    ("5.02", "leadership"),
    ("2.02", "earnings"),
    ("1.01", "partnership"),
    ("3.02", "funding"),
    ("2.03", "funding"),
)
_ITEM = re.compile(r"item\s+(\d\.\d\d)\b[^\n]*")
_BACK_WORDS = 3  # how many words before a trigger word a rule's match may start
_WORD_START = re.compile(r"(?<!\w)(?=[\w$€£¥₹])")
_SUBORDINATE = re.compile(
    r"\s(?:after|amid|as|despite|following|ahead\s+of|before|while|since|weeks\s+after|days\s+after|"
    r"in\s+the\s+wake\s+of|to\s+fund|to\s+finance|to\s+pay\s+for|to\s+help\s+fund|on\s+hopes\s+of|"
    r"in\s+a\s+bid\s+to|even\s+as|months\s+after)\s"
)


def tag_event(title: str, text: str | None = None) -> tuple[str, str | None]:
    """(event type, the words that decided it exactly as written) from the title, else the text's opening.

    A strong rule beats a weak one, a match before "after", "amid", "to fund"... beats one after it, and then
    `PRIORITY` decides (so "acquires" beats "raises" and "lays off" beats "hires"). ("other", None) when no
    rule matches.
    """
    head, opening = _text(title), _text(text)
    filing = _filing(head, opening)
    if filing:
        return filing
    for field in (head, opening[:OPENING_CHARS]):
        found = _best(field)
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
    tags = [cache.get(pair) or cache.setdefault(pair, tag_event(*pair)) for pair in zip(titles, summaries)]
    types = pd.Series([kind for kind, _ in tags], index=df.index, dtype=object)
    matches = pd.Series([match for _, match in tags], index=df.index, dtype=object)
    return pd.DataFrame({"event_type": types, "event_match": matches})


def _column(df: pd.DataFrame, name: str) -> list[str]:
    return [_text(value) for value in df[name].tolist()]


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if value is None or pd.isna(value):
        return ""
    return str(value)


def _filing(title: str, text: str) -> tuple[str, str | None] | None:
    """(type, the form code or 8-K item as written) for an EDGAR filing's title, else None (not a filing)."""
    low = _lower(title)
    form = _FORM.match(low)
    if not form:
        return None
    code = re.sub(r"\s+", " ", form.group("form"))
    if code == "8-k":
        low_text = _lower(text)
        items = {found.group(1): found for found in _ITEM.finditer(low_text)}
        for item, kind in _ITEMS:
            if item in items:
                return kind, text[items[item].start() : items[item].end()].strip()
        return OTHER, None
    form_kind = _FORM_TYPES.get(re.sub(r"\d+$", "", code) if code.startswith("424b") else code)
    if form_kind is None:
        return OTHER, None
    return form_kind, title[form.start("form") : form.end("form")]


def _best(field: str) -> tuple[str, str] | None:
    """The winning (type, match) in one field, or None. Rules run on a lowercase copy of the same length."""
    low = _lower(field)
    found = _matches(low)
    if not found:
        return None
    cut = _SUBORDINATE.search(low)
    main_end = cut.start() if cut else len(low)
    best, best_key = None, None
    for kind, match in found:
        group = match.lastgroup or "weak"
        start = match.start(group)
        strong, main = group == "strong", start < main_end
        if not (strong or main) or not _business_subject(field, low, start, match.end(group), kind, strong and main):
            continue
        key = (strong, main, _RANK[kind], -start)
        if best_key is None or key > best_key:
            best, best_key = (kind, field[start : match.end(group)]), key
    return best


def _business_subject(field: str, low: str, start: int, end: int, kind: str, strong_main: bool) -> bool:
    """Whether an organisation is the subject of the match field[start:end] (or, for legal, the object)."""
    before, opening = low[:start], _PREFIX.match(low)
    begin = opening.end() if opening else 0
    if _ROUNDUP.match(low, begin):
        return False
    if _has_business(field, low, 0, start):
        return True
    if kind == "legal" and (not before[begin:].strip() or _ENFORCER.fullmatch(before, begin) is not None):
        return strong_main and _named_object(field, low, end)
    if _NON_BUSINESS.search(before) or _NON_BUSINESS.match(low, begin):
        return False
    if not before.strip() and strong_main:
        return _named_object(field, low, end)
    if not strong_main:
        return False
    return _named_opening(field, start) or _has_business(field, low, start, len(low))


def _person_after_name(rest: list[str]) -> bool:
    """After a one-word name, a word at most, or a role and a person ("Embertech founder Lisa Park")."""
    lowercase = sum(word[0].islower() for word in rest)
    return len(rest) <= 1 or (lowercase == 1 and len(rest) > 1)


def _named_object(field: str, low: str, end: int) -> bool:
    """Whether a business word, or a name (capitalised, not generic, no place or politics), soon follows `end`."""
    words = _WORD.findall(field[end:])[:4]
    for index, word in enumerate(words):
        if _CAPITALISED.match(word) and word[0].isupper() and _lower(word) not in _GENERIC_OPENERS:
            return not _NON_BUSINESS.search(_lower(" ".join(words[: index + 2])))
    return _BUSINESS.search(_lower(" ".join(words))) is not None


def _has_business(field: str, low: str, begin: int, end: int) -> bool:
    """Whether a business word or a cased company name occurs in field[begin:end]."""
    return _BUSINESS.search(low, begin, end) is not None or _CASED_BUSINESS.search(field, begin, end) is not None


def _named_opening(field: str, start: int) -> bool:
    """Whether the title opens with a name (not generic, no place or politics) a few words before `start`."""
    opening = _PREFIX.match(field)
    words = _WORD.findall(field[opening.end() if opening else 0 : start])
    words = words[1:] if words and _lower(words[0]) in ("former", "ex-") else words
    name = 0
    while name < min(len(words), _NAME_WORDS) and _CAPITALISED.match(words[name]):
        name += 1
    rest = [word for word in words[name:] if word.lower() not in _AUXILIARY]
    if (
        not name
        or len(rest) > _NAME_GAP
        or (name == 1 and not _person_after_name(rest))
        or not words[0][0].isalpha()
        or words[0][0] in "\"'‘“("
        or _lower(words[0]) in _GENERIC_OPENERS
    ):
        return False
    if name == 1 and _PEOPLE_PLURAL.fullmatch(words[0]):
        return False  # a lone plural ("Families sue ...") names people, not a company
    return not _NON_BUSINESS.search(_lower(" ".join(words)))


def _matches(low: str) -> list[tuple[str, re.Match]]:
    """Rule matches of the types whose trigger words occur, tried at each trigger word and the few words before it."""
    hits = [(hit.start(), _TRIGGER_KINDS[hit.group()]) for hit in _TRIGGER_RE.finditer(low)]
    if not hits:
        return []
    words = [found.start() for found in _WORD_START.finditer(low)]
    starts: dict[str, set[int]] = {}
    for position, kinds in hits:
        index = bisect.bisect_left(words, position)
        for kind in kinds:
            starts.setdefault(kind, set()).update(words[max(0, index - _BACK_WORDS) : index + 1])
    found = ((kind, _PATTERNS[kind].match(low, start)) for kind, positions in starts.items() for start in positions)
    return [(kind, match) for kind, match in found if match]


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in text)


def _compile(kind: str) -> re.Pattern:
    """A type's rules as one pattern of two named groups (strong, weak) in a lookahead, so matches may overlap."""
    strong, weak = RULES[kind]
    groups = [
        f"(?P<{name}>{'|'.join(f'(?:{rule})' for rule in rules)})"
        for name, rules in (("strong", strong), ("weak", weak))
        if rules
    ]
    return re.compile(rf"(?<!\w)(?=[\w$€£¥₹])(?=(?:{'|'.join(groups)}))")


def _trigger_table() -> dict[str, tuple[str, ...]]:
    """Each trigger word and the types it wakes; a word start also wakes the types of the shorter ones it extends."""
    table: dict[str, set[str]] = {}
    for kind, words in TRIGGERS.items():
        for word in words.split():
            table.setdefault(word, set()).add(kind)
    for word, kinds in table.items():
        kinds.update(*(more for other, more in table.items() if 5 <= len(other) < len(word) and word.startswith(other)))
    return {word: tuple(sorted(kinds)) for word, kinds in table.items()}


def _trie(words: list[str]) -> str:
    """A regex for any of `words` (up to 4 letters: whole words; longer: word starts), the longest tried first."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = r"(?![a-z0-9])" if len(word) <= 4 else ""
    return _branch(tree)


def _branch(node: dict) -> str:
    options = [re.escape(char) + _branch(child) for char, child in sorted(node.items()) if char]
    options += [node[""]] if "" in node else []
    return options[0] if len(options) == 1 else f"(?:{'|'.join(options)})"


_PATTERNS = {kind: _compile(kind) for kind in PRIORITY}
_RANK = {kind: len(PRIORITY) - i for i, kind in enumerate(PRIORITY)}
_TRIGGER_KINDS = _trigger_table()
_TRIGGER_RE = re.compile(rf"(?<![a-z0-9]){_trie(list(_TRIGGER_KINDS))}")
