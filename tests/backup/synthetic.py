"""A small deterministic data set for the backup tests: every table, every column kind, and the
awkward cases a restore must survive (forward and self references, corrections, JSON, Unicode).

`tracker synth` (another track) was not there when these tests were written; this generator
stays small (a few hundred demands) so the whole backup suite runs in well under a minute.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random

from sqlalchemy import insert
from sqlalchemy.orm import Session

from tracker import models as m
from tracker.services.followup import refresh_current_update


def add_synthetic(session: Session, *, demands: int = 300, seed: int = 20230314) -> None:
    """Add about `demands` demands with their resolutions, links and history; flush only."""
    rng = random.Random(seed)
    base = dt.datetime(2021, 3, 4, 5, 6, 7, 123456, tzinfo=dt.UTC)

    def at(n: int) -> dt.datetime:
        return base + dt.timedelta(hours=n, microseconds=n * 7)

    users = [
        m.User(
            email=f"synth{n}@example.org",
            name=["Chea Vannath", "Đặng Thị Ngọc", "Łukasz Ø'Brien", ""][n % 4],
            password_hash="not-a-real-hash",
            role=[m.Role.ANALYST, m.Role.ADMIN, m.Role.VIEWER][n % 3],
            is_active=n != 2,
            created_at=at(n),
            last_login_at=at(n + 100) if n % 2 else None,
        )
        for n in range(5)
    ]
    session.add_all(users)
    themes = [m.Theme(name=f"synthetic theme {n} — ñ") for n in range(8)]
    session.add_all(themes)
    actors = [
        m.Actor(
            kind=list(m.ActorKind)[n % len(m.ActorKind)],
            name=f"Synthetic Actor {n} Nguyễn",
            normalised_name=f"synthetic actor {n} nguyen",
            country=["KH", "MM", None, "IR"][n % 4],
            description="" if n % 3 else f"line one\nline two {n}\t“quoted”",
            created_at=at(n),
        )
        for n in range(40)
    ]
    session.add_all(actors)
    session.flush()
    # Actors merged into a LATER actor: a restore meets a reference to a row not inserted yet.
    for n in range(5):
        actors[n].merged_into_id = actors[35 + n].id
    session.add_all(
        m.ActorAlias(actor_id=a.id, alias=f"Alias {i} of {a.id}", normalised=f"alias {i} {a.id}")
        for a in actors[::3]
        for i in range(2)
    )
    sources = [
        m.Source(
            url=f"https://example.org/synthetic/{n}" if n % 5 else None,
            reference=None if n % 5 else f"Report {n}, p. {n * 3}",
            title=f"Source {n}",
            publisher=["HRW", "Amnesty", "UN OHCHR", ""][n % 4],
            published_on=dt.date(2022, 1 + n % 12, 1 + n % 28) if n % 2 else None,
            is_confidential=n % 7 == 0,
            created_at=at(n),
            created_by_id=users[n % 2].id,
        )
        for n in range(50)
    ]
    events = [
        m.Event(
            kind=list(m.EventKind)[n % len(m.EventKind)],
            title=f"Synthetic event {n}",
            occurred_on=dt.date(2020 + n % 4, 1 + n % 12, 1 + n % 28),
            date_precision=list(m.DatePrecision)[n % 3],
            country="KH" if n % 2 else None,
            created_at=at(n),
        )
        for n in range(20)
    ]
    threads = [m.Thread(title=f"Synthetic thread {n}", created_at=at(n)) for n in range(10)]
    session.add_all([*sources, *events, *threads])
    session.flush()
    session.execute(
        insert(m.EventActor),
        [
            {"event_id": e.id, "actor_id": actors[(i + k) % 40].id, "role": ["subject", ""][k]}
            for i, e in enumerate(events)
            for k in range(2)
        ],
    )
    session.execute(
        insert(m.event_sources),
        [{"event_id": e.id, "source_id": sources[i].id} for i, e in enumerate(events)],
    )
    session.add_all(
        m.SituationChange(
            actor_id=actors[n].id,
            situation=list(m.Situation)[n % len(m.Situation)],
            since=dt.date(2019, 1 + n % 12, 2),
            since_precision=m.DatePrecision.MONTH if n % 2 else m.DatePrecision.DAY,
            note=f"situation note {n}",
            source_id=sources[n].id if n % 2 else None,
            recorded_at=at(n),
            recorded_by_id=users[0].id,
        )
        for n in range(15)
    )

    per_resolution = 10
    all_demands: list[m.Demand] = []
    for r in range(max(1, demands // per_resolution)):
        text = f"Synthetic resolution {r}\n\n" + "\n".join(
            f"{p}. calls for synthetic thing {r}-{p};" for p in range(1, per_resolution + 1)
        )
        resolution = m.Resolution(
            body=["European Parliament", "UN Human Rights Council"][r % 2],
            kind=[m.ResolutionKind.MOTION, m.ResolutionKind.UN_RESOLUTION][r % 2],
            title=f"Synthetic resolution {r} on Cambodia",
            procedure=f"2023/{3000 + r}(RSP)",
            document_reference=f"B9-{r:04d}/2023" if r % 3 else None,
            country=["KH", "MM"][r % 2],
            adopted_on=dt.date(2018 + r % 6, 1 + r % 12, 1 + r % 28),
            language="en",
            source_url=f"https://example.org/res/{r}" if r % 2 else None,
            source_text=text,
            source_sha256=hashlib.sha256(text.encode()).hexdigest(),
            is_complete=r % 9 != 0,
            parse_warnings=[] if r % 4 else [f"warning {r}", "the text stops mid-word"],
            created_at=at(r),
            created_by_id=users[r % 2].id if r % 5 else None,
        )
        session.add(resolution)
        session.flush()
        session.add(m.Citation(resolution_id=resolution.id, position=1, label="-", text="having"))
        session.add(m.Recital(resolution_id=resolution.id, position=1, label="A", text="whereas"))
        for p in range(1, per_resolution + 1):
            paragraph = m.Paragraph(
                resolution_id=resolution.id,
                position=p,
                label=f"{p}" if p % 7 else f"{p}.{p}",
                text=f"calls for synthetic thing {r}-{p};",
                subparagraphs=[] if p % 3 else ["(a) first", "(b) second"],
                kind=m.ParagraphKind.DEMAND,
                verb="calls for",
                is_truncated=p == per_resolution and r % 9 == 0,
                extra={"z": p, "a": {"y": [1, 2.5, None], "b": "ü"}} if p % 2 else {},
            )
            session.add(paragraph)
            session.flush()
            deadline = dt.date(2024, 1 + p % 12, 28) if p % 3 == 0 else None
            demand = m.Demand(
                paragraph_id=paragraph.id,
                position=1,
                title=f"Synthetic demand {r}-{p}",
                text=f"synthetic thing {r}-{p}",
                verb="calls for",
                strength=["standard", "strong"][p % 2],
                deadline=deadline,
                deadline_precision=m.DatePrecision.DAY if deadline else None,
                condition="should observers find fraud" if p == 4 else None,
                is_repetition=p % 5 == 0,
                thread_id=threads[(r + p) % 10].id if p % 4 == 0 else None,
                created_at=at(r * 100 + p),
            )
            session.add(demand)
            all_demands.append(demand)
    session.flush()
    links = []
    for i, d in enumerate(all_demands):
        links.append({"demand_id": d.id, "actor_id": actors[i % 40].id, "role": "addressee"})
        links.append({"demand_id": d.id, "actor_id": actors[(i + 7) % 40].id, "role": "subject"})
    session.execute(insert(m.DemandActor), links)
    session.execute(
        insert(m.demand_themes),
        [{"demand_id": d.id, "theme_id": themes[i % 8].id} for i, d in enumerate(all_demands)],
    )
    session.execute(
        insert(m.demand_events),
        [
            {"demand_id": d.id, "event_id": events[i % 20].id}
            for i, d in enumerate(all_demands)
            if i % 3 == 0
        ],
    )
    statuses = [s for s in m.Status if s != m.Status.NO_INFORMATION]
    for i, d in enumerate(all_demands):
        previous: m.StatusUpdate | None = None
        for k in range(rng.randrange(0, 4)):
            row = m.StatusUpdate(
                demand_id=d.id,
                status=rng.choice(statuses),
                assessed_on=dt.date(2022, 1 + k, 1 + i % 28),
                note=rng.choice(["", "Still detained.", "**Released** on bail ✓"]),
                is_note_confidential=rng.random() < 0.1,
                response=rng.choice([None, *m.Response]),
                corrects_id=previous.id if previous is not None and rng.random() < 0.2 else None,
                author_id=users[k % 2].id,
                recorded_at=at(i * 10 + k),
            )
            session.add(row)
            session.flush()
            session.execute(
                insert(m.status_update_sources),
                [{"status_update_id": row.id, "source_id": sources[(i + k) % 50].id}],
            )
            previous = row
        refresh_current_update(session, d.id)
    session.add_all(
        m.AuditEvent(
            occurred_at=at(n),
            user_id=users[n % 5].id if n % 4 else None,
            action=["status.record", "demand.edit", "resolution.import"][n % 3],
            entity_type="demands",
            entity_id=all_demands[n % len(all_demands)].id,
            summary=f"synthetic change {n}",
            before=None if n % 2 else {"title": f"old {n}", "z": 1, "a": [True, None]},
            after={"title": f"new {n}", "nested": {"b": 2, "a": "é"}},
        )
        for n in range(200)
    )
    session.flush()
