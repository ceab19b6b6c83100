"""The reads behind the reminders: every target judged as at a day, and who may be emailed."""

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from plans.roles import SENIOR_MANAGERS
from reminders.models import ReminderLog, ReminderPreference
from reminders.rules import Recipient
from targets.models import Target
from targets.queries import JudgedTarget, judge_targets


def all_targets() -> QuerySet[Target]:
    """Every target, in the plans' order: closed ones too, since they are judged as at a day."""
    return Target.objects.order_by(
        "service_area__plan__title", "service_area__position", "position", "ref"
    )


def judged_targets(*, as_at: date) -> list[JudgedTarget]:
    """Every target with its status as at a day and its owner, in two queries at most."""
    return judge_targets(all_targets(), as_at=as_at, with_updates=False)


def senior_managers() -> list[AbstractBaseUser]:
    return list(
        get_user_model()
        .objects.filter(groups__name=SENIOR_MANAGERS)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def recipients(users: list[AbstractBaseUser]) -> dict[int, Recipient]:
    """What the rules need to know of each person, with their preference (one query)."""
    turned_off = set(
        ReminderPreference.objects.filter(
            user__in=[user.pk for user in users], wants_reminders=False
        ).values_list("user_id", flat=True)
    )
    return {
        user.pk: Recipient(
            is_active=user.is_active, email=user.email, wants_reminders=user.pk not in turned_off
        )
        for user in users
    }


def already_sent(*, on: date) -> set[tuple[int, str]]:
    """(user id, kind) of every reminder sent as at a day."""
    return set(ReminderLog.objects.filter(sent_on=on).values_list("user_id", "kind"))


def wants_reminders(user: AbstractBaseUser) -> bool:
    preference = ReminderPreference.objects.filter(user=user).first()
    return preference.wants_reminders if preference else True
