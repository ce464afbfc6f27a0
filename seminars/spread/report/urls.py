from django.urls import path

from seminars.spread.report import views

urlpatterns = [
    path("", views.report_index, name="spread_report_index"),
    path("<str:year>/", views.report_page, name="spread_report"),
    path("<str:year>.docx", views.report_download_docx, name="spread_report_docx"),
    path("<str:year>.xlsx", views.report_download_xlsx, name="spread_report_xlsx"),
]
