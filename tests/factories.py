import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from events.enums import EventStatus, QuestionStatus, RsvpStatus
from events.models import Event, EventTranslation, Question, Rsvp, Topic, new_rsvp_code


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Community forum {n}")
    slug = factory.Sequence(lambda n: f"community-forum-{n}")
    summary = "A public discussion."
    description = "Residents ask, the speaker answers."
    hosts = "City Council"
    speakers = "Ernest Wiafe"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=2))
    venue_name = "City Hall"
    venue_address = "5200 85th Ave N, Brooklyn Park, MN 55443"
    capacity = 10
    max_party_size = 6
    status = EventStatus.PUBLISHED


class EventTranslationFactory(factory.django.DjangoModelFactory):
    """A forum's texts in Spanish, as staff write them."""

    class Meta:
        model = EventTranslation

    event = factory.SubFactory(EventFactory)
    language = "es"
    title = factory.Sequence(lambda n: f"Foro comunitario {n}")
    summary = "Una conversación pública."
    description = "Los residentes preguntan y el abogado responde."


class RsvpFactory(factory.django.DjangoModelFactory):
    """An RSVP written straight to the table. Tests of the rules use events.rsvps instead."""

    class Meta:
        model = Rsvp

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Resident {n}")
    party_size = 1
    status = RsvpStatus.CONFIRMED
    code = factory.LazyFunction(new_rsvp_code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True  # roles() only adds groups; nothing left to save

    username = factory.Sequence(lambda n: f"staff{n}")
    is_staff = True
    password = factory.django.Password("a-long-test-password")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            self.groups.add(Group.objects.get(name=role))


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Topic {n}")
    position = 0


class QuestionFactory(factory.django.DjangoModelFactory):
    """A question written straight to the table, in any status. Tests of the rules (asking,
    merging, voting) go through events.questions instead."""

    class Meta:
        model = Question

    event = factory.SubFactory(EventFactory)
    text = factory.Sequence(lambda n: f"Question number {n}?")
    language = "en"
    status = QuestionStatus.APPROVED
