from typing import Any


def display_name(user: Any) -> str:
    """A user's name in Vietnamese order (family name first): the staff record's name when linked."""
    profile = getattr(user, "staff_profile", None) if user is not None else None
    if profile is not None:
        return profile.full_name
    parts = [getattr(user, "last_name", ""), getattr(user, "first_name", "")]
    return " ".join(p for p in parts if p) or user.get_username()
