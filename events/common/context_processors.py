from django.conf import settings


def site(request):
    return {
        "accessibility_email": settings.ACCESSIBILITY_EMAIL,
        "accessibility_phone": settings.ACCESSIBILITY_PHONE,
        "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
        "site_name": settings.SITE_NAME,
    }
