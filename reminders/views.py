from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from plans.roles import is_senior_manager
from reminders.forms import ReminderPreferenceForm
from reminders.queries import wants_reminders
from reminders.services import WEEKDAY_NAMES, set_reminder_preference


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own choice: nothing posted can name anyone else."""
    if request.method == "POST":
        form = ReminderPreferenceForm(request.POST)
        if form.is_valid():
            wanted = form.cleaned_data["wants_reminders"]
            set_reminder_preference(user=request.user, wants_reminders=wanted)
            messages.success(
                request,
                "You will get reminder emails" if wanted else "You will not get reminder emails",
            )
            return redirect("reminders:preferences")
    else:
        current = wants_reminders(request.user)
        form = ReminderPreferenceForm(initial={"wants_reminders": "yes" if current else "no"})
    context = {
        "form": form,
        "days": settings.REMINDER_DAYS,
        "summary_day": WEEKDAY_NAMES[settings.WEEKLY_SUMMARY_WEEKDAY],
        "is_senior_manager": is_senior_manager(request.user),
    }
    return render(request, "reminders/preferences.html", context)
