"""Signing in with the council's identity provider: who the claims are, and the roles and service
areas their groups give. The protocol (and every check on the ID token) is done before this."""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from accounts.models import CouncilIdentity, GroupMapping
from accounts.roles import AREA_RELATIONS, ROLE_GROUPS
from plans.models import ServiceArea
from plans.roles import PLAN_ADMINS

NOT_MAPPED = "not_mapped"
DEACTIVATED = "deactivated"
BAD_CLAIMS = "bad_claims"


@dataclass
class SignInRefused(Exception):
    reason: str  # NOT_MAPPED, DEACTIVATED or BAD_CLAIMS
    detail: str = ""


def _text(claims: Mapping, name: str, limit: int) -> str:
    value = claims.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def _groups(claims: Mapping, claim: str) -> list[str]:
    groups = claims.get(claim, [])
    if isinstance(groups, str):
        groups = [groups]
    if not isinstance(groups, list) or not all(isinstance(group, str) for group in groups):
        raise SignInRefused(BAD_CLAIMS, f"the {claim} claim is not a list of names")
    return groups


def _email(claims: Mapping) -> str:
    email = _text(claims, "email", 254)
    try:
        validate_email(email)
    except ValidationError:
        return ""
    return email


def _names(claims: Mapping) -> tuple[str, str]:
    first, last = _text(claims, "given_name", 150), _text(claims, "family_name", 150)
    if not (first or last):
        first, _, last = _text(claims, "name", 301).partition(" ")
    return first[:150], last[:150]


def _new_username(claims: Mapping, subject: str) -> str:
    """The provider's user name (an Entra ID UPN), made unique; only for people to read."""
    User = get_user_model()
    wanted = _text(claims, "preferred_username", 150) or _email(claims) or f"sso-{subject}"
    base = re.sub(r"[^\w.@+-]", "-", wanted)[:140]
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}-{n}"
    return username


def sign_in_from_claims(*, issuer: str, claims: Mapping, groups_claim: str) -> AbstractUser:
    """The tracker's user for verified ID token claims, made on first sign-in and brought into
    step with the provider's groups at every sign-in.

    Refused when the tracker's account for them is deactivated, and when none of their groups is
    mapped: then nothing is stored for someone new, and someone known loses the roles and service
    areas the mappings gave (at once, in any session they still have open).
    """
    subject = claims.get("sub")
    if not isinstance(subject, str) or not 0 < len(subject) <= 255:
        raise SignInRefused(BAD_CLAIMS, "no usable sub claim")
    groups = _groups(claims, groups_claim)
    mappings = list(
        GroupMapping.objects.filter(provider_group__in=groups).prefetch_related("service_areas")
    )
    identity = (
        CouncilIdentity.objects.select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    if identity and not identity.user.is_active:
        raise SignInRefused(DEACTIVATED)
    if not mappings:
        if identity:
            with transaction.atomic():
                _apply_mappings(user=identity.user, mappings=[])
                identity.user.is_staff = identity.user.is_superuser
                identity.user.save(update_fields=["is_staff"])
        raise SignInRefused(NOT_MAPPED)

    with transaction.atomic():
        if identity:
            user = identity.user
        else:
            user = get_user_model()(username=_new_username(claims, subject))
        user.first_name, user.last_name = _names(claims)
        user.email = _email(claims)
        user.is_staff = user.is_superuser or any(m.role == PLAN_ADMINS for m in mappings)
        if not identity:
            user.set_unusable_password()
        user.save()
        if not identity:
            CouncilIdentity.objects.create(user=user, issuer=issuer, subject=subject)
        _apply_mappings(user=user, mappings=mappings)
    return user


def _apply_mappings(*, user: AbstractUser, mappings: list[GroupMapping]) -> None:
    roles = {mapping.role for mapping in mappings}
    user.groups.remove(*Group.objects.filter(name__in=ROLE_GROUPS).exclude(name__in=roles))
    user.groups.add(*Group.objects.filter(name__in=roles))

    for role, relation in AREA_RELATIONS.items():
        managed = ServiceArea.objects.filter(group_mappings__role=role).distinct()
        wanted = {
            area.pk
            for mapping in mappings
            if mapping.role == role
            for area in mapping.service_areas.all()
        }
        for area in managed:
            people = getattr(area, relation)
            if area.pk in wanted:
                people.add(user)
            else:
                people.remove(user)
