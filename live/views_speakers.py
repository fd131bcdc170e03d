"""Speakers' pages (issue 20): reprogram a workshop, its feedback, its handouts, her speaker page and the
directory of speakers. Models in live.speaker_models; the rules in live.series, live.feedback, live.handouts."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from learning import forms
from learning.auth import login_required, roles_required, signed_in
from learning.db import utcnow
from learning.models import MANAGER_ROLES, SPEAKER_ROLES, Member
from learning.state import app_state
from learning.templating import render
from live import feedback, handouts, series
from live.models import THEMES, Registration, Workshop
from live.permissions import can_manage, workshop_from_path
from live.speaker_models import USEFUL_LEVELS, Handout, SpeakerProfile

_may_lead = handouts.may_lead
may_read_handouts = handouts.may_read


# « Reprogrammer cet atelier »


@login_required
async def repeat(request: Request) -> Response:
    member = signed_in(request)
    now = utcnow()
    async with app_state(request).db.session() as session:
        source = await workshop_from_path(request, session)
        if not _may_lead(source, member):
            raise HTTPException(
                403, "Seules ses intervenantes et la coordination peuvent reprogrammer cet atelier."
            )
        values = series.initial_values(source)
        errors: dict[str, str] = {}
        if request.method == "POST":
            parsed = series.read(await request.form(), now)
            values, errors = parsed.values, parsed.errors
            if not errors:
                publish = can_manage(member)
                made = await series.copy_workshop(session, source, parsed.starts, publish=publish)
                await session.commit()
                if len(made) == 1:
                    return RedirectResponse(f"/ateliers/{made[0].id}?msg=reprogramme", status_code=303)
                return RedirectResponse(f"/intervenantes/moi?serie={len(made)}", status_code=303)
        waiting = await session.scalar(
            select(func.count())
            .select_from(Registration)
            .where(Registration.workshop_id == source.id, Registration.status == "waitlisted")
        )
    return render(
        request,
        "live/repeat.html",
        {
            "workshop": source,
            "form": values,
            "errors": errors,
            "patterns": series.PATTERNS,
            "max_occurrences": series.MAX_OCCURRENCES,
            "waiting": waiting or 0,
            "publish": can_manage(member),
        },
        status_code=400 if errors else 200,
    )


# Feedback


@login_required
async def feedback_form(request: Request) -> Response:
    member = signed_in(request)
    now = utcnow()
    async with app_state(request).db.session() as session:
        workshop = await workshop_from_path(request, session)
        if not await feedback.may_answer(session, workshop, member.id):
            raise HTTPException(
                403, "Seules les participantes présentes à cet atelier peuvent donner leur avis."
            )
        answered = await feedback.has_answered(session, workshop.id, member.id)
        values = {"useful": "", "deeper": "", "comment": ""}
        errors: dict[str, str] = {}
        status = 200
        if request.method == "POST" and not answered:
            if not feedback.window_open(workshop, now):
                errors["_"] = "Le formulaire n'est pas ouvert : il l'est pendant 30 jours après l'atelier."
                status = 400
            else:
                parsed = feedback.read(await request.form())
                values, errors = parsed.values, parsed.errors
                if errors:
                    status = 400
                else:
                    await feedback.save(session, workshop.id, member.id, parsed)
                    return RedirectResponse(f"/ateliers/{workshop.id}/avis?merci=1", status_code=303)
    return render(
        request,
        "live/feedback_form.html",
        {
            "workshop": workshop,
            "answered": answered,
            "open": feedback.window_open(workshop, now),
            "form": values,
            "errors": errors,
            "levels": USEFUL_LEVELS,
            "thanks": request.query_params.get("merci") == "1",
        },
        status_code=status,
    )


@login_required
async def feedback_results(request: Request) -> Response:
    member = signed_in(request)
    async with app_state(request).db.session() as session:
        workshop = await workshop_from_path(request, session)
        if not _may_lead(workshop, member):
            raise HTTPException(
                403, "Les retours d'un atelier sont réservés à ses intervenantes et à la coordination."
            )
        found = await feedback.summary(session, workshop.id)
        present = (await feedback.present_counts(session, [workshop.id])).get(workshop.id, 0)
    return render(
        request,
        "live/feedback_results.html",
        {
            "workshop": workshop,
            "summary": found,
            "present": present,
            "levels": USEFUL_LEVELS,
            "min_shown": feedback.MIN_SHOWN,
        },
    )


@roles_required(*MANAGER_ROLES)
async def feedback_overview(request: Request) -> Response:
    """The coordination's figures across workshops of the last twelve months: no comments, only counts."""
    now = utcnow()
    async with app_state(request).db.session() as session:
        held = list(
            await session.scalars(
                select(Workshop)
                .where(
                    Workshop.status == "published",
                    Workshop.starts_at < now,
                    Workshop.starts_at > now - timedelta(days=365),
                )
                .order_by(Workshop.starts_at.desc())
            )
        )
        ids = [w.id for w in held]
        present = await feedback.present_counts(session, ids)
        counts = await feedback.counts(session, ids)
        names = dict(
            (
                await session.execute(
                    select(Member.id, Member.name).where(
                        Member.id.in_([w.host_id for w in held if w.host_id] or [0])
                    )
                )
            ).all()
        )
    totals = {key: sum(c[key] for c in counts.values()) for key in USEFUL_LEVELS}
    return render(
        request,
        "live/feedback_overview.html",
        {
            "workshops": held,
            "present": present,
            "counts": counts,
            "names": names,
            "levels": USEFUL_LEVELS,
            "totals": totals,
            "answers": sum(totals.values()),
        },
    )


