"""A demand's short title: the act it asks for, as a base-form verb phrase ("Release Kem Sokha")."""

from __future__ import annotations

import re

from .addressees import addressee_spans, find_addressees
from .clauses import ADDRESSED_VERBS, THAT_RE, TO_VERB_RE, Clause, calls_for
from .conditions import find_condition
from .lexicon import IMPERATIVE_VERBS
from .recommendations import strip_states

# A title names what is asked in full; only a run-on text with no aside to cut at is capped
# (at a word, without an ellipsis) to the length a demand's title is stored at. Lists shorten
# titles for display; the demand's text keeps the clause whole.
TITLE_MAX = 300

_NOMINAL = {
    "release": "Release", "reinstatement": "Reinstate", "suspension": "Suspend", "end": "End",
    "adoption": "Adopt", "lifting": "Lift", "withdrawal": "Withdraw", "repeal": "Repeal",
    "establishment": "Establish", "investigation": "Investigate", "ratification": "Ratify",
    "abolition": "Abolish", "halt": "Halt", "cessation": "Cease", "return": "Return",
    "restoration": "Restore", "dropping": "Drop", "revision": "Revise", "amendment": "Amend",
    "implementation": "Implement", "reopening": "Reopen", "annulment": "Annul",
    "quashing": "Quash", "closure": "Close", "removal": "Remove", "resumption": "Resume",
    "extension": "Extend", "renewal": "Renew", "review": "Review", "protection": "Protect",
    "prosecution": "Prosecute", "rehabilitation": "Rehabilitate", "recognition": "Recognise",
    "acquittal": "Acquit", "reversal": "Reverse", "revocation": "Revoke", "listing": "List",
    "freezing": "Freeze", "imposition": "Impose", "designation": "Designate",
}  # fmt: skip
_PARTICIPLES = {
    "dropped": "Drop", "released": "Release", "freed": "Free", "lifted": "Lift",
    "repealed": "Repeal", "annulled": "Annul", "quashed": "Quash", "overturned": "Overturn",
    "reinstated": "Reinstate", "withdrawn": "Withdraw", "investigated": "Investigate",
    "held": "Hold", "brought": "Bring", "closed": "Close", "restored": "Restore",
    "reopened": "Reopen", "returned": "Return", "compensated": "Compensate",
    "punished": "Punish", "prosecuted": "Prosecute", "allowed": "Allow", "granted": "Grant",
    "given": "Give", "abolished": "Abolish", "amended": "Amend", "revoked": "Revoke",
    "removed": "Remove", "stopped": "Stop", "ended": "End", "implemented": "Implement",
    "ratified": "Ratify", "acquitted": "Acquit", "rehabilitated": "Rehabilitate",
    "cleared": "Clear", "dismissed": "Dismiss", "suspended": "Suspend", "imposed": "Impose",
    "adopted": "Adopt", "established": "Establish", "guaranteed": "Guarantee",
    "respected": "Respect", "upheld": "Uphold", "extended": "Extend", "renewed": "Renew",
    "reviewed": "Review", "revised": "Revise", "halted": "Halt", "resumed": "Resume",
}  # fmt: skip
# "immediately", "immediately and unconditionally"
_ADVERBS = r"[a-z]+ly(?:\s+and\s+[a-z]+ly)?"


def _passive_re(thing: str, be: str) -> re.Pattern[str]:
    """'<thing> <be> [promptly and fully] <participle> <rest>'."""
    return re.compile(
        rf"^(?P<object>{thing})\s+{be}\s+(?:{_ADVERBS}\s+)?(?P<participle>[a-z]+)\b(?P<rest>.*)$"
    )


_PASSIVE_RE = _passive_re(r"\S.*?", r"to\s+be")  # "... for all charges to be dropped"
_SUBJUNCTIVE_PASSIVE_RE = _passive_re(
    r"\S.{0,150}?", r"(?:(?:should|must|shall|will|would|may|can)\s+)?be"
)  # "... that he be released"
_OBJECT_PRONOUNS = {"he": "him", "she": "her", "they": "them", "we": "us"}
# Base forms a demand's title may open with: the UPR verbs and those the titles are made with.
TITLE_VERBS = IMPERATIVE_VERBS | {v.lower() for v in (*_NOMINAL.values(), *_PARTICIPLES.values())}
_MODIFIERS = {
    "the", "a", "an", "immediate", "unconditional", "and", "full", "swift", "prompt", "urgent",
    "effective", "independent", "thorough", "impartial", "transparent", "credible", "further",
    "its", "their", "his", "her", "complete", "genuine", "immediately", "unconditionally",
    "speedy", "rapid", "timely", "total", "permanent", "comprehensive", "international",
}  # fmt: skip
_ASIDE_RE = re.compile(r",\s|\s(?:including|in\s+particular|notably|as\s+well\s+as|and\s+that)\s")
_LIST_GOES_ON_RE = re.compile(r"[\w'-]+\s*(?:,|(?:and|or)\b)")
_THAT_SUBJECT_RE = re.compile(
    r"^(?:.{0,120}?)\b(?:must|should|shall|needs?\s+to|has\s+to|have\s+to)\s+(?:also\s+|immediately\s+|urgently\s+)?",
)


