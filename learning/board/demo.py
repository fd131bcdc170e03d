"""Demo data for `entraide demo`: a lively board, with answered, solved and still-open needs.

Idempotent: does nothing once the first demo post exists. Uses the shell's demo members.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from learning.coordinations import demo as coordinations_demo
from learning.coordinations.directory import confirmed_coordination_id
from learning.db import Database, utcnow
from learning.models import Member
from learning.settings import Settings

from . import demo_home, services
from .models import Post

# (author, kind, title, body, themes, scope, [(answerer, text, hours after)], solved answer index or None)
POSTS = [
    (
        "amina",
        "besoin",
        "Quelle banque pour accompagner un prêt d'honneur ?",
        "Initiative France m'a accordé un **prêt d'honneur de 8 000 €**. Il me faut maintenant un prêt bancaire "
        "pour compléter. Quelles banques avez-vous trouvées à l'écoute en Île-de-France ?",
        ["financement"],
        "reseau",
        [
            (
                "claire",
                "Le Crédit Coopératif m'a suivie sans difficulté, avec le prêt d'honneur comme apport.",
                3,
            ),
            (
                "louise",
                "Pensez à demander une garantie France Active : les banques disent oui plus facilement. "
                "@claire.martin, c'est bien ce qui a convaincu votre banque ?",
                5,
            ),
        ],
        1,
    ),
    (
        "sophie",
        "question",
        "SAS ou SARL quand on est trois associées ?",
        "Nous lançons une activité de repas anti-gaspi à trois. La SAS semble plus souple, mais les charges "
        "sociales de la présidente nous inquiètent. Des retours d'expérience ?",
        ["juridique"],
        "reseau",
        [
            (
                "julie",
                "Nous avons choisi la SAS pour le pacte d'associées, et la présidente ne se rémunère pas la "
                "première année : pas de charges tant qu'il n'y a pas de salaire.",
                2,
            )
        ],
        0,
    ),
    (
        "claire",
        "offre",
        "Je relis vos fiches produits et vos pages de vente",
        "Dix ans en boutique en ligne : je propose de relire gratuitement vos fiches produits, une heure par "
        "semaine. Répondez ici avec le lien de votre boutique.",
        ["commercial", "numerique"],
        "reseau",
        [("amina", "Avec plaisir ! Ma page de coaching : je ne sais jamais quoi mettre en avant.", 6)],
        None,
    ),
    (
        "julie",
        "besoin",
        "Une comptable qui connaît les graphistes indépendantes ?",
        "Je passe de la micro-entreprise au régime réel l'an prochain. Je cherche une comptable habituée aux "
        "métiers créatifs, idéalement dans le Grand Est.",
        ["comptabilite"],
        "reseau",
        [],
        None,
    ),
    (
        "amina",
        "question",
        "Comment fixer mon tarif horaire de coach ?",
        "Je démarre en coaching de prise de parole. Entre 60 € et 150 € de l'heure, je ne sais pas où me placer. "
        "Comment avez-vous calculé le vôtre ?",
        ["commercial"],
        "reseau",
        [
            (
                "fatou",
                "Partez de ce qu'il vous faut gagner par mois, divisé par les heures vraiment facturables "
                "(souvent la moitié du temps de travail).",
                1,
            ),
            (
                "sophie",
                "Et testez : annoncez un prix, observez les réactions, ajustez au bout de dix devis.",
                4,
            ),
        ],
        None,
    ),
    (
        "sophie",
        "besoin",
        "Un local partagé pour cuisiner à Toulouse",
        "Nous cherchons une cuisine professionnelle à partager deux jours par semaine, autour de Toulouse.",
        ["locaux"],
        "locale",
        [("nadia", "La pépinière de Montaudran a une cuisine partagée : je vous mets en lien.", 8)],
        0,
    ),
    (
        "claire",
        "question",
        "Instagram ou newsletter pour une boutique de créatrices ?",
        "Je n'ai le temps que pour un seul canal. Lequel vous rapporte vraiment des ventes ?",
        ["communication"],
        "reseau",
        [],
        None,
    ),
    (
        "julie",
        "offre",
        "Je crée votre logo contre un coup de main en comptabilité",
        "Graphiste, je propose un échange de compétences : un logo contre deux heures d'aide sur mes déclarations.",
        ["communication", "comptabilite"],
        "reseau",
        [("louise", "Je suis partante pour l'échange ! Je vous écris.", 2)],
        None,
    ),
    (
        "amina",
        "besoin",
        "Garde d'enfants pendant les ateliers du soir",
        "Comment faites-vous garder vos enfants quand vous animez le soir ? Des solutions partagées entre "
        "entrepreneuses ?",
        ["equilibre"],
        "reseau",
        [],
        None,
    ),
    (
        "fatou",
        "offre",
        "Une heure pour revoir votre profil LinkedIn",
        "J'anime les ateliers réseaux sociaux : je propose une heure en visio pour relire votre profil LinkedIn "
        "et votre titre. Trois créneaux par mois, répondez ici.",
        ["communication", "numerique"],
        "reseau",
        [("claire", "Je veux bien un créneau : mon titre ne dit pas ce que je fais.", 5)],
        None,
    ),
    (
        "claire",
        "besoin",
        "Une avocate pour relire mes conditions générales de vente",
        "Ma boutique en ligne grandit et mes CGV viennent d'un modèle trouvé en ligne. Connaissez-vous une avocate "
        "qui relit à prix fixé d'avance ?",
        ["juridique", "commercial"],
        "reseau",
        [
            (
                "nadia",
                "Beaucoup de CCI et de maisons de l'avocat tiennent des permanences gratuites : une bonne première "
                "étape avant une relecture payante.",
                4,
            )
        ],
        0,
    ),
    (
        "sophie",
        "question",
        "Comment présenter notre prévisionnel à la banque ?",
        "Rendez-vous bancaire dans quinze jours. Document imprimé, tableur, présentation ? Qu'est-ce qui vous a "
        "aidées ?",
        ["financement"],
        "reseau",
        [
            (
                "louise",
                "Un dossier court : le projet en une page, le plan de financement, le compte de résultat "
                "prévisionnel et la trésorerie de la première année. Le module « Convaincre les financeurs » "
                "du MOOC vous guide pas à pas.",
                3,
            ),
            ("amina", "Répétez à voix haute avec une amie qui joue la banquière : ça change tout.", 6),
        ],
        0,
    ),
    (
        "julie",
        "question",
        "Facturer une agence à l'étranger en micro-entreprise ?",
        "Une agence belge veut me confier des illustrations. Quelles mentions mettre sur la facture, et comment "
        "faire pour la TVA ?",
        ["comptabilite", "juridique"],
        "reseau",
        [],
        None,
    ),
    (
        "amina",
        "offre",
        "Entraînement au pitch le jeudi midi",
        "Je propose un entraînement au pitch en petit groupe, en ligne, le jeudi de 12h30 à 13h30. Venez avec "
        "trois minutes de présentation : vous repartez avec des retours bienveillants.",
        ["commercial"],
        "reseau",
        [
            ("sophie", "Nous venons à deux jeudi prochain, merci !", 2),
            ("julie", "Très bonne idée, je viens la semaine suivante.", 7),
        ],
        None,
    ),
    (
        "sophie",
        "besoin",
        "Des testeuses pour nos plats anti-gaspi",
        "Nous cherchons une dizaine de personnes autour de Toulouse pour goûter trois recettes et répondre à un "
        "court questionnaire.",
        ["commercial"],
        "locale",
        [],
        None,
    ),
    (
        "claire",
        "question",
        "Quel outil pour suivre ma trésorerie chaque semaine ?",
        "Un tableur suffit-il, ou un outil en ligne vaut-il son abonnement ?",
        ["comptabilite", "numerique"],
        "reseau",
        [
            (
                "fatou",
                "Un tableur avec une ligne par semaine et les encaissements attendus : je n'ai pas eu besoin de "
                "plus la première année.",
                2,
            )
        ],
        0,
    ),
]
EMAILS = {
    "amina": "amina@entraide.test",
    "claire": "claire@entraide.test",
    "sophie": "sophie@entraide.test",
    "julie": "julie@entraide.test",
    "louise": "intervenante@entraide.test",
    "fatou": "intervenante2@entraide.test",
    "nadia": "coordinatrice@entraide.test",
}


async def load(db: Database, settings: Settings) -> None:
    # « Locale » posts go to their author's coordination: the coordinations' demo (idempotent) comes first.
    await coordinations_demo.load(db, settings)
    await demo_home.load_needs(db)
    async with db.session() as session:
        if await session.scalar(select(Post.id).where(Post.title == POSTS[0][2])) is not None:
            return
        members: dict[str, Member] = {}
        for key, email in EMAILS.items():
            member = await session.scalar(select(Member).where(Member.email == email))
            if member is None:
                return  # the shell's demo members are missing: nothing sensible to attach posts to
            members[key] = member
        now = utcnow()
        for index, (author, kind, title, body, themes, scope, answers, solved) in enumerate(POSTS):
            started = now - timedelta(days=len(POSTS) - index, hours=index * 2)
            post = await services.create_post(
                session,
                members[author],
                services.PostInput(kind=kind, title=title, body=body, themes=themes, scope=scope),
                await confirmed_coordination_id(session, members[author].id),
            )
            post.created_at = post.last_activity_at = started
            written = []
            for who, text, hours in answers:
                answer = await services.add_answer(session, members[who], post, text)
                answer.created_at = started + timedelta(hours=hours)
                written.append(answer)
            await session.flush()
            post.last_activity_at = max([started, *(a.created_at for a in written)])
            if solved is not None:
                await services.mark_solved(session, post, written[solved])
            if written and written[0].author_id != post.author_id:
                await services.thank(session, members[author], written[0])
        await session.commit()
