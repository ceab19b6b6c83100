"""Text search over targets: reference, wording, the actions they serve and officers' commentary.

PostgreSQL's full-text search (English stemming, so "reviewing" finds "review") where the database
is PostgreSQL; a plain case-insensitive match of every word elsewhere (SQLite in development).
"""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

from targets.models import Target

FIELDS = (
    "ref",
    "text",
    "actions__ref",
    "actions__aim",
    "actions__commitment",
    "progress_updates__commentary",
)


def search_targets(queryset: QuerySet[Target], text: str) -> QuerySet[Target]:
    """The targets of `queryset` that match `text`; all of them when it is blank."""
    text = " ".join(text.split())[:200]
    if not text:
        return queryset
    # A reference ("CWB-T2") is matched as typed: full-text search would split it at the hyphen.
    by_ref = Q(ref__iexact=text) | Q(actions__ref__iexact=text)
    if connection.vendor == "postgresql":
        found = Target.objects.annotate(document=SearchVector(*FIELDS, config="english")).filter(
            Q(document=SearchQuery(text, search_type="websearch", config="english")) | by_ref
        )
    else:
        found = Target.objects.all()
        for word in text.split():
            found = found.filter(
                by_ref | Q.create([(f"{field}__icontains", word) for field in FIELDS], "OR")
            )
    return queryset.filter(pk__in=found.values("pk"))
