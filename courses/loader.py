"""Content tree → Library. Walks ``content/<course>/``, parses every file once, and collects problems.

Layout: ``course.md``, ``glossaire.md`` (optional), module folders ``NN-slug/`` with ``module.md``, lessons
``NN-slug.md`` and an optional ``check.md``. Order is the numeric prefix; the slug is the name without it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, unquote

from markdown_it import MarkdownIt

from . import frontmatter
from .course_tree import Check, Course, GlossaryTerm, Lesson, Library, Module
from .facts import Fact, load_facts
from .lesson_file import Document, parse_document
from .markdown import RenderContext, make_markdown
from .problems import Problem
from .quiz import Quiz

FACTS_FILE = "facts.toml"
GLOSSARY_FILE = "glossaire.md"
MEDIA_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".pdf", ".vtt", ".mp4", ".webm", ".mp3"}
CHECK_SLUG = "controle"
# URL words the routes use next to module and lesson slugs (courses/routes.py).
RESERVED_MODULE_SLUGS = {
    "certificat",
    "calculateur",
    "dossier",
    "fichiers",
    "glossaire",
    "inscription",
    "quiz",
    "statistiques",
}


def split_number(name: str) -> tuple[int, str] | None:
    """'04-seuil-de-rentabilite.md' → (4, 'seuil-de-rentabilite'); None without a numeric prefix."""
    stem = name[:-3] if name.endswith(".md") else name
    number, sep, slug = stem.partition("-")
    if not sep or not number.isdigit() or not slug:
        return None
    return int(number), slug


@dataclass
class _Pending:
    """A link to check once every file's anchors are known."""

    source: Path
    line: int
    target: Path
    anchor: str


