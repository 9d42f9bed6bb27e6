"""The law in force, read from the dated rulebook rows (discipline/models.py), one function per rule.

Every answer comes with its reasons (``Explained``): what was counted from which day and which
document and article says so. The case page, the API, the daily warning job and the case PDF all call
these functions and show the same reasons. docs/rulebook.md lists the rows for a legal officer.

Terms are counted as the Civil Code says (discipline/terms.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from discipline.models import (
    ActGravity,
    CaseAct,
    CasePause,
    CaseStage,
    Combination,
    CombinationMethod,
    CombinationRule,
    DisciplinaryCase,
    DisciplineRule,
    PauseRule,
    SanctionForm,
    StatuteRule,
)
from discipline.rows import rows, snapshot
from discipline.terms import (
    CIVIL_CODE_START,
    Explained,
    Reason,
    fmt,
    term_end,
    working_day_end,
)
from staff.models import Staff, StaffCategory

# --- Forms offered -----------------------------------------------------------------------------------


def _form_rules(staff: Staff, on: datetime.date) -> list[DisciplineRule]:
    left = staff.has_left_on(on)
    return [
        r
        for r in rows().forms
        if r.category == staff.category
        and r.has_left == left
        and r.in_force_on(on)
        and r.holds_leadership_post in (None, staff.holds_leadership_post)
        and r.mandate in ("", staff.mandate or "-")
    ]


def forms_offered(staff: Staff, on: datetime.date) -> Explained[list[SanctionForm]]:
    """The forms the law allows for this person on the decision date ``on``, lightest first: by
    category, post, how a cán bộ holds office, and whether the person had left or retired."""
    rules = _form_rules(staff, on)
    forms: dict[int, SanctionForm] = {}
    reasons: list[Reason] = []
    if staff.has_left_on(on):
        reasons.append(
            Reason(
                _("%(name)s had left the service or retired (%(since)s)."),
                {"name": staff.full_name, "since": fmt(staff.departed_on) if staff.departed_on else "?"},
            )
        )
    for rule in rules:
        names = ", ".join(f.name for f in rule.forms.all())
        reasons.append(Reason(_("Forms %(forms)s."), {"forms": names}, rule.legal_basis))
        forms.update((f.pk, f) for f in rule.forms.all())
    if staff.category == StaffCategory.CAN_BO and not staff.mandate and not staff.has_left_on(on):
        reasons.append(
            Reason(
                _(
                    "The staff record does not say whether this cán bộ was elected or approved/appointed: "
                    "cách chức applies only to the approved or appointed, bãi nhiệm only to the elected."
                )
            )
        )
    if not rules:
        reasons.append(
            Reason(
                _("The rulebook offers no form for this person on %(day)s."),
                {"day": fmt(on)},
            )
        )
    return Explained(sorted(forms.values(), key=lambda f: f.rank), tuple(reasons), missing=not rules)


def forms_for(staff: Staff, on: datetime.date) -> list[SanctionForm]:
    return forms_offered(staff, on).value


def offered_forms(
    category: str,
    holds_leadership_post: bool,
    on: datetime.date,
    *,
    mandate: str = "",
    departed_on: datetime.date | None = None,
) -> list[SanctionForm]:
    """``forms_offered`` for a person described by their attributes (tests, imports, previews)."""
    person = Staff(
        category=category,
        holds_leadership_post=holds_leadership_post,
        mandate=mandate,
        departure="retired" if departed_on else "",
        departed_on=departed_on,
    )
    return forms_for(person, on)


def legal_basis(staff: Staff, on: datetime.date) -> list[str]:
    """The documents that govern discipline of this person on ``on`` (the "căn cứ" of a decision)."""
    seen: dict[str, None] = {}
    for rule in _form_rules(staff, on):
        seen.setdefault(rule.legal_basis, None)
    return list(seen)


def _one_above(form: SanctionForm, ladder: Sequence[SanctionForm]) -> SanctionForm | None:
    return next((f for f in ladder if f.rank > form.rank), None)


# --- Statute of limitations (thời hiệu) --------------------------------------------------------------


@dataclass(frozen=True)
class Act:
    """An act judged in a case: the case's first act, or a further ``CaseAct``."""

    act_date: datetime.date
    gravity: str
    finance_related: bool
    form: SanctionForm | None
    label: str

    @property
    def gravity_label(self) -> str:
        return str(ActGravity(self.gravity).label)


def case_acts(case: DisciplinaryCase) -> list[Act]:
    first = Act(case.act_date, case.gravity, case.finance_related, case.act_form, str(_("first act")))
    more = [
        Act(a.act_date, a.gravity, a.finance_related, a.form, a.description)
        for a in (case.acts.all() if case.pk else CaseAct.objects.none())
    ]
    return [first, *more]


