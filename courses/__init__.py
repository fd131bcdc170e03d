"""The MOOC engine: course content from Markdown files, quizzes, calculators, progress, certificates.

Content (pure, no I/O besides reading files; loaded once at start-up by ``lifespan``):
    loader (tree → ``model`` dataclasses) · document (one file → segments) · markdown (markdown-it-py rules)
    · frontmatter (schemas) · facts (facts.toml) · quiz (quiz parsing) · grading (graders)
    · calculators/ (the ``KINDS`` registry and pure compute functions) · sanitize (nh3) · problems · cli (lint)
Web (Starlette, following the shell's hooks in learning/packages.py):
    routes · pages (catalogue, course, lesson) · interact (quizzes, checks, calculators) · documents
    (certificate, dossier) · stats · presenters (view models) · progress (services) · models (tables)
    · store (the shared library) · pdf · member_data · account_section · demo
See AUTHORING.md for the syntax authors write.
"""
