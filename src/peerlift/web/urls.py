from django.urls import path

from peerlift.web import views

urlpatterns = [
    path("", views.school_list, name="schools"),
]
