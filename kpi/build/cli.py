"""The ``kpi`` command line (also ``python -m kpi``).

Data problems are printed as a list with their locations and never as a Python
traceback. Exit codes: 0 clean (repairs and warnings allowed), 1 invalid data,
2 unusable input (not a workbook, unreadable, refused by a safety limit).

``kpi validate`` prints errors and warnings in full, repairs counted by file (a
yearbook table: its folder) and kind, and the level breaks between yearbook
editions (census revisions) counted by table and pair of editions; ``--verbose``
lists every repair and every break, ``--quiet`` errors only. Files given on the
command line are also checked for plausibility against each other and against
everything under ``data/raw``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable, Sequence

from kpi.core import paths
from kpi.core.errors import KpiInputError, Report, UnusableInputError

EXIT_OK, EXIT_INVALID, EXIT_UNUSABLE = 0, 1, 2
_DATA_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")


def _say(text: str = "", *, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    try:
        print(text, file=stream, flush=True)
    except UnicodeEncodeError:  # a terminal without UTF-8
        print(text.encode(stream.encoding or "ascii", "replace").decode(stream.encoding or "ascii"), file=stream)


def _validate_file(path: Path, report: Report):
    """Validate one file with the loader its location and content call for; return its history rows (or None)."""
    from kpi.inputs.workbook import read_workbook

    if path.suffix.lower() == ".csv":
        from kpi.inputs import facts

        if path.resolve().parent == paths.FACTS_DIR.resolve() or path.parent.name == "facts":
            from kpi.inputs import provenance

            provenance.check(path, report)
            parsed = facts._read_csv(path, report)  # noqa: SLF001
            return facts.facts_history(parsed, report=report) if len(parsed) else None
        raise UnusableInputError(path, "file is text (CSV), not an Excel workbook",
                                 expected="an .xlsx workbook: open it in Excel/WPS and save as .xlsx")
    from kpi.inputs import yearbook

    if yearbook.find_spec(path) is not None:
        return yearbook.validate_yearbook_file(path, report=report)
    if path.name.startswith("targets"):
        from kpi.inputs import targets

        targets.validate_targets(path, report)
        return None
    wb = read_workbook(path)
    if "targets" in wb.sheets:
        from kpi.inputs import targets

        targets.validate_targets(path, report)
        return None
    from kpi.inputs import tidy

    return tidy.load_tidy_workbook(path, report=report)


def _expand(args: Sequence[str]) -> list[Path]:
    files: list[Path] = []
    for a in args:
        p = Path(a)
        if p.is_dir():
            files += sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in _DATA_SUFFIXES
                            and not q.name.startswith(("~$", ".")))
        else:
            files.append(p)
    return files


def _group(file: str) -> str:
    """What a summary line is about: a yearbook table's folder (``jiangsu-2-12``), else the file."""
    parts = str(file).replace("\\", "/").split("/")
    if "yearbooks" in parts[:-1]:
        i = parts.index("yearbooks")
        if i + 2 < len(parts):
            return parts[i + 1]
    return str(file)


