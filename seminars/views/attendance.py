"""Attendance on the day: which invited units came."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from emulation_cluster.formsets import formset_rows
from emulation_cluster.pages import form_data, form_page
from seminars import services
from seminars.forms import AttendanceFormSet
from seminars.views.lookups import editable_or_refused, managed_seminar, section


@login_required
def attendance_edit(request, pk):
    seminar = managed_seminar(request, pk)
    if refusal := editable_or_refused(request, seminar):
        return refusal
    invitations = seminar.invitations.select_related("unit").order_by("unit__name_sort_key")
    formset = AttendanceFormSet(form_data(request), queryset=invitations)

    def save():
        marks = {row["pk"]: row["fields"]["attendance"] for row in formset_rows(formset)}
        services.attendance_save(seminar=seminar, marks=marks, actor=request.user)
        messages.success(request, _("Attendance is saved."))
        return redirect(section(seminar, "invitations"))

    context = {"formset": formset, "seminar": seminar, "too_early": not seminar.attendance_open}
    return form_page(request, "seminars/attendance_form.html", formset, save, context=context)
