"""The routes of live.views_speakers, appended to live.routes."""

from __future__ import annotations

from starlette.routing import Route

from live import views_speakers as v

routes = [
    Route("/ateliers/retours", v.feedback_overview, name="workshop_feedback_overview"),
    Route(
        "/ateliers/{workshop_id:int}/reprogrammer", v.repeat, methods=["GET", "POST"], name="workshop_repeat"
    ),
    Route(
        "/ateliers/{workshop_id:int}/avis", v.feedback_form, methods=["GET", "POST"], name="workshop_feedback"
    ),
    Route("/ateliers/{workshop_id:int}/retours", v.feedback_results, name="workshop_feedback_results"),
    Route(
        "/ateliers/{workshop_id:int}/supports", v.add_handout, methods=["POST"], name="workshop_handout_add"
    ),
    Route(
        "/ateliers/{workshop_id:int}/supports/{handout_id:int}",
        v.download_handout,
        name="workshop_handout",
    ),
    Route(
        "/ateliers/{workshop_id:int}/supports/{handout_id:int}/retirer",
        v.remove_handout,
        methods=["POST"],
        name="workshop_handout_remove",
    ),
    Route("/intervenantes", v.directory, name="speakers"),
    Route("/intervenantes/moi", v.speaker_page, name="speaker_page"),
    Route("/intervenantes/moi/profil", v.save_profile, methods=["POST"], name="speaker_profile_save"),
    Route("/intervenantes/{member_id:int}", v.speaker_profile, name="speaker_profile"),
]