def repair_summary(problems) -> list[str]:
    """One line per file (a yearbook table: its folder) counting its repairs by kind, largest first.

    >>> from kpi.core.errors import Problem
    >>> ps = [Problem("data/raw/yearbooks/t/a.xlsx", "removed stray spaces: '1 2' -> 12", "repair"),
    ...       Problem("data/raw/yearbooks/t/b.xlsx", "x", "repair", category="spaces in names"),
    ...       Problem("data/raw/yearbooks/t/b.xlsx", "y", "repair", category="spaces in names")]
    >>> repair_summary(ps)
    ['t: 3 repairs (spaces in names 2, removed stray spaces 1)']
    """
    groups: dict[str, dict[str, int]] = {}
    for p in problems:
        if p.severity == "repair":
            kinds = groups.setdefault(_group(p.file), {})
            kinds[p.topic] = kinds.get(p.topic, 0) + 1
    lines = []
    for name, kinds in groups.items():
        n = sum(kinds.values())
        parts = ", ".join(f"{k} {c}" for k, c in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
        lines.append(f"{name}: {n} repair{'s' if n != 1 else ''} ({parts})")
    return lines


def break_summary(breaks, *, verbose: bool = False) -> list[str]:
    """Level breaks between editions (:func:`kpi.inputs.history.level_breaks`), one line per table and pair of
    editions (every break with ``verbose``)."""
    lines = []
    if breaks is None or breaks.empty:
        return lines
    if verbose:
        for b in breaks.itertuples(index=False):
            lines.append(f"{_group(b.family + '/x')}: {b.indicator}/{b.region} {b.vintage_before}→{b.vintage_after}: "
                         f"level ×{b.ratio:.4f} (range {b.ratio_min:.4f}–{b.ratio_max:.4f}) in "
                         f"{', '.join(map(str, b.revised_years))}")
        return lines
    for (fam, a, b), g in breaks.groupby(["family", "vintage_before", "vintage_after"], sort=True):
        counts = g["indicator"].value_counts().sort_index()
        lines.append(f"{_group(fam + '/x')}: {a}→{b}: {len(g)} series ("
                     + ", ".join(f"{i} {n}" for i, n in counts.items())
                     + f"), median level ×{g['ratio'].median():.4f}")
    return lines


def cmd_validate(ns: argparse.Namespace) -> int:
    """Validate the given files and folders, or everything under data/raw."""
    report = Report()
    unusable: list[UnusableInputError] = []
    rows = []
    if not ns.paths:
        from kpi.inputs.raw import parse_raw
        from kpi.inputs.registry import load_registry

        try:
            load_registry()
            parsed = parse_raw()
            report.extend(parsed.target_problems)
            report.extend(parsed.history_problems)
            rows = [parsed.all_vintages]
        except UnusableInputError as exc:
            unusable.append(exc)
        except KpiInputError as exc:
            report.extend(getattr(exc, "report", Report()))
        checked = "data/raw"
    else:
        files = _expand(ns.paths)
        for f in files:
            try:
                got = _validate_file(f, report)
                if got is not None and len(got):
                    rows.append(got)
            except UnusableInputError as exc:
                unusable.append(exc)
            except KpiInputError as exc:
                report.extend(getattr(exc, "report", Report()))
        if rows:
            rows = [_plausible(rows, report)]
        checked = f"{len(files)} file{'s' if len(files) != 1 else ''}"
    for exc in unusable:
        _say(f"unusable: {exc}", err=True)
    if ns.quiet:
        shown: tuple[str, ...] = ("error",)
    elif ns.verbose:
        shown = ("error", "repair", "warning")
    else:
        shown = ("error", "warning")
    text = report.format(include=shown)
    if text:
        _say(text, err=bool(report.errors))
    if not ns.quiet and not ns.verbose and report.repairs:
        _say(f"{len(report.repairs)} repairs (unambiguous slips, each repaired and reported; --verbose lists them):")
        for line in repair_summary(report.problems):
            _say(f"  - {line}")
    if not ns.quiet and rows:
        from kpi.inputs.history import level_breaks

        lines = break_summary(level_breaks(rows[0]), verbose=ns.verbose)
        if lines:
            _say(f"level breaks between editions (census revisions; not problems: kpi.load_history() chain-links the "
                 f"series across them){'' if ns.verbose else ', --verbose lists each'}:")
            for line in lines:
                _say(f"  - {line}")
    _say(f"checked {checked}: {len(report.errors)} errors, {len(unusable)} unusable, "
         f"{len(report.repairs)} repairs, {len(report.warnings)} warnings")
    if unusable:
        return EXIT_UNUSABLE
    return EXIT_INVALID if report.errors else EXIT_OK


def _plausible(frames, report: Report):
    """The rows of the files validated, checked for plausibility against each other and against data/raw."""
    import pandas as pd

    from kpi.inputs import plausibility
    from kpi.inputs.raw import parse_raw

    rows = pd.concat(frames, ignore_index=True)
    try:
        context = parse_raw().all_vintages
    except KpiInputError:  # data/raw itself unusable: compare the files with each other only
        context = None
    return plausibility.check(rows, report=report, context=context)


def cmd_template(ns: argparse.Namespace) -> int:
    if ns.plan:  # a blank plan workbook: plan sheet + empty targets sheet (issue #15)
        from kpi.inputs.plan_workbook import write_blank_plan

        out = write_blank_plan(Path(ns.path))
        _say(f"wrote {out}: fill the sheets 'plan' and 'targets', save it as data/raw/plans/<plan id>/targets.xlsx, "
             f"add its provenance sidecar with 'kpi sidecar … ', then 'kpi validate data/raw/plans/<plan id>/'")
        return EXIT_OK
    from kpi.inputs.template import write_history_workbook

    out = write_history_workbook(Path(ns.path))
    _say(f"wrote {out}: fill the 'data' sheet, then add a provenance sidecar with 'kpi sidecar {out} ...'")
    return EXIT_OK


def cmd_sidecar(ns: argparse.Namespace) -> int:
    from kpi.inputs.provenance import sidecar_path, write_sidecar

    path = Path(ns.path)
    if not path.is_file():
        raise UnusableInputError(path, "file not found", expected="the raw file to describe")
    if sidecar_path(path).exists() and not ns.force:
        _say(f"{sidecar_path(path)} exists; use --force to rewrite it (its checksum will be updated)", err=True)
        return EXIT_INVALID
    side = write_sidecar(path, title=ns.title, producer=ns.producer, obtained_from=ns.obtained_from,
                         obtained_on=ns.obtained_on, notes=ns.notes)
    _say(f"wrote {side}")
    return EXIT_OK


def cmd_build(ns: argparse.Namespace) -> int:
    from kpi.build.pipeline import build

    build(only=ns.only, skip_notebooks=ns.skip_notebooks, jobs=ns.jobs, force=ns.force)
    return EXIT_OK


def cmd_scenarios(ns: argparse.Namespace) -> int:
    from kpi.build.pipeline import run_scenarios

    run_scenarios(jobs=ns.jobs)
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kpi", description="Will the plan's targets be met? Yancheng ETDZ 2025 "
                                "targets: registry, history with provenance, projections, briefing outputs.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    v = sub.add_parser("validate", help="check data files and list every problem with its location",
                       description="Check data files (default: everything under data/raw). Exit 0 clean, "
                       "1 invalid data, 2 unusable input.")
    v.add_argument("paths", nargs="*", help="files or folders (default: all of data/raw)")
    g = v.add_mutually_exclusive_group()
    g.add_argument("-q", "--quiet", action="store_true", help="list errors only")
    g.add_argument("-v", "--verbose", action="store_true",
                   help="list every repair and every level break too (default: errors and warnings in full, "
                   "repairs and level breaks counted by file and kind)")
    v.set_defaults(func=cmd_validate)

    b = sub.add_parser("build", help="the main job: validate, process, project, assess, figures, reports")
    b.add_argument("--only", choices=["data", "analysis", "notebooks", "reports"], default=None,
                   help="stop after this stage (notebooks also write the figures)")
    b.add_argument("--skip-notebooks", action="store_true", help="do not execute the notebooks")
    b.add_argument("--jobs", type=int, default=None, help="notebooks run in parallel (default: CPU cores + 1, at most 4)")
    b.add_argument("--force", action="store_true", help="run every step, even those whose inputs did not change")
    b.set_defaults(func=cmd_build)

    sc = sub.add_parser("scenarios", help="re-run the scenario notebook for every scenarios/*.yaml file",
                        description="Check every scenario file, then run notebooks/08_briefing.py once per scenario "
                        "on the processed data (run 'kpi build' first); executed copies and HTML go to "
                        "reports/scenarios/<name>/. A failure leaves the previous runs in place.")
    sc.add_argument("--jobs", type=int, default=None, help="notebooks run in parallel (default: CPU cores + 1, at most 4)")
    sc.set_defaults(func=cmd_scenarios)

    t = sub.add_parser("template", help="write a blank history workbook (or, with --plan, plan workbook) to fill in")
    t.add_argument("path", help="where to write the .xlsx")
    t.add_argument("--plan", action="store_true", help="a blank plan targets workbook (sheets plan and targets, "
                   "bilingual instructions, drop-downs): a new plan's data/raw/plans/<plan id>/targets.xlsx")
    t.set_defaults(func=cmd_template)

    s = sub.add_parser("sidecar", help="write the provenance sidecar of a raw file you add")
    s.add_argument("path")
    s.add_argument("--title", required=True)
    s.add_argument("--producer", required=True, help="who published the data, e.g. 盐城市统计局")
    s.add_argument("--obtained-from", required=True, help="URL or description of where the file came from")
    s.add_argument("--obtained-on", required=True, help="date, YYYY-MM-DD")
    s.add_argument("--notes", default="-", help="caveats, table numbers, editions")
    s.add_argument("--force", action="store_true", help="overwrite an existing sidecar")
    s.set_defaults(func=cmd_sidecar)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kpi`` command."""
    ns = _parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = ns.func
    try:
        return func(ns)
    except KpiInputError as exc:
        _say(f"kpi {ns.command}: {exc}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        _say("interrupted; outputs already in place were left as they were", err=True)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