# Handouts


def _back(workshop: Workshop, msg: str) -> RedirectResponse:
    return RedirectResponse(f"/ateliers/{workshop.id}?msg={msg}#supports", status_code=303)


@login_required
async def add_handout(request: Request) -> Response:
    member = signed_in(request)
    settings = app_state(request).settings
    async with app_state(request).db.session() as session:
        workshop = await workshop_from_path(request, session)
        if not _may_lead(workshop, member) or workshop.status == "cancelled":
            raise HTTPException(
                403, "Seules les intervenantes de l'atelier et la coordination ajoutent des supports."
            )
        # A part may be as big as the whole body the CSRF layer lets through: the size rule is checked
        # below, with a French message. The form is closed at once (a big upload is spooled to disk).
        async with request.form(max_part_size=handouts.MAX_SIZE * 2) as form:
            title = forms.text(form, "title", max_length=160)
            url = forms.text(form, "url", max_length=2000)
            upload = form.get("file")
            data = b""
            filename = ""
            if isinstance(upload, UploadFile) and upload.filename:
                filename = handouts.safe_filename(upload.filename)
                data = await upload.read(handouts.MAX_SIZE + 1)
        errors: dict[str, str] = {}
        if filename and url:
            errors["url"] = "Ajoutez soit un fichier, soit un lien : pas les deux à la fois."
        elif filename:
            if problem := handouts.file_problem(filename, data):
                errors["file"] = problem
        elif url:
            if problem := handouts.url_problem(url):
                errors["url"] = problem
        else:
            errors["file"] = "Choisissez un fichier, ou indiquez un lien."
        existing = await handouts.for_workshop(session, workshop.id)
        if len(existing) >= handouts.PER_WORKSHOP:
            errors["_"] = (
                f"Un atelier garde au plus {handouts.PER_WORKSHOP} supports : retirez-en un d'abord."
            )
        if errors:
            return render(
                request,
                "live/handout_error.html",
                {"workshop": workshop, "errors": errors, "accepted": handouts.ACCEPTED},
                status_code=413 if "10 Mo" in errors.get("file", "") else 400,
            )
        handout = Handout(
            workshop_id=workshop.id, title=title or filename or url[:160], added_by_id=member.id
        )
        if filename:
            extension = filename.rsplit(".", 1)[-1].lower()
            handout.filename = filename
            handout.mimetype = handouts.KINDS[extension].mimetype
            handout.size = len(data)
            handout.stored_name = handouts.store(settings, workshop.id, data)
        else:
            handout.url = url
        session.add(handout)
        await session.commit()
    return _back(workshop, "support-ajoute")


async def _handout_from_path(request: Request, session: AsyncSession, workshop: Workshop) -> Handout:
    handout_id = request.path_params["handout_id"]
    handout = await session.get(Handout, handout_id) if 0 < handout_id < 2**31 else None
    if handout is None or handout.workshop_id != workshop.id:
        raise HTTPException(404, "Ce support n'existe pas, ou plus.")
    return handout


@login_required
async def remove_handout(request: Request) -> Response:
    member = signed_in(request)
    settings = app_state(request).settings
    async with app_state(request).db.session() as session:
        workshop = await workshop_from_path(request, session)
        if not _may_lead(workshop, member):
            raise HTTPException(
                403, "Seules les intervenantes de l'atelier et la coordination retirent des supports."
            )
        handout = await _handout_from_path(request, session, workshop)
        await session.delete(handout)
        await session.commit()
    handouts.remove_file(settings, handout)
    return _back(workshop, "support-retire")


@login_required
async def download_handout(request: Request) -> Response:
    member = signed_in(request)
    settings = app_state(request).settings
    async with app_state(request).db.session() as session:
        workshop = await workshop_from_path(request, session)
        if not await may_read_handouts(session, workshop, member):
            raise HTTPException(403, "Les supports de cet atelier sont réservés à ses inscrites.")
        handout = await _handout_from_path(request, session, workshop)
    if not handout.is_file:
        return RedirectResponse(handout.url, status_code=303)
    path = handouts.path_of(settings, handout)
    if not path.is_file():
        raise HTTPException(404, "Ce support n'existe plus.")
    return FileResponse(
        path,
        media_type=handout.mimetype,
        filename=handout.filename,
        content_disposition_type="attachment",
        headers={"Cache-Control": "private, no-store"},
    )


