"""Synthetic data at scale: realistic resolutions, demands and years of follow-up, from a seed."""

# ruff: noqa: E501 - the tables of names and phrases read best one row to a line

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session

from tracker import models as m
from tracker.services.audit import record_audit
from tracker.services.search import index_added, pause_indexing

# How many demands go into the database per batch: bounds memory and paces the progress bar.
BATCH_DEMANDS = 5_000
TODAY = dt.date(2025, 6, 30)  # fixed, so that one seed always gives the same data

# Per country: code, name, given names, family names (with their diacritics), a prison, a party.
COUNTRIES: list[tuple[str, str, list[str], list[str], str, str]] = [
    ("KH", "Cambodia", ["Sokha", "Rainsy", "Sophal", "Theary", "Chhun", "Kimsour", "Vanna"],
     ["Kem", "Sam", "Seng", "Chhim", "Mu", "Thach", "Prum"], "Prey Sar prison", "CNRP"),
    ("VN", "Viet Nam", ["Văn Đài", "Thị Hương", "Quang Lập", "Đức Lợi", "Thanh Tùng", "Minh"],
     ["Nguyễn", "Trần", "Lê", "Phạm", "Đặng", "Huỳnh", "Võ"], "Trại giam Xuân Lộc", "Brotherhood for Democracy"),
    ("NI", "Nicaragua", ["Rolando", "Cristiana", "Félix", "Tamara", "Medardo", "Ángel"],
     ["Álvarez", "Chamorro", "Maradiaga", "Dávila", "Mairena", "Núñez"], "La Modelo prison", "UNAMOS"),
    ("IR", "Iran", ["Narges", "Nasrin", "Ahmadreza", "Toomaj", "Fariba", "Mahvash"],
     ["Mohammadi", "Sotoudeh", "Djalali", "Salehi", "Adelkhah", "Sabet"], "Evin prison", "Green Movement"),
    ("BY", "Belarus", ["Ales", "Maria", "Ihar", "Siarhei", "Mikalai", "Palina"],
     ["Bialiatski", "Kalesnikava", "Losik", "Tsikhanouski", "Statkevich", "Sharenda-Panasiuk"], "Penal Colony No. 9", "Viasna"),
    ("RU", "Russia", ["Vladimir", "Alexei", "Ilya", "Yevgenia", "Oleg", "Lilia"],
     ["Kara-Murza", "Gorinov", "Yashin", "Berkovich", "Orlov", "Chanysheva"], "IK-6 Omsk", "Memorial"),
    ("MM", "Myanmar", ["Aung San", "Win", "Zaw", "Thet", "Ma Thida", "Min Ko"],
     ["Suu Kyi", "Htein", "Myint", "Naing", "Oo", "Aung"], "Insein prison", "NLD"),
    ("TR", "Türkiye", ["Osman", "Selahattin", "Ahmet", "Şebnem", "Çiğdem", "Gülten"],
     ["Kavala", "Demirtaş", "Altan", "Korur Fincancı", "Mater", "Kışanak"], "Silivri prison", "HDP"),
    ("EG", "Egypt", ["Alaa", "Ahmed", "Mohamed", "Patrick", "Hoda", "Ibrahim"],
     ["Abd El-Fattah", "Douma", "El-Baqer", "Zaki", "Abdelmoniem", "Ezz El-Din"], "Wadi al-Natrun", "Egyptian Initiative for Personal Rights"),
    ("AZ", "Azerbaijan", ["Anar", "Gubad", "Tofig", "Bakhtiyar", "Sevinj", "Ülvi"],
     ["Mammadli", "Ibadoghlu", "Yagublu", "Hajiyev", "Vagifqizi", "Həsənli"], "Kurdakhani detention centre", "Popular Front Party"),
    ("TJ", "Tajikistan", ["Buzurgmehr", "Ulfathonim", "Abdullo", "Daler", "Mahmadali", "Zarina"],
     ["Yorov", "Mamadshoeva", "Ghurbati", "Imomali", "Hayit", "Saidova"], "Yavan prison", "Group 24"),
    ("ER", "Eritrea", ["Dawit", "Amanuel", "Ciham", "Berhane", "Petros", "Aster"],
     ["Isaak", "Asrat", "Ali Abdu", "Abraha", "Solomon", "Fisehaye"], "Eiraeiro prison", "G-15"),
]  # fmt: skip

