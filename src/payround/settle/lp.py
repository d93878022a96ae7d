"""A small builder for linear and mixed-integer programmes, solved by HiGHS through SciPy.

Variables and rows carry names (``"x:percent"``, ``"floor.at_least"``) so that the finder can say in words which
rows bind. ``solve`` runs ``scipy.optimize.milp``; ``duals`` fixes the integer variables at a solution and re-solves
the linear programme with ``scipy.optimize.linprog`` (HiGHS) to read the shadow price of every row."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_array

__all__ = ["INF", "Expr", "Programme", "Solution"]

INF = float("inf")
Float = npt.NDArray[np.float64]

Expr = dict[int, float]  # variable index -> coefficient (a constant term is kept apart by the caller)


@dataclass(frozen=True)
class Solution:
    """The outcome of one solve: ``ok`` when an optimum was found; ``x`` the variables; ``objective`` its value."""

    ok: bool
    status: str
    x: Float
    objective: float

    def value(self, expr: Mapping[int, float], constant: float = 0.0) -> float:
        """The value of a linear expression at this solution."""
        return float(constant) + sum(c * float(self.x[i]) for i, c in expr.items())


@dataclass
class Programme:
    """Variables with bounds (some integer), rows ``lb <= a.x <= ub`` and a linear objective to minimise."""

    names: list[str] = field(default_factory=list)
    lb: list[float] = field(default_factory=list)
    ub: list[float] = field(default_factory=list)
    integer: list[int] = field(default_factory=list)
    cost: dict[int, float] = field(default_factory=dict)
    rows: list[tuple[Expr, float, float, str]] = field(default_factory=list)

    def var(self, name: str, lb: float = 0.0, ub: float = INF, *, integer: bool = False) -> int:
        """Add a variable and return its index."""
        self.names.append(name)
        self.lb.append(lb)
        self.ub.append(ub)
        self.integer.append(1 if integer else 0)
        return len(self.names) - 1

    def row(self, expr: Mapping[int, float], lb: float = -INF, ub: float = INF, name: str = "") -> int:
        """Add ``lb <= expr <= ub`` and return its index (zero coefficients are dropped)."""
        clean = {i: float(c) for i, c in expr.items() if c != 0.0}
        self.rows.append((clean, lb, ub, name))
        return len(self.rows) - 1

    def minimise(self, expr: Mapping[int, float]) -> None:
        """Set the objective (to minimise)."""
        self.cost = {i: float(c) for i, c in expr.items()}

    # ----- solving -------------------------------------------------------------------------------------------
    def _matrix(self) -> tuple[csr_array, Float, Float]:
        data: list[float] = []
        cols: list[int] = []
        ptr = [0]
        for expr, _, _, _ in self.rows:
            cols.extend(expr)
            data.extend(expr.values())
            ptr.append(len(cols))
        a = csr_array((np.asarray(data), np.asarray(cols, dtype=np.int64), np.asarray(ptr)), (len(self.rows), self.n))
        lo = np.array([r[1] for r in self.rows], dtype=np.float64)
        hi = np.array([r[2] for r in self.rows], dtype=np.float64)
        return a, lo, hi

    @property
    def n(self) -> int:
        """Number of variables."""
        return len(self.names)

    def _c(self) -> Float:
        c = np.zeros(self.n)
        for i, v in self.cost.items():
            c[i] = v
        return c

    def solve(self, time_limit: float = 60.0) -> Solution:
        """Solve with HiGHS (``scipy.optimize.milp``)."""
        a, lo, hi = self._matrix()
        constraints = [LinearConstraint(a, lo, hi)] if self.rows else []
        res = milp(
            self._c(),
            integrality=np.asarray(self.integer),
            bounds=Bounds(np.asarray(self.lb), np.asarray(self.ub)),
            constraints=constraints,
            options={"time_limit": time_limit, "mip_rel_gap": 1e-9},
        )
        ok = res.status == 0 and res.x is not None
        x = np.asarray(res.x, dtype=np.float64) if res.x is not None else np.zeros(self.n)
        return Solution(ok, str(res.message), x, float(res.fun) if ok else INF)

    def polish(self, sol: Solution) -> tuple[Solution, Float | None]:
        """Re-solve the linear programme with the integer variables fixed at ``sol``: an exact vertex (ties broken
        by the objective, not by the branch-and-bound's gap) and the shadow price of every row, the change in the
        objective per unit its binding bound is relaxed. Returns ``sol`` and None when that cannot be solved."""
        if not self.rows:
            return sol, np.zeros(0)
        a, lo, hi = self._matrix()
        lb, ub = np.asarray(self.lb, dtype=np.float64), np.asarray(self.ub, dtype=np.float64)
        ints = np.asarray(self.integer, dtype=bool)
        fixed = np.rint(sol.x[ints])
        lb[ints], ub[ints] = fixed, fixed
        # linprog wants A_ub x <= b_ub and A_eq x = b_eq: split ranged rows into two one-sided rows.
        eq = lo == hi
        up = ~eq & np.isfinite(hi)
        dn = ~eq & np.isfinite(lo)
        blocks = [a[up], -a[dn]] if up.any() or dn.any() else []
        a_ub = _vstack(blocks) if blocks else None
        b_ub = np.concatenate([hi[up], -lo[dn]]) if blocks else None
        res = linprog(
            self._c(),
            A_ub=a_ub,
            b_ub=b_ub,
            A_eq=a[eq] if eq.any() else None,
            b_eq=lo[eq] if eq.any() else None,
            bounds=list(zip(lb, ub, strict=True)),
            method="highs",
        )
        if res.status != 0:
            return sol, None
        out = np.zeros(len(self.rows))
        if eq.any():
            out[eq] = res.eqlin.marginals
        if blocks:
            m = res.ineqlin.marginals
            k = int(up.sum())
            out[up] += m[:k]
            out[dn] -= m[k:]
        x = np.asarray(res.x, dtype=np.float64)
        x[ints] = fixed
        return Solution(True, str(res.message), x, float(res.fun)), out


def _vstack(blocks: list[csr_array]) -> csr_array:
    from scipy.sparse import vstack

    return csr_array(vstack(blocks))
