"""« Coup de pouce », the mutual-help board: members post needs and questions, everyone answers.

A sub-package of the shell (docs/design.md puts the board in `learning/`), composed like a feature
package: `learning/packages.py` lists it, so the app factory and the CLI find its routes and hooks as
they find those of `live` and `courses`.

Modules, one job each: `models` (tables), `markdown` (Markdown → safe HTML), `permissions` (who sees
and does what), `queries` (lists and search for one member), `search` (FTS5 / PostgreSQL full-text),
`services` (writes), `notifications`, `digest` (daily e-mail), `preferences` (the digest switch), `forms`,
`common` (endpoint helpers, rate limits), `views_*` (endpoints), and the shell hooks `badges`,
`account_section`, `member_data`, `lifespan`, `cli`, `demo`, `coordination_block` and `profile_block`
(her posts and useful answers on her profile, which learning.members owns with her skills).

Policies:
- Members only; a « locale » post is seen by members of the author's coordination (and moderators).
- Authors edit for 2 hours after posting (not once hidden or locked) and delete at any time.
- Coordinatrices and admins moderate the whole board (hide, restore, lock); every action records who.
- Accounts younger than 7 days may post or answer 5 times an hour; others `settings.post_limit`.
- Search ranks the 200 most recent matches by relevance; « tous les résultats » lists every match by date.
"""
