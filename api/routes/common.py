"""What every route shares: the problem responses it may give, and finding a row by id."""

from django.db.models import Model, QuerySet

from api.problems import Problem
from api.schemas import ProblemOut

# Every operation may answer with a problem document for these; writes also with 409 and 413.
RESPONSES = {frozenset({400, 401, 403, 404, 422, 429}): ProblemOut}
WRITE_RESPONSES = {frozenset({400, 401, 403, 404, 409, 413, 422, 429}): ProblemOut}


AS_AT = "The day to judge as at, YYYY-MM-DD (from 1990 to 2100); today if not given."
PAGE = "Which page, from 1."
PAGE_SIZE = "Rows a page, from 1 to API_MAX_PAGE_SIZE (200 unless the council changed it)."


def get_or_problem[M: Model](rows: QuerySet[M], pk: int, what: str) -> M:
    found = rows.filter(pk=pk).first()
    if found is None:
        raise Problem(404, f"There is no {what} with id {pk}.")
    return found
