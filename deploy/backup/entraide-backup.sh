#!/bin/sh
# A nightly dump of the Entraide database in PostgreSQL's custom format, kept 30 days
# (docs/deploy.md, « Backups »: restore it with pg_restore, as the drill there did).
set -eu
DATABASE="${ENTRAIDE_BACKUP_DATABASE:-entraide}"
DIR="${ENTRAIDE_BACKUP_DIR:-/var/backups/entraide}"
KEEP_DAYS="${ENTRAIDE_BACKUP_KEEP_DAYS:-30}"
mkdir -p "$DIR"
file="$DIR/entraide-$(date +%F-%H%M).dump"
pg_dump --format=custom --file="$file.part" "$DATABASE"
mv "$file.part" "$file"
# A dump that pg_restore cannot list is no backup: fail loudly (systemd shows it in `systemctl --failed`).
pg_restore --list "$file" > /dev/null
find "$DIR" -name 'entraide-*.dump' -mtime +"$KEEP_DAYS" -delete
echo "backup: $file ($(du -h "$file" | cut -f1))"
