from django.urls import path

from emulation_cluster.audit_log import views

urlpatterns = [path("", views.audit_log, name="audit_log")]
