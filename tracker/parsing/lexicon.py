"""Word lists: the verbs that open operative paragraphs and the phrases that open preambles."""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Third-person verbs that ask someone to act.
DEMAND_VERBS = _words(
    """
    calls urges demands asks requests encourages invites recommends exhorts appeals
    expects suggests proposes presses implores beseeches
    """
)
# Stances: nobody is asked to do anything.
POSITION_VERBS = _words(
    """
    condemns deplores welcomes notes recalls considers believes expresses regrets
    reaffirms reiterates stresses underlines emphasises emphasizes highlights points
    acknowledges recognises recognizes denounces rejects supports commends applauds
    praises declares affirms observes reminds warns fears shares deems finds salutes pays
    agrees endorses underscores doubts questions stands insists is remains takes extends
    mourns laments protests deeply strongly firmly fully notices accepts appreciates hopes
    trusts wishes regards looks condoles honours honors congratulates sympathises
    sympathizes reasserts reconfirms confirms opposes objects views
    """
)
# The body's own business: forwarding, consenting, deciding.
PROCEDURAL_VERBS = _words(
    """
    instructs gives delivers approves decides adopts resolves mandates charges authorises
    authorizes entrusts
    """
)
OPERATIVE_VERBS = DEMAND_VERBS | POSITION_VERBS | PROCEDURAL_VERBS

# Base forms that open UPR recommendations ("118.5 Ratify the Optional Protocol ...").
IMPERATIVE_VERBS = _words(
    """
    ratify take ensure adopt continue strengthen establish guarantee consider release end
    repeal amend accede implement bring abolish investigate protect promote combat
    intensify extend cooperate step put revise undertake develop allow provide lift align
    decriminalize decriminalise prohibit criminalize criminalise eliminate respect enact
    redouble seek pursue improve increase finalize finalise prevent remove review raise
    create grant facilitate withdraw halt cease stop reform adhere carry conduct issue
    invite accept reinforce sign submit ban uphold expedite reconsider train refrain fully
    effectively address allocate enhance make give incorporate harmonize harmonise set
    launch maintain support engage respond reduce expand integrate safeguard pass
    complete undertake accede recognize recognise formulate design identify deepen sustain
    work consolidate gradually explicitly enact criminalize establish further intensify
    operationalize operationalise publish collect ensure elaborate strive swiftly promptly
    """
)

# Words that open a preambular paragraph (UN style, or EP recitals without "whereas").
PREAMBLE_OPENERS = _words(
    """
    recalling reaffirming noting bearing guided mindful concerned alarmed welcoming
    recognizing recognising acknowledging emphasizing emphasising stressing expressing
    taking having convinced aware determined underlining deploring condemning commending
    affirming considering regretting encouraged appreciating reiterating highlighting
    urging believing desiring cognizant conscious observing underscoring insisting
    referring pointing declaring viewing keeping anxious disturbed shocked appalled
    outraged saddened dismayed troubled reminding looking acting seized
    """
)
PREAMBLE_ADVERBS = (
    r"(?:also|further|furthermore|deeply|gravely|seriously|strongly|fully|again|once\s+again)"
)

_VERB_ALT = "|".join(sorted(OPERATIVE_VERBS, key=len, reverse=True))
_OPENER_ALT = "|".join(sorted(PREAMBLE_OPENERS, key=len, reverse=True))
LEAD_ADVERBS = (
    r"(?:(?:[a-z]+ly|also|further|again|once\s+again|therefore|finally|moreover|furthermore|"
    r"lastly|in\s+this\s+(?:regard|respect|context)|in\s+addition|in\s+particular|thus|hence|"
    r"nevertheless|however|accordingly)\s*,?\s+)"
)

# The body that speaks, named at the head of each paragraph in PACE texts, treaty bodies'
# concluding observations and some older ones: "The Assembly therefore calls on ...",
# "The Committee recommends ...", "It also urges ...".
SPEAKER = (
    r"(?:(?:the\s+)?(?:parliamentary\s+assembly|assembly|european\s+parliament|"
    r"governing\s+council|committee\s+of\s+ministers|committee|it)\s*,?\s+)"
)
SPEAKER_RE = re.compile(rf"^{SPEAKER}(?={LEAD_ADVERBS}{{0,3}}[a-z])", re.IGNORECASE)

# An operative paragraph opening: optional speaker and adverbs, then a known third-person verb.
OPERATIVE_START_RE = re.compile(
    rf"^{SPEAKER}?{LEAD_ADVERBS}{{0,3}}(?:{_VERB_ALT})\b", re.IGNORECASE
)
PREAMBLE_START_RE = re.compile(
    # "Referring to the case of ..." opens IPU decisions; other openers are not followed by "to".
    rf"^(?:{PREAMBLE_ADVERBS}\s+)*(?:referring\s+to\b|(?:{_OPENER_ALT})\b(?!\s+to\b))",
    re.IGNORECASE,
)
WHEREAS_RE = re.compile(r"^(?:and\s+)?whereas\b", re.IGNORECASE)
HAVING_RE = re.compile(
    r"^having\s+(?:regards?|been\s+consulted|consulted|examined|heard|considered|received|"
    r"noted|taken\s+note|regard)\b",
    re.IGNORECASE,
)
CITATION_RE = re.compile(r"^having\s+(?:regards?|been\s+consulted)\b", re.IGNORECASE)

# A treaty body's recommendation names who must act first: "The State party should ...".
STATE_PARTY_SHOULD_RE = re.compile(
    r"^(?:in\s+particular,\s+|accordingly,\s+|moreover,\s+)?(?:the\s+)?State\s+party\s+"
    r"(?:should|must|is\s+(?:urged|encouraged|requested|invited)\s+to)\b",
    re.IGNORECASE,
)
