"""Questions in the admin: moderation through the question rules, and merging."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..enums import PersonalDetail, QuestionStatus
from ..models import Question
from ..questions import rules


class PersonalDetailsFilter(admin.SimpleListFilter):
    title = _("personal details")
    parameter_name = "personal"

    def lookups(self, request, model_admin):
        return [("yes", _("May contain personal details")), ("no", _("None found"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(personal_details="")
        if self.value() == "no":
            return queryset.filter(personal_details="")
        return queryset


class QuestionAdminForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["event", "topic", "text", "language", "answer_summary"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionAdminForm
    list_display = [
        "short_text",
        "event",
        "topic",
        "status",
        "vote_count",
        "merged_count",
        "personal_details_display",
        "created_at",
    ]
    list_filter = ["event", "status", "topic", "language", PersonalDetailsFilter]
    list_select_related = ["event", "topic"]
    search_fields = ["text"]
    readonly_fields = [
        "status",
        "edited_at",
        "personal_details_display",
        "vote_count",
        "merged_count",
        "merged_into",
        "created_at",
        "moderated_at",
        "answered_at",
    ]
    actions = ["approve", "reject", "mark_answered", "merge_into_most_voted"]

    def get_readonly_fields(self, request, obj=None):
        # Questions come from residents; staff moderate them, they never write them.
        return [*self.readonly_fields, "event"] if obj else self.readonly_fields

    def has_add_permission(self, request):
        return False

    def has_moderate_permission(self, request):
        return request.user.has_perm("events.moderate_question")

    @admin.display(description=_("question"))
    def short_text(self, question):
        return question.text if len(question.text) <= 90 else question.text[:89] + "…"

    @admin.display(description=_("personal details"))
    def personal_details_display(self, question):
        labels = [str(PersonalDetail(kind).label) for kind in question.personal_detail_kinds]
        return ", ".join(labels) or "-"

    def save_model(self, request, obj, form, change):
        if "text" in form.changed_data:
            rules.edit_wording(obj, obj.text, by=request.user)
        obj.save()

    def _moderate(self, request, queryset, status):
        done, refused = 0, 0
        for question in queryset:
            try:
                rules.moderate(question, status, by=request.user)
                done += 1
            except rules.BadTransition:
                refused += 1
        report = ngettext(
            "%(count)d question changed to “%(status)s”.",
            "%(count)d questions changed to “%(status)s”.",
            done,
        ) % {"count": done, "status": status.label}
        if refused:
            report += " " + ngettext(
                "%(count)d could not be changed.", "%(count)d could not be changed.", refused
            ) % {"count": refused}
        self.message_user(request, report, messages.SUCCESS if not refused else messages.WARNING)

    @admin.action(description=_("Approve selected questions"), permissions=["moderate"])
    def approve(self, request, queryset):
        self._moderate(request, queryset, QuestionStatus.APPROVED)

    @admin.action(description=_("Reject selected questions"), permissions=["moderate"])
    def reject(self, request, queryset):
        self._moderate(request, queryset, QuestionStatus.REJECTED)

    @admin.action(description=_("Mark selected questions answered"), permissions=["moderate"])
    def mark_answered(self, request, queryset):
        self._moderate(request, queryset, QuestionStatus.ANSWERED)

    @admin.action(
        description=_("Merge selected questions into the one with the most votes"),
        permissions=["moderate"],
    )
    def merge_into_most_voted(self, request, queryset):
        chosen = list(queryset.exclude(status=QuestionStatus.MERGED).most_wanted())
        if len(chosen) < 2 or len({q.event_id for q in chosen}) > 1:
            self.message_user(
                request,
                _("Select two or more questions from the same event to merge."),
                messages.ERROR,
            )
            return
        kept = chosen[0]
        for duplicate in chosen[1:]:
            rules.merge(duplicate, kept, by=request.user)
        self.message_user(
            request,
            ngettext(
                "Merged %(count)d question into “%(kept)s”.",
                "Merged %(count)d questions into “%(kept)s”.",
                len(chosen) - 1,
            )
            % {"count": len(chosen) - 1, "kept": self.short_text(kept)},
            messages.SUCCESS,
        )
