"""The plan's structure: a plan, its service areas and their actions, and the equality groups."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class EqualityGroup(models.Model):
    """A protected characteristic (Equality Act 2010), or a narrower group the plan names."""

    class Category(models.TextChoices):
        PROTECTED = "protected", "Protected characteristic"
        SOCIO_ECONOMIC = "socio_economic", "Socio-economic disadvantage"
        WORKFORCE = "workforce", "Workforce group"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200, unique=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("id")), name="equality_group_not_its_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Plan(models.Model):
    """A strategy with its period; later plans (a 2022 refresh) sit beside earlier ones."""

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    council = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    introduction = models.TextField(blank=True)
    is_public = models.BooleanField(
        "published",
        default=False,
        help_text="Show this plan's progress to anyone, without signing in: its public page "
        "(/public/<slug>/) and open data. Officers' names, commentary and evidence never show.",
    )
    published_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="When it was published; set on publishing, cleared on unpublishing.",
    )
    publish_signed_off_only = models.BooleanField(
        "publish only signed-off figures",
        default=False,
        help_text="Show the public page and open data from the latest closed quarterly return "
        "instead of the live status (nothing a return adds, such as comments, is public).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="plan_period_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(is_public=True) | Q(published_on__isnull=True),
                name="plan_published_date_only_when_public",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.period_start:%Y}–{self.period_end:%Y})"

    def save(self, *args: object, **kwargs: object) -> None:
        # The date beside "Published" is the day it was last published, whoever ticks the box.
        if not self.is_public:
            self.published_on = None
        elif self.published_on is None:
            self.published_on = timezone.localdate()
        super().save(*args, **kwargs)


class ServiceArea(models.Model):
    """A directorate's part of a plan: officers are its members, its service leads sign it off."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="service_areas")
    slug = models.SlugField()
    name = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="service_areas",
        help_text="Officers who update this service area's targets.",
    )
    leads = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="led_service_areas",
        help_text="Service leads (directors, heads of service) who sign off this area's returns.",
    )
    history = HistoricalRecords(m2m_fields=[members, leads])

    class Meta:
        ordering = ["plan", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "slug"], name="service_area_slug_unique_in_plan"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Action(models.Model):
    """What the plan will do: its aim ("We want ...") and commitment ("To do this we will ...")."""

    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="actions")
    ref = models.CharField(max_length=20, help_text="Stable reference, e.g. CWB-A1.")
    aim = models.TextField(blank=True, help_text="As the plan words it.")
    commitment = models.TextField(help_text="As the plan words it.")
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_actions",
    )
    groups = models.ManyToManyField(EqualityGroup, blank=True, related_name="actions")
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(m2m_fields=[groups])

    class Meta:
        ordering = ["service_area", "position", "ref"]
        constraints = [
            models.UniqueConstraint(
                fields=["service_area", "ref"], name="action_ref_unique_in_area"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref}: {self.aim or self.commitment}"[:120]