# Her speaker page and the directory


async def _profile(session: AsyncSession, member_id: int) -> SpeakerProfile | None:
    return await session.get(SpeakerProfile, member_id)


@roles_required(*SPEAKER_ROLES)
async def speaker_page(request: Request) -> Response:
    member = signed_in(request)
    now = utcnow()
    async with app_state(request).db.session() as session:
        mine = list(
            await session.scalars(
                select(Workshop)
                .where(
                    or_(Workshop.host_id == member.id, Workshop.cohost_id == member.id),
                    Workshop.status != "cancelled",
                )
                .order_by(Workshop.starts_at)
            )
        )
        ids = [w.id for w in mine]
        by_status = {
            (workshop_id, status): n
            for workshop_id, status, n in (
                await session.execute(
                    select(Registration.workshop_id, Registration.status, func.count())
                    .where(Registration.workshop_id.in_(ids or [0]))
                    .group_by(Registration.workshop_id, Registration.status)
                )
            ).all()
        }
        present = await feedback.present_counts(session, ids)
        counts = await feedback.counts(session, ids)
        profile = await _profile(session, member.id)
    return render(
        request,
        "live/speaker_page.html",
        {
            "upcoming": [w for w in mine if not w.is_over(now)],
            "past": [w for w in mine if w.is_over(now)][::-1],
            "by_status": by_status,
            "present": present,
            "counts": counts,
            "levels": USEFUL_LEVELS,
            "min_shown": feedback.MIN_SHOWN,
            "profile": profile,
            "themes": {k: v for k, v in THEMES.items() if k != "rencontre"},
            "series_made": request.query_params.get("serie", ""),
            "saved": request.query_params.get("profil") == "1",
            "errors": {},
        },
    )


@roles_required(*SPEAKER_ROLES)
async def save_profile(request: Request) -> Response:
    member = signed_in(request)
    form = await request.form()
    chosen = [key for key in form.getlist("themes") if isinstance(key, str) and key in THEMES]
    async with app_state(request).db.session() as session:
        profile = await _profile(session, member.id)
        if profile is None:
            profile = SpeakerProfile(member_id=member.id)
            session.add(profile)
        profile.listed = form.get("listed") == "1"
        profile.bio = forms.text(form, "bio", max_length=2000)
        profile.themes = ",".join(dict.fromkeys(chosen))
        profile.updated_at = utcnow()
        await session.commit()
    return RedirectResponse("/intervenantes/moi?profil=1#profil", status_code=303)


@roles_required(*MANAGER_ROLES)
async def directory(request: Request) -> Response:
    """« Trouver une intervenante »: the speakers who chose to be listed, by theme."""
    theme = request.query_params.get("theme", "")
    async with app_state(request).db.session() as session:
        rows = (
            await session.execute(
                select(SpeakerProfile, Member)
                .join(Member, Member.id == SpeakerProfile.member_id)
                .where(SpeakerProfile.listed.is_(True))
                .order_by(Member.name)
            )
        ).all()
        held = dict(
            (
                await session.execute(
                    select(Workshop.host_id, func.count())
                    .where(Workshop.status == "published", Workshop.starts_at < utcnow())
                    .group_by(Workshop.host_id)
                )
            ).all()
        )
    found = [(p, m) for p, m in rows if not theme or theme in p.theme_keys]
    return render(
        request,
        "live/speakers.html",
        {
            "speakers": found,
            "held": held,
            "themes": {k: v for k, v in THEMES.items() if k != "rencontre"},
            "all_themes": THEMES,
            "theme": theme if theme in THEMES else "",
        },
    )


@login_required
async def speaker_profile(request: Request) -> Response:
    viewer = signed_in(request)
    member_id = request.path_params["member_id"]
    now = utcnow()
    async with app_state(request).db.session() as session:
        profile = await session.get(SpeakerProfile, member_id) if 0 < member_id < 2**31 else None
        speaker = await session.get(Member, member_id) if profile is not None else None
        if profile is None or speaker is None or not (profile.listed or viewer.id == member_id):
            raise HTTPException(404, "Cette intervenante n'a pas de profil public.")
        held = list(
            await session.scalars(
                select(Workshop)
                .where(
                    or_(Workshop.host_id == member_id, Workshop.cohost_id == member_id),
                    Workshop.status == "published",
                )
                .order_by(Workshop.starts_at.desc())
                .limit(30)
            )
        )
    return render(
        request,
        "live/speaker_profile.html",
        {
            "profile": profile,
            "speaker": speaker,
            "past": [w for w in held if w.is_over(now)],
            "upcoming": [w for w in held if not w.is_over(now)][::-1],
            "all_themes": THEMES,
        },
    )
