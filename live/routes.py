"""The workshop routes, mounted at the root by learning.app (docs/architecture.md)."""

from __future__ import annotations

from starlette.routing import Route

from live import (
    speaker_routes,
    tickets_web,
    views_attendance,
    views_guests,
    views_list,
    views_manage,
    views_member,
    views_rehearsal,
    views_review,
)

routes = [
    *speaker_routes.routes,
    Route("/ateliers", views_list.workshops_page, name="workshops"),
    Route("/ateliers/proposer", views_manage.propose, methods=["GET", "POST"], name="workshop_propose"),
    Route("/ateliers/mes-ateliers", views_manage.dashboard, name="workshop_dashboard"),
    Route("/ateliers/propositions", views_review.queue, name="workshop_proposals"),
    Route("/ateliers/presence", tickets_web.attendance, methods=["POST"], name="workshop_attendance"),
    Route("/ateliers/agenda/nouveau", views_member.feed_renew, methods=["POST"], name="workshop_feed_renew"),
    Route(
        "/ateliers/agenda/revoquer", views_member.feed_revoke, methods=["POST"], name="workshop_feed_revoke"
    ),
    Route("/ateliers/agenda/{token}.ics", views_member.feed, name="workshop_feed"),
    Route("/ateliers/invitation/{token}", views_guests.guest_page, name="workshop_guest"),
    Route(
        "/ateliers/invitation/{token}/rejoindre",
        views_guests.guest_join,
        methods=["GET", "POST"],
        name="workshop_guest_join",
    ),
    Route(
        "/ateliers/invitation/{token}/ticket",
        views_guests.guest_ticket,
        methods=["POST"],
        name="workshop_guest_ticket",
    ),
    Route("/ateliers/invitation/{token}/agenda.ics", views_guests.guest_calendar, name="workshop_guest_ics"),
    Route("/ateliers/{workshop_id:int}", views_list.workshop_page, name="workshop"),
    Route(
        "/ateliers/{workshop_id:int}/intervenantes-invitees",
        views_guests.manage,
        methods=["GET", "POST"],
        name="workshop_guests",
    ),
    Route(
        "/ateliers/{workshop_id:int}/intervenantes-invitees/{guest_id:int}/annuler",
        views_guests.revoke,
        methods=["POST"],
        name="workshop_guest_revoke",
    ),
    Route("/ateliers/{workshop_id:int}/repetition", views_rehearsal.rehearse, name="workshop_rehearsal"),
    Route(
        "/ateliers/{workshop_id:int}/repetition/ticket",
        views_rehearsal.rehearsal_ticket,
        methods=["POST"],
        name="workshop_rehearsal_ticket",
    ),
    Route(
        "/ateliers/{workshop_id:int}/inscription",
        views_member.register,
        methods=["POST"],
        name="workshop_register",
    ),
    Route(
        "/ateliers/{workshop_id:int}/desinscription",
        views_member.cancel,
        methods=["POST"],
        name="workshop_cancel",
    ),
    Route("/ateliers/{workshop_id:int}/agenda.ics", views_member.workshop_calendar_file, name="workshop_ics"),
    Route(
        "/ateliers/{workshop_id:int}/modifier",
        views_manage.edit,
        methods=["GET", "POST"],
        name="workshop_edit",
    ),
    Route(
        "/ateliers/{workshop_id:int}/publier", views_manage.publish, methods=["POST"], name="workshop_publish"
    ),
    Route(
        "/ateliers/{workshop_id:int}/annuler",
        views_manage.cancel_workshop,
        methods=["GET", "POST"],
        name="workshop_cancel_all",
    ),
    Route(
        "/ateliers/{workshop_id:int}/refuser",
        views_review.decline,
        methods=["GET", "POST"],
        name="workshop_decline",
    ),
    Route(
        "/ateliers/{workshop_id:int}/appel",
        views_attendance.roll_call,
        methods=["GET", "POST"],
        name="workshop_roll_call",
    ),
    Route(
        "/ateliers/{workshop_id:int}/rejoindre",
        tickets_web.join,
        methods=["GET", "POST"],
        name="workshop_join",
    ),
    Route(
        "/ateliers/{workshop_id:int}/ticket",
        tickets_web.fresh_ticket,
        methods=["POST"],
        name="workshop_ticket",
    ),
]

# The media node reports attendance with its own signed token, not a browser form.
csrf_exempt = ("/ateliers/presence",)
