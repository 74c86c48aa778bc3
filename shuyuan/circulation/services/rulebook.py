"""Editing the loan-rule matrix and the library's circulation policy; every change is audited."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict

from shuyuan.audit import log
from shuyuan.circulation.errors import CirculationRefused, Reason
from shuyuan.circulation.models import CirculationPolicy, LoanRule


def rule_detail(rule: LoanRule) -> dict[str, Any]:
    return {k: v for k, v in model_to_dict(rule).items() if k not in ("id", "updated_at")}


@transaction.atomic(durable=True)
def save_loan_rule(rule: LoanRule, *, at: datetime, by: Any) -> LoanRule:
    """Create or change one cell of the matrix (``rule`` unsaved, or changed in memory)."""
    creating = rule.pk is None
    before = {} if creating else rule_detail(LoanRule.objects.select_for_update().get(pk=rule.pk))
    rule.updated_at = at
    try:
        rule.save()
    except IntegrityError as exc:
        raise CirculationRefused(Reason.DUPLICATE_RULE) from exc
    after = rule_detail(rule)
    changed = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    log.record(
        "circulation.add_loan_rule" if creating else "circulation.change_loan_rule",
        at=at,
        by=by,
        obj=rule,
        detail={"changed": changed},
    )
    return rule


@transaction.atomic(durable=True)
def delete_loan_rule(rule: LoanRule, *, at: datetime, by: Any) -> None:
    rule = LoanRule.objects.select_for_update().get(pk=rule.pk)
    log.record("circulation.delete_loan_rule", at=at, by=by, obj=rule, detail=rule_detail(rule))
    rule.delete()


@transaction.atomic(durable=True)
def save_policy(policy: CirculationPolicy, *, at: datetime, by: Any) -> CirculationPolicy:
    before = {}
    if policy.pk is not None:
        before = model_to_dict(CirculationPolicy.objects.select_for_update().get(pk=policy.pk))
    policy.save()
    after = model_to_dict(policy)
    changed = {k: [str(before.get(k)), str(v)] for k, v in after.items() if before.get(k) != v and k != "id"}
    log.record("circulation.change_policy", at=at, by=by, obj=policy, detail={"changed": changed})
    return policy