def _statute_rule(staff: Staff, act: Act, on: datetime.date) -> StatuteRule | None:
    matching = [
        r
        for r in rows().statutes
        if r.category == staff.category
        and r.in_force_on(on)
        and r.gravity in ("", act.gravity)
        and r.finance_related in (None, act.finance_related)
    ]
    return min(matching, key=lambda r: (r.gravity == "", r.finance_related is None), default=None)


def _later_acts(staff: Staff, after: datetime.date, on: datetime.date) -> list[tuple[datetime.date, str]]:
    """Acts of ``staff`` after ``after`` up to ``on``, in any case not closed as "not disciplined"."""
    if staff.pk is None:
        return []
    cases = DisciplinaryCase.objects.filter(staff=staff).exclude(stage=CaseStage.NOT_DISCIPLINED)
    found = [
        (day, f"#{pk}")
        for pk, day in cases.filter(act_date__gt=after, act_date__lte=on).values_list("pk", "act_date")
    ]
    found += [
        (day, f"#{pk}")
        for pk, day in CaseAct.objects.filter(
            case__in=cases, act_date__gt=after, act_date__lte=on
        ).values_list("case_id", "act_date")
    ]
    return sorted(set(found))


def statute_end(
    staff: Staff, act: Act, on: datetime.date, pauses: Iterable[CasePause] = ()
) -> Explained[datetime.date | None]:
    """Last day on which ``act`` may still be disciplined, under the rules in force on ``on``; ``None``
    with ``missing=False`` where the act has no limitation."""
    rule = _statute_rule(staff, act, on)
    if rule is None:
        return Explained(
            None,
            (
                Reason(
                    _("The rulebook has no statute of limitations for this act on %(day)s."), {"day": fmt(on)}
                ),
            ),
            missing=True,
        )
    if rule.years is None and rule.months is None:
        return Explained(
            None, (Reason(_("This act has no statute of limitations."), basis=rule.legal_basis),)
        )
    length = {"years": rule.years or 0, "months": rule.months or 0}
    start = act.act_date
    end = term_end(start, **length)
    reasons = [
        Reason(
            _("%(length)s from the act on %(act)s, the day of the act not counted: until %(end)s."),
            {"length": _term_label(**length), "act": fmt(start), "end": fmt(end)},
            f"{rule.legal_basis}; {CIVIL_CODE_START}",
        )
    ]
    if rule.restarts_on_new_act:
        for day, where in _later_acts(staff, start, on):
            if start < day <= end:
                start, end = day, term_end(day, **length)
                reasons.append(
                    Reason(
                        _("Counted again from the new violation on %(day)s (case %(case)s): until %(end)s."),
                        {"day": fmt(day), "case": where, "end": fmt(end)},
                        rule.legal_basis,
                    )
                )
    if rule.extension_after_pause_days:
        end = _extend_after_pauses(end, rule, pauses, on, reasons)
    return Explained(working_day_end(end, reasons), tuple(reasons))


def _term_label(*, years: int = 0, months: int = 0) -> str:
    if years:
        return str(_("%(n)d years")) % {"n": years}
    return str(_("%(n)d months")) % {"n": months}


def _extend_after_pauses(
    end: datetime.date,
    rule: StatuteRule,
    pauses: Iterable[CasePause],
    on: datetime.date,
    reasons: list[Reason],
) -> datetime.date:
    """Bộ luật Lao động 2019 Điều 123 khoản 2: when a period in which discipline is barred ends with the
    statute run out or fewer than 60 days left, the statute is extended to 60 days after it."""
    extra = rule.extension_after_pause_days or 0
    for pause in sorted(pauses, key=lambda p: p.start):
        if pause.start > end:
            continue
        pause_end = pause.end if pause.end is not None else max(on, pause.start)
        extended = term_end(pause_end, days=extra)
        if extended > end:
            end = extended
            reasons.append(
                Reason(
                    _("Extended to %(days)d days after the pause ending %(pause)s: until %(end)s."),
                    {"days": extra, "pause": fmt(pause_end) if pause.end else "…", "end": fmt(end)},
                    rule.legal_basis,
                )
            )
    return end


def case_statute(case: DisciplinaryCase, on: datetime.date) -> Explained[datetime.date | None]:
    return statute_end(case.staff, case_acts(case)[0], on, case.pauses.all())


# --- Processing deadline (thời hạn xử lý) and pauses -------------------------------------------------


