from django.conf import settings


def site(request):
    return {
        "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
        "site_name": settings.SITE_NAME,
    }
