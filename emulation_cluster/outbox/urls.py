from django.urls import path

from emulation_cluster.outbox import views

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("gui-lai/", views.outbox_resend, name="outbox_resend"),
]
