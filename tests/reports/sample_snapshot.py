"""A fixed, hand-built report snapshot (Cambodia / Kem Sokha) for the renderer tests."""

from __future__ import annotations

import datetime as dt

from tracker.reports.snapshot import DemandRow, EventRow, ReportSnapshot, SourceRef, UpdateRow

UTC = dt.UTC
GENERATED_AT = dt.datetime(2024, 1, 15, 9, 30, tzinfo=UTC)

RESOLUTION = (
    1,
    "Motion for a resolution on Cambodia: the case of opposition leader Kem Sokha",
    "B9-0174/2023",
    dt.date(2023, 3, 14),
)
OLD_RESOLUTION = (
    2,
    "European Parliament resolution on Cambodia, notably the dissolution of the CNRP",
    "P8_TA(2017)0497",
    dt.date(2017, 12, 14),
)

FORMULA_NOTE = '=HYPERLINK("http://x","click")'
KHMER_NAME = "កឹម សុខា"
ACCENTED_NAME = "Nguyễn"
TRAP_HOST = "127.0.0.1:9"


def _src(id: int, label: str, url: str | None, publisher: str, on: dt.date | None) -> SourceRef:
    return SourceRef(id, label, url, publisher, on, False)


S_VERDICT = _src(
    11,
    "Phnom Penh court sentences Kem Sokha to 27 years",
    "https://www.rfa.org/english/news/cambodia/kem-sokha-verdict-03032023.html",
    "Radio Free Asia",
    dt.date(2023, 3, 3),
)
S_VOD = _src(
    12,
    "Hun Sen orders closure of Voice of Democracy",
    "https://www.hrw.org/news/2023/02/13/cambodia-hun-sen-shuts-down-independent-media-outlet",
    "Human Rights Watch",
    dt.date(2023, 2, 13),
)
S_NEC = _src(
    13,
    "NEC rejects Candlelight Party registration",
    "https://cambojanews.com/nec-rejects-candlelight-party-registration/",
    "CamboJA News",
    dt.date(2023, 5, 15),
)
S_ELECTION = _src(
    14,
    "Cambodia's ruling party claims landslide in one-sided election",
    "https://apnews.com/article/cambodia-election-hun-sen-results",
    "Associated Press",
    dt.date(2023, 7, 23),
)
S_EBA = _src(
    15,
    "Commission Implementing Regulation on EBA withdrawal for Cambodia (review)",
    "https://trade.ec.europa.eu/access-to-markets/en/news/cambodia-eba-review",
    "European Commission",
    dt.date(2023, 10, 2),
)
S_RAPPORTEUR = _src(
    16,
    "End-of-mission statement, Special Rapporteur Vitit Muntarbhorn",
    "https://www.ohchr.org/en/statements/2023/12/cambodia-end-mission",
    "OHCHR",
    dt.date(2023, 12, 8),
)
S_LICADHO = _src(
    17,
    "LICADHO prisoner list, quarterly update",
    None,
    "LICADHO (printed bulletin)",
    dt.date(2023, 9, 30),
)
S_PARDON = _src(
    18,
    "Royal pardon frees 10 opposition activists",
    "https://www.khmertimeskh.com/royal-pardon-activists-2023/",
    "Khmer Times",
    dt.date(2023, 11, 20),
)


def _at(y: int, m: int, d: int, h: int = 10) -> dt.datetime:
    return dt.datetime(y, m, d, h, 0, tzinfo=UTC)


def _update(
    id: int,
    status: str,
    assessed_on: dt.date,
    sources: tuple[SourceRef, ...],
    note: str = "",
    *,
    response: str | None = None,
    recorded_at: dt.datetime | None = None,
    corrects_id: int | None = None,
    is_demo: bool = False,
) -> UpdateRow:
    return UpdateRow(
        id=id,
        status=status,
        assessed_on=assessed_on,
        note=note,
        response=response,
        sources=sources,
        author="Analyst One",
        recorded_at=recorded_at
        or dt.datetime.combine(assessed_on, dt.time(12, 0), tzinfo=UTC) + dt.timedelta(days=1),
        corrects_id=corrects_id,
        is_demo=is_demo,
    )