def make_title(clause: Clause, default_adjective: str | None) -> str:
    text = clause.text
    verb = clause.verb
    if verb is not None and not verb.imperative:
        text = text[verb.end :]
    text = text.strip(" ,;:")
    if clause.nominal:
        text = _asked_for(text.removeprefix("for "), default_adjective)
    elif clause.chained or re.match(r"[Tt]o\s", text):
        # UN sub-paragraphs capitalise it: "(a) To abolish public executions;".
        text = re.sub(r"^[Tt]o\s+", "", text)
    elif verb is not None and not verb.imperative:
        addressed = verb.phrase in ADDRESSED_VERBS or verb.phrase.endswith(
            ("its call on", "its call")
        )
        if addressed and calls_for(clause):
            # "reiterates its call for the release of X" asks for something, like "calls for";
            # "... its call for the authorities to release X" still names who is asked.
            addressed = False
        to = TO_VERB_RE.search(text)
        that = THAT_RE.match(text)
        if that:
            rest = text[that.end() :].strip()
            m = _THAT_SUBJECT_RE.match(rest)
            passive = _passive_to_verb(rest, subjunctive=True)
            if passive:
                text = passive  # "demands that he be released" -> "Release him"
            elif m:
                text = rest[m.end() :]
            else:
                # "demands that the military junta end ...": drop the addressee, keep the act.
                spans = [s for s in addressee_spans(rest, default_adjective) if s[0] < 5]
                text = rest[spans[0][1] :] if spans else rest
        elif to and (
            (addressed and verb.phrase != "calls for")
            or find_addressees(text[: to.start()], default_adjective)
        ):
            text = text[to.end() :]
        else:
            text = _passive_to_verb(text) or _nominal_to_verb(text)
    condition = find_condition(text)
    at = text.find(condition) if condition else -1
    inserted = condition is not None and at > 0 and text[at + len(condition) :].startswith(",")
    if condition and (at > 10 or inserted):
        # The condition is reported on its own; the title names what is asked, with what
        # follows an inserted condition ("consider, if X, the suspension of ...").
        after = text[at + len(condition) :].lstrip(" ,") if inserted else ""
        text = f"{text[:at].rstrip(' ,')} {after}".strip()
    text = strip_states(text)  # "Ratify X (Slovakia) (Spain);": the recommending States
    # "release, immediately and unconditionally, Kem Sokha" -> "release Kem Sokha"
    text = re.sub(rf",\s*{_ADVERBS}\s*,\s*", " ", text)
    # "Strengthen, through a comprehensive strategy, the fight ..." -> "Strengthen the fight ..."
    text = re.sub(r"^([A-Za-z]+),\s+[^,;]{3,80},\s+(?=\S)", r"\1 ", text)
    if len(text) > 80:
        # Cut at the first aside, but not inside a list ("free, fair and inclusive").
        comma = next(
            (
                m
                for m in _ASIDE_RE.finditer(text, 25)
                if not (m.group(0).startswith(",") and _LIST_GOES_ON_RE.match(text, m.end()))
            ),
            None,
        )
        if comma:
            text = text[: comma.start()]
    text = text.strip(" ,;:.")
    if not text:
        text = clause.text.strip(" ,;:.")
    title = text[:1].upper() + text[1:]
    if len(title) > TITLE_MAX:
        cut = title[:TITLE_MAX]
        title = (cut[: cut.rfind(" ")] if " " in cut else cut).rstrip(" ,;:")
    return title


def _asked_for(text: str, default_adjective: str | None) -> str:
    """What a call for `text` asks: "the Council to adopt X" -> "adopt X"; "all charges to be
    dropped" -> "Drop all charges"; "the release of X" -> "Release X"."""
    to = TO_VERB_RE.search(text)
    if to and find_addressees(text[: to.start()], default_adjective):
        return text[to.end() :]
    return _passive_to_verb(text) or _nominal_to_verb(text)


def _passive_to_verb(text: str, *, subjunctive: bool = False) -> str | None:
    """'all charges against him to be dropped' -> 'Drop all charges against him'; with
    `subjunctive`, after "demands that": 'he be released immediately' -> 'Release him
    immediately'."""
    m = (_SUBJUNCTIVE_PASSIVE_RE if subjunctive else _PASSIVE_RE).match(text)
    if m is None or m.group("participle") not in _PARTICIPLES:
        return None
    done = _PARTICIPLES[m.group("participle")]
    thing = _OBJECT_PRONOUNS.get(m.group("object").lower(), m.group("object"))
    return f"{done} {thing}{m.group('rest')}"


def _nominal_to_verb(text: str) -> str:
    """'the immediate and unconditional release of X' -> 'Release X'."""
    words = text.split()
    i = 0
    while i < len(words) and words[i].lower().strip(",") in _MODIFIERS:
        i += 1
    if i < len(words) - 2 and words[i].lower() in _NOMINAL and words[i + 1] == "of":
        rest = words[i + 2 :]
        if rest and rest[0] == "the" and len(rest) > 1 and rest[1][:1].isupper():
            rest = rest[1:]
        return " ".join([_NOMINAL[words[i].lower()], *rest])
    return text


def title_verbs() -> frozenset[str]:
    """The base-form verbs a demand's title may open with ("Release", "Ratify", "Drop")."""
    return TITLE_VERBS
