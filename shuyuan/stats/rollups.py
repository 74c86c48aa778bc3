"""Daily roll-ups (to come: the reading side first reads the rows)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from shuyuan.branches.models import Branch

if TYPE_CHECKING:
    from shuyuan.stats.figures import Measure, Period


def counts(
    measure: Measure,
    period: Period,
    by: tuple[str, ...],
    *,
    branch: Branch | None,
    filters: Mapping[str, Any],
    live: Callable[..., dict[tuple[str, ...], int]],
) -> dict[tuple[str, ...], int]:
    return live(measure, period, by, branch=branch, filters=filters)