BODIES = [
    ("European Parliament", m.ResolutionKind.MOTION),
    ("European Parliament", m.ResolutionKind.JOINT_MOTION),
    ("European Parliament", m.ResolutionKind.ADOPTED_TEXT),
    ("UN Human Rights Council", m.ResolutionKind.UN_RESOLUTION),
    ("Inter-Parliamentary Union", m.ResolutionKind.UN_RESOLUTION),
    ("Universal Periodic Review", m.ResolutionKind.RECOMMENDATIONS_LIST),
]
ADDRESSEES = ["authorities", "Government", "Supreme Court", "Ministry of Justice"]
EU_ADDRESSEES = ["Council", "Commission", "EEAS", "Member States"]
# (verb, title template, paragraph template); {p} a person, {c} the country, {x} the party.
DEMANDS = [
    ("calls for", "Release {p}", "the immediate and unconditional release of {p}"),
    ("urges", "Drop all charges against {p}", "the {c} authorities to drop all charges against {p}"),
    ("demands", "End the house arrest of {p}", "that the house arrest of {p} be lifted at once"),
    ("calls on", "Reinstate the {x}", "the authorities to reinstate the {x} and its elected members"),
    ("calls on", "Targeted sanctions against those responsible for the persecution of {p}",
     "the Council to adopt targeted sanctions against those responsible for the persecution of {p}"),
    ("urges", "Allow independent observers at the trial of {p}",
     "the authorities to allow independent observers and diplomats at the trial of {p}"),
    ("requests", "Investigate the ill-treatment of {p}",
     "an independent investigation into the ill-treatment of {p} in detention"),
    ("calls for", "Guarantee medical care for {p}", "access to adequate medical care for {p}"),
    ("calls on", "Repeal the foreign agents law", "the {c} parliament to repeal the foreign agents law"),
    ("urges", "Restore media freedom", "the authorities to allow independent media and journalists to work freely"),
    ("encourages", "Monitor the trial of {p}", "the EU Delegation to monitor the trial of {p} closely"),
    ("reiterates its call for", "Free all political prisoners", "the release of all political prisoners in {c}"),
]  # fmt: skip
POSITIONS = [
    ("strongly condemns", "the politically motivated conviction of {p}"),
    ("deplores", "the continued crackdown on the opposition and civil society in {c}"),
    ("welcomes", "the release on bail of several activists in {c}"),
    ("notes", "the reply of the {c} authorities of last month"),
    ("recalls", "that freedom of expression is a cornerstone of democracy"),
]
PROCEDURAL = "instructs its President to forward this resolution to the Council, the Commission and the authorities of {c}"
NOTES = [
    "{p} remains in {j}; the appeal hearing was adjourned again.",
    "Family members report that {p} was denied medical care in {j}.",
    "The court upheld the sentence of {p}; observers were not admitted.",
    "{p} was moved to house arrest, with no contact with lawyers.",
    "The Ministry of Justice replied that the case of {p} is an internal matter.",
    "Partial progress: some charges against {p} dropped, others remain.",
    "{p} released on bail after {n} months; travel ban still in force.",
    "No change since the last debate; the {x} remains dissolved.",
    "Lawyers for {p} say the verdict is expected before the end of the year.",
]
PUBLISHERS = [("Radio Free Asia", "rfa.org"), ("Amnesty International", "amnesty.org"),
              ("Human Rights Watch", "hrw.org"), ("Reuters", "reuters.com"),
              ("OHCHR", "ohchr.org"), ("Front Line Defenders", "frontlinedefenders.org"),
              ("EEAS", "eeas.europa.eu"), ("Le Monde", "lemonde.fr")]  # fmt: skip
