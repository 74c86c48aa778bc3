from django.contrib.auth.decorators import login_required, user_passes_test
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shuyuan.branches.models import Library
from shuyuan.branches.scoping import branches_for
from shuyuan.home import figures_for
from shuyuan.roles import role_label


@login_required
@user_passes_test(lambda user: user.is_staff)
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "library": Library.objects.first(),
        "roles": [role_label(name) for name in user.groups.values_list("name", flat=True)],
        "branches": [b.name for b in branches_for(user)],
        "figures": figures_for(user),
    }
    return render(request, "shuyuan/home.html", context)
