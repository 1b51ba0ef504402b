from django.urls import path

from . import views

app_name = "signin"

urlpatterns = [
    path("code/", views.enter_code, name="code"),
]