STATUS_WALK = [
    m.Status.NOT_IMPLEMENTED,
    m.Status.NOT_IMPLEMENTED,
    m.Status.NOT_IMPLEMENTED,
    m.Status.PARTIALLY_IMPLEMENTED,
    m.Status.REGRESSED,
    m.Status.IMPLEMENTED,
]
EVENT_KINDS = [m.EventKind.ARREST, m.EventKind.CHARGE, m.EventKind.TRIAL, m.EventKind.VERDICT,
               m.EventKind.RELEASE, m.EventKind.DEBATE, m.EventKind.REPLY]  # fmt: skip
THEMES = ["detention", "judicial harassment", "political parties", "sanctions", "media freedom"]


@dataclass
class SynthReport:
    seed: int
    demands: int = 0
    resolutions: int = 0
    paragraphs: int = 0
    status_updates: int = 0
    actors: int = 0
    events: int = 0
    sources: int = 0
    threads: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class _Ids:
    """The next free id of each table, so rows can point at each other before insertion."""

    next: dict[str, int] = field(default_factory=dict)

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


@dataclass
class _Rows:
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.tables.setdefault(table, []).append(row)


# Insertion order: parents before children (foreign keys are on).
ORDER = [
    "users", "themes", "actors", "actor_aliases", "sources", "situation_changes", "events",
    "event_actors", "event_sources", "threads", "resolutions", "citations", "recitals",
    "paragraphs", "demands", "demand_actors", "demand_themes", "demand_events",
    "status_updates", "status_update_sources",
]  # fmt: skip


def _flush_rows(session: Session, rows: _Rows) -> None:
    tables: dict[str, Table] = m.metadata.tables
    for name in ORDER:
        batch = rows.tables.get(name)
        if batch:
            # Core executemany: no ORM unit of work, no per-row round trip.
            session.execute(tables[name].insert(), batch)
    rows.tables.clear()


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randrange(7, 20), rng.randrange(60)), dt.UTC)


