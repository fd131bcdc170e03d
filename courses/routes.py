"""The MOOC's routes, as data. Fixed words come before the {module}/{lesson} patterns they would shadow."""

from __future__ import annotations

from starlette.routing import Mount, Route

from . import stats, views_documents, views_interact, views_pages, views_toolbox

routes = [
    Route("/mooc", views_pages.catalogue, name="mooc"),
    Mount(
        "/mooc",
        routes=[
            Route("/certificat/{code}", views_documents.verify_certificate, name="mooc_verify"),
            Route("/{course}", views_pages.course_page, name="mooc_course"),
            Route("/{course}/inscription", views_pages.enrol, methods=["POST"], name="mooc_enrol"),
            Route("/{course}/glossaire", views_pages.glossary, name="mooc_glossary"),
            Route("/{course}/boite-a-outils", views_toolbox.toolbox, name="mooc_toolbox"),
            Route("/{course}/fichiers/{path:path}", views_pages.course_file, name="mooc_file"),
            Route("/{course}/quiz/{quiz_id}", views_interact.answer_quiz, methods=["POST"], name="mooc_quiz"),
            Route(
                "/{course}/calculateur/{calc_id}",
                views_interact.save_calculator,
                methods=["POST"],
                name="mooc_calc",
            ),
            Route(
                "/{course}/calculateur/{calc_id}/resultat",
                views_interact.calculator_result,
                name="mooc_calc_result",
            ),
            Route(
                "/{course}/certificat",
                views_documents.claim_certificate,
                methods=["POST"],
                name="mooc_certificate",
            ),
            Route(
                "/{course}/certificat.pdf", views_documents.certificate_download, name="mooc_certificate_pdf"
            ),
            Route("/{course}/dossier", views_documents.dossier, name="mooc_dossier"),
            Route("/{course}/dossier.pdf", views_documents.dossier_download, name="mooc_dossier_pdf"),
            Route("/{course}/statistiques", stats.stats_page, name="mooc_stats"),
            Route("/{course}/{module}/controle", views_interact.check_page, name="mooc_check"),
            Route(
                "/{course}/{module}/controle/commencer",
                views_interact.start_check,
                methods=["POST"],
                name="mooc_check_start",
            ),
            Route(
                "/{course}/{module}/controle/reponses",
                views_interact.submit_check,
                methods=["POST"],
                name="mooc_check_submit",
            ),
            Route("/{course}/{module}/{lesson}", views_pages.lesson_page, name="mooc_lesson"),
            Route(
                "/{course}/{module}/{lesson}/termine",
                views_pages.complete_lesson,
                methods=["POST"],
                name="mooc_complete",
            ),
        ],
    ),
]
