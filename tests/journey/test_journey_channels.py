"""The journey's conversation over real HTTP: Telegram (fake Bot API) and WhatsApp (fake Graph API).

The same steps as on the console, through `cadre run`'s Service and its real channels: a
session prompt sent by the claimed job and answered, a text kept for the session with
/seance, a report drafted by the mentor with /rapport whose three choices are buttons
(inline keyboard on Telegram, reply buttons on WhatsApp) carrying
`journey:report:<id>:<sha>:<answer>`, a change asked for and sent to the mentor, the
revised text validated by a tap, an old button refused, a pause, then /export and
/effacer with the journey in them.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import httpx

from bot.app import load_setup
from bot.domain import Consent, Mentee, UserRef
from bot.journey.programme import Programme, Session
from bot.journey.report import ReportState
from bot.runtime.clock import ManualClock
from bot.runtime.environment import RunEnvironment
from bot.runtime.service import Service
from bot.storage import MemoryStore
from bot.storage.journey_memory import MemoryJourneyStore
from tests.conftest import paris
from tests.e2e import clock_sleep, mentor_on, wait_until
from tests.fakes import whatsapp_payloads as wa
from tests.fakes.graph_api import PHONE_NUMBER_ID, FakeGraphApi
from tests.fakes.graph_api import TOKEN as GRAPH_TOKEN
from tests.fakes.telegram_api import FakeTelegramApi

TG_TOKEN = "123456:TEST-token"
APP_SECRET = "journey-app-secret"
ALIAS = "A-17"
MENTEE_TG, MENTOR_TG = 4242, 5151
MENTEE_WA, MENTOR_WA = "33611111111", "33622222222"


class Platform(Protocol):
    mentee: UserRef

    async def say(self, who: str, text: str) -> None: ...

    async def tap(self, who: str, value: str, title: str) -> None: ...

    def texts(self, who: str) -> list[str]: ...

    def buttons(self, who: str) -> list[tuple[str, str]]:
        """(value, label) of the last message with buttons to `who`."""
        ...


class OnTelegram:
    def __init__(self, api: FakeTelegramApi, service: Service) -> None:
        self.api, self.service = api, service
        self.mentee = UserRef("telegram", str(MENTEE_TG))
        self.next_id = 1

    def _chat(self, who: str) -> int:
        return MENTEE_TG if who == "mentee" else MENTOR_TG

    def _sends(self, who: str) -> list[dict[str, Any]]:
        return [
            c.params
            for c in self.api.calls
            if c.method == "sendMessage" and int(c.params["chat_id"]) == self._chat(who)
        ]

    async def _push(self, update: dict[str, Any]) -> None:
        self.api.queue_update(update)
        # Acknowledged by the next poll's offset once the channel has recorded it; then handled.
        await wait_until(
            lambda: all(u["update_id"] != update["update_id"] for u in self.api._updates), "the update taken"
        )
        for channel in self.service.channels:
            await channel.wait_idle()  # type: ignore[attr-defined]

    async def say(self, who: str, text: str) -> None:
        chat = self._chat(who)
        message: dict[str, Any] = {
            "message_id": self.next_id * 10,
            "date": 1_790_000_000,
            "chat": {"id": chat, "type": "private"},
            "from": {"id": chat, "is_bot": False, "first_name": "X", "language_code": "fr"},
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        self.next_id += 1
        await self._push({"update_id": self.next_id, "message": message})

    async def tap(self, who: str, value: str, title: str) -> None:
        chat = self._chat(who)
        self.next_id += 1
        await self._push(
            {
                "update_id": self.next_id,
                "callback_query": {
                    "id": f"cb{self.next_id}",
                    "chat_instance": "ci",
                    "data": value,
                    "from": {"id": chat, "is_bot": False, "first_name": "X", "language_code": "fr"},
                    "message": {
                        "message_id": 5,
                        "date": 1_790_000_000,
                        "chat": {"id": chat, "type": "private"},
                        "from": {"id": 1, "is_bot": True, "first_name": "Cadre"},
                        "text": "…",
                    },
                },
            }
        )

    def texts(self, who: str) -> list[str]:
        return [str(p.get("text", "")) for p in self._sends(who)]

    def buttons(self, who: str) -> list[tuple[str, str]]:
        with_keyboard = [p for p in self._sends(who) if p.get("reply_markup")]
        rows = with_keyboard[-1]["reply_markup"]["inline_keyboard"]
        return [(row[0]["callback_data"], row[0]["text"]) for row in rows]


class OnWhatsApp:
    def __init__(self, graph: FakeGraphApi, service: Service, clock: ManualClock) -> None:
        self.graph, self.service, self.clock = graph, service, clock
        self.mentee = UserRef("whatsapp", MENTEE_WA)

    def _number(self, who: str) -> str:
        return MENTEE_WA if who == "mentee" else MENTOR_WA

    async def _post(self, message: dict[str, Any]) -> None:
        body = wa.encode(wa.messages(message))
        async with httpx.AsyncClient() as client:
            response = await client.post(
                f"http://127.0.0.1:{self.service.server.port}/webhooks/whatsapp",
                content=body,
                headers={
                    "Content-Type": "application/json",
                    "X-Hub-Signature-256": wa.sign(body, APP_SECRET),
                },
            )
        assert response.status_code == 200
        for channel in self.service.channels:
            await channel.wait_idle()  # type: ignore[attr-defined]

    async def say(self, who: str, text: str) -> None:
        await self._post(wa.text(self._number(who), text, at=self.clock.now()))

    async def tap(self, who: str, value: str, title: str) -> None:
        await self._post(wa.button_reply(self._number(who), value, title, at=self.clock.now()))

    def _to(self, who: str) -> list[dict[str, Any]]:
        return [m for m in self.graph.messages if m.get("to") == self._number(who)]

    def texts(self, who: str) -> list[str]:
        found = []
        for message in self._to(who):
            if message.get("type") == "text":
                found.append(message["text"]["body"])
            elif message.get("type") == "interactive":
                found.append(message["interactive"]["body"]["text"])
        return found

    def buttons(self, who: str) -> list[tuple[str, str]]:
        interactive = [m for m in self._to(who) if m.get("type") == "interactive"]
        buttons = interactive[-1]["interactive"]["action"]["buttons"]
        return [(b["reply"]["id"], b["reply"]["title"]) for b in buttons]


def programme() -> Programme:
    starts = ("2027-01-18T14:00", "2027-02-08T14:00", "2027-03-01T14:00")
    sessions = tuple(Session(n, paris(s)) for n, s in enumerate(starts, start=1))
    return Programme(
        ALIAS, date(2027, 1, 11), date(2027, 3, 6), sessions, ("Déléguer",), "sponsor-nord", "mentor"
    )


async def journey_on(name: str, project: Path, tmp_path: Path, fake: FakeTelegramApi | FakeGraphApi) -> None:
    clock = ManualClock(paris("2027-01-13T13:59"))  # a Wednesday, the mentor's window open
    if isinstance(fake, FakeTelegramApi):
        config = mentor_on(project, "telegram", str(MENTOR_TG))
        env = RunEnvironment(http_port=0, telegram_token=TG_TOKEN, telegram_base_url=fake.base_url)
        mentee = UserRef("telegram", str(MENTEE_TG))
    else:
        config = mentor_on(project, "whatsapp", MENTOR_WA)
        env = RunEnvironment(
            http_port=0,
            whatsapp_token=GRAPH_TOKEN,
            whatsapp_phone_number_id=PHONE_NUMBER_ID,
            whatsapp_app_secret=APP_SECRET,
            whatsapp_verify_token="verify",
            whatsapp_api_base_url=fake.base_url,
        )
        mentee = UserRef("whatsapp", MENTEE_WA)
    store, journey = MemoryStore(), MemoryJourneyStore()
    setup = load_setup(config)
    enrolled_at = paris("2027-01-05T10:00")
    consent = Consent(setup.settings.charter.version, enrolled_at)
    await store.save_mentee(Mentee(mentee, ALIAS, "mentor", "fr", enrolled_at, consent=consent))
    await journey.save_programme(programme())
    service = Service(
        setup, store, clock, env, sleep=clock_sleep(clock), journey=journey, data_dir=tmp_path / "data"
    )
    await service.server.start()
    for channel in service.channels:
        await channel.start(service.on_message, service.outbox.on_status)
    platform: Platform = (
        OnTelegram(fake, service) if isinstance(fake, FakeTelegramApi) else OnWhatsApp(fake, service, clock)
    )
    try:
        if name == "whatsapp":
            await platform.say("mentee", "/aide")  # the mentee's 24-hour window opens
            await platform.say("mentor", "/aide")
        # The prompt, by the scheduler's claimed job, at 14 h a day before the mentor's Friday
        # agenda for session 1 (three days before would be that Friday).
        clock.set(paris("2027-01-13T14:00"))
        await service.scheduler.run_prompts()
        await service.outbox.flush()
        assert platform.texts("mentee")[-1].startswith("Votre séance 1 a lieu lundi 18 janvier 2027, 14 h.")
        await platform.say("mentee", "Le point sur la délégation")
        assert (
            platform.texts("mentee")[-1] == "Merci, c'est noté pour la séance du lundi 18 janvier 2027, 14 h."
        )
        await platform.say("mentee", "/seance Mes priorités du trimestre")
        assert platform.texts("mentee")[-1] == "C'est noté pour votre séance 1, lundi 18 janvier 2027, 14 h."
        assert [e.text for e in await journey.agenda_entries(ALIAS, 1)] == [
            "Le point sur la délégation",
            "Mes priorités du trimestre",
        ]

        # The mentor drafts the report; the mentee gets the exact text with three buttons.
        await platform.say("mentor", "/rapport B-99 Un texte")
        assert platform.texts("mentor")[-1].startswith("Aucune personne que vous accompagnez")
        await platform.say("mentor", f"/rapport {ALIAS} La délégation progresse nettement.")
        assert platform.texts("mentor")[-1].startswith(f"Rapport {ALIAS}-r1 (version 1) envoyé")
        await service.outbox.flush()
        assert "La délégation progresse nettement." in platform.texts("mentee")[-1]
        (report,) = (await journey.records(ALIAS)).reports
        first = platform.buttons("mentee")
        assert [v for v, _t in first] == [
            f"journey:report:{report.id}:{report.sha256[:16]}:{a}" for a in ("validate", "change", "refuse")
        ]
        await platform.tap("mentee", first[1][0], first[1][1])
        assert platform.texts("mentee")[-1].startswith("Quelle modification souhaitez-vous ?")
        await platform.say("mentee", "Retirez « nettement ».")
        assert platform.texts("mentee")[-1].startswith("Votre demande a été transmise")
        await service.outbox.flush()
        assert (
            platform.texts("mentor")[-1]
            == f"{ALIAS} demande une modification du rapport {report.id} : Retirez « nettement »."
        )

        # Revised and sent again: the old button shows the current text again, the new one validates.
        await platform.say("mentor", f"/rapport {ALIAS} La délégation progresse.")
        await service.outbox.flush()
        second = platform.buttons("mentee")
        await platform.tap("mentee", first[0][0], first[0][1])
        assert platform.texts("mentee")[-2].startswith("Le texte de ce rapport a changé depuis le message")
        assert "La délégation progresse." in platform.texts("mentee")[-1]
        assert platform.buttons("mentee") == second
        await platform.tap("mentee", second[0][0], second[0][1])
        assert platform.texts("mentee")[-1].startswith(
            "Merci : vous avez validé ce texte le mercredi 13 janvier 2027"
        )
        validated = await journey.get_report(ALIAS, report.id)
        assert validated is not None and validated.state is ReportState.VALIDATED and validated.version == 2
        await service.outbox.flush()
        assert platform.texts("mentor")[-1].startswith(f"{ALIAS} a validé le rapport {report.id}")

        # A pause, then the rights: the export carries the journey, erasure removes it.
        await platform.say("mentee", "/pause 01/02")
        assert platform.texts("mentee")[-1].startswith("C'est noté : plus de rappels")
        await platform.say("mentee", "/export")
        export = [e for e in await store.list_outbox() if e.outbound.attachment is not None]
        assert export == [], "an export is never copied into the outbox"
        await platform.say("mentee", "/effacer")
        choices = platform.buttons("mentee")
        await platform.tap("mentee", choices[0][0], choices[0][1])
        assert (await journey.records(ALIAS)).is_empty
        assert await store.get_mentee(mentee) is None
    finally:
        await service.stop()


async def test_the_journey_on_telegram(project: Path, tmp_path: Path, fake_telegram: FakeTelegramApi) -> None:
    telegram = fake_telegram
    await journey_on("telegram", project, tmp_path, telegram)
    documents = [c for c in telegram.calls_to("sendDocument") if int(c.params["chat_id"]) == MENTEE_TG]
    exported = json.loads(
        next(body for name, body in (d.files["document"] for d in documents) if name.endswith(".json"))
    )
    assert exported["journey"]["programme"]["alias"] == ALIAS
    assert [e["text"] for e in exported["journey"]["agenda"]] == [
        "Le point sur la délégation",
        "Mes priorités du trimestre",
    ]
    assert exported["journey"]["reports"][0]["state"] == "validated"


async def test_the_journey_on_whatsapp(project: Path, tmp_path: Path, fake_graph: FakeGraphApi) -> None:
    graph = fake_graph
    await journey_on("whatsapp", project, tmp_path, graph)
    uploads = [c for c in graph.calls if c.path.endswith("/media")]
    exported = json.loads(next(f[2] for c in uploads for f in c.files.values() if f[0].endswith(".json")))
    assert exported["journey"]["reports"][0]["validation"]["sha256"]
