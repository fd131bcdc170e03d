"""The MOOC's routes, as data. Fixed words come before the {module}/{lesson} patterns they would shadow."""

from __future__ import annotations

from starlette.routing import Mount, Route

from . import documents, interact, pages, stats

routes = [
    Route("/mooc", pages.catalogue, name="mooc"),
    Mount("/mooc", routes=[
        Route("/certificat/{code}", documents.verify_certificate, name="mooc_verify"),
        Route("/{course}", pages.course_page, name="mooc_course"),
        Route("/{course}/inscription", pages.enrol, methods=["POST"], name="mooc_enrol"),
        Route("/{course}/glossaire", pages.glossary, name="mooc_glossary"),
        Route("/{course}/fichiers/{path:path}", pages.course_file, name="mooc_file"),
        Route("/{course}/quiz/{quiz_id}", interact.answer_quiz, methods=["POST"], name="mooc_quiz"),
        Route("/{course}/calculateur/{calc_id}", interact.save_calculator, methods=["POST"], name="mooc_calc"),
        Route("/{course}/calculateur/{calc_id}/resultat", interact.calculator_result, name="mooc_calc_result"),
        Route("/{course}/certificat", documents.claim_certificate, methods=["POST"], name="mooc_certificate"),
        Route("/{course}/certificat.pdf", documents.certificate_download, name="mooc_certificate_pdf"),
        Route("/{course}/dossier", documents.dossier, name="mooc_dossier"),
        Route("/{course}/dossier.pdf", documents.dossier_download, name="mooc_dossier_pdf"),
        Route("/{course}/statistiques", stats.stats_page, name="mooc_stats"),
        Route("/{course}/{module}/controle", interact.check_page, name="mooc_check"),
        Route("/{course}/{module}/controle/commencer", interact.start_check, methods=["POST"], name="mooc_check_start"),
        Route("/{course}/{module}/controle/reponses", interact.submit_check, methods=["POST"], name="mooc_check_submit"),
        Route("/{course}/{module}/{lesson}", pages.lesson_page, name="mooc_lesson"),
        Route("/{course}/{module}/{lesson}/termine", pages.complete_lesson, methods=["POST"], name="mooc_complete"),
    ]),
]
