"""The organizers' question pages: who may open them, the moderation queue, the presenter
screen and the speaker's printable sheet. Every change goes through events.questions."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from events.enums import AuditAction, EventStatus, QuestionStatus
from events.models import AuditEntry, Question, Vote
from events.questions import rules as question_rules
from events.roles import ORGANIZER, SPEAKER

from .. import pages
from ..conftest import close_download
from ..factories import EventFactory, QuestionFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

PENDING, APPROVED, ANSWERING, ANSWERED, REJECTED, MERGED = (
    QuestionStatus.PENDING,
    QuestionStatus.APPROVED,
    QuestionStatus.ANSWERING,
    QuestionStatus.ANSWERED,
    QuestionStatus.REJECTED,
    QuestionStatus.MERGED,
)
T0 = timezone.now() - datetime.timedelta(hours=3)


@pytest.fixture
def forum(db):
    return EventFactory(slug="forum")


def ask(event, text, status=PENDING, votes=0, minutes=0, **fields):
    """A question written straight to the table, sent `minutes` after T0."""
    return QuestionFactory(
        event=event,
        text=text,
        status=status,
        vote_count=votes,
        created_at=T0 + datetime.timedelta(minutes=minutes),
        **fields,
    )


def organizer(client):
    user = UserFactory(roles=[ORGANIZER])
    client.force_login(user)
    return user


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def status_of(question) -> str:
    question.refresh_from_db()
    return question.status


def queue_url(event, **query):
    url = reverse("staff:queue", args=[event.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def moderate(client, question, action, **state):
    url = reverse("staff:moderate", args=[question.pk])
    return client.post(url, {"action": action, **state})


def merge(client, question, into, **state):
    url = reverse("staff:merge", args=[question.pk])
    return client.post(url, {"into": into, **state})


def edit(client, question, text, answer_summary="", query=""):
    url = reverse("staff:edit", args=[question.pk]) + query
    return client.post(url, {"text": text, "answer_summary": answer_summary})


def action_buttons(response, question) -> list[str]:
    html = response.content.decode()
    item = re.search(rf'<li[^>]*id="question-{question.pk}">(.*?)</li>', html, re.DOTALL)
    return re.findall(r'<button type="submit" name="action" value="(\w+)"', item.group(1))


# --- Who may open what --------------------------------------------------------------------

READ_PAGES = ["queue", "presenter", "export_csv", "export_xlsx", "sheet", "edit"]
POST_ONLY = ["moderate", "merge"]


def url_of(name, event, question):
    if name in {"moderate", "merge", "edit"}:
        return reverse(f"staff:{name}", args=[question.pk])
    return reverse(f"staff:{name}", args=[event.slug])


def post_data(name, other):
    return {"action": APPROVED} if name == "moderate" else {"into": other.pk}


def sign_in(client, who):
    users = {
        "staff": lambda: UserFactory(),
        "speaker": lambda: UserFactory(roles=[SPEAKER]),
        "organizer": lambda: UserFactory(roles=[ORGANIZER]),
        "superuser": lambda: UserFactory(is_superuser=True),
    }
    if who != "anonymous":
        client.force_login(users[who]())


def expected_status(who, name, ok):
    if who in {"organizer", "superuser"}:
        return ok
    if who == "speaker" and name == "sheet":
        return ok
    return 403


@pytest.mark.parametrize("who", ["staff", "speaker", "organizer", "superuser"])
@pytest.mark.parametrize("name", READ_PAGES)
def test_each_staff_page_opens_only_for_the_roles_that_need_it(client, forum, who, name):
    question = ask(forum, "Can my family visit?")
    sign_in(client, who)

    response = client.get(url_of(name, forum, question))
    close_download(response)

    assert response.status_code == expected_status(who, name, 200)


@pytest.mark.parametrize("who", ["staff", "speaker", "organizer", "superuser"])
@pytest.mark.parametrize("name", POST_ONLY)
def test_each_staff_action_is_allowed_only_to_moderators(client, forum, who, name):
    question = ask(forum, "Can my family visit?")
    other = ask(forum, "Can my family visit me?", minutes=1)
    sign_in(client, who)

    response = client.post(url_of(name, forum, question), post_data(name, other))

    expected = expected_status(who, name, 303)
    assert response.status_code == expected
    assert (
        status_of(question)
        == {403: PENDING, 303: {"moderate": APPROVED, "merge": MERGED}[name]}[expected]
    )


@pytest.mark.parametrize("name", READ_PAGES + POST_ONLY)
def test_anonymous_visitors_are_sent_to_the_admin_login(client, forum, name):
    question = ask(forum, "Can my family visit?")
    url = url_of(name, forum, question)

    response = client.post(url) if name in POST_ONLY else client.get(url)

    assert response.status_code == 302
    assert response.url == f"/admin/login/?next={url}"


@pytest.mark.parametrize("who", ["anonymous", "organizer"])
@pytest.mark.parametrize("name", POST_ONLY)
def test_actions_refuse_get(client, forum, who, name):
    question = ask(forum, "Can my family visit?")
    sign_in(client, who)

    response = client.get(url_of(name, forum, question))

    assert response.status_code == 405
    assert status_of(question) == PENDING


def test_staff_pages_are_never_cached(client, forum):
    organizer(client)

    response = client.get(queue_url(forum))

    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_an_unknown_event_is_not_found(client, forum):
    organizer(client)

    response = client.get(reverse("staff:queue", args=["no-such-forum"]))

    assert response.status_code == 404


# --- The queue ----------------------------------------------------------------------------


def test_queue_lists_pending_questions_newest_first_by_default(client, forum):
    older = ask(forum, "Older question?", minutes=1)
    newer = ask(forum, "Newer question?", minutes=2)
    ask(forum, "Approved question?", status=APPROVED, votes=9)
    organizer(client)

    response = client.get(queue_url(forum))

    assert response.status_code == 200
    assert [q.pk for q in response.context["page"]] == [newer.pk, older.pk]
    assert pages.text(response, "queue-count") == "2 questions"


def test_queue_lists_other_statuses_most_votes_first_and_filters_by_topic(client, forum):
    housing = TopicFactory(event=forum, name="Housing")
    work = TopicFactory(event=forum, name="Work")
    few = ask(forum, "Few votes?", status=APPROVED, votes=1, topic=housing)
    many = ask(forum, "Many votes?", status=APPROVED, votes=7, topic=housing)
    tie_later = ask(forum, "Tie, later?", status=APPROVED, votes=1, minutes=5, topic=work)
    organizer(client)

    everything = client.get(queue_url(forum, status="approved"))
    housing_only = client.get(queue_url(forum, status="approved", topic=housing.pk))

    assert [q.pk for q in everything.context["page"]] == [many.pk, few.pk, tie_later.pk]
    assert [q.pk for q in housing_only.context["page"]] == [many.pk, few.pk]


def test_queue_ignores_a_filter_that_is_not_valid(client, forum):
    other_topic = TopicFactory()  # another event's topic
    pending = ask(forum, "Pending?")
    organizer(client)

    response = client.get(queue_url(forum, status="bogus", topic=other_topic.pk))

    assert [q.pk for q in response.context["page"]] == [pending.pk]


def test_filter_form_is_a_labelled_get_form_showing_counts(client, forum):
    TopicFactory(event=forum, name="Housing")
    ask(forum, "One?")
    ask(forum, "Two?", minutes=1)
    ask(forum, "Three?", status=APPROVED)
    organizer(client)

    response = client.get(queue_url(forum))
    html = response.content.decode()

    assert '<form method="get" action="/staff/events/forum/questions/"' in html
    assert '<label class="form-label" for="id_status">Status</label>' in html
    assert '<label class="form-label" for="id_topic">Topic</label>' in html
    assert '<option value="pending" selected>Waiting for review (2)</option>' in html
    assert '<option value="approved">Approved (1)</option>' in html
    assert '<option value="rejected">Rejected (0)</option>' in html
    assert pages.text(response, "queue-filters") == (
        "Status Waiting for review (2) Approved (1) Now answering (0) Answered (0) Rejected (0) "
        "Merged into another question (0) Topic All topics Housing Search Show questions"
    )


def test_queue_shows_each_question_with_its_facts(client, forum):
    housing = TopicFactory(event=forum, name="Housing")
    question = ask(
        forum,
        "¿Puedo renovar mi permiso?",
        status=APPROVED,
        votes=3,
        topic=housing,
        language="es",
        merged_count=2,
    )
    organizer(client)

    response = client.get(queue_url(forum, status="approved"))

    when = date_format(timezone.localtime(question.created_at), "SHORT_DATETIME_FORMAT")
    assert pages.text(response, f"question-{question.pk}").startswith(
        f"¿Puedo renovar mi permiso? #{question.pk} · Housing · Español · 3 votes · "
        f"2 similar questions merged in · {when} Reject Now answering Answered Edit wording"
    )
    assert 'lang="es">¿Puedo renovar mi permiso?</p>' in response.content.decode()


def test_queue_flags_personal_details_in_words(client, forum):
    flagged = ask(forum, "Call me at 763-493-8000 or a@example.org", personal_details="phone,email")
    clean = ask(forum, "When is the next forum?", minutes=1)
    organizer(client)

    response = client.get(queue_url(forum))

    assert pages.text(response, f"question-{flagged.pk}").startswith(
        "Call me at 763-493-8000 or a@example.org "
        "Warning: May contain: a phone number, an email address "
    )
    assert "May contain" not in pages.text(response, f"question-{clean.pk}")


def test_queue_says_which_wording_a_moderator_edited_and_shows_no_original(client, forum):
    edited = ask(forum, "Call me, please.", edited_at=T0)
    untouched = ask(forum, "Untouched?", minutes=1)
    organizer(client)

    response = client.get(queue_url(forum))

    assert pages.text(response, f"question-{edited.pk}").startswith(
        "Call me, please. Wording edited by a moderator. #"
    )
    assert "edited" not in pages.text(response, f"question-{untouched.pk}")


@pytest.mark.parametrize(
    ("status", "buttons"),
    [
        (PENDING, ["approved", "rejected"]),
        (APPROVED, ["rejected", "answering", "answered"]),
        (ANSWERING, ["approved", "answered"]),
        (ANSWERED, ["approved", "answering"]),
        (REJECTED, ["approved"]),
    ],
)
def test_queue_offers_only_the_steps_the_rules_allow(client, forum, status, buttons):
    question = ask(forum, "Which steps?", status=status)
    organizer(client)

    response = client.get(queue_url(forum, status=status))

    assert action_buttons(response, question) == buttons


def test_queue_buttons_are_labelled_and_merge_asks_for_a_number(client, forum):
    question = ask(forum, "Pending one?")
    kept = ask(forum, "Approved one?", status=APPROVED, votes=4)
    ask(forum, "Merged away?", status=MERGED, merged_into=kept)
    organizer(client)

    response = client.get(queue_url(forum))

    assert pages.text(response, f"question-{question.pk}").endswith(
        "Approve Reject Edit wording Merge into question number Merge"
    )
    links = pages.links(response, f"question-{question.pk}")
    assert links == [(f"/staff/questions/{question.pk}/edit/?status=pending", "Edit wording")]


@pytest.mark.parametrize(
    ("search", "found"),
    [("police", ["Will the police ask?"]), ("#KEPT", ["Will the police ask?"]), ("", None)],
)
def test_the_queue_search_finds_a_question_by_its_words_or_number(client, forum, search, found):
    kept = ask(forum, "Will the police ask?", status=APPROVED)
    ask(forum, "Is the clinic open?", status=APPROVED)
    organizer(client)

    response = client.get(
        queue_url(forum), {"status": APPROVED, "q": search.replace("KEPT", str(kept.pk))}
    )

    texts = [question.text for question in response.context["page"]]
    assert texts == (found or ["Will the police ask?", "Is the clinic open?"])


@pytest.mark.parametrize("search", ["x" * 101, "a\x07b"])
def test_a_search_the_queue_cannot_use_is_ignored(client, forum, search):
    ask(forum, "Will the police ask?", status=APPROVED)
    organizer(client)

    response = client.get(queue_url(forum), {"status": APPROVED, "q": search})

    assert response.status_code == 200
    assert [question.text for question in response.context["page"]] == ["Will the police ask?"]


def test_queue_links_to_presenter_exports_and_sheet(client, forum):
    organizer(client)

    response = client.get(queue_url(forum))

    export = "/staff/events/forum/questions/export"
    assert pages.links(response, "question-tools") == [
        ("/staff/events/forum/present/", "Presenter screen"),
        ("/staff/events/forum/questions/sheet/", "Printable sheet for the speaker"),
        (f"{export}.csv", "Export questions (CSV)"),
        ("/staff/events/forum/questions/excel/", "Export questions (Excel)"),
        (f"{export}.csv?rejected=1", "Export with rejected questions (CSV)"),
        (
            "/staff/events/forum/questions/excel/?rejected=1",
            "Export with rejected questions (Excel)",
        ),
    ]
    assert pages.text(response, "export-note") == (
        "Exports leave out rejected questions. Export with rejected questions (CSV) · "
        "Export with rejected questions (Excel)"
    )


def test_queue_pages_fifty_questions_at_a_time(client, forum):
    for minute in range(51):
        ask(forum, f"Question {minute}?", minutes=minute)
    organizer(client)

    first = client.get(queue_url(forum))
    second = client.get(queue_url(forum, status="pending", page=2))

    assert len(first.context["page"]) == 50
    assert [q.text for q in second.context["page"]] == ["Question 0?"]
    assert pages.links(second, "main")[-1:] == [("?status=pending&page=1", "Previous page")]


@pytest.mark.parametrize("count", [10, 2000])
def test_queue_needs_the_same_queries_for_ten_questions_or_two_thousand(
    client, forum, django_assert_num_queries, count
):
    topic = TopicFactory(event=forum, name="Housing")
    Question.objects.bulk_create(
        QuestionFactory.build(
            event=forum, topic=topic, status=QuestionStatus.PENDING, text=f"Question {n}?"
        )
        for n in range(count)
    )
    organizer(client)
    client.get(queue_url(forum))  # the session and permission caches are warm from here

    # session, user, sign-in code device, user permissions, group permissions, event, status
    # counts, topics, page count, the page of questions with their topics
    with django_assert_num_queries(10):
        response = client.get(queue_url(forum))

    assert len(response.context["page"]) == min(count, 50)


# --- Moderating from the queue ------------------------------------------------------------


def test_approving_comes_back_to_the_same_list_at_the_next_question(client, forum):
    oldest = ask(forum, "Oldest?", minutes=1)
    middle = ask(forum, "Middle?", minutes=2)
    newest = ask(forum, "Newest?", minutes=3)
    user = organizer(client)

    response = moderate(client, middle, APPROVED, status="pending")

    assert response.status_code == 303
    assert response.url == f"/staff/events/forum/questions/?status=pending#question-{oldest.pk}"
    assert [status_of(q) for q in (oldest, middle, newest)] == [PENDING, APPROVED, PENDING]
    assert messages_of(response) == [f"Question #{middle.pk}: Approved."]
    entry = AuditEntry.objects.get()
    assert (entry.user, entry.action, entry.event, entry.record_count, entry.detail) == (
        user,
        AuditAction.MODERATE,
        forum,
        1,
        f"#{middle.pk} approved",
    )


def test_the_last_question_in_the_list_points_back_to_the_one_before(client, forum):
    oldest = ask(forum, "Oldest?", minutes=1)
    newer = ask(forum, "Newer?", minutes=2)
    organizer(client)

    response = moderate(client, oldest, REJECTED, status="pending")

    assert response.url == f"/staff/events/forum/questions/?status=pending#question-{newer.pk}"
    assert status_of(oldest) == REJECTED


def test_moderating_keeps_the_topic_and_page_of_the_list(client, forum):
    topic = TopicFactory(event=forum, name="Work")
    first = ask(forum, "More votes?", status=APPROVED, votes=5, topic=topic)
    second = ask(forum, "Fewer votes?", status=APPROVED, votes=2, topic=topic)
    organizer(client)

    response = moderate(client, first, ANSWERED, status="approved", topic=topic.pk, page=2)

    assert response.url == (
        f"/staff/events/forum/questions/?status=approved&topic={topic.pk}&page=2"
        f"#question-{second.pk}"
    )
    assert status_of(first) == ANSWERED


def test_the_only_question_in_the_list_leaves_no_anchor(client, forum):
    only = ask(forum, "Alone?")
    organizer(client)

    response = moderate(client, only, APPROVED, status="pending")

    assert response.url == "/staff/events/forum/questions/?status=pending"


def test_now_answering_moves_the_previous_current_question_to_answered(client, forum):
    current = ask(forum, "Being answered?", status=ANSWERING)
    following = ask(forum, "Next one?", status=APPROVED, votes=3)
    organizer(client)

    response = moderate(client, following, ANSWERING, status="approved")

    assert response.status_code == 303
    assert [status_of(current), status_of(following)] == [ANSWERED, ANSWERING]
    assert current.answered_at is not None
    assert Question.objects.filter(event=forum, status=ANSWERING).count() == 1


def test_a_step_the_rules_forbid_is_refused_with_a_message(client, forum):
    question = ask(forum, "Pending?")
    organizer(client)

    response = moderate(client, question, ANSWERING, status="pending")

    assert response.status_code == 303
    assert response.url == f"/staff/events/forum/questions/?status=pending#question-{question.pk}"
    assert messages_of(response) == [
        "A question that is “Waiting for review” cannot become “Now answering”."
    ]
    assert status_of(question) == PENDING
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("action", ["merged", "pending", "", "delete"])
def test_an_action_that_is_not_a_moderation_step_is_refused(client, forum, action):
    question = ask(forum, "Pending?")
    organizer(client)

    response = moderate(client, question, action, status="pending")

    assert response.status_code == 303
    assert messages_of(response) == ["Choose one of the moderation buttons."]
    assert status_of(question) == PENDING


def test_moderating_a_question_that_does_not_exist_is_not_found(client, forum):
    organizer(client)

    response = client.post(reverse("staff:moderate", args=[999_999]), {"action": APPROVED})

    assert response.status_code == 404


# --- Merging from the queue ---------------------------------------------------------------


def test_merging_moves_votes_once_per_voter_and_counts_the_merge(client, forum):
    kept = ask(forum, "Can I travel?", status=APPROVED)
    duplicate = ask(forum, "Is travel safe?", status=APPROVED, minutes=1)
    for voter in ("ana", "bo"):
        question_rules.vote(kept.pk, forum, voter)
    for voter in ("bo", "chi"):
        question_rules.vote(duplicate.pk, forum, voter)
    user = organizer(client)

    response = merge(client, duplicate, kept.pk, status="approved")

    assert response.status_code == 303
    assert response.url == f"/staff/events/forum/questions/?status=approved#question-{kept.pk}"
    kept.refresh_from_db()
    duplicate.refresh_from_db()
    assert (kept.vote_count, kept.merged_count, kept.status) == (3, 1, APPROVED)
    assert (duplicate.status, duplicate.merged_into, duplicate.vote_count) == (MERGED, kept, 0)
    assert Vote.objects.filter(question=kept).count() == 3
    assert Vote.objects.filter(question=duplicate).count() == 0
    assert sorted(Vote.objects.values_list("voter", flat=True)) == sorted(
        question_rules.voter_key(voter) for voter in ("ana", "bo", "chi")
    )
    assert messages_of(response) == [f"Question #{duplicate.pk} was merged into #{kept.pk}."]
    assert AuditEntry.objects.get().detail == f"#{duplicate.pk} into #{kept.pk}"
    assert AuditEntry.objects.get().user == user


def test_merging_into_another_events_question_is_not_found(client, forum):
    question = ask(forum, "Here?")
    elsewhere = ask(EventFactory(), "Elsewhere?")
    organizer(client)

    response = merge(client, question, elsewhere.pk, status="pending")

    assert response.status_code == 404
    assert [status_of(question), status_of(elsewhere)] == [PENDING, PENDING]


def test_merging_into_itself_is_refused_with_a_message(client, forum):
    question = ask(forum, "Myself?")
    organizer(client)

    response = merge(client, question, question.pk, status="pending")

    assert response.status_code == 303
    assert messages_of(response) == ["A question cannot be merged into itself."]
    assert status_of(question) == PENDING


def test_merging_into_a_merged_question_is_refused_with_a_message(client, forum):
    kept = ask(forum, "Kept?", status=APPROVED)
    gone = ask(forum, "Gone?", status=MERGED, merged_into=kept)
    question = ask(forum, "Mine?")
    organizer(client)

    response = merge(client, question, gone.pk, status="pending")

    assert messages_of(response) == ["This question was already merged."]
    assert status_of(question) == PENDING


def test_merging_without_choosing_a_question_asks_for_one(client, forum):
    question = ask(forum, "Which one?")
    organizer(client)

    response = merge(client, question, "", status="pending")

    assert response.status_code == 303
    assert messages_of(response) == ["Choose the question to merge this one into."]
    assert status_of(question) == PENDING


# --- Editing the wording ------------------------------------------------------------------


def test_editing_keeps_the_original_and_clears_the_personal_details_flag(client, forum):
    question = question_rules.ask(
        forum, text="Call me at 763-493-8000 about my work permit.", topic=None, language="en"
    ).question
    assert question.personal_details == "phone"
    organizer(client)

    response = edit(client, question, "  What about my work permit?  ", "Renewals take months.")

    assert response.status_code == 303
    assert response.url == f"/staff/events/forum/questions/?status=pending#question-{question.pk}"
    question.refresh_from_db()
    assert question.text == "What about my work permit?"
    assert question.edited_at is not None
    assert question.personal_details == ""
    assert question.answer_summary == "Renewals take months."
    assert messages_of(response) == [f"Question #{question.pk} was saved."]


def test_editing_in_a_personal_detail_flags_it_again(client, forum):
    question = ask(forum, "Plain question?", status=APPROVED)
    organizer(client)

    edit(client, question, "Write to me at ana@example.org or A123456789")

    question.refresh_from_db()
    assert question.personal_details == "email,case_number"
    assert question.edited_at is not None


def test_edit_page_shows_the_flag_and_the_current_text(client, forum):
    question = ask(forum, "Call me at 763-493-8000", personal_details="phone")
    organizer(client)

    response = client.get(reverse("staff:edit", args=[question.pk]) + "?status=pending")

    assert response.status_code == 200
    assert 'id="edited"' not in response.content.decode()
    assert "Warning: May contain: a phone number" in pages.text(response, "main")
    assert response.context["form"]["text"].value() == "Call me at 763-493-8000"
    back = [link for link in pages.links(response, "main") if link[1] == "Back to the queue"]
    assert back == [
        (
            f"/staff/events/forum/questions/?status=pending#question-{question.pk}",
            "Back to the queue",
        )
    ]


def test_editing_returns_to_the_list_it_came_from(client, forum):
    topic = TopicFactory(event=forum, name="Work")
    question = ask(forum, "Approved?", status=APPROVED, topic=topic)
    organizer(client)

    response = edit(
        client, question, "Approved, edited?", query=f"?status=approved&topic={topic.pk}"
    )

    assert response.url == (
        f"/staff/events/forum/questions/?status=approved&topic={topic.pk}#question-{question.pk}"
    )


@pytest.mark.parametrize(
    ("text", "summary", "errors"),
    [
        ("   ", "", ["Public wording: This field is required."]),
        (
            "Ring \x07 me",
            "",
            ["Public wording: Remove the invisible control characters from this text."],
        ),
        (
            "x" * 1001,
            "",
            ["Public wording: Ensure this value has at most 1000 characters (it has 1001)."],
        ),
        (
            "Fine?",
            "y" * 3001,
            ["Answer summary: Ensure this value has at most 3000 characters (it has 3001)."],
        ),
    ],
)
def test_wording_that_is_not_valid_is_shown_again_with_the_errors(
    client, forum, text, summary, errors
):
    question = ask(forum, "Original?")
    organizer(client)

    response = edit(client, question, text, summary)

    assert response.status_code == 200
    assert pages.title(response).startswith("Error: Edit question")
    assert pages.text(response, "error-summary") == " ".join(["Please fix these problems", *errors])
    question.refresh_from_db()
    assert (question.text, question.answer_summary) == ("Original?", "")


# --- The presenter screen -----------------------------------------------------------------


def presenter(client, event, **query):
    url = reverse("staff:presenter", args=[event.slug])
    return client.get(url, query)


def test_presenter_shows_the_current_question_and_the_next_five_by_votes(client, forum):
    ask(forum, "Being answered now?", status=ANSWERING, votes=2)
    for votes in (1, 8, 3, 5, 0, 9):
        ask(forum, f"Approved with {votes}?", status=APPROVED, votes=votes)
    ask(forum, "Pending with many?", votes=50)
    ask(forum, "Answered with many?", status=ANSWERED, votes=40)
    organizer(client)

    response = presenter(client, forum)

    assert response.status_code == 200
    assert pages.text(response, "presenter-current") == "Being answered now?"
    assert pages.text(response, "presenter-next") == (
        "Approved with 9? (9 votes) Approved with 8? (8 votes) Approved with 5? (5 votes) "
        "Approved with 3? (3 votes) Approved with 1? (1 vote)"
    )
    html = response.content.decode()
    assert '<div id="presenter-live" aria-live="polite">' in html
    assert '<script src="/static/js/presenter.js" defer></script>' in html
    assert ("/staff/events/forum/present/", "Refresh") in pages.links(response, "main")


def test_presenter_shows_no_site_chrome_on_the_projector(client, forum):
    organizer(client)

    presented = presenter(client, forum).content.decode()
    queue = client.get(queue_url(forum)).content.decode()

    chrome = ["<header", 'id="language-select"', "<footer", "skip-link", 'aria-label="Site"']
    assert [piece in presented for piece in chrome] == [False] * len(chrome)
    assert [piece in queue for piece in chrome] == [True] * len(chrome)
    assert '<main id="main"' in presented


def test_presenter_says_so_when_nothing_is_being_answered(client, forum):
    organizer(client)

    response = presenter(client, forum)

    assert pages.text(response, "presenter-current") == "No question is being answered right now."
    assert pages.text(response, "presenter-next") == "No approved questions are waiting."


def test_presenter_fragment_is_only_the_question_area(client, forum):
    ask(forum, "Being answered now?", status=ANSWERING)
    ask(forum, "Up next?", status=APPROVED, votes=1)
    organizer(client)

    response = presenter(client, forum, fragment="1")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(
        '<section class="mb-5" aria-labelledby="presenter-current-title">'
    )
    assert "<html" not in html
    assert "<body" not in html
    assert 'id="presenter-live"' not in html
    assert pages.text(response, "presenter-current") == "Being answered now?"
    assert pages.text(response, "presenter-next") == "Up next? (1 vote)"
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


# --- The speaker's sheet ------------------------------------------------------------------


@pytest.mark.parametrize("who", [SPEAKER, ORGANIZER])
def test_the_sheet_of_a_draft_forum_is_not_found(client, who):
    draft = EventFactory(slug="draft", status=EventStatus.DRAFT)
    ask(draft, "Before it is announced?", status=APPROVED)
    client.force_login(UserFactory(roles=[who]))

    response = client.get(reverse("staff:sheet", args=["draft"]))

    assert response.status_code == 404
    assert "Before it is announced?" not in response.content.decode()


def test_sheet_groups_public_questions_by_topic_in_order_most_wanted_first(client, forum):
    later = TopicFactory(event=forum, name="Work", position=2)
    first = TopicFactory(event=forum, name="Housing", position=1)
    TopicFactory(event=forum, name="Empty topic", position=0)
    ask(forum, "Work, few?", status=APPROVED, votes=1, topic=later)
    ask(forum, "Work, many?", status=ANSWERED, votes=6, topic=later)
    ask(forum, "Housing, now?", status=ANSWERING, votes=2, topic=first)
    ask(forum, "Housing, tie earlier?", status=APPROVED, votes=4, topic=first, minutes=1)
    ask(forum, "Housing, tie later?", status=APPROVED, votes=4, topic=first, minutes=2)
    ask(forum, "No topic?", status=APPROVED, votes=9)
    ask(forum, "Pending?", votes=20, topic=first)
    ask(forum, "Rejected?", status=REJECTED, votes=20, topic=first)
    ask(forum, "Merged?", status=MERGED, topic=first)
    ask(EventFactory(), "Another forum?", status=APPROVED)
    client.force_login(UserFactory(roles=[SPEAKER]))

    response = client.get(reverse("staff:sheet", args=[forum.slug]))

    assert response.status_code == 200
    assert pages.text(response, "sheet-topic-1") == (
        "Housing 1. Housing, tie earlier? 4 votes 2. Housing, tie later? 4 votes "
        "3. Housing, now? 2 votes"
    )
    assert pages.text(response, "sheet-topic-2") == (
        "Work 4. Work, many? 6 votes · Answered 5. Work, few? 1 vote"
    )
    assert pages.text(response, "sheet-topic-3") == "Other questions 6. No topic? 9 votes"
    assert not pages.has_element(response, "sheet-topic-4")
    assert "6 questions, grouped by topic, most wanted first." in pages.text(response, "main")


def test_sheet_links_the_print_stylesheet_and_shows_merges(client, forum):
    ask(forum, "Merged into me?", status=APPROVED, votes=2, merged_count=1)
    organizer(client)

    response = client.get(reverse("staff:sheet", args=[forum.slug]))

    html = response.content.decode()
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in html
    assert pages.text(response, "sheet-topic-1") == (
        "Other questions 1. Merged into me? 2 votes · 1 similar question merged in"
    )


def test_sheet_without_public_questions_says_so(client, forum):
    ask(forum, "Pending?")
    organizer(client)

    response = client.get(reverse("staff:sheet", args=[forum.slug]))

    assert "No questions are approved yet." in pages.text(response, "main")


# --- Strict CSP: nothing inline -----------------------------------------------------------


@pytest.mark.parametrize("name", ["queue", "presenter", "sheet", "edit"])
def test_staff_pages_have_no_inline_script_style_or_handlers(client, forum, name):
    question = ask(forum, "Anything inline?", personal_details="phone", edited_at=T0)
    ask(forum, "Second?", minutes=1)
    organizer(client)

    html = client.get(url_of(name, forum, question)).content.decode()

    assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", html) == []
    assert re.findall(r"\sstyle=", html) == []
    assert re.findall(r"<style", html) == []
    assert re.findall(r"\son[a-z]+=", html) == []
    assert re.findall(r"accesskey=", html) == []


def test_editing_the_wording_is_in_the_audit_log(client, forum):
    question = ask(forum, "Call me at 763-493-8000 about my permit")
    user = organizer(client)

    edit(client, question, "About my permit")

    entry = AuditEntry.objects.get()
    assert (entry.user, entry.action, entry.record_count, entry.detail) == (
        user,
        AuditAction.MODERATE,
        1,
        f"#{question.pk} edited",
    )
