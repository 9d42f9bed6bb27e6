"""Factories for tests. Units go through the services so the tree paths are always valid."""

from __future__ import annotations

import itertools

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.roles import Role
from staff import services
from staff.models import StaffCategory, Unit, UnitKind

_codes = itertools.count(1)


def make_unit(
    name: str | None = None, *, parent: Unit | None = None, kind: str = UnitKind.WARD, **extra
) -> Unit:
    number = next(_codes)
    return services.unit_create(
        actor=None,
        code=extra.pop("code", f"U{number:05d}"),
        name=name or f"Phường Thử Nghiệm {number}",
        kind=kind,
        parent=parent,
        **extra,
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("congvu-test-pass")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            self.groups.add(Group.objects.get(name=Role(role).value))


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "staff.Staff"

    staff_code = factory.Sequence(lambda n: f"CB{n:06d}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    category = StaffCategory.CONG_CHUC
    unit = None
