"""The issuing agency of a document and the signature block of whoever signs it.

An inspecting unit with no configured identity gets one derived from the unit tree the first time it
issues (name in capitals, its parent's UBND as superior, initials as abbreviation, the city as place),
which an administrator then corrects in the admin; nothing is printed from guesses that cannot be seen
and edited there.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from core.text import nfc
from reports.identity import Agency, Authority, Signer
from staff.models import Unit, UnitKind

LOCAL_GOVERNMENTS = {UnitKind.CITY, UnitKind.DISTRICT, UnitKind.WARD}
PLACE_PREFIXES = ("Thành phố ", "Tỉnh ", "Quận ", "Huyện ", "Thị xã ", "Phường ", "Xã ")


def upper(text: str) -> str:
    return nfc(text).upper()


def _initials(name: str) -> str:
    letters = []
    for word in nfc(name).split():
        first = word[0]
        if first in "đĐ":
            letters.append("Đ")
            continue
        base = unicodedata.normalize("NFD", first)[0]
        if base.isalnum():
            letters.append(base.upper())
    return "".join(letters) or "CQ"


def _place(unit: Unit) -> str:
    for ancestor in reversed(list(Unit.objects.filter(path__in=unit.ancestor_paths()).order_by("depth"))):
        if ancestor.kind in LOCAL_GOVERNMENTS:
            name = nfc(ancestor.name)
            for prefix in PLACE_PREFIXES:
                if name.startswith(prefix) and ancestor.kind == UnitKind.CITY:
                    return name[len(prefix) :]
            return name
    return nfc(unit.name)


def derived_identity(unit: Unit) -> dict[str, str]:
    """What the unit tree suggests for ``unit``'s identity (Phụ lục I, II.2.a: the superior body of a
    local agency is its People's Committee, "UBND" being an accepted abbreviation)."""
    parents = unit.ancestor_paths(include_self=False)
    parent = Unit.objects.filter(path=parents[-1]).first() if parents else None
    superior = ""
    if parent is not None:
        superior = f"UBND {upper(parent.name)}" if parent.kind in LOCAL_GOVERNMENTS else upper(parent.name)
    return {
        "name": upper(unit.name),
        "superior_body": superior,
        "abbreviation": _initials(unit.name),
        "place": _place(unit),
    }


def agency_for(unit: Unit) -> Agency:
    """The identity ``unit`` issues under: its own, else that of the nearest unit above with one, else
    one derived from the tree and saved for the administrator to correct. Call inside a transaction."""
    configured = (
        Agency.objects.filter(unit__path__in=unit.ancestor_paths())
        .select_related("unit")
        .order_by("-unit__depth")
    ).first()
    if configured is not None:
        return configured
    agency, _ = Agency.objects.get_or_create(unit=unit, defaults=derived_identity(unit))
    return agency


def agency_of_user(user: Any) -> Agency | None:
    """The agency whose documents ``user`` signs: the one of their own unit (or above it), else the
    only or first configured agency; None when none is configured."""
    profile = getattr(user, "staff_profile", None)
    if profile is not None and profile.unit_id:
        found = (
            Agency.objects.filter(unit__path__in=profile.unit.ancestor_paths())
            .order_by("-unit__depth")
            .first()
        )
        if found is not None:
            return found
    signer = Signer.objects.filter(user=user).select_related("agency").first() if user else None
    if signer is not None:
        return signer.agency
    return Agency.objects.order_by("pk").first()


def person_name(user: Any) -> str:
    profile = getattr(user, "staff_profile", None)
    return nfc(profile.full_name if profile else user.get_full_name() or user.get_username())


def signature_block(agency: Agency, user: Any) -> dict[str, Any]:
    """The authority line(s), position and full name a signer prints (Phụ lục I, II.7).

    A configured signer signs with their wording: KT., TL. and TUQ. stand before the head's title with
    their own position beneath; Q. before the head's title alone; TM. before the collective's name with
    the position beneath. Anyone else signs as the head, under the head's title.
    """
    signer = Signer.objects.filter(agency=agency, user=user).first() if user is not None else None
    head = upper(agency.head_title)
    if signer is None or signer.authority == Authority.OWN:
        lines = [upper(signer.position) if signer and signer.position else head]
    elif signer.authority == Authority.Q:
        lines = [f"Q. {head}"]
    elif signer.authority == Authority.TM:
        lines = [f"TM. {upper(agency.collective_name or agency.name)}", upper(signer.position or head)]
    else:
        lines = [f"{signer.authority} {head}", upper(signer.position)]
    return {"lines": [line for line in lines if line], "name": person_name(user) if user is not None else ""}


def team_signature_block(agency: Agency, leader: Any) -> dict[str, Any]:
    """The team leader signs the team's documents on behalf of the team: TM. ĐOÀN KIỂM TRA / TRƯỞNG ĐOÀN."""
    return {
        "lines": [f"TM. {upper(agency.team_name)}", upper(agency.team_leader_title)],
        "name": person_name(leader) if leader is not None else "",
    }