class CourseLoader:
    def __init__(self, root: Path, facts: dict[str, Fact], md: MarkdownIt, base_url: str) -> None:
        self.root = root
        self.facts = facts
        self.md = md
        self.base_url = base_url.rstrip("/")
        self.problems: list[Problem] = []
        self.urls: dict[Path, str] = {}
        self.anchors: dict[Path, set[str]] = {}
        self.pending: list[_Pending] = []

    # Links ---------------------------------------------------------------------------------------------

    def _resolver(self, source: Path, course_dir: Path) -> Callable[[str, int], str | None]:
        def resolve(href: str, line: int) -> str | None:
            if not href or ":" in href.split("/")[0] or href.startswith("//"):
                return None  # external (https:, mailto:) or protocol-relative: leave as written
            path_part, _, anchor = href.partition("#")
            if not path_part:
                if anchor:
                    self.pending.append(_Pending(source, line, source, unquote(anchor)))
                return None
            if path_part.startswith("/"):
                return None  # a site path written by the author
            relative = posixpath.normpath(
                posixpath.join(source.parent.relative_to(course_dir).as_posix(), unquote(path_part))
            )
            if relative.startswith(".."):
                self._report(source, line, f"link leaves the course folder: {href}")
                return None
            target = course_dir / relative
            if target.suffix == ".md":
                url = self.urls.get(target)
                if url is None:
                    self._report(source, line, f"broken link: {href} (no such lesson or page)")
                    return None
                if anchor:
                    self.pending.append(_Pending(source, line, target, unquote(anchor)))
                    return f"{url}#{anchor}"
                return url
            if target.suffix.lower() not in MEDIA_SUFFIXES:
                self._report(source, line, f"link to an unsupported file type: {href}")
                return None
            if not target.is_file():
                self._report(source, line, f"broken link or image: {href} (file not found)")
                return None
            return f"{self.base_url}/{quote(course_dir.name)}/fichiers/{quote(relative)}"

        return resolve

    def _report(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def _parse(self, path: Path, course_dir: Path) -> Document:
        ctx = RenderContext(self.facts, self._resolver(path, course_dir))
        try:
            source = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            self._report(path, 1, "file is not UTF-8")
            source = ""
        doc = parse_document(self.md, path, source, ctx)
        self.anchors[path] = doc.anchors
        for line, message in ctx.problems:
            self._report(path, line, message)
        return doc

    def _front(self, doc: Document, schema: tuple[frontmatter.Key, ...]) -> dict:
        return frontmatter.read(doc.front_matter, schema, lambda line, msg: self._report(doc.path, line, msg))

    # Tree ----------------------------------------------------------------------------------------------

    def _plan_urls(self, course_dir: Path) -> list[tuple[int, str, Path]]:
        """Assign a URL to every Markdown file before parsing, so that links can point forward."""
        slug = course_dir.name
        course_url = f"{self.base_url}/{slug}"
        self.urls[course_dir / "course.md"] = course_url
        self.urls[course_dir / GLOSSARY_FILE] = f"{course_url}/glossaire"
        modules: list[tuple[int, str, Path]] = []
        seen: dict[int, Path] = {}
        for entry in sorted(course_dir.iterdir()):
            if not entry.is_dir():
                if entry.suffix == ".md" and entry.name not in ("course.md", GLOSSARY_FILE):
                    self._report(
                        entry,
                        1,
                        "unexpected file: a course folder holds course.md, glossaire.md and module folders",
                    )
                continue
            parsed = split_number(entry.name)
            if parsed is None:
                continue  # media folders and the like
            if parsed[1] in RESERVED_MODULE_SLUGS:
                self._report(entry, 1, f"module slug {parsed[1]!r} is reserved for the site's own pages")
            if parsed[0] in seen:
                self._report(entry, 1, f"two modules share the number {parsed[0]}: {seen[parsed[0]].name}")
            seen[parsed[0]] = entry
            modules.append((parsed[0], parsed[1], entry))
            module_url = f"{course_url}/{parsed[1]}"
            self.urls[entry / "module.md"] = module_url
            self.urls[entry / "check.md"] = f"{module_url}/{CHECK_SLUG}"
            for file in sorted(entry.glob("*.md")):
                lesson = split_number(file.name)
                if lesson is not None:
                    self.urls[file] = f"{module_url}/{lesson[1]}"
        return modules

    def load_course(self, course_dir: Path) -> Course | None:
        course_md = course_dir / "course.md"
        if not course_md.is_file():
            self._report(course_dir, 1, "course folder without course.md")
            return None
        modules_plan = self._plan_urls(course_dir)
        doc = self._parse(course_md, course_dir)
        meta = self._front(doc, frontmatter.COURSE)
        pass_mark = float(meta["pass"] or 0.7)
        if not 0 <= pass_mark <= 1:
            self._report(course_md, 1, "front matter: 'pass' is a share between 0 and 1 (0.7 for 70 %)")
        course = Course(
            slug=course_dir.name,
            title=meta["title"] or course_dir.name,
            summary=meta["summary"] or "",
            audience=meta["audience"] or "",
            duration=meta["duration"] or 0,
            pass_mark=pass_mark,
            intro_html=doc.html,
            modules=[],
            path=course_dir,
            url=self.urls[course_md],
        )
        glossary = course_dir / GLOSSARY_FILE
        if glossary.is_file():
            gdoc = self._parse(glossary, course_dir)
            if gdoc.front_matter is not None:
                self._front(gdoc, frontmatter.GLOSSARY)
            course.glossary_html = gdoc.html
            course.glossary = [GlossaryTerm(hid, text) for level, hid, text in gdoc.headings if level == 2]
            self._no_interactive(gdoc)
        self._no_interactive(doc)
        if not modules_plan:
            self._report(course_md, 1, "course without modules (folders named 01-slug/)")
        for number, slug, module_dir in modules_plan:
            module = self.load_module(course, number, slug, module_dir)
            if module is not None:
                course.modules.append(module)
        self._index(course)
        return course

    def _no_interactive(self, doc: Document) -> None:
        for quiz in doc.quizzes:
            self._report(doc.path, quiz.line, "quizzes belong in lessons or check.md")
        for calc in doc.calculators:
            self._report(doc.path, calc.line, "calculators belong in lessons")

    def load_module(self, course: Course, number: int, slug: str, module_dir: Path) -> Module | None:
        module_md = module_dir / "module.md"
        if module_md.is_file():
            doc = self._parse(module_md, course.path)
            meta = self._front(doc, frontmatter.MODULE)
            self._no_interactive(doc)
            title, summary, intro = meta["title"] or slug, meta["summary"] or "", doc.html
        else:
            self._report(module_dir, 1, "module folder without module.md")
            title, summary, intro = slug, "", ""
        module = Module(slug, number, title, summary, intro, [], None, module_dir)
        seen: dict[int, Path] = {}
        slugs: dict[str, Path] = {}
        for file in sorted(module_dir.iterdir()):
            if file.is_dir() or file.name in ("module.md", "check.md"):
                continue
            if file.suffix != ".md":
                continue
            parsed = split_number(file.name)
            if parsed is None:
                self._report(file, 1, "lesson file names start with their number: 01-slug.md")
                continue
            if parsed[0] in seen:
                self._report(file, 1, f"two lessons share the number {parsed[0]}: {seen[parsed[0]].name}")
            seen[parsed[0]] = file
            if parsed[1] in slugs:
                self._report(file, 1, f"two lessons share the slug {parsed[1]!r}: {slugs[parsed[1]].name}")
                continue
            slugs[parsed[1]] = file
            if parsed[1] == CHECK_SLUG:
                self._report(file, 1, f"lesson slug {CHECK_SLUG!r} is reserved for the module check")
                continue
            module.lessons.append(self.load_lesson(course, module, parsed[0], parsed[1], file))
        if not module.lessons:
            self._report(module_md if module_md.exists() else module_dir, 1, "module without lessons")
        check_md = module_dir / "check.md"
        if check_md.is_file():
            module.check = self.load_check(course, module, check_md)
        return module

    def load_lesson(self, course: Course, module: Module, number: int, slug: str, path: Path) -> Lesson:
        doc = self._parse(path, course.path)
        meta = self._front(doc, frontmatter.LESSON)
        objectives = meta["objectives"] or []
        if not all(isinstance(o, str) for o in objectives):
            self._report(path, 1, "front matter: 'objectives' is a list of sentences")
            objectives = [str(o) for o in objectives]
        if meta["duration"] is not None and meta["duration"] <= 0:
            self._report(path, 1, "front matter: 'duration' is a number of minutes above zero")
        lesson = Lesson(
            course=course.slug,
            module=module.slug,
            slug=slug,
            number=number,
            title=meta["title"] or slug,
            duration=meta["duration"] or 0,
            objectives=objectives,
            segments=doc.segments,
            quizzes={q.id: q for q in doc.quizzes},
            calculators={c.id: c for c in doc.calculators},
            path=path,
            url=self.urls[path],
        )
        for calc in doc.calculators:
            calc.lesson_key = lesson.key
        return lesson

    def load_check(self, course: Course, module: Module, path: Path) -> Check:
        doc = self._parse(path, course.path)
        meta = self._front(doc, frontmatter.CHECK)
        report = lambda line, msg: self._report(path, line, msg)  # noqa: E731
        if meta["type"] not in (None, "check"):
            report(1, "front matter: a module check has type: check")
        pass_mark = float(meta["pass"])
        if not 0 < pass_mark <= 1:
            report(1, "front matter: 'pass' is a share between 0 and 1 (0.7 for 70 %)")
        if meta["attempts"] < 1:
            report(1, "front matter: 'attempts' must be at least 1")
        if not doc.quizzes:
            report(1, "module check without questions")
        if doc.calculators:
            report(doc.calculators[0].line, "calculators belong in lessons, not in a check")
        for quiz in doc.quizzes:
            for problem in graded_quiz_problems(quiz):
                report(quiz.line, f"{quiz.id}: {problem}")
        draw = meta["draw"]
        if meta["pool"] is not None and meta["pool"] != len(doc.quizzes):
            report(1, f"front matter: pool is {meta['pool']} but the file has {len(doc.quizzes)} questions")
        if draw is not None and not 0 < draw <= len(doc.quizzes):
            report(
                1, f"front matter: draw must be between 1 and the number of questions ({len(doc.quizzes)})"
            )
            draw = None
        intro = "".join(s.html for s in doc.segments if s.kind == "html")
        return Check(
            course.slug,
            module.slug,
            meta["title"] or "Contrôle",
            pass_mark,
            max(1, meta["attempts"]),
            draw,
            intro,
            doc.quizzes,
            path,
            self.urls[path],
        )

    def _index(self, course: Course) -> None:
        seen: dict[str, Path] = {}
        for module in course.modules:
            places = [(lesson.path, lesson.key, list(lesson.quizzes.values())) for lesson in module.lessons]
            if module.check:
                places.append((module.check.path, f"check:{module.slug}", module.check.quizzes))
            for path, place, quizzes in places:
                for quiz in quizzes:
                    if quiz.id in seen:
                        self._report(
                            path, quiz.line, f"duplicate quiz id {quiz.id!r} (also in {seen[quiz.id]})"
                        )
                        continue
                    seen[quiz.id] = path
                    course.quizzes[quiz.id] = quiz
                    course.quiz_places[quiz.id] = place
            for lesson in module.lessons:
                for calc in lesson.calculators.values():
                    if calc.id in course.calculators or calc.id in seen:
                        self._report(lesson.path, calc.line, f"duplicate calculator id {calc.id!r}")
                        continue
                    course.calculators[calc.id] = calc

    def check_links(self) -> None:
        for link in self.pending:
            anchors = self.anchors.get(link.target)
            if anchors is None:
                continue  # the target file itself was reported (or not parsed)
            if link.anchor not in anchors:
                self._report(
                    link.source, link.line, f"broken link: no anchor #{link.anchor} in {link.target.name}"
                )


def load_library(root: Path, base_url: str = "/mooc", md: MarkdownIt | None = None) -> Library:
    root = Path(root)
    problems: list[Problem] = []
    if not root.is_dir():
        return Library({}, {}, [Problem(root, 1, "content folder not found")], root, datetime.now())
    facts, fact_problems = load_facts(root / FACTS_FILE)
    problems.extend(fact_problems)
    loader = CourseLoader(root, facts, md or make_markdown(), base_url)
    courses: dict[str, Course] = {}
    for entry in sorted(root.iterdir()):
        if entry.is_dir() and not entry.name.startswith((".", "_")):
            course = loader.load_course(entry)
            if course is not None:
                courses[course.slug] = course
    loader.check_links()
    problems.extend(loader.problems)
    return Library(courses, facts, sorted(set(problems)), root, datetime.now())


# Feedback a learner cannot learn from: the answer was wrong, but why?
BARE_FEEDBACK = frozenset({"non", "non.", "non !", "faux", "faux.", "erreur", "erreur."})


def graded_quiz_problems(quiz: Quiz) -> list[str]:
    """What makes a graded question a poor test: a coin toss between two answers, or a wrong answer whose
    feedback only says « Non. »."""
    problems = []
    if quiz.type in ("single", "multiple") and len(quiz.options) < 3:
        problems.append("a graded question needs at least three answers (two is a coin toss)")
    for option in quiz.options:
        if option.correct:
            continue
        text = re.sub(r"<[^>]+>", "", option.feedback_html).strip().casefold()
        if text in BARE_FEEDBACK:
            problems.append(f"feedback « {text} » on « {option.text} » says nothing: say why")
    return problems
