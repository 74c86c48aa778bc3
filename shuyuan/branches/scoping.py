"""Branch scoping: a staff member acts only in their branches unless granted all of them."""

from typing import Any

from django.db.models import QuerySet

from shuyuan.branches.models import Branch


def acts_everywhere(user: Any) -> bool:
    if user.is_superuser:
        return True
    profile = getattr(user, "staff_profile", None)
    return bool(profile and profile.all_branches)


def branches_for(user: Any) -> QuerySet[Branch]:
    if acts_everywhere(user):
        return Branch.objects.all()
    return Branch.objects.filter(staff__user=user)


def can_act_in(user: Any, branch: Branch) -> bool:
    return acts_everywhere(user) or branches_for(user).filter(pk=branch.pk).exists()