def pause_rule(staff: Staff, reason: str, day: datetime.date) -> PauseRule | None:
    """The row by which ``reason`` stops the processing deadline for this person on ``day``."""
    return next(
        (
            r
            for r in rows().pauses
            if r.category == staff.category and r.reason == reason and r.in_force_on(day)
        ),
        None,
    )


def _paused_days(
    staff: Staff, pauses: Iterable[CasePause], since: datetime.date, today: datetime.date
) -> set[datetime.date]:
    """Days after ``since`` covered by a pause whose reason the law counts on that day; an open pause
    runs until ``today``."""
    rules = [r for r in rows().pauses if r.category == staff.category]
    days: set[datetime.date] = set()
    for pause in pauses:
        last = pause.end or today
        day = max(pause.start, since + datetime.timedelta(days=1))
        while day <= last:
            if any(r.reason == pause.reason and r.in_force_on(day) for r in rules):
                days.add(day)
            day += datetime.timedelta(days=1)
    return days


def processing_deadline(case: DisciplinaryCase, today: datetime.date) -> Explained[datetime.date | None]:
    """Discovery + 90 days (150 if complex), not counting the discovery day nor the paused days that
    fall within the term; ``None`` where the law sets no processing deadline (người lao động)."""
    staff = case.staff
    rule = next(
        (r for r in rows().deadlines if r.category == staff.category and r.in_force_on(case.discovered_on)),
        None,
    )
    if rule is None:
        return Explained(
            None,
            (
                Reason(
                    _("The rulebook sets no processing deadline for %(category)s."),
                    {"category": staff.get_category_display()},
                ),
            ),
        )
    allowed = rule.complex_days if case.is_complex else rule.days
    reasons = [
        Reason(
            _("%(days)d days from the discovery on %(day)s, that day not counted."),
            {"days": allowed, "day": fmt(case.discovered_on)},
            f"{rule.legal_basis}; {CIVIL_CODE_START}",
        )
    ]
    paused = _paused_days(staff, case.pauses.all(), case.discovered_on, today)
    day, remaining, skipped = case.discovered_on, allowed, 0
    while remaining:
        day += datetime.timedelta(days=1)
        if day in paused:
            skipped += 1
        else:
            remaining -= 1
    if skipped:
        reasons.append(
            Reason(
                _("%(n)d paused days are not counted: until %(end)s."),
                {"n": skipped, "end": fmt(day)},
                _pause_bases(staff, case.pauses.all()),
            )
        )
    return Explained(working_day_end(day, reasons), tuple(reasons))


def _pause_bases(staff: Staff, pauses: Iterable[CasePause]) -> str:
    bases = dict.fromkeys(
        r.legal_basis for p in pauses if (r := pause_rule(staff, p.reason, p.start)) is not None
    )
    return "; ".join(bases)


