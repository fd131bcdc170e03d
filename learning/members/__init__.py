"""Member to member: the directory « Qui peut m'aider ? », profiles, private messages (docs/members.md)."""
