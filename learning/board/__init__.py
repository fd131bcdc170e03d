"""« Coup de pouce », the mutual-help board: members post needs and questions, everyone answers.

A sub-package of the shell (shared/DESIGN.md puts the board in `learning/`); `learning/app.py` wires
its routes and hooks in explicitly, since the shell discovers hooks only in `live` and `courses`.
"""