class _Synth:
    def __init__(self, session: Session, seed: int) -> None:
        self.session = session
        self.rng = random.Random(seed)
        self.seed = seed
        self.ids = _Ids()
        tables = m.metadata.tables
        for name in ORDER:
            if "id" in tables[name].c:
                self.ids.next[name] = (session.scalar(select(func.max(tables[name].c.id))) or 0) + 1
        self.rows = _Rows()
        self.report = SynthReport(seed=seed)
        self.now = dt.datetime(2025, 6, 30, 12, tzinfo=dt.UTC)
        self.people: dict[str, list[tuple[int, str]]] = {}
        self.institutions: dict[str, list[int]] = {}
        self.eu: list[int] = []
        self.sources: list[int] = []
        self.events: dict[str, list[int]] = {}
        self.threads: dict[tuple[str, int, int], int] = {}
        self.theme_ids: dict[str, int] = {}
        self.authors: list[int] = []

    # --- the fixed cast: users, themes, actors, sources, events -------------------------------

    def cast(self, demands: int) -> None:
        rng = self.rng
        for n in range(4):
            uid = self.ids.take("users")
            self.authors.append(uid)
            self.rows.add(
                "users",
                {"id": uid, "email": f"synth-{self.seed}-{uid}-{n}@example.org",
                 "name": f"Synthetic analyst {n + 1}", "password_hash": "!synthetic-no-sign-in",
                 "role": "analyst", "is_active": False, "created_at": self.now, "version": 1},
            )  # fmt: skip
        existing: dict[str, int] = dict(
            self.session.execute(select(m.Theme.name, m.Theme.id)).all()
        )
        for theme in THEMES:
            if theme in existing:
                self.theme_ids[theme] = existing[theme]
            else:
                self.theme_ids[theme] = tid = self.ids.take("themes")
                self.rows.add("themes", {"id": tid, "name": theme})
        for name in EU_ADDRESSEES:
            self.eu.append(self._actor(name, m.ActorKind.INSTITUTION, None))
        per_country = max(6, demands // 50 // len(COUNTRIES))
        for code, cname, given, family, _jail, party in COUNTRIES:
            self.institutions[code] = [
                self._actor(f"{cname} {a}", m.ActorKind.GOVERNMENT, code) for a in ADDRESSEES
            ]
            self._actor(party, m.ActorKind.PARTY, code)
            people = []
            for i in range(per_country):
                first, last = rng.choice(given), rng.choice(family)
                name = f"{last} {first}" if code in ("VN", "KH", "MM") else f"{first} {last}"
                if i >= len(given) * len(family) // 2:
                    name += f" ({i})"  # distinct people who share a name
                aliases = [f"{first} {last}"] if rng.random() < 0.3 and code in ("VN", "KH") else []
                aid = self._actor(name, m.ActorKind.PERSON, code, aliases)
                people.append((aid, name))
                for k in range(rng.randrange(1, 3)):
                    self.rows.add(
                        "situation_changes",
                        {"id": self.ids.take("situation_changes"), "actor_id": aid,
                         "situation": rng.choice(["detained", "house_arrest", "convicted",
                                                  "released", "in_exile"]),
                         "since": dt.date(2016 + 3 * k, rng.randrange(1, 13), 1),
                         "since_precision": "month", "note": "", "source_id": None,
                         "recorded_at": self.now, "recorded_by_id": self.authors[0]},
                    )  # fmt: skip
            self.people[code] = people
        for _ in range(max(50, demands // 3)):
            self.sources.append(self._source())
        for code, cname, *_rest in COUNTRIES:
            self.events[code] = []
            for _ in range(max(4, demands // 20 // len(COUNTRIES))):
                self.events[code].append(self._event(code, cname))

    def _actor(
        self, name: str, kind: m.ActorKind, country: str | None, aliases: list[str] | None = None
    ) -> int:
        from tracker.text import normalise_name

        aid = self.ids.take("actors")
        self.report.actors += 1
        self.rows.add(
            "actors",
            {"id": aid, "kind": kind.value, "name": name, "normalised_name": normalise_name(name),
             "country": country, "description": "", "merged_into_id": None,
             "created_at": self.now, "version": 1},
        )  # fmt: skip
        for alias in aliases or []:
            self.rows.add(
                "actor_aliases",
                {"id": self.ids.take("actor_aliases"), "actor_id": aid, "alias": alias,
                 "normalised": normalise_name(alias)},
            )  # fmt: skip
        return aid

    def _source(self) -> int:
        rng = self.rng
        sid = self.ids.take("sources")
        publisher, domain = rng.choice(PUBLISHERS)
        year = rng.randrange(2015, 2026)
        self.rows.add(
            "sources",
            {"id": sid, "url": f"https://www.{domain}/{year}/news/{sid}", "reference": None,
             "title": f"{publisher} report {sid}", "publisher": publisher,
             "published_on": dt.date(year, rng.randrange(1, 13), rng.randrange(1, 29)),
             "is_confidential": rng.random() < 0.03, "created_at": self.now,
             "created_by_id": None, "version": 1},
        )  # fmt: skip
        self.report.sources += 1
        return sid

    def _event(self, code: str, cname: str) -> int:
        rng = self.rng
        eid = self.ids.take("events")
        kind = rng.choice(EVENT_KINDS)
        pid, person = rng.choice(self.people[code])
        self.rows.add(
            "events",
            {"id": eid, "kind": kind.value,
             "title": f"{kind.value.capitalize()}: {person}",
             "description": f"{kind.value.capitalize()} of {person} in {cname}.",
             "occurred_on": dt.date(rng.randrange(2015, 2025), rng.randrange(1, 13), 1),
             "date_precision": rng.choice(["day", "month"]), "country": code,
             "created_at": self.now, "version": 1},
        )  # fmt: skip
        self.rows.add("event_actors", {"event_id": eid, "actor_id": pid, "role": "subject"})
        self.rows.add("event_sources", {"event_id": eid, "source_id": rng.choice(self.sources)})
        self.report.events += 1
        return eid

    # --- resolutions, paragraphs, demands and their history -----------------------------------

    def resolution(self, budget: int) -> int:
        """One resolution with up to `budget` demands; returns how many it made."""
        rng = self.rng
        code, cname, _given, _family, jail, party = rng.choice(COUNTRIES)
        body, kind = rng.choice(BODIES)
        rid = self.ids.take("resolutions")
        adopted = dt.date(rng.randrange(2012, 2025), rng.randrange(1, 13), rng.randrange(1, 29))
        focus_id, focus = rng.choice(self.people[code])
        title = f"{cname}: the case of {focus}"
        reference = f"B9-{rid:05d}/{adopted.year}"
        lines = [title, f"{body} {kind.value} {reference}"]
        for pos in range(1, rng.randrange(3, 9)):
            text_ = f"having regard to its previous resolutions on {cname}, in particular of {pos} {adopted.year - pos}"
            self.rows.add(
                "citations",
                {"id": self.ids.take("citations"), "resolution_id": rid, "position": pos,
                 "label": "-", "text": text_},
            )  # fmt: skip
            lines.append(f"- {text_},")
        for pos in range(1, rng.randrange(3, 11)):
            text_ = f"whereas {focus} has been detained in {jail} since {adopted.year - pos}"
            self.rows.add(
                "recitals",
                {"id": self.ids.take("recitals"), "resolution_id": rid, "position": pos,
                 "label": chr(64 + pos), "text": text_},
            )  # fmt: skip
            lines.append(f"{chr(64 + pos)}. {text_};")
        made = 0
        paragraphs = rng.randrange(5, 31)
        for pos in range(1, paragraphs + 1):
            pid = self.ids.take("paragraphs")
            self.report.paragraphs += 1
            if pos == paragraphs:
                ptext, pkind, verb = PROCEDURAL.format(c=cname), "procedural", "instructs"
            elif made < budget and rng.random() < 0.6:
                verb, _t, _p = rng.choice(DEMANDS)
                person_id, person = (
                    (focus_id, focus) if rng.random() < 0.5 else rng.choice(self.people[code])
                )
                demands = [rng.choice(DEMANDS) for _ in range(1 if rng.random() < 0.8 else 2)]
                demands = demands[: budget - made]
                ptext = f"{verb} " + "; and ".join(
                    p.format(p=person, c=cname, x=party) for _v, _t, p in demands
                )
                for dpos, template in enumerate(demands, start=1):
                    self._demand(rid, pid, dpos, template, code, cname, party, jail,
                                 person_id, person, adopted)  # fmt: skip
                    made += 1
                pkind = "demand"
            else:
                verb, tmpl = rng.choice(POSITIONS)
                ptext = f"{verb} {tmpl.format(p=focus, c=cname)}"
                pkind = "position"
            self.rows.add(
                "paragraphs",
                {"id": pid, "resolution_id": rid, "position": pos, "label": str(pos),
                 "text": ptext + ";", "subparagraphs": [], "kind": pkind, "verb": verb,
                 "is_truncated": False, "extra": {}},
            )  # fmt: skip
            lines.append(f"{pos}. {ptext};")
        source_text = "\n".join(lines)
        self.rows.add(
            "resolutions",
            {"id": rid, "body": body, "kind": kind.value, "title": title,
             "procedure": f"{adopted.year}/{2500 + rid % 500}(RSP)",
             "document_reference": reference, "country": code, "adopted_on": adopted,
             "language": "en", "source_url": f"https://www.europarl.europa.eu/doceo/{reference}",
             "source_text": source_text,
             "source_sha256": hashlib.sha256(f"{self.seed}:{rid}:{source_text}".encode()).hexdigest(),
             "is_complete": True, "parse_warnings": [], "is_demo": False,
             "created_at": _at(adopted, rng), "created_by_id": None, "version": 1},
        )  # fmt: skip
        self.report.resolutions += 1
        return made

    def _demand(
        self, rid: int, pid: int, position: int, template: tuple[str, str, str], code: str,
        cname: str, party: str, jail: str, person_id: int, person: str, adopted: dt.date,
    ) -> None:  # fmt: skip
        rng = self.rng
        verb, title_t, text_t = template
        did = self.ids.take("demands")
        title = title_t.format(p=person, c=cname, x=party)
        key = (code, DEMANDS.index(template), person_id if "{p}" in title_t else 0)
        thread_id = self.threads.get(key)
        if thread_id is None:
            thread_id = self.threads[key] = self.ids.take("threads")
            self.rows.add(
                "threads",
                {"id": thread_id, "title": title, "created_at": self.now, "version": 1},
            )
            self.report.threads += 1
        deadline = adopted + dt.timedelta(days=365) if rng.random() < 0.15 else None
        self.rows.add(
            "demands",
            {"id": did, "paragraph_id": pid, "position": position, "title": title,
             "text": text_t.format(p=person, c=cname, x=party), "verb": verb,
             "strength": "strong" if verb in ("demands", "urges") else "standard",
             "deadline": deadline, "deadline_precision": "day" if deadline else None,
             "condition": None, "is_repetition": verb.startswith("reiterates"),
             "thread_id": thread_id, "current_update_id": None,
             "created_at": _at(adopted, rng), "version": 1},
        )  # fmt: skip
        self.report.demands += 1
        addressees = rng.sample(self.institutions[code], rng.randrange(1, 3))
        if rng.random() < 0.3:
            addressees.append(rng.choice(self.eu))
        for aid in addressees:
            self.rows.add("demand_actors", {"demand_id": did, "actor_id": aid, "role": "addressee"})
        if "{p}" in title_t:
            self.rows.add(
                "demand_actors", {"demand_id": did, "actor_id": person_id, "role": "subject"}
            )
        self.rows.add(
            "demand_themes", {"demand_id": did, "theme_id": self.theme_ids[rng.choice(THEMES)]}
        )
        if rng.random() < 0.3:
            self.rows.add(
                "demand_events", {"demand_id": did, "event_id": rng.choice(self.events[code])}
            )
        self._history(did, adopted, person, jail, party)

    def _history(self, did: int, adopted: dt.date, person: str, jail: str, party: str) -> None:
        rng = self.rng
        count = rng.randrange(6, 15)
        span = max((TODAY - adopted).days - 10, count)
        day = adopted
        status = m.Status.NO_INFORMATION
        previous: tuple[int, dt.date] | None = None
        for n in range(count):
            day = min(day + dt.timedelta(days=rng.randrange(1, 2 * span // count + 2)), TODAY)
            corrects = None
            if previous is not None and rng.random() < 0.02:
                corrects, day = previous  # a correction of the update before, same date
            elif n or rng.random() < 0.7:
                status = rng.choice(STATUS_WALK)
            uid = self.ids.take("status_updates")
            note = (
                rng.choice(NOTES).format(p=person, j=jail, x=party, n=rng.randrange(3, 60))
                if rng.random() < 0.6
                else ""
            )
            self.rows.add(
                "status_updates",
                {"id": uid, "demand_id": did, "status": status.value, "assessed_on": day,
                 "note": note, "is_note_confidential": bool(note) and rng.random() < 0.05,
                 "response": rng.choice([None, None, None, "none", "acknowledged", "rejected"]),
                 "corrects_id": corrects, "author_id": rng.choice(self.authors),
                 "recorded_at": _at(day, rng), "is_demo": False},
            )  # fmt: skip
            if status != m.Status.NO_INFORMATION:
                for sid in set(rng.sample(self.sources, rng.randrange(1, 3))):
                    self.rows.add(
                        "status_update_sources", {"status_update_id": uid, "source_id": sid}
                    )
            self.report.status_updates += 1
            previous = (uid, day)


def synth(
    session: Session,
    demands: int,
    *,
    seed: int = 1,
    actor: m.User | None = None,
    progress: Callable[[int], None] | None = None,
) -> SynthReport:
    """Add `demands` demands (with resolutions, actors, events, sources, threads and about ten
    status updates each) in bulk inserts; the same seed gives the same data."""
    import time

    started = time.perf_counter()
    maker = _Synth(session, seed)
    first_demand = maker.ids.next["demands"]
    first_ids = {
        kind: maker.ids.next[table]
        for kind, table in (
            ("resolution", "resolutions"), ("paragraph", "paragraphs"), ("demand", "demands"),
            ("note", "status_updates"), ("actor", "actors"), ("event", "events"),
            ("source", "sources"),
        )
    }  # fmt: skip
    pause_indexing(session, f"synth seed {seed}")
    maker.cast(demands)
    _flush_rows(session, maker.rows)
    done = 0
    while done < demands:
        target = min(demands, done + BATCH_DEMANDS)
        while done < target:
            done += maker.resolution(target - done)
        _flush_rows(session, maker.rows)
        if progress:
            progress(done)
    # The cached pointer to each new demand's latest effective update, in one statement.
    session.execute(
        text(
            "UPDATE demands SET current_update_id = (SELECT su.id FROM status_updates su "
            "WHERE su.demand_id = demands.id AND NOT EXISTS (SELECT 1 FROM status_updates c "
            "WHERE c.corrects_id = su.id) ORDER BY su.assessed_on DESC, su.id DESC LIMIT 1) "
            "WHERE demands.id >= :first"
        ),
        {"first": first_demand},
    )
    # …and the copies of its status and date that lists and the dashboard filter on.
    session.execute(
        text(
            "UPDATE demands SET current_status = coalesce((SELECT su.status FROM status_updates su "
            "WHERE su.id = demands.current_update_id), 'no_information'), last_assessed_on = "
            "(SELECT su.assessed_on FROM status_updates su WHERE su.id = demands.current_update_id) "
            "WHERE demands.id >= :first"
        ),
        {"first": first_demand},
    )
    index_added(session, first_ids)
    if session.get_bind().dialect.name == "postgresql":
        # Ids were given explicitly: move each sequence past them, or the next insert collides.
        for name in ORDER:
            if "id" in m.metadata.tables[name].c:
                session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608
                        f"(SELECT coalesce(max(id), 0) + 1 FROM {name}), false)"
                    )
                )
    # Planner statistics for the rows just loaded: without them PostgreSQL plans for empty
    # tables (and SQLite for tables without sqlite_stat1) until autovacuum or someone runs it.
    session.execute(text("ANALYZE"))
    report = maker.report
    report.seconds = round(time.perf_counter() - started, 2)
    record_audit(
        session,
        actor=actor,
        action="synth.generate",
        entity_type="demands",
        entity_id=None,
        summary=f"synthetic data: {report.demands} demands, {report.status_updates} updates "
        f"(seed {seed})",
        after=report.as_dict(),
    )
    session.flush()
    return report


def iter_sizes(raw: str) -> Iterator[int]:
    """`1000,10k,100000` → 1000, 10000, 100000."""
    for part in raw.split(","):
        part = part.strip().lower().replace("_", "")
        if not part:
            continue
        factor = 1000 if part.endswith("k") else 1
        yield int(part.rstrip("k")) * factor
