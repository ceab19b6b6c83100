"""The standard dimensions an indicator can be broken down by, and their categories.

Ethnicity uses the ONS 2021 census ethnic groups for England and Wales: 19 detailed groups, which
are the categories officers enter figures for, within 5 high-level groups, which add them up.

"Black, Asian and Minority Ethnic" (BAME) is their documented aggregate. By the usual convention it
is every ethnic group except White: English, Welsh, Scottish, Northern Irish or British. So it
includes the White minorities (Irish; Gypsy or Irish Traveller; Roma; Other White) as well as every
Asian, Black, Mixed or Multiple and Other ethnic group: 18 of the 19 detailed groups. Where a plan
means a narrower group (for example everyone outside the White groups), add an aggregate for it in
the admin rather than change this one.

The other dimensions are small: disability, sex, age band, staff group and religion (the ONS 2021
census religions; "not answered" is what officers leave as not recorded). More can be added in the
admin at any time. These are data, not code: ensure_standard_dimensions() adds whichever of them
are missing after every `migrate` (and after a test database is flushed), and never changes or
removes one that is already there, so an admin's edits stand.
"""

from dataclasses import dataclass

from django.apps import AppConfig
from django.apps.registry import Apps
from django.db import transaction

BAME = "bame"
WHITE_BRITISH = "english-welsh-scottish-northern-irish-or-british"


@dataclass(frozen=True)
class StandardGroup:
    slug: str
    name: str
    categories: tuple[tuple[str, str], ...]  # (slug, name) of the recorded categories beneath


@dataclass(frozen=True)
class StandardDimension:
    slug: str
    name: str
    description: str
    groups: tuple[StandardGroup, ...] = ()
    categories: tuple[tuple[str, str], ...] = ()  # recorded categories with no group


ONS_2021_ETHNIC_GROUPS = (
    StandardGroup(
        "asian",
        "Asian, Asian British or Asian Welsh",
        (
            ("bangladeshi", "Bangladeshi"),
            ("chinese", "Chinese"),
            ("indian", "Indian"),
            ("pakistani", "Pakistani"),
            ("other-asian", "Other Asian"),
        ),
    ),
    StandardGroup(
        "black",
        "Black, Black British, Black Welsh, Caribbean or African",
        (
            ("african", "African"),
            ("caribbean", "Caribbean"),
            ("other-black", "Other Black"),
        ),
    ),
    StandardGroup(
        "mixed",
        "Mixed or Multiple ethnic groups",
        (
            ("white-and-asian", "White and Asian"),
            ("white-and-black-african", "White and Black African"),
            ("white-and-black-caribbean", "White and Black Caribbean"),
            ("other-mixed", "Other Mixed or Multiple ethnic groups"),
        ),
    ),
    StandardGroup(
        "white",
        "White",
        (
            (WHITE_BRITISH, "English, Welsh, Scottish, Northern Irish or British"),
            ("irish", "Irish"),
            ("gypsy-or-irish-traveller", "Gypsy or Irish Traveller"),
            ("roma", "Roma"),
            ("other-white", "Other White"),
        ),
    ),
    StandardGroup(
        "other",
        "Other ethnic group",
        (
            ("arab", "Arab"),
            ("any-other-ethnic-group", "Any other ethnic group"),
        ),
    ),
)

BAME_NAME = "Black, Asian and Minority Ethnic"
BAME_DESCRIPTION = (
    "Every ethnic group except White: English, Welsh, Scottish, Northern Irish or British. It "
    "includes White Irish, Gypsy or Irish Traveller, Roma and Other White people."
)
BAME_MEMBERS = tuple(
    slug
    for group in ONS_2021_ETHNIC_GROUPS
    for slug, _ in group.categories
    if slug != WHITE_BRITISH
)

STANDARD_DIMENSIONS = (
    StandardDimension(
        "ethnicity",
        "Ethnicity",
        "The ONS 2021 census ethnic groups (England and Wales).",
        groups=ONS_2021_ETHNIC_GROUPS,
    ),
    StandardDimension(
        "disability",
        "Disability",
        "Disabled under the Equality Act 2010, as people say of themselves.",
        categories=(("disabled", "Disabled"), ("not-disabled", "Not disabled")),
    ),
    StandardDimension(
        "sex", "Sex", "As people record it.", categories=(("female", "Female"), ("male", "Male"))
    ),
    StandardDimension(
        "age-band",
        "Age band",
        "Age on the day counted.",
        categories=(
            ("under-16", "Under 16"),
            ("16-to-24", "16 to 24"),
            ("25-to-34", "25 to 34"),
            ("35-to-49", "35 to 49"),
            ("50-to-64", "50 to 64"),
            ("65-and-over", "65 and over"),
        ),
    ),
    StandardDimension(
        "staff-group",
        "Staff group",
        "Council staff: those who work on the front line with residents, and everyone else.",
        categories=(("frontline", "Frontline staff"), ("other-staff", "Other staff")),
    ),
    StandardDimension(
        "religion",
        "Religion",
        "The ONS 2021 census religions; “not answered” is left as not recorded.",
        categories=(
            ("no-religion", "No religion"),
            ("christian", "Christian"),
            ("buddhist", "Buddhist"),
            ("hindu", "Hindu"),
            ("jewish", "Jewish"),
            ("muslim", "Muslim"),
            ("sikh", "Sikh"),
            ("other-religion", "Other religion"),
        ),
    ),
)


def ensure_standard_dimensions(apps: Apps | None = None) -> None:
    """Add the standard dimensions and categories that are missing; safe to run any number of
    times. `apps` is the migration state's registry when called after a migrate."""
    if apps is None:
        from django.apps import apps as current_apps

        apps = current_apps
    try:
        dimension_model = apps.get_model("outcomes", "Dimension")
        category_model = apps.get_model("outcomes", "Category")
    except LookupError:  # migrated back to before these models existed
        return
    with transaction.atomic():
        for position, standard in enumerate(STANDARD_DIMENSIONS):
            dimension, _ = dimension_model.objects.get_or_create(
                slug=standard.slug,
                defaults={
                    "name": standard.name,
                    "description": standard.description,
                    "position": position,
                },
            )
            _ensure_categories(category_model, dimension, standard)


def _ensure_categories(
    category_model: type, dimension: object, standard: StandardDimension
) -> None:
    existing = {c.slug: c for c in category_model.objects.filter(dimension=dimension)}
    position = 0

    def ensure(
        slug: str, name: str, kind: str, parent: object = None, description: str = ""
    ) -> object:
        nonlocal position
        position += 1
        if slug in existing:
            return existing[slug]
        existing[slug] = category_model.objects.create(
            dimension=dimension,
            slug=slug,
            name=name,
            kind=kind,
            parent=parent,
            description=description,
            position=position,
        )
        return existing[slug]

    for group in standard.groups:
        parent = ensure(group.slug, group.name, "group")
        for slug, name in group.categories:
            ensure(slug, name, "recorded", parent)
    for slug, name in standard.categories:
        ensure(slug, name, "recorded")
    if standard.slug == "ethnicity" and BAME not in existing:
        bame = ensure(BAME, BAME_NAME, "aggregate", description=BAME_DESCRIPTION)
        bame.members.set([existing[slug] for slug in BAME_MEMBERS])


def ensure_standard_dimensions_after_migrate(
    sender: AppConfig, apps: Apps | None = None, **kwargs: object
) -> None:
    """post_migrate receiver; a flush (tests) sends the signal without `apps`."""
    if sender.label == "outcomes":
        ensure_standard_dimensions(apps)
