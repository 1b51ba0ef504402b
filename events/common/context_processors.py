from django.conf import settings

from .language_switch import page_address


def site(request):
    return {
        "accessibility_email": settings.ACCESSIBILITY_EMAIL,
        "accessibility_phone": settings.ACCESSIBILITY_PHONE,
        "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
        "site_name": settings.SITE_NAME,
        "page_address": page_address(request),
    }
