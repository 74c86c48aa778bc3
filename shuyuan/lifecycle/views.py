"""Staff pages to merge two records of one person and to erase a person's data, beside the reader's
page (``/patrons/<pk>/merge/``, ``/patrons/<pk>/erase/``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from shuyuan.lifecycle import erasure, services
from shuyuan.patrons import forms, queries, scoping
from shuyuan.patrons.errors import PatronRefused
from shuyuan.patrons.models import Patron


def _patron(pk: int) -> Patron:
    return get_object_or_404(Patron.objects.select_related("category", "home_branch", "guardian"), pk=pk)


@login_required
@permission_required("patrons.merge_patrons", raise_exception=True)
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    keep = scoping.check_may_change(request.user, _patron(pk))
    form = forms.MergeForm(request.POST or None)
    other = None
    if form.is_valid():
        try:
            other = queries.resolve(form.cleaned_data["other"])
        except PatronRefused as refused:
            form.add_error("other", refused.message)
    if other is not None:
        scoping.check_may_change(request.user, other)
    if other is not None and request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            services.merge(keep, other, at=timezone.now(), by=request.user)
        except PatronRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Records merged."))
        return redirect("patrons:detail", pk=keep.pk)
    return render(request, "lifecycle/merge.html", {"patron": keep, "form": form, "other": other})


@login_required
@permission_required("patrons.delete_patron", raise_exception=True)
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a reader's personal data (PIPL), after staff type the card number to confirm."""
    patron = scoping.check_may_change(request.user, _patron(pk))
    person = queries.current(patron) or patron
    if person.pk != patron.pk:
        return redirect("lifecycle:erase", pk=person.pk)
    form = forms.EraseForm(request.POST or None, card_number=patron.card_number)
    if request.method == "POST" and form.is_valid():
        try:
            services.erase_patron(patron, at=timezone.now(), by=request.user, reason=form.cleaned_data["reason"])
        except PatronRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The reader's personal data has been deleted; anonymous statistics remain."))
            return redirect("patrons:search")
    plan = erasure.preview(patron, today=timezone.localdate())
    return render(request, "lifecycle/erase.html", {"patron": patron, "form": form, "plan": plan})