def _demand(
    id: int,
    title: str,
    label: str,
    text: str,
    status: str,
    history: tuple[UpdateRow, ...],
    *,
    addressees: tuple[str, ...],
    subjects: tuple[str, ...] = (),
    themes: tuple[str, ...] = (),
    verb: str | None = "calls on",
    deadline: dt.date | None = None,
    deadline_precision: str | None = None,
    condition: str | None = None,
    thread: tuple[int, str] | None = None,
    times: int = 1,
    resolution: tuple[int, str, str, dt.date | None] = RESOLUTION,
) -> DemandRow:
    return DemandRow(
        id=id,
        title=title,
        text=text,
        verb=verb,
        paragraph_label=label,
        paragraph_text=text,
        resolution_id=resolution[0],
        resolution_title=resolution[1],
        resolution_reference=resolution[2],
        resolution_date=resolution[3],
        addressees=addressees,
        subjects=subjects,
        themes=themes,
        deadline=deadline,
        deadline_precision=deadline_precision,
        condition=condition,
        thread_id=thread[0] if thread else None,
        thread_title=thread[1] if thread else None,
        times_demanded=times,
        status=status,
        history=history,
    )


AUTHORITIES = ("Cambodian authorities",)


def sample_snapshot(*, include_confidential: bool = False) -> ReportSnapshot:
    """The Kem Sokha case as a report would see it on 15 January 2024."""
    demands = (
        _demand(
            1,
            "Release Kem Sokha and drop all charges",
            "2",
            "Calls on the Cambodian authorities to immediately and unconditionally release "
            "Kem Sokha and to drop all charges against him;",
            "not_implemented",
            (
                _update(
                    103,
                    "not_implemented",
                    dt.date(2023, 11, 30),
                    (S_LICADHO,),
                    f"Still under house arrest in Phnom Penh; family of {KHMER_NAME} "
                    "(Kem Sokha) report restricted visits.",
                ),
                _update(
                    102,
                    "not_implemented",
                    dt.date(2023, 3, 3),
                    (S_VERDICT,),
                    "Correction: the verdict **convicted** him of treason (27 years, house "
                    "arrest); the earlier entry was recorded on the wrong demand.",
                    recorded_at=_at(2023, 3, 9),
                    corrects_id=101,
                ),
                _update(
                    101,
                    "implemented",
                    dt.date(2023, 3, 3),
                    (S_VERDICT,),
                    "Released (entered by mistake).",
                    recorded_at=_at(2023, 3, 4),
                ),
                _update(
                    100,
                    "not_implemented",
                    dt.date(2017, 12, 20),
                    (S_LICADHO,),
                    "Held in Trapeang Phlong prison since his arrest.",
                    is_demo=True,
                ),
            ),
            addressees=AUTHORITIES,
            subjects=("Kem Sokha",),
            themes=("arbitrary detention",),
            thread=(1, "Release of Kem Sokha"),
            times=4,
        ),
        _demand(
            2,
            "Reinstate the Cambodia National Rescue Party",
            "3",
            "Urges the Cambodian authorities to reverse the dissolution of the CNRP and to "
            "reinstate its elected members;",
            "not_implemented",
            (
                _update(
                    201,
                    "not_implemented",
                    dt.date(2023, 5, 15),
                    (S_NEC,),
                    "The successor Candlelight Party was barred from the July elections.",
                    response="rejected",
                ),
            ),
            addressees=AUTHORITIES,
            subjects=("Cambodia National Rescue Party", "Candlelight Party"),
            verb="urges",
            thread=(2, "Reinstatement of the CNRP"),
            times=3,
        ),
        _demand(
            3,
            "Restore the licence of Voice of Democracy",
            "4",
            "Calls on the authorities to restore the licence of Voice of Democracy and to end "
            "the harassment of independent journalists;",
            "regressed",
            (
                _update(
                    301,
                    "regressed",
                    dt.date(2023, 2, 13),
                    (S_VOD,),
                    f"VOD closed by order of the Prime Minister; reporter {ACCENTED_NAME} "
                    "Thị Hà (regional desk) reports threats.",
                ),
            ),
            addressees=AUTHORITIES,
            subjects=("Voice of Democracy",),
            themes=("freedom of expression",),
        ),
        _demand(
            4,
            "Hold free and fair elections in July 2023",
            "5",
            "Insists that the elections of July 2023 must be free, fair and inclusive, with "
            "the participation of all opposition parties;",
            "moot",
            (
                _update(
                    402,
                    "moot",
                    dt.date(2023, 7, 24),
                    (S_ELECTION,),
                    FORMULA_NOTE,
                ),
                _update(
                    401,
                    "not_implemented",
                    dt.date(2023, 5, 15),
                    (S_NEC,),
                    "Main opposition excluded two months before the vote.",
                ),
            ),
            addressees=AUTHORITIES,
            subjects=("Candlelight Party",),
            verb="insists that",
            deadline=dt.date(2023, 7, 1),
            deadline_precision="month",
        ),
        _demand(
            5,
            "Targeted sanctions against those responsible",
            "7",
            "Calls on the Council to adopt targeted sanctions against those responsible for "
            "serious human rights violations in Cambodia;",
            "no_information",
            (),
            addressees=("Council of the European Union", "VP/HR"),
            themes=("sanctions",),
            thread=(3, "EU targeted sanctions on Cambodia"),
            times=2,
        ),
        _demand(
            6,
            "Monitor the partial withdrawal of EBA trade preferences",
            "8",
            "Asks the Commission to closely monitor the situation and to consider extending "
            "the partial withdrawal of Everything But Arms preferences;",
            "partially_implemented",
            (
                _update(
                    601,
                    "partially_implemented",
                    dt.date(2023, 10, 2),
                    (S_EBA,),
                    'Review published; no extension. <img src="http://127.0.0.1:9/x.png"> '
                    "<script>alert('x')</script> See [the review]"
                    "(https://trade.ec.europa.eu/access-to-markets/en/news/cambodia-eba-review).",
                    response="acknowledged",
                ),
            ),
            addressees=("European Commission",),
            verb="asks",
            condition="should the situation not improve by the end of 2023",
            deadline=dt.date(2023, 12, 31),
            deadline_precision="year",
        ),
        _demand(
            7,
            "Release jailed opposition activists",
            "9",
            "Calls for the release of all political prisoners, including Theary Seng and the "
            "members of the CNRP convicted in mass trials;",
            "partially_implemented",
            (
                _update(
                    702,
                    "partially_implemented",
                    dt.date(2023, 11, 20),
                    (S_PARDON, S_LICADHO),
                    "Ten activists pardoned; Theary Seng remains in prison.",
                ),
                _update(
                    701,
                    "not_implemented",
                    dt.date(2023, 4, 1),
                    (S_LICADHO,),
                    "",
                ),
            ),
            addressees=AUTHORITIES,
            subjects=("Theary Seng",),
            verb="calls for",
            thread=(4, "Release of political prisoners in Cambodia"),
            times=5,
        ),
        _demand(
            8,
            "Grant access to the UN Special Rapporteur",
            "12",
            "Calls on the Government of Cambodia to grant unhindered access to the UN Special "
            "Rapporteur on the situation of human rights in Cambodia;",
            "implemented",
            (
                _update(
                    801,
                    "implemented",
                    dt.date(2023, 12, 8),
                    (S_RAPPORTEUR,),
                    "Visit took place from 28 November to 8 December 2023.",
                    response="committed",
                ),
            ),
            addressees=("Government of Cambodia",),
            subjects=("UN Special Rapporteur on Cambodia",),
            resolution=OLD_RESOLUTION,
        ),
    )
    events = (
        EventRow(
            1,
            "Kem Sokha arrested at his home in Phnom Penh",
            "arrest",
            dt.date(2017, 9, 3),
            "day",
            ("Kem Sokha (detainee)",),
            (S_LICADHO,),
        ),
        EventRow(
            2,
            "Supreme Court dissolves the CNRP",
            "dissolution",
            dt.date(2017, 11, 16),
            "day",
            ("Cambodia National Rescue Party",),
            (),
        ),
        EventRow(
            3,
            "Voice of Democracy shut down",
            "closure",
            dt.date(2023, 2, 13),
            "day",
            ("Voice of Democracy",),
            (S_VOD,),
        ),
        EventRow(
            4,
            "Kem Sokha sentenced to 27 years of house arrest",
            "verdict",
            dt.date(2023, 3, 3),
            "day",
            ("Kem Sokha (defendant)", "Phnom Penh Municipal Court (court)"),
            (S_VERDICT,),
        ),
        EventRow(
            5,
            "National Assembly elections",
            "election",
            dt.date(2023, 7, 1),
            "month",
            (),
            (S_ELECTION,),
        ),
    )
    return ReportSnapshot(
        title="Follow-up report: Cambodia — the case of Kem Sokha",
        scope_kind="country",
        scope_value="KH",
        generated_at=GENERATED_AT,
        include_confidential=include_confidential,
        demands=demands,
        events=events,
        resolutions=(OLD_RESOLUTION, RESOLUTION),
    )


def large_snapshot(n: int) -> ReportSnapshot:
    """n demands cycled from the sample, with fresh ids (for size and speed checks)."""
    base = sample_snapshot()
    demands = []
    for k in range(n):
        template = base.demands[k % len(base.demands)]
        demands.append(
            DemandRow(
                **{
                    **template.__dict__,
                    "id": 1000 + k,
                    "title": f"{template.title} ({k + 1})",
                }
            )
        )
    return ReportSnapshot(
        title=f"Follow-up report: {n} demands",
        scope_kind="country",
        scope_value="KH",
        generated_at=GENERATED_AT,
        include_confidential=False,
        demands=tuple(demands),
        events=base.events,
        resolutions=base.resolutions,
    )
