"""`content check` on a folder of deliberately broken lessons: every mistake is reported at its line."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date
from pathlib import Path

from courses.cli import check, main, stale
from courses.loader import load_library

from .conftest import BROKEN, SAMPLE

EXPECTED = [
    ("facts.toml", 7, "fact 'sans_source': missing 'source'"),
    ("facts.toml", 11, "fact 'premier_sans_er': write « 1er » for the first of a month"),
    ("cours-casse/course.md", 1, "missing 'audience'"),
    ("cours-casse/course.md", 5, "unknown front matter key 'durée'"),
    ("cours-casse/01-module/01-lecon.md", 3, "'duration' must be a whole number"),
    ("cours-casse/01-module/01-lecon.md", 8, "unknown fact id 'fait_inconnu'"),
    ("cours-casse/01-module/01-lecon.md", 8, "broken link: 03-absente.md"),
    ("cours-casse/01-module/01-lecon.md", 8, "no anchor #rien in glossaire.md"),
    ("cours-casse/01-module/01-lecon.md", 9, "broken link or image: images/absente.png"),
    ("cours-casse/01-module/01-lecon.md", 9, "no anchor #nulle-part in 01-lecon.md"),
    ("cours-casse/01-module/01-lecon.md", 11, "raw HTML is not allowed"),
    ("cours-casse/01-module/01-lecon.md", 13, "put a <video> embed on its own lines"),
    ("cours-casse/01-module/01-lecon.md", 15, "unknown container 'astuce'"),
    ("cours-casse/01-module/01-lecon.md", 19, "quiz without an id"),
    ("cours-casse/01-module/01-lecon.md", 26, "quiz sans-bonne-reponse: no right answer"),
    ("cours-casse/01-module/01-lecon.md", 33, "a numeric quiz needs answer="),
    ("cours-casse/01-module/01-lecon.md", 37, "a match quiz needs at least two pairs"),
    ("cours-casse/01-module/01-lecon.md", 41, "a match item is written - left -> right"),
    ("cours-casse/01-module/01-lecon.md", 47, "an order quiz takes a numbered list"),
    ("cours-casse/01-module/01-lecon.md", 51, "unknown type 'essai'"),
    ("cours-casse/01-module/01-lecon.md", 55, "unknown kind 'inconnu'"),
    ("cours-casse/01-module/01-lecon.md", 59, "jours_stock: La valeur doit être au moins 0"),
    ("cours-casse/01-module/01-lecon.md", 60, "bfr has no input 'entree_inconnue'"),
    ("cours-casse/01-module/01-lecon.md", 61, "unknown fact id 'fait_absent'"),
    ("cours-casse/01-module/01-lecon.md", 65, "a quiz cannot be nested"),
    ("cours-casse/01-module/02-doublon.md", 4, "facts ({{ … }}) are not substituted in 'objectives'"),
    ("cours-casse/01-module/02-doublon.md", 7, "duplicate quiz id 'sans-bonne-reponse'"),
    # A full date read as a year (« en 1er janvier 2026 »); « de {{ x.year }} » and « nous nous » are fine.
    ("cours-casse/01-module/02-doublon.md", 14, "{{ taux_ok.as_of }} is a full date after « en »"),
    ("cours-casse/01-module/02-doublon.md", 15, "repeated word « de de »"),
    ("cours-casse/01-module/02-doublon.md", 24, "duplicate quiz id 'meme-lecon' (twice in this file)"),
    ("cours-casse/01-module/check.md", 1, "draw must be between 1 and the number of questions"),
    ("cours-casse/01-module/check.md", 1, "pool is 5 but the file has 1 questions"),
    # A graded question: two answers are a coin toss, and « Non. » teaches nothing.
    ("cours-casse/01-module/check.md", 8, "c1: a graded question needs at least three answers"),
    ("cours-casse/01-module/check.md", 8, "c1: feedback « non. » on « Non » says nothing"),
    ("cours-casse/01-module/notes.md", 1, "lesson file names start with their number"),
    ("cours-casse/02-quiz", 1, "module slug 'quiz' is reserved"),
    ("cours-casse/02-quiz/01-controle.md", 1, "lesson slug 'controle' is reserved"),
    ("cours-casse/02-quiz/03-doublon.md", 1, "two lessons share the slug 'doublon'"),
]


def test_every_broken_thing_is_reported_at_its_line():
    problems = load_library(BROKEN).problems
    found = [(p.path.relative_to(BROKEN).as_posix(), p.line, p.message) for p in problems]
    for path, line, fragment in EXPECTED:
        assert any(f[0] == path and f[1] == line and fragment in f[2] for f in found), (
            path,
            line,
            fragment,
            found,
        )
    assert len(found) == len(EXPECTED), [
        f for f in found if not any(f[0] == e[0] and f[1] == e[1] and e[2] in f[2] for e in EXPECTED)
    ]


def test_check_prints_file_line_message_and_fails():
    out = io.StringIO()
    assert check(BROKEN, out) == 1
    first = out.getvalue().splitlines()[0]
    path, line, message = first.split(":", 2)
    assert path.endswith(".md") or path.endswith(".toml")
    assert line.isdigit() and message.strip()


def test_sample_course_is_clean():
    assert load_library(SAMPLE).problems == []
    assert main(["content", "check", str(SAMPLE)]) == 0


def test_missing_folder_is_a_problem(tmp_path):
    assert main(["content", "check", str(tmp_path / "nope")]) == 1


def test_runs_as_a_module():
    result = subprocess.run(
        [sys.executable, "-m", "courses.cli", "content", "check", str(BROKEN)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "01-lecon.md:15: unknown container 'astuce'" in result.stdout


def test_a_lapsed_fact_is_warned_about_and_listed_for_review(tmp_path):
    (tmp_path / "facts.toml").write_text(
        '[pass_annee]\nvalue = 48060\nas_of = 2026-01-01\nuntil = 2026-12-31\nsource = "urssaf.fr"\n\n'
        '[seuil_durable]\nvalue = 83600\nas_of = 2026-01-01\nuntil = 2028-12-31\nsource = "service-public.fr"\n\n'
        '[a_l_envers]\nvalue = 1\nas_of = 2026-01-01\nuntil = 2025-01-01\nsource = "x"\n',
        encoding="utf-8",
    )
    out = io.StringIO()
    # On 1 January 2027, the year's PASS has lapsed; the 2026-2028 threshold has not. The course still reads:
    # a lapsed fact is a warning, while an `until` before its own date is a problem.
    assert check(tmp_path, out, today=date(2027, 1, 1)) == 1
    text = out.getvalue()
    assert "warning: fact 'pass_annee' (48\u202f060) held until 2026-12-31" in text
    assert "seuil_durable" not in text
    assert "fact 'a_l_envers': 'until' is before 'as_of'" in text
    listed = io.StringIO()
    assert stale(tmp_path, listed, today=date(2027, 1, 1)) == 1
    assert [line.split("'")[1] for line in listed.getvalue().splitlines()] == ["a_l_envers", "pass_annee"]
    assert stale(tmp_path, io.StringIO(), today=date(2020, 1, 1)) == 0


def test_the_course_says_which_facts_need_their_yearly_review():
    """On the last day of 2026 nothing in the course has lapsed; on 1 January 2027 the year's figures are listed
    for review (the ceiling of the social security, the maternity amounts computed from it, the versement
    libératoire's income limit), while the 2026-2028 micro-enterprise thresholds are not."""
    content = Path(__file__).resolve().parents[2] / "content"
    assert stale(content, io.StringIO(), today=date(2026, 12, 31)) == 0
    listed = io.StringIO()
    assert stale(content, listed, today=date(2027, 1, 1)) == 1
    ids = {line.split("'")[1] for line in listed.getvalue().splitlines()}
    assert {
        "pass_2026",
        "vl_condition_rfr",
        "maternite_allocation_forfaitaire",
        "maternite_ij_independante",
    } <= ids
    assert "micro_plafond_ventes_2026" not in ids
    done = subprocess.run(
        [sys.executable, "-m", "courses.cli", "content", "facts", "--stale", str(content)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1) and ("no fact has lapsed" in done.stdout) == (done.returncode == 0)