def open_pause(case: DisciplinaryCase, on: datetime.date) -> CasePause | None:
    """The pause covering ``on``, during which no decision may be taken."""
    return (
        case.pauses.filter(start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .order_by("start")
        .first()
    )


# --- Combining acts: several acts, and a new act while a sanction is in force ------------------------


def _combination(situation: str, staff: Staff, on: datetime.date) -> CombinationRule | None:
    return next(
        (
            r
            for r in rows().combinations
            if r.situation == situation and r.category == staff.category and r.in_force_on(on)
        ),
        None,
    )


def several_acts(
    staff: Staff, forms: Sequence[SanctionForm], on: datetime.date
) -> Explained[SanctionForm | None]:
    """The one form for several acts judged together, each with the form it warrants on its own.

    ``None`` when a form given is not one the law allows this person on ``on``, or no rule applies."""
    ladder = forms_for(staff, on)
    wrong = [f for f in forms if f not in ladder]
    if not forms or wrong:
        return Explained(
            None,
            (
                Reason(
                    _("%(forms)s: not a form the law allows this person on %(day)s."),
                    {"forms": ", ".join(f.name for f in wrong) or "—", "day": fmt(on)},
                ),
            ),
        )
    heaviest = max(forms, key=lambda f: f.rank)
    if len(forms) == 1:
        return Explained(heaviest)
    rule = _combination(Combination.SEVERAL_ACTS, staff, on)
    if rule is None:
        return Explained(
            None,
            (Reason(_("The rulebook has no rule for several acts on %(day)s."), {"day": fmt(on)}),),
            True,
        )
    if rule.method == CombinationMethod.HEAVIEST or heaviest in rule.not_raised.all():
        message = (
            _("Several acts judged together: one form, the heaviest, %(form)s.")
            if rule.method == CombinationMethod.HEAVIEST
            else _("Several acts judged together: %(form)s is not raised one level.")
        )
        return Explained(heaviest, (Reason(message, {"form": heaviest.name}, rule.legal_basis),))
    above = _one_above(heaviest, ladder)
    if above is None:
        return Explained(
            heaviest,
            (
                Reason(
                    _("Several acts judged together: no form above %(form)s is offered, so %(form)s."),
                    {"form": heaviest.name},
                    rule.legal_basis,
                ),
            ),
        )
    return Explained(
        above,
        (
            Reason(
                _("Several acts judged together: one level above the heaviest (%(heaviest)s), %(form)s."),
                {"heaviest": heaviest.name, "form": above.name},
                rule.legal_basis,
            ),
        ),
    )


def several_acts_form(staff: Staff, forms: Sequence[SanctionForm], on: datetime.date) -> SanctionForm | None:
    """The one form to decide for several acts judged together on ``on`` (None when a form given is
    not allowed for that person on that date)."""
    return several_acts(staff, forms, on).value


def sanction_in_force(
    staff: Staff, on: datetime.date, exclude: DisciplinaryCase | None = None
) -> DisciplinaryCase | None:
    cases = DisciplinaryCase.objects.filter(
        staff=staff, stage=CaseStage.DECIDED, form__isnull=False, effective_from__lte=on
    ).filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
    if exclude is not None and exclude.pk:
        cases = cases.exclude(pk=exclude.pk)
    return cases.select_related("form").order_by("-form__rank").first()


def repeat_form(
    staff: Staff, in_force_form: SanctionForm, own: SanctionForm | None, on: datetime.date
) -> Explained[list[SanctionForm]]:
    """Forms allowed for an act committed while ``in_force_form`` was in force: one level above it,
    or above the act's own form ``own`` when that is heavier; with ``own`` unknown, any heavier form."""
    rule = _combination(Combination.REPEAT, staff, on)
    ladder = forms_for(staff, on)
    if rule is None:
        return Explained(
            ladder,
            (Reason(_("The rulebook has no repeat rule for this person on %(day)s."), {"day": fmt(on)}),),
        )
    if own is None:
        heavier = [f for f in ladder if f.rank > in_force_form.rank]
        return Explained(
            heavier,
            (
                Reason(
                    _(
                        "Committed while %(form)s was in force: a form heavier than %(form)s (one level "
                        "above it, or above the act's own form when heavier; record that form to narrow it)."
                    ),
                    {"form": in_force_form.name},
                    rule.legal_basis,
                ),
            ),
        )
    base = max((in_force_form, own), key=lambda f: f.rank)
    above = _one_above(base, ladder)
    if above is None and ladder and ladder[-1].rank > in_force_form.rank:
        above = ladder[-1]
    if above is None:
        return Explained(
            [],
            (
                Reason(
                    _("Committed while %(form)s was in force, and no heavier form is offered."),
                    {"form": in_force_form.name},
                    rule.legal_basis,
                ),
            ),
        )
    message = (
        _("Committed while %(in_force)s was in force: one level above it, %(form)s.")
        if base == in_force_form
        else _(
            "Committed while %(in_force)s was in force, the act itself warranting %(own)s: one level above that, %(form)s."
        )
    )
    return Explained(
        [above],
        (
            Reason(
                message,
                {"in_force": in_force_form.name, "own": own.name, "form": above.name},
                rule.legal_basis,
            ),
        ),
    )


def decision_forms(
    case: DisciplinaryCase,
    on: datetime.date,
    statutes: list[tuple[Act, Explained[datetime.date | None]]] | None = None,
) -> Explained[list[SanctionForm]]:
    """What a decision of ``on`` may be for this case: the forms offered (``forms_offered`` gives their
    reasons), narrowed by the statute of each act (``statutes``: each act with its statute, when already
    computed), several acts judged together, and a sanction in force when an act was committed."""
    staff = case.staff
    offered = forms_offered(staff, on)
    reasons: list[Reason] = []
    if statutes is None:
        pauses = list(case.pauses.all())
        statutes = [(act, statute_end(staff, act, on, pauses)) for act in case_acts(case)]
    counted: list[Act] = []
    for index, (act, statute) in enumerate(statutes):
        if statute.value is not None and statute.value < on:
            reasons.append(
                Reason(
                    _("The act of %(day)s is out of its statute of limitations (ended %(end)s)."),
                    {"day": fmt(act.act_date), "end": fmt(statute.value)},
                    statute.reasons[0].basis if statute.reasons else "",
                )
            )
            if index == 0:
                return Explained([], tuple(reasons))
            continue
        counted.append(act)
    ladder = offered.value
    own: SanctionForm | None = None
    if len(counted) == 1:
        own = counted[0].form if counted[0].form in ladder else None
        if counted[0].form is not None and own is None:
            reasons.append(
                Reason(
                    _("%(form)s, recorded as the form the act warrants, is not offered on %(day)s."),
                    {"form": counted[0].form.name, "day": fmt(on)},
                )
            )
    elif all(a.form is not None for a in counted):
        combined = several_acts(staff, [a.form for a in counted if a.form], on)
        reasons.extend(combined.reasons)
        own = combined.value
        if own is not None:
            ladder = [own]
    else:
        reasons.append(
            Reason(_("Several acts: record the form each act warrants to get the one form to decide."))
        )
    in_force = None
    for act in counted:
        sanction = sanction_in_force(staff, act.act_date, exclude=case)
        form = sanction.form if sanction is not None else None
        if form is not None and (in_force is None or form.rank > in_force.rank):
            in_force = form
    if in_force is not None:
        repeat = repeat_form(staff, in_force, own, on)
        reasons.extend(repeat.reasons)
        ladder = [f for f in repeat.value if f in offered.value]
    return Explained(ladder, tuple(reasons), offered.missing)


def proposed_form(
    case: DisciplinaryCase, on: datetime.date, allowed: list[SanctionForm] | None = None
) -> SanctionForm | None:
    """The form to preselect: the only one allowed, or the form the (single) act warrants."""
    allowed = decision_forms(case, on).value if allowed is None else allowed
    if len(allowed) == 1:
        return allowed[0]
    return case.act_form if case.act_form in allowed else None


# --- Consequences ----------------------------------------------------------------------------------


def promotion_bar(case: DisciplinaryCase) -> Explained[datetime.date | None]:
    """Until when the decided form bars promotion and appointment, from its effective date."""
    if case.form is None or case.effective_from is None or case.decision_date is None:
        return Explained(None)
    bars = [
        b
        for b in rows().bars
        if b.category == case.staff.category
        and b.form_id == case.form_id
        and b.in_force_on(case.decision_date)
    ]
    bar = max(bars, key=lambda b: b.months, default=None)
    if bar is None:
        return Explained(None)
    until = term_end(case.effective_from, months=bar.months)
    return Explained(
        until,
        (
            Reason(
                _(
                    "%(form)s bars promotion and appointment for %(months)d months from %(start)s: until %(end)s."
                ),
                {
                    "form": case.form.name,
                    "months": bar.months,
                    "start": fmt(case.effective_from),
                    "end": fmt(until),
                },
                bar.legal_basis,
            ),
        ),
    )


def promotion_bar_until(case: DisciplinaryCase) -> datetime.date | None:
    return promotion_bar(case).value


# --- Everything about one case ---------------------------------------------------------------------


@dataclass(frozen=True)
class CaseRulebook:
    """What the law says about one case on one day; every page, API answer, PDF and warning uses it."""

    on: datetime.date
    statute: Explained[datetime.date | None]
    processing: Explained[datetime.date | None]
    offered: Explained[list[SanctionForm]]
    decision: Explained[list[SanctionForm]]
    proposed: SanctionForm | None
    paused_by: CasePause | None
    promotion_bar: Explained[datetime.date | None]
    legal_basis: list[str]
    act_statutes: list[tuple[Act, Explained[datetime.date | None]]]

    @property
    def paused_now(self) -> bool:
        return self.paused_by is not None


def case_rulebook(case: DisciplinaryCase, today: datetime.date) -> CaseRulebook:
    """The rulebook applied to ``case`` for a decision on ``today`` (or on its decision date once decided)."""
    with snapshot():
        return _case_rulebook(case, today)


def _case_rulebook(case: DisciplinaryCase, today: datetime.date) -> CaseRulebook:
    on = case.decision_date if case.stage == CaseStage.DECIDED and case.decision_date else today
    pauses = list(case.pauses.all())
    acts = case_acts(case)
    statutes = [(act, statute_end(case.staff, act, on, pauses)) for act in acts]
    decision = decision_forms(case, on, statutes)
    return CaseRulebook(
        on=on,
        statute=statutes[0][1],
        processing=processing_deadline(case, today),
        offered=forms_offered(case.staff, on),
        decision=decision,
        proposed=proposed_form(case, on, decision.value) if case.stage != CaseStage.DECIDED else None,
        paused_by=open_pause(case, today),
        promotion_bar=promotion_bar(case),
        legal_basis=legal_basis(case.staff, on),
        act_statutes=statutes,
    )
