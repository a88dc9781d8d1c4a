"""One operative paragraph: its verb and kind, its clauses, and the demands they make."""

from __future__ import annotations

import datetime
import re

from .actors import ActorIndex, find_subjects
from .addressees import addressee_spans, find_addressees, for_body, unique
from .clauses import TO_VERB_RE, Clause, addressee_zone, split_clauses
from .conditions import find_condition
from .deadlines import find_deadline
from .model import ParsedParagraph, ProposedDemand
from .recommendations import split_recommendations, strip_all_states
from .titles import make_title
from .verbs import Verb, leading_verb


def _clause_verb(clause: Clause, lead: Verb | None) -> str | None:
    if clause.verb is not None:
        return clause.verb.phrase
    if clause.lead_verb is not None:
        return clause.lead_verb.phrase
    return lead.phrase if lead and clause.chained else None


def analyse_paragraph(
    label: str,
    position: int,
    text: str,
    subparagraphs: tuple[str, ...],
    *,
    index: ActorIndex,
    default_adjective: str | None,
    today: datetime.date | None,
    recommendations: bool,
    default_addressees: tuple[str, ...] = (),
    truncated: bool = False,
    response: str | None = None,
    themes: tuple[str, ...] = (),
    body: str | None = None,
) -> ParsedParagraph:
    intro = text
    if subparagraphs:
        # The intro is the text before the first sub-paragraph label.
        first = re.search(r"\s(?:\([a-z]{1,5}\)|-|\d{1,3}(?:\.\d{1,3})+\.)\s", text)
        intro = text[: first.start()] if first else text
    lead = leading_verb(intro, imperative=recommendations)
    clauses: list[Clause] = []
    upr = recommendations or "." in label
    for piece, states in split_recommendations(intro) if upr else [(intro, ())]:
        # One numbered item may join several States' recommendations, each with its States.
        for clause in split_clauses(piece, recommendations):
            clause.recommended_by = states
            clauses.append(clause)
    if subparagraphs and clauses and clauses[-1].kind == "demand":
        base = clauses[-1]
        zone = base.addressee_zone or addressee_zone(base)
        if (
            base.text.rstrip().endswith(":")
            or base.verb is not None
            and not TO_VERB_RE.search(base.text, base.verb.end)
        ):
            # "Calls on the authorities: (a) to ...; (b) to ..." - the intro only names who is
            # asked; each sub-paragraph is the demand. The first one carries the intro's verb.
            clauses.pop()
            for n, sub in enumerate(subparagraphs):
                clauses.append(
                    Clause(
                        sub,
                        None,
                        "demand",
                        zone,
                        chained=n > 0,
                        lead_verb=base.verb,
                        recommended_by=base.recommended_by,
                    )
                )
            subparagraphs_done = True
        else:
            subparagraphs_done = False
        for sub in subparagraphs if not subparagraphs_done else ():
            clauses.append(Clause(sub, None, "demand", zone, chained=True))
    kinds = [c.kind for c in clauses]
    lead_kind = kinds[0] if kinds else ("demand" if recommendations else "position")
    if lead_kind == "procedural":
        kind = "procedural"
    elif "demand" in kinds:
        kind = "demand"
    else:
        kind = lead_kind

    demands: list[ProposedDemand] = []
    previous: tuple[str, ...] = ()
    all_addressees: list[str] = []
    if kind == "demand":
        for clause in clauses:
            if clause.kind != "demand":
                continue
            if clause.chained:
                addressees = previous
            elif clause.lead_verb is not None:
                addressees = tuple(
                    n for _, n in find_addressees(clause.addressee_zone, default_adjective)
                )
            else:
                addressees = tuple(
                    n for _, n in find_addressees(clause.addressee_zone, default_adjective)
                )
                if not addressees and recommendations:
                    addressees = default_addressees
            addressees = for_body(addressees, body)
            previous = addressees
            about = strip_all_states(clause.text) if upr else clause.text
            subs, _ = find_subjects(about, index, addressee_spans(about, default_adjective))
            demands.append(
                ProposedDemand(
                    title=make_title(clause, default_adjective),
                    text=clause.text,
                    verb=_clause_verb(clause, lead),
                    addressees=unique(list(addressees)),
                    subjects=tuple(subs),
                    deadline=find_deadline(clause.text, today, body),
                    condition=find_condition(clause.text),
                    recommended_by=clause.recommended_by,
                    response=response,
                    themes=unique(list(themes)),
                )
            )
            all_addressees.extend(addressees)
    elif kind == "procedural":
        # The recipients of a forwarded text; "approves the Council decision" names nobody.
        sent = re.search(r"\b(?:forward|transmit|convey|send|communicate)\b", text)
        if sent:
            found = [n for _, n in find_addressees(text[sent.end() :], default_adjective)]
            all_addressees = list(for_body(tuple(found), body))

    about = strip_all_states(text) if upr else text
    offices: dict[str, str] = {}
    subjects, new_actors = find_subjects(
        about, index, addressee_spans(about, default_adjective), offices
    )
    if kind == "procedural":
        subjects, new_actors = [], []
    condition = next((d.condition for d in demands if d.condition), None)
    if condition is None and kind != "procedural":
        condition = find_condition(text)
    deadline = next((d.deadline for d in demands if d.deadline), None)
    repetition = bool(lead and lead.repetition) or any(
        c.verb is not None and c.verb.repetition for c in clauses
    )
    return ParsedParagraph(
        label=label,
        position=position,
        text=text,
        subparagraphs=subparagraphs,
        kind=kind,
        verb=lead.phrase if lead else None,
        addressees=unique(all_addressees),
        subjects=tuple(subjects),
        new_actors=tuple(new_actors),
        new_actor_notes=tuple((n, offices[n]) for n in new_actors if n in offices),
        conditional=condition is not None,
        condition=condition,
        deadline=deadline,
        repetition=repetition,
        demands=tuple(demands) if kind == "demand" else (),
        truncated=truncated,
    )
